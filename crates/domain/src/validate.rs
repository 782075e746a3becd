//! Validation that names the field. Raw input (a form, a CLI flag, later an import row) becomes a
//! validated type before anything is written; every problem found is reported, not just the first.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// What is wrong with a field. The `code` (and its parameters) lets the UI say it in the user's
/// language; `Display` gives the English sentence the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    OutOfRange {
        min: i64,
        max: i64,
    },
    InvalidDate,
    /// Not a time of day as HH:MM (a quiet hour, say).
    InvalidTime,
    DateOutOfRange {
        min: i32,
        max: i32,
    },
    InvalidAmount,
    TooManyDecimals,
    InvalidChoice {
        allowed: Vec<&'static str>,
    },
    InvalidEmail,
    Negative,
    NotANumber,
    NotFound,
    OtherAccount,
    SelfReference,
    Cycle,
    Duplicate,
    BeforeDate {
        other: &'static str,
    },
    LessThan {
        other: &'static str,
    },
    OnlyForComplaints,
    /// A status change the life cycle does not allow (a draft plan straight to closed, say).
    NotAllowedMove {
        from: &'static str,
        allowed: Vec<&'static str>,
    },
    /// A plan period that shares days with another plan of the account.
    Overlaps {
        period: String,
    },
    /// A target that is the baseline: there would be nothing to achieve.
    SameAs {
        other: &'static str,
    },
    /// A name that is not one of those known (an export column, say).
    UnknownName {
        name: String,
        allowed: Vec<&'static str>,
    },
    /// A folder given as a relative path, where only a full one means the same folder always.
    RelativePath,
    /// A one-line text holding a line break, a tab or another control character.
    ControlCharacter,
    /// A stored or supplied value cannot be read at all (damaged saved settings, say).
    Unreadable {
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "is required"),
            Problem::TooLong { max } => write!(f, "is longer than {max} characters"),
            Problem::OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            Problem::InvalidDate => write!(f, "is not a real date (expected YYYY-MM-DD)"),
            Problem::DateOutOfRange { min, max } => {
                write!(f, "must be between the years {min} and {max}")
            }
            Problem::InvalidAmount => write!(f, "is not an amount (e.g. 1234.56)"),
            Problem::TooManyDecimals => write!(f, "has more than 2 decimal places"),
            Problem::InvalidChoice { allowed } => {
                write!(f, "must be one of: {}", allowed.join(", "))
            }
            Problem::InvalidEmail => write!(f, "is not an email address"),
            Problem::InvalidTime => {
                write!(f, "is not a time of day (expected HH:MM, 00:00 to 23:59)")
            }
            Problem::Negative => write!(f, "must not be negative"),
            Problem::NotANumber => write!(f, "is not a number"),
            Problem::NotFound => write!(f, "refers to a record that does not exist"),
            Problem::OtherAccount => write!(f, "belongs to another account"),
            Problem::SelfReference => write!(f, "cannot refer to the record itself"),
            Problem::Cycle => write!(f, "would make a reporting cycle"),
            Problem::Duplicate => write!(f, "is already used by another record"),
            Problem::BeforeDate { other } => write!(f, "must not be before {other}"),
            Problem::LessThan { other } => write!(f, "must not be less than {other}"),
            Problem::OnlyForComplaints => write!(f, "applies to complaints only"),
            Problem::NotAllowedMove { from, allowed } if allowed.is_empty() => {
                write!(f, "cannot change: a {from} plan stays as it is")
            }
            Problem::NotAllowedMove { from, allowed } => {
                write!(f, "cannot move from {from}; it can move to: {}", allowed.join(", "))
            }
            Problem::SameAs { other } => write!(f, "must differ from {other}"),
            Problem::Overlaps { period } => {
                write!(f, "overlaps the plan for {period} (allow the overlap to keep both)")
            }
            Problem::UnknownName { name, allowed } => {
                write!(f, "has {name:?}, which is not one of: {}", allowed.join(", "))
            }
            Problem::RelativePath => {
                write!(f, "must be a folder's full path (such as /home/me/Sync)")
            }
            Problem::ControlCharacter => {
                write!(f, "must be one line, without tabs or other control characters")
            }
            Problem::Unreadable { reason } => write!(f, "cannot be read ({reason})"),
        }
    }
}

/// One problem with one named field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub problem: Problem,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        let field = field.into();
        let message = format!("{field}: {problem}");
        FieldError { field, problem, message }
    }
}

/// Every problem found in one input. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn single(field: &str, problem: Problem) -> Self {
        ValidationErrors(vec![FieldError::new(field, problem)])
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Collects problems while an input is checked field by field.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

