//! Backups as the user sees them: automatic ones (at start when the newest is over a day old,
//! before every import that changes something and every migration), one taken on request, the
//! list, and restore.

use std::path::{Path, PathBuf};

use chrono::Duration;
use keyplan_store::backup;
pub use keyplan_store::backup::BackupFile;
use keyplan_store::Db;
use serde::Serialize;

use crate::{now, AppError, Result};
use keyplan_domain::Problem;

fn db_path(db: &Db) -> Result<PathBuf> {
    db.path().map(Path::to_path_buf).ok_or_else(|| {
        AppError::field(
            "db",
            Problem::Unreadable { reason: "an in-memory database has no backups".into() },
        )
    })
}

/// Takes the daily backup if the newest one is more than 24 hours old (or there is none).
pub fn backup_if_due(db: &Db) -> Result<Option<BackupFile>> {
    let Some(path) = db.path() else { return Ok(None) };
    let newest = backup::list(path)?.into_iter().next();
    let due = newest.is_none_or(|b| now() - b.taken_at > Duration::hours(24));
    if !due {
        return Ok(None);
    }
    Ok(Some(backup::take(db.conn(), db.key(), path, "daily", now())?))
}

/// A backup now: into `out` when given (outside the rotation), else into the rotation.
pub fn backup_now(db: &Db, out: Option<&Path>) -> Result<BackupFile> {
    match out {
        Some(dest) => {
            crate::files::replace_with(dest, |tmp| {
                backup::copy_to_file(db.conn(), db.key(), tmp).map_err(|e| {
                    backup::remove_partial(tmp);
                    e.into()
                })
            })?;
            // An encrypted copy opens only with its key file: it goes beside the copy (as
            // `NAME.key`), so the copy on its own drive is a whole book to whoever has the
            // passphrase or the recovery key, and nothing to anyone else.
            if db.key().is_some() {
                let key = crate::vault::read_key_file(&db_path(db)?)?;
                crate::files::replace(&crate::vault::key_file_path(dest), &key.to_bytes())?;
            }
            let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
            Ok(BackupFile {
                path: dest.to_path_buf(),
                taken_at: now(),
                reason: "manual".into(),
                bytes,
            })
        }
        None => Ok(backup::take(db.conn(), db.key(), &db_path(db)?, "manual", now())?),
    }
}

/// The rotation, newest first.
pub fn list_backups(db: &Db) -> Result<Vec<BackupFile>> {
    match db.path() {
        Some(p) => Ok(backup::list(p)?),
        None => Ok(Vec::new()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    pub from: PathBuf,
    /// The backup of the database as it was just before.
    pub safety_backup: Option<PathBuf>,
    pub schema_version: u32,
}

/// Replaces the database with `file`: checks it (integrity, schema), backs up the current
/// database, then copies the backup in. Nothing changes if the check fails.
pub fn restore(db: &mut Db, file: &Path) -> Result<Restored> {
    let schema_version = backup::inspect(file, db.key())?;
    let safety_backup = match db.path() {
        Some(p) => Some(backup::take(db.conn(), db.key(), p, "before-restore", now())?.path),
        None => None,
    };
    db.restore_from(file)?;
    Ok(Restored { from: file.to_path_buf(), safety_backup, schema_version })
}
