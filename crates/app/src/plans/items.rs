//! Adding, editing and removing the items of a plan (goals, objectives, value propositions,
//! stakeholders, actions, risks, resources). One implementation for all; each kind says which of
//! its references must point inside the plan (an objective) or its account (a contact).

use keyplan_domain::plan::{
    ActionFields, ActionInput, ActionStatus, GoalFields, GoalInput, ObjectiveFields,
    ObjectiveInput, PlanFields, ResourceFields, ResourceInput, RiskFields, RiskInput,
    StakeholderFields, StakeholderInput, ValuePropositionFields, ValuePropositionInput,
};
use keyplan_domain::{Meta, Problem, Record, ValidationErrors};
use keyplan_store::plans::{self, Item};
use keyplan_store::{Connection, Db, StoreError};
use uuid::Uuid;

use crate::records::contact_of_account;
use crate::{now, AppError, Result};

/// A kind of item kept in a plan.
pub trait PlanItem: Item {
    type Input;
    /// What the CLI and the IPC call it: objective, action …
    const KIND: &'static str;
    fn validate(input: &Self::Input, plan_id: Uuid) -> Result<Self::Fields, ValidationErrors>;
    fn plan_id(f: &Self::Fields) -> Uuid;
    /// References that must stay inside the plan or its account.
    fn check(_c: &Connection, _plan: &Record<PlanFields>, _f: &Self::Fields) -> Result<()> {
        Ok(())
    }
    /// Last touches a use case makes (an action marked done gets today's date).
    fn complete(_f: &mut Self::Fields, _today: chrono::NaiveDate) {}
}

/// Fails with `field` unless `objective` is a live objective of `plan`.
fn objective_of_plan(c: &Connection, field: &str, plan: Uuid, objective: Uuid) -> Result<()> {
    match plans::get::<plans::Objectives>(c, objective) {
        Ok(o) if o.fields.plan_id == plan => Ok(()),
        Ok(_) => Err(AppError::field(field, Problem::OtherAccount)),
        Err(StoreError::NotFound(_)) => Err(AppError::field(field, Problem::NotFound)),
        Err(e) => Err(e.into()),
    }
}

fn contact(c: &Connection, field: &str, plan: &Record<PlanFields>, id: Option<Uuid>) -> Result<()> {
    match id {
        Some(id) => contact_of_account(c, field, plan.fields.account_id, id),
        None => Ok(()),
    }
}

fn objective(
    c: &Connection,
    field: &str,
    plan: &Record<PlanFields>,
    id: Option<Uuid>,
) -> Result<()> {
    match id {
        Some(id) => objective_of_plan(c, field, plan.id(), id),
        None => Ok(()),
    }
}

macro_rules! plan_item {
    ($table:ty, $input:ty, $fields:ty, $kind:tt) => {
        impl PlanItem for $table {
            type Input = $input;
            const KIND: &'static str = $kind;
            fn validate(input: &$input, plan_id: Uuid) -> Result<$fields, ValidationErrors> {
                input.validate(plan_id)
            }
            fn plan_id(f: &$fields) -> Uuid {
                f.plan_id
            }
            plan_item!(@extra $kind);
        }
    };
    (@extra "goal") => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &GoalFields) -> Result<()> {
            contact(c, "source_contact_id", plan, f.source_contact_id)
        }
    };
    (@extra "value") => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &ValuePropositionFields) -> Result<()> {
            objective(c, "objective_id", plan, f.objective_id)
        }
    };
    (@extra "stakeholder") => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &StakeholderFields) -> Result<()> {
            contact(c, "contact_id", plan, Some(f.contact_id))
        }
    };
    (@extra "action") => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &ActionFields) -> Result<()> {
            objective(c, "objective_id", plan, f.objective_id)?;
            contact(c, "contact_id", plan, f.contact_id)
        }
        fn complete(f: &mut ActionFields, today: chrono::NaiveDate) {
            if f.status == ActionStatus::Done && f.done_on.is_none() {
                f.done_on = Some(today);
            }
        }
    };
    (@extra $other:tt) => {};
}

