#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use std::path::Path;

/// Cheap parameters: the tests check the wrapping, not the cost.
const QUICK: KdfParams = KdfParams { memory_kib: 8 * 1024, iterations: 1, lanes: 1 };

fn pass(p: &str) -> Unlock {
    Unlock::Passphrase(Zeroizing::new(p.into()))
}

fn rk(t: &str) -> Unlock {
    Unlock::RecoveryKey(Zeroizing::new(t.into()))
}

fn new_file() -> (DataKey, KeyFile, RecoveryKey) {
    let key = DataKey::generate().unwrap();
    let (file, recovery) = KeyFile::create(&key, "correct horse", QUICK).unwrap();
    (key, file, recovery)
}

#[test]
fn the_passphrase_and_the_recovery_key_each_unwrap_the_same_key() {
    let (key, file, recovery) = new_file();
    let back = KeyFile::from_bytes(Path::new("k"), &file.to_bytes()).unwrap();
    assert_eq!(back, file);
    assert_eq!(back.unlock(&pass("correct horse")).unwrap().bytes(), key.bytes());
    assert_eq!(back.unlock(&rk(recovery.text())).unwrap().bytes(), key.bytes());
    // As typed from paper: lower case, spaces for dashes, O and I for 0 and 1.
    let sloppy =
        recovery.text().to_lowercase().replace('-', " ").replace('0', "o").replace('1', "i");
    assert_eq!(back.unlock(&rk(&sloppy)).unwrap().bytes(), key.bytes());
    assert_eq!(recovery.text().len(), 40 + 9, "ten groups of four");
}

#[test]
fn wrong_secrets_are_told_apart() {
    let (_, file, recovery) = new_file();
    assert!(matches!(file.unlock(&pass("correct horse ")), Err(KeyError::WrongPassphrase)));
    let (_, _, other) = new_file();
    assert!(matches!(file.unlock(&rk(other.text())), Err(KeyError::WrongRecoveryKey)));
    let short = &recovery.text()[..recovery.text().len() - 1];
    assert!(matches!(file.unlock(&rk(short)), Err(KeyError::RecoveryKeyMistyped)));
    // Any one character changed, anywhere (the last included), is a typo, not another key.
    let text = recovery.text().to_string();
    for at in (0..text.len()).filter(|i| text.as_bytes()[*i] != b'-') {
        for c in
            "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().filter(|c| *c != text.as_bytes()[at] as char)
        {
            let mut t = text.clone();
            t.replace_range(at..=at, &c.to_string());
            let e = file.unlock(&rk(&t));
            assert!(matches!(e, Err(KeyError::RecoveryKeyMistyped)), "{t}");
        }
    }
}

#[test]
fn a_damaged_or_newer_key_file_is_refused_with_its_own_message() {
    let (_, file, _) = new_file();
    let bytes = file.to_bytes();
    let p = Path::new("/books/keyplan.db.key");
    let truncated = KeyFile::from_bytes(p, &bytes[..bytes.len() / 2]).unwrap_err();
    assert!(truncated.to_string().contains("not a whole key file"), "{truncated}");
    assert!(truncated.to_string().contains("/books/keyplan.db.key"));
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let wrap = &mut json["wraps"][0]["key"];
    // One character of the wrapped key changed, whatever it was.
    let mut edited: Vec<char> = wrap.as_str().unwrap().chars().collect();
    edited[0] = if edited[0] == 'A' { 'B' } else { 'A' };
    *wrap = serde_json::Value::String(edited.into_iter().collect());
    let e = KeyFile::from_bytes(p, &serde_json::to_vec(&json).unwrap()).unwrap_err();
    assert!(e.to_string().contains("changed after Keyplan wrote it"), "{e}");
    json["version"] = 9.into();
    let e = KeyFile::from_bytes(p, &serde_json::to_vec(&json).unwrap()).unwrap_err();
    assert!(matches!(e, KeyError::Newer { found: 9, .. }), "{e}");
    let e = KeyFile::from_bytes(p, b"SQLite format 3\0").unwrap_err();
    assert!(matches!(e, KeyError::Damaged { .. }));
}

#[test]
fn a_hostile_cost_is_refused_before_any_work() {
    let (_, file, _) = new_file();
    let mut json: serde_json::Value = serde_json::from_slice(&file.to_bytes()).unwrap();
    let wrap = json["wraps"].as_array_mut().unwrap().iter_mut().find(|w| w["by"] == "passphrase");
    wrap.unwrap()["kdf"]["memory_kib"] = (4u64 * 1024 * 1024).into();
    // The checksum made to match, as a hostile file would.
    json.as_object_mut().unwrap().remove("check");
    let check: String = {
        use sha2::Digest;
        let body = serde_json::to_vec(&json).unwrap();
        sha2::Sha256::digest(&body).iter().map(|b| format!("{b:02x}")).collect()
    };
    json["check"] = check.into();
    let e = KeyFile::from_bytes(Path::new("k"), &serde_json::to_vec(&json).unwrap()).unwrap_err();
    assert!(e.to_string().contains("passphrase cost is out of range"), "{e}");
}

