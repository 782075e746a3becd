//! What several of the app's test files share: a session on the seeded demo book, analysed as
//! of a fixed day, so what is due and late never depends on the calendar.

// Each test file uses what it needs of this module.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::Session;

/// The demo's last day, and the sessions' today.
pub fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A new book holding the English demo of `accounts` accounts (with plans) from `seed`.
pub fn demo_session(accounts: usize, seed: u64) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let mut s = s.with_today(end());
    let spec = DemoSpec {
        accounts,
        seed,
        language: Language::En,
        end: end(),
        now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    };
    s.load_demo(&spec).unwrap();
    (dir, s)
}
