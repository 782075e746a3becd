//! A key file beside an encrypted book, and a recovery key as typed: read, checked and, with
//! the recovery key taken from the same bytes, unwrapped or refused; never a panic. (The
//! passphrase's Argon2id is left out: its cost is bounded by the file's checked parameters.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzzed.key");
    if let Ok(file) = keyplan_keys::KeyFile::from_bytes(path, data) {
        let typed = String::from_utf8_lossy(&data[data.len().saturating_sub(60)..]).into_owned();
        let _ = file.unlock(&keyplan_keys::Unlock::RecoveryKey(keyplan_keys::Zeroizing::new(typed)));
    }
});
