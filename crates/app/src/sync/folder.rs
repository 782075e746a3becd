//! A sync folder that a file-sync tool (Syncthing, Nextcloud, OneDrive, 坚果云) keeps in step
//! between a team's laptops. Each laptop writes everything it knows into the folder as ONE bundle
//! named by its instance id, and merges every other laptop's bundle it finds there. Keyplan
//! never opens a socket: the sync tool carries the files.
//!
//! - This laptop's file is replaced atomically (a hidden temporary file in the same folder,
//!   flushed to disk, then renamed over the old one), so neither the sync tool nor another
//!   laptop ever reads half of it; and only when something changed, so an idle laptop does not
//!   make the sync tool copy the same bytes around.
//! - Another laptop's file is merged when its checksum differs from the last one merged from
//!   that path. A file that does not read as a whole (still arriving, say) is reported and tried
//!   again next time, not remembered.
//! - A missing folder (an unplugged drive) is an error that changes nothing; a read-only one is
//!   still merged from, and the result says this laptop's changes could not be written.
//!
//! Merging before writing means this laptop's file carries what it merged from the others too,
//! so a change reaches a laptop through any chain of files, even when its author's file does not.

use std::path::{Path, PathBuf};

use chrono::Duration;
use keyplan_formats::bundle;
use keyplan_store::sync::{self as ss, KnownFile};
use keyplan_store::Db;
use serde::Serialize;

use super::import::{merge_with, BackupWhen, MergeSummary};
use super::{export_bundle, BundleScope};
use crate::team::Seal;
use crate::{now, AppError, Result};

/// How old the newest backup may be before a folder merge takes another: merges from a sync
/// folder may come every few minutes, and a backup each time would crowd the rotation out.
const FOLDER_BACKUP_EVERY: Duration = Duration::hours(1);

/// What one sync of the folder did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FolderSync {
    pub folder: PathBuf,
    /// The other laptops' files merged this time (each with what it changed).
    pub merged: Vec<MergeSummary>,
    /// Other laptops' files left alone because they had not changed since last merged.
    pub unchanged_files: usize,
    /// Files that could not be merged, with why; they are tried again next time.
    pub problems: Vec<FileProblem>,
    /// This laptop's own file, and whether it was (re)written this time.
    pub own_file: PathBuf,
    pub written: bool,
    /// Why this laptop's changes could not be written (a read-only folder, a full disk).
    pub write_error: Option<String>,
    /// Sums over `merged`.
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub conflicts: usize,
    /// Changes stamped too far in the future, over all merged files.
    pub held: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    pub file: String,
    pub error: String,
}

/// The name of a laptop's own file in a sync folder.
pub fn own_file_name(instance: uuid::Uuid) -> String {
    format!("keyplan-{instance}.keyplan")
}

/// Whether a folder entry is a bundle to merge: `*.keyplan`, and not a hidden or temporary file
/// (this laptop's, or a sync tool's, which some name `.~name` or `~name`).
pub(crate) fn is_bundle_name(name: &str) -> bool {
    !name.starts_with('.')
        && !name.starts_with('~')
        && name.len() > ".keyplan".len()
        && name.to_ascii_lowercase().ends_with(".keyplan")
}

/// Merges every other laptop's bundle in `dir`, then writes this laptop's own (everything it
/// knows, transactions only `with_transactions`), by `user`.
pub fn sync_folder(
    db: &mut Db,
    dir: &Path,
    user: &str,
    with_transactions: bool,
) -> Result<FolderSync> {
    let instance = keyplan_store::instance::id(db.conn())?;
    let own = own_file_name(instance);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| AppError::io(dir, e))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_bundle_name(name) && *name != own)
        .collect();
    names.sort();
    let mut out =
        FolderSync { folder: dir.to_path_buf(), own_file: dir.join(&own), ..FolderSync::default() };
    for name in names {
        let path = dir.join(&name);
        match merge_file(db, &path) {
            Ok(Some(summary)) => out.add(summary),
            Ok(None) => out.unchanged_files += 1,
            Err(e) => out.problems.push(FileProblem { file: name, error: e.to_string() }),
        }
    }
    match write_own(db, &out.own_file, user, with_transactions) {
        Ok(written) => out.written = written,
        Err(e) => out.write_error = Some(e.to_string()),
    }
    Ok(out)
}

