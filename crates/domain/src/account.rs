//! Account 客户: the business customer a key-account manager looks after.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validate::{Checker, Choice, Problem, ValidationErrors};
use crate::vocabulary::RATING;
use crate::Record;

crate::choice! {
    /// Size band 规模.
    SizeBand { Micro = "micro", Small = "small", Medium = "medium", Large = "large", Enterprise = "enterprise" }
}

const MAX_TAGS: usize = 20;
const MAX_TAG_LEN: usize = 40;

/// An account as a form or the command line sends it: every field raw, nothing trusted yet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountInput {
    pub name: String,
    pub industry: Option<String>,
    pub size_band: Option<String>,
    pub region: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub relationship_start: Option<String>,
    pub renewal_date: Option<String>,
    pub industry_influence: Option<i64>,
    pub innovation_synergy: Option<i64>,
    pub growth_potential: Option<i64>,
    pub strategic_fit: Option<i64>,
    pub notes: Option<String>,
}

/// An account's validated fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFields {
    pub name: String,
    pub industry: Option<String>,
    pub size_band: Option<SizeBand>,
    pub region: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub relationship_start: Option<NaiveDate>,
    pub renewal_date: Option<NaiveDate>,
    /// Potential ratings 1-5 (行业影响力, 创新协同, 增长潜力, 战略契合度); None = not rated.
    pub industry_influence: Option<u8>,
    pub innovation_synergy: Option<u8>,
    pub growth_potential: Option<u8>,
    pub strategic_fit: Option<u8>,
    pub notes: Option<String>,
}

pub type Account = Record<AccountFields>;

impl AccountInput {
    /// Checks every field, reporting all problems by field name.
    pub fn validate(&self) -> Result<AccountFields, ValidationErrors> {
        let mut c = Checker::new();
        let rating = |c: &mut Checker, field: &str, v: Option<i64>| {
            c.optional_range(field, v, RATING.min, RATING.max).and_then(|v| u8::try_from(v).ok())
        };
        let fields = AccountFields {
            name: c.required_text("name", &self.name),
            industry: c.optional_text("industry", self.industry.as_deref()),
            size_band: c.optional_choice("size_band", self.size_band.as_deref()),
            region: c.optional_text("region", self.region.as_deref()),
            owner: c.optional_text("owner", self.owner.as_deref()),
            tags: clean_tags(&mut c, &self.tags),
            relationship_start: c
                .optional_date("relationship_start", self.relationship_start.as_deref()),
            renewal_date: c.optional_date("renewal_date", self.renewal_date.as_deref()),
            industry_influence: rating(&mut c, "industry_influence", self.industry_influence),
            innovation_synergy: rating(&mut c, "innovation_synergy", self.innovation_synergy),
            growth_potential: rating(&mut c, "growth_potential", self.growth_potential),
            strategic_fit: rating(&mut c, "strategic_fit", self.strategic_fit),
            notes: c.long_text("notes", self.notes.as_deref()),
        };
        c.finish(fields)
    }
}

impl From<&AccountFields> for AccountInput {
    /// The form values that would produce these fields again (used to edit a record).
    fn from(f: &AccountFields) -> Self {
        AccountInput {
            name: f.name.clone(),
            industry: f.industry.clone(),
            size_band: f.size_band.map(|s| s.name().to_string()),
            region: f.region.clone(),
            owner: f.owner.clone(),
            tags: f.tags.clone(),
            relationship_start: f.relationship_start.map(|d| d.to_string()),
            renewal_date: f.renewal_date.map(|d| d.to_string()),
            industry_influence: f.industry_influence.map(i64::from),
            innovation_synergy: f.innovation_synergy.map(i64::from),
            growth_potential: f.growth_potential.map(i64::from),
            strategic_fit: f.strategic_fit.map(i64::from),
            notes: f.notes.clone(),
        }
    }
}

/// Tags: trimmed, blanks dropped, duplicates (case-insensitive) dropped, order kept.
fn clean_tags(c: &mut Checker, tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if t.chars().count() > MAX_TAG_LEN {
            c.fail("tags", Problem::TooLong { max: MAX_TAG_LEN });
        } else if t.chars().any(|ch| crate::validate::refused_char(ch, true)) {
            c.fail("tags", Problem::ControlCharacter);
        } else if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_string());
        }
    }
    if out.len() > MAX_TAGS {
        c.fail("tags", Problem::OutOfRange { min: 0, max: MAX_TAGS as i64 });
    }
    out
}

crate::choice! {
    /// The columns the accounts table can be sorted by.
    AccountSort {
        Name = "name", Industry = "industry", SizeBand = "size_band", Region = "region",
        Owner = "owner", RenewalDate = "renewal_date", CreatedAt = "created_at", UpdatedAt = "updated_at",
    }
}

/// What the accounts table asks for: filters, a name search, a sort and a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountQuery {
    pub search: Option<String>,
    pub industry: Option<String>,
    pub size_band: Option<SizeBand>,
    pub region: Option<String>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    pub sort: Option<AccountSort>,
    pub descending: bool,
    pub offset: u32,
    /// Rows wanted; 0 means all of them.
    pub limit: u32,
}

/// One page of a list and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u32,
}

/// The distinct values present, for the table's filter menus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountFacets {
    pub industries: Vec<String>,
    pub regions: Vec<String>,
    pub owners: Vec<String>,
    pub tags: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;

    fn valid() -> AccountInput {
        AccountInput { name: "Acme 华东".into(), ..Default::default() }
    }

    #[test]
    fn minimal_account_is_valid() {
        let f = valid().validate().unwrap();
        assert_eq!(f.name, "Acme 华东");
        assert_eq!(f.size_band, None);
    }

    #[test]
    fn blank_name_is_named() {
        let err = AccountInput { name: "  ".into(), ..valid() }.validate().unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, "name");
        assert_eq!(err.0[0].problem, Problem::Required);
    }

    #[test]
    fn unknown_size_band_lists_the_allowed_ones() {
        let err =
            AccountInput { size_band: Some("huge".into()), ..valid() }.validate().unwrap_err();
        assert_eq!(err.0[0].field, "size_band");
        assert!(err.to_string().contains("micro, small, medium, large, enterprise"));
    }

    #[test]
    fn size_band_accepts_case_and_spaces() {
        let f =
            AccountInput { size_band: Some(" Enterprise ".into()), ..valid() }.validate().unwrap();
        assert_eq!(f.size_band, Some(SizeBand::Enterprise));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let err = AccountInput {
            name: String::new(),
            renewal_date: Some("2024-13-01".into()),
            strategic_fit: Some(6),
            industry_influence: Some(0),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "renewal_date", "industry_influence", "strategic_fit"]);
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let f = AccountInput {
            tags: vec![" vip ".into(), "VIP".into(), "".into(), "重点".into()],
            ..valid()
        }
        .validate()
        .unwrap();
        assert_eq!(f.tags, ["vip", "重点"]);
    }

    #[test]
    fn input_round_trips_through_fields() {
        let input = AccountInput {
            name: "A".into(),
            size_band: Some("large".into()),
            renewal_date: Some("2027-03-31".into()),
            growth_potential: Some(4),
            tags: vec!["x".into()],
            ..Default::default()
        };
        let f = input.validate().unwrap();
        assert_eq!(AccountInput::from(&f).validate().unwrap(), f);
    }
}
