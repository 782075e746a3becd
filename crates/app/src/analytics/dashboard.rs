//! The Portfolio dashboard: tier distribution and the Pareto curve, the value quadrant scatter,
//! lifecycle counts, the alerts list, KPI tiles and the strategy breaches — for the whole
//! portfolio or one saved segment.

use chrono::Duration;
use keyplan_domain::analytics::{
    kpis, share_bp, AccountAnalysis, GroupCell, KeyAccountCheck, Kpis, Period, PeriodFacts,
    Quadrant, Segment, Stage, Tier,
};
use keyplan_domain::validate::{Choice, Problem};
use keyplan_store::Db;
use serde::Serialize;
use uuid::Uuid;

use super::kpis::KPI_DAYS_DEFAULT;
use super::refresh::{alert_list, AlertView};
use super::{segments, Analysis, LabelCount};
use crate::{AppError, Result};

/// The longest KPI period offered (ten years).
const KPI_DAYS_MAX: u32 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierSlice {
    pub tier: Tier,
    pub count: u32,
    pub rev12: i64,
    pub share_bp: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScatterPoint {
    pub id: Uuid,
    pub name: String,
    pub cv: f64,
    pub pv: f64,
    pub quadrant: Quadrant,
    pub tier: Tier,
}

/// The Pareto curve, thinned to at most this many points (enough for any chart width).
const PARETO_POINTS: usize = 400;

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub as_of: chrono::NaiveDate,
    pub segment: Option<Segment>,
    pub accounts: u32,
    pub rev12: i64,
    pub key_accounts: KeyAccountCheck,
    pub tiers: Vec<TierSlice>,
    /// (accounts so far, cumulative share in basis points), in ranking order, from (0, 0).
    pub pareto: Vec<(u32, u32)>,
    pub scatter: Vec<ScatterPoint>,
    pub unrated: u32,
    pub stages: Vec<LabelCount>,
    pub alerts: Vec<AlertView>,
    pub hidden_alerts: u32,
    /// The KPIs cover [kpi_from, as_of).
    pub kpi_from: chrono::NaiveDate,
    pub kpis: Kpis,
    pub contact_overdue: u32,
    /// Accounts (A or B) without the plan their tier asks for, and of them the A accounts: the
    /// plan-coverage KPI counts A accounts only.
    pub plan_missing: u32,
    pub plan_missing_a: u32,
    pub industry_by_tier: Vec<GroupCell>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The dashboard for all accounts or `segment`'s, with KPIs over the `kpi_days` before the
/// analysis date (default [`KPI_DAYS_DEFAULT`]).
pub fn dashboard(
    db: &Db,
    a: &Analysis,
    segment: Option<Uuid>,
    kpi_days: Option<u32>,
) -> Result<Dashboard> {
    let kpi_days = kpi_days.unwrap_or(KPI_DAYS_DEFAULT);
    if !(1..=KPI_DAYS_MAX).contains(&kpi_days) {
        let (min, max) = (1, i64::from(KPI_DAYS_MAX));
        return Err(AppError::field("kpi_days", Problem::OutOfRange { min, max }));
    }
    let segment = segment.map(|id| segments::get(db, id)).transpose()?;
    let subjects = a.subjects();
    let keep: Vec<bool> =
        subjects.iter().map(|s| segment.as_ref().is_none_or(|g| g.rule.matches(s))).collect();
    let members: Vec<&AccountAnalysis> =
        a.results.iter().zip(&keep).filter(|(_, k)| **k).map(|(r, _)| r).collect();
    let total: i128 = members.iter().map(|r| i128::from(r.metrics.rev12.max(0))).sum();
    let share = |x: i64| share_bp(i128::from(x), total);

    let tiers = Tier::ALL
        .iter()
        .map(|t| {
            let of: Vec<_> = members.iter().filter(|r| r.tier.tier == *t).collect();
            let rev12 = of.iter().map(|r| r.metrics.rev12).sum();
            TierSlice { tier: *t, count: count(of.len()), rev12, share_bp: share(rev12) }
        })
        .collect();

    // Cumulative rev12 share down the ranking (the tier metric's ranking, overrides aside).
    let mut ranked = members.clone();
    ranked.sort_by_key(|r| r.tier.rank);
    let step = ranked.len().div_ceil(PARETO_POINTS).max(1);
    let mut pareto = vec![(0, 0)];
    let mut running = 0i64;
    for (i, r) in ranked.iter().enumerate() {
        running += r.metrics.rev12.max(0);
        if (i + 1) % step == 0 || i + 1 == ranked.len() {
            pareto.push((count(i + 1), share(running)));
        }
    }

    let scatter = members
        .iter()
        .filter_map(|r| {
            Some(ScatterPoint {
                id: r.id,
                name: r.name.clone(),
                cv: r.scorecard.current_value,
                pv: r.scorecard.potential_value?,
                quadrant: r.scorecard.quadrant,
                tier: r.tier.tier,
            })
        })
        .collect::<Vec<_>>();
    let stages = Stage::ALL
        .iter()
        .map(|s| LabelCount {
            label: s.name().to_string(),
            count: count(members.iter().filter(|r| r.stage.stage == *s).count()),
        })
        .collect();

    let member_ids: std::collections::HashSet<Uuid> = members.iter().map(|r| r.id).collect();
    let all_alerts: Vec<AlertView> = alert_list(db, a, true)?
        .into_iter()
        .filter(|al| segment.is_none() || member_ids.contains(&al.alert.account_id))
        .collect();
    let hidden_alerts = count(all_alerts.iter().filter(|al| al.hidden).count());
    let alerts = all_alerts.into_iter().filter(|al| !al.hidden).collect();

    let from = a.as_of - Duration::days(i64::from(kpi_days));
    let facts = super::kpis::period_facts(db, a, from)?;
    let empty = PeriodFacts::default();
    let rows: Vec<_> = members.iter().map(|r| (*r, facts.get(&r.id).unwrap_or(&empty))).collect();
    let kpis = kpis(&rows, Period { start: from, end: a.as_of }, a.settings.clv_cap_years);

    let member_subjects: Vec<_> =
        subjects.iter().zip(&keep).filter(|(_, k)| **k).map(|(s, _)| *s).collect();
    Ok(Dashboard {
        as_of: a.as_of,
        accounts: count(members.len()),
        rev12: members.iter().map(|r| r.metrics.rev12).sum(),
        key_accounts: a.key_accounts,
        tiers,
        pareto,
        unrated: count(members.len() - scatter.len()),
        scatter,
        stages,
        alerts,
        hidden_alerts,
        kpi_from: from,
        kpis,
        contact_overdue: count(
            members.iter().filter(|r| r.compliance.contact_overdue_days.is_some()).count(),
        ),
        plan_missing: count(members.iter().filter(|r| r.compliance.plan_missing).count()),
        plan_missing_a: count(
            members.iter().filter(|r| r.compliance.plan_missing && r.tier.tier == Tier::A).count(),
        ),
        industry_by_tier: keyplan_domain::analytics::cross_tab(
            &member_subjects,
            keyplan_domain::analytics::GroupBy::Industry,
            Some(keyplan_domain::analytics::GroupBy::Tier),
        ),
        segment,
    })
}
