//! A full disk and a database that cannot be written: an edit, an import, a merge and a backup
//! each fail with a message that says what happened, lose nothing already saved, and leave the
//! session usable; once there is room (or the file is writable) again, work goes on and the next
//! start is normal. The test makes its own small file system (tmpfs, so it needs root, as CI
//! runs; elsewhere it says so and checks nothing).

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use keyplan_app::domain::{AccountInput, AccountQuery};
use keyplan_app::formats::import::Kind;
use keyplan_app::import::ImportRequest;
use keyplan_app::sync::BundleScope;
use keyplan_app::{Db, Session};

/// A tmpfs of `size` at a new folder, unmounted when dropped.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn new(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("disk_full: cannot mount a tmpfs here (not root?): nothing checked");
            return None;
        }
        Some(Mount { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn names(s: &Session) -> Vec<String> {
    let q = AccountQuery { limit: 1000, ..AccountQuery::default() };
    s.list_accounts(&q).unwrap().items.into_iter().map(|a| a.fields.name).collect()
}

fn add(s: &mut Session, name: &str) -> keyplan_app::Result<()> {
    s.create_account(&AccountInput { name: name.into(), ..AccountInput::default() }).map(|_| ())
}

/// Inputs kept off the small file system: a 3,000-row import and a 30-account bundle.
fn inputs(dir: &Path) -> (PathBuf, Vec<u8>) {
    let csv = dir.join("sales.csv");
    let mut text = String::from("Customer,Date,Sales\n");
    for i in 0..3000 {
        text.push_str(&format!("Customer {},2026-{:02}-01,{}.00\n", i % 40, 1 + i % 12, i + 1));
    }
    std::fs::write(&csv, text).unwrap();
    let mut other = Session::new(Db::open_in_memory().unwrap());
    for i in 0..30 {
        add(&mut other, &format!("From a colleague {i}")).unwrap();
    }
    let bundle = other.export_bundle(&BundleScope { all: true, ..BundleScope::default() }).unwrap();
    (csv, bundle.bytes)
}

/// Every write to the database fails saying `why`, writes nothing, and reads still work; a
/// backup fails too when there is no room for it (`room_for_backup` false).
fn every_write_fails(
    s: &mut Session,
    csv: &Path,
    bundle: &[u8],
    why: &[&str],
    room_for_backup: bool,
) {
    let before = names(s);
    let says = |e: &keyplan_app::AppError, what: &str| {
        let m = e.to_string().to_lowercase();
        eprintln!("{what}: {e}");
        assert!(why.iter().any(|w| m.contains(w)), "{what}: {m:?} should say {why:?}");
    };
    says(&add(s, "After it filled").unwrap_err(), "an edit");
    says(
        &s.import(&ImportRequest::new(Kind::Transactions, csv), &mut |_| true).unwrap_err(),
        "an import",
    );
    says(&s.merge_bundle("colleague.keyplan", bundle, false).unwrap_err(), "a merge");
    match s.backup_now(None) {
        // A database that cannot be written can still be copied somewhere that can.
        Ok(b) if room_for_backup => {
            keyplan_store::backup::inspect(&b.path, None).unwrap();
        }
        Ok(b) => panic!("a backup with no room for it: {b:?}"),
        Err(e) => {
            assert!(!room_for_backup, "a backup failed: {e}");
            says(&e, "a backup");
        }
    }
    assert_eq!(names(s), before, "nothing written, and the session still reads");
}

/// The backups folder holds only whole backups, and no copy was left beside the database.
fn no_half_files(db: &Path) {
    for b in keyplan_store::backup::list(db).unwrap() {
        keyplan_store::backup::inspect(&b.path, None).unwrap();
    }
    let folder = db.parent().unwrap();
    let partial: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".partial"))
        .collect();
    assert!(partial.is_empty(), "{partial:?}");
}

