//! Contact 联系人: a stakeholder at an account, placed in the account's org chart by reports-to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

use crate::validate::{Checker, FieldError, Problem, ValidationErrors};
use crate::vocabulary::{Scale, ATTITUDE, RATING};
use crate::Record;

crate::choice! {
    /// Buying role in the customer's decision (决策者, 经济买家, 技术评估者, 使用者, 影响者, 把关者, 内部支持者).
    BuyingRole {
        DecisionMaker = "decision_maker", EconomicBuyer = "economic_buyer",
        TechnicalEvaluator = "technical_evaluator", User = "user", Influencer = "influencer",
        Gatekeeper = "gatekeeper", Champion = "champion",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Option<String>,
    /// -2 opponent .. +2 champion.
    pub attitude: Option<i64>,
    pub influence: Option<i64>,
    pub relationship_strength: Option<i64>,
    pub reports_to: Option<Uuid>,
    pub last_contacted: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub account_id: Uuid,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Option<BuyingRole>,
    pub attitude: Option<i8>,
    pub influence: Option<u8>,
    pub relationship_strength: Option<u8>,
    pub reports_to: Option<Uuid>,
    pub last_contacted: Option<NaiveDate>,
    pub notes: Option<String>,
}

pub type Contact = Record<ContactFields>;

impl ContactInput {
    /// Checks the contact's own fields. Reports-to needs the rest of the org chart: see
    /// [`check_reports_to`].
    pub fn validate(&self, account_id: Uuid) -> Result<ContactFields, ValidationErrors> {
        let mut c = Checker::new();
        let small = |c: &mut Checker, field: &str, v: Option<i64>, scale: Scale| {
            c.optional_range(field, v, scale.min, scale.max)
        };
        let email = c.optional_text("email", self.email.as_deref());
        if let Some(e) = &email {
            if !looks_like_email(e) {
                c.fail("email", Problem::InvalidEmail);
            }
        }
        let fields = ContactFields {
            account_id,
            name: c.required_text("name", &self.name),
            title: c.optional_text("title", self.title.as_deref()),
            email,
            phone: c.optional_text("phone", self.phone.as_deref()),
            role: c.optional_choice("role", self.role.as_deref()),
            attitude: small(&mut c, "attitude", self.attitude, ATTITUDE)
                .and_then(|v| i8::try_from(v).ok()),
            influence: small(&mut c, "influence", self.influence, RATING)
                .and_then(|v| u8::try_from(v).ok()),
            relationship_strength: small(
                &mut c,
                "relationship_strength",
                self.relationship_strength,
                RATING,
            )
            .and_then(|v| u8::try_from(v).ok()),
            reports_to: self.reports_to,
            last_contacted: c.optional_date("last_contacted", self.last_contacted.as_deref()),
            notes: c.long_text("notes", self.notes.as_deref()),
        };
        c.finish(fields)
    }
}

impl From<&ContactFields> for ContactInput {
    fn from(f: &ContactFields) -> Self {
        ContactInput {
            name: f.name.clone(),
            title: f.title.clone(),
            email: f.email.clone(),
            phone: f.phone.clone(),
            role: f.role.map(|r| r.to_string()),
            attitude: f.attitude.map(i64::from),
            influence: f.influence.map(i64::from),
            relationship_strength: f.relationship_strength.map(i64::from),
            reports_to: f.reports_to,
            last_contacted: f.last_contacted.map(|d| d.to_string()),
            notes: f.notes.clone(),
        }
    }
}

/// Deliberately loose: one `@` with text on both sides and a dot in the domain, no spaces.
fn looks_like_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The part of a contact the org chart needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactLink {
    pub id: Uuid,
    pub account_id: Uuid,
    pub reports_to: Option<Uuid>,
}

/// Checks that contact `me` (of `account_id`) may report to `boss`: the boss exists, is at the
/// same account, is not `me`, and the chain above the boss never comes back to `me`.
/// `chart` holds the live contacts of the account (and may hold others; they are looked up by id).
pub fn check_reports_to(
    me: Uuid,
    account_id: Uuid,
    boss: Uuid,
    chart: &[ContactLink],
) -> Result<(), FieldError> {
    let fail = |p| Err(FieldError::new("reports_to", p));
    if boss == me {
        return fail(Problem::SelfReference);
    }
    let by_id: HashMap<Uuid, &ContactLink> = chart.iter().map(|l| (l.id, l)).collect();
    let Some(target) = by_id.get(&boss) else {
        return fail(Problem::NotFound);
    };
    if target.account_id != account_id {
        return fail(Problem::OtherAccount);
    }
    // Walk up from the boss; bounded by the chart's size so a damaged chart cannot loop forever.
    let mut cursor = target.reports_to;
    for _ in 0..=chart.len() {
        match cursor {
            None => return Ok(()),
            Some(id) if id == me => return fail(Problem::Cycle),
            Some(id) => cursor = by_id.get(&id).and_then(|l| l.reports_to),
        }
    }
    fail(Problem::Cycle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: Uuid, account: Uuid, boss: Option<Uuid>) -> ContactLink {
        ContactLink { id, account_id: account, reports_to: boss }
    }

    #[test]
    fn field_ranges_are_checked() {
        let input = ContactInput {
            name: "王磊".into(),
            attitude: Some(3),
            influence: Some(0),
            email: Some("not-an-email".into()),
            role: Some("boss".into()),
            ..Default::default()
        };
        let err = input.validate(Uuid::nil()).unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "role", "attitude", "influence"]);
    }

    #[test]
    fn emails() {
        assert!(looks_like_email("li.na@example.cn"));
        assert!(!looks_like_email("li na@example.cn"));
        assert!(!looks_like_email("@example.cn"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a@b.c@d.e"));
    }

    #[test]
    fn reports_to_rules() {
        let acct = Uuid::from_u128(1);
        let other_acct = Uuid::from_u128(2);
        let (ceo, cfo, clerk, me, stranger) = (
            Uuid::from_u128(10),
            Uuid::from_u128(11),
            Uuid::from_u128(12),
            Uuid::from_u128(13),
            Uuid::from_u128(14),
        );
        let chart = [
            link(ceo, acct, None),
            link(cfo, acct, Some(ceo)),
            link(clerk, acct, Some(me)),
            link(me, acct, Some(cfo)),
            link(stranger, other_acct, None),
        ];
        assert!(check_reports_to(me, acct, cfo, &chart).is_ok());
        assert!(check_reports_to(me, acct, ceo, &chart).is_ok());
        let problem = |boss| check_reports_to(me, acct, boss, &chart).unwrap_err().problem;
        assert_eq!(problem(me), Problem::SelfReference);
        assert_eq!(problem(clerk), Problem::Cycle);
        assert_eq!(problem(stranger), Problem::OtherAccount);
        assert_eq!(problem(Uuid::from_u128(99)), Problem::NotFound);
        // The CEO may not report to the CFO, who reports to the CEO.
        assert_eq!(check_reports_to(ceo, acct, cfo, &chart).unwrap_err().problem, Problem::Cycle);
    }

    #[test]
    fn a_damaged_chart_does_not_hang() {
        let acct = Uuid::from_u128(1);
        let (a, b, me) = (Uuid::from_u128(2), Uuid::from_u128(3), Uuid::from_u128(4));
        let chart = [link(a, acct, Some(b)), link(b, acct, Some(a))];
        assert_eq!(check_reports_to(me, acct, a, &chart).unwrap_err().problem, Problem::Cycle);
    }
}
