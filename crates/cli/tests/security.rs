//! `keyplan encrypt` and unlocking as a script would: the recovery key is the last line, an
//! encrypted book without a way in or with a wrong one exits 1 and changes nothing, and the
//! login keyring unlocks it when set to — or, with no keyring service, says why and leaves the
//! passphrase working.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{installed, keyplan, ok, stderr};

const PASS: &str = "correct horse battery";

/// A plain demo book at `dir/k.db`, then encrypted; returns the passphrase file.
fn encrypted_book(dir: &Path) -> (std::path::PathBuf, String) {
    let db = dir.join("k.db");
    let pass = dir.join("pass.txt");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    ok(keyplan(&db, &["demo", "--accounts", "6"]));
    let out = ok(keyplan(&db, &["encrypt", "--passphrase-file", pass.to_str().unwrap()]));
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(last.len(), 49, "the recovery key is the last line: {out}");
    (db, pass.to_str().unwrap().to_string())
}

/// `keyplan` with no session bus to reach: a machine without a keyring service.
fn without_keyring(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keyplan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KEYPLAN_DB")
        .env_remove("DISPLAY")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyplan-test-bus")
        .output()
        .unwrap()
}

#[test]
fn an_encrypted_book_asks_for_a_way_in_and_refuses_a_wrong_one_changing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = encrypted_book(dir.path());
    let before = std::fs::read(&db).unwrap();
    let locked = keyplan(&db, &["accounts", "list"]);
    assert_eq!(locked.status.code(), Some(1));
    assert!(stderr(&locked).contains("--passphrase-file"), "{}", stderr(&locked));
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not the passphrase").unwrap();
    let refused = keyplan(&db, &["--passphrase-file", wrong.to_str().unwrap(), "accounts", "list"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("passphrase is not right"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");
    // The option before or after the command's name.
    ok(keyplan(&db, &["--passphrase-file", &pass, "accounts", "list"]));
    ok(keyplan(&db, &["accounts", "list", "--passphrase-file", &pass]));
}

#[test]
fn with_no_keyring_service_keyring_on_says_why_and_the_passphrase_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = encrypted_book(dir.path());
    let key_file = dir.path().join("k.db.key");
    let before = std::fs::read(&key_file).unwrap();
    let on = without_keyring(&db, &["--passphrase-file", &pass, "keyring", "on"]);
    assert_eq!(on.status.code(), Some(1), "{}", stderr(&on));
    let said = stderr(&on);
    assert!(said.contains("login keyring cannot be used") && said.contains("passphrase"), "{said}");
    assert_eq!(std::fs::read(&key_file).unwrap(), before, "the key file is unchanged");
    ok(without_keyring(&db, &["--passphrase-file", &pass, "accounts", "list"]));
    // A plain book has no keyring to set.
    let plain = dir.path().join("plain.db");
    ok(keyplan(&plain, &["init"]));
    assert_eq!(keyplan(&plain, &["keyring", "on"]).status.code(), Some(2));
}

/// Runs `script` in a session bus of its own with GNOME Keyring's Secret Service, unlocked as at
/// login; None when those programs are not installed (the test scripts install them).
fn in_keyring_session(dir: &Path, script: &str) -> Option<Output> {
    if !(installed("dbus-run-session") && installed("gnome-keyring-daemon")) {
        eprintln!("skipped: dbus-run-session or gnome-keyring-daemon is not installed");
        return None;
    }
    let (home, run) = (dir.join("home"), dir.join("run"));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&run).unwrap();
    let full = format!(
        "printf 'login' | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n{script}"
    );
    Some(
        Command::new("dbus-run-session")
            .args(["--", "sh", "-ec", &full])
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &run)
            .env("KEYPLAN", env!("CARGO_BIN_EXE_keyplan"))
            .env_remove("KEYPLAN_DB")
            .current_dir(dir)
            .output()
            .unwrap(),
    )
}

#[test]
fn the_login_keyring_unlocks_the_book_when_set_to_and_no_longer_once_off() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pass) = encrypted_book(dir.path());
    let script = format!(
        r#""$KEYPLAN" --db k.db --passphrase-file '{pass}' keyring on
"$KEYPLAN" --db k.db accounts list --json > listed.json
"$KEYPLAN" --db k.db --passphrase-file '{pass}' keyring off
if "$KEYPLAN" --db k.db accounts list < /dev/null 2> after-off.txt; then exit 9; fi
"#
    );
    let Some(out) = in_keyring_session(dir.path(), &script) else { return };
    assert!(out.status.success(), "{}\n{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
    let listed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("listed.json")).unwrap())
            .unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(6), "opened from the keyring alone");
    let after = std::fs::read_to_string(dir.path().join("after-off.txt")).unwrap();
    assert!(after.contains("is encrypted"), "{after}");
    let key_file = std::fs::read_to_string(dir.path().join("k.db.key")).unwrap();
    assert!(!key_file.contains("keyring"), "the wrap is gone: {key_file}");
}
