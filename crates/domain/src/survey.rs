//! Survey response 满意度调查: NPS 0-10 and optional CSAT 1-5.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, ValidationErrors};
use crate::vocabulary::{NPS, RATING};
use crate::Record;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyInput {
    pub contact_id: Option<Uuid>,
    pub date: String,
    pub nps: Option<i64>,
    pub csat: Option<i64>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFields {
    pub account_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub date: NaiveDate,
    pub nps: u8,
    pub csat: Option<u8>,
    pub comment: Option<String>,
}

pub type Survey = Record<SurveyFields>;

impl SurveyInput {
    pub fn validate(&self, account_id: Uuid) -> Result<SurveyFields, ValidationErrors> {
        let mut c = Checker::new();
        let fields = SurveyFields {
            account_id,
            contact_id: self.contact_id,
            date: c.required_date("date", &self.date).unwrap_or_default(),
            nps: u8::try_from(c.required_range("nps", self.nps, NPS.min, NPS.max)).unwrap_or(0),
            csat: c
                .optional_range("csat", self.csat, RATING.min, RATING.max)
                .and_then(|v| u8::try_from(v).ok()),
            comment: c.long_text("comment", self.comment.as_deref()),
        };
        c.finish(fields)
    }
}

impl From<&SurveyFields> for SurveyInput {
    fn from(f: &SurveyFields) -> Self {
        SurveyInput {
            contact_id: f.contact_id,
            date: f.date.to_string(),
            nps: Some(i64::from(f.nps)),
            csat: f.csat.map(i64::from),
            comment: f.comment.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    #[test]
    fn nps_of_eleven_is_out_of_range() {
        let err = SurveyInput { date: "2026-05-01".into(), nps: Some(11), ..Default::default() }
            .validate(Uuid::nil())
            .unwrap_err();
        assert_eq!(err.0[0].field, "nps");
        assert_eq!(err.0[0].problem, Problem::OutOfRange { min: 0, max: 10 });
    }

    #[test]
    fn nps_edges_and_csat() {
        for nps in [0, 10] {
            let ok = SurveyInput {
                date: "2026-05-01".into(),
                nps: Some(nps),
                csat: Some(5),
                ..Default::default()
            };
            assert!(ok.validate(Uuid::nil()).is_ok());
        }
        let err = SurveyInput {
            date: "2026-05-01".into(),
            nps: None,
            csat: Some(0),
            ..Default::default()
        }
        .validate(Uuid::nil())
        .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["nps", "csat"]);
    }
}
