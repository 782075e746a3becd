//! Keeping what changed: after the app analyses the portfolio as of today, tiers and stages that
//! moved since last seen are appended to their history, and alerts are raised or closed. Only
//! the changes are written — at steady state, nothing.

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::analytics::{IndicatorResult, RiskLevel};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Problem, ValidationErrors};
use keyplan_store::alerts::{self, Alert};
use keyplan_store::labels::{self, Kind, NewChange};
use keyplan_store::{Connection, Db};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use super::Analysis;
use crate::{now, AppError, Result};

fn level_rank(l: RiskLevel) -> u8 {
    match l {
        RiskLevel::Low => 0,
        RiskLevel::Medium => 1,
        RiskLevel::High => 2,
    }
}

fn fired(indicators: &[IndicatorResult]) -> Vec<&'static str> {
    indicators.iter().filter(|i| i.fired).map(|i| i.indicator.name()).collect()
}

/// Appends history rows for every account whose tier or stage differs from the last recorded.
fn record_changes(c: &Connection, a: &Analysis, now: DateTime<Utc>) -> Result<(usize, usize)> {
    let mut counts = (0, 0);
    for kind in [Kind::Tier, Kind::Stage] {
        let latest = labels::latest(c, kind)?;
        let changes: Vec<NewChange<'_>> = a
            .results
            .iter()
            .filter_map(|r| {
                let to = match kind {
                    Kind::Tier => r.tier.tier.name(),
                    Kind::Stage => r.stage.stage.name(),
                };
                let from = latest.get(&r.id).map(String::as_str);
                (from != Some(to)).then_some(NewChange {
                    account_id: r.id,
                    from,
                    to,
                    cause: "recompute",
                    reason: None,
                })
            })
            .collect();
        labels::append(c, kind, a.as_of, now, &changes)?;
        match kind {
            Kind::Tier => counts.0 = changes.len(),
            Kind::Stage => counts.1 = changes.len(),
        }
    }
    Ok(counts)
}

/// Raises an alert for each account at or above the alert level without one; raises a new one
/// (so an acknowledged alert comes back) when the level rises or a new indicator fires; closes
/// the alerts of accounts back below the level, or gone.
fn update_alerts(c: &Connection, a: &Analysis) -> Result<()> {
    let open: HashMap<Uuid, Alert> =
        alerts::open(c)?.into_iter().map(|al| (al.account_id, al)).collect();
    let threshold = level_rank(a.settings.alert_level);
    for r in &a.results {
        let now_firing = fired(&r.risk.indicators);
        let alarming = level_rank(r.risk.level) >= threshold;
        match (open.get(&r.id), alarming) {
            (None, true) => {
                alerts::raise(c, r.id, a.as_of, r.risk.level, r.risk.score, &now_firing)?;
            }
            (Some(al), true) => {
                let worse = level_rank(r.risk.level) > level_rank(al.level)
                    || now_firing.iter().any(|f| !al.indicators.iter().any(|x| x == f));
                if worse {
                    alerts::close(c, al.id, a.as_of)?;
                    alerts::raise(c, r.id, a.as_of, r.risk.level, r.risk.score, &now_firing)?;
                }
            }
            (Some(al), false) => alerts::close(c, al.id, a.as_of)?,
            (None, false) => {}
        }
    }
    for al in open.values().filter(|al| a.get(al.account_id).is_none()) {
        alerts::close(c, al.id, a.as_of)?;
    }
    Ok(())
}

/// What a refresh wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Refreshed {
    pub tier_changes: usize,
    pub stage_changes: usize,
}

/// Records the changes the analysis shows, in one transaction. The app calls this with today's
/// analysis after every edit; a past as-of date never writes history.
pub fn refresh(db: &mut Db, a: &Analysis) -> Result<Refreshed> {
    let now = now();
    db.write(|c| {
        let (tier_changes, stage_changes) = record_changes(c, a, now)?;
        update_alerts(c, a)?;
        Ok(Refreshed { tier_changes, stage_changes })
    })
}

/// An open alert with the account's current risk and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertView {
    #[serde(flatten)]
    pub alert: Alert,
    pub account_name: String,
    pub current_score: f64,
    pub current_level: RiskLevel,
    pub indicators_now: Vec<IndicatorResult>,
    /// Acknowledged, or snoozed past `as_of`: left out of the active list.
    pub hidden: bool,
}

/// Open alerts, newest first (then highest score, then name); hidden ones only when asked.
pub fn alert_list(db: &Db, a: &Analysis, include_hidden: bool) -> Result<Vec<AlertView>> {
    let mut out: Vec<AlertView> = alerts::open(db.conn())?
        .into_iter()
        .filter_map(|al| {
            let (account, r) = a.get(al.account_id)?;
            let hidden =
                al.acknowledged_at.is_some() || al.snoozed_until.is_some_and(|d| d > a.as_of);
            Some(AlertView {
                account_name: account.snapshot.name.clone(),
                current_score: r.risk.score,
                current_level: r.risk.level,
                indicators_now: r.risk.indicators.clone(),
                hidden,
                alert: al,
            })
        })
        .filter(|v| include_hidden || !v.hidden)
        .collect();
    out.sort_by(|x, y| {
        y.alert
            .raised_on
            .cmp(&x.alert.raised_on)
            .then(y.current_score.total_cmp(&x.current_score))
            .then_with(|| x.account_name.cmp(&y.account_name))
    });
    Ok(out)
}

pub fn acknowledge_alert(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| Ok(alerts::acknowledge(c, id, now())?))
}

/// Snoozes until a date after today; None wakes it now.
pub fn snooze_alert(
    db: &mut Db,
    id: Uuid,
    until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<()> {
    if until.is_some_and(|d| d <= today) {
        return Err(AppError::Invalid(ValidationErrors::single(
            "snoozed_until",
            Problem::BeforeDate { other: "tomorrow" },
        )));
    }
    db.write(|c| Ok(alerts::snooze(c, id, until)?))
}
