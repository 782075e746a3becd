//! Plans as the key-account manager reads them, computed as of a date: one plan with every
//! section, each objective's progress and verdict, the stakeholder map with its gaps, the
//! account's pipeline, overdue actions and the plan's health; the Plans page; the Actions page.

use chrono::NaiveDate;
use keyplan_domain::analytics::Tier;
use keyplan_domain::plan::{
    gaps, health, track, Action, Goal, Health, HealthInput, Measured, Objective, Person,
    PlanFields, PlanStatus, Resource, Review, Risk, Section, Stakeholder, Track, ValueProposition,
};
use keyplan_domain::{Contact, Opportunity, Record};
use keyplan_store::plans::{
    self, Actions, Goals, Objectives, Plans, Resources, Reviews, Risks, Stakeholders,
    ValuePropositions,
};
use keyplan_store::{Connection, Db};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use super::measured;
use crate::analytics::Analysis;
use crate::Result;
use keyplan_domain::plan::period;
use keyplan_domain::plan::view::is_overdue;
pub use keyplan_domain::plan::view::{
    ActionView, GoalView, ObjectiveView, Pipeline, PlanView, StakeholderView,
};

/// Everything of one plan, as of `as_of` (today in the app).
pub fn plan_view(db: &Db, id: Uuid, a: &Analysis) -> Result<PlanView> {
    let c = db.conn();
    let plan = plans::get::<Plans>(c, id)?;
    let parts = Parts::of_one(c, &plan)?;
    build(c, plan, parts, a)
}

/// A plan counts the account's opportunities linked to it and those linked to no plan (most
/// accounts have one live plan); one linked to another plan (last year's, say) is that plan's.
fn in_plan(o: &Opportunity, plan: Uuid) -> bool {
    o.fields.plan_id.is_none_or(|p| p == plan)
}

/// What a plan's view is made of, read once per plan or once for all plans.
#[derive(Default)]
struct Parts {
    goals: Vec<Goal>,
    objectives: Vec<Objective>,
    values: Vec<ValueProposition>,
    entries: Vec<Stakeholder>,
    actions: Vec<Action>,
    risks: Vec<Risk>,
    resources: Vec<Resource>,
    reviews: Vec<Review>,
    contacts: Vec<Contact>,
    opportunities: Vec<Opportunity>,
}

impl Parts {
    fn of_one(c: &Connection, plan: &Record<PlanFields>) -> Result<Parts> {
        let id = plan.id();
        Ok(Parts {
            goals: plans::list_for_plan::<Goals>(c, id)?,
            objectives: plans::list_for_plan::<Objectives>(c, id)?,
            values: plans::list_for_plan::<ValuePropositions>(c, id)?,
            entries: plans::list_for_plan::<Stakeholders>(c, id)?,
            actions: plans::list_for_plan::<Actions>(c, id)?,
            risks: plans::list_for_plan::<Risks>(c, id)?,
            resources: plans::list_for_plan::<Resources>(c, id)?,
            reviews: plans::list_for_plan::<Reviews>(c, id)?,
            contacts: keyplan_store::contacts::list_for_account(c, plan.fields.account_id)?,
            opportunities: keyplan_store::opportunities::list_for_account(
                c,
                plan.fields.account_id,
            )?
            .into_iter()
            .filter(|o| in_plan(o, id))
            .collect(),
        })
    }

    /// Every live plan's parts, one query per table (the Plans page at hundreds of plans).
    fn of_all(c: &Connection, all: &[Record<PlanFields>]) -> Result<HashMap<Uuid, Parts>> {
        let mut out: HashMap<Uuid, Parts> =
            all.iter().map(|p| (p.id(), Parts::default())).collect();
        macro_rules! spread {
            ($table:ty, $slot:ident) => {
                for r in plans::list_live::<$table>(c)? {
                    if let Some(p) = out.get_mut(&r.fields.plan_id) {
                        p.$slot.push(r);
                    }
                }
            };
        }
        spread!(Goals, goals);
        spread!(Objectives, objectives);
        spread!(ValuePropositions, values);
        spread!(Stakeholders, entries);
        spread!(Actions, actions);
        spread!(Risks, risks);
        spread!(Resources, resources);
        spread!(Reviews, reviews);
        let mut by_account: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for p in all {
            by_account.entry(p.fields.account_id).or_default().push(p.id());
        }
        for contact in keyplan_store::contacts::list_for_planned_accounts(c)? {
            for plan in by_account.get(&contact.fields.account_id).into_iter().flatten() {
                if let Some(p) = out.get_mut(plan) {
                    p.contacts.push(contact.clone());
                }
            }
        }
        for o in keyplan_store::opportunities::list_for_planned_accounts(c)? {
            for plan in by_account.get(&o.fields.account_id).into_iter().flatten() {
                if let (Some(p), true) = (out.get_mut(plan), in_plan(&o, *plan)) {
                    p.opportunities.push(o.clone());
                }
            }
        }
        Ok(out)
    }
}

