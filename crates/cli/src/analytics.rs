//! `keyplan analyze` and `keyplan kpis`: the portfolio analytics, for scripts (JSON) and people
//! (a table). Both only read: history and alerts are kept by the app, which analyses as of today.

use crate::output::write_out;
use chrono::NaiveDate;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use keyplan_app::analytics::{Analysis, KpiGroup};
use keyplan_app::domain::analytics::{
    AccountAnalysis, IndicatorResult, Metrics, RiskLevel, TierMetric, TierReason,
};
use keyplan_app::domain::validate::Choice;
use keyplan_app::{AppError, Session};
use serde::Serialize;
use uuid::Uuid;

/// Money with two decimals for the table (minor units → major).
fn money(minor: i64) -> String {
    keyplan_app::domain::Money(minor).to_string()
}

/// Scores are shown and exported with two decimals, so output is the same run after run and
/// machine after machine.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Serialize)]
struct RfmJson {
    r: u8,
    f: u8,
    m: u8,
    segment: &'static str,
}

#[derive(Serialize)]
struct RiskJson<'a> {
    score: f64,
    level: RiskLevel,
    indicators: &'a [IndicatorResult],
}

#[derive(Serialize)]
struct AccountJson<'a> {
    id: Uuid,
    name: &'a str,
    tier: &'static str,
    tier_computed: &'static str,
    tier_rank: usize,
    tier_reason: String,
    quadrant: &'static str,
    current_value: f64,
    potential_value: Option<f64>,
    value_score: Option<f64>,
    rfm: RfmJson,
    stage: &'static str,
    stage_suggested: &'static str,
    risk: RiskJson<'a>,
    metrics: &'a Metrics,
}

fn metric_name(m: TierMetric) -> &'static str {
    match m {
        TierMetric::Revenue => "rev12",
        TierMetric::Profit => "profit12",
        TierMetric::Value => "value score",
    }
}

/// "A: cumulative rev12 share before it 62.40% < 80.00%", or why there is no share.
pub fn tier_reason(r: &AccountAnalysis, metric: TierMetric) -> String {
    let overridden = matches!(r.tier.reason, TierReason::Override { .. });
    if metric == TierMetric::Value && r.scorecard.value_score.is_none() && !overridden {
        return format!("{}: no value score (potential not rated)", r.tier.tier);
    }
    r.tier.reason.describe(r.tier.tier, metric_name(metric))
}

fn account_json(r: &AccountAnalysis, metric: TierMetric) -> AccountJson<'_> {
    AccountJson {
        id: r.id,
        name: &r.name,
        tier: r.tier.tier.name(),
        tier_computed: r.tier.computed.name(),
        tier_rank: r.tier.rank,
        tier_reason: tier_reason(r, metric),
        quadrant: r.scorecard.quadrant.name(),
        current_value: round2(r.scorecard.current_value),
        potential_value: r.scorecard.potential_value.map(round2),
        value_score: r.scorecard.value_score.map(round2),
        rfm: RfmJson { r: r.rfm.r, f: r.rfm.f, m: r.rfm.m, segment: r.rfm.segment.name() },
        stage: r.stage.stage.name(),
        stage_suggested: r.stage.suggested.name(),
        risk: RiskJson {
            score: round2(r.risk.score),
            level: r.risk.level,
            indicators: &r.risk.indicators,
        },
        metrics: &r.metrics,
    }
}

/// Accounts in ranking order (rank 1 first), which is stable for a fixed as-of date.
fn ranked(a: &Analysis) -> Vec<&AccountAnalysis> {
    let mut v: Vec<&AccountAnalysis> = a.results.iter().collect();
    v.sort_by_key(|r| r.tier.rank);
    v
}

pub fn run_analyze(
    session: &Session,
    as_of: Option<NaiveDate>,
    metric: Option<TierMetric>,
    json: bool,
) -> Result<(), AppError> {
    let a = session.analyze(as_of, metric)?;
    let as_of = a.as_of;
    let metric = a.settings.metric;
    let rows = ranked(&a);
    if json {
        let items: Vec<AccountJson<'_>> = rows.iter().map(|r| account_json(r, metric)).collect();
        return write_out(|w| {
            serde_json::to_writer_pretty(&mut *w, &items).map_err(std::io::Error::from)?;
            writeln!(w)
        });
    }
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(["#", "Name", "Tier", "Quadrant", "Value", "RFM", "Stage", "Risk", "Rev12"]);
    for r in &rows {
        t.add_row([
            r.tier.rank.to_string(),
            r.name.clone(),
            r.tier.tier.to_string(),
            r.scorecard.quadrant.to_string(),
            r.scorecard.value_score.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into()),
            format!("{}{}{} {}", r.rfm.r, r.rfm.f, r.rfm.m, r.rfm.segment),
            r.stage.stage.to_string(),
            format!("{:.0} {}", r.risk.score, r.risk.level),
            money(r.metrics.rev12),
        ]);
    }
    let k = a.key_accounts;
    write_out(|w| {
        writeln!(w, "{t}")?;
        writeln!(w, "{} accounts as of {as_of}, tiered by {}", rows.len(), metric_name(metric))?;
        if k.outside {
            writeln!(
                w,
                "note: {} A accounts; the rule of thumb is {} to {}",
                k.a_count, k.min, k.max
            )?;
        }
        Ok(())
    })
}

/// The KPIs' period runs from --from up to --as-of: the first must come before the second.
pub fn check_period(from: NaiveDate, end: NaiveDate) -> Result<(), AppError> {
    if from >= end {
        return Err(AppError::Usage(format!(
            "--from {from} is not before --as-of {end}: the KPIs cover the days from --from up to \
             --as-of (default: today)"
        )));
    }
    Ok(())
}

pub fn run_kpis(
    session: &Session,
    as_of: Option<NaiveDate>,
    from: Option<NaiveDate>,
    json: bool,
) -> Result<(), AppError> {
    if let Some(from) = from {
        check_period(from, as_of.unwrap_or_else(|| session.today()))?;
    }
    let groups = session.kpis_as_of(as_of, from)?;
    if json {
        return write_out(|w| {
            serde_json::to_writer_pretty(&mut *w, &groups).map_err(std::io::Error::from)?;
            writeln!(w)
        });
    }
    let pct =
        |v: Option<f64>| v.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_else(|| "—".into());
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header([
        "Group",
        "Accounts",
        "Retention",
        "Churn",
        "NPS",
        "CLV",
        "Revenue",
        "Referral",
        "Resolution d",
        "Plan cov.",
        "Cadence",
    ]);
    for g in &groups {
        let k = &g.kpis;
        t.add_row([
            label(g),
            k.accounts.to_string(),
            pct(k.retention_rate),
            pct(k.churn_rate),
            k.nps.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into()),
            k.clv.map(money).unwrap_or_else(|| "—".into()),
            money(k.revenue),
            pct(k.referral_rate),
            k.avg_resolution_days.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into()),
            pct(k.plan_coverage),
            pct(k.cadence_compliance),
        ]);
    }
    let first = groups.first().map(|g| (g.from, g.to));
    write_out(|w| {
        writeln!(w, "{t}")?;
        if let Some((from, to)) = first {
            writeln!(w, "period: after {from} up to {to}")?;
        }
        Ok(())
    })
}

fn label(g: &KpiGroup) -> String {
    match g.group {
        "portfolio" => g.name.clone(),
        kind => format!("{kind}: {}", g.name),
    }
}
