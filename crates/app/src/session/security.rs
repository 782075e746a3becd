//! Encryption at rest, for the open book: turning it on and off, changing the passphrase.

use keyplan_keys::{KdfParams, Unlock};
use keyplan_store::{Db, OpenInfo};
use std::path::Path;

use crate::vault::{self, BackupsConverted, Encrypted};
use crate::Result;

use super::Session;

impl Session {
    /// Opens the book at `path`, unlocking it with `unlock` when it is encrypted.
    pub fn open_unlocked(path: &Path, unlock: Option<&Unlock>) -> Result<(Session, OpenInfo)> {
        let (db, info) = crate::open_unlocked(path, unlock)?;
        Ok((Session::new(db), info))
    }

    /// Opens the book at `path` to read only (see [`crate::open_read_only`]).
    pub fn open_read_only(path: &Path, unlock: Option<&Unlock>) -> Result<(Session, OpenInfo)> {
        let (db, info) = crate::open_read_only(path, unlock)?;
        Ok((Session::new(db), info))
    }

    /// Lets the system's keyring unlock this encrypted book at start (`on`), or stops it.
    pub fn set_keyring(&mut self, on: bool) -> Result<()> {
        if on {
            vault::keyring_on(&self.db)
        } else {
            vault::keyring_off(&self.db)
        }
    }

    /// Whether the system's keyring unlocks this book at start.
    pub fn uses_keyring(&self) -> bool {
        self.db.path().is_some_and(vault::uses_keyring)
    }

    /// Versions, schema, the book's size and record counts: what a diagnostics file says.
    pub fn about(&self) -> Result<crate::diagnostics::About> {
        let book_bytes =
            self.db.path().and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
        Ok(crate::diagnostics::About {
            keyplan: env!("CARGO_PKG_VERSION"),
            schema: keyplan_store::LATEST_VERSION,
            sqlite: keyplan_store::sqlite_version(),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            book_bytes,
            encrypted: self.is_encrypted(),
            records: keyplan_store::sync::counts(self.db.conn())?,
        })
    }

    /// The diagnostics file: `about.json` and the logs, as a zip.
    fn diagnostics(&self) -> Result<Vec<u8>> {
        let book = self.db.path().map(Path::to_path_buf).unwrap_or_default();
        crate::diagnostics::archive(&self.about()?, &crate::diagnostics::log_dir(&book))
    }

    /// Writes the diagnostics file to `out` (replaced whole or not at all).
    pub fn export_diagnostics(&self, out: &Path) -> Result<()> {
        crate::files::replace(out, &self.diagnostics()?)
    }

    /// Writes the diagnostics file into the downloads folder, under a name not yet taken.
    pub fn export_diagnostics_to_downloads(&self) -> Result<std::path::PathBuf> {
        let name = format!("keyplan-diagnostics-{}.zip", self.today().format("%Y-%m-%d"));
        crate::files::write_to_downloads(&self.db, &name, &self.diagnostics()?)
    }

    /// Logs an error the window met, as where in its code (never its message: it may quote the
    /// user's data).
    pub fn record_window_error(&self, place: &str) {
        let book = self.db.path().map(Path::to_path_buf).unwrap_or_default();
        let place = crate::diagnostics::code_place(place);
        crate::diagnostics::record(&crate::diagnostics::log_dir(&book), "window", &place);
    }

    /// Whether the open book is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.db.key().is_some()
    }

    /// Whether the session lost its book (encryption turned on or off failed after the swap and
    /// the book could not be opened again): the window must lock or restart, not write on.
    pub fn is_detached(&self) -> bool {
        self.db.path().is_none()
    }

    /// Turns encryption on with `passphrase`; returns the recovery key (to show once) and what
    /// became of the backups. On failure the book is as it was, plain, and open again.
    pub fn encrypt(&mut self, passphrase: &str, kdf: KdfParams) -> Result<Encrypted> {
        let path = vault::book_path(&self.db)?;
        let db = self.take_db()?;
        match vault::encrypt(db, passphrase, kdf) {
            Ok((db, done)) => {
                self.db = db;
                self.forget();
                Ok(done)
            }
            Err(e) => {
                // Refused before the swap: the book is as it was, plain. (After it nothing
                // fails but reopening, and the book then needs unlocking anyway.)
                if !vault::is_encrypted(&path).unwrap_or(true) {
                    if let Ok((db, _)) = crate::open(&path) {
                        self.db = db;
                    }
                }
                Err(e)
            }
        }
    }

    /// Turns encryption off (the book is open, so unlocked). On failure the book is as it was,
    /// encrypted, and open again with the same key.
    pub fn decrypt(&mut self) -> Result<BackupsConverted> {
        let path = vault::book_path(&self.db)?;
        let key = self.db.key().cloned();
        let db = self.take_db()?;
        match vault::decrypt(db) {
            Ok((db, done)) => {
                self.db = db;
                self.forget();
                Ok(done)
            }
            Err(e) => {
                // Refused: the book is as it was, encrypted; backups already made plain go back.
                if let Some(key) = key.filter(|_| vault::is_encrypted(&path).unwrap_or(false)) {
                    if let Ok(db) = vault::reopen_keyed(&path, key) {
                        self.db = db;
                    }
                }
                Err(e)
            }
        }
    }

    /// Wraps the book's key with a new passphrase (the database is not rewritten).
    pub fn change_passphrase(&mut self, new: &str, kdf: KdfParams) -> Result<()> {
        vault::change_passphrase(&self.db, new, kdf)
    }

    /// A new recovery key, to show once; the old one stops working.
    pub fn new_recovery_key(&mut self) -> Result<keyplan_keys::RecoveryKey> {
        vault::new_recovery_key(&self.db)
    }

    /// The open database, handed over to be closed and replaced; an empty one in memory holds
    /// its place meanwhile.
    fn take_db(&mut self) -> Result<Db> {
        Ok(std::mem::replace(&mut self.db, Db::open_in_memory()?))
    }
}
