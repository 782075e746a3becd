//! Encryption at rest: turning it on and off for a book, unlocking it, and changing its
//! passphrase. The book's data key lives only wrapped, in the key file beside the database
//! (`keyplan.db` → `keyplan.db.key`); see `keyplan_keys` for the wrapping and docs/security.md
//! for what it protects.
//!
//! Turning encryption on writes an encrypted copy beside the book, checks it (SQLite's integrity
//! check, the same tables and row counts), writes the key file, and renames the copy over the
//! book: killed at any moment, the book is the old plain file or the new encrypted one, whole,
//! and an encrypted book always has its key file. Backups follow the book: each is re-encrypted
//! (or, if it cannot be read, removed), and an open that finds a plain backup beside an
//! encrypted book (a run killed half-way) finishes the job.

use std::path::{Path, PathBuf};

use keyplan_keys::{DataKey, KdfParams, KeyError, KeyFile, KeyringSecret, RecoveryKey, Unlock};
use keyplan_store::cipher::{self, FileKind};
use keyplan_store::{backup, Db, OpenInfo, StoreError};
use serde::Serialize;

use crate::{files, AppError, Result};

/// The key file beside a book.
pub fn key_file_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Whether the book at `path` is encrypted (read from the file's first bytes).
pub fn is_encrypted(path: &Path) -> Result<bool> {
    Ok(cipher::file_kind(path)? == FileKind::Encrypted)
}

/// The key file of the book at `db_path`.
pub fn read_key_file(db_path: &Path) -> Result<KeyFile> {
    let path = key_file_path(db_path);
    // A key file is a few hundred bytes; anything past 64 KB is not one.
    match files::read_limited(&path, 64 << 10, "a key file") {
        Ok(bytes) => Ok(KeyFile::from_bytes(&path, &bytes)?),
        Err(AppError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Err(KeyError::Missing { path }.into())
        }
        Err(e) => Err(e),
    }
}

/// Opens the book at `path`: a plain one as it is (`unlock` unused), an encrypted one with the
/// data key `unlock` unwraps. A wrong passphrase or key opens nothing and writes nothing.
pub fn open(path: &Path, unlock: Option<&Unlock>) -> Result<(Db, OpenInfo)> {
    open_as(path, unlock, false)
}

/// [`open`] to read only: nothing is created, upgraded, tidied or written (see
/// [`Db::open_read_only`]).
pub fn open_read_only(path: &Path, unlock: Option<&Unlock>) -> Result<(Db, OpenInfo)> {
    open_as(path, unlock, true)
}

fn open_as(path: &Path, unlock: Option<&Unlock>, read_only: bool) -> Result<(Db, OpenInfo)> {
    if !is_encrypted(path)? {
        return Ok(if read_only { Db::open_read_only(path, None)? } else { Db::open(path)? });
    }
    let file = match read_key_file(path) {
        Err(AppError::Key(KeyError::Missing { path: key })) => {
            // Without its key file an encrypted book and a file that is no database at all look
            // alike (neither starts as SQLite does): say both.
            let reason = format!(
                "it is not SQLite, and if it is an encrypted book, its key file {} is missing",
                key.display()
            );
            return Err(StoreError::NotADatabase { path: path.to_path_buf(), reason }.into());
        }
        other => other?,
    };
    let Some(how) = unlock else {
        return Err(StoreError::Locked { path: path.to_path_buf() }.into());
    };
    let key = file.unlock(how)?;
    let opened =
        if read_only { Db::open_read_only(path, Some(key)) } else { Db::open_keyed(path, key) };
    let (db, info) = match opened {
        // The key does not open the book: another book's key file, or this book damaged.
        Err(StoreError::WrongKey { .. }) if file.names_book(&book_head(path)?) == Some(true) => {
            let reason = "its key file is the right one, but its pages do not open with it: \
                          restore it from a backup (Settings → Backups, or keyplan restore)";
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: reason.into(),
            }
            .into());
        }
        other => other?,
    };
    if !read_only {
        tidy(&db, path);
    }
    Ok((db, info))
}

/// An encrypted book's first 16 bytes: SQLCipher's salt, which names the file.
fn book_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut head = vec![0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| AppError::io(path, e))?;
    let n = f.read(&mut head).map_err(|e| AppError::io(path, e))?;
    head.truncate(n);
    Ok(head)
}

/// What a run killed half-way, or an earlier session, left in plain text beside an encrypted
/// book: backups not yet converted, a killed `decrypt`'s copy, files picked to import. Best
/// effort (a full disk must not keep the user out of the book); the next unlock tries again.
fn tidy(db: &Db, path: &Path) {
    files::clear_leftovers_of(path);
    if let Ok(list) = backup::list(path) {
        for b in &list {
            files::clear_leftovers_of(&b.path);
        }
    }
    let _ = convert_backups(db, path);
    let _ = clear_imports(path);
}

/// Opens the encrypted book at `path` with a key already had (after a refused `decrypt`),
/// tidied as an unlock would.
pub fn reopen_keyed(path: &Path, key: DataKey) -> Result<Db> {
    let (db, _) = Db::open_keyed(path, key)?;
    tidy(&db, path);
    Ok(db)
}

