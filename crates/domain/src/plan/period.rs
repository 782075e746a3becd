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

/// A part of a year a label names: `Q3` (a quarter) or `H1` (a half), with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Quarter(u32),
    Half(u32),
}

/// The quarter or half a label names (`2026 Q4`, `FY2027-H1`, `2026Q2`), and its position.
fn part_in(label: &str) -> Option<(usize, Part)> {
    let b = label.as_bytes();
    (0..b.len().saturating_sub(1)).find_map(|at| {
        let letter = b[at].to_ascii_uppercase();
        let digit = b[at + 1];
        let before_ok = at == 0 || !b[at - 1].is_ascii_alphabetic();
        let after_ok = b.get(at + 2).is_none_or(|c| !c.is_ascii_alphanumeric());
        if !(before_ok && after_ok && digit.is_ascii_digit()) {
            return None;
        }
        let n = u32::from(digit - b'0');
        match letter {
            b'Q' if (1..=4).contains(&n) => Some((at, Part::Quarter(n))),
            b'H' if (1..=2).contains(&n) => Some((at, Part::Half(n))),
            _ => None,
        }
    })
}

/// The dates a new plan labelled `label` runs over when none are given: the quarter or half
/// of the year the label names (2026 Q4 → 2026-10-01 to 2026-12-31), else the calendar year
/// it names (FY2027 → 2027-01-01 to 2027-12-31), else twelve months from `today`.
pub fn default_dates(label: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = year_in(label).map(|(_, y)| y);
    let (first_month, months) = match part_in(label) {
        Some((_, Part::Quarter(q))) if year.is_some() => (3 * q - 2, 3),
        Some((_, Part::Half(h))) if year.is_some() => (6 * h - 5, 6),
        _ => (1, 12),
    };
    let start = year.and_then(|y| NaiveDate::from_ymd_opt(y, first_month, 1)).unwrap_or(today);
    let end =
        start.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(start);
    (start, end)
}

/// The label of the period after `label`'s: the next quarter or half where it names one
/// (2026 Q4 → 2027 Q1), else the next year (FY2026 → FY2027), else " +1".
fn next_label(label: &str) -> String {
    let year = year_in(label);
    let with_year = |label: String, bump: bool| match (year, bump) {
        (Some((at, y)), true) => format!("{}{}{}", &label[..at], y + 1, &label[at + 4..]),
        _ => label,
    };
    match (part_in(label), year) {
        (Some((at, part)), Some(_)) => {
            let (letter, n, last) = match part {
                Part::Quarter(q) => ('Q', q, 4),
                Part::Half(h) => ('H', h, 2),
            };
            let (next, bump) = if n == last { (1, true) } else { (n + 1, false) };
            let shown = label.as_bytes()[at] as char;
            let letter =
                if shown.is_ascii_lowercase() { letter.to_ascii_lowercase() } else { letter };
            let relabelled = format!("{}{letter}{next}{}", &label[..at], &label[at + 2..]);
            with_year(relabelled, bump)
        }
        (_, Some(_)) => with_year(label.to_string(), true),
        (_, None) => format!("{label} +1"),
    }
}

/// The period after `start`..=`end`, labelled `label`: it starts the day after this one ends
/// and runs as many whole months when this one does (a fiscal year, a quarter), else as many
/// days; its label is the next quarter, half or year (see [`next_label`]).
pub fn next(label: &str, start: NaiveDate, end: NaiveDate) -> Period {
    let period = next_label(label);
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
        assert_eq!(default_dates("2026 Q4", d("2026-05-10")), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(default_dates("FY2027 H1", d("2026-05-10")), (d("2027-01-01"), d("2027-06-30")));
        assert_eq!(
            default_dates("Headquarters 2027", d("2026-05-10")).1,
            d("2027-12-31"),
            "H is a word"
        );
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
            ("2027 Q1", d("2027-01-01"), d("2027-03-31"))
        );
        assert_eq!(next("FY2026-Q2", d("2026-04-01"), d("2026-06-30")).period, "FY2026-Q3");
        assert_eq!(next("2026 h2", d("2026-07-01"), d("2026-12-31")).period, "2027 h1");
        assert_eq!(next("Q3 sprint", d("2026-07-01"), d("2026-09-30")).period, "Q3 sprint +1");
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
