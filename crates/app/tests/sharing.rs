//! Encrypted sharing between laptops: a bundle encrypted for the team opens on its members'
//! laptops and nowhere else, one encrypted with a passphrase opens with it, each refusal has
//! its own message and writes nothing, the sync folder's files are encrypted once the team has
//! keys, and plain bundles still import.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::keys::share::SealError;
use keyplan_app::keys::Zeroizing;
use keyplan_app::sync::{BundleProblem, BundleScope};
use keyplan_app::team::Seal;
use keyplan_app::{AppError, Session};

fn spec() -> DemoSpec {
    DemoSpec {
        accounts: 12,
        seed: 5,
        language: Language::ZhCn,
        end: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        now: chrono::Utc::now(),
        order_scale: 1.0,
        plans: true,
    }
}

fn laptop(dir: &Path, name: &str) -> (Session, PathBuf) {
    let path = dir.join(format!("{name}.db"));
    let (mut s, _) = Session::open(&path).unwrap();
    s.update_settings(&keyplan_app::SettingsPatch {
        user_name: Some(name.into()),
        ..Default::default()
    })
    .unwrap();
    (s, path)
}

fn accounts(s: &Session) -> usize {
    s.list_accounts(&Default::default()).unwrap().items.len()
}

fn all() -> BundleScope {
    BundleScope { all: true, ..BundleScope::default() }
}

/// The refusal a merge gave, or a panic naming what it gave instead.
fn sealed_error(r: Result<keyplan_app::sync::MergeSummary, AppError>) -> SealError {
    match r {
        Err(AppError::BadBundle { error: BundleProblem::Sealed(e), .. }) => e,
        other => panic!("expected a refusal of the encrypted file, got {other:?}"),
    }
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_bundle_for_the_team_opens_for_its_members_only_and_a_stranger_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = laptop(dir.path(), "a");
    let (mut b, _) = laptop(dir.path(), "b");
    let (mut c, c_path) = laptop(dir.path(), "c");
    a.load_demo(&spec()).unwrap();
    let b_key = b.sharing_key().unwrap();
    a.team_add("Bai 白", &b_key).unwrap();

    let (bundle, name) = a.bundle_file(&all(), &Seal::Team).unwrap();
    assert!(name.ends_with(".keyplan"), "{name}");
    assert_eq!((bundle.encryption, bundle.recipients), ("keys", 1));
    // Nothing of the customer book is readable in the file.
    let demo = keyplan_app::demo::generate(&spec());
    let mut texts: Vec<String> = demo.accounts.iter().map(|a| a.fields.name.clone()).collect();
    texts.extend(demo.contacts.iter().map(|c| c.fields.name.clone()));
    texts.extend(demo.accounts.iter().filter_map(|a| a.fields.notes.clone()));
    texts.extend(demo.interactions.iter().filter_map(|i| i.fields.summary.clone()));
    texts.retain(|t| t.chars().count() >= 4);
    assert!(texts.len() > 30, "{} texts to look for", texts.len());
    // (A plain bundle is deflated, so its bytes hide these too; what this guards against is a
    // change that writes the bundle without sealing it, or seals only part of it.)
    assert!(keyplan_app::keys::share::is_sealed(&bundle.bytes));
    for t in &texts {
        assert!(!holds(&bundle.bytes, t.as_bytes()) && !holds(&bundle.bytes, &utf16(t)), "{t}");
    }
    let file = dir.path().join(name);
    std::fs::write(&file, &bundle.bytes).unwrap();

    // A stranger's laptop: refused, and neither its book nor its settings are touched (no
    // sharing key is made for the attempt).
    drop(c);
    let before = std::fs::read(&c_path).unwrap();
    let (mut c2, _) = Session::open(&c_path).unwrap();
    let e = sealed_error(c2.import_bundle(&file, false, None));
    assert_eq!(e, SealError::ForSomeoneElse);
    assert!(e.to_string().contains("for someone else"), "{e}");
    assert_eq!(
        sealed_error(c2.import_bundle(&file, true, Some("guess"))),
        SealError::ForSomeoneElse
    );
    drop(c2);
    assert_eq!(std::fs::read(&c_path).unwrap(), before, "the stranger's book is unchanged");
    (c, _) = Session::open(&c_path).unwrap();
    assert_eq!(accounts(&c), 0);

    // The member opens it by itself, and so does the laptop that wrote it.
    let preview = b.import_bundle(&file, true, None).unwrap();
    assert_eq!(preview.created, b.import_bundle(&file, false, None).unwrap().created);
    assert_eq!(accounts(&b), accounts(&a));
    a.import_bundle(&file, true, None).unwrap();
}

