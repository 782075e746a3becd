//! A plan as the key-account manager reads it, computed as of a date: every section, each
//! objective's progress and verdict, the stakeholder map with its gaps, the pipeline, overdue
//! actions and health. The app builds it from the store; the exports render it.

use chrono::NaiveDate;
use serde::Serialize;

use super::period::Period;
use super::{
    Action, ActionFields, Gap, Goal, Health, Objective, PlanFields, PlanStatus, Progress, Resource,
    Review, Risk, Stakeholder, ValueProposition,
};
use crate::analytics::Tier;
use crate::{Contact, Opportunity, OpportunityStatus, Record};

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    #[serde(flatten)]
    pub goal: Goal,
    /// Unconfirmed and older than 180 days.
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    #[serde(flatten)]
    pub objective: Objective,
    /// The value judged: measured from Keyplan's data, or as typed.
    pub value: Option<f64>,
    pub progress: Progress,
}

/// A contact of the account as the plan's map shows them: their own fields and this plan's
/// targets, owner and strategy (when the plan has an entry for them).
#[derive(Debug, Clone, Serialize)]
pub struct StakeholderView {
    pub contact: Contact,
    pub entry: Option<Stakeholder>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    #[serde(flatten)]
    pub action: Action,
    pub overdue: bool,
}

impl ActionView {
    pub fn of(action: Action, as_of: NaiveDate) -> ActionView {
        ActionView { overdue: is_overdue(&action.fields, as_of), action }
    }
}

/// An action is overdue when it is still open and its due date has passed.
pub fn is_overdue(a: &ActionFields, as_of: NaiveDate) -> bool {
    a.status.is_open() && a.due_date.is_some_and(|d| d < as_of)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub open: u32,
    /// Estimated value of open opportunities, and the same weighted by probability (minor units).
    pub total: i64,
    pub weighted: i64,
}

impl Pipeline {
    /// The open opportunities among `all`: how many, their estimated value, and that value
    /// weighted by each one's probability.
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Opportunity>) -> Pipeline {
        let open: Vec<&Opportunity> =
            all.into_iter().filter(|o| o.fields.status == OpportunityStatus::Open).collect();
        let value = |o: &Opportunity| i128::from(o.fields.estimated_value.minor());
        let weighted: i128 =
            open.iter().map(|o| value(o) * i128::from(o.fields.probability) / 100).sum();
        let total: i128 = open.iter().map(|o| value(o)).sum();
        let clamp = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
        Pipeline {
            open: u32::try_from(open.len()).unwrap_or(u32::MAX),
            total: clamp(total),
            weighted: clamp(weighted),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub plan: Record<PlanFields>,
    /// The plan's title, under the name every list of Keyplan uses.
    pub name: String,
    pub account_name: String,
    pub tier: Option<Tier>,
    pub health: Health,
    pub goals: Vec<GoalView>,
    pub objectives: Vec<ObjectiveView>,
    pub value_propositions: Vec<ValueProposition>,
    pub stakeholders: Vec<StakeholderView>,
    pub gaps: Vec<Gap>,
    pub opportunities: Vec<Opportunity>,
    pub pipeline: Pipeline,
    pub actions: Vec<ActionView>,
    pub risks: Vec<Risk>,
    pub resources: Vec<Resource>,
    /// Newest first.
    pub reviews: Vec<Review>,
    /// The statuses the plan may move to from its own.
    pub moves: &'static [PlanStatus],
    /// What "next period's plan" proposes.
    pub next_period: Period,
}