fn build(c: &Connection, plan: Record<PlanFields>, parts: Parts, a: &Analysis) -> Result<PlanView> {
    let as_of = a.as_of;
    let f = &plan.fields;
    let account_name = match a.get(f.account_id) {
        Some((loaded, _)) => loaded.snapshot.name.clone(),
        None => keyplan_store::accounts::get(c, f.account_id)?.fields.name,
    };
    let tier = a.get(f.account_id).map(|(_, r)| r.tier.tier);
    let cadence = a.settings.risk.cadence(tier.unwrap_or(Tier::C));
    let Parts {
        goals,
        objectives: stored,
        values: value_propositions,
        entries,
        actions,
        risks,
        resources,
        reviews,
        contacts,
        opportunities,
    } = parts;

    let goals: Vec<GoalView> = goals
        .into_iter()
        .map(|g| GoalView { stale: g.fields.stale(g.meta.created_at.date_naive(), as_of), goal: g })
        .collect();
    let mut objectives = Vec::new();
    for o in stored {
        let value = match &o.fields.measure {
            Some(m) => measured(c, f, m, as_of)?,
            None => o.fields.current,
        };
        let m = Measured {
            start: f.start_date,
            due: o.fields.due_date.unwrap_or(f.end_date),
            baseline: o.fields.baseline,
            target: o.fields.target,
            current: value,
        };
        objectives.push(ObjectiveView { progress: track(&m, as_of), value, objective: o });
    }
    let stakeholders: Vec<StakeholderView> = contacts
        .into_iter()
        .map(|contact| {
            let entry = entries.iter().find(|e| e.fields.contact_id == contact.id()).cloned();
            StakeholderView { contact, entry }
        })
        .collect();
    let people: Vec<Person<'_>> = stakeholders
        .iter()
        .map(|s| Person {
            id: s.contact.id(),
            name: &s.contact.fields.name,
            role: s.contact.fields.role,
            attitude: s.contact.fields.attitude,
            influence: s.contact.fields.influence,
            last_contacted: s.contact.fields.last_contacted,
            owner: s.entry.as_ref().and_then(|e| e.fields.owner.as_deref()),
        })
        .collect();
    let gaps = gaps(&people, cadence, as_of);
    let pipeline = Pipeline::of(&opportunities);
    let actions: Vec<ActionView> = actions.into_iter().map(|a| ActionView::of(a, as_of)).collect();
    let mut risks = risks;
    risks.sort_by_key(|r| std::cmp::Reverse(r.fields.exposure()));
    let mut reviews = reviews;
    reviews.sort_by(|x, y| y.fields.date.cmp(&x.fields.date).then(y.id().cmp(&x.id())));

    let sections = f.template.sections();
    let filled = sections
        .iter()
        .filter(|s| match s {
            Section::Goals => !goals.is_empty(),
            Section::Objectives => !objectives.is_empty(),
            Section::ValuePropositions => !value_propositions.is_empty(),
            Section::Stakeholders => !entries.is_empty(),
            Section::Opportunities => pipeline.open > 0,
            Section::Actions => !actions.is_empty(),
            Section::Risks => !risks.is_empty(),
            Section::Resources => !resources.is_empty(),
        })
        .count();
    let open_actions = actions.iter().filter(|a| a.action.fields.status.is_open()).count();
    let health = health(
        &HealthInput {
            sections_expected: u32::try_from(sections.len()).unwrap_or(0),
            sections_filled: u32::try_from(filled).unwrap_or(0),
            objectives: objectives.iter().map(|o| o.progress.track).collect::<Vec<Track>>(),
            open_actions: u32::try_from(open_actions).unwrap_or(0),
            overdue_actions: u32::try_from(actions.iter().filter(|a| a.overdue).count())
                .unwrap_or(0),
            next_review: f.next_review,
            stakeholder_gaps: u32::try_from(gaps.len()).unwrap_or(0),
        },
        as_of,
    );
    Ok(PlanView {
        as_of,
        name: f.title.clone(),
        account_name,
        tier,
        health,
        goals,
        objectives,
        value_propositions,
        stakeholders,
        gaps,
        opportunities,
        pipeline,
        actions,
        risks,
        resources,
        reviews,
        moves: f.status.next(),
        next_period: period::next(&f.period, f.start_date, f.end_date),
        plan,
    })
}

