//! The items a plan holds, each a record of its own (so two laptops can edit different items of
//! one plan, and a merge can tell them apart): goals, objectives, value propositions,
//! stakeholders, actions, risks, resources and reviews. Each has its stored fields and the input
//! a form or the command line sends, validated field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, Problem, ValidationErrors};
use crate::vocabulary::{ATTITUDE, RATING};
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

/// A closed-list field that defaults when absent.
fn choice_or<T: crate::validate::Choice>(
    c: &mut Checker,
    field: &str,
    v: Option<&str>,
    default: T,
) -> T {
    match v {
        None => default,
        Some(s) => c.required_choice(field, s).unwrap_or(default),
    }
}

fn number(c: &mut Checker, field: &str, v: Option<f64>) -> Option<f64> {
    match v {
        Some(x) if !x.is_finite() => {
            c.fail(field, Problem::NotANumber);
            None
        }
        other => other,
    }
}

impl GoalInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<GoalFields, ValidationErrors> {
        let mut c = Checker::new();
        let f = GoalFields {
            plan_id,
            kind: choice_or(&mut c, "kind", self.kind.as_deref(), GoalKind::Goal),
            text: c.required_text("text", &self.text),
            source_contact_id: self.source_contact_id,
            source_date: c.optional_date("source_date", self.source_date.as_deref()),
            confirmed: self.confirmed,
            share_with_customer: self.share_with_customer,
        };
        c.finish(f)
    }
}

impl ObjectiveInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<ObjectiveFields, ValidationErrors> {
        let mut c = Checker::new();
        let title = c.required_text("title", &self.title);
        let baseline = number(&mut c, "baseline", self.baseline);
        let target = number(&mut c, "target", self.target);
        if target.is_none() && self.target.is_none() {
            c.fail("target", Problem::Required);
        }
        if let (Some(b), Some(t)) = (baseline, target) {
            if b == t {
                c.fail("target", Problem::SameAs { other: "baseline" });
            }
        }
        let measure = match self.measure.as_deref() {
            None => None,
            Some(m) => c.required_choice::<MeasureKind>("measure", m).map(|kind| Measure {
                kind,
                product_line: c.optional_text("product_line", self.product_line.as_deref()),
                interaction_kind: c
                    .optional_choice("interaction_kind", self.interaction_kind.as_deref()),
            }),
        };
        let f = ObjectiveFields {
            plan_id,
            title,
            metric: c.optional_text("metric", self.metric.as_deref()),
            unit: c.optional_text("unit", self.unit.as_deref()),
            baseline: baseline.unwrap_or(0.0),
            target: target.unwrap_or(0.0),
            current: number(&mut c, "current", self.current),
            due_date: c.optional_date("due_date", self.due_date.as_deref()),
            status: choice_or(&mut c, "status", self.status.as_deref(), ObjectiveStatus::Open),
            measure,
            share_with_customer: self.share_with_customer,
        };
        c.finish(f)
    }
}

impl ValuePropositionInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<ValuePropositionFields, ValidationErrors> {
        let mut c = Checker::new();
        let f = ValuePropositionFields {
            plan_id,
            statement: c.required_text("statement", &self.statement),
            benefit: c.optional_text("benefit", self.benefit.as_deref()),
            objective_id: self.objective_id,
            share_with_customer: self.share_with_customer,
        };
        c.finish(f)
    }
}

impl StakeholderInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<StakeholderFields, ValidationErrors> {
        let mut c = Checker::new();
        let contact_id = self.contact_id;
        if contact_id.is_none() {
            c.fail("contact_id", Problem::Required);
        }
        let f = StakeholderFields {
            plan_id,
            contact_id: contact_id.unwrap_or_default(),
            target_attitude: c
                .optional_range("target_attitude", self.target_attitude, ATTITUDE.min, ATTITUDE.max)
                .and_then(|v| i8::try_from(v).ok()),
            target_strength: c
                .optional_range("target_strength", self.target_strength, RATING.min, RATING.max)
                .and_then(|v| u8::try_from(v).ok()),
            owner: c.optional_text("owner", self.owner.as_deref()),
            strategy: c.long_text("strategy", self.strategy.as_deref()),
        };
        c.finish(f)
    }
}

impl ActionInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<ActionFields, ValidationErrors> {
        let mut c = Checker::new();
        let status = choice_or(&mut c, "status", self.status.as_deref(), ActionStatus::Open);
        let done_on = c.optional_date("done_on", self.done_on.as_deref());
        let f = ActionFields {
            plan_id,
            title: c.required_text("title", &self.title),
            owner: c.optional_text("owner", self.owner.as_deref()),
            due_date: c.optional_date("due_date", self.due_date.as_deref()),
            status,
            objective_id: self.objective_id,
            contact_id: self.contact_id,
            // A done date belongs to a done action; one marked done without a date gets it from
            // the use case (today).
            done_on: if status == ActionStatus::Done { done_on } else { None },
            share_with_customer: self.share_with_customer,
        };
        c.finish(f)
    }
}

impl RiskInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<RiskFields, ValidationErrors> {
        let mut c = Checker::new();
        let scale = |c: &mut Checker, field: &str, v: Option<i64>| {
            u8::try_from(c.required_range(field, v, RATING.min, RATING.max)).unwrap_or(1)
        };
        let f = RiskFields {
            plan_id,
            description: c.required_text("description", &self.description),
            likelihood: scale(&mut c, "likelihood", self.likelihood),
            impact: scale(&mut c, "impact", self.impact),
            mitigation: c.long_text("mitigation", self.mitigation.as_deref()),
            owner: c.optional_text("owner", self.owner.as_deref()),
            status: choice_or(&mut c, "status", self.status.as_deref(), RiskStatus::Open),
        };
        c.finish(f)
    }
}

impl ResourceInput {
    pub fn validate(&self, plan_id: Uuid) -> Result<ResourceFields, ValidationErrors> {
        let mut c = Checker::new();
        let f = ResourceFields {
            plan_id,
            team: c.required_text("team", &self.team),
            ask: c.required_text("ask", &self.ask),
            status: choice_or(&mut c, "status", self.status.as_deref(), ResourceStatus::Requested),
        };
        c.finish(f)
    }
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
