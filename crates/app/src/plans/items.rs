//! Adding, editing and removing the items of a plan (goals, objectives, value propositions,
//! stakeholders, actions, risks, resources). One implementation for all; each kind says which of
//! its references must point inside the plan (an objective) or its account (a contact).

use keyplan_domain::plan::{
    ActionFields, ActionInput, ActionPatch, ActionStatus, GoalFields, GoalInput, GoalPatch,
    ObjectiveFields, ObjectiveInput, ObjectivePatch, PlanFields, PlanItemPatch, ResourceFields,
    ResourceInput, ResourcePatch, RiskFields, RiskInput, RiskPatch, StakeholderFields,
    StakeholderInput, StakeholderPatch, ValuePropositionFields, ValuePropositionInput,
    ValuePropositionPatch,
};
use keyplan_domain::sync::schema;
use keyplan_domain::validate::Choice;
use keyplan_domain::{Meta, PlanItemKind, Problem, Record, RecordKind, ValidationErrors};
use keyplan_store::plans::{self, Item};
use keyplan_store::sync as ss;
use keyplan_store::{Connection, Db, StoreError};
use uuid::Uuid;

use crate::records::contact_of_account;
use crate::{now, AppError, Result};

/// A kind of item kept in a plan.
pub trait PlanItem: Item {
    type Input;
    /// A change to some of its fields (the command line's `plans update`, marking done).
    type Patch: PlanItemPatch<Fields = Self::Fields>;
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
        Err(StoreError::NotFound { .. }) => Err(AppError::field(field, Problem::NotFound)),
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

/// What the command line and the window call an item of kind `K`: objective, action …
pub fn item_name<K: Item>() -> &'static str {
    K::KIND.plan_item().map_or(K::KIND.name(), Choice::name)
}

macro_rules! plan_item {
    ($table:ty, $input:ty, $patch:ty, $fields:ty, $kind:tt) => {
        impl PlanItem for $table {
            type Input = $input;
            type Patch = $patch;
            fn validate(input: &$input, plan_id: Uuid) -> Result<$fields, ValidationErrors> {
                input.validate(plan_id)
            }
            fn plan_id(f: &$fields) -> Uuid {
                f.plan_id
            }
            plan_item!(@extra $kind);
        }
    };
    (@extra goal) => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &GoalFields) -> Result<()> {
            contact(c, "source_contact_id", plan, f.source_contact_id)
        }
    };
    (@extra value_proposition) => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &ValuePropositionFields) -> Result<()> {
            objective(c, "objective_id", plan, f.objective_id)
        }
    };
    (@extra stakeholder) => {
        fn check(c: &Connection, plan: &Record<PlanFields>, f: &StakeholderFields) -> Result<()> {
            contact(c, "contact_id", plan, Some(f.contact_id))
        }
    };
    (@extra action) => {
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

plan_item!(plans::Goals, GoalInput, GoalPatch, GoalFields, goal);
plan_item!(plans::Objectives, ObjectiveInput, ObjectivePatch, ObjectiveFields, objective);
plan_item!(
    plans::ValuePropositions,
    ValuePropositionInput,
    ValuePropositionPatch,
    ValuePropositionFields,
    value_proposition
);
plan_item!(plans::Stakeholders, StakeholderInput, StakeholderPatch, StakeholderFields, stakeholder);
plan_item!(plans::Actions, ActionInput, ActionPatch, ActionFields, action);
plan_item!(plans::Risks, RiskInput, RiskPatch, RiskFields, risk);
plan_item!(plans::Resources, ResourceInput, ResourcePatch, ResourceFields, resource);

/// One item's input, tagged with its kind (`{"kind": "value_proposition", "input": {…}}`): what
/// the window sends to add or change an item. Reviews are held, not edited, so have none.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "kind", content = "input", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanItemInput {
    Goal(GoalInput),
    Objective(ObjectiveInput),
    ValueProposition(ValuePropositionInput),
    Stakeholder(StakeholderInput),
    Action(ActionInput),
    Risk(RiskInput),
    Resource(ResourceInput),
}

impl PlanItemInput {
    pub fn kind(&self) -> PlanItemKind {
        match self {
            PlanItemInput::Goal(_) => PlanItemKind::Goal,
            PlanItemInput::Objective(_) => PlanItemKind::Objective,
            PlanItemInput::ValueProposition(_) => PlanItemKind::ValueProposition,
            PlanItemInput::Stakeholder(_) => PlanItemKind::Stakeholder,
            PlanItemInput::Action(_) => PlanItemKind::Action,
            PlanItemInput::Risk(_) => PlanItemKind::Risk,
            PlanItemInput::Resource(_) => PlanItemKind::Resource,
        }
    }
}