/// A line of the Plans page.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: Uuid,
    pub name: String,
    pub account_id: Uuid,
    pub account_name: String,
    pub tier: Option<Tier>,
    pub period: String,
    pub status: PlanStatus,
    pub health: Health,
    pub next_review: Option<NaiveDate>,
    pub review_overdue: bool,
    pub overdue_actions: u32,
}

/// Every live plan (of one account, or all), plans due for review first (overdue, then by
/// date), then the least healthy.
pub fn plan_rows(db: &Db, account: Option<Uuid>, a: &Analysis) -> Result<Vec<PlanRow>> {
    let c = db.conn();
    let all = match account {
        Some(id) => plans::list_for_account(c, id)?,
        None => plans::list_all(c)?,
    };
    let mut parts = Parts::of_all(c, &all)?;
    let mut rows = Vec::with_capacity(all.len());
    for p in all {
        let own = parts.remove(&p.id()).unwrap_or_default();
        let v = build(c, p, own, a)?;
        let f = &v.plan.fields;
        let live = f.status != PlanStatus::Closed;
        rows.push(PlanRow {
            id: v.plan.id(),
            name: v.name.clone(),
            account_id: f.account_id,
            account_name: v.account_name.clone(),
            tier: v.tier,
            period: f.period.clone(),
            status: f.status,
            next_review: f.next_review,
            review_overdue: live && f.next_review.is_some_and(|d| d < a.as_of),
            overdue_actions: u32::try_from(v.actions.iter().filter(|x| x.overdue).count())
                .unwrap_or(0),
            health: v.health,
        });
    }
    rows.sort_by(|x, y| {
        let closed = |r: &PlanRow| r.status == PlanStatus::Closed;
        closed(x)
            .cmp(&closed(y))
            .then(y.review_overdue.cmp(&x.review_overdue))
            .then(x.next_review.is_none().cmp(&y.next_review.is_none()))
            .then(x.next_review.cmp(&y.next_review))
            .then(x.health.score.cmp(&y.health.score))
            .then_with(|| x.account_name.cmp(&y.account_name))
    });
    Ok(rows)
}

/// A line of the Actions page.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    #[serde(flatten)]
    pub action: Action,
    /// The action's title again, as every listing's `name` (the JSON contract's).
    pub name: String,
    pub plan_title: String,
    pub account_id: Uuid,
    pub account_name: String,
    pub overdue: bool,
    /// Due within the next seven days (today included).
    pub due_this_week: bool,
}

/// Every open action of every plan that is not closed: overdue first, then by due date, undated
/// last. `due_before` keeps those due on or before a day; `overdue_only` only the late ones.
pub fn action_rows(
    db: &Db,
    as_of: NaiveDate,
    due_before: Option<NaiveDate>,
    overdue_only: bool,
) -> Result<Vec<ActionRow>> {
    let c = db.conn();
    let mut plan_cache: HashMap<Uuid, (String, Uuid, String, bool)> = HashMap::new();
    let mut out = Vec::new();
    for a in plans::open_actions(c)? {
        let pid = a.fields.plan_id;
        let (title, account_id, account_name, closed) = match plan_cache.entry(pid) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let p = plans::get::<Plans>(c, pid)?;
                let account = keyplan_store::accounts::get(c, p.fields.account_id)?;
                e.insert((
                    p.fields.title,
                    p.fields.account_id,
                    account.fields.name,
                    p.fields.status == PlanStatus::Closed,
                ))
            }
        };
        if *closed {
            continue;
        }
        let late = is_overdue(&a.fields, as_of);
        if overdue_only && !late {
            continue;
        }
        if due_before.is_some_and(|d| a.fields.due_date.is_none_or(|due| due > d)) {
            continue;
        }
        let week = a.fields.due_date.is_some_and(|d| d >= as_of && (d - as_of).num_days() < 7);
        out.push(ActionRow {
            name: a.fields.title.clone(),
            plan_title: title.clone(),
            account_id: *account_id,
            account_name: account_name.clone(),
            overdue: late,
            due_this_week: week,
            action: a,
        });
    }
    // The store gives them by due date; overdue ones lead.
    out.sort_by_key(|r| !r.overdue);
    Ok(out)
}
