//! The session without a window: every view reads today's analysis with its history kept first,
//! a one-account edit reloads that account only and agrees with a full recompute, a restore or
//! demo forgets what was cached, "today" is the session's, the shared session answers with
//! the startup error when the database could not be opened, and the Today list keeps to its
//! lead times.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate};
use keyplan_app::analytics::TableQuery;
use keyplan_app::demo::Language;
use keyplan_app::domain::analytics::Tier;
use keyplan_app::domain::reminders;
use keyplan_app::domain::{AccountInput, TransactionInput};
use keyplan_app::today::TodayKind;
use keyplan_app::{AppError, Session, SharedSession, Transactions};
use keyplan_store::labels::{self, Kind};

mod common;

use common::end;

fn session(accounts: usize) -> (tempfile::TempDir, Session) {
    common::demo_session(accounts, 5)
}

/// How many tier or stage changes are kept, over every account.
fn history(s: &Session, kind: Kind) -> usize {
    let accounts = s.list_accounts(&Default::default()).unwrap().items;
    accounts.iter().map(|a| labels::history(s.db().conn(), kind, a.id()).unwrap().len()).sum()
}

#[test]
fn the_first_view_keeps_history_and_the_next_writes_nothing() {
    let (_d, mut s) = session(60);
    assert_eq!(history(&s, Kind::Tier), 0, "loading the demo analyses nothing yet");
    let d = s.dashboard(None, None).unwrap();
    assert_eq!((d.as_of, d.accounts), (end(), 60), "as of the session's today");
    assert_eq!(history(&s, Kind::Tier), 60, "every account's first tier is kept");
    assert_eq!(history(&s, Kind::Stage), 60);
    s.account_rows(&TableQuery::default()).unwrap();
    s.alerts(true).unwrap();
    s.dashboard(None, Some(90)).unwrap();
    assert_eq!(history(&s, Kind::Tier), 60, "nothing changed, nothing written");
    assert_eq!(history(&s, Kind::Stage), 60);
}

#[test]
fn a_manual_tier_returns_fresh_insights_and_agrees_with_a_full_recompute() {
    let (_d, mut s) = session(60);
    let rows = s.account_rows(&TableQuery::default()).unwrap();
    let id = rows.items.iter().find(|r| r.labels.as_ref().unwrap().tier.tier == Tier::C).unwrap();
    let id = id.account.id();
    let err = s.set_tier_override(id, Some(Tier::A), None).unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "a reason is required: {err:?}");
    let ins = s.set_tier_override(id, Some(Tier::A), Some("strategic")).unwrap();
    assert_eq!(ins.analysis.tier.tier, Tier::A);
    assert_eq!(ins.tier_history[0].cause, "override");
    let full = s.analyze(None, None).unwrap();
    let (_, fresh) = full.get(id).unwrap();
    assert_eq!(fresh, &ins.analysis, "the one-account reload equals a full analysis");
}

#[test]
fn an_edit_to_one_account_is_seen_by_the_next_view() {
    let (_d, mut s) = session(40);
    let before = s.account_rows(&TableQuery::default()).unwrap();
    let target = &before.items[0].account;
    let rev_before = before.items[0].labels.as_ref().unwrap().metrics.rev12;
    let input = TransactionInput {
        date: "2026-11-20".into(),
        revenue: "1000000.00".into(),
        ..TransactionInput::default()
    };
    s.create::<Transactions>(target.id(), &input).unwrap();
    let after = s.account_insights(target.id()).unwrap();
    assert_eq!(after.analysis.metrics.rev12, rev_before + 100_000_000);
    let full = s.analyze(None, None).unwrap();
    let all: Vec<_> = full.results.iter().map(|r| (r.id, r.tier.tier, r.metrics.rev12)).collect();
    let rows = s.account_rows(&TableQuery::default()).unwrap();
    for r in &rows.items {
        let l = r.labels.as_ref().unwrap();
        assert!(
            all.contains(&(r.account.id(), l.tier.tier, l.metrics.rev12)),
            "{}",
            r.account.id()
        );
    }
    // Renaming an account changes a fact the table sorts by: the next view shows the new name.
    let mut rename = AccountInput::from(&target.fields);
    rename.name = "Renamed Co".into();
    s.update_account(target.id(), &rename).unwrap();
    let ins = s.account_insights(target.id()).unwrap();
    assert_eq!(ins.analysis.name, "Renamed Co");
}

#[test]
fn snoozing_is_judged_against_the_sessions_today() {
    let (_d, mut s) = session(80);
    let alerts = s.alerts(true).unwrap();
    let first = alerts.first().expect("the demo raises alerts");
    let id = first.alert.id;
    let err = s.snooze_alert(id, Some(end())).unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    s.snooze_alert(id, Some(end() + Duration::days(7))).unwrap();
    let shown = s.alerts(false).unwrap();
    assert!(shown.iter().all(|a| a.alert.id != id), "snoozed past today: hidden");
}

#[test]
fn a_restore_forgets_the_cached_analysis() {
    let (dir, mut s) = session(30);
    let dir = &dir;
    assert_eq!(s.dashboard(None, None).unwrap().accounts, 30);
    let backup = s.backup_now(Some(&dir.path().join("before.db"))).unwrap();
    let extra = AccountInput { name: "Added after the backup".into(), ..AccountInput::default() };
    s.create_account(&extra).unwrap();
    assert_eq!(s.dashboard(None, None).unwrap().accounts, 31);
    s.restore(&backup.path).unwrap();
    assert_eq!(s.dashboard(None, None).unwrap().accounts, 30);
}

