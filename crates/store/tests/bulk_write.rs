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

fn facts_index(c: &Connection) -> Option<String> {
    c.query_row("SELECT sql FROM sqlite_schema WHERE name = 'transactions_facts'", [], |r| r.get(0))
        .ok()
}

fn add_transactions(c: &Connection, n: usize) -> Result<(), StoreError> {
    use keyplan_domain::{AccountInput, Meta, Record};
    use keyplan_store::imports::{insert_transactions, NewTransaction};
    let now = chrono::Utc::now();
    let id = uuid::Uuid::now_v7();
    let fields =
        AccountInput { name: format!("Acme {id}"), ..AccountInput::default() }.validate().unwrap();
    keyplan_store::accounts::insert(c, &Record { meta: Meta { id, ..Meta::new(now) }, fields })?;
    let account = id.to_string();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let rows: Vec<NewTransaction<'_>> = (0..n)
        .map(|i| NewTransaction {
            account_id: &account,
            date: date + chrono::Days::new(i as u64 % 300),
            revenue: i as i64,
            profit: None,
            product_line: None,
            quantity: None,
        })
        .collect();
    assert_eq!(insert_transactions(c, now, &rows)?, n as u64);
    Ok(())
}

#[test]
fn a_large_import_rebuilds_the_analytics_index_and_a_small_one_keeps_it() {
    use keyplan_store::imports::with_facts_index_deferred;
    let mut db = Db::open_in_memory().unwrap();
    let definition = facts_index(db.conn()).expect("the schema has the index");
    // Into an empty table: the index is dropped while the rows go in, then made again.
    let during = db
        .write(|c| {
            with_facts_index_deferred(c, 130, || {
                add_transactions(c, 130)?;
                Ok::<_, StoreError>(facts_index(c))
            })
        })
        .unwrap();
    assert_eq!(during, None, "no index while the rows went in");
    assert_eq!(facts_index(db.conn()).as_deref(), Some(definition.as_str()), "the same index");
    // Fewer rows than the table holds: the index grows as they go in.
    let during = db
        .write(|c| with_facts_index_deferred(c, 10, || Ok::<_, StoreError>(facts_index(c))))
        .unwrap();
    assert_eq!(during.as_deref(), Some(definition.as_str()));
    let sum: i64 = db
        .conn()
        .query_row(
            "SELECT sum(revenue) FROM transactions INDEXED BY transactions_facts \
             WHERE deleted_at IS NULL AND date <= '2099-01-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sum, (0..130).sum::<i64>(), "the rebuilt index holds every row");
    assert_eq!(db.integrity_check().unwrap(), "ok");
}

#[test]
fn a_refused_large_import_leaves_the_index_in_place() {
    use keyplan_store::imports::with_facts_index_deferred;
    let mut db = Db::open_in_memory().unwrap();
    let definition = facts_index(db.conn()).unwrap();
    let err = db
        .write(|c| {
            with_facts_index_deferred(c, 500, || {
                add_transactions(c, 500).map_err(Stop::from)?;
                Err::<(), _>(Stop::Here)
            })
        })
        .unwrap_err();
    assert!(matches!(err, Stop::Here), "{err:?}");
    assert_eq!(facts_index(db.conn()).as_deref(), Some(definition.as_str()));
    let n: i64 =
        db.conn().query_row("SELECT count(*) FROM transactions", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}