#[test]
fn a_passphrase_bundle_needs_the_passphrase_and_a_wrong_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = laptop(dir.path(), "a");
    let (mut c, _) = laptop(dir.path(), "c");
    a.load_demo(&spec()).unwrap();
    let short = Seal::Passphrase(Zeroizing::new("short".into()));
    assert!(a.bundle_file(&all(), &short).is_err(), "a passphrase of under 8 characters");
    let seal = Seal::Passphrase(Zeroizing::new("北京 2026 visit".into()));
    let (bundle, _) = a.bundle_file(&all(), &seal).unwrap();
    assert_eq!(bundle.encryption, "passphrase");
    let file = dir.path().join("one-off.keyplan");
    std::fs::write(&file, &bundle.bytes).unwrap();

    assert_eq!(sealed_error(c.import_bundle(&file, false, None)), SealError::NeedsPassphrase);
    assert_eq!(
        sealed_error(c.import_bundle(&file, false, Some("北京 2026 visiT"))),
        SealError::WrongPassphrase
    );
    assert_eq!(accounts(&c), 0);
    c.import_bundle(&file, false, Some("北京 2026 visit")).unwrap();
    assert_eq!(accounts(&c), accounts(&a));
}

#[test]
fn encrypt_to_takes_team_names_and_keys_and_a_damaged_file_is_said_to_be_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = laptop(dir.path(), "a");
    let (mut b, _) = laptop(dir.path(), "b");
    let (mut d, _) = laptop(dir.path(), "d");
    a.load_demo(&spec()).unwrap();
    a.team_add("Bai", &b.sharing_key().unwrap()).unwrap();
    let to = Seal::To(vec!["bai".into(), d.sharing_key().unwrap()]);
    let (bundle, _) = a.bundle_file(&all(), &to).unwrap();
    assert_eq!(bundle.recipients, 2);
    let file = dir.path().join("two.keyplan");
    std::fs::write(&file, &bundle.bytes).unwrap();
    b.import_bundle(&file, true, None).unwrap();
    d.import_bundle(&file, true, None).unwrap();

    let unknown = a.bundle_file(&all(), &Seal::To(vec!["Nobody".into()])).unwrap_err();
    assert!(unknown.to_string().contains("Bai"), "names the team: {unknown}");

    let cut = dir.path().join("cut.keyplan");
    std::fs::write(&cut, &bundle.bytes[..bundle.bytes.len() / 2]).unwrap();
    assert_eq!(sealed_error(b.import_bundle(&cut, false, None)).code(), "sealed_damaged");
}

#[test]
fn the_sync_folder_is_encrypted_for_the_team_once_it_has_keys() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sync");
    std::fs::create_dir(&folder).unwrap();
    let (mut a, _) = laptop(dir.path(), "a");
    let (mut b, _) = laptop(dir.path(), "b");
    let (mut c, _) = laptop(dir.path(), "c");
    a.load_demo(&spec()).unwrap();

    // No team keys: plain, as before, and anyone merges it.
    let first = a.sync_folder(Some(&folder), false).unwrap();
    assert!(first.written);
    let plain = std::fs::read(&first.own_file).unwrap();
    assert!(plain.starts_with(b"PK"), "a plain ZIP bundle");

    // A key added: the file is written again, encrypted for the team and this laptop.
    a.team_add("Bai", &b.sharing_key().unwrap()).unwrap();
    let second = a.sync_folder(Some(&folder), false).unwrap();
    assert!(second.written, "a new team key rewrites the file");
    let sealed = std::fs::read(&second.own_file).unwrap();
    assert!(keyplan_app::keys::share::is_sealed(&sealed));
    assert!(!a.sync_folder(Some(&folder), false).unwrap().written, "nothing new: left alone");

    // A laptop the team has not added: the file is reported, nothing merged (before the
    // member's laptop writes its own file, which is plain: it has no team keys).
    let stranger = c.sync_folder(Some(&folder), false).unwrap();
    let names: Vec<&str> = stranger.problems.iter().map(|p| p.error.as_str()).collect();
    assert!(names.iter().any(|e| e.contains("for someone else")), "{names:?}");
    assert_eq!(accounts(&c), 0);
    let got = b.sync_folder(Some(&folder), false).unwrap();
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(accounts(&b), accounts(&a));
}

#[test]
fn a_bundle_whose_text_holds_an_escape_code_is_refused_naming_the_field() {
    use keyplan_app::formats::bundle;
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = laptop(dir.path(), "a");
    let (mut b, b_path) = laptop(dir.path(), "b");
    a.load_demo(&spec()).unwrap();
    let plain = a.export_bundle(&all()).unwrap().bytes;
    let mut read = bundle::read(&plain).unwrap();
    let record = read.contents.records.iter_mut().find(|r| r.kind == "account").unwrap();
    record.values.insert("name".into(), serde_json::Value::String("Red \u{1b}[31m Co".into()));
    let writer = bundle::Writer {
        schema_version: read.manifest.schema_version,
        instance: read.manifest.instance,
        user: read.manifest.user.clone(),
    };
    let (hostile, _) = bundle::write(&writer, &read.contents).unwrap();
    let file = dir.path().join("hostile.keyplan");
    std::fs::write(&file, &hostile).unwrap();
    drop(b);
    let before = std::fs::read(&b_path).unwrap();
    (b, _) = Session::open(&b_path).unwrap();
    let e = b.import_bundle(&file, false, None).unwrap_err();
    assert!(matches!(&e, AppError::BadBundle { error: BundleProblem::Misfit { .. }, .. }), "{e}");
    assert!(e.to_string().contains("name: holds a control character"), "{e}");
    drop(b);
    assert_eq!(std::fs::read(&b_path).unwrap(), before, "nothing written");
}
