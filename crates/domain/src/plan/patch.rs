//! Changing a plan item: a patch names the fields to set, each as a form or the command line
//! writes it, and is laid over the item's stored fields. Every field it sets goes through that
//! field's one validator and the item's cross-field rules are checked on the result; the fields
//! it leaves out are kept as stored, never turned back into text. A new item is the patch of
//! every input field laid over a blank item, so adding and editing share the validators.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::items::*;
use crate::patch::patch;
use crate::validate::{Checker, Choice, Problem, ValidationErrors};
use crate::vocabulary::{ATTITUDE, RATING};

/// A change to one kind of plan item's stored fields.
pub trait PlanItemPatch {
    type Fields;
    /// `fields` with this patch laid over: an error names each field that fails.
    fn apply(&self, fields: &Self::Fields) -> Result<Self::Fields, ValidationErrors>;
}

patch! {
    @struct
    /// Fields of a goal or challenge to change.
    GoalPatch for GoalInput {
        kind: Option<String>,
        text: String,
        source_contact_id: Option<Uuid>,
        source_date: Option<String>,
        confirmed: bool,
        share_with_customer: bool,
    }
}

patch! {
    @struct
    /// Fields of an objective to change.
    ObjectivePatch for ObjectiveInput {
        title: String,
        metric: Option<String>,
        unit: Option<String>,
        baseline: Option<f64>,
        target: Option<f64>,
        current: Option<f64>,
        due_date: Option<String>,
        status: Option<String>,
        measure: Option<String>,
        product_line: Option<String>,
        interaction_kind: Option<String>,
        share_with_customer: bool,
    }
}

patch! {
    @struct
    /// Fields of a value proposition to change.
    ValuePropositionPatch for ValuePropositionInput {
        statement: String,
        benefit: Option<String>,
        objective_id: Option<Uuid>,
        share_with_customer: bool,
    }
}

patch! {
    @struct
    /// Fields of a stakeholder entry to change.
    StakeholderPatch for StakeholderInput {
        contact_id: Option<Uuid>,
        target_attitude: Option<i64>,
        target_strength: Option<i64>,
        owner: Option<String>,
        strategy: Option<String>,
    }
}

patch! {
    @struct
    /// Fields of an action to change.
    ActionPatch for ActionInput {
        title: String,
        owner: Option<String>,
        due_date: Option<String>,
        status: Option<String>,
        objective_id: Option<Uuid>,
        contact_id: Option<Uuid>,
        done_on: Option<String>,
        share_with_customer: bool,
    }
}

patch! {
    @struct
    /// Fields of a risk to change.
    RiskPatch for RiskInput {
        description: String,
        likelihood: Option<i64>,
        impact: Option<i64>,
        mitigation: Option<String>,
        owner: Option<String>,
        status: Option<String>,
    }
}

patch! {
    @struct
    /// Fields of a resource request to change.
    ResourcePatch for ResourceInput {
        team: String,
        ask: String,
        status: Option<String>,
    }
}

/// A closed-list field that takes its default when cleared.
fn choice_or<T: Choice>(c: &mut Checker, field: &str, v: Option<&str>, default: T) -> T {
    match v {
        None => default,
        Some(s) => c.required_choice(field, s).unwrap_or(default),
    }
}

/// A number that must be finite (JSON cannot carry NaN, but a caller in Rust can).
fn number(c: &mut Checker, field: &str, v: Option<f64>) -> Option<f64> {
    match v {
        Some(x) if !x.is_finite() => {
            c.fail(field, Problem::NotANumber);
            None
        }
        other => other,
    }
}

/// A rating 1-5 that must be there (a risk's likelihood and impact).
fn scale(c: &mut Checker, field: &str, v: Option<i64>) -> u8 {
    u8::try_from(c.required_range(field, v, RATING.min, RATING.max)).unwrap_or(1)
}

impl PlanItemPatch for GoalPatch {
    type Fields = GoalFields;
    fn apply(&self, f: &GoalFields) -> Result<GoalFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.kind {
            f.kind = choice_or(&mut c, "kind", v.as_deref(), GoalKind::Goal);
        }
        if let Some(v) = &self.text {
            f.text = c.required_text("text", v);
        }
        if let Some(v) = self.source_contact_id {
            f.source_contact_id = v;
        }
        if let Some(v) = &self.source_date {
            f.source_date = c.optional_date("source_date", v.as_deref());
        }
        if let Some(v) = self.confirmed {
            f.confirmed = v;
        }
        if let Some(v) = self.share_with_customer {
            f.share_with_customer = v;
        }
        c.finish(f)
    }
}

