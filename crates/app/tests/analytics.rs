//! The analytics use cases against a real database: the fast fact loading agrees with the
//! record-by-record definition (on one thread and on two), only changes are kept in history,
//! overrides need a reason and are kept, alerts are raised once and can be acknowledged, the
//! incremental recompute (after an edit or a manual label) equals a full one, and segments filter.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::analytics::{self as a, AnalysisCache, SegmentInput, TableQuery};
use keyplan_app::demo::{generate, DemoSpec, Language};
use keyplan_app::domain::analytics::{AccountFacts, SegmentRule, Tier, Windows};
use keyplan_app::domain::TransactionInput;
use keyplan_app::{AppError, Db, Transactions};
use keyplan_store::analytics::load_with_threshold;

const END: &str = "2026-11-22";

fn end() -> NaiveDate {
    NaiveDate::parse_from_str(END, "%Y-%m-%d").unwrap()
}

fn spec(accounts: usize) -> DemoSpec {
    DemoSpec {
        accounts,
        seed: 3,
        language: Language::En,
        end: end(),
        now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    }
}

fn demo_db(accounts: usize) -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    keyplan_app::load_demo(&mut db, &spec(accounts)).unwrap();
    (dir, db)
}

#[test]
fn fast_loading_matches_the_definition_on_one_thread_and_on_two() {
    let (_d, db) = demo_db(120);
    let p = generate(&spec(120));
    // An as-of date inside the data, so every window has records on both sides of it.
    let as_of = end() - chrono::Duration::days(200);
    let w = Windows::new(as_of);
    let one = load_with_threshold(&db, as_of, usize::MAX).unwrap();
    let two = load_with_threshold(&db, as_of, 1).unwrap();
    assert_eq!(one.len(), 120);
    for (x, y) in one.iter().zip(&two) {
        assert_eq!(x.snapshot.facts, y.snapshot.facts, "two threads = one thread");
        let id = x.snapshot.id;
        let expected =
            AccountFacts::from_records(id, w, &p.transactions, &p.interactions, &p.surveys);
        assert_eq!(x.snapshot.facts, expected, "account {id}");
    }
}

#[test]
fn history_keeps_only_changes_and_overrides_need_a_reason() {
    let (_d, mut db) = demo_db(60);
    let an = a::analyze(&db, end()).unwrap();
    let first = a::refresh(&mut db, &an).unwrap();
    assert_eq!((first.tier_changes, first.stage_changes), (60, 60), "the first tiers are recorded");
    let again = a::refresh(&mut db, &an).unwrap();
    assert_eq!(
        (again.tier_changes, again.stage_changes),
        (0, 0),
        "nothing changed, nothing written"
    );

    let top = an.results.iter().find(|r| r.tier.rank == 1).unwrap().id;
    let err = a::set_tier_override(&mut db, top, Some(Tier::C), Some("  "), &an).unwrap_err();
    assert!(matches!(err, AppError::Invalid(ref v) if v.0[0].field == "reason"), "{err:?}");
    a::set_tier_override(&mut db, top, Some(Tier::C), Some("战略调整"), &an).unwrap();

    let an = a::analyze(&db, end()).unwrap();
    let (_, r) = an.get(top).unwrap();
    assert_eq!((r.tier.tier, r.tier.computed), (Tier::C, Tier::A));
    assert_eq!(
        a::refresh(&mut db, &an).unwrap().tier_changes,
        0,
        "the override was recorded as such"
    );
    let ins = a::account_insights(&db, top, &an).unwrap();
    let h = &ins.tier_history[0];
    assert_eq!((h.from.as_deref(), h.to.as_str(), h.cause.as_str()), (Some("A"), "C", "override"));
    assert_eq!(h.reason.as_deref(), Some("战略调整"));

    a::set_tier_override(&mut db, top, None, None, &an).unwrap();
    let an = a::analyze(&db, end()).unwrap();
    assert_eq!(an.get(top).unwrap().1.tier.tier, Tier::A);
    let ins = a::account_insights(&db, top, &an).unwrap();
    assert_eq!(ins.tier_history[0].cause, "override_cleared");
}

#[test]
fn alerts_are_raised_once_acknowledged_and_closed() {
    let (_d, mut db) = demo_db(80);
    let an = a::analyze(&db, end()).unwrap();
    a::refresh(&mut db, &an).unwrap();
    let open = a::alert_list(&db, &an, false).unwrap();
    let alarming = an.results.iter().filter(|r| r.risk.score >= 30.0).count();
    assert_eq!(open.len(), alarming, "one alert per account at medium risk or above");
    a::refresh(&mut db, &an).unwrap();
    assert_eq!(a::alert_list(&db, &an, true).unwrap().len(), alarming, "not raised twice");

    let first = open[0].alert.id;
    a::acknowledge_alert(&mut db, first).unwrap();
    let active = a::alert_list(&db, &an, false).unwrap();
    assert_eq!(active.len(), alarming - 1);
    assert!(active.iter().all(|v| v.alert.id != first));
    let past = end();
    let err = a::snooze_alert(&mut db, active[0].alert.id, Some(past), end()).unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "a snooze ends after today");
    // Newest first, then highest score.
    for pair in open.windows(2) {
        assert!(pair[0].alert.raised_on >= pair[1].alert.raised_on);
    }
}

