//! Backups with SQLite's online backup API: a consistent copy taken while the database is open,
//! kept in `backups/` beside the database on a rotation (the last 10, plus the newest of each
//! week for 8 weeks). Restoring checks the file first and copies it *into* the open database
//! with the same API, so other readers see the old or the new data, never a half-swapped file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use rusqlite::backup::Backup as SqliteBackup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::migrations::{self, LATEST_VERSION};
use crate::{cipher, DataKey, Db, Result, StoreError};

/// How many of the newest backups are always kept.
pub const KEEP_LAST: usize = 10;
/// For how many weeks one backup per week is kept beyond those.
pub const KEEP_WEEKS: i64 = 8;

const PREFIX: &str = "keyplan-";
const STAMP: &str = "%Y%m%dT%H%M%S%3fZ";

/// One backup file in the rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    /// Why it was taken: `daily`, `import`, `migration`, `restore`, `manual`.
    pub reason: String,
    pub bytes: u64,
}

/// The rotation folder for a database file.
pub fn folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Copies the open database to `dest` through the temporary file `tmp` (on the same file
/// system), synced and then renamed into place, so `dest` is either absent or a whole backup.
/// The rotation keeps its own temporary files beside the database (see [`take`]); a copy to a
/// place the user chose goes through the app's files module instead.
fn write_via(conn: &Connection, key: Option<&DataKey>, dest: &Path, tmp: &Path) -> Result<()> {
    for dir in [dest.parent(), tmp.parent()].into_iter().flatten() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        }
    }
    let result = copy_into(conn, key, tmp, dest);
    if result.is_err() {
        // A full disk, say: no half copy left behind.
        for f in [tmp.to_path_buf(), PathBuf::from(format!("{}-journal", tmp.display()))] {
            let _ = std::fs::remove_file(f);
        }
    }
    result
}

fn copy_into(conn: &Connection, key: Option<&DataKey>, tmp: &Path, dest: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    copy_to_file(conn, key, tmp)?;
    std::fs::File::open(tmp).and_then(|f| f.sync_all()).map_err(io(tmp))?;
    std::fs::rename(tmp, dest).map_err(io(dest))?;
    Ok(())
}

/// Copies the open database into the file at `path` (new, or empty), as one consistent
/// snapshot with no `-wal` beside it, encrypted with `key` when the book is (SQLCipher copies
/// pages only between files keyed alike). The caller flushes and places the file; on failure
/// it may hold part of a copy, and a `-journal` may be left beside it (see [`remove_partial`]).
pub fn copy_to_file(conn: &Connection, key: Option<&DataKey>, path: &Path) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
    let mut out = cipher::open(path, flags, key)?;
    let backup = SqliteBackup::new(conn, &mut out)?;
    // -1: every page in one step, so the copy is one consistent snapshot.
    backup.step(-1)?;
    drop(backup);
    // A standalone file: no -wal beside it to lose when it is copied elsewhere.
    out.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Removes what a failed [`copy_to_file`] into `path` left beside it.
pub fn remove_partial(path: &Path) {
    let _ = std::fs::remove_file(format!("{}-journal", path.display()));
}

