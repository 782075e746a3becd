//! A plan's period: the dates a new plan takes from its label, and the period after one, which
//! "next period's plan" offers. The window and the command line both ask here.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::vocabulary::{YEAR_MAX, YEAR_MIN};

/// A period's label and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub period: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// The year a label names (`FY2027`, `2027 H1`), if it names one Keyplan accepts.
fn year_in(label: &str) -> Option<(usize, i32)> {
    let bytes = label.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|at| {
        let digits = bytes.get(at..at + 4)?;
        let alone = |i: Option<&u8>| i.is_none_or(|b| !b.is_ascii_digit());
        let whole = alone(at.checked_sub(1).and_then(|i| bytes.get(i))) && alone(bytes.get(at + 4));
        if !whole || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let year: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        (YEAR_MIN..=YEAR_MAX).contains(&year).then_some((at, year))
    })
}

/// The dates a new plan labelled `label` runs over when none are given: the calendar year the
/// label names (FY2027 → 2027-01-01 to 2027-12-31), else twelve months from `today`.
pub fn default_dates(label: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = year_in(label).and_then(|(_, y)| NaiveDate::from_ymd_opt(y, 1, 1)).unwrap_or(today);
    let end = start.checked_add_months(Months::new(12)).and_then(|d| d.pred_opt()).unwrap_or(start);
    (start, end)
}

/// The period after `start`..=`end`, labelled `label`: it starts the day after this one ends
/// and runs as many whole months when this one does (a fiscal year, a quarter), else as many
/// days. The label's year moves on by one (FY2026 → FY2027), else it gains " +1".
pub fn next(label: &str, start: NaiveDate, end: NaiveDate) -> Period {
    let period = match year_in(label) {
        Some((at, year)) => format!("{}{}{}", &label[..at], year + 1, &label[at + 4..]),
        None => format!("{label} +1"),
    };
    let after = end.succ_opt().unwrap_or(end);
    let months = (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
    let whole_months = start.day() == 1 && after.day() == 1 && months > 0;
    let next_end = if whole_months {
        u32::try_from(months)
            .ok()
            .and_then(|m| after.checked_add_months(Months::new(m)))
            .and_then(|d| d.pred_opt())
    } else {
        after.checked_add_signed(end - start)
    };
    Period { period, start_date: after, end_date: next_end.unwrap_or(after) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_year_in_the_label_gives_its_calendar_year() {
        assert_eq!(default_dates("FY2027", d("2026-05-01")), (d("2027-01-01"), d("2027-12-31")));
        assert_eq!(default_dates("Q3", d("2026-05-10")), (d("2026-05-10"), d("2027-05-09")));
        assert_eq!(default_dates("20233", d("2026-05-10")).0, d("2026-05-10"), "not a year");
    }

    #[test]
    fn the_next_period_runs_as_long_and_its_year_moves_on() {
        let fy = next("FY2026", d("2026-01-01"), d("2026-12-31"));
        assert_eq!(
            fy,
            Period {
                period: "FY2027".into(),
                start_date: d("2027-01-01"),
                end_date: d("2027-12-31")
            }
        );
        let q = next("2026 Q4", d("2026-10-01"), d("2026-12-31"));
        assert_eq!(
            (q.period.as_str(), q.start_date, q.end_date),
            ("2027 Q4", d("2027-01-01"), d("2027-03-31"))
        );
        let odd = next("Pilot", d("2026-03-15"), d("2026-04-14"));
        assert_eq!(
            (odd.period.as_str(), odd.start_date, odd.end_date),
            ("Pilot +1", d("2026-04-15"), d("2026-05-15"))
        );
        // A fiscal year from April, across a leap day.
        let fy = next("FY2027", d("2027-04-01"), d("2028-03-31"));
        assert_eq!((fy.start_date, fy.end_date), (d("2028-04-01"), d("2029-03-31")));
    }

    #[test]
    fn no_date_overflows() {
        let far = next("x", d("2200-01-01"), NaiveDate::MAX);
        assert_eq!(far.start_date, NaiveDate::MAX);
    }
}
