//! What the user decides about an account's labels: a manual tier or stage (each with a required
//! reason), confirming the suggested stage, marking the account lost — each kept in history —
//! and the account page's view of all of it.

use keyplan_domain::analytics::{playbook, AccountAnalysis, Stage, Tier, TierStrategy};
use keyplan_domain::validate::{Checker, Choice};
use keyplan_store::labels::{self, Change, Kind, NewChange, Overrides};
use keyplan_store::{accounts, alerts, Db};
use serde::Serialize;
use uuid::Uuid;

use super::Analysis;
use crate::{now, AppError, Result};

fn reason_text(reason: Option<&str>) -> Result<String> {
    let mut c = Checker::new();
    let r = c.required_text("reason", reason.unwrap_or_default());
    Ok(c.finish(r)?)
}

fn computed(a: &Analysis, id: Uuid) -> Result<&AccountAnalysis> {
    a.get(id).map(|(_, r)| r).ok_or_else(|| AppError::not_found("account", id))
}

/// What setting a tier and a stage by hand share: the decision replaces the stored one, and the
/// change (`from` → `to`, the reason when set) goes into that label's history, in one write.
struct Manual<'a> {
    kind: Kind,
    from: &'static str,
    to: &'static str,
    /// The reason, when setting; None when clearing.
    reason: Option<String>,
    apply: &'a dyn Fn(&mut Overrides, Option<String>),
}

fn set_manual(db: &mut Db, account_id: Uuid, m: &Manual<'_>, a: &Analysis) -> Result<()> {
    db.write(|c| {
        let mut o = labels::get(c, account_id)?;
        (m.apply)(&mut o, m.reason.clone());
        labels::set(c, account_id, &o, now())?;
        let change = NewChange {
            account_id,
            from: Some(m.from),
            to: m.to,
            cause: if m.reason.is_some() { "override" } else { "override_cleared" },
            reason: m.reason.as_deref(),
        };
        labels::append(c, m.kind, a.as_of, now(), &[change])?;
        Ok(())
    })
}

/// Sets (Some) or clears (None) the manual tier. Setting requires a reason.
pub fn set_tier_override(
    db: &mut Db,
    account_id: Uuid,
    tier: Option<Tier>,
    reason: Option<&str>,
    a: &Analysis,
) -> Result<()> {
    let current = computed(a, account_id)?;
    let manual = Manual {
        kind: Kind::Tier,
        from: current.tier.tier.name(),
        to: tier.unwrap_or(current.tier.computed).name(),
        reason: tier.map(|_| reason_text(reason)).transpose()?,
        apply: &|o, why| o.tier = tier.zip(why),
    };
    set_manual(db, account_id, &manual, a)
}

/// Sets (Some) or clears (None) the manual stage; win-back is only ever set this way.
pub fn set_stage_override(
    db: &mut Db,
    account_id: Uuid,
    stage: Option<Stage>,
    reason: Option<&str>,
    a: &Analysis,
) -> Result<()> {
    let current = computed(a, account_id)?;
    let manual = Manual {
        kind: Kind::Stage,
        from: current.stage.stage.name(),
        to: stage.unwrap_or(current.stage.suggested).name(),
        reason: stage.map(|_| reason_text(reason)).transpose()?,
        apply: &|o, why| o.stage = stage.zip(why),
    };
    set_manual(db, account_id, &manual, a)
}

/// The user agrees with the suggested stage: kept in the stage history.
pub fn confirm_stage(db: &mut Db, account_id: Uuid, a: &Analysis) -> Result<()> {
    let stage = computed(a, account_id)?.stage.stage.name();
    db.write(|c| {
        let change = NewChange {
            account_id,
            from: Some(stage),
            to: stage,
            cause: "confirmed",
            reason: None,
        };
        Ok(labels::append(c, Kind::Stage, a.as_of, now(), &[change])?)
    })
}

/// Marks the account lost (its stage becomes churned unless set by hand), or not.
pub fn set_marked_lost(db: &mut Db, account_id: Uuid, lost: bool) -> Result<()> {
    db.write(|c| {
        accounts::get(c, account_id)?;
        let mut o = labels::get(c, account_id)?;
        o.marked_lost = lost;
        Ok(labels::set(c, account_id, &o, now())?)
    })
}

/// Everything the account page shows about the account's labels and why.
#[derive(Debug, Clone, Serialize)]
pub struct AccountInsights {
    pub as_of: chrono::NaiveDate,
    pub analysis: AccountAnalysis,
    pub overrides: Overrides,
    pub strategy: TierStrategy,
    pub tier_history: Vec<Change>,
    pub stage_history: Vec<Change>,
    /// i18n keys of the stage's recommended actions.
    pub playbook: Vec<&'static str>,
    pub open_alert: Option<alerts::Alert>,
    pub accounts_in_portfolio: usize,
}

pub fn account_insights(db: &Db, account_id: Uuid, a: &Analysis) -> Result<AccountInsights> {
    let r = computed(a, account_id)?.clone();
    let c = db.conn();
    Ok(AccountInsights {
        as_of: a.as_of,
        strategy: a.settings.strategy(r.tier.tier),
        playbook: playbook(r.stage.stage).to_vec(),
        overrides: labels::get(c, account_id)?,
        tier_history: labels::history(c, Kind::Tier, account_id)?,
        stage_history: labels::history(c, Kind::Stage, account_id)?,
        open_alert: alerts::open(c)?.into_iter().find(|al| al.account_id == account_id),
        accounts_in_portfolio: a.results.len(),
        analysis: r,
    })
}
