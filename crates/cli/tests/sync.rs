//! `keyplan bundle` and `keyplan sync` as a script would use them: two databases that share a
//! folder end with the same accounts; a missing folder exits 1 naming it and writes nothing.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{installed, keyplan, ok, stderr};

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
    assert_eq!(out.status.code(), Some(2), "no folder given nor set: say to give one");
    assert!(stderr(&out).contains("keyplan sync DIR"), "{}", stderr(&out));
}

/// The exit code and what a refusal says, with the files it must leave alone.
fn refused(o: &std::process::Output, code: i32, says: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(says), "{}", stderr(o));
}

#[test]
fn bundles_encrypted_for_the_team_or_a_passphrase_open_only_where_they_should() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b, c] = ["a", "b", "c"].map(|n| dir.path().join(format!("{n}.db")));
    ok(keyplan(&a, &["accounts", "add", "--name", "华东精密"]));
    ok(keyplan(&c, &["init"]));
    let b_key = ok(keyplan(&b, &["key", "show"])).trim().to_string();
    assert!(b_key.starts_with("age1") && b_key.len() == 62, "{b_key}");
    assert_eq!(ok(keyplan(&b, &["key", "show"])).trim(), b_key, "the same key every time");

    ok(keyplan(&a, &["team", "add", "Bai", &b_key]));
    refused(&keyplan(&a, &["team", "add", "Bai", "age1nope"]), 1, "not a sharing key");
    refused(&keyplan(&a, &["team", "add", "Other", &b_key]), 2, "already on the team");
    let list: serde_json::Value =
        serde_json::from_str(&ok(keyplan(&a, &["team", "list", "--json"]))).unwrap();
    assert_eq!((list[0]["name"].as_str(), list[0]["key"].as_str()), (Some("Bai"), Some(&*b_key)));

    let out = dir.path().join("team.keyplan");
    let out_s = out.to_str().unwrap();
    let said =
        ok(keyplan(&a, &["bundle", "export", "--all", "--out", out_s, "--encrypt-to", "bai"]));
    assert!(said.contains("encrypted for 1 person"), "{said}");
    refused(
        &keyplan(
            &a,
            &["bundle", "export", "--all", "--out", "x.keyplan", "--encrypt-to", "Nobody"],
        ),
        2,
        "not on the team",
    );
    let c_before = std::fs::read(&c).unwrap();
    refused(&keyplan(&c, &["bundle", "import", out_s]), 1, "this file is for someone else");
    assert_eq!(std::fs::read(&c).unwrap(), c_before);
    ok(keyplan(&b, &["bundle", "import", out_s]));
    assert!(ok(keyplan(&b, &["accounts", "list"])).contains("华东精密"));

    let (right, wrong) = (dir.path().join("p.txt"), dir.path().join("w.txt"));
    std::fs::write(&right, "visit Hangzhou 2026\n").unwrap();
    std::fs::write(&wrong, "visit Hangzhou 2025\n").unwrap();
    let one_off = dir.path().join("one-off.keyplan");
    let one_off = one_off.to_str().unwrap();
    let p = right.to_str().unwrap();
    ok(keyplan(
        &a,
        &["bundle", "export", "--all", "--out", one_off, "--encrypt-passphrase-file", p],
    ));
    refused(&keyplan(&c, &["bundle", "import", one_off]), 2, "--decrypt-passphrase-file");
    let w = wrong.to_str().unwrap();
    refused(
        &keyplan(&c, &["bundle", "import", one_off, "--decrypt-passphrase-file", w]),
        1,
        "the passphrase does not open this file",
    );
    assert_eq!(std::fs::read(&c).unwrap(), c_before);
    ok(keyplan(&c, &["bundle", "import", one_off, "--decrypt-passphrase-file", p]));
    assert!(ok(keyplan(&c, &["accounts", "list"])).contains("华东精密"));
    ok(keyplan(&a, &["team", "remove", "Bai"]));
    assert!(ok(keyplan(&a, &["team", "list"])).contains("No team keys"));
}

#[test]
fn a_bundle_encrypted_by_the_age_tool_for_this_laptop_opens_binary_or_armored() {
    if !installed("age") {
        eprintln!("skipped: the age tool is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(keyplan(&a, &["accounts", "add", "--name", "互通 Interop"]));
    let plain = dir.path().join("plain.keyplan");
    ok(keyplan(&a, &["bundle", "export", "--all", "--out", plain.to_str().unwrap()]));
    let key = ok(keyplan(&b, &["key", "show"])).trim().to_string();
    for (name, armor) in [("binary.keyplan", false), ("armored.keyplan", true)] {
        let sealed = dir.path().join(name);
        let mut age = std::process::Command::new("age");
        if armor {
            age.arg("-a");
        }
        let status = age.args(["-r", &key, "-o"]).arg(&sealed).arg(&plain).status().unwrap();
        assert!(status.success());
        let said = ok(keyplan(&b, &["bundle", "import", sealed.to_str().unwrap(), "--dry-run"]));
        assert!(said.contains("1 created"), "{name}: {said}");
    }
}
