//! Encryption at rest: the files on disk give nothing away, every wrong key is refused with
//! its own message and changes nothing, and the book reads the same before, during and after.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::keys::{KdfParams, KeyError, Unlock, Zeroizing};
use keyplan_app::vault::{self, key_file_path};
use keyplan_app::{AppError, Session, StoreError};

/// Cheap Argon2id: the tests check what is wrapped, not what it costs.
const QUICK: KdfParams = KdfParams { memory_kib: 8 * 1024, iterations: 1, lanes: 1 };
const PASS: &str = "correct horse battery";

fn spec(language: Language) -> DemoSpec {
    DemoSpec {
        accounts: 20,
        seed: 11,
        language,
        end: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        now: chrono::Utc::now(),
        order_scale: 1.0,
        plans: true,
    }
}

fn pass(p: &str) -> Unlock {
    Unlock::Passphrase(Zeroizing::new(p.into()))
}

/// A demo book at `dir/k.db` with a backup or two, and the texts that must not be readable.
fn book(dir: &Path, language: Language) -> (PathBuf, Vec<String>) {
    let path = dir.join("k.db");
    let (mut s, _) = Session::open(&path).unwrap();
    let spec = spec(language);
    s.load_demo(&spec).unwrap();
    s.backup_now(None).unwrap();
    let demo = keyplan_app::demo::generate(&spec);
    let mut secrets: Vec<String> = Vec::new();
    secrets.extend(demo.accounts.iter().map(|a| a.fields.name.clone()));
    secrets.extend(demo.contacts.iter().map(|c| c.fields.name.clone()));
    secrets.extend(demo.accounts.iter().filter_map(|a| a.fields.notes.clone()));
    secrets.extend(demo.interactions.iter().filter_map(|i| i.fields.summary.clone()));
    secrets.retain(|s| s.chars().count() >= 4);
    (path, secrets)
}

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        out.insert(entry.clone(), std::fs::read(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// Panics naming the file and the text when any file under `dir` holds one of `secrets`.
fn assert_nothing_readable(dir: &Path, secrets: &[String]) {
    let all = files(dir);
    assert!(all.len() >= 3, "the book, its key file and a backup: {:?}", all.keys());
    for (path, bytes) in &all {
        for s in secrets {
            assert!(!contains(bytes, s.as_bytes()), "{} holds {s:?} as UTF-8", path.display());
            assert!(!contains(bytes, &utf16(s)), "{} holds {s:?} as UTF-16", path.display());
        }
    }
}

fn as_of() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 11, 1)
}

/// The analysis as JSON: what the book says, to compare before and after.
fn analysed(s: &Session) -> String {
    let a = s.analyze(as_of(), None).unwrap();
    serde_json::to_string(&a.results).unwrap()
}

fn rename_first(s: &mut Session, name: &str) -> uuid::Uuid {
    let first = s.list_accounts(&Default::default()).unwrap().items[0].clone();
    let mut input = keyplan_app::domain::AccountInput::from(&first.fields);
    input.name = name.into();
    s.update_account(first.id(), &input).unwrap();
    first.id()
}

#[test]
fn an_encrypted_book_its_wal_backups_and_key_file_hold_no_customer_text() {
    for language in [Language::ZhCn, Language::En] {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut secrets) = book(dir.path(), language);
        assert!(secrets.len() > 40, "{} texts to look for", secrets.len());
        // The detector works: the plain book holds them.
        let plain = std::fs::read(&path).unwrap();
        assert!(secrets.iter().any(|s| contains(&plain, s.as_bytes())));

        let (mut s, _) = Session::open(&path).unwrap();
        let before = analysed(&s);
        let done = s.encrypt(PASS, QUICK).unwrap();
        assert_eq!(done.backups.converted.len(), 2, "{:?}", done.backups);
        assert_eq!(analysed(&s), before, "the same book, encrypted");
        // Writes while open go through the WAL: it is encrypted too, and so is a new backup.
        s.backup_now(None).unwrap();
        let renamed = "新名字 Renamed Holdings";
        let id = rename_first(&mut s, renamed);
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the WAL holds the rename");
        secrets.push(renamed.into());
        assert_nothing_readable(dir.path(), &secrets);
        drop(s);

        let (s, _) = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap();
        assert_eq!(s.account_detail(id).unwrap().account.fields.name, renamed);
        drop(s);
        assert_nothing_readable(dir.path(), &secrets);
    }
}