impl PlanItemPatch for ObjectivePatch {
    type Fields = ObjectiveFields;
    fn apply(&self, f: &ObjectiveFields) -> Result<ObjectiveFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.title {
            f.title = c.required_text("title", v);
        }
        // Whether baseline and target are both numbers given, so that "the target is the
        // baseline" is said only of two real numbers (no baseline is zero, but not a claim).
        let mut both_numbers = true;
        if let Some(v) = self.baseline {
            match number(&mut c, "baseline", v) {
                Some(x) => f.baseline = x,
                None => {
                    if v.is_none() {
                        f.baseline = 0.0;
                    }
                    both_numbers = false;
                }
            }
        }
        if let Some(v) = self.target {
            match number(&mut c, "target", v) {
                Some(x) => f.target = x,
                None => {
                    if v.is_none() {
                        c.fail("target", Problem::Required);
                    }
                    both_numbers = false;
                }
            }
        }
        let touched = self.baseline.is_some() || self.target.is_some();
        if touched && both_numbers && f.baseline == f.target {
            c.fail("target", Problem::SameAs { other: "baseline" });
        }
        self.measure(&mut c, &mut f);
        if let Some(v) = &self.metric {
            f.metric = c.optional_text("metric", v.as_deref());
        }
        if let Some(v) = &self.unit {
            f.unit = c.optional_text("unit", v.as_deref());
        }
        if let Some(v) = self.current {
            f.current = number(&mut c, "current", v);
        }
        if let Some(v) = &self.due_date {
            f.due_date = c.optional_date("due_date", v.as_deref());
        }
        if let Some(v) = &self.status {
            f.status = choice_or(&mut c, "status", v.as_deref(), ObjectiveStatus::Open);
        }
        if let Some(v) = self.share_with_customer {
            f.share_with_customer = v;
        }
        c.finish(f)
    }
}

impl ObjectivePatch {
    /// The measure's kind, and its product line or interaction kind, each kept unless set; an
    /// objective without a measure has neither.
    fn measure(&self, c: &mut Checker, f: &mut ObjectiveFields) {
        let old = f.measure.take();
        let kind = match &self.measure {
            None => old.as_ref().map(|m| m.kind),
            Some(None) => None,
            Some(Some(m)) => c.required_choice::<MeasureKind>("measure", m),
        };
        f.measure = kind.map(|kind| Measure {
            kind,
            product_line: match &self.product_line {
                Some(v) => c.optional_text("product_line", v.as_deref()),
                None => old.as_ref().and_then(|m| m.product_line.clone()),
            },
            interaction_kind: match &self.interaction_kind {
                Some(v) => c.optional_choice("interaction_kind", v.as_deref()),
                None => old.as_ref().and_then(|m| m.interaction_kind),
            },
        });
    }
}

impl PlanItemPatch for ValuePropositionPatch {
    type Fields = ValuePropositionFields;
    fn apply(
        &self,
        f: &ValuePropositionFields,
    ) -> Result<ValuePropositionFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.statement {
            f.statement = c.required_text("statement", v);
        }
        if let Some(v) = &self.benefit {
            f.benefit = c.optional_text("benefit", v.as_deref());
        }
        if let Some(v) = self.objective_id {
            f.objective_id = v;
        }
        if let Some(v) = self.share_with_customer {
            f.share_with_customer = v;
        }
        c.finish(f)
    }
}

impl PlanItemPatch for StakeholderPatch {
    type Fields = StakeholderFields;
    fn apply(&self, f: &StakeholderFields) -> Result<StakeholderFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        match self.contact_id {
            Some(Some(id)) => f.contact_id = id,
            Some(None) => c.fail("contact_id", Problem::Required),
            None => {}
        }
        if let Some(v) = self.target_attitude {
            f.target_attitude = c
                .optional_range("target_attitude", v, ATTITUDE.min, ATTITUDE.max)
                .and_then(|v| i8::try_from(v).ok());
        }
        if let Some(v) = self.target_strength {
            f.target_strength = c
                .optional_range("target_strength", v, RATING.min, RATING.max)
                .and_then(|v| u8::try_from(v).ok());
        }
        if let Some(v) = &self.owner {
            f.owner = c.optional_text("owner", v.as_deref());
        }
        if let Some(v) = &self.strategy {
            f.strategy = c.long_text("strategy", v.as_deref());
        }
        c.finish(f)
    }
}