impl FolderSync {
    fn add(&mut self, s: MergeSummary) {
        self.created += s.created;
        self.updated += s.updated;
        self.deleted += s.deleted;
        self.conflicts += s.conflicts;
        self.held += s.held.len();
        self.merged.push(s);
    }

    /// Whether this sync changed any data here.
    pub fn changed(&self) -> bool {
        self.created + self.updated + self.deleted + self.conflicts > 0
    }
}

fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Merges the file unless it is the one last merged from there; None when it was.
fn merge_file(db: &mut Db, path: &Path) -> Result<Option<MergeSummary>> {
    let len = std::fs::metadata(path).map_err(|e| AppError::io(path, e))?.len();
    if len > bundle::MAX_FILE_BYTES {
        return Err(super::import::too_large(&path.display().to_string()));
    }
    let bytes = crate::files::read_limited(path, bundle::MAX_FILE_BYTES, "a bundle")?;
    let sha256 = bundle::checksum(&bytes);
    let known = ss::known_file(db.conn(), &key(path))?;
    if known.is_some_and(|k| k.sha256 == sha256) {
        return Ok(None);
    }
    let name = path.file_name().map_or_else(|| key(path), |n| n.to_string_lossy().into_owned());
    let summary =
        merge_with(db, &name, &bytes, false, BackupWhen::OlderThan(FOLDER_BACKUP_EVERY), None)?;
    let file = KnownFile { sha256, state: String::new() };
    db.write(|c| ss::note_file(c, &key(path), &file, &now().to_rfc3339()))?;
    Ok(Some(summary))
}

/// Writes this laptop's file unless it already holds what this laptop knows; true if written.
fn write_own(db: &mut Db, path: &Path, user: &str, with_transactions: bool) -> Result<bool> {
    let last = ss::last_stamp(db.conn(), db.wall_ms())?.map(|s| s.to_string()).unwrap_or_default();
    // Encrypted for the team when it has keys; a key added or removed rewrites the file.
    let team = crate::team::team(db)?;
    let keys: Vec<&str> = team.iter().map(|m| m.key.as_str()).collect();
    let state = format!("{last} {with_transactions} {user} {}", keys.join(","));
    let on_disk = std::fs::read(path).ok();
    if let Some(known) = ss::known_file(db.conn(), &key(path))? {
        let same_file = on_disk.as_deref().map(bundle::checksum) == Some(known.sha256);
        if known.state == state && same_file {
            return Ok(false);
        }
    }
    let scope = BundleScope { all: true, with_transactions, ..BundleScope::default() };
    let plain = export_bundle(db, &scope, user)?.bytes;
    let seal = if team.is_empty() { Seal::Plain } else { Seal::Team };
    let bytes = crate::team::seal(db, plain, &seal)?;
    let written = on_disk.as_deref() != Some(&bytes[..]);
    if written {
        crate::files::replace(path, &bytes)?;
    }
    let file = KnownFile { sha256: bundle::checksum(&bytes), state };
    db.write(|c| ss::note_file(c, &key(path), &file, &now().to_rfc3339()))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_keyplan_files_are_bundles() {
        for name in ["keyplan-1.keyplan", "Zhang.KEYPLAN", "a.keyplan"] {
            assert!(is_bundle_name(name), "{name}");
        }
        for name in [".keyplan-1.keyplan.part", "~a.keyplan", ".keyplan", "a.keyplan.tmp", "a.db"] {
            assert!(!is_bundle_name(name), "{name}");
        }
    }
}