/// What every wrong way to unlock says, with every file byte for byte as it was.
#[test]
fn each_wrong_key_is_refused_with_its_own_message_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::En);
    let (mut s, _) = Session::open(&path).unwrap();
    let recovery = s.encrypt(PASS, QUICK).unwrap().recovery_key.text().to_string();
    drop(s);
    let before = files(dir.path());
    let refused = |unlock: Option<Unlock>| {
        let e = Session::open_unlocked(&path, unlock.as_ref()).unwrap_err();
        assert_eq!(files(dir.path()), before, "nothing changed after: {e}");
        e
    };
    assert!(matches!(refused(None), AppError::Store(StoreError::Locked { .. })));
    let e = refused(Some(pass("correct horse battery staple")));
    assert!(matches!(e, AppError::Key(KeyError::WrongPassphrase)), "{e}");
    let (_, other) = {
        let d = tempfile::tempdir().unwrap();
        let (p, _) = book(d.path(), Language::En);
        let (mut s, _) = Session::open(&p).unwrap();
        let r = s.encrypt(PASS, QUICK).unwrap().recovery_key.text().to_string();
        (d, r)
    };
    let e = refused(Some(Unlock::RecoveryKey(Zeroizing::new(other))));
    assert!(matches!(e, AppError::Key(KeyError::WrongRecoveryKey)), "{e}");
    let typo = recovery.replacen(|c: char| c.is_ascii_alphanumeric(), "-", 1);
    let e = refused(Some(Unlock::RecoveryKey(Zeroizing::new(typo))));
    assert!(matches!(e, AppError::Key(KeyError::RecoveryKeyMistyped)), "{e}");
    // The recovery key, as printed, opens it.
    let rk = Unlock::RecoveryKey(Zeroizing::new(recovery));
    drop(Session::open_unlocked(&path, Some(&rk)).unwrap());
    let before = files(dir.path());

    // The key file truncated, then edited, then missing: each said, the book untouched.
    let key_path = key_file_path(&path);
    let good = std::fs::read(&key_path).unwrap();
    let with_key = |bytes: Option<&[u8]>| {
        match bytes {
            Some(b) => std::fs::write(&key_path, b).unwrap(),
            None => std::fs::remove_file(&key_path).unwrap(),
        }
        let e = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap_err();
        std::fs::write(&key_path, &good).unwrap();
        assert_eq!(files(dir.path()), before, "nothing changed after: {e}");
        e.to_string()
    };
    assert!(with_key(Some(&good[..good.len() / 2])).contains("not a whole key file"));
    let edited =
        String::from_utf8(good.clone()).unwrap().replacen("\"key\": \"", "\"key\": \"AA", 1);
    assert!(with_key(Some(edited.as_bytes())).contains("changed after Keyplan wrote it"));
    let missing = with_key(None);
    assert!(missing.contains("its key file") && missing.contains("is missing"), "{missing}");

    // Another book's key file beside this book: it unwraps, but its key does not open the file.
    let d2 = tempfile::tempdir().unwrap();
    let (p2, _) = book(d2.path(), Language::En);
    let (mut s2, _) = Session::open(&p2).unwrap();
    s2.encrypt(PASS, QUICK).unwrap();
    drop(s2);
    let foreign = std::fs::read(key_file_path(&p2)).unwrap();
    let e = with_key(Some(&foreign));
    assert!(e.contains("was encrypted with another"), "{e}");

    // The book itself damaged (a page overwritten), with its own key file: said so, and the
    // key file is not blamed.
    let good_book = std::fs::read(&path).unwrap();
    let mut damaged = good_book.clone();
    for b in &mut damaged[16..4096] {
        *b = 0;
    }
    std::fs::write(&path, &damaged).unwrap();
    let e = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap_err().to_string();
    assert!(e.contains("restore it from a backup") && !e.contains("another"), "{e}");
    std::fs::write(&path, &good_book).unwrap();
}