#[test]
fn a_new_passphrase_rewraps_the_same_key() {
    let (key, file, recovery) = new_file();
    assert!(matches!(
        file.with_passphrase(&key, "short", QUICK),
        Err(KeyError::PassphraseTooShort)
    ));
    let changed = file.with_passphrase(&key, "battery staple", QUICK).unwrap();
    assert_eq!(changed.key_id(), file.key_id());
    assert!(matches!(changed.unlock(&pass("correct horse")), Err(KeyError::WrongPassphrase)));
    assert_eq!(changed.unlock(&pass("battery staple")).unwrap().bytes(), key.bytes());
    assert_eq!(changed.unlock(&rk(recovery.text())).unwrap().bytes(), key.bytes());
}

#[test]
fn no_secret_is_printed() {
    let (key, _, recovery) = new_file();
    assert_eq!(format!("{key:?}"), "DataKey(…)");
    assert_eq!(format!("{recovery:?}"), "RecoveryKey(…)");
    assert_eq!(format!("{:?}", pass("x")), "Unlock::Passphrase(…)");
    let lit = key.sqlcipher_literal();
    assert!(lit.starts_with("x'") && lit.ends_with('\'') && lit.len() == 67);
}

#[test]
fn a_new_recovery_key_replaces_the_old_one() {
    let (key, file, old) = new_file();
    let (changed, new) = file.with_new_recovery_key(&key).unwrap();
    assert!(matches!(changed.unlock(&rk(old.text())), Err(KeyError::WrongRecoveryKey)));
    assert_eq!(changed.unlock(&rk(new.text())).unwrap().bytes(), key.bytes());
    assert_eq!(changed.unlock(&pass("correct horse")).unwrap().bytes(), key.bytes());
    assert_eq!(changed.key_id(), file.key_id());
}

#[test]
fn a_keyring_wrap_unlocks_alongside_the_others_and_goes_cleanly() {
    let (key, file, recovery) = new_file();
    let secret = KeyringSecret::generate().unwrap();
    let with = file.with_keyring(&key, &secret).unwrap();
    assert!(with.uses_keyring() && !file.uses_keyring());
    let back = KeyFile::from_bytes(Path::new("k"), &with.to_bytes()).unwrap();
    let again = KeyringSecret::from_text(&secret.to_text()).unwrap();
    assert_eq!(back.unlock(&Unlock::Keyring(again)).unwrap().bytes(), key.bytes());
    // The passphrase and recovery wraps are untouched by it.
    assert_eq!(back.unlock(&pass("correct horse")).unwrap().bytes(), key.bytes());
    assert_eq!(back.unlock(&rk(recovery.text())).unwrap().bytes(), key.bytes());
    // Another keyring secret, or a file without the wrap: said to be the keyring's failure.
    let other = Unlock::Keyring(KeyringSecret::generate().unwrap());
    assert!(matches!(back.unlock(&other), Err(KeyError::Keyring(_))));
    let without = back.without_keyring();
    assert!(!without.uses_keyring());
    assert_eq!(without.to_bytes(), file.to_bytes(), "back to the file it was");
    let kept = Unlock::Keyring(KeyringSecret::from_text(&secret.to_text()).unwrap());
    assert!(matches!(without.unlock(&kept), Err(KeyError::Keyring(_))));
    assert!(KeyringSecret::from_text("not base64 at all").is_none());
    assert!(!format!("{secret:?}").contains(&*secret.to_text()));
}

#[test]
fn a_file_with_a_keyring_wrap_says_it_is_newer_to_a_reader_of_version_1_only() {
    let (key, file, _) = new_file();
    let with = file.with_keyring(&key, &KeyringSecret::generate().unwrap()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&with.to_bytes()).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["page_hmac"], "sha256", "new books check pages with HMAC-SHA256");
    // A book of the first version (SQLCipher's default HMAC-SHA512) keeps a version-1 file,
    // which the first version of Keyplan still reads; its key says how its pages are checked.
    let legacy = DataKey::from_bytes(Zeroizing::new([7u8; 32]), PageHmac::Sha512);
    let (old, recovery) = KeyFile::create(&legacy, "correct horse", QUICK).unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&old.to_bytes()).unwrap();
    assert_eq!(plain["version"], 1);
    assert!(plain.get("page_hmac").is_none());
    let back = KeyFile::from_bytes(Path::new("k"), &old.to_bytes()).unwrap();
    assert_eq!(back.unlock(&rk(recovery.text())).unwrap().hmac(), PageHmac::Sha512);
    assert_eq!(file.unlock(&pass("correct horse")).unwrap().hmac(), PageHmac::Sha256);
}
