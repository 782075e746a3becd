//! Backups: taken with SQLite's online backup API, rotated, checked before a restore, and a
//! restore brings every record back exactly.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use keyplan_app::backups::{backup_now, list_backups, restore};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::{AccountInput, AccountQuery};
use keyplan_app::{
    create_account, delete_account, list, list_accounts, load_demo, AppError, Contacts, Db,
    Interactions, Opportunities, Surveys, Transactions,
};

/// Every live record, as JSON, in a stable order.
fn everything(db: &Db) -> String {
    let accounts =
        list_accounts(db, &AccountQuery { limit: 0, ..AccountQuery::default() }).unwrap().items;
    let mut out = Vec::new();
    for a in &accounts {
        let id = a.id();
        out.push(serde_json::json!({
            "account": a,
            "contacts": list::<Contacts>(db, id).unwrap(),
            "interactions": list::<Interactions>(db, id).unwrap(),
            "transactions": list::<Transactions>(db, id).unwrap(),
            "surveys": list::<Surveys>(db, id).unwrap(),
            "opportunities": list::<Opportunities>(db, id).unwrap(),
        }));
    }
    serde_json::to_string(&out).unwrap()
}

fn demo(db: &mut Db) {
    let spec = DemoSpec {
        accounts: 25,
        seed: 7,
        language: Language::ZhCn,
        end: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        now: chrono::Utc::now(),
        order_scale: 1.0,
        plans: true,
    };
    load_demo(db, &spec).unwrap();
}

#[test]
fn restore_round_trips_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let (mut db, _) = keyplan_app::open(&path).unwrap();
    demo(&mut db);
    let before = everything(&db);
    let b = backup_now(&db, Some(&dir.path().join("saved.db"))).unwrap();
    assert!(b.bytes > 0);

    // Change things: delete an account, add another.
    let first = list_accounts(&db, &AccountQuery::default()).unwrap().items[0].id();
    delete_account(&mut db, first).unwrap();
    create_account(&mut db, &AccountInput { name: "新客户".into(), ..AccountInput::default() })
        .unwrap();
    assert_ne!(everything(&db), before);

    let r = restore(&mut db, &b.path).unwrap();
    assert_eq!(everything(&db), before);
    assert_eq!(db.integrity_check().unwrap(), "ok");
    assert!(r.safety_backup.as_ref().is_some_and(|p| p.exists()), "the replaced database is kept");
    // And it survives reopening (the restore went into the file, not a cache).
    drop(db);
    let (db, _) = keyplan_app::open(&path).unwrap();
    assert_eq!(everything(&db), before);
}

#[test]
fn a_bad_file_is_refused_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    demo(&mut db);
    let before = everything(&db);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some text").unwrap();
    let err = restore(&mut db, &junk).unwrap_err();
    assert!(err.to_string().contains("has not been changed"), "{err}");
    // A damaged backup (cut short) is refused too.
    let cut = dir.path().join("cut.db");
    backup_now(&db, Some(&cut)).unwrap();
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert!(matches!(restore(&mut db, &cut), Err(AppError::Store(_))));
    assert!(matches!(restore(&mut db, &dir.path().join("missing.db")), Err(AppError::Store(_))));
    assert_eq!(everything(&db), before);
}

#[test]
fn the_rotation_keeps_the_last_ten() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    assert_eq!(list_backups(&db).unwrap().len(), 1, "the first open takes the daily backup");
    for _ in 0..12 {
        std::thread::sleep(std::time::Duration::from_millis(3));
        backup_now(&db, None).unwrap();
    }
    let all = list_backups(&db).unwrap();
    assert_eq!(all.len(), 10, "{all:?}");
    assert!(all.windows(2).all(|w| w[0].taken_at >= w[1].taken_at), "newest first");
    assert!(all.iter().all(|b| b.path.parent() == Some(&dir.path().join("backups"))));
}

/// A backup from before schema 8 is migrated as it is restored, and that migration's rewrite
/// of its plans' team roles is no one's edit: nothing is stamped, so it wins nothing at the
/// next sync over a teammate's newer change.
#[test]
fn a_restored_old_backup_is_migrated_without_stamping_edits() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v7.db");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../store/tests/fixtures/v7.db");
    std::fs::copy(fixture, &old).unwrap();
    let (mut db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    restore(&mut db, &old).unwrap();
    let plans = keyplan_store::plans::list_all(db.conn()).unwrap();
    let plan = plans[0].id();
    assert_eq!(plans[0].fields.team[0].role, "executive_sponsor", "migrated to the code");
    // The next write commits whatever the triggers noted.
    create_account(
        &mut db,
        &AccountInput { name: "After the restore".into(), ..Default::default() },
    )
    .unwrap();
    let clocks = keyplan_store::sync::clocks(db.conn(), plan).unwrap();
    assert!(clocks.iter().all(|(field, _)| field != "team"), "team stamped: {clocks:?}");
}