#[test]
fn a_new_passphrase_does_not_rewrite_the_book_and_decrypting_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::ZhCn);
    let (mut s, _) = Session::open(&path).unwrap();
    let before = analysed(&s);
    s.encrypt(PASS, QUICK).unwrap();
    drop(s);
    let (mut s, _) = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap();
    let book_bytes = std::fs::read(&path).unwrap();
    assert!(matches!(
        s.change_passphrase("short", QUICK),
        Err(AppError::Key(KeyError::PassphraseTooShort))
    ));
    s.change_passphrase("a new passphrase", QUICK).unwrap();
    drop(s);
    assert_eq!(std::fs::read(&path).unwrap(), book_bytes, "the database is not rewritten");
    let e = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap_err();
    assert!(matches!(e, AppError::Key(KeyError::WrongPassphrase)));
    let (mut s, _) = Session::open_unlocked(&path, Some(&pass("a new passphrase"))).unwrap();
    let done = s.decrypt().unwrap();
    assert_eq!(done.converted.len(), 2);
    assert_eq!(analysed(&s), before);
    drop(s);
    assert!(!vault::is_encrypted(&path).unwrap());
    assert!(!key_file_path(&path).exists(), "no key file beside a plain book");
    for b in walk(&dir.path().join("backups")) {
        assert_eq!(&std::fs::read(&b).unwrap()[..16], b"SQLite format 3\0", "{}", b.display());
    }
    let (s, _) = Session::open(&path).unwrap();
    assert_eq!(analysed(&s), before);
}

#[test]
fn another_keyplan_with_the_book_open_makes_encrypt_refuse_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::En);
    let (_window, _) = Session::open(&path).unwrap();
    let (mut s, _) = Session::open(&path).unwrap();
    let e = s.encrypt(PASS, QUICK).unwrap_err();
    assert!(e.to_string().contains("has this book open"), "{e}");
    assert!(!vault::is_encrypted(&path).unwrap());
    assert!(!key_file_path(&path).exists());
    // The session is usable again, plain.
    assert!(!s.is_encrypted());
    s.backup_now(None).unwrap();
}

#[test]
fn backups_of_an_encrypted_book_restore_and_a_plain_leftover_is_encrypted_at_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::En);
    // A plain backup saved before encryption, kept aside (as a run killed before it reached
    // the backups would leave it).
    let leftover = dir.path().join("backups").join("keyplan-20260101T000000000Z-manual.db");
    let (s, _) = Session::open(&path).unwrap();
    let plain_before = analysed(&s);
    s.backup_now(Some(&dir.path().join("aside.db"))).unwrap();
    drop(s);
    let (mut s, _) = Session::open(&path).unwrap();
    s.encrypt(PASS, QUICK).unwrap();
    std::fs::copy(dir.path().join("aside.db"), &leftover).unwrap();
    std::fs::remove_file(dir.path().join("aside.db")).unwrap();
    let newest = s.backup_now(None).unwrap();
    assert_ne!(&std::fs::read(&newest.path).unwrap()[..16], b"SQLite format 3\0");
    rename_first(&mut s, "Changed After The Backup");
    s.restore(&newest.path).unwrap();
    assert_eq!(analysed(&s), plain_before, "restored from an encrypted backup");
    // A plain backup restores into the encrypted book too.
    rename_first(&mut s, "Changed Again");
    s.restore(&leftover).unwrap();
    assert_eq!(analysed(&s), plain_before);
    assert!(s.is_encrypted());
    drop(s);
    // The next unlock finds the leftover plain and encrypts it.
    assert_eq!(&std::fs::read(&leftover).unwrap()[..16], b"SQLite format 3\0");
    drop(Session::open_unlocked(&path, Some(&pass(PASS))).unwrap());
    assert_ne!(&std::fs::read(&leftover).unwrap()[..16], b"SQLite format 3\0");
}

#[test]
fn every_older_fixture_opens_upgrades_and_encrypts() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures");
    for v in 1..=8 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        std::fs::copy(fixtures.join(format!("v{v}.db")), &path).unwrap();
        let (mut s, info) = Session::open(&path).unwrap();
        assert_eq!(info.schema_version, keyplan_app::LATEST_VERSION);
        let before = analysed(&s);
        s.encrypt(PASS, QUICK).unwrap();
        drop(s);
        let (s, _) = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap();
        assert_eq!(analysed(&s), before, "fixture v{v}");
        // Its before-migration backup is encrypted too.
        for b in walk(&dir.path().join("backups")) {
            assert_ne!(
                &std::fs::read(&b).unwrap()[..16],
                b"SQLite format 3\0",
                "v{v}: {}",
                b.display()
            );
        }
    }
}

