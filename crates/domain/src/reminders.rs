//! What is due, and how far ahead it is put before the user: the Today list, `keyplan today` and
//! the desktop's reminders all ask these rules.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::analytics::Tier;
use crate::validate::{FieldError, Problem, ValidationErrors};

/// Days before a plan's review day that the review is listed: the day before (Thursday's review
/// on Wednesday), and on the day.
pub const REVIEW_LEAD_DAYS: i64 = 1;

/// Days before a contract's renewal that it is listed, by the account's tier: a key account's
/// renewal is prepared a quarter ahead, a small one a month ahead (the tiers' contact cadences).
pub fn renewal_lead_days(tier: Tier) -> i64 {
    match tier {
        Tier::A => 90,
        Tier::B => 60,
        Tier::C => 30,
    }
}

/// Whether a churn alert on an account of this tier is listed: the accounts that carry the
/// portfolio (A and B); a C account's alert stays on the alerts list.
pub fn alert_listed(tier: Tier) -> bool {
    matches!(tier, Tier::A | Tier::B)
}

/// Which reminders come as desktop notifications, how early, and when not: Settings →
/// Reminders. The lead times also decide what the Today list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Unknown fields are ignored: a book last saved by a newer Keyplan keeps its reminders here.
#[serde(default)]
pub struct ReminderSettings {
    /// Desktop notifications at all (the Today list is there either way).
    pub notify: bool,
    pub actions: bool,
    pub reviews: bool,
    pub renewals: bool,
    pub alerts: bool,
    /// Whether a notification may name the account. Off: only counts ("2 plan reviews coming
    /// up"), for a desktop that mirrors notifications to a phone or shows them on a locked
    /// screen.
    pub show_names: bool,
    /// Days before a plan's review day that it is due.
    pub review_lead_days: i64,
    /// Days before a contract's renewal that it is due, for A, B and C accounts.
    pub renewal_lead_days_a: i64,
    pub renewal_lead_days_b: i64,
    pub renewal_lead_days_c: i64,
    /// No notification from this time of day (HH:MM, local) until `quiet_until`; may run over
    /// midnight. Both or neither.
    pub quiet_from: Option<String>,
    pub quiet_until: Option<String>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            notify: true,
            actions: true,
            reviews: true,
            renewals: true,
            alerts: true,
            show_names: true,
            review_lead_days: REVIEW_LEAD_DAYS,
            renewal_lead_days_a: renewal_lead_days(Tier::A),
            renewal_lead_days_b: renewal_lead_days(Tier::B),
            renewal_lead_days_c: renewal_lead_days(Tier::C),
            quiet_from: None,
            quiet_until: None,
        }
    }
}

/// The longest lead times offered: a review a month ahead, a renewal a year ahead.
pub const MAX_REVIEW_LEAD_DAYS: i64 = 30;
pub const MAX_RENEWAL_LEAD_DAYS: i64 = 365;

/// A time of day written HH:MM (00:00 to 23:59).
pub fn parse_time_of_day(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

impl ReminderSettings {
    /// Checks every field, naming each one that is wrong.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let mut range = |field: &str, v: i64, max: i64| {
            if !(0..=max).contains(&v) {
                errors.push(FieldError::new(field, Problem::OutOfRange { min: 0, max }));
            }
        };
        range("review_lead_days", self.review_lead_days, MAX_REVIEW_LEAD_DAYS);
        range("renewal_lead_days_a", self.renewal_lead_days_a, MAX_RENEWAL_LEAD_DAYS);
        range("renewal_lead_days_b", self.renewal_lead_days_b, MAX_RENEWAL_LEAD_DAYS);
        range("renewal_lead_days_c", self.renewal_lead_days_c, MAX_RENEWAL_LEAD_DAYS);
        for (field, value) in [("quiet_from", &self.quiet_from), ("quiet_until", &self.quiet_until)]
        {
            if value.as_deref().is_some_and(|t| parse_time_of_day(t).is_none()) {
                errors.push(FieldError::new(field, Problem::InvalidTime));
            }
        }
        match (&self.quiet_from, &self.quiet_until) {
            (Some(_), None) => errors.push(FieldError::new("quiet_until", Problem::Required)),
            (None, Some(_)) => errors.push(FieldError::new("quiet_from", Problem::Required)),
            // From 22:00 until 22:00 is no time at all, or all of it: neither is meant.
            (Some(a), Some(b))
                if parse_time_of_day(a).is_some()
                    && parse_time_of_day(a) == parse_time_of_day(b) =>
            {
                let same = Problem::SameAs { other: "quiet_from" };
                errors.push(FieldError::new("quiet_until", same));
            }
            _ => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// Days before a renewal that it is due, for an account of `tier`.
    pub fn renewal_lead(&self, tier: Tier) -> i64 {
        match tier {
            Tier::A => self.renewal_lead_days_a,
            Tier::B => self.renewal_lead_days_b,
            Tier::C => self.renewal_lead_days_c,
        }
    }

    /// Whether `at` (local) falls in the quiet hours.
    pub fn quiet_at(&self, at: NaiveTime) -> bool {
        let (Some(from), Some(until)) = (
            self.quiet_from.as_deref().and_then(parse_time_of_day),
            self.quiet_until.as_deref().and_then(parse_time_of_day),
        ) else {
            return false;
        };
        if from <= until {
            from <= at && at < until
        } else {
            at >= from || at < until
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_may_run_over_midnight_and_bad_values_are_named() {
        let t = |s: &str| parse_time_of_day(s).unwrap();
        let night = ReminderSettings {
            quiet_from: Some("21:30".into()),
            quiet_until: Some("07:00".into()),
            ..ReminderSettings::default()
        };
        assert!(
            night.quiet_at(t("23:00")) && night.quiet_at(t("06:59")) && night.quiet_at(t("21:30"))
        );
        assert!(!night.quiet_at(t("07:00")) && !night.quiet_at(t("12:00")));
        let lunch = ReminderSettings {
            quiet_from: Some("12:00".into()),
            quiet_until: Some("13:00".into()),
            ..ReminderSettings::default()
        };
        assert!(lunch.quiet_at(t("12:30")) && !lunch.quiet_at(t("13:00")));
        assert!(!ReminderSettings::default().quiet_at(t("03:00")));
        let bad = ReminderSettings {
            review_lead_days: -1,
            renewal_lead_days_c: 400,
            quiet_from: Some("25:00".into()),
            ..ReminderSettings::default()
        };
        let fields: Vec<String> =
            bad.validate().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["review_lead_days", "renewal_lead_days_c", "quiet_from", "quiet_until"]
        );
        for wrong in ["7:00", "07:60", "0700", "", "ab:cd", "07:00:00"] {
            assert!(parse_time_of_day(wrong).is_none(), "{wrong}");
        }
        assert!(ReminderSettings::default().validate().is_ok());
    }

    #[test]
    fn key_accounts_are_warned_earliest() {
        assert!(renewal_lead_days(Tier::A) > renewal_lead_days(Tier::B));
        assert!(renewal_lead_days(Tier::B) > renewal_lead_days(Tier::C));
        assert!(alert_listed(Tier::A) && alert_listed(Tier::B) && !alert_listed(Tier::C));
    }
}
