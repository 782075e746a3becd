//! Transaction files large enough for the bulk paths: read as two halves at once (from 4 MiB),
//! fingerprints checked against the remembered ones in one ordered pass (from 20,000 rows),
//! and rows gathered on another thread while SQLite writes. What a user sees must not depend
//! on any of that: the same counts, the same row and line in an error, nothing written.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_app::formats::import::Kind;
use keyplan_app::import::{import_file, ImportRequest};
use keyplan_app::{AppError, Db};

/// `rows` transactions from `first` on, in CRLF lines; every 1,000th has a quoted product line
/// with a comma in it.
fn sales(first: usize, rows: usize) -> String {
    let mut text = String::from("Customer,Date,Sales,Profit,Product,Region,Quantity\r\n");
    for i in first..first + rows {
        let product = if i % 1000 == 0 { "\"Cables, copper\"" } else { "Switches" };
        text.push_str(&format!(
            "Account {:03},2024-{:02}-{:02},{}.{:02},{},{product},East China region,{}\r\n",
            i % 300,
            i % 12 + 1,
            i % 28 + 1,
            i,
            i % 100,
            i / 3,
            i % 7,
        ));
    }
    text
}

fn open(dir: &tempfile::TempDir) -> Db {
    keyplan_app::open(&dir.path().join("k.db")).unwrap().0
}

#[test]
fn a_large_file_imports_once_and_overlapping_rows_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir);
    let text = sales(0, 80_000);
    assert!(text.len() > 4 << 20, "large enough to be read as two halves");
    let path = dir.path().join("a.csv");
    std::fs::write(&path, &text).unwrap();
    let s = import_file(&mut db, &ImportRequest::new(Kind::Transactions, &path)).unwrap();
    assert_eq!((s.rows_read, s.created, s.accounts_created), (80_000, 80_000, 300));
    let total: i64 =
        db.conn().query_row("SELECT sum(revenue) FROM transactions", [], |r| r.get(0)).unwrap();
    let expected: i64 = (0..80_000).map(|i: i64| i * 100 + i % 100).sum();
    assert_eq!(total, expected, "every row once, with its own amount");
    let cables: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM transactions WHERE product_line = 'Cables, copper'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cables, 80);

    // Half of it again with 30,000 new rows: the old half is recognised row by row.
    let path = dir.path().join("b.csv");
    std::fs::write(&path, sales(40_000, 70_000)).unwrap();
    let s = import_file(&mut db, &ImportRequest::new(Kind::Transactions, &path)).unwrap();
    assert_eq!((s.created, s.already_imported, s.accounts_matched), (30_000, 40_000, 300));
    let rows: i64 =
        db.conn().query_row("SELECT count(*) FROM transactions", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 110_000);
}

#[test]
fn a_bad_row_in_the_second_half_is_named_at_its_row_and_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("k.db");
    drop(open(&dir));
    let mut text = sales(0, 80_000);
    // A two-line quoted cell early on moves every later line one down from its row.
    text = text.replacen("Switches", "\"Switches\r\n(refurbished)\"", 1);
    let bad = "Account 001,2024-02-30,5.00,1,Switches,East China region,1\r\n";
    let at = text.match_indices("\r\n").nth(70_000).unwrap().0 + 2;
    text.insert_str(at, bad);
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, &text).unwrap();
    let before = std::fs::read(&db_path).unwrap();
    let mut db = open(&dir);
    let err = import_file(&mut db, &ImportRequest::new(Kind::Transactions, &path)).unwrap_err();
    let AppError::Rejected { total, errors, .. } = err else { panic!("{err:?}") };
    // The quoted line end is refused in a one-line product cell too: two problems.
    assert_eq!(total, 2, "{errors:?}");
    let bad_date = errors.iter().find(|e| e.column == "Date").unwrap();
    assert_eq!((bad_date.row, bad_date.line), (70_000, 70_002), "{}", bad_date.message);
    assert!(bad_date.message.contains("row 70000 (line 70002)"), "{}", bad_date.message);
    drop(db);
    assert!(std::fs::read(&db_path).unwrap() == before, "the database file changed");
}