pub const MAX_TEXT: usize = 200;
const MAX_LONG_TEXT: usize = 20_000;
use crate::vocabulary::{YEAR_MAX, YEAR_MIN};

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// Ok(value) when nothing failed, else every problem found.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.errors))
        }
    }

    /// A required one-line text: trimmed, non-empty, at most 200 characters, no control
    /// characters (a line break, a tab, an escape code).
    pub fn required_text(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, Problem::Required);
        } else {
            self.check_len(field, v, MAX_TEXT);
            self.check_one_line(field, v);
        }
        v.to_string()
    }

    /// An optional one-line text: blank becomes None.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.check_len(field, v, MAX_TEXT);
        self.check_one_line(field, v);
        Some(v.to_string())
    }

    /// Free text such as notes or a summary: blank becomes None, long but bounded; line breaks
    /// and tabs are kept, other control characters (an escape code, NUL) refused.
    pub fn long_text(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.check_len(field, v, MAX_LONG_TEXT);
        if v.chars().any(|c| refused_char(c, false)) {
            self.fail(field, Problem::ControlCharacter);
        }
        Some(v.to_string())
    }

    /// A one-line text holds no control character: one would break the line it is shown on, or
    /// reach a terminal as an escape code.
    fn check_one_line(&mut self, field: &str, v: &str) {
        if v.chars().any(|c| refused_char(c, true)) {
            self.fail(field, Problem::ControlCharacter);
        }
    }

    fn check_len(&mut self, field: &str, v: &str, max: usize) {
        if v.chars().count() > max {
            self.fail(field, Problem::TooLong { max });
        }
    }

    /// An optional calendar date written YYYY-MM-DD; an impossible date (2023-02-30) is an error.
    pub fn optional_date(&mut self, field: &str, value: Option<&str>) -> Option<NaiveDate> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.date(field, v)
    }

    /// A required calendar date written YYYY-MM-DD.
    pub fn required_date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        self.date(field, v)
    }

    fn date(&mut self, field: &str, v: &str) -> Option<NaiveDate> {
        match parse_iso_date(v) {
            Some(d) if (YEAR_MIN..=YEAR_MAX).contains(&chrono::Datelike::year(&d)) => Some(d),
            Some(_) => {
                self.fail(field, Problem::DateOutOfRange { min: YEAR_MIN, max: YEAR_MAX });
                None
            }
            None => {
                self.fail(field, Problem::InvalidDate);
                None
            }
        }
    }

    /// An optional whole number within `min..=max` (ratings, scores).
    pub fn optional_range(
        &mut self,
        field: &str,
        value: Option<i64>,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let v = value?;
        if (min..=max).contains(&v) {
            Some(v)
        } else {
            self.fail(field, Problem::OutOfRange { min, max });
            None
        }
    }

    /// A required whole number within `min..=max`.
    pub fn required_range(&mut self, field: &str, value: Option<i64>, min: i64, max: i64) -> i64 {
        match value {
            None => {
                self.fail(field, Problem::Required);
                min
            }
            Some(v) => self.optional_range(field, Some(v), min, max).unwrap_or(min),
        }
    }

    /// An optional choice from a closed list, spelled as its snake_case name.
    pub fn optional_choice<T: Choice>(&mut self, field: &str, value: Option<&str>) -> Option<T> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        match T::parse(v) {
            Some(c) => Some(c),
            None => {
                self.fail(field, Problem::InvalidChoice { allowed: T::NAMES.to_vec() });
                None
            }
        }
    }

    /// A required choice from a closed list.
    pub fn required_choice<T: Choice>(&mut self, field: &str, value: &str) -> Option<T> {
        if value.trim().is_empty() {
            self.fail(field, Problem::Required);
            return None;
        }
        self.optional_choice(field, Some(value))
    }

    /// A required amount of money as typed (`1234.56`), exact to the minor unit.
    pub fn required_amount(&mut self, field: &str, value: &str) -> crate::Money {
        if value.trim().is_empty() {
            self.fail(field, Problem::Required);
            return crate::Money::ZERO;
        }
        self.optional_amount(field, Some(value)).unwrap_or_default()
    }

    /// An optional amount of money; blank becomes None.
    pub fn optional_amount(&mut self, field: &str, value: Option<&str>) -> Option<crate::Money> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        match crate::Money::parse(v) {
            Ok(m) => Some(m),
            Err(p) => {
                self.fail(field, p);
                None
            }
        }
    }

    /// An optional non-negative quantity (may be fractional: tonnes, hours).
    pub fn optional_quantity(&mut self, field: &str, value: Option<f64>) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || v.abs() > 1e12 {
            self.fail(field, Problem::NotANumber);
            None
        } else if v < 0.0 {
            self.fail(field, Problem::Negative);
            None
        } else {
            Some(v)
        }
    }

    /// `later` must not be before `earlier` (both optional).
    pub fn not_before(
        &mut self,
        field: &str,
        later: Option<NaiveDate>,
        other: &'static str,
        earlier: Option<NaiveDate>,
    ) {
        if let (Some(l), Some(e)) = (later, earlier) {
            if l < e {
                self.fail(field, Problem::BeforeDate { other });
            }
        }
    }
}