/// Removes the window's copies of files picked to import (`imports/`): plain text beside an
/// encrypted book. Returns what it removed.
pub fn clear_imports(db_path: &Path) -> Result<Vec<PathBuf>> {
    let dir = crate::import::staging_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(AppError::io(&dir, e)),
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_file() {
            std::fs::remove_file(&p).map_err(|e| AppError::io(&p, e))?;
            removed.push(p);
        }
    }
    Ok(removed)
}

/// What turning encryption on or off did to the backups beside the book.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BackupsConverted {
    pub converted: Vec<PathBuf>,
    /// Backups that could not be read (damaged): removed, so that no copy is left in the form
    /// the book no longer has.
    pub removed: Vec<PathBuf>,
    /// Why the rest were left as they were (a full disk, say): the next unlock tries again.
    pub failed: Option<String>,
}

impl BackupsConverted {
    fn failed(e: &AppError) -> BackupsConverted {
        BackupsConverted { failed: Some(e.to_string()), ..BackupsConverted::default() }
    }
}

/// Encryption turned on: the recovery key, shown once, what happened to the backups, and the
/// plain copies of imported files removed.
#[derive(Debug)]
pub struct Encrypted {
    pub recovery_key: RecoveryKey,
    pub backups: BackupsConverted,
    pub imports_removed: Vec<PathBuf>,
}

/// Turns encryption on for the plain book `db` with `passphrase`; returns the book open again,
/// encrypted. Another program with the book open (the window) makes this refuse, unchanged.
pub fn encrypt(db: Db, passphrase: &str, kdf: KdfParams) -> Result<(Db, Encrypted)> {
    keyplan_keys::check_new_passphrase(passphrase)?;
    let path = book_path(&db)?;
    if db.key().is_some() {
        return Err(AppError::Usage("this book is already encrypted".into()));
    }
    let key = DataKey::generate()?;
    let (file, recovery_key) = KeyFile::create(&key, passphrase, kdf)?;
    swap(db, &path, Some(&key), |copy| {
        let file = file.for_book(&book_head(copy)?);
        files::replace(&key_file_path(&path), &file.to_bytes())
    })?;
    let (db, _) = Db::open_keyed(&path, key)?;
    let backups = convert_backups(&db, &path).unwrap_or_else(|e| BackupsConverted::failed(&e));
    // Like the backups: a failure here is tried again at the next unlock.
    let imports_removed = clear_imports(&path).unwrap_or_default();
    Ok((db, Encrypted { recovery_key, backups, imports_removed }))
}

/// Turns encryption off for the encrypted book `db` (already unlocked): the book and its backups
/// become plain files and the key file is removed. Returns the book open again, plain.
pub fn decrypt(db: Db) -> Result<(Db, BackupsConverted)> {
    let path = book_path(&db)?;
    if db.key().is_none() {
        return Err(AppError::Usage("this book is not encrypted".into()));
    }
    // Alone first (another Keyplan with it open makes this refuse before anything changes),
    // then the backups: once the book is plain, nothing may need the key file any more.
    hold(&db)?;
    // Only a book set to unlock from the keyring asks the keyring anything.
    let key_id =
        read_key_file(&path).ok().filter(KeyFile::uses_keyring).map(|f| f.key_id().to_string());
    let backups = convert_backups_to(&path, db.key(), None)?;
    swap(db, &path, None, |_| Ok(()))?;
    if let Some(id) = key_id {
        // A plain book has nothing to unlock: its keyring entry goes (best effort).
        let _ = crate::login_keyring::forget(&id);
    }
    let key_path = key_file_path(&path);
    match std::fs::remove_file(&key_path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(AppError::io(&key_path, e)),
    }
    let (db, _) = Db::open(&path)?;
    Ok((db, backups))
}

/// Changes the passphrase of the open, encrypted book: the data key is wrapped again and the
/// key file replaced; the database is not rewritten.
pub fn change_passphrase(db: &Db, new: &str, kdf: KdfParams) -> Result<()> {
    let path = book_path(db)?;
    let Some(key) = db.key() else {
        return Err(AppError::Usage("this book is not encrypted: there is no passphrase".into()));
    };
    let file = read_key_file(&path)?.with_passphrase(key, new, kdf)?;
    files::replace(&key_file_path(&path), &file.to_bytes())
}

/// Makes a new recovery key for the open, encrypted book (the old one stops working): for a key
/// that was lost, or never seen because the window was closed before it showed it.
pub fn new_recovery_key(db: &Db) -> Result<RecoveryKey> {
    let path = book_path(db)?;
    let Some(key) = db.key() else {
        return Err(AppError::Usage("this book is not encrypted: it has no recovery key".into()));
    };
    let (file, recovery) = read_key_file(&path)?.with_new_recovery_key(key)?;
    files::replace(&key_file_path(&path), &file.to_bytes())?;
    Ok(recovery)
}

