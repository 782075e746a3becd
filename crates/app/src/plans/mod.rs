//! Account plans as use cases: make one (from a template in the user's language, or rolled
//! forward from last period's), change it (status moves checked, measured baselines frozen when
//! it goes active), delete it, and keep its items; the views (a plan with everything computed,
//! the Plans page, the Actions page) are in [`view`].

pub mod export;
pub mod items;
pub mod view;

use chrono::{Duration, Months, NaiveDate};
use keyplan_domain::analytics::PlanLevel;
use keyplan_domain::plan::{
    check_move, overlaps, prefill, roll_forward, ActionFields, ActionStatus, GoalFields, GoalKind,
    Measure, MeasureKind, ObjectiveFields, ObjectiveStatus, PlanFields, PlanInput, PlanStatus,
    Prefill, Template,
};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Meta, Problem, Record};
use keyplan_formats::{Catalogue, Language};
use keyplan_store::measures::{self, Span};
use keyplan_store::plans;
use keyplan_store::{Connection, Db};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::analytics::Analysis;
use crate::{now, AppError, Result};

pub use items::PlanItem;
/// The kinds of plan record, as the store names its tables.
pub use keyplan_store::plans::{
    Actions, Goals, Objectives, Plans, Resources, Reviews, Risks, Stakeholders, ValuePropositions,
};

/// What the new-plan dialog and `keyplan plans new` send.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewPlan {
    pub input: PlanInput,
    /// auto (by tier), full, light or blank; ignored when rolling forward (the last plan's).
    pub template: Option<String>,
    /// The plan of the last period to carry open objectives, actions and stakeholders from.
    pub roll_forward: Option<Uuid>,
}

fn money_major(minor: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // a target, not a ledger: cents beyond 2^53 do not matter
    let v = minor as f64 / 100.0;
    v
}

/// The value a measured objective reads now: over the plan's period up to `as_of`, in the
/// objective's unit (money in major units).
pub(crate) fn measured(
    c: &Connection,
    plan: &PlanFields,
    m: &Measure,
    as_of: NaiveDate,
) -> Result<Option<f64>> {
    let span = Span {
        account_id: plan.account_id,
        from: plan.start_date,
        to: as_of.min(plan.end_date),
        product_line: m.product_line.as_deref(),
        interaction_kind: m.interaction_kind,
    };
    let value = measures::measure(c, m.kind, &span)?;
    #[allow(clippy::cast_precision_loss)] // counts and NPS are small
    Ok(value.map(|v| if m.kind.is_money() { money_major(v) } else { v as f64 }))
}

/// The tier's plan level and review habit for `account_id` in today's analysis.
fn strategy(
    a: &Analysis,
    account_id: Uuid,
) -> Result<(PlanLevel, bool, keyplan_domain::analytics::Stage)> {
    let (_, r) = a.get(account_id).ok_or_else(|| AppError::not_found("account", account_id))?;
    let tier = r.tier.tier;
    let s = a.settings.strategy(tier);
    Ok((s.plan, s.quarterly_review, r.stage.stage))
}

/// Refuses a period that shares a day with another live plan of the account, unless the user
/// said both may stand (`allow_overlap`).
fn check_overlap(c: &Connection, id: Option<Uuid>, f: &PlanFields) -> Result<()> {
    if f.allow_overlap {
        return Ok(());
    }
    for other in plans::list_for_account(c, f.account_id)? {
        if Some(other.id()) == id || other.fields.allow_overlap {
            continue;
        }
        if overlaps((f.start_date, f.end_date), (other.fields.start_date, other.fields.end_date)) {
            let problem = Problem::Overlaps { period: other.fields.period.clone() };
            return Err(AppError::field("start_date", problem));
        }
    }
    Ok(())
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(d)
}

