//! A plan as the key-account manager reads it, computed as of a date: every section, each
//! objective's progress and verdict, the stakeholder map with its gaps, the pipeline, overdue
//! actions and health. The app builds it from the store; the exports render it.

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    Action, Gap, Goal, Health, Objective, PlanFields, Progress, Resource, Review, Risk,
    Stakeholder, ValueProposition,
};
use crate::analytics::Tier;
use crate::{Contact, Opportunity, Record};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub open: u32,
    /// Estimated value of open opportunities, and the same weighted by probability (minor units).
    pub total: i64,
    pub weighted: i64,
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
}
