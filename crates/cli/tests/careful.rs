//! The command line as careful as the window: closed pipes, limits, commands that only read,
//! a book that cannot be written, messages in words, and the JSON contract.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{keyplan, ok, stderr};
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn demo(db: &Path) {
    ok(keyplan(db, &["demo", "--accounts", "60", "--end", "2026-09-30"]));
}

fn first_id(db: &Path, args: &[&str]) -> String {
    let v: Value = serde_json::from_str(&ok(keyplan(db, args))).unwrap();
    v[0]["id"].as_str().unwrap().to_string()
}

/// The book's content and the folder's files, to compare before and after.
fn state(db: &Path) -> (Vec<u8>, Vec<String>) {
    let folder = db.parent().unwrap();
    let mut names: Vec<String> = walk(folder);
    names.sort();
    (std::fs::read(db).unwrap(), names)
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        out.push(p.display().to_string());
        if p.is_dir() {
            out.extend(walk(&p));
        }
    }
    out
}

#[test]
fn commands_that_only_read_leave_the_book_and_its_folder_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    let plan = first_id(&db, &["plans", "list", "--json"]);
    let account = first_id(&db, &["accounts", "list", "--json"]);
    let out = tempfile::tempdir().unwrap();
    let o = |name: &str| out.path().join(name).display().to_string();
    let before = state(&db);
    let runs: Vec<Vec<String>> = [
        vec!["accounts", "list", "--json"],
        vec!["accounts", "show", &account],
        vec!["analyze", "--json"],
        vec!["kpis"],
        vec!["plans", "list"],
        vec!["plans", "show", &plan],
        vec!["plans", "export", &plan, "--format", "md", "--out", &o("p.md")],
        vec!["actions", "--json"],
        vec!["export", "portfolio", "--format", "csv", "--out", &o("a.csv")],
        vec!["conflicts"],
        vec!["team", "list"],
        vec!["backup", "--list"],
        vec!["backup", "--out", &o("copy.db")],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    for run in &runs {
        let args: Vec<&str> = run.iter().map(String::as_str).collect();
        ok(keyplan(&db, &args));
        assert!(state(&db) == before, "`{}` changed the book or its folder", run.join(" "));
    }
}

