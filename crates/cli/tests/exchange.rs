//! `keyplan import | export | backup | restore` as a script would use them: summaries on stdout,
//! problems on stderr with file, row, column, value and reason, exit codes 0 / 1 / 2.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{keyplan, ok, stderr};
use std::path::{Path, PathBuf};

const SALES: &str = "客户名称,日期,销售额,行业\n华东精密,2024-01-05,\"¥1,200.50\",制造业\n\
                     Acme Trading,2024-02-01,300,Retail\n";

fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn account_names(db: &Path) -> Vec<String> {
    let out = ok(keyplan(db, &["accounts", "list", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut names: Vec<String> =
        v.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

#[test]
fn import_prints_a_summary_and_a_second_run_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let csv = file(dir.path(), "sales.csv", SALES);
    let out = ok(keyplan(&db, &["import", "transactions", csv.to_str().unwrap()]));
    assert!(out.starts_with("imported transactions from"), "{out}");
    assert!(out.contains("created 2, updated 0, skipped 0, already imported 0"), "{out}");
    assert!(out.contains("accounts: 2 created, 0 matched"), "{out}");
    assert!(out.contains("backup taken first"), "{out}");
    assert_eq!(account_names(&db), ["Acme Trading", "华东精密"]);

    let again = keyplan(&db, &["import", "transactions", csv.to_str().unwrap(), "--json"]);
    assert!(stderr(&again).is_empty(), "no progress line when stderr is not a terminal");
    let s: serde_json::Value = serde_json::from_str(&ok(again)).unwrap();
    assert_eq!((s["created"].as_u64(), s["already_imported"].as_u64()), (Some(0), Some(2)));
}

#[test]
fn a_bad_file_is_reported_on_stderr_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["init"]));
    let mut text = String::from("Customer,Date,Sales\n");
    for i in 1..=150 {
        text.push_str(&format!("Acme {i},2024-13-{:02},10\n", i % 28 + 1));
    }
    let csv = file(dir.path(), "bad.csv", &text);
    let o = keyplan(&db, &["import", "transactions", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 102, "100 listed, a count, a verdict: {err}");
    assert!(
        lines[0].starts_with(&format!(
            "{}: row 1 (line 2), column \"Date\": \"2024-13-02\"",
            csv.display()
        )),
        "{}",
        lines[0]
    );
    assert_eq!(lines[100], "… and 50 more");
    assert!(lines[101].ends_with("150 problem(s); nothing was imported"), "{}", lines[101]);
    assert!(account_names(&db).is_empty());
}

#[test]
fn dry_run_and_skip_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let csv = file(dir.path(), "mixed.csv", "Customer,Date,Sales\nA,2024-01-01,1\nB,soon,2\n");
    let path = csv.to_str().unwrap();
    let out = ok(keyplan(&db, &["import", "transactions", path, "--dry-run", "--skip-invalid"]));
    assert!(out.starts_with("would import"), "{out}");
    assert!(account_names(&db).is_empty(), "a dry run writes nothing");
    assert!(!dir.path().join("mixed.rejected.csv").exists());

    let out = ok(keyplan(&db, &["import", "transactions", path, "--skip-invalid"]));
    assert!(out.contains("created 1"), "{out}");
    let rejected = std::fs::read_to_string(dir.path().join("mixed.rejected.csv")).unwrap();
    assert!(rejected.contains("B,soon,2,"), "{rejected}");
    assert_eq!(account_names(&db), ["A"]);
}

#[test]
fn duplicates_are_errors_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let first = file(dir.path(), "a.csv", "Account,Industry\nAcme,Retail\n");
    ok(keyplan(&db, &["import", "accounts", first.to_str().unwrap()]));
    let second = file(dir.path(), "b.csv", "Account,Industry\nACME,Logistics\n");
    let path = second.to_str().unwrap();
    let o = keyplan(&db, &["import", "accounts", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("column \"Account\": \"ACME\""), "{}", stderr(&o));
    let out = ok(keyplan(&db, &["import", "accounts", path, "--on-duplicate", "update"]));
    assert!(out.contains("updated 1"), "{out}");
    let o = keyplan(&db, &["import", "accounts", path, "--on-duplicate", "sometimes"]);
    assert_eq!(o.status.code(), Some(2), "a bad choice is a usage error");
    assert!(stderr(&o).contains("update, skip, error"), "{}", stderr(&o));
}

#[test]
fn map_encoding_and_date_format_options() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let (gbk, _, _) = encoding_rs::GBK.encode("买方,Posting,Net\n华东精密,03/04/2024,5\n");
    let p = dir.path().join("erp.csv");
    std::fs::write(&p, &gbk).unwrap();
    let path = p.to_str().unwrap();
    let o = keyplan(&db, &["import", "transactions", path]);
    assert_eq!(o.status.code(), Some(1), "no column is recognisably the account");
    let args = [
        "import",
        "transactions",
        path,
        "--map",
        "account=买方",
        "--map",
        "date=Posting",
        "--map",
        "revenue=Net",
        "--encoding",
        "gbk",
        "--date-format",
        "%d/%m/%Y",
        "--json",
    ];
    let s: serde_json::Value = serde_json::from_str(&ok(keyplan(&db, &args))).unwrap();
    assert_eq!(s["created"].as_u64(), Some(1), "{s}");
    let o = keyplan(&db, &["import", "transactions", path, "--encoding", "klingon"]);
    assert_eq!(o.status.code(), Some(2), "an unknown label is a usage mistake");
    assert!(stderr(&o).contains("klingon"), "{}", stderr(&o));
}

#[test]
fn export_writes_the_file_and_refuses_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let csv = file(dir.path(), "sales.csv", SALES);
    ok(keyplan(&db, &["import", "transactions", csv.to_str().unwrap()]));
    let out = dir.path().join("p.csv");
    let args = ["export", "portfolio", "--format", "csv", "--out", out.to_str().unwrap()];
    let printed =
        ok(keyplan(&db, &[&args[..], &["--lang", "zh-CN", "--as-of", "2024-03-01"]].concat()));
    assert!(printed.contains("exported 2 accounts"), "{printed}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}客户名称,"), "{text}");
    assert!(text.contains("华东精密"), "{text}");
    let o = keyplan(&db, &["export", "portfolio", "--format", "pdf", "--out", "x.pdf"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn backup_and_restore_round_trip_and_a_bad_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let csv = file(dir.path(), "sales.csv", SALES);
    ok(keyplan(&db, &["import", "transactions", csv.to_str().unwrap()]));
    let saved = dir.path().join("saved.db");
    let out = ok(keyplan(&db, &["backup", "--out", saved.to_str().unwrap()]));
    assert!(out.starts_with("backup written to"), "{out}");
    let listed = ok(keyplan(&db, &["backup", "--list"]));
    assert!(listed.contains("before-import"), "{listed}");

    let more = file(dir.path(), "more.csv", "Customer,Date,Sales\nLater Co,2024-03-01,9\n");
    ok(keyplan(&db, &["import", "transactions", more.to_str().unwrap()]));
    assert_eq!(account_names(&db).len(), 3);
    let out = ok(keyplan(&db, &["restore", saved.to_str().unwrap()]));
    assert!(out.contains("the database as it was is backed up at"), "{out}");
    assert_eq!(account_names(&db), ["Acme Trading", "华东精密"]);

    let junk = file(dir.path(), "notes.db", "not a database at all");
    let o = keyplan(&db, &["restore", junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("notes.db"), "{}", stderr(&o));
    assert_eq!(account_names(&db), ["Acme Trading", "华东精密"], "untouched");
}