/// Makes a plan for `account_id`: validated, no overlap, and prefilled from the template (or
/// rolled forward), in one transaction. Returns the new plan.
pub fn create_plan(
    db: &mut Db,
    account_id: Uuid,
    req: &NewPlan,
    a: &Analysis,
    language: Language,
) -> Result<Record<PlanFields>> {
    let (level, quarterly, stage) = strategy(a, account_id)?;
    let previous = match req.roll_forward {
        Some(id) => {
            let p = plans::get::<Plans>(db.conn(), id)?;
            if p.fields.account_id != account_id {
                return Err(AppError::field("roll_forward", Problem::OtherAccount));
            }
            Some(p)
        }
        None => None,
    };
    let chosen = match (&previous, req.template.as_deref()) {
        (Some(p), _) => p.fields.template,
        (None, None) => Template::Auto,
        (None, Some(t)) => Template::parse(t).ok_or_else(|| {
            AppError::field(
                "template",
                Problem::InvalidChoice { allowed: Template::NAMES.to_vec() },
            )
        })?,
    };
    let fill = prefill(chosen, level, stage, quarterly);
    let mut input = req.input.clone();
    input.template = Some(fill.template.name().to_string());
    if input.cadence.is_none() {
        input.cadence =
            Some(previous.as_ref().map_or(fill.cadence, |p| p.fields.cadence).name().to_string());
    }
    input.previous_plan_id = previous.as_ref().map(Record::id);
    let catalogue = Catalogue::get(language);
    if input.team.is_empty() && previous.is_none() {
        input.team = fill
            .team_roles
            .iter()
            // The role as its code: each reader sees it in their own language.
            .map(|role| keyplan_domain::plan::TeamMember {
                name: String::new(),
                role: role.name().to_string(),
            })
            .collect();
    } else if input.team.is_empty() {
        input.team = previous.as_ref().map(|p| p.fields.team.clone()).unwrap_or_default();
    }
    let mut fields = input.validate(account_id)?;
    check_move(PlanStatus::Draft, fields.status, fields.outcome.as_deref())
        .map_err(|(field, problem)| AppError::field(field, problem))?;
    if fields.next_review.is_none() {
        // The first review date one cadence after the start that is not already past.
        let mut next = add_months(fields.start_date, fields.cadence.months());
        while next < a.as_of && next < fields.end_date {
            next = add_months(next, fields.cadence.months());
        }
        // The period's last day at the latest: the closing review.
        fields.next_review = Some(next.min(fields.end_date));
    }
    let today = a.as_of;
    db.write(|c| {
        keyplan_store::accounts::get(c, account_id)?;
        check_overlap(c, None, &fields)?;
        let plan = Record { meta: Meta::new(now()), fields: fields.clone() };
        plans::insert::<Plans>(c, &plan)?;
        match &previous {
            Some(p) => carry_forward(c, p.id(), &plan)?,
            None => fill_from_template(c, &plan, &fill, catalogue, a, today)?,
        }
        Ok(plan)
    })
}