plan_item!(plans::Goals, GoalInput, GoalFields, "goal");
plan_item!(plans::Objectives, ObjectiveInput, ObjectiveFields, "objective");
plan_item!(plans::ValuePropositions, ValuePropositionInput, ValuePropositionFields, "value");
plan_item!(plans::Stakeholders, StakeholderInput, StakeholderFields, "stakeholder");
plan_item!(plans::Actions, ActionInput, ActionFields, "action");
plan_item!(plans::Risks, RiskInput, RiskFields, "risk");
plan_item!(plans::Resources, ResourceInput, ResourceFields, "resource");

/// A write refused by a unique index: the only one on plan items is one stakeholder entry per
/// contact and plan.
fn duplicate(e: AppError) -> AppError {
    match e {
        AppError::Store(s) if s.is_unique_violation() => {
            AppError::field("contact_id", Problem::Duplicate)
        }
        other => other,
    }
}

/// Adds an item to a live plan.
pub fn add<K: PlanItem>(
    db: &mut Db,
    plan_id: Uuid,
    input: &K::Input,
    today: chrono::NaiveDate,
) -> Result<Record<K::Fields>> {
    let mut fields = K::validate(input, plan_id)?;
    K::complete(&mut fields, today);
    db.write(|c| {
        let plan = plans::get::<plans::Plans>(c, plan_id)?;
        K::check(c, &plan, &fields)?;
        let record = Record { meta: Meta::new(now()), fields };
        plans::insert::<K>(c, &record).map_err(|e| duplicate(e.into()))?;
        Ok(record)
    })
}

/// Replaces an item's fields; the plan it belongs to never changes.
pub fn update<K: PlanItem>(
    db: &mut Db,
    id: Uuid,
    input: &K::Input,
    today: chrono::NaiveDate,
) -> Result<Record<K::Fields>> {
    db.write(|c| {
        let existing = plans::get::<K>(c, id)?;
        let plan = plans::get::<plans::Plans>(c, K::plan_id(&existing.fields))?;
        let mut fields = K::validate(input, plan.id())?;
        K::complete(&mut fields, today);
        K::check(c, &plan, &fields)?;
        plans::update::<K>(c, id, &fields, now()).map_err(|e| duplicate(e.into()))?;
        Ok(plans::get::<K>(c, id)?)
    })
}

/// Removes (tombstones) an item.
pub fn remove<K: PlanItem>(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| Ok(plans::soft_delete::<K>(c, id, now())?))
}

/// Which kind of item `id` is (goal, objective …, or plan), for the command line's
/// `plans update ID` and `plans remove ID`.
pub fn kind_of(db: &Db, id: Uuid) -> Result<&'static str> {
    let c = db.conn();
    fn has<K: Item>(c: &Connection, id: Uuid) -> Result<bool> {
        match plans::get::<K>(c, id) {
            Ok(_) => Ok(true),
            Err(StoreError::NotFound(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    type Probe = fn(&Connection, Uuid) -> Result<bool>;
    let kinds: [(&'static str, Probe); 9] = [
        ("plan", has::<plans::Plans>),
        (plans::Goals::KIND, has::<plans::Goals>),
        (plans::Objectives::KIND, has::<plans::Objectives>),
        (plans::ValuePropositions::KIND, has::<plans::ValuePropositions>),
        (plans::Stakeholders::KIND, has::<plans::Stakeholders>),
        (plans::Actions::KIND, has::<plans::Actions>),
        (plans::Risks::KIND, has::<plans::Risks>),
        (plans::Resources::KIND, has::<plans::Resources>),
        ("review", has::<plans::Reviews>),
    ];
    for (kind, found) in kinds {
        if found(c, id)? {
            return Ok(kind);
        }
    }
    Err(AppError::NotFound(format!("no plan or plan item has the id {id}")))
}