#[test]
fn no_book_a_folder_or_an_empty_file_is_said_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere").join("k.db");
    let o = keyplan(&missing, &["accounts", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no Keyplan book") && stderr(&o).contains("keyplan init"));
    assert!(!dir.path().join("nowhere").exists(), "no folder made");

    let o = keyplan(dir.path(), &["accounts", "list"]);
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let o = keyplan(&empty, &["analyze"]);
    assert!(stderr(&o).contains("no Keyplan book"), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "not made into a book");
}

/// Root reads and writes anything, so the read-only book is tried as `nobody` (CI runs as
/// root; elsewhere the test needs root to switch user and is skipped).
#[test]
fn a_book_this_user_cannot_write_is_read_exported_and_backed_up_and_a_write_says_why() {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    if !root || !common::installed("setpriv") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("ro");
    std::fs::create_dir(&shared).unwrap();
    let db = shared.join("k.db");
    demo(&db);
    // The binary where nobody may run it; the book and its folder read-only to everyone.
    let bin = dir.path().join("keyplan");
    std::fs::copy(env!("CARGO_BIN_EXE_keyplan"), &bin).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    use std::os::unix::fs::PermissionsExt;
    for (p, mode) in [(dir.path(), 0o755), (&bin, 0o755), (&out, 0o777), (&db, 0o444)] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = state(&db);
    let run = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
            .arg(&bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("KEYPLAN_DB")
            .output()
            .unwrap()
    };
    let csv = out.join("a.csv").display().to_string();
    let copy = out.join("copy.db").display().to_string();
    for args in [
        vec!["accounts", "list"],
        vec!["analyze", "--json"],
        vec!["plans", "list"],
        vec!["export", "portfolio", "--format", "csv", "--out", &csv],
        vec!["backup", "--out", &copy],
    ] {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["accounts", "add", "--name", "Newco"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&db.display().to_string()) && err.contains("cannot be written"), "{err}");
    assert!(err.contains("backup --out"), "says what still works: {err}");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(state(&db) == before, "nothing written beside the book");
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    for args in [vec!["analyze", "--json"], vec!["accounts", "list", "--json"], vec!["analyze"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_keyplan"))
            .arg("--db")
            .arg(&db)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then go away, as `| head -1` does.
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{args:?}: {status:?} {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn limits_and_values_outside_a_list_are_usage_errors_before_anything_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    for args in [
        vec!["demo", "--accounts", "0"],
        vec!["demo", "--accounts", "20001"],
        vec!["demo", "--order-scale", "nan"],
        vec!["demo", "--order-scale", "1e9"],
        vec!["demo", "--end", "0001-01-01"],
        vec!["bench", "--runs", "0"],
        vec!["bench", "--runs", "1000000000"],
        vec!["analyze", "--as-of", "2024-1-1"],
        vec!["analyze", "--as-of", " 2026-09-30"],
        vec!["plans", "list", "--status", "bogus"],
        vec!["plans", "show", "nope"],
        vec!["plans", "new", "--account", "X", "--period", "FY", "--template", "huge"],
        vec!["accounts", "add", "--name", "X", "--size", "giant"],
        vec!["import", "accounts", "a.csv", "--encoding", "klingon"],
        vec!["import", "accounts", "a.csv", "--date-format", "%Q"],
        vec!["export", "portfolio", "--format", "csv", "--out", "x.csv", "--columns", "bogus"],
        vec!["kpis", "--from", "2026-06-01", "--as-of", "2026-01-01"],
    ] {
        let o = keyplan(&db, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!db.exists(), "{args:?} opened the book");
    }
    // Past the file limits: a device that never ends is refused before it is read.
    demo(&db);
    for args in [vec!["import", "accounts", "/dev/zero"], vec!["bundle", "import", "/dev/zero"]] {
        let o = keyplan(&db, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("not a file"), "{args:?}: {}", stderr(&o));
    }
    let o = keyplan(&db, &["conflicts", "keep", "nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = keyplan(&db, &["import", "accounts", "/dev/null", "--map", "bogus=Name"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("external_id, name"), "lists the fields: {}", stderr(&o));
}

#[test]
fn messages_name_the_file_field_or_flag_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    let plan = first_id(&db, &["plans", "list", "--json"]);
    let raw = ["os error", "invalid type", "expected a", "UUID parsing", "CHECK constraint"];
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["plans".into(), "set".into(), plan.clone(), "allow_overlap=maybe".into()],
            "true or false",
        ),
        (
            vec!["plans".into(), "set".into(), plan.clone(), "start_date=2024-13-45".into()],
            "start_date",
        ),
        (vec!["import".into(), "accounts".into(), dir.path().display().to_string()], "is a folder"),
        (vec!["import".into(), "accounts".into(), "missing.csv".into()], "no such file"),
        (vec!["restore".into(), "/dev/null".into()], "cannot be restored"),
        (vec!["sync".into()], "keyplan sync DIR"),
    ];
    for (args, says) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = keyplan(&db, &args);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!raw.iter().any(|r| err.contains(r)), "{args:?}: library words: {err}");
        assert_eq!(err.trim_end().lines().count().min(3), err.trim_end().lines().count(), "{err}");
    }
    // A passphrase given for a plain book is said to be unused: its owner may think it locked.
    let secret = dir.path().join("pass.txt");
    std::fs::write(&secret, "a long passphrase\n").unwrap();
    let o = keyplan(&db, &["accounts", "list", "--passphrase-file", secret.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("--passphrase-file is not used: this book is not encrypted"));
}

/// README: what is stored comes out as an array of objects with at least `id` and `name`.
#[test]
fn every_listing_in_json_is_an_array_of_objects_with_id_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    let plan = first_id(&db, &["plans", "list", "--json"]);
    let account = first_id(&db, &["accounts", "list", "--json"]);
    for args in [
        vec!["accounts", "list", "--json"],
        vec!["accounts", "show", &account, "--json"],
        vec!["analyze", "--json"],
        vec!["kpis", "--json"],
        vec!["plans", "list", "--json"],
        vec!["plans", "show", &plan, "--json"],
        vec!["actions", "--json"],
        vec!["today", "--as-of", "2026-09-30", "--json"],
        vec!["conflicts", "--json"],
        vec!["team", "list", "--json"],
        vec!["key", "show", "--json"],
    ] {
        let v: Value = serde_json::from_str(&ok(keyplan(&db, &args))).unwrap();
        let items = v.as_array().unwrap_or_else(|| panic!("{args:?}: not an array"));
        for item in items {
            assert!(item["id"].is_string(), "{args:?}: no id in {item}");
            assert!(item["name"].is_string(), "{args:?}: no name in {item}");
        }
    }
}

/// Text output shows the ids the next command takes.
#[test]
fn text_output_shows_the_ids_a_later_command_needs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    let plans: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "list", "--json"]))).unwrap();
    let plan = plans[0]["id"].as_str().unwrap();
    assert!(ok(keyplan(&db, &["plans", "list"])).contains(plan));
    let shown: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "show", plan, "--json"]))).unwrap();
    let text = ok(keyplan(&db, &["plans", "show", plan]));
    for section in ["objectives", "actions", "goals", "risks"] {
        for item in shown[0][section].as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            assert!(text.contains(id), "{section} item {id} not in:\n{text}");
        }
    }
    assert!(!text.contains("{\""), "no raw JSON in the text: {text}");
    let actions: Value = serde_json::from_str(&ok(keyplan(&db, &["actions", "--json"]))).unwrap();
    if let Some(first) = actions.as_array().and_then(|a| a.first()) {
        assert!(ok(keyplan(&db, &["actions"])).contains(first["id"].as_str().unwrap()));
    }
}

