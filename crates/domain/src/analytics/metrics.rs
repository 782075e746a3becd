//! Per-account metrics over half-open windows ending on T: "the last N days" are the dates d
//! with T - N < d <= T, and "the N days before" are T - 2N < d <= T - N. Records dated after T
//! are ignored, so results for a past T are what the app would have said on that day.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::{Interaction, InteractionKind, Survey, Transaction};

/// The window boundaries for an as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub as_of: NaiveDate,
}

/// The last twelve months, as the rules count them.
pub const YEAR_DAYS: i64 = 365;
/// The last quarter.
pub const QUARTER_DAYS: i64 = 90;

/// The windows' lower bounds (each exclusive; the upper bound is T): a date d is in the last
/// year when `year` < d <= T, in the year before when `prior_year` < d <= `year`, and so for the
/// quarters. What a scan that compares dates as it reads them needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub year: NaiveDate,
    pub prior_year: NaiveDate,
    pub quarter: NaiveDate,
    pub prior_quarter: NaiveDate,
}

impl Windows {
    pub fn new(as_of: NaiveDate) -> Self {
        Windows { as_of }
    }

    /// The bounds of the year and quarter windows and the ones before them.
    pub fn bounds(&self) -> Bounds {
        let back = |days| self.as_of - Duration::days(days);
        Bounds {
            year: back(YEAR_DAYS),
            prior_year: back(2 * YEAR_DAYS),
            quarter: back(QUARTER_DAYS),
            prior_quarter: back(2 * QUARTER_DAYS),
        }
    }

    /// Whether `d` is in the last `days` days.
    pub fn last(&self, days: i64, d: NaiveDate) -> bool {
        d <= self.as_of && d > self.as_of - Duration::days(days)
    }

    /// Whether `d` is in the `days` days before the last `days` days.
    pub fn before_last(&self, days: i64, d: NaiveDate) -> bool {
        d <= self.as_of - Duration::days(days) && d > self.as_of - Duration::days(2 * days)
    }

    pub fn days_since(&self, d: NaiveDate) -> i64 {
        (self.as_of - d).num_days()
    }
}

/// Everything the rules need to know about one account's history as of T. Money is in minor
/// units. `None` means "nothing to judge by", which the rules treat differently from zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountFacts {
    pub rev12: i64,
    pub profit12: i64,
    pub prev12: i64,
    /// Distinct transaction dates in the last 365 days.
    pub frequency: u32,
    pub rev90: i64,
    pub prev90: i64,
    pub first_purchase: Option<NaiveDate>,
    pub last_purchase: Option<NaiveDate>,
    pub last_interaction: Option<NaiveDate>,
    pub complaints90: u32,
    pub complaints_prev90: u32,
    pub latest_nps: Option<u8>,
    pub previous_nps: Option<u8>,
}

impl AccountFacts {
    /// Folds one account's records into its facts. Records of other accounts, deleted ones and
    /// those dated after T are skipped.
    pub fn from_records(
        account_id: Uuid,
        w: Windows,
        transactions: &[Transaction],
        interactions: &[Interaction],
        surveys: &[Survey],
    ) -> AccountFacts {
        let mut f = AccountFacts::default();
        let mut dates_12m: Vec<NaiveDate> = Vec::new();
        let live = |meta: &crate::Meta| meta.deleted_at.is_none();
        for t in transactions.iter().filter(|t| t.fields.account_id == account_id && live(&t.meta))
        {
            f.add_transaction(
                w,
                t.fields.date,
                t.fields.revenue.minor(),
                t.fields.profit.map(crate::Money::minor),
            );
            if w.last(YEAR_DAYS, t.fields.date) {
                dates_12m.push(t.fields.date);
            }
        }
        dates_12m.sort_unstable();
        dates_12m.dedup();
        f.frequency = u32::try_from(dates_12m.len()).unwrap_or(u32::MAX);
        for i in interactions.iter().filter(|i| i.fields.account_id == account_id && live(&i.meta))
        {
            f.add_interaction(w, i.fields.date, i.fields.kind == InteractionKind::Complaint);
        }
        let mut responses: Vec<(NaiveDate, Uuid, u8)> = surveys
            .iter()
            .filter(|s| {
                s.fields.account_id == account_id && live(&s.meta) && s.fields.date <= w.as_of
            })
            .map(|s| (s.fields.date, s.id(), s.fields.nps))
            .collect();
        responses.sort_unstable();
        f.latest_nps = responses.last().map(|r| r.2);
        f.previous_nps = responses.iter().rev().nth(1).map(|r| r.2);
        f
    }

