//! `Db::write_bulk`: the rollback journal while a big write runs, WAL again afterwards; atomic
//! either way, and still working (through the WAL) when another connection holds the file open.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_store::{Connection, Db, StoreError};

fn journal_mode(c: &Connection) -> String {
    c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap()
}

fn count(c: &Connection) -> i64 {
    c.query_row("SELECT count(*) FROM settings", [], |r| r.get(0)).unwrap()
}

fn insert(c: &Connection, key: &str) -> Result<(), StoreError> {
    c.execute("INSERT INTO settings (key, value) VALUES (?1, 'v')", [key])?;
    Ok(())
}

#[test]
fn commits_in_rollback_mode_and_returns_to_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyplan.db");
    let (mut db, _) = Db::open(&path).unwrap();
    let before = count(db.conn());
    let seen = db
        .write_bulk(|c| {
            insert(c, "a")?;
            Ok::<_, StoreError>(journal_mode(c))
        })
        .unwrap();
    assert_eq!(seen, "delete", "the write ran with the rollback journal");
    assert_eq!(journal_mode(db.conn()), "wal");
    assert_eq!(count(db.conn()), before + 1);
    drop(db);
    let (db, _) = Db::open(&path).unwrap();
    assert_eq!(count(db.conn()), before + 1, "committed to the file");
    assert_eq!(db.integrity_check().unwrap(), "ok");
}

/// A failure of the caller's own, after some writes.
#[derive(Debug)]
enum Stop {
    Store,
    Here,
}

impl From<StoreError> for Stop {
    fn from(_: StoreError) -> Self {
        Stop::Store
    }
}

#[test]
fn a_failed_bulk_write_leaves_every_page_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyplan.db");
    let (mut db, _) = Db::open(&path).unwrap();
    db.write(|c| insert(c, "kept")).unwrap();
    // Fold the WAL into the file so the file alone is the whole database.
    db.conn().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let err = db
        .write_bulk(|c| {
            // Enough rows to spill SQLite's cache, so pages reach the file before the failure.
            for i in 0..20_000 {
                insert(c, &format!("k{i:05}-{}", "x".repeat(200))).map_err(Stop::from)?;
            }
            Err::<(), _>(Stop::Here)
        })
        .unwrap_err();
    assert!(matches!(err, Stop::Here), "{err:?}");
    assert_eq!(journal_mode(db.conn()), "wal");
    drop(db);
    // Every page as it was. Only the header's change counter and its copy (bytes 24–27 and
    // 92–95) count the two journal-mode switches, as SQLite counts any change of the file.
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.len(), bytes.len());
    let counters = [24..28, 92..96];
    let differ: Vec<usize> = (0..after.len())
        .filter(|i| after[*i] != bytes[*i] && !counters.iter().any(|r| r.contains(i)))
        .collect();
    assert!(differ.is_empty(), "bytes differ at {:?}", &differ[..differ.len().min(20)]);
}

#[test]
fn with_another_connection_open_it_writes_through_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyplan.db");
    let (mut db, _) = Db::open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    let before = count(&other);
    let seen = db
        .write_bulk(|c| {
            insert(c, "a")?;
            Ok::<_, StoreError>(journal_mode(c))
        })
        .unwrap();
    assert_eq!(seen, "wal");
    assert_eq!(count(&other), before + 1);
}
