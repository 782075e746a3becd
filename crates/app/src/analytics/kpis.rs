//! KPIs 绩效指标 for the portfolio, each tier, each owner and each saved segment, over a period
//! ending on the analysis date.

use chrono::NaiveDate;
use keyplan_domain::analytics::{kpis, AccountAnalysis, Kpis, Period, PeriodFacts, Tier};
use keyplan_domain::validate::Choice;
use keyplan_domain::Problem;
use keyplan_store::{segments, Db};
use serde::Serialize;

use super::Analysis;
use crate::{AppError, Result};

/// One group's KPIs. `id` is stable for scripts: "portfolio", "tier:A", "owner:NAME",
/// "segment:UUID".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiGroup {
    pub id: String,
    pub name: String,
    /// portfolio | tier | owner | segment
    pub group: &'static str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// KPIs over a period when none is chosen, as the product defines "the last 12 months".
pub(crate) const KPI_DAYS_DEFAULT: u32 = 365;

/// Each account's facts over [from, analysis date), with whether it has a live plan today (plan
/// coverage counts it even when nothing else happened in the period).
pub(crate) fn period_facts(
    db: &Db,
    a: &Analysis,
    from: NaiveDate,
) -> Result<std::collections::HashMap<uuid::Uuid, PeriodFacts>> {
    let mut facts = keyplan_store::analytics::period_facts(db.conn(), from, a.as_of)?;
    for loaded in a.accounts.iter().filter(|l| l.snapshot.live_plan.is_some()) {
        facts.entry(loaded.snapshot.id).or_default().has_active_plan = true;
    }
    Ok(facts)
}

/// KPIs per group over [from, analysis date); `from` defaults to [`KPI_DAYS_DEFAULT`] days before.
pub fn kpi_groups(db: &Db, a: &Analysis, from: Option<NaiveDate>) -> Result<Vec<KpiGroup>> {
    let from = from.unwrap_or(a.as_of - chrono::Duration::days(KPI_DAYS_DEFAULT.into()));
    if from >= a.as_of {
        return Err(AppError::field("from", Problem::LessThan { other: "as_of" }));
    }
    let period = Period { start: from, end: a.as_of };
    let facts = period_facts(db, a, from)?;
    let empty = PeriodFacts::default();
    let subjects = a.subjects();
    let rows: Vec<(&AccountAnalysis, &PeriodFacts)> =
        a.results.iter().map(|r| (r, facts.get(&r.id).unwrap_or(&empty))).collect();
    let cap = a.settings.clv_cap_years;
    let group = |id: String, name: String, kind: &'static str, keep: &dyn Fn(usize) -> bool| {
        let subset: Vec<_> =
            rows.iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, r)| *r).collect();
        KpiGroup { id, name, group: kind, from, to: a.as_of, kpis: kpis(&subset, period, cap) }
    };
    let mut out = vec![group("portfolio".into(), "Portfolio".into(), "portfolio", &|_| true)];
    for tier in Tier::ALL {
        out.push(group(format!("tier:{tier}"), tier.to_string(), "tier", &|i| {
            a.results[i].tier.tier == *tier
        }));
    }
    let mut owners: Vec<&str> = a.accounts.iter().filter_map(|x| x.owner.as_deref()).collect();
    owners.sort_unstable();
    owners.dedup();
    for owner in owners {
        out.push(group(format!("owner:{owner}"), owner.to_string(), "owner", &|i| {
            a.accounts[i].owner.as_deref() == Some(owner)
        }));
    }
    for seg in segments::list(db.conn())? {
        out.push(group(format!("segment:{}", seg.id), seg.name.clone(), "segment", &|i| {
            seg.rule.matches(&subjects[i])
        }));
    }
    Ok(out)
}