/// Lets the operating system's keyring unlock the open, encrypted book from now on: a random
/// key goes into the keyring and wraps the data key in the key file. A machine without a
/// keyring refuses, saying why, and nothing changes.
pub fn keyring_on(db: &Db) -> Result<()> {
    let path = book_path(db)?;
    let Some(key) = db.key() else {
        return Err(AppError::Usage(
            "this book is not encrypted: there is nothing to unlock".into(),
        ));
    };
    let file = read_key_file(&path)?;
    if file.uses_keyring() {
        // Already on: a new secret would break the entry that works until the file is written.
        return Ok(());
    }
    let secret = KeyringSecret::generate()?;
    crate::login_keyring::store(file.key_id(), &secret)?;
    let written = file
        .with_keyring(key, &secret)
        .map_err(AppError::from)
        .and_then(|f| files::replace(&key_file_path(&path), &f.to_bytes()));
    if written.is_err() {
        let _ = crate::login_keyring::forget(file.key_id());
    }
    written
}

/// Stops the keyring unlocking the book: the key file loses its keyring wrap (so the entry,
/// wherever it is kept, opens nothing), then the entry is removed.
pub fn keyring_off(db: &Db) -> Result<()> {
    let path = book_path(db)?;
    let file = read_key_file(&path)?;
    if file.uses_keyring() {
        files::replace(&key_file_path(&path), &file.without_keyring().to_bytes())?;
    }
    // Best effort: without the wrap the entry is useless, and a missing keyring must not keep
    // the user from turning this off.
    let _ = crate::login_keyring::forget(file.key_id());
    Ok(())
}

/// Whether the book at `path` is set to unlock from the keyring (its key file says so).
pub fn uses_keyring(path: &Path) -> bool {
    read_key_file(path).is_ok_and(|f| f.uses_keyring())
}

/// The keyring's way to unlock the book at `path`: None when it is not set to, an error saying
/// why when it is and the keyring cannot (then the passphrase is asked for).
pub fn keyring_unlock(path: &Path) -> Result<Option<Unlock>> {
    let file = read_key_file(path)?;
    if !file.uses_keyring() {
        return Ok(None);
    }
    Ok(Some(Unlock::Keyring(crate::login_keyring::fetch(file.key_id())?)))
}

pub(crate) fn book_path(db: &Db) -> Result<PathBuf> {
    db.path()
        .map(Path::to_path_buf)
        .ok_or_else(|| AppError::Usage("a database in memory is not kept on disk".into()))
}

/// Replaces the book at `path` with a copy of `db` keyed with `key` (None: plain): the copy is
/// written beside it and checked, `before_swap` runs on it (writing the key file), the book is
/// closed and the copy renamed over it.
fn swap(
    db: Db,
    path: &Path,
    key: Option<&DataKey>,
    before_swap: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    hold(&db)?;
    files::replace_with(path, |tmp| {
        cipher::export(db.conn(), tmp, key)?;
        cipher::verify_copy(db.conn(), tmp, key)?;
        before_swap(tmp)?;
        db.close()?;
        Ok(())
    })
    // No WAL is left to lose or to be misread as the new file's: leaving WAL for the rollback
    // journal (in `hold`) checkpointed it into the file and removed it.
}

/// Keeps every other connection out of the book until `db` closes, or refuses, changing
/// nothing, when another Keyplan (the window, a command) has it open.
fn hold(db: &Db) -> Result<()> {
    if db.hold_alone()? {
        return Ok(());
    }
    Err(AppError::Conflict(
        "another Keyplan (a window, or a command) has this book open: close it and try again; \
         nothing was changed"
            .into(),
    ))
}

/// Brings every backup beside the book to the book's form (encrypted with its key, or plain).
fn convert_backups(db: &Db, path: &Path) -> Result<BackupsConverted> {
    match db.key() {
        Some(key) => convert_backups_to(path, None, Some(key)),
        None => Ok(BackupsConverted::default()),
    }
}

/// Converts the backups of the book at `path` that are not yet in the target form: from `from`
/// (None: plain) to `to` (None: plain).
fn convert_backups_to(
    path: &Path,
    from: Option<&DataKey>,
    to: Option<&DataKey>,
) -> Result<BackupsConverted> {
    let mut done = BackupsConverted::default();
    let want = if to.is_some() { FileKind::Encrypted } else { FileKind::Plain };
    for b in backup::list(path)? {
        let kind = cipher::file_kind(&b.path)?;
        if kind == want || kind == FileKind::New {
            continue;
        }
        let source = if kind == FileKind::Encrypted { from } else { None };
        // A backup that cannot be read is removed, not left in the form the book gave up; a
        // failure to write the converted copy (a full disk) stops here, the backup unchanged.
        let readable =
            cipher::open_for_export(&b.path, source).and_then(|c| cipher::check(&c).map(|()| c));
        let Ok(conn) = readable else {
            std::fs::remove_file(&b.path).map_err(|e| AppError::io(&b.path, e))?;
            done.removed.push(b.path);
            continue;
        };
        files::replace_with(&b.path, |tmp| {
            cipher::export(&conn, tmp, to)?;
            cipher::verify_copy(&conn, tmp, to)?;
            Ok(())
        })?;
        done.converted.push(b.path);
    }
    Ok(done)
}
