//! Watching the sync folder while the desktop app runs. The shell calls
//! [`SharedSession::folder_tick`] every few seconds from a thread of its own; each tick looks at
//! the folder's listing (names, sizes, modification times: no file is read) and at this laptop's
//! latest change, and syncs when either moved. Polling rather than file-system events, because
//! the folders people sync through are often network or FUSE mounts (a shared drive, 坚果云's
//! client, OneDrive under rclone) where change notification is missing or unreliable, and a
//! listing every few seconds costs nothing.
//!
//! The last result is kept outside the session's lock, so the UI's status poll never waits for
//! a sync to finish.

use std::path::Path;
use std::time::SystemTime;

use serde::Serialize;

use crate::sync::{is_bundle_name, own_file_name, FolderSync};
use crate::{now, Result, SharedSession};

/// What a watch remembers between ticks.
#[derive(Debug, Default)]
pub struct FolderWatch {
    folder: Option<String>,
    /// The other laptops' files as last synced: name, size, modification time.
    files: Option<Vec<Listed>>,
    /// This laptop's latest change as of the last sync, and as of the last tick: a local change
    /// is synced once it has stood for a tick, so a burst of edits makes one write, not many.
    synced_local: Option<String>,
    seen_local: Option<String>,
}

type Listed = (String, u64, Option<SystemTime>);

/// The sync folder as the UI shows it: where, the last sync's result, and whether it failed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncStatus {
    pub folder: Option<String>,
    /// When the last sync ran (RFC 3339).
    pub last_at: Option<String>,
    pub last: Option<FolderSync>,
    /// Why the last sync could not run (the folder is missing, say); the app works on.
    pub error: Option<String>,
    /// How many syncs have changed data here since the app started: the UI redraws when it moves.
    pub changes: u64,
    /// Conflicts waiting for the user (the badge).
    pub open_conflicts: usize,
    /// The book was locked behind the window's back (before the system slept): the window shows
    /// its unlock screen at its next poll.
    pub locked: bool,
}

fn listing(dir: &Path, own: &str) -> std::io::Result<Vec<Listed>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name == own || !is_bundle_name(&name) {
            continue;
        }
        let meta = entry.metadata()?;
        out.push((name, meta.len(), meta.modified().ok()));
    }
    out.sort();
    Ok(out)
}

impl SharedSession {
    /// The sync folder's status; takes no database lock.
    pub fn sync_status(&self) -> SyncStatus {
        let mut status = self.sync_status.lock().map(|s| s.clone()).unwrap_or_default();
        status.locked = self.startup().locked;
        status
    }

    /// Adds a colleague's key (see [`Session::team_add`]), then writes this laptop's file in the
    /// sync folder again, now encrypted for them too.
    pub fn team_add(&self, name: &str, key: &str) -> Result<Vec<crate::team::TeamKey>> {
        let team = self.with(|s| s.team_add(name, key))?;
        self.team_changed();
        Ok(team)
    }

    /// Removes a colleague's key, then writes this laptop's sync-folder file again without it.
    pub fn team_remove(&self, name: &str) -> Result<Vec<crate::team::TeamKey>> {
        let team = self.with(|s| s.team_remove(name))?;
        self.team_changed();
        Ok(team)
    }

    /// The sync folder's file is encrypted for the team: written again as soon as the team
    /// changes, not left as it was until the next edit (a failure shows as the folder's status).
    fn team_changed(&self) {
        let has_folder = self.with(|s| Ok(s.settings()?.sync_folder.is_some())).unwrap_or(false);
        if has_folder {
            let _ = self.sync_now();
        }
    }

    /// Syncs with the folder set in Settings now (at start, on the user's request, and when the
    /// watch sees a change), and keeps the result for [`SharedSession::sync_status`].
    pub fn sync_now(&self) -> Result<FolderSync> {
        // One hold of the lock: the status then describes this sync, not one run in between.
        let done = self.with(|s| {
            let result = s.sync_folder(None, false);
            let folder = s.settings().ok().and_then(|x| x.sync_folder);
            Ok((result, s.open_conflicts().unwrap_or_default(), folder))
        });
        let (result, conflicts, folder) = done.unwrap_or_else(|e| (Err(e), 0, None));
        if let Ok(mut status) = self.sync_status.lock() {
            status.folder = folder;
            status.last_at = Some(now().to_rfc3339());
            status.open_conflicts = conflicts;
            match &result {
                Ok(done) => {
                    status.changes += u64::from(done.changed());
                    status.last = Some(done.clone());
                    status.error = None;
                }
                Err(e) => status.error = Some(e.to_string()),
            }
        }
        result
    }

    /// One look at the folder; syncs if it or this laptop's data changed since the last sync.
    /// Returns whether it synced.
    pub fn folder_tick(&self, watch: &mut FolderWatch) -> bool {
        let Ok((folder, local, conflicts)) =
            self.with(|s| Ok((s.settings()?.sync_folder, s.last_change()?, s.open_conflicts()?)))
        else {
            return false;
        };
        if let Ok(mut status) = self.sync_status.lock() {
            // The badge follows merges made anywhere (a bundle opened, the command line).
            status.open_conflicts = conflicts;
            if folder != watch.folder {
                *status = SyncStatus {
                    folder: folder.clone(),
                    changes: status.changes,
                    open_conflicts: conflicts,
                    ..SyncStatus::default()
                };
            }
        }
        if folder != watch.folder {
            *watch = FolderWatch { folder: folder.clone(), ..FolderWatch::default() };
        }
        let Some(dir) = folder else { return false };
        let own = self.startup().instance_id.map(own_file_name).unwrap_or_default();
        let files = match listing(Path::new(&dir), &own) {
            Ok(files) => files,
            Err(e) => {
                // The drive may come back: look again next tick, and sync then.
                watch.files = None;
                if let Ok(mut status) = self.sync_status.lock() {
                    status.error = Some(format!("{dir}: {e}"));
                }
                return false;
            }
        };
        let folder_moved = watch.files.as_ref() != Some(&files);
        let local_moved = watch.synced_local.as_ref() != Some(&local)
            && watch.seen_local.as_ref() == Some(&local);
        watch.seen_local = Some(local);
        if !folder_moved && !local_moved {
            return false;
        }
        if self.sync_now().is_ok() {
            watch.files = Some(files);
            // A merge moves the clock too: what the sync itself did is not a change to sync.
            let after = self.with(|s| s.last_change()).ok();
            watch.synced_local.clone_from(&after);
            watch.seen_local = after;
        }
        true
    }
}
