//! Opportunity 商机: new business, cross-sell, upsell or a renewal in the pipeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, ValidationErrors};
use crate::vocabulary::PROBABILITY;
use crate::{Money, Record};

crate::choice! {
    OpportunityKind { New = "new", CrossSell = "cross_sell", Upsell = "upsell", Renewal = "renewal" }
}

crate::choice! {
    OpportunityStatus { Open = "open", Won = "won", Lost = "lost" }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OpportunityInput {
    pub title: String,
    pub kind: String,
    pub estimated_value: Option<String>,
    /// Percent, 0-100.
    pub probability: Option<i64>,
    pub expected_close: Option<String>,
    pub status: Option<String>,
    /// The account plan this opportunity is part of (none: not linked).
    pub plan_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityFields {
    pub account_id: Uuid,
    pub title: String,
    pub kind: OpportunityKind,
    pub estimated_value: Money,
    pub probability: u8,
    pub expected_close: Option<NaiveDate>,
    pub status: OpportunityStatus,
    /// The account plan whose pipeline counts it.
    pub plan_id: Option<Uuid>,
}

pub type Opportunity = Record<OpportunityFields>;

impl OpportunityInput {
    pub fn validate(&self, account_id: Uuid) -> Result<OpportunityFields, ValidationErrors> {
        let mut c = Checker::new();
        let fields = OpportunityFields {
            account_id,
            title: c.required_text("title", &self.title),
            kind: c.required_choice("kind", &self.kind).unwrap_or(OpportunityKind::New),
            estimated_value: c
                .optional_amount("estimated_value", self.estimated_value.as_deref())
                .unwrap_or_default(),
            probability: c
                .optional_range("probability", self.probability, PROBABILITY.min, PROBABILITY.max)
                .and_then(|v| u8::try_from(v).ok())
                .unwrap_or(50),
            expected_close: c.optional_date("expected_close", self.expected_close.as_deref()),
            status: c
                .optional_choice("status", self.status.as_deref())
                .unwrap_or(OpportunityStatus::Open),
            plan_id: self.plan_id,
        };
        if fields.estimated_value.minor() < 0 {
            c.fail("estimated_value", crate::Problem::Negative);
        }
        c.finish(fields)
    }
}

impl From<&OpportunityFields> for OpportunityInput {
    fn from(f: &OpportunityFields) -> Self {
        OpportunityInput {
            title: f.title.clone(),
            kind: f.kind.to_string(),
            estimated_value: Some(f.estimated_value.to_string()),
            probability: Some(i64::from(f.probability)),
            expected_close: f.expected_close.map(|d| d.to_string()),
            status: Some(f.status.to_string()),
            plan_id: f.plan_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    #[test]
    fn defaults_and_ranges() {
        let ok = OpportunityInput {
            title: "ERP rollout".into(),
            kind: "upsell".into(),
            ..Default::default()
        }
        .validate(Uuid::nil())
        .unwrap();
        assert_eq!(ok.status, OpportunityStatus::Open);
        assert_eq!(ok.probability, 50);
        let err = OpportunityInput {
            title: "x".into(),
            kind: "cross-sell".into(),
            probability: Some(101),
            estimated_value: Some("-5".into()),
            ..Default::default()
        }
        .validate(Uuid::nil())
        .unwrap_err();
        let got: Vec<(&str, &Problem)> =
            err.0.iter().map(|e| (e.field.as_str(), &e.problem)).collect();
        assert_eq!(
            got,
            [
                ("probability", &Problem::OutOfRange { min: 0, max: 100 }),
                ("estimated_value", &Problem::Negative)
            ]
        );
    }
}