    /// Adds one transaction (all but `frequency`, which needs the distinct dates).
    pub fn add_transaction(
        &mut self,
        w: Windows,
        date: NaiveDate,
        revenue: i64,
        profit: Option<i64>,
    ) {
        if date > w.as_of {
            return;
        }
        if w.last(YEAR_DAYS, date) {
            self.rev12 += revenue;
            self.profit12 += profit.unwrap_or(0);
        } else if w.before_last(YEAR_DAYS, date) {
            self.prev12 += revenue;
        }
        if w.last(QUARTER_DAYS, date) {
            self.rev90 += revenue;
        } else if w.before_last(QUARTER_DAYS, date) {
            self.prev90 += revenue;
        }
        self.first_purchase = Some(self.first_purchase.map_or(date, |d| d.min(date)));
        self.last_purchase = Some(self.last_purchase.map_or(date, |d| d.max(date)));
    }

    /// Adds one interaction.
    pub fn add_interaction(&mut self, w: Windows, date: NaiveDate, complaint: bool) {
        if date > w.as_of {
            return;
        }
        self.last_interaction = Some(self.last_interaction.map_or(date, |d| d.max(date)));
        if complaint && w.last(QUARTER_DAYS, date) {
            self.complaints90 += 1;
        } else if complaint && w.before_last(QUARTER_DAYS, date) {
            self.complaints_prev90 += 1;
        }
    }

    /// Days from the last purchase to T, if there was one.
    pub fn recency_days(&self, w: Windows) -> Option<i64> {
        self.last_purchase.map(|d| w.days_since(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Meta, Money, Record, TransactionFields};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tx(account: Uuid, date: &str, revenue: i64) -> Transaction {
        Record {
            meta: Meta::new(chrono::DateTime::UNIX_EPOCH),
            fields: TransactionFields {
                account_id: account,
                date: d(date),
                revenue: Money(revenue),
                profit: Some(Money(revenue / 10)),
                product_line: None,
                quantity: None,
            },
        }
    }

    #[test]
    fn windows_are_half_open_and_end_on_t() {
        let w = Windows::new(d("2026-11-22"));
        assert!(w.last(365, d("2026-11-22")));
        assert!(!w.last(365, d("2026-11-23")), "after T is ignored");
        assert!(w.last(365, d("2025-11-23")));
        assert!(!w.last(365, d("2025-11-22")), "T - 365 belongs to the year before");
        assert!(w.before_last(365, d("2025-11-22")));
        assert!(!w.before_last(365, d("2024-11-22")));
    }

    #[test]
    fn facts_fold_the_windows() {
        let a = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        let w = Windows::new(d("2026-11-22"));
        let txs = [
            tx(a, "2026-11-22", 100),
            tx(a, "2026-11-22", 50), // same date: one for frequency
            tx(a, "2026-06-01", 1000),
            tx(a, "2025-11-22", 7),      // exactly T-365: previous year
            tx(a, "2027-01-01", 99_999), // future: ignored
            tx(other, "2026-11-01", 5),
        ];
        let f = AccountFacts::from_records(a, w, &txs, &[], &[]);
        assert_eq!((f.rev12, f.profit12, f.prev12), (1150, 115, 7));
        assert_eq!(f.frequency, 2);
        // 2026-06-01 lies in the 90 days before the last 90 (T-180 < d <= T-90).
        assert_eq!((f.rev90, f.prev90), (150, 1000));
        assert_eq!(f.first_purchase, Some(d("2025-11-22")));
        assert_eq!(f.recency_days(w), Some(0));
        assert_eq!(f.latest_nps, None);
    }
}
