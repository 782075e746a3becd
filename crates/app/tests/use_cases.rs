//! The use cases as the CLI and the window call them, against a real (temporary) database.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::{
    AccountInput, AccountQuery, ContactInput, InteractionInput, Problem, SurveyInput,
    TransactionInput,
};
use keyplan_app::{AppError, Contacts, Db, Interactions, Surveys, Transactions};
use uuid::Uuid;

fn db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    (dir, db)
}

fn named(name: &str) -> AccountInput {
    AccountInput { name: name.into(), ..Default::default() }
}

/// The (field, problem) pairs of an Invalid error.
fn problems(e: AppError) -> Vec<(String, Problem)> {
    match e {
        AppError::Invalid(v) => v.0.into_iter().map(|f| (f.field, f.problem)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn accounts_create_edit_find_delete() {
    let (_d, mut db) = db();
    let a = keyplan_app::create_account(
        &mut db,
        &AccountInput { size_band: Some("large".into()), ..named("Acme 华东") },
    )
    .unwrap();
    assert_eq!(keyplan_app::find_account(&db, "acme 华东").unwrap().id(), a.id());
    assert_eq!(keyplan_app::find_account(&db, &a.id().to_string()).unwrap().id(), a.id());

    let edited = keyplan_app::update_account(&mut db, a.id(), &named("Acme East")).unwrap();
    assert_eq!(edited.fields.name, "Acme East");
    assert!(edited.meta.updated_at >= a.meta.updated_at);

    keyplan_app::delete_account(&mut db, a.id()).unwrap();
    assert!(matches!(keyplan_app::get_account(&db, a.id()), Err(AppError::NotFound { .. })));
    assert!(matches!(keyplan_app::find_account(&db, "Acme East"), Err(AppError::NotFound { .. })));
    assert_eq!(keyplan_app::list_accounts(&db, &AccountQuery::default()).unwrap().total, 0);
}

#[test]
fn bad_account_input_names_the_field_and_writes_nothing() {
    let (_d, mut db) = db();
    let err = keyplan_app::create_account(
        &mut db,
        &AccountInput { size_band: Some("giant".into()), ..named(" ") },
    )
    .unwrap_err();
    let fields: Vec<String> = problems(err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["name", "size_band"]);
    assert_eq!(keyplan_app::list_accounts(&db, &AccountQuery::default()).unwrap().total, 0);
}

#[test]
fn duplicate_names_are_refused_after_normalising() {
    let (_d, mut db) = db();
    let a = keyplan_app::create_account(&mut db, &named("ABC Trading")).unwrap();
    let err = keyplan_app::create_account(&mut db, &named("ＡＢＣ　trading")).unwrap_err();
    assert_eq!(problems(err), [("name".to_string(), Problem::Duplicate)]);
    // Saving an account under its own name is not a duplicate.
    keyplan_app::update_account(&mut db, a.id(), &named("abc trading")).unwrap();
}

#[test]
fn org_chart_rules_hold_through_the_use_cases() {
    let (_d, mut db) = db();
    let acme = keyplan_app::create_account(&mut db, &named("Acme")).unwrap().id();
    let other = keyplan_app::create_account(&mut db, &named("Other")).unwrap().id();
    let person = |name: &str, boss: Option<Uuid>| ContactInput {
        name: name.into(),
        reports_to: boss,
        ..Default::default()
    };

    let ceo = keyplan_app::create::<Contacts>(&mut db, acme, &person("CEO", None)).unwrap().id();
    let cfo =
        keyplan_app::create::<Contacts>(&mut db, acme, &person("CFO", Some(ceo))).unwrap().id();
    let stranger =
        keyplan_app::create::<Contacts>(&mut db, other, &person("Stranger", None)).unwrap().id();

    let err = keyplan_app::create::<Contacts>(&mut db, acme, &person("Clerk", Some(stranger)))
        .unwrap_err();
    assert_eq!(problems(err), [("reports_to".to_string(), Problem::OtherAccount)]);
    let err = keyplan_app::update::<Contacts>(&mut db, ceo, &person("CEO", Some(cfo))).unwrap_err();
    assert_eq!(problems(err), [("reports_to".to_string(), Problem::Cycle)]);
    let err = keyplan_app::update::<Contacts>(&mut db, ceo, &person("CEO", Some(ceo))).unwrap_err();
    assert_eq!(problems(err), [("reports_to".to_string(), Problem::SelfReference)]);
    let err =
        keyplan_app::create::<Contacts>(&mut db, acme, &person("Ghost", Some(Uuid::now_v7())))
            .unwrap_err();
    assert_eq!(problems(err), [("reports_to".to_string(), Problem::NotFound)]);
    assert_eq!(keyplan_app::list::<Contacts>(&db, acme).unwrap().len(), 2);
}

#[test]
fn records_refuse_contacts_of_other_accounts() {
    let (_d, mut db) = db();
    let acme = keyplan_app::create_account(&mut db, &named("Acme")).unwrap().id();
    let other = keyplan_app::create_account(&mut db, &named("Other")).unwrap().id();
    let stranger = keyplan_app::create::<Contacts>(
        &mut db,
        other,
        &ContactInput { name: "S".into(), ..Default::default() },
    )
    .unwrap()
    .id();
    let err = keyplan_app::create::<Interactions>(
        &mut db,
        acme,
        &InteractionInput {
            date: "2026-01-01".into(),
            kind: "call".into(),
            contact_ids: vec![stranger],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(problems(err), [("contact_ids".to_string(), Problem::OtherAccount)]);
    let err = keyplan_app::create::<Surveys>(
        &mut db,
        acme,
        &SurveyInput {
            date: "2026-01-01".into(),
            nps: Some(11),
            contact_id: Some(stranger),
            ..Default::default()
        },
    )
    .unwrap_err();
    // Field rules are checked first, store rules only once the fields are right.
    assert_eq!(problems(err), [("nps".to_string(), Problem::OutOfRange { min: 0, max: 10 })]);
}

#[test]
fn records_need_a_live_account() {
    let (_d, mut db) = db();
    let acme = keyplan_app::create_account(&mut db, &named("Acme")).unwrap().id();
    keyplan_app::delete_account(&mut db, acme).unwrap();
    let err = keyplan_app::create::<Transactions>(
        &mut db,
        acme,
        &TransactionInput { date: "2026-01-01".into(), revenue: "1".into(), ..Default::default() },
    )
    .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
}

#[test]
fn transactions_edit_and_delete() {
    let (_d, mut db) = db();
    let acme = keyplan_app::create_account(&mut db, &named("Acme")).unwrap().id();
    let input = TransactionInput {
        date: "2026-01-01".into(),
        revenue: "1,000.50".into(),
        ..Default::default()
    };
    let t = keyplan_app::create::<Transactions>(&mut db, acme, &input).unwrap();
    assert_eq!(t.fields.revenue.minor(), 100_050);
    let bad = TransactionInput { quantity: Some(-3.0), date: "2026-02-30".into(), ..input.clone() };
    let err = keyplan_app::update::<Transactions>(&mut db, t.id(), &bad).unwrap_err();
    assert_eq!(
        problems(err),
        [("date".to_string(), Problem::InvalidDate), ("quantity".to_string(), Problem::Negative)]
    );
    let t2 = keyplan_app::update::<Transactions>(
        &mut db,
        t.id(),
        &TransactionInput { revenue: "2".into(), ..input },
    )
    .unwrap();
    assert_eq!(t2.fields.revenue.minor(), 200);
    keyplan_app::delete::<Transactions>(&mut db, t.id()).unwrap();
    assert!(keyplan_app::list::<Transactions>(&db, acme).unwrap().is_empty());
    assert!(matches!(
        keyplan_app::delete::<Transactions>(&mut db, t.id()),
        Err(AppError::NotFound { .. })
    ));
}

#[test]
fn demo_loads_once_and_matches_its_spec() {
    let (_d, mut db) = db();
    let spec = DemoSpec {
        accounts: 50,
        seed: 9,
        language: Language::ZhCn,
        end: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        now: DateTime::parse_from_rfc3339("2026-11-22T00:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    };
    let s = keyplan_app::load_demo(&mut db, &spec).unwrap();
    assert_eq!(s.accounts, 50);
    assert!(s.transactions > 500, "three years of orders: {}", s.transactions);
    assert_eq!(keyplan_app::list_accounts(&db, &AccountQuery::default()).unwrap().total, 50);
    let err = keyplan_app::load_demo(&mut db, &spec).unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)));
    let a = keyplan_app::analytics::analyze(&db, spec.end).unwrap();
    assert_eq!(a.results.len(), 50);
    assert!(a.results.iter().any(|r| r.metrics.rev12 > 0));
}

#[test]
fn settings_validate_and_persist() {
    let (dir, mut db) = db();
    let s = keyplan_app::get_settings(&db).unwrap();
    assert_eq!(
        (s.language, s.theme.as_str(), s.currency.to_string().as_str()),
        (None, "system", "CNY")
    );
    let patch = keyplan_app::SettingsPatch {
        language: Some("zh-CN".into()),
        currency: Some("usd".into()),
        ..Default::default()
    };
    keyplan_app::update_settings(&mut db, &patch).unwrap();
    let bad = keyplan_app::SettingsPatch { language: Some("fr".into()), ..Default::default() };
    let err = keyplan_app::update_settings(&mut db, &bad).unwrap_err();
    assert_eq!(problems(err)[0].0, "language");
    drop(db);
    let (db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    let s = keyplan_app::get_settings(&db).unwrap();
    assert_eq!((s.language.as_deref(), s.currency.to_string().as_str()), (Some("zh-CN"), "USD"));
}