/// Takes every byte left on the file system under `dir` (a file it returns, to remove later).
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 << 10];
    while f.write_all(&block).is_ok() {}
    let mut small = vec![0u8; 512];
    while f.write_all(&small).is_ok() {}
    small.truncate(1);
    while f.write_all(&small).is_ok() {}
    drop(f);
    filler
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// Save as… over last quarter's file on a full disk: the write fails, says why, and the old
/// file is still there byte for byte, with nothing half-written beside it. The same for every
/// way Keyplan writes a file the user keeps: an export, a bundle, a backup copy, a new file.
#[test]
fn an_overwrite_that_fails_on_a_full_disk_leaves_the_old_file_byte_identical() {
    let Some(m) = Mount::new("2m") else { return };
    let (mut s, _) = Session::open(&m.path().join("keyplan.db")).unwrap();
    for i in 0..20 {
        add(&mut s, &format!("Saved before {i}")).unwrap();
    }
    let out = m.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let old: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let pdf = out.join("plan-2026-Q3.pdf");
    let bundle = out.join("team.keyplan");
    let backup = out.join("copy.db");
    for f in [&pdf, &bundle, &backup] {
        keyplan_app::files::replace(f, &old).unwrap();
    }
    let before = entries(&out);
    s.db().conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let filler = fill(m.path());

    let says_full = |e: keyplan_app::AppError| {
        let m = e.to_string().to_lowercase();
        assert!(m.contains("no space") || m.contains("full"), "{m}");
    };
    let new = vec![1u8; 300_000];
    says_full(s.write_export(&pdf, &new).unwrap_err());
    says_full(keyplan_app::files::replace(&bundle, &new).unwrap_err());
    says_full(s.backup_now(Some(&backup)).unwrap_err());
    says_full(keyplan_app::files::write_new(&out, "plan-2026-Q3.pdf", &new).unwrap_err());
    for f in [&pdf, &bundle, &backup] {
        assert!(std::fs::read(f).unwrap() == old, "{} changed", f.display());
    }
    assert_eq!(entries(&out), before, "nothing half-written beside them");

    std::fs::remove_file(&filler).unwrap();
    s.write_export(&pdf, &new).unwrap();
    assert!(std::fs::read(&pdf).unwrap() == new, "with room again the file is replaced");
    assert_eq!(entries(&out), before);
}

#[test]
fn a_full_disk_fails_each_write_with_its_reason_and_loses_nothing() {
    let Some(m) = Mount::new("6m") else { return };
    let outside = tempfile::tempdir().unwrap();
    let (csv, bundle) = inputs(outside.path());
    let db = m.path().join("keyplan.db");
    let (mut s, _) = Session::open(&db).unwrap();
    for i in 0..20 {
        add(&mut s, &format!("Saved before {i}")).unwrap();
    }
    // The write-ahead log folded back and cut to nothing, then every byte left taken.
    s.db().conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let filler = fill(m.path());

    every_write_fails(&mut s, &csv, &bundle, &["full", "no space"], false);

    std::fs::remove_file(&filler).unwrap();
    add(&mut s, "After space was freed").unwrap();
    drop(s);
    let (s, _) = Session::open(&db).unwrap();
    assert_eq!(s.db().integrity_check().unwrap(), "ok");
    let all = names(&s);
    assert_eq!(all.len(), 21, "{all:?}");
    assert!(all.iter().any(|n| n == "After space was freed"));
    no_half_files(&db);
}

/// An ext4 file system in a file, loop-mounted (for `chattr`, which tmpfs lacks).
struct Ext4 {
    dir: tempfile::TempDir,
    _image: tempfile::TempDir,
}

impl Ext4 {
    fn new() -> Option<Ext4> {
        let image = tempfile::tempdir().unwrap();
        let file = image.path().join("fs.img");
        let dir = tempfile::tempdir().unwrap();
        let run = |cmd: &mut Command| {
            cmd.stderr(std::process::Stdio::null()).status().is_ok_and(|s| s.success())
        };
        let ok = run(Command::new("truncate").args(["-s", "32M"]).arg(&file))
            && run(Command::new("mkfs.ext4").arg("-q").arg(&file))
            && run(Command::new("mount").args(["-o", "loop"]).arg(&file).arg(dir.path()));
        if !ok {
            eprintln!(
                "disk_full: cannot loop-mount an ext4 image here (not root?): nothing checked"
            );
            return None;
        }
        Some(Ext4 { dir, _image: image })
    }
}

impl Drop for Ext4 {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-R").arg("-i").arg(self.dir.path()).status();
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn chattr(flag: &str, file: &Path) {
    let s = Command::new("chattr").arg(flag).arg(file).status().unwrap();
    assert!(s.success(), "chattr {flag} {}", file.display());
}

#[test]
fn a_database_file_that_cannot_be_written_opens_to_read_and_refuses_each_write() {
    let Some(fs) = Ext4::new() else { return };
    let outside = tempfile::tempdir().unwrap();
    let (csv, bundle) = inputs(outside.path());
    let db = fs.dir.path().join("keyplan.db");
    {
        let (mut s, _) = Session::open(&db).unwrap();
        for i in 0..20 {
            add(&mut s, &format!("Saved before {i}")).unwrap();
        }
        s.backup_now(None).unwrap();
    }
    // Made unwritable between two starts (immutable: even root cannot write it).
    chattr("+i", &db);
    let (mut s, _) = Session::open(&db).unwrap();
    assert_eq!(names(&s).len(), 20, "what was saved can be read");
    let why = ["read-only", "readonly", "read only", "permission"];
    every_write_fails(&mut s, &csv, &bundle, &why, true);
    drop(s);
    chattr("-i", &db);
    let (mut s, _) = Session::open(&db).unwrap();
    add(&mut s, "After it was writable").unwrap();
    assert_eq!(s.db().integrity_check().unwrap(), "ok");
    assert_eq!(names(&s).len(), 21);
    no_half_files(&db);
}
