//! The Today list on the demo book: every item is due within its lead time (actions by today,
//! reviews the day before, renewals by the account's tier, alerts on A and B accounts only),
//! late ones first, and a review due tomorrow is there today but not two days before.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, NaiveDate};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::analytics::Tier;
use keyplan_app::domain::reminders;
use keyplan_app::today::TodayKind;
use keyplan_app::Session;

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let mut s = s.with_today(end());
    let spec = DemoSpec {
        accounts: 120,
        seed: 5,
        language: Language::En,
        end: end(),
        now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    };
    s.load_demo(&spec).unwrap();
    (dir, s)
}

#[test]
fn everything_listed_is_due_within_its_lead_time() {
    let (_dir, mut s) = session();
    let items = s.today_items().unwrap();
    let a = s.analyze(None, None).unwrap();
    let tier = |id| a.get(id).unwrap().1.tier.tier;
    let kinds: std::collections::HashSet<_> = items.iter().map(|i| i.kind).collect();
    assert!(kinds.len() >= 3, "the demo has several kinds due: {kinds:?}");
    for i in &items {
        match i.kind {
            TodayKind::Action => assert!(i.due <= end(), "{i:?}"),
            TodayKind::Review => {
                assert!(i.due <= end() + Duration::days(reminders::REVIEW_LEAD_DAYS), "{i:?}");
            }
            TodayKind::Renewal => {
                let lead = reminders::renewal_lead_days(tier(i.account_id));
                assert!(i.due >= end() && i.due <= end() + Duration::days(lead), "{i:?}");
            }
            TodayKind::Alert => assert!(matches!(tier(i.account_id), Tier::A | Tier::B), "{i:?}"),
        }
        assert_eq!(i.overdue, i.kind != TodayKind::Alert && i.due < end(), "{i:?}");
        assert_eq!(i.name, i.title);
    }
    // Late first, then by day.
    let late = items.iter().take_while(|i| i.overdue).count();
    assert!(items[late..].iter().all(|i| !i.overdue));
    assert!(items[late..].windows(2).all(|w| w[0].due <= w[1].due));
    // The actions listed are the open actions due by today.
    let due_actions = s.actions(Some(end()), false).unwrap();
    let listed = items.iter().filter(|i| i.kind == TodayKind::Action).count();
    assert_eq!(listed, due_actions.iter().filter(|r| r.action.fields.due_date.is_some()).count());
    // The read-only form gives the same list.
    assert_eq!(s.today_as_of(None).unwrap(), items);
}

#[test]
fn a_review_is_listed_the_day_before_not_two_days_before() {
    let (_dir, s) = session();
    let plans = keyplan_store::plans::list_all(s.db().conn()).unwrap();
    let p = plans
        .iter()
        .find(|p| p.fields.next_review.is_some_and(|d| d > end() + Duration::days(3)))
        .expect("a plan with a review ahead");
    let day = p.fields.next_review.unwrap();
    let listed = |as_of: NaiveDate| {
        s.today_as_of(Some(as_of))
            .unwrap()
            .iter()
            .any(|i| i.kind == TodayKind::Review && i.id == p.id())
    };
    assert!(!listed(day - Duration::days(2)));
    assert!(listed(day - Duration::days(1)), "the day before");
    assert!(listed(day), "and on the day");
}