/// `keyplan today --json`: one object per item, with the kind and the ids that open it.
#[test]
fn today_lists_what_is_due_with_its_kind_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    // A reader of a WAL book leaves SQLite's -wal and -shm files beside it (the first read after
    // the demo makes them, as the test above does): measure after one.
    ok(keyplan(&db, &["plans", "list"]));
    let before = state(&db);
    let v: Value =
        serde_json::from_str(&ok(keyplan(&db, &["today", "--as-of", "2026-09-30", "--json"])))
            .unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty(), "the demo has things due");
    for i in items {
        let kind = i["kind"].as_str().unwrap();
        assert!(["action", "review", "renewal", "alert"].contains(&kind), "{i}");
        for key in ["id", "account_id", "title", "account", "due"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(i["overdue"].is_boolean(), "{i}");
        if kind == "action" || kind == "review" {
            assert!(i["plan_id"].is_string(), "{i}");
        }
    }
    assert_eq!(state(&db), before, "today only reads");
    let text = ok(keyplan(&db, &["today", "--as-of", "2026-09-30"]));
    assert!(text.contains(items[0]["id"].as_str().unwrap()), "text shows the ids: {text}");
    let o = keyplan(&db, &["today", "--as-of", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2), "a day that is not one is a usage error");
}

/// `keyplan diagnostics --out FILE.zip`: a zip, written whole, the book unchanged.
#[test]
fn diagnostics_write_a_zip_and_leave_the_book_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    demo(&db);
    ok(keyplan(&db, &["plans", "list"]));
    let before = state(&db);
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("d.zip");
    ok(keyplan(&db, &["diagnostics", "--out", zip.to_str().unwrap()]));
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip");
    assert!(bytes.windows(10).any(|w| w == b"about.json"), "with about.json");
    assert_eq!(state(&db), before, "the book and its folder as they were");
    let o = keyplan(&db, &["diagnostics", "--out", "/nonexistent/folder/d.zip"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("/nonexistent/folder"), "{}", stderr(&o));
}
