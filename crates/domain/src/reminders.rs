//! What is due, and how far ahead it is put before the user: the Today list, `keyplan today` and
//! the desktop's reminders all ask these rules.

use crate::analytics::Tier;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_accounts_are_warned_earliest() {
        assert!(renewal_lead_days(Tier::A) > renewal_lead_days(Tier::B));
        assert!(renewal_lead_days(Tier::B) > renewal_lead_days(Tier::C));
        assert!(alert_listed(Tier::A) && alert_listed(Tier::B) && !alert_listed(Tier::C));
    }
}
