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

/// Adds an account and `n` of its transactions by the bulk path; returns the account's id.
fn add_transactions(c: &Connection, n: usize) -> Result<uuid::Uuid, StoreError> {
    use keyplan_domain::{AccountInput, Meta, Record};
    use keyplan_store::imports::{insert_transactions, transaction_keys, NewTransaction};
    let now = chrono::Utc::now();
    let id = uuid::Uuid::now_v7();
    let fields =
        AccountInput { name: format!("Acme {id}"), ..AccountInput::default() }.validate().unwrap();
    keyplan_store::accounts::insert(c, &Record { meta: Meta { id, ..Meta::new(now) }, fields })?;
    let account = transaction_keys(c, &[id.to_string()])?[0];
    let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let rows: Vec<NewTransaction<'_>> = (0..n)
        .map(|i| NewTransaction {
            id: uuid::Uuid::now_v7(),
            account,
            date: date + chrono::Days::new(i as u64 % 300),
            revenue: i as i64,
            profit: None,
            product_line: Some("Support"),
            quantity: None,
        })
        .collect();
    assert_eq!(insert_transactions(c, now, &rows)?, n as u64);
    Ok(id)
}

#[test]
fn bulk_rows_read_back_as_records_in_the_tables_order() {
    let mut db = Db::open_in_memory().unwrap();
    let account = db.write(|c| add_transactions(c, 130)).unwrap();
    let rows = keyplan_store::transactions::list_for_account(db.conn(), account).unwrap();
    assert_eq!(rows.len(), 130);
    assert_eq!(rows.iter().map(|t| t.fields.revenue.minor()).sum::<i64>(), (0..130).sum::<i64>());
    assert!(rows.iter().all(|t| t.fields.account_id == account));
    assert!(rows.windows(2).all(|w| w[0].fields.date >= w[1].fields.date), "newest first");
    let one = keyplan_store::transactions::get(db.conn(), rows[7].id()).unwrap();
    assert_eq!(one, rows[7]);
    // The scan reads the table itself in (account, day) order: no sort, no second index.
    let mut stmt = db
        .conn()
        .prepare(
            "EXPLAIN QUERY PLAN SELECT account, day, revenue FROM transactions \
             WHERE account >= 0 AND account < 9 AND deleted_at IS NULL ORDER BY account, day",
        )
        .unwrap();
    let plan: Vec<String> =
        stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
    let plan = plan.join(" | ");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    assert_eq!(db.integrity_check().unwrap(), "ok");
}

#[test]
fn a_refused_bulk_write_leaves_no_row() {
    let mut db = Db::open_in_memory().unwrap();
    let err = db
        .write(|c| {
            add_transactions(c, 500).map_err(Stop::from)?;
            Err::<(), _>(Stop::Here)
        })
        .unwrap_err();
    assert!(matches!(err, Stop::Here), "{err:?}");
    let n: i64 =
        db.conn().query_row("SELECT count(*) FROM transactions", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}