/// Parses a strict ISO calendar date (YYYY-MM-DD).
pub fn parse_iso_date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD` as bytes, without allocating: the bulk import writes and fingerprints a
/// million of these. Equal to `date.to_string()` for years 0–9999.
pub fn iso_date_bytes(d: NaiveDate) -> [u8; 10] {
    use chrono::Datelike;
    let (y, m, day) = (d.year().clamp(0, 9999).unsigned_abs(), d.month(), d.day());
    let digit = |v: u32| b'0' + (v % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

/// A closed list of named values (size band, buying role, …) spelled in snake_case.
pub trait Choice: Sized + Copy + 'static {
    const ALL: &'static [Self];
    const NAMES: &'static [&'static str];

    fn name(self) -> &'static str {
        let i = Self::ALL.iter().position(|c| c.same(self)).unwrap_or(0);
        Self::NAMES[i]
    }

    fn parse(s: &str) -> Option<Self> {
        // Case-insensitive, and "cross-sell" / "cross sell" mean cross_sell.
        let s = s.trim().replace(['-', ' '], "_");
        Self::NAMES.iter().position(|n| n.eq_ignore_ascii_case(&s)).map(|i| Self::ALL[i])
    }

    fn same(self, other: Self) -> bool;
}

/// Declares a closed list: the enum, its snake_case serde names and its `Choice` impl, from one
/// table, so a name can never drift between the database, the JSON and the validator.
#[macro_export]
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $crate::validate::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($text),+];
            fn same(self, other: Self) -> bool { self == other }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::validate::Choice::name(*self))
            }
        }
    };
}

/// Whether a text refuses `c`: a control character (an escape code, NUL; in a one-line text
/// also a line break or tab), or a bidirectional embedding, override or isolate (U+202A–202E,
/// U+2066–2069), which makes a name read differently from what it holds. Every door — the
/// window, the command line, an import, a bundle — asks this one question.
pub fn refused_char(c: char, one_line: bool) -> bool {
    (c.is_control() && (one_line || !matches!(c, '\n' | '\r' | '\t')))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_date_bytes_match_chrono() {
        for (y, m, d) in [(1, 1, 1), (1900, 1, 1), (2023, 1, 5), (2200, 12, 31), (2024, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(std::str::from_utf8(&iso_date_bytes(date)).unwrap(), date.to_string());
        }
    }

    #[test]
    fn control_characters_are_refused_by_name_and_long_text_keeps_its_lines() {
        for bad in ["Acme\u{1b}[31m", "Two\nLines", "Tab\there", "NUL\0", "DEL\u{7f}", "C1\u{9b}"] {
            let mut c = Checker::new();
            c.required_text("name", bad);
            c.optional_text("title", Some(bad));
            let e = c.finish(()).unwrap_err();
            assert_eq!(e.0.len(), 2, "{bad:?}");
            assert!(e.0.iter().all(|f| f.problem == Problem::ControlCharacter), "{bad:?}");
        }
        let mut c = Checker::new();
        let notes = c.long_text("notes", Some("line one\nline two\twith a tab\r\n"));
        assert_eq!(notes.as_deref(), Some("line one\nline two\twith a tab"));
        c.finish(()).unwrap();
        let mut c = Checker::new();
        c.long_text("notes", Some("red \u{1b}[31m text"));
        assert_eq!(c.finish(()).unwrap_err().0[0].field, "notes");
        let mut c = Checker::new();
        assert_eq!(c.required_text("name", "  华东精密 ”Big“ Ltd  "), "华东精密 ”Big“ Ltd");
        c.finish(()).unwrap();
    }

    #[test]
    fn impossible_date_names_the_field() {
        let mut c = Checker::new();
        assert_eq!(c.optional_date("renewal_date", Some("2023-02-30")), None);
        let err = c.finish(()).unwrap_err();
        assert_eq!(err.0[0].field, "renewal_date");
        assert_eq!(err.0[0].problem, Problem::InvalidDate);
        assert!(err.to_string().contains("renewal_date"));
    }

    #[test]
    fn leap_day_is_a_real_date_only_in_leap_years() {
        let mut c = Checker::new();
        assert!(c.optional_date("d", Some("2024-02-29")).is_some());
        assert!(c.optional_date("d", Some("2023-02-29")).is_none());
    }

    #[test]
    fn blank_optional_values_are_none_not_errors() {
        let mut c = Checker::new();
        assert_eq!(c.optional_text("industry", Some("   ")), None);
        assert_eq!(c.optional_date("d", Some("")), None);
        assert!(c.finish(()).is_ok());
    }

    #[test]
    fn overlong_text_is_rejected() {
        let mut c = Checker::new();
        let long = "客".repeat(201);
        c.required_text("name", &long);
        assert_eq!(c.finish(()).unwrap_err().0[0].problem, Problem::TooLong { max: 200 });
    }

    #[test]
    fn problems_serialise_with_a_code_for_the_ui() {
        let e = FieldError::new("nps", Problem::OutOfRange { min: 0, max: 10 });
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "out_of_range");
        assert_eq!(v["max"], 10);
        assert_eq!(v["field"], "nps");
        assert_eq!(v["message"], "nps: must be between 0 and 10");
    }
}
