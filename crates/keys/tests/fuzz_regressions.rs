//! Replays the key-file fuzz target's seeds and what fuzzing it found (`fuzz/seeds/key_file/`,
//! `fuzz/regressions/key_file/`): each is read or refused, never a panic.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use keyplan_keys::{KeyFile, Unlock, Zeroizing};

#[test]
fn key_files_from_the_fuzzer_are_read_or_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut seen = 0;
    for dir in ["seeds/key_file", "regressions/key_file"] {
        for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let data = std::fs::read(entry.path()).unwrap();
            if let Ok(file) = KeyFile::from_bytes(&entry.path(), &data) {
                let typed = String::from_utf8_lossy(&data[data.len().saturating_sub(60)..]);
                let _ = file.unlock(&Unlock::RecoveryKey(Zeroizing::new(typed.into_owned())));
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "the seeds are there: {seen}");
}

#[test]
fn sealed_files_from_the_fuzzer_are_opened_or_refused() {
    use keyplan_keys::share::{self, LaptopKey};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let key = LaptopKey::generate();
    let mut seen = 0;
    for dir in ["seeds/sealed", "regressions/sealed"] {
        for entry in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
            let data = std::fs::read(entry.path()).unwrap();
            let opened = share::open(&data, &key, Some("fuzz passphrase"), 1 << 20);
            if entry.file_name() == "passphrase.keyplan" {
                assert!(opened.is_ok(), "the passphrase seed opens: {opened:?}");
            } else {
                assert!(opened.is_err(), "{}", entry.path().display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "the seeds are there: {seen}");
}