/// Takes a backup into the rotation folder and prunes the rotation.
pub fn take(
    conn: &Connection,
    key: Option<&DataKey>,
    db_path: &Path,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<BackupFile> {
    let dir = folder(db_path);
    let name = format!("{PREFIX}{}-{reason}.db", now.format(STAMP));
    let path = dir.join(&name);
    // The copy is made beside the database, not in the rotation folder, so that folder only
    // ever holds whole backups, even when the app is killed mid-copy.
    let home = db_path.parent().unwrap_or(Path::new("."));
    clear_stale_partials(home);
    write_via(conn, key, &path, &home.join(format!(".{name}.partial")))?;
    prune(db_path, now)?;
    let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
    Ok(BackupFile { path, taken_at: now, reason: reason.to_string(), bytes })
}

/// Removes what a copy killed mid-way left beside the database (`.keyplan-….partial` and its
/// journal), once it is a minute old: a newer one may be another process's copy in progress.
fn clear_stale_partials(home: &Path) {
    let Ok(entries) = std::fs::read_dir(home) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(&format!(".{PREFIX}")) && name.contains(".partial")) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|m| m.elapsed().ok());
        if age.is_some_and(|a| a > std::time::Duration::from_secs(60)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The rotation, newest first. Files that are not Keyplan backups are left alone.
pub fn list(db_path: &Path) -> Result<Vec<BackupFile>> {
    let dir = folder(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(rest) = name.strip_prefix(PREFIX).and_then(|r| r.strip_suffix(".db")) else {
            continue;
        };
        let Some((stamp, reason)) = rest.split_once('-') else { continue };
        let Ok(t) = NaiveDateTime::parse_from_str(stamp, STAMP) else { continue };
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let reason = reason.to_string();
        out.push(BackupFile { path, taken_at: t.and_utc(), reason, bytes });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    Ok(out)
}

/// Deletes backups outside the rotation; returns what it removed.
pub fn prune(db_path: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    let all = list(db_path)?;
    let keep = kept(&all, now);
    let mut removed = Vec::new();
    for b in all.into_iter().filter(|b| !keep.contains(&b.path)) {
        std::fs::remove_file(&b.path).map_err(io(&b.path))?;
        removed.push(b.path);
    }
    Ok(removed)
}

/// The last [`KEEP_LAST`], plus the newest of each ISO week in the last [`KEEP_WEEKS`] weeks.
fn kept(newest_first: &[BackupFile], now: DateTime<Utc>) -> HashSet<PathBuf> {
    let mut keep: HashSet<PathBuf> =
        newest_first.iter().take(KEEP_LAST).map(|b| b.path.clone()).collect();
    let horizon = now - Duration::weeks(KEEP_WEEKS);
    let mut weeks = HashSet::new();
    for b in newest_first.iter().filter(|b| b.taken_at >= horizon) {
        let w = b.taken_at.iso_week();
        if weeks.insert((w.year(), w.week())) {
            keep.insert(b.path.clone());
        }
    }
    keep
}

/// Checks that `file` is a healthy Keyplan database this version can open (with the book's
/// `key` when it is encrypted); returns its schema.
pub fn inspect(file: &Path, key: Option<&DataKey>) -> Result<u32> {
    let bad = |reason: String| StoreError::BadBackup { path: file.to_path_buf(), reason };
    if file.is_dir() {
        return Err(bad("it is a folder; give the backup file".into()));
    }
    if !file.exists() {
        return Err(bad("there is no such file".into()));
    }
    if !file.is_file() {
        return Err(bad("it is not a file (a device or a pipe)".into()));
    }
    // Junk and an encrypted file look alike from their first bytes: say both.
    let key = match (cipher::file_kind(file)?, key) {
        (cipher::FileKind::New, _) => return Err(bad("it is empty".into())),
        (cipher::FileKind::Encrypted, None) => {
            return Err(bad("it is not a Keyplan database — or it is an encrypted backup, and \
                            this book is not encrypted"
                .into()))
        }
        (cipher::FileKind::Encrypted, Some(k)) => Some(k),
        _ => None,
    };
    let conn = cipher::open_read_only(file, key).map_err(|e| match e {
        StoreError::WrongKey { .. } => bad("it is not a backup of this book (not a Keyplan \
                                            database, or encrypted with another book's key)"
            .into()),
        other => bad(other.to_string()),
    })?;
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .map_err(|e| bad(format!("not a database ({e})")))?;
    if check != "ok" {
        return Err(bad(format!("integrity check failed: {check}")));
    }
    let version = migrations::user_version(&conn).map_err(|e| bad(e.to_string()))?;
    if version == 0 || version > LATEST_VERSION {
        return Err(bad(format!(
            "schema version {version} (this Keyplan reads 1 to {LATEST_VERSION})"
        )));
    }
    let has_accounts: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'accounts'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| bad(e.to_string()))?;
    if has_accounts == 0 {
        return Err(bad("it is not a Keyplan database".into()));
    }
    Ok(version)
}

impl Db {
    /// Replaces the open database's contents with `file` (already checked with [`inspect`]),
    /// then brings it to the latest schema.
    pub fn restore_from(&mut self, file: &Path) -> Result<()> {
        // A plain backup into an encrypted book goes through an encrypted copy first: SQLCipher
        // copies pages only between files keyed alike.
        let staged = match (self.key(), cipher::file_kind(file)?) {
            (Some(key), cipher::FileKind::Plain) => {
                let home = self.path().and_then(Path::parent).unwrap_or(Path::new("."));
                let tmp = home.join(".keyplan-restore.partial");
                let _ = std::fs::remove_file(&tmp);
                let plain = cipher::open_for_export(file, None)?;
                cipher::export(&plain, &tmp, Some(key))?;
                Some(tmp)
            }
            _ => None,
        };
        let result = self.restore_pages(staged.as_deref().unwrap_or(file));
        if let Some(tmp) = staged {
            let _ = std::fs::remove_file(tmp);
        }
        result
    }

    fn restore_pages(&mut self, file: &Path) -> Result<()> {
        let src = cipher::open_read_only(file, self.key())?;
        {
            let conn = self.conn_mut();
            let backup = SqliteBackup::new(&src, conn)?;
            backup.step(-1)?;
        }
        self.configure_after_restore()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days_ago: i64, now: DateTime<Utc>) -> BackupFile {
        let taken_at = now - Duration::days(days_ago);
        BackupFile {
            path: PathBuf::from(format!("{days_ago}.db")),
            taken_at,
            reason: "daily".into(),
            bytes: 1,
        }
    }

    #[test]
    fn ten_newest_plus_one_a_week_for_eight_weeks() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z").unwrap().to_utc();
        // One backup a day for 100 days, newest first.
        let all: Vec<BackupFile> = (0..100).map(|d| at(d, now)).collect();
        let keep = kept(&all, now);
        for (d, b) in all.iter().enumerate().take(10) {
            assert!(keep.contains(&b.path), "day {d} is among the last ten");
        }
        let weekly: Vec<i64> =
            (10..100).filter(|d| keep.contains(&all[*d as usize].path)).collect();
        // Beyond the last ten: the newest of each ISO week reaching back 8 weeks, then nothing.
        assert!(weekly.iter().all(|d| *d <= 56), "{weekly:?}");
        assert!(weekly.len() >= 6 && weekly.len() <= 8, "{weekly:?}");
        assert!(keep.len() <= KEEP_LAST + 9);
    }

    #[test]
    fn newer_schema_and_foreign_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("keyplan-backup-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let newer = dir.join("newer.db");
        {
            let c = Connection::open(&newer).unwrap();
            c.execute_batch("CREATE TABLE accounts (id TEXT)").unwrap();
            c.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
        }
        assert!(inspect(&newer, None).unwrap_err().to_string().contains("schema version"));
        let other = dir.join("other.db");
        {
            let c = Connection::open(&other).unwrap();
            c.execute_batch("CREATE TABLE notes (x TEXT)").unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
        }
        assert!(inspect(&other, None).unwrap_err().to_string().contains("not a Keyplan database"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
