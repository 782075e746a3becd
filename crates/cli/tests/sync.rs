//! `keyplan bundle` and `keyplan sync` as a script would use them: two databases that share a
//! folder end with the same accounts; a missing folder exits 1 naming it and writes nothing.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{keyplan, ok, stderr};

#[test]
fn two_databases_share_a_folder_and_end_with_the_same_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let folder = dir.path().join("Sync");
    std::fs::create_dir(&folder).unwrap();
    let folder = folder.to_str().unwrap();
    ok(keyplan(&a, &["accounts", "add", "--name", "华东精密"]));
    ok(keyplan(&b, &["accounts", "add", "--name", "Acme Trading"]));
    let first = ok(keyplan(&a, &["sync", folder]));
    assert!(first.contains("0 files merged") && first.contains("wrote "), "{first}");
    let on_b = ok(keyplan(&b, &["sync", folder]));
    assert!(on_b.contains("1 file merged") && on_b.contains("1 created"), "{on_b}");
    ok(keyplan(&a, &["sync", folder]));
    let again = ok(keyplan(&a, &["sync", folder, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        (v[0]["unchanged_files"].as_u64(), v[0]["written"].as_bool()),
        (Some(1), Some(false))
    );
    for db in [&a, &b] {
        let list = ok(keyplan(db, &["accounts", "list"]));
        assert!(list.contains("华东精密") && list.contains("Acme Trading"), "{list}");
    }
}

#[test]
fn a_missing_folder_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["accounts", "add", "--name", "华东精密"]));
    let gone = dir.path().join("unplugged");
    let out = keyplan(&db, &["sync", gone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unplugged"), "{}", stderr(&out));
    assert!(!gone.exists());
    let out = keyplan(&db, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "no folder given nor set");
    assert!(stderr(&out).contains("sync_folder"), "{}", stderr(&out));
}