/// Runs `$body` with `$K` the item table of `$input`'s kind and `$i` its input.
macro_rules! with_plan_item {
    ($input:expr, |$K:ident, $i:ident| $body:expr) => {{
        use $crate::plans::items::PlanItemInput as In;
        use $crate::plans::{
            Actions, Goals, Objectives, Resources, Risks, Stakeholders, ValuePropositions,
        };
        match $input {
            In::Goal($i) => {
                type $K = Goals;
                $body
            }
            In::Objective($i) => {
                type $K = Objectives;
                $body
            }
            In::ValueProposition($i) => {
                type $K = ValuePropositions;
                $body
            }
            In::Stakeholder($i) => {
                type $K = Stakeholders;
                $body
            }
            In::Action($i) => {
                type $K = Actions;
                $body
            }
            In::Risk($i) => {
                type $K = Risks;
                $body
            }
            In::Resource($i) => {
                type $K = Resources;
                $body
            }
        }
    }};
}

pub(crate) use with_plan_item;

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

/// Replaces an item's fields with the form's; the plan it belongs to never changes.
pub fn update<K: PlanItem>(
    db: &mut Db,
    id: Uuid,
    input: &K::Input,
    today: chrono::NaiveDate,
) -> Result<Record<K::Fields>> {
    change::<K>(db, id, today, |_, plan| K::validate(input, plan))
}

/// Changes the fields `patch` sets and keeps the rest as stored.
pub fn patch<K: PlanItem>(
    db: &mut Db,
    id: Uuid,
    patch: &K::Patch,
    today: chrono::NaiveDate,
) -> Result<Record<K::Fields>> {
    change::<K>(db, id, today, |stored, _| patch.apply(stored))
}

/// Writes the fields `edit` makes of the stored ones, checked as a new item's are.
fn change<K: PlanItem>(
    db: &mut Db,
    id: Uuid,
    today: chrono::NaiveDate,
    edit: impl FnOnce(&K::Fields, Uuid) -> Result<K::Fields, ValidationErrors>,
) -> Result<Record<K::Fields>> {
    db.write(|c| {
        let existing = plans::get::<K>(c, id)?;
        let plan = plans::get::<plans::Plans>(c, K::plan_id(&existing.fields))?;
        let mut fields = edit(&existing.fields, plan.id())?;
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

/// A record of a plan: the plan itself, or one of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRecord {
    Plan,
    Item(PlanItemKind),
}

/// Which record of a plan `id` is (the plan, a goal, an objective …), for the command line's
/// `plans update ID` and `plans remove ID`: one look-up over the plan's tables.
pub fn kind_of(db: &Db, id: Uuid) -> Result<PlanRecord> {
    let under_plan =
        schema::kinds().filter(|k| k.parent.is_some_and(|(_, p)| p == RecordKind::Plan));
    let kinds: Vec<RecordKind> =
        std::iter::once(RecordKind::Plan).chain(under_plan.map(|k| k.kind)).collect();
    let found = ss::kind_of(db.conn(), id, &kinds)?;
    match found.map(|k| (k, k.plan_item())) {
        Some((RecordKind::Plan, _)) => Ok(PlanRecord::Plan),
        Some((_, Some(item))) => Ok(PlanRecord::Item(item)),
        Some((_, None)) | None => Err(AppError::not_found(RecordKind::Plan.name(), id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tag the window sends is the item's one name (PlanItemKind), for every kind.
    #[test]
    fn each_inputs_tag_is_its_kinds_name() {
        let empty = |kind: PlanItemKind| -> serde_json::Value {
            use PlanItemKind as I;
            let input = match kind {
                I::Goal => serde_json::to_value(GoalInput::default()),
                I::Objective => serde_json::to_value(ObjectiveInput::default()),
                I::ValueProposition => serde_json::to_value(ValuePropositionInput::default()),
                I::Stakeholder => serde_json::to_value(StakeholderInput::default()),
                I::Action => serde_json::to_value(ActionInput::default()),
                I::Risk => serde_json::to_value(RiskInput::default()),
                I::Resource => serde_json::to_value(ResourceInput::default()),
                I::Review => return serde_json::Value::Null,
            };
            serde_json::json!({"kind": kind.name(), "input": input.unwrap()})
        };
        for kind in PlanItemKind::ALL.iter().filter(|k| **k != PlanItemKind::Review) {
            let item: PlanItemInput = serde_json::from_value(empty(*kind)).unwrap();
            assert_eq!(item.kind(), *kind);
        }
        let review = serde_json::json!({"kind": "review", "input": {}});
        assert!(serde_json::from_value::<PlanItemInput>(review).is_err(), "reviews are held");
    }
}
