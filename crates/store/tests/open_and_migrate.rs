//! Opening files: new, every earlier schema version (one committed fixture per version), a newer
//! schema (refused, file untouched), and a file that is not a database (refused, untouched).

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_store::labels::{self, Kind};
use keyplan_store::{
    accounts, alerts, contacts, interactions, opportunities, segments, surveys, transactions,
};
use keyplan_store::{Db, StoreError, LATEST_VERSION};
use std::path::{Path, PathBuf};

fn fixture(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}.db"))
}

fn copy_to_temp(src: &Path, dir: &tempfile::TempDir) -> PathBuf {
    let dst = dir.path().join("keyplan.db");
    std::fs::copy(src, &dst).unwrap();
    dst
}

#[test]
fn a_new_file_gets_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/keyplan.db");
    let (db, info) = Db::open(&path).unwrap();
    assert_eq!(info.schema_version, LATEST_VERSION);
    assert_eq!(info.migrated_from, Some(0));
    assert_eq!(db.integrity_check().unwrap(), "ok");
    drop(db);
    let (_, again) = Db::open(&path).unwrap();
    assert_eq!(again.migrated_from, None, "an up-to-date file is not migrated again");
}

/// The id the committed v4 fixture was given when it was made.
const FIXTURE_V4_INSTANCE: &str = include_str!("fixtures/v4.instance");

#[test]
fn each_database_has_its_own_id_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = Db::open(&dir.path().join("a.db")).unwrap();
    let (b, _) = Db::open(&dir.path().join("b.db")).unwrap();
    let id_a = keyplan_store::instance::id(a.conn()).unwrap();
    assert_ne!(id_a, keyplan_store::instance::id(b.conn()).unwrap());
    drop(a);
    let (a, _) = Db::open(&dir.path().join("a.db")).unwrap();
    assert_eq!(keyplan_store::instance::id(a.conn()).unwrap(), id_a, "stable across opens");
    let again = keyplan_store::instance::id(a.conn()).unwrap();
    assert_eq!(again.get_variant(), uuid::Variant::RFC4122);
}

#[test]
fn every_earlier_version_upgrades_with_its_data() {
    for version in 1..=LATEST_VERSION {
        let src = fixture(version);
        assert!(src.exists(), "missing fixture {} — keep one per schema version", src.display());
        let dir = tempfile::tempdir().unwrap();
        let path = copy_to_temp(&src, &dir);
        let (db, info) = Db::open(&path).unwrap();
        assert_eq!(info.schema_version, LATEST_VERSION, "fixture v{version}");
        let backups = keyplan_store::backup::list(&path).unwrap();
        if version < LATEST_VERSION {
            assert_eq!(backups.len(), 1, "fixture v{version}: a backup before migrating");
            assert_eq!(backups[0].reason, format!("before-migration-v{version}"));
            assert_eq!(keyplan_store::backup::inspect(&backups[0].path, None).unwrap(), version);
        } else {
            assert!(backups.is_empty(), "no migration, no backup");
        }
        assert_eq!(db.integrity_check().unwrap(), "ok");
        let c = db.conn();
        let all = accounts::list(c, &Default::default()).unwrap();
        assert!(all.total >= 10, "fixture v{version} keeps its accounts");
        // Every record of every account still decodes; the transactions, moved to their compact
        // table by migration 9, are all there with their accounts.
        let mut sales = (0, 0);
        for a in &all.items {
            contacts::list_for_account(c, a.id()).unwrap();
            interactions::list_for_account(c, a.id()).unwrap();
            for t in transactions::list_for_account(c, a.id()).unwrap() {
                assert_eq!(t.fields.account_id, a.id());
                assert_eq!(transactions::get(c, t.id()).unwrap(), t);
                sales = (sales.0 + 1, sales.1 + t.fields.revenue.minor());
            }
            surveys::list_for_account(c, a.id()).unwrap();
            opportunities::list_for_account(c, a.id()).unwrap();
            labels::get(c, a.id()).unwrap();
            labels::history(c, Kind::Tier, a.id()).unwrap();
            labels::history(c, Kind::Stage, a.id()).unwrap();
        }
        let expected = if version <= 2 { (259, 931_412_881) } else { (260, 931_422_831) };
        assert_eq!(sales, expected, "fixture v{version} keeps every transaction");
        alerts::open(c).unwrap();
        segments::list(c).unwrap();
        let id = keyplan_store::instance::id(c).unwrap();
        assert_eq!(id.get_version_num(), 4, "fixture v{version}: a random id");
        if version >= 4 {
            assert_eq!(id.to_string(), FIXTURE_V4_INSTANCE, "an upgraded file keeps its id");
        }
        if version >= 5 {
            use keyplan_store::plans::{self, Actions, Goals, Objectives, Reviews, Stakeholders};
            let all = plans::list_all(c).unwrap();
            assert_eq!(all.len(), 1, "fixture v{version} keeps its plan");
            let p = all[0].id();
            // The template role, once a label, is its code (migration 8).
            assert_eq!(all[0].fields.team[0].role, "executive_sponsor");
            assert_eq!(
                plans::list_for_plan::<Goals>(c, p).unwrap()[0].fields.text,
                "进入东南亚市场"
            );
            assert!(plans::list_for_plan::<Objectives>(c, p).unwrap()[0].fields.measure.is_some());
            assert_eq!(plans::list_for_plan::<Stakeholders>(c, p).unwrap().len(), 1);
            assert_eq!(plans::list_for_plan::<Actions>(c, p).unwrap().len(), 1);
            assert_eq!(
                plans::list_for_plan::<Reviews>(c, p).unwrap()[0].fields.snapshot.health,
                Some(72)
            );
        }
        if version >= 6 {
            use keyplan_store::sync;
            let open = sync::list_conflicts(c, true).unwrap();
            assert_eq!(open.len(), 1, "fixture v{version} keeps its conflict");
            assert_eq!(open[0].field, "notes");
            assert!(!sync::clocks(c, open[0].record_id).unwrap().is_empty(), "and its clocks");
            assert_eq!(sync::peers(c).unwrap().len(), 1, "and the laptop it merged from");
        }
        if version >= 7 {
            use keyplan_store::sync;
            let path = "/home/zhang/Sync/keyplan-0190aaaa-0000-7000-8000-000000000001.keyplan";
            let known = sync::known_file(c, path).unwrap().expect("fixture v7 keeps its sync file");
            assert!(known.sha256.starts_with("e3b0c442"));
        }
        if version >= 3 {
            let keys = keyplan_store::imports::account_keys(c).unwrap();
            assert_eq!(keys.by_external_id.len(), 1, "fixture v{version} keeps its external ids");
        }
        if version >= 2 {
            let o = labels::latest(c, Kind::Tier).unwrap();
            assert_eq!(o.len(), 1, "fixture v{version} keeps its tier history");
            assert_eq!(segments::list(c).unwrap()[0].rule.tier.len(), 1);
            assert_eq!(alerts::open(c).unwrap()[0].indicators, ["no_contact", "nps_falling"]);
        }
    }
}

#[test]
fn a_newer_schema_is_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let (db, _) = Db::open(&path).unwrap();
        db.conn().pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { found, .. } if found == LATEST_VERSION + 1));
    let msg = err.to_string();
    assert!(
        msg.contains("newer version of Keyplan") && msg.contains("has not been changed"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let junk = b"These are my meeting notes, not a database. ".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Db::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("not a Keyplan database"));
    assert_eq!(std::fs::read(&path).unwrap(), junk);
}