/// The template's starting items: goal prompts, objectives measured from Keyplan's data with
/// targets from the account's last year, and the stage's playbook as dated actions.
fn fill_from_template(
    c: &Connection,
    plan: &Record<PlanFields>,
    fill: &Prefill,
    catalogue: &Catalogue,
    a: &Analysis,
    today: NaiveDate,
) -> Result<()> {
    let f = &plan.fields;
    let stamp = || Meta::new(now());
    for key in fill.goals {
        let kind = if key.ends_with("challenge") { GoalKind::Challenge } else { GoalKind::Goal };
        let goal = GoalFields {
            plan_id: plan.id(),
            kind,
            text: catalogue.text(key).to_string(),
            source_contact_id: None,
            source_date: None,
            confirmed: false,
            share_with_customer: false,
        };
        plans::insert::<Goals>(c, &Record { meta: stamp(), fields: goal })?;
    }
    let metrics = a.get(f.account_id).map(|(_, r)| r.metrics.clone());
    for key in fill.objectives {
        let (measure, baseline, target, unit) = if key.ends_with("nps") {
            let latest = metrics.as_ref().and_then(|m| m.latest_nps).map_or(0.0, f64::from);
            (MeasureKind::Nps, latest, (latest + 1.0).clamp(9.0, 10.0), None)
        } else {
            // Revenue over the period, from nothing to last year's plus a tenth.
            let last_year = metrics.as_ref().map_or(0, |m| m.rev12.max(0));
            (
                MeasureKind::Revenue,
                0.0,
                (money_major(last_year) * 1.1).round().max(1.0),
                None::<&str>,
            )
        };
        if baseline == target {
            continue;
        }
        let objective = ObjectiveFields {
            plan_id: plan.id(),
            title: catalogue.text(key).to_string(),
            metric: None,
            unit: unit.map(str::to_string),
            baseline,
            target,
            current: None,
            due_date: Some(f.end_date),
            status: ObjectiveStatus::Open,
            measure: Some(Measure { kind: measure, product_line: None, interaction_kind: None }),
            share_with_customer: false,
        };
        plans::insert::<Objectives>(c, &Record { meta: stamp(), fields: objective })?;
    }
    let start = f.start_date.max(today);
    for (i, key) in fill.actions.iter().enumerate() {
        let days = 30 * (i64::try_from(i).unwrap_or(0) + 1);
        let action = ActionFields {
            plan_id: plan.id(),
            title: catalogue.text(key).to_string(),
            owner: f.owner.clone(),
            due_date: Some((start + Duration::days(days)).min(f.end_date)),
            status: ActionStatus::Open,
            objective_id: None,
            contact_id: None,
            done_on: None,
            share_with_customer: false,
        };
        plans::insert::<Actions>(c, &Record { meta: stamp(), fields: action })?;
    }
    Ok(())
}

/// Copies what is still open in `from` into `to`, with new ids; actions keep their link to an
/// objective that came along.
fn carry_forward(c: &Connection, from: Uuid, to: &Record<PlanFields>) -> Result<()> {
    fn fields<F: Clone>(v: &[Record<F>]) -> Vec<F> {
        v.iter().map(|r| r.fields.clone()).collect()
    }
    let objectives = plans::list_for_plan::<Objectives>(c, from)?;
    let actions = plans::list_for_plan::<Actions>(c, from)?;
    let stakeholders = plans::list_for_plan::<Stakeholders>(c, from)?;
    let carried = roll_forward(&fields(&objectives), &fields(&actions), &fields(&stakeholders));
    let mut new_ids: HashMap<Uuid, Uuid> = HashMap::new();
    for o in carried.objectives {
        // Which stored objective this is: the one with its title still open.
        let old = objectives
            .iter()
            .find(|r| r.fields.title == o.title && r.fields.status == ObjectiveStatus::Open);
        let record = Record {
            meta: Meta::new(now()),
            fields: ObjectiveFields { plan_id: to.id(), due_date: Some(to.fields.end_date), ..o },
        };
        if let Some(old) = old {
            new_ids.insert(old.id(), record.id());
        }
        plans::insert::<Objectives>(c, &record)?;
    }
    for a in carried.actions {
        let objective_id = a.objective_id.and_then(|id| new_ids.get(&id).copied());
        let fields = ActionFields { plan_id: to.id(), objective_id, ..a };
        plans::insert::<Actions>(c, &Record { meta: Meta::new(now()), fields })?;
    }
    for s in carried.stakeholders {
        let fields = keyplan_domain::plan::StakeholderFields { plan_id: to.id(), ..s };
        plans::insert::<Stakeholders>(c, &Record { meta: Meta::new(now()), fields })?;
    }
    Ok(())
}

