//! The `keyplan` binary as a script would use it: output, JSON shape, exit codes.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{keyplan, ok, stderr};
use std::path::Path;
use std::process::Command;

#[test]
fn init_prints_path_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/k.db");
    let out = ok(keyplan(&db, &["init"]));
    assert!(out.contains(&db.display().to_string()), "{out}");
    assert!(out.contains(&format!("schema version: {}", keyplan_app::LATEST_VERSION)), "{out}");
    assert!(db.exists());
}

#[test]
fn db_path_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let o = Command::new(env!("CARGO_BIN_EXE_keyplan"))
        .arg("init")
        .env("KEYPLAN_DB", &db)
        .output()
        .unwrap();
    assert!(ok(o).contains("env.db"));
}

#[test]
fn add_list_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let id = ok(keyplan(
        &db,
        &[
            "accounts",
            "add",
            "--name",
            "华东精密",
            "--industry",
            "制造业",
            "--size",
            "large",
            "--tag",
            "vip",
            "--tag",
            "export",
        ],
    ));
    let id = id.trim();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "prints the new id: {id}");

    let list: serde_json::Value =
        serde_json::from_str(&ok(keyplan(&db, &["accounts", "list", "--json"]))).unwrap();
    let arr = list.as_array().unwrap();
    assert_eq!(arr.len(), 1);
    assert_eq!(arr[0]["id"], id);
    assert_eq!(arr[0]["name"], "华东精密");
    assert_eq!(arr[0]["size_band"], "large");
    assert_eq!(arr[0]["tags"], serde_json::json!(["vip", "export"]));

    let table = ok(keyplan(&db, &["accounts", "list"]));
    assert!(table.contains("华东精密") && table.contains("1 accounts"), "{table}");

    let show: serde_json::Value =
        serde_json::from_str(&ok(keyplan(&db, &["accounts", "show", "华东精密", "--json"])))
            .unwrap();
    assert_eq!(show[0]["id"], id);
    assert_eq!(show[0]["name"], "华东精密");
    assert!(show[0]["contacts"].is_array());
    let text = ok(keyplan(&db, &["accounts", "show", id]));
    assert!(text.contains("制造业"), "{text}");
}

#[test]
fn errors_exit_1_with_one_line_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    // A value outside an option's list is a usage mistake (exit 2), named with the list.
    let o = keyplan(&db, &["accounts", "add", "--name", "X", "--size", "huge"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--size") && err.contains("micro, small"), "{err}");
    assert!(!db.exists(), "nothing opened, nothing made");
    // A value the record's rules refuse is the data's fault (exit 1), named at its field.
    let o = keyplan(&db, &["accounts", "add", "--name", "X\u{1b}[31m"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("name"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");

    ok(keyplan(&db, &["accounts", "add", "--name", "Acme"]));
    let o = keyplan(&db, &["accounts", "add", "--name", "  ACME "]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("name"), "{}", stderr(&o));

    let o = keyplan(&db, &["accounts", "show", "Nobody"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Nobody"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    assert_eq!(keyplan(&db, &["accounts", "add"]).status.code(), Some(2));
    assert_eq!(keyplan(&db, &["frobnicate"]).status.code(), Some(2));
    assert_eq!(keyplan(&db, &["demo", "--accounts", "many"]).status.code(), Some(2));
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str| {
        let db = dir.path().join(name);
        let out =
            ok(keyplan(&db, &["demo", "--accounts", "40", "--seed", seed, "--end", "2026-11-22"]));
        assert!(out.contains("40 accounts"), "{out}");
        let json: serde_json::Value =
            serde_json::from_str(&ok(keyplan(&db, &["accounts", "list", "--json"]))).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|a| (a["id"].clone(), a["name"].clone()))
            .collect::<Vec<_>>()
    };
    let a = run("a.db", "7");
    assert_eq!(a.len(), 40);
    assert_eq!(a, run("b.db", "7"));
    assert_ne!(a, run("c.db", "8"));
    // A second demo into the same database is refused.
    let o = keyplan(&dir.path().join("a.db"), &["demo", "--accounts", "5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("empty"));
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["accounts", "add", "--name", "Acme"]));
    set_user_version(&db, 999);
    let before = std::fs::read(&db).unwrap();
    let o = keyplan(&db, &["accounts", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("newer version of Keyplan"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets the schema version in the file header (bytes 60..64, big-endian), as a newer Keyplan
/// would have left it.
fn set_user_version(path: &Path, v: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&v.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn analyze_json_is_stable_and_has_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["demo", "--accounts", "80", "--end", "2026-11-22"]));
    let args = ["analyze", "--as-of", "2026-11-22", "--json"];
    let first = ok(keyplan(&db, &args));
    assert_eq!(first, ok(keyplan(&db, &args)), "the same bytes run after run");
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 80);
    for row in rows {
        for key in [
            "id",
            "name",
            "tier",
            "tier_reason",
            "quadrant",
            "value_score",
            "rfm",
            "stage",
            "risk",
            "metrics",
        ] {
            assert!(row.get(key).is_some(), "missing {key} in {row}");
        }
        assert!(["A", "B", "C"].contains(&row["tier"].as_str().unwrap()));
        for key in ["r", "f", "m", "segment"] {
            assert!(row["rfm"].get(key).is_some());
        }
        for key in ["rev12", "profit12", "prev12", "frequency", "recency_days"] {
            assert!(row["metrics"].get(key).is_some());
        }
        assert_eq!(row["risk"]["indicators"].as_array().unwrap().len(), 5);
    }
    assert_eq!(rows[0]["tier"], "A", "ranked: the top account first");
    assert!(rows[0]["tier_reason"].as_str().unwrap().contains("< 80.00%"));

    // Another metric re-ranks without touching the saved settings.
    let by_profit = ok(keyplan(&db, &["analyze", "--as-of", "2026-11-22", "--metric", "profit"]));
    assert!(by_profit.contains("tiered by profit12"), "{by_profit}");
    let bad = keyplan(&db, &["analyze", "--metric", "margin"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("revenue, profit, value"), "{}", stderr(&bad));

    let kpis = ok(keyplan(&db, &["kpis", "--as-of", "2026-11-22", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&kpis).unwrap();
    let groups = v.as_array().unwrap();
    assert_eq!(groups[0]["id"], "portfolio");
    assert_eq!(groups[0]["accounts"], 80);
    assert!(groups.iter().any(|g| g["id"] == "tier:A"));
    let bad = keyplan(&db, &["kpis", "--as-of", "2026-11-22", "--from", "2026-12-01"]);
    assert_eq!(bad.status.code(), Some(2), "a period backwards is a usage mistake");
    assert!(stderr(&bad).contains("--from 2026-12-01 is not before --as-of"), "{}", stderr(&bad));
}

/// A reader that goes away (`keyplan … | head`) ends the command quietly with 0, for every
/// way the CLI prints (plain lines, tables, a new record's id): never a panic on the closed
/// pipe.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["demo", "--accounts", "5"]));
    for args in [
        &["init"][..],
        &["accounts", "list"],
        &["accounts", "add", "--name", "Pipe Ltd"],
        &["analyze"],
        &["backup", "--list"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_keyplan"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reading end closes before the command has printed anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !err.contains("panicked"), "{args:?}: {err}");
    }
}