#[test]
fn an_incremental_recompute_equals_a_full_one() {
    let (_d, mut db) = demo_db(50);
    let mut cache = AnalysisCache::default();
    let before = cache.get(&db, end()).unwrap();
    let r = before.results.iter().find(|r| r.metrics.rev12 > 0).unwrap();
    let account = r.id;
    let tx = keyplan_app::list::<Transactions>(&db, account).unwrap().remove(0);
    let mut input = TransactionInput::from(&tx.fields);
    input.revenue = "99999999.00".into();
    keyplan_app::update::<Transactions>(&mut db, tx.id(), &input).unwrap();
    cache.note_write(&db, Some(account));
    let after = cache.get(&db, end()).unwrap();
    let full = a::analyze(&db, end()).unwrap();
    assert_eq!(after.results, full.results);
    assert_eq!(after.get(account).unwrap().1.tier.rank, 1, "the edit shows at once");
}

#[test]
fn a_manual_tier_or_stage_declared_for_one_account_equals_a_full_recompute() {
    let (_d, mut db) = demo_db(50);
    let mut cache = AnalysisCache::default();
    let before = cache.get(&db, end()).unwrap();
    let top = before.results.iter().find(|r| r.tier.rank == 1).unwrap().id;
    a::set_tier_override(&mut db, top, Some(Tier::C), Some("strategy"), &before).unwrap();
    cache.note_write(&db, Some(top));
    let after = cache.get(&db, end()).unwrap();
    assert_eq!(after.results, a::analyze(&db, end()).unwrap().results);
    assert_eq!(after.get(top).unwrap().1.tier.tier, Tier::C, "the override shows at once");

    // Confirming a stage only adds history: no account's facts change, nothing is reloaded.
    a::confirm_stage(&mut db, top, &after).unwrap();
    cache.note_write(&db, None);
    let again = cache.get(&db, end()).unwrap();
    assert!(std::sync::Arc::ptr_eq(&after, &again), "the analysis is reused as it is");
}

#[test]
fn segments_filter_the_table_and_names_are_unique() {
    let (_d, mut db) = demo_db(40);
    let rule = SegmentRule { tier: vec![Tier::A], ..Default::default() };
    let seg = a::create_segment(&mut db, &SegmentInput { name: "Key".into(), rule }).unwrap();
    let dup =
        a::create_segment(&mut db, &SegmentInput { name: "Key".into(), ..Default::default() });
    assert!(matches!(dup, Err(AppError::Invalid(ref v)) if v.0[0].field == "name"));

    let an = a::analyze(&db, end()).unwrap();
    let q = TableQuery { segment: Some(seg.id), ..Default::default() };
    let page = a::account_rows(&db, &an, &q).unwrap();
    let a_count = an.results.iter().filter(|r| r.tier.tier == Tier::A).count();
    assert_eq!(page.total as usize, a_count);
    assert!(page.items.iter().all(|row| row.labels.as_ref().unwrap().tier.tier == Tier::A));
    let d = a::dashboard(&db, &an, Some(seg.id), None).unwrap();
    assert_eq!(d.accounts as usize, a_count);
}

#[test]
fn the_dashboard_kpis_cover_the_chosen_period_and_refuse_a_bad_one() {
    let (_d, db) = demo_db(60);
    let an = a::analyze(&db, end()).unwrap();
    let portfolio_kpis = |from: NaiveDate| {
        a::kpi_groups(&db, &an, Some(from))
            .unwrap()
            .into_iter()
            .find(|g| g.id == "portfolio")
            .unwrap()
    };
    let year = a::dashboard(&db, &an, None, None).unwrap();
    assert_eq!(year.kpi_from, end() - chrono::Duration::days(365));
    assert_eq!(year.kpis, portfolio_kpis(year.kpi_from).kpis);

    let quarter = a::dashboard(&db, &an, None, Some(90)).unwrap();
    assert_eq!(quarter.kpi_from, end() - chrono::Duration::days(90));
    assert_eq!(quarter.kpis, portfolio_kpis(quarter.kpi_from).kpis);
    assert_ne!(quarter.kpis, year.kpis, "the demo's quarter differs from its year");
    assert_eq!(quarter.rev12, year.rev12, "tiers and revenue stay the 365-day metric");

    for bad in [0, 3651] {
        let err = a::dashboard(&db, &an, None, Some(bad)).unwrap_err();
        assert!(matches!(err, AppError::Invalid(ref v) if v.0[0].field == "kpi_days"), "{err}");
    }
}

#[test]
fn an_empty_portfolio_analyses_to_nothing_on_any_thread_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    assert!(load_with_threshold(&db, end(), 0).unwrap().is_empty());
    let an = a::analyze(&db, end()).unwrap();
    assert!(an.results.is_empty() && !an.key_accounts.outside);
    let d = a::dashboard(&db, &an, None, None).unwrap();
    assert_eq!((d.accounts, d.pareto.len()), (0, 1));
}
