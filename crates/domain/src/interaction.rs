//! Interaction 互动记录: a visit, call, meeting … or a complaint, on an account's timeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, Problem, ValidationErrors};
use crate::vocabulary::SENTIMENT;
use crate::Record;

crate::choice! {
    InteractionKind {
        Visit = "visit", Call = "call", Email = "email", Meeting = "meeting", Event = "event",
        Training = "training", Complaint = "complaint", Referral = "referral",
    }
}

crate::choice! {
    /// How serious a complaint is.
    Severity { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionInput {
    pub date: String,
    pub kind: String,
    pub summary: Option<String>,
    /// -1 negative, 0 neutral, +1 positive.
    pub sentiment: Option<i64>,
    pub next_step: Option<String>,
    pub contact_ids: Vec<Uuid>,
    pub severity: Option<String>,
    pub resolved_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionFields {
    pub account_id: Uuid,
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub summary: Option<String>,
    pub sentiment: i8,
    pub next_step: Option<String>,
    pub contact_ids: Vec<Uuid>,
    pub severity: Option<Severity>,
    pub resolved_on: Option<NaiveDate>,
}

pub type Interaction = Record<InteractionFields>;

impl InteractionInput {
    /// Checks the fields; that the contacts belong to the account is checked against the store.
    pub fn validate(&self, account_id: Uuid) -> Result<InteractionFields, ValidationErrors> {
        let mut c = Checker::new();
        let date = c.required_date("date", &self.date);
        let kind = c.required_choice::<InteractionKind>("kind", &self.kind);
        let severity = c.optional_choice::<Severity>("severity", self.severity.as_deref());
        let resolved_on = c.optional_date("resolved_on", self.resolved_on.as_deref());
        let is_complaint = kind == Some(InteractionKind::Complaint);
        if kind.is_some() && !is_complaint {
            if severity.is_some() {
                c.fail("severity", Problem::OnlyForComplaints);
            }
            if resolved_on.is_some() {
                c.fail("resolved_on", Problem::OnlyForComplaints);
            }
        }
        if is_complaint
            && severity.is_none()
            && self.severity.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            c.fail("severity", Problem::Required);
        }
        c.not_before("resolved_on", resolved_on, "date", date);
        let mut contact_ids = self.contact_ids.clone();
        contact_ids.sort();
        contact_ids.dedup();
        let fields = InteractionFields {
            account_id,
            date: date.unwrap_or_default(),
            kind: kind.unwrap_or(InteractionKind::Visit),
            summary: c.long_text("summary", self.summary.as_deref()),
            sentiment: c
                .optional_range("sentiment", self.sentiment, SENTIMENT.min, SENTIMENT.max)
                .and_then(|v| i8::try_from(v).ok())
                .unwrap_or(0),
            next_step: c.optional_text("next_step", self.next_step.as_deref()),
            contact_ids,
            severity,
            resolved_on,
        };
        c.finish(fields)
    }
}

impl From<&InteractionFields> for InteractionInput {
    fn from(f: &InteractionFields) -> Self {
        InteractionInput {
            date: f.date.to_string(),
            kind: f.kind.to_string(),
            summary: f.summary.clone(),
            sentiment: Some(i64::from(f.sentiment)),
            next_step: f.next_step.clone(),
            contact_ids: f.contact_ids.clone(),
            severity: f.severity.map(|s| s.to_string()),
            resolved_on: f.resolved_on.map(|d| d.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit() -> InteractionInput {
        InteractionInput { date: "2026-03-01".into(), kind: "visit".into(), ..Default::default() }
    }

    #[test]
    fn a_visit_is_valid_and_neutral_by_default() {
        let f = visit().validate(Uuid::nil()).unwrap();
        assert_eq!(f.kind, InteractionKind::Visit);
        assert_eq!(f.sentiment, 0);
    }

    #[test]
    fn complaints_need_a_severity_and_resolve_after_they_start() {
        let err = InteractionInput {
            kind: "complaint".into(),
            resolved_on: Some("2026-02-01".into()),
            ..visit()
        }
        .validate(Uuid::nil())
        .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["severity", "resolved_on"]);
    }

    #[test]
    fn severity_is_for_complaints_only() {
        let err = InteractionInput { severity: Some("high".into()), ..visit() }
            .validate(Uuid::nil())
            .unwrap_err();
        assert_eq!(err.0[0].problem, Problem::OnlyForComplaints);
    }

    #[test]
    fn sentiment_and_date_are_checked() {
        let err = InteractionInput { date: "2026-02-30".into(), sentiment: Some(2), ..visit() }
            .validate(Uuid::nil())
            .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "sentiment"]);
    }
}
