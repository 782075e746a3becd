//! Sharing between laptops: a bundle written for a colleague, a bundle opened (staged like an
//! import file, previewed, then merged), the conflicts list, and the sync folder's status.
//! Merging and writing run on a worker thread (`async`): a whole book takes a few seconds.

use std::path::PathBuf;

use keyplan_app::domain::sync::Stamp;
use keyplan_app::keys::Zeroizing;
use keyplan_app::sync::{BundleScope, ConflictView, ExportedBundle, FolderSync, MergeSummary};
use keyplan_app::team::{Seal, TeamKey};
use keyplan_app::{Settings, SettingsPatch, SyncStatus};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use uuid::Uuid;

use crate::{AppState, CommandError};

/// A bundle written, and where.
#[derive(Debug, Serialize)]
pub struct WrittenBundle {
    path: PathBuf,
    #[serde(flatten)]
    bundle: ExportedBundle,
}

/// How the window asks for a bundle to be encrypted, always said outright: a missing or
/// misspelt request is refused rather than taken for a plain bundle.
#[derive(Debug, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Encrypt {
    /// Not encrypted (the window has warned the user).
    Plain,
    /// For these team members, by name (and this laptop).
    Keys { to: Vec<String> },
    /// With a passphrase, for a one-off recipient.
    Passphrase { passphrase: Zeroizing<String> },
}

impl Encrypt {
    fn seal(self) -> Seal {
        match self {
            Encrypt::Plain => Seal::Plain,
            Encrypt::Keys { to } => Seal::To(to),
            Encrypt::Passphrase { passphrase } => Seal::Passphrase(passphrase),
        }
    }
}

/// Writes a bundle of `scope` into the downloads folder.
#[tauri::command(async)]
pub fn export_bundle(
    state: State<'_, AppState>,
    scope: BundleScope,
    encrypt: Encrypt,
) -> Result<WrittenBundle, CommandError> {
    let seal = encrypt.seal();
    let (path, bundle) = state.with(|s| s.export_bundle_to_downloads(&scope, &seal))?;
    Ok(WrittenBundle { path, bundle })
}

/// Asks where to save a bundle of `scope` (the system's save dialog titled `title`); `None`
/// when the user cancels.
#[tauri::command(async)]
pub fn save_bundle<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    scope: BundleScope,
    encrypt: Encrypt,
    title: String,
) -> Result<Option<WrittenBundle>, CommandError> {
    let seal = encrypt.seal();
    let (bundle, name) = state.with(|s| s.bundle_file(&scope, &seal))?;
    let Some(path) = crate::dialog::save_as(&app, &title, &name) else {
        return Ok(None);
    };
    state.with(|s| s.write_export(&path, &bundle.bytes))?;
    Ok(Some(WrittenBundle { path, bundle }))
}

/// What merging the staged bundle at `path` would do; writes nothing. One encrypted with a
/// passphrase needs `passphrase`.
#[tauri::command(async)]
pub fn bundle_preview(
    state: State<'_, AppState>,
    path: PathBuf,
    passphrase: Option<Zeroizing<String>>,
) -> Result<MergeSummary, CommandError> {
    let p = passphrase.as_deref().map(String::as_str);
    Ok(state.with(|s| s.import_bundle(&path, true, p))?)
}

/// Merges the staged bundle at `path`, after a backup, in one transaction.
#[tauri::command(async)]
pub fn bundle_merge(
    state: State<'_, AppState>,
    path: PathBuf,
    passphrase: Option<Zeroizing<String>>,
) -> Result<MergeSummary, CommandError> {
    let p = passphrase.as_deref().map(String::as_str);
    Ok(state.with(|s| s.import_bundle(&path, false, p))?)
}

/// This laptop's public sharing key and the team's keys (Settings → Sharing).
#[derive(Debug, Serialize)]
pub struct TeamKeys {
    key: String,
    members: Vec<TeamKey>,
}

#[tauri::command]
pub fn team(state: State<'_, AppState>) -> Result<TeamKeys, CommandError> {
    Ok(state.with(|s| {
        Ok::<_, keyplan_app::AppError>(TeamKeys { key: s.sharing_key()?, members: s.team()? })
    })?)
}

#[tauri::command]
pub fn team_add(
    state: State<'_, AppState>,
    name: String,
    key: String,
) -> Result<Vec<TeamKey>, CommandError> {
    Ok(state.team_add(&name, &key)?)
}

#[tauri::command]
pub fn team_remove(state: State<'_, AppState>, name: String) -> Result<Vec<TeamKey>, CommandError> {
    Ok(state.team_remove(&name)?)
}

#[tauri::command]
pub fn conflicts(state: State<'_, AppState>, all: bool) -> Result<Vec<ConflictView>, CommandError> {
    Ok(state.with(|s| s.conflicts(all))?)
}

/// Keeps the value that lost (`keep`), or dismisses it; returns the open conflicts left.
#[tauri::command]
pub fn settle_conflict(
    state: State<'_, AppState>,
    record_id: Uuid,
    field: String,
    lost_stamp: Stamp,
    keep: bool,
) -> Result<Vec<ConflictView>, CommandError> {
    Ok(state.with(|s| s.settle_conflict_view(record_id, &field, lost_stamp, keep))?)
}

/// The sync folder's last result and the open conflicts (the badge); never waits for a sync.
#[tauri::command]
pub fn sync_status(state: State<'_, AppState>) -> SyncStatus {
    state.sync_status()
}

/// Syncs with the folder set in Settings now.
#[tauri::command(async)]
pub fn sync_now(state: State<'_, AppState>) -> Result<FolderSync, CommandError> {
    Ok(state.sync_now()?)
}

/// Asks for the sync folder in the system's folder dialog and sets it; `None` when cancelled.
#[tauri::command(async)]
pub fn choose_sync_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<Settings>, CommandError> {
    let Some(dir) = crate::dialog::pick_folder(&app, &title) else {
        return Ok(None);
    };
    let patch = SettingsPatch {
        sync_folder: Some(dir.to_string_lossy().into_owned()),
        ..SettingsPatch::default()
    };
    Ok(Some(state.with(|s| s.update_settings(&patch))?))
}