impl PlanItemPatch for ActionPatch {
    type Fields = ActionFields;
    fn apply(&self, f: &ActionFields) -> Result<ActionFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.status {
            f.status = choice_or(&mut c, "status", v.as_deref(), ActionStatus::Open);
        }
        if let Some(v) = &self.done_on {
            f.done_on = c.optional_date("done_on", v.as_deref());
        }
        if let Some(v) = &self.title {
            f.title = c.required_text("title", v);
        }
        if let Some(v) = &self.owner {
            f.owner = c.optional_text("owner", v.as_deref());
        }
        if let Some(v) = &self.due_date {
            f.due_date = c.optional_date("due_date", v.as_deref());
        }
        if let Some(v) = self.objective_id {
            f.objective_id = v;
        }
        if let Some(v) = self.contact_id {
            f.contact_id = v;
        }
        if let Some(v) = self.share_with_customer {
            f.share_with_customer = v;
        }
        // A done date belongs to a done action; one marked done without a date gets it from
        // the use case (today).
        if f.status != ActionStatus::Done {
            f.done_on = None;
        }
        c.finish(f)
    }
}

impl PlanItemPatch for RiskPatch {
    type Fields = RiskFields;
    fn apply(&self, f: &RiskFields) -> Result<RiskFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.description {
            f.description = c.required_text("description", v);
        }
        if let Some(v) = self.likelihood {
            f.likelihood = scale(&mut c, "likelihood", v);
        }
        if let Some(v) = self.impact {
            f.impact = scale(&mut c, "impact", v);
        }
        if let Some(v) = &self.mitigation {
            f.mitigation = c.long_text("mitigation", v.as_deref());
        }
        if let Some(v) = &self.owner {
            f.owner = c.optional_text("owner", v.as_deref());
        }
        if let Some(v) = &self.status {
            f.status = choice_or(&mut c, "status", v.as_deref(), RiskStatus::Open);
        }
        c.finish(f)
    }
}

impl PlanItemPatch for ResourcePatch {
    type Fields = ResourceFields;
    fn apply(&self, f: &ResourceFields) -> Result<ResourceFields, ValidationErrors> {
        let (mut c, mut f) = (Checker::new(), f.clone());
        if let Some(v) = &self.team {
            f.team = c.required_text("team", v);
        }
        if let Some(v) = &self.ask {
            f.ask = c.required_text("ask", v);
        }
        if let Some(v) = &self.status {
            f.status = choice_or(&mut c, "status", v.as_deref(), ResourceStatus::Requested);
        }
        c.finish(f)
    }
}

/// `Input::validate`: the patch of every field laid over a blank item of the plan. The blank's
/// values are never seen: a full patch sets each of them.
macro_rules! validate_as_new {
    ($($input:ident => $patch:ident, $fields:ident { $($blank:tt)* };)+) => {$(
        impl $input {
            pub fn validate(&self, plan_id: Uuid) -> Result<$fields, ValidationErrors> {
                $patch::of_all(self).apply(&$fields { plan_id, $($blank)* })
            }
        }
    )+};
}

validate_as_new! {
    GoalInput => GoalPatch, GoalFields {
        kind: GoalKind::Goal, text: String::new(), source_contact_id: None, source_date: None,
        confirmed: false, share_with_customer: false,
    };
    ObjectiveInput => ObjectivePatch, ObjectiveFields {
        title: String::new(), metric: None, unit: None, baseline: 0.0, target: 0.0,
        current: None, due_date: None, status: ObjectiveStatus::Open, measure: None,
        share_with_customer: false,
    };
    ValuePropositionInput => ValuePropositionPatch, ValuePropositionFields {
        statement: String::new(), benefit: None, objective_id: None, share_with_customer: false,
    };
    StakeholderInput => StakeholderPatch, StakeholderFields {
        contact_id: Uuid::nil(), target_attitude: None, target_strength: None, owner: None,
        strategy: None,
    };
    ActionInput => ActionPatch, ActionFields {
        title: String::new(), owner: None, due_date: None, status: ActionStatus::Open,
        objective_id: None, contact_id: None, done_on: None, share_with_customer: false,
    };
    RiskInput => RiskPatch, RiskFields {
        description: String::new(), likelihood: 1, impact: 1, mitigation: None, owner: None,
        status: RiskStatus::Open,
    };
    ResourceInput => ResourcePatch, ResourceFields {
        team: String::new(), ask: String::new(), status: ResourceStatus::Requested,
    };
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
