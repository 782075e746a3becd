//! Transaction 交易: revenue (and optionally gross profit) booked with an account on a date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, ValidationErrors};
use crate::{Money, Record};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TransactionInput {
    pub date: String,
    /// As typed: `1234.56`. Negative for a credit note.
    pub revenue: String,
    pub profit: Option<String>,
    pub product_line: Option<String>,
    pub quantity: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransactionFields {
    pub account_id: Uuid,
    pub date: NaiveDate,
    pub revenue: Money,
    pub profit: Option<Money>,
    pub product_line: Option<String>,
    pub quantity: Option<f64>,
}

pub type Transaction = Record<TransactionFields>;

impl TransactionInput {
    pub fn validate(&self, account_id: Uuid) -> Result<TransactionFields, ValidationErrors> {
        let mut c = Checker::new();
        let fields = TransactionFields {
            account_id,
            date: c.required_date("date", &self.date).unwrap_or_default(),
            revenue: c.required_amount("revenue", &self.revenue),
            profit: c.optional_amount("profit", self.profit.as_deref()),
            product_line: c.optional_text("product_line", self.product_line.as_deref()),
            quantity: c.optional_quantity("quantity", self.quantity),
        };
        c.finish(fields)
    }
}

impl From<&TransactionFields> for TransactionInput {
    fn from(f: &TransactionFields) -> Self {
        TransactionInput {
            date: f.date.to_string(),
            revenue: f.revenue.to_string(),
            profit: f.profit.map(|p| p.to_string()),
            product_line: f.product_line.clone(),
            quantity: f.quantity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    #[test]
    fn amounts_become_minor_units() {
        let f = TransactionInput {
            date: "2026-01-31".into(),
            revenue: "12,345.60".into(),
            profit: Some("-10.5".into()),
            quantity: Some(2.5),
            ..Default::default()
        }
        .validate(Uuid::nil())
        .unwrap();
        assert_eq!(f.revenue, Money(1_234_560));
        assert_eq!(f.profit, Some(Money(-1050)));
    }

    #[test]
    fn negative_quantity_and_bad_amounts_are_named() {
        let err = TransactionInput {
            date: "2026-01-31".into(),
            revenue: "12.345".into(),
            profit: Some("lots".into()),
            quantity: Some(-1.0),
            ..Default::default()
        }
        .validate(Uuid::nil())
        .unwrap_err();
        let got: Vec<(&str, &Problem)> =
            err.0.iter().map(|e| (e.field.as_str(), &e.problem)).collect();
        assert_eq!(
            got,
            [
                ("revenue", &Problem::TooManyDecimals),
                ("profit", &Problem::InvalidAmount),
                ("quantity", &Problem::Negative)
            ]
        );
    }

    #[test]
    fn date_and_revenue_are_required() {
        let err = TransactionInput::default().validate(Uuid::nil()).unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "revenue"]);
    }
}
