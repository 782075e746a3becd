//! A book set to unlock from the login keyring, started where no keyring service answers (no
//! session bus): the window's start-up stays locked and says why, and the passphrase opens it.
//! Its own test binary, because it points this process's D-Bus address at nothing.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_app::keys::{KdfParams, KeyringSecret, Unlock, Zeroizing};
use keyplan_app::vault;
use keyplan_app::{Session, SharedSession};

#[test]
fn without_a_keyring_service_the_book_starts_locked_saying_why() {
    // The only test in this binary: nothing else reads the environment meanwhile.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyplan-test-bus");
    std::env::remove_var("DISPLAY");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let (mut s, _) = Session::open(&path).unwrap();
    let quick = KdfParams { memory_kib: 8 * 1024, iterations: 1, lanes: 1 };
    s.encrypt("correct horse battery", quick).unwrap();
    // The key file as `keyring on` leaves it (the keyring's half cannot be stored here).
    let key = s.db().key().unwrap().clone();
    let file = vault::read_key_file(&path).unwrap();
    let with = file.with_keyring(&key, &KeyringSecret::generate().unwrap()).unwrap();
    std::fs::write(vault::key_file_path(&path), with.to_bytes()).unwrap();
    drop(s);
    let before = std::fs::read(&path).unwrap();

    let shared = SharedSession::open(Ok(path.clone()));
    let start = shared.startup();
    assert!(start.locked && start.encrypted && start.keyring, "{start:?}");
    let why = start.keyring_error.unwrap_or_default();
    assert!(!why.is_empty() && !why.contains("cannot be used: the login"), "{why}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");

    let unlocked =
        shared.unlock(&Unlock::Passphrase(Zeroizing::new("correct horse battery".into()))).unwrap();
    assert!(!unlocked.locked && unlocked.keyring_error.is_none());
}