#[test]
fn an_encrypted_book_keeps_no_plain_copy_of_what_it_imported() {
    use keyplan_app::formats::import::Kind;
    use keyplan_app::import::ImportRequest;
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::En);
    let (mut s, _) = Session::open(&path).unwrap();
    let csv = b"Customer,Date,Sales\nSecret Buyer Ltd,2026-10-01,100.00\n";
    let before = s.stage_import("before.csv", csv).unwrap();
    let done = s.encrypt(PASS, QUICK).unwrap();
    assert_eq!(done.imports_removed, std::slice::from_ref(&before));
    assert!(!before.exists());
    let staged = s.stage_import("orders.csv", csv).unwrap();
    let dry =
        ImportRequest { dry_run: true, ..ImportRequest::new(Kind::Transactions, staged.clone()) };
    s.import(&dry, &mut |_| true).unwrap();
    assert!(staged.exists(), "a dry run still needs it");
    s.import(&ImportRequest::new(Kind::Transactions, staged.clone()), &mut |_| true).unwrap();
    assert!(!staged.exists(), "imported: the plain copy is gone");
    // One left behind (a preview never imported) goes at the next unlock.
    let left = s.stage_import("left.csv", csv).unwrap();
    drop(s);
    drop(Session::open_unlocked(&path, Some(&pass(PASS))).unwrap());
    assert!(!left.exists());
    assert_nothing_readable(dir.path(), &["Secret Buyer Ltd".to_string()]);
}

#[test]
fn a_copy_saved_elsewhere_takes_its_key_file_and_opens_as_a_book() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book(dir.path(), Language::En);
    let (mut s, _) = Session::open(&path).unwrap();
    let before = analysed(&s);
    let recovery = s.encrypt(PASS, QUICK).unwrap().recovery_key.text().to_string();
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("saved.db");
    s.backup_now(Some(&copy)).unwrap();
    drop(s);
    assert!(key_file_path(&copy).exists(), "the key file goes with the copy");
    // The laptop is gone: the copy and the recovery key are enough.
    let rk = Unlock::RecoveryKey(Zeroizing::new(recovery));
    let (s, _) = Session::open_unlocked(&copy, Some(&rk)).unwrap();
    assert_eq!(analysed(&s), before);
}

/// A book encrypted by the first version (pages checked with SQLCipher's default HMAC-SHA512,
/// a version-1 key file): it opens with its passphrase and its recovery key, keeps its page
/// check through a passphrase change and a backup, and decrypts.
#[test]
fn a_book_the_first_version_encrypted_still_opens_and_keeps_its_form() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted-v1");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.db");
    std::fs::copy(fixture.join("legacy.db"), &path).unwrap();
    std::fs::copy(fixture.join("legacy.db.key"), key_file_path(&path)).unwrap();
    let read = |name: &str| std::fs::read_to_string(fixture.join(name)).unwrap().trim().to_string();
    let (passphrase, recovery) = (read("passphrase.txt"), read("recovery-key.txt"));

    let (mut s, _) = Session::open_unlocked(&path, Some(&pass(&passphrase))).unwrap();
    let names = |s: &Session| -> Vec<String> {
        s.list_accounts(&Default::default())
            .unwrap()
            .items
            .into_iter()
            .map(|a| a.fields.name)
            .collect()
    };
    assert_eq!(names(&s), vec!["华东精密 Legacy Precision".to_string()]);
    s.change_passphrase(PASS, QUICK).unwrap();
    s.backup_now(None).unwrap();
    drop(s);
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(key_file_path(&path)).unwrap()).unwrap();
    assert_eq!(file["version"], 1, "still readable by the first version");
    assert!(file.get("page_hmac").is_none());
    let rk = Unlock::RecoveryKey(Zeroizing::new(recovery));
    let (s, _) = Session::open_unlocked(&path, Some(&rk)).unwrap();
    assert_eq!(names(&s).len(), 1);
    drop(s);
    let (mut s, _) = Session::open_unlocked(&path, Some(&pass(PASS))).unwrap();
    s.decrypt().unwrap();
    drop(s);
    let (s, _) = Session::open(&path).unwrap();
    assert_eq!(names(&s).len(), 1, "decrypted, plain");
}
