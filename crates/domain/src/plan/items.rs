//! The items a plan holds, each a record of its own (so two laptops can edit different items of
//! one plan, and a merge can tell them apart): goals, objectives, value propositions,
//! stakeholders, actions, risks, resources and reviews. Each has its stored fields and the input
//! a form or the command line sends (validated field by field in `patch`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Record;

crate::choice! {
    /// What an objective measures from Keyplan's own data, instead of a typed current value.
    MeasureKind {
        Revenue = "revenue", Profit = "profit", Interactions = "interactions", Nps = "nps",
        Pipeline = "pipeline",
    }
}

crate::choice! {
    ObjectiveStatus { Open = "open", Achieved = "achieved", Missed = "missed", Dropped = "dropped" }
}

crate::choice! {
    ActionStatus { Open = "open", InProgress = "in_progress", Done = "done", Cancelled = "cancelled" }
}

crate::choice! {
    RiskStatus { Open = "open", Mitigated = "mitigated", Occurred = "occurred", Closed = "closed" }
}

crate::choice! {
    ResourceStatus { Requested = "requested", Agreed = "agreed", Delivered = "delivered", Declined = "declined" }
}

crate::choice! {
    GoalKind { Goal = "goal", Challenge = "challenge" }
}

impl MeasureKind {
    /// Whether it is an amount of money (in minor units of the base currency when measured).
    pub fn is_money(self) -> bool {
        match self {
            MeasureKind::Revenue | MeasureKind::Profit | MeasureKind::Pipeline => true,
            MeasureKind::Interactions | MeasureKind::Nps => false,
        }
    }
}

impl ActionStatus {
    /// Open or in progress: still to do.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// A measured objective's source: the metric, and for revenue/profit one product line, for
/// interactions one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub kind: MeasureKind,
    pub product_line: Option<String>,
    pub interaction_kind: Option<crate::InteractionKind>,
}

/// The customer's strategic goal or challenge 客户战略目标, with who told us and whether they
/// confirmed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalFields {
    pub plan_id: Uuid,
    pub kind: GoalKind,
    pub text: String,
    pub source_contact_id: Option<Uuid>,
    pub source_date: Option<NaiveDate>,
    pub confirmed: bool,
    pub share_with_customer: bool,
}

/// A SMART objective of ours. Values are plain numbers in the objective's unit (money in major
/// units of the base currency: a target, not a ledger entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveFields {
    pub plan_id: Uuid,
    pub title: String,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub due_date: Option<NaiveDate>,
    pub status: ObjectiveStatus,
    pub measure: Option<Measure>,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValuePropositionFields {
    pub plan_id: Uuid,
    pub statement: String,
    /// Quantified: "cut inventory cost 15%".
    pub benefit: Option<String>,
    pub objective_id: Option<Uuid>,
    pub share_with_customer: bool,
}

/// A contact as this plan sees them: where we want them to be, who owns the relationship, how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StakeholderFields {
    pub plan_id: Uuid,
    pub contact_id: Uuid,
    pub target_attitude: Option<i8>,
    pub target_strength: Option<u8>,
    pub owner: Option<String>,
    pub strategy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionFields {
    pub plan_id: Uuid,
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub objective_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub done_on: Option<NaiveDate>,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskFields {
    pub plan_id: Uuid,
    pub description: String,
    pub likelihood: u8,
    pub impact: u8,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    pub status: RiskStatus,
}

/// Resources and cross-team support 跨部门协作 the plan needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceFields {
    pub plan_id: Uuid,
    pub team: String,
    pub ask: String,
    pub status: ResourceStatus,
}

pub type Goal = Record<GoalFields>;
pub type Objective = Record<ObjectiveFields>;
pub type ValueProposition = Record<ValuePropositionFields>;
pub type Stakeholder = Record<StakeholderFields>;
pub type Action = Record<ActionFields>;
pub type Risk = Record<RiskFields>;
pub type Resource = Record<ResourceFields>;

impl RiskFields {
    /// Likelihood × impact, 1-25: how the risks are ordered.
    pub fn exposure(&self) -> u8 {
        self.likelihood * self.impact
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalInput {
    pub kind: Option<String>,
    pub text: String,
    pub source_contact_id: Option<Uuid>,
    pub source_date: Option<String>,
    pub confirmed: bool,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ObjectiveInput {
    pub title: String,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub due_date: Option<String>,
    pub status: Option<String>,
    /// A measure kind (revenue, profit, interactions, nps, pipeline) to compute the current
    /// value from Keyplan's data; None for a typed objective.
    pub measure: Option<String>,
    pub product_line: Option<String>,
    pub interaction_kind: Option<String>,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValuePropositionInput {
    pub statement: String,
    pub benefit: Option<String>,
    pub objective_id: Option<Uuid>,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StakeholderInput {
    pub contact_id: Option<Uuid>,
    pub target_attitude: Option<i64>,
    pub target_strength: Option<i64>,
    pub owner: Option<String>,
    pub strategy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub title: String,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub status: Option<String>,
    pub objective_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub done_on: Option<String>,
    pub share_with_customer: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskInput {
    pub description: String,
    pub likelihood: Option<i64>,
    pub impact: Option<i64>,
    pub mitigation: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceInput {
    pub team: String,
    pub ask: String,
    pub status: Option<String>,
}

/// Unconfirmed goals older than this are flagged: a goal nobody on the customer's side has
/// confirmed in half a year is a guess.
pub const UNCONFIRMED_GOAL_DAYS: i64 = 180;

impl GoalFields {
    /// Whether the goal is an unconfirmed guess older than [`UNCONFIRMED_GOAL_DAYS`] (dated by
    /// its source date, else by when it was written down).
    pub fn stale(&self, written: NaiveDate, as_of: NaiveDate) -> bool {
        let since = self.source_date.unwrap_or(written);
        !self.confirmed && (as_of - since).num_days() > UNCONFIRMED_GOAL_DAYS
    }
}

#[cfg(test)]
#[path = "items_tests.rs"]
mod tests;