/// Changes a plan's fields. A status change follows the life cycle (closing needs an outcome);
/// the period may not come to overlap another plan; going active freezes each measured
/// objective's baseline at today's value.
pub fn update_plan(
    db: &mut Db,
    id: Uuid,
    input: &PlanInput,
    today: NaiveDate,
) -> Result<Record<PlanFields>> {
    db.write(|c| {
        let existing = plans::get::<Plans>(c, id)?;
        let mut input = input.clone();
        // The template and the plan it came from are how it was made, not something to edit.
        input.template = Some(existing.fields.template.name().to_string());
        input.previous_plan_id = existing.fields.previous_plan_id;
        let fields = input.validate(existing.fields.account_id)?;
        check_move(existing.fields.status, fields.status, fields.outcome.as_deref())
            .map_err(|(field, problem)| AppError::field(field, problem))?;
        check_overlap(c, Some(id), &fields)?;
        plans::update::<Plans>(c, id, &fields, now())?;
        if existing.fields.status == PlanStatus::Draft && fields.status == PlanStatus::Active {
            for o in plans::list_for_plan::<Objectives>(c, id)? {
                if let Some(m) = &o.fields.measure {
                    if let Some(v) = measured(c, &fields, m, today)? {
                        if v != o.fields.target {
                            let frozen = ObjectiveFields { baseline: v, ..o.fields.clone() };
                            plans::update::<Objectives>(c, o.id(), &frozen, now())?;
                        }
                    }
                }
            }
        }
        Ok(plans::get::<Plans>(c, id)?)
    })
}

/// Deletes (tombstones) a plan with every item in it.
pub fn delete_plan(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| Ok(plans::soft_delete_plan(c, id, now())?))
}

/// Holds a review: its notes and rating, with a snapshot of every objective's progress, every
/// mapped stakeholder's attitude, influence and strength, and the plan's health as they are now.
/// The plan's next review becomes one cadence after the review's date.
pub fn hold_review(
    db: &mut Db,
    plan_id: Uuid,
    input: &keyplan_domain::plan::ReviewInput,
    a: &Analysis,
) -> Result<keyplan_domain::plan::Review> {
    use keyplan_domain::plan::review::{ObjectiveSnapshot, StakeholderSnapshot};
    let v = view::plan_view(db, plan_id, a)?;
    let snapshot = keyplan_domain::plan::Snapshot {
        objectives: v
            .objectives
            .iter()
            .map(|o| ObjectiveSnapshot {
                objective_id: o.objective.id(),
                title: o.objective.fields.title.clone(),
                current: o.value,
                progress: o.progress.progress,
                track: o.progress.track,
            })
            .collect(),
        stakeholders: v
            .stakeholders
            .iter()
            .filter(|s| s.entry.is_some())
            .map(|s| StakeholderSnapshot {
                contact_id: s.contact.id(),
                name: s.contact.fields.name.clone(),
                attitude: s.contact.fields.attitude,
                influence: s.contact.fields.influence,
                strength: s.contact.fields.relationship_strength,
            })
            .collect(),
        health: Some(v.health.score),
    };
    let fields = input.validate(plan_id, snapshot)?;
    db.write(|c| {
        let plan = plans::get::<Plans>(c, plan_id)?;
        let review = Record { meta: Meta::new(now()), fields };
        plans::insert::<Reviews>(c, &review)?;
        let next = add_months(review.fields.date, plan.fields.cadence.months());
        let moved = PlanFields { next_review: Some(next), ..plan.fields.clone() };
        plans::update::<Plans>(c, plan_id, &moved, now())?;
        Ok(review)
    })
}

/// What moved between two reviews of one plan (the earlier first, whichever order asked).
pub fn compare_reviews(db: &Db, a: Uuid, b: Uuid) -> Result<keyplan_domain::plan::Comparison> {
    let c = db.conn();
    let x = plans::get::<Reviews>(c, a)?;
    let y = plans::get::<Reviews>(c, b)?;
    if x.fields.plan_id != y.fields.plan_id {
        return Err(AppError::field("review", Problem::OtherAccount));
    }
    let (earlier, later) =
        if (x.fields.date, x.id()) <= (y.fields.date, y.id()) { (x, y) } else { (y, x) };
    Ok(keyplan_domain::plan::compare(&earlier.fields, &later.fields))
}