#[test]
fn the_standard_demo_is_the_clis_and_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let spec =
        s.demo_spec(keyplan_app::DEMO_ACCOUNTS, keyplan_app::DEMO_SEED, Language::ZhCn, None);
    assert_eq!((spec.accounts, spec.seed, spec.end), (120, 1, keyplan_app::today()));
    let mut s = s.with_today(end());
    let spec = s.demo_spec(50, 2, Language::ZhCn, None);
    assert_eq!(spec.end, end(), "ends on the session's today");
    s.load_demo(&spec).unwrap();
    let err = s.load_standard_demo(Language::ZhCn).unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "only into an empty portfolio: {err:?}");
}

#[test]
fn a_shared_session_that_could_not_open_says_why_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    std::fs::write(&path, b"not a database, only text ".repeat(100)).unwrap();
    let shared = SharedSession::open(Ok(path));
    let why = shared.startup().error.clone().unwrap();
    assert!(why.contains("not a Keyplan database"), "{why}");
    for _ in 0..2 {
        let err = shared.with(|s| s.settings()).unwrap_err();
        assert!(matches!(&err, AppError::Unavailable(m) if *m == why), "{err:?}");
    }
    assert!(shared.import_status().is_none());
}

#[test]
fn a_shared_session_after_a_panic_reports_internal_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let shared = std::sync::Arc::new(SharedSession::open(Ok(dir.path().join("k.db"))));
    let clone = std::sync::Arc::clone(&shared);
    let died = std::thread::spawn(move || {
        let _ = clone.with(|_| -> keyplan_app::Result<()> { panic!("a bug in a use case") });
    })
    .join();
    assert!(died.is_err());
    let err = shared.with(|s| s.settings()).unwrap_err();
    assert!(matches!(err, AppError::Internal(_)), "{err:?}");
}

#[test]
fn no_evidence_counts_days_backwards() {
    let (_d, s) = session(200);
    let a = s.analyze(None, None).unwrap();
    let json = serde_json::to_value(&a.results).unwrap();
    let mut checked = 0;
    for r in json.as_array().unwrap() {
        for i in r["risk"]["indicators"].as_array().unwrap() {
            for key in ["days", "days_past", "days_until"] {
                if let Some(n) = i["evidence"].get(key).and_then(serde_json::Value::as_i64) {
                    assert!(n >= 0, "{}: {}", r["name"], i["evidence"]);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked} day counts");
}

#[test]
fn a_database_keeps_its_own_id_across_sessions_and_a_restore() {
    let (dir, s) = session(5);
    let id = s.instance_id().unwrap();
    let backup = s.backup_now(Some(&dir.path().join("b.db"))).unwrap();
    drop(s);
    let (mut again, _) = Session::open(&dir.path().join("k.db")).unwrap();
    assert_eq!(again.instance_id().unwrap(), id);
    again.restore(&backup.path).unwrap();
    assert_eq!(again.instance_id().unwrap(), id, "a restored backup is the same database");
    let other = tempfile::tempdir().unwrap();
    let (fresh, _) = Session::open(&other.path().join("k.db")).unwrap();
    assert_ne!(fresh.instance_id().unwrap(), id);
}

#[test]
fn a_live_plan_covers_its_account() {
    use keyplan_app::domain::plan::PlanInput;
    use keyplan_app::domain::{Meta, Record};
    let (_d, s) = session(60);
    let before = s.analyze(None, None).unwrap();
    let a_account = before
        .results
        .iter()
        .find(|r| r.tier.tier == Tier::A && r.compliance.plan_missing)
        .expect("an A account without a plan");
    let plan = |status: &str, start: &str, end: &str| Record {
        meta: Meta::new(chrono::Utc::now()),
        fields: PlanInput {
            title: "FY".into(),
            period: "FY".into(),
            start_date: start.into(),
            end_date: end.into(),
            status: Some(status.into()),
            allow_overlap: true,
            ..Default::default()
        }
        .validate(a_account.id)
        .unwrap(),
    };
    let c = s.db().conn();
    // A draft, and an active plan for a period already over, cover nothing.
    keyplan_store::plans::insert::<keyplan_store::plans::Plans>(
        c,
        &plan("draft", "2026-01-01", "2026-12-31"),
    )
    .unwrap();
    keyplan_store::plans::insert::<keyplan_store::plans::Plans>(
        c,
        &plan("active", "2025-01-01", "2025-12-31"),
    )
    .unwrap();
    let (_, r) = s
        .analyze(None, None)
        .unwrap()
        .get(a_account.id)
        .map(|(l, r)| (l.clone(), r.clone()))
        .unwrap();
    assert!(r.compliance.plan_missing);
    keyplan_store::plans::insert::<keyplan_store::plans::Plans>(
        c,
        &plan("active", "2026-01-01", "2026-12-31"),
    )
    .unwrap();
    let after = s.analyze(None, None).unwrap();
    let (_, r) = after.get(a_account.id).unwrap();
    assert!(!r.compliance.plan_missing, "an active plan whose period holds today covers it");
    let kpis = s.kpis_as_of(None, None).unwrap();
    assert!(kpis[0].kpis.plan_coverage.unwrap() > 0.0, "{:?}", kpis[0].kpis.plan_coverage);
}

// The Today list on the demo book: every item is due within its lead time (actions by today,
// reviews the day before, renewals by the account's tier, alerts on A and B accounts only),
// late ones first, and a review due tomorrow is there today but not two days before.

#[test]
fn everything_listed_is_due_within_its_lead_time() {
    let (_dir, mut s) = session(120);
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
            TodayKind::Alert => {
                assert!(matches!(tier(i.account_id), Tier::A | Tier::B), "{i:?}");
            }
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
    let (_dir, s) = session(120);
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
