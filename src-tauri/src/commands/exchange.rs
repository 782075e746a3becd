//! Data in and out: stage a file the user picked, preview it, import it (on a worker thread,
//! with progress the UI polls and a cancel that writes nothing), export the portfolio, and the
//! backups of Settings.

use std::path::PathBuf;

use keyplan_app::analytics::TableQuery;
use keyplan_app::backups::{BackupFile, Restored};
use keyplan_app::domain::{Problem, ValidationErrors};
use keyplan_app::export::{ExportFormat, ExportRequest};
use keyplan_app::formats::import::parse::Options;
use keyplan_app::formats::import::{Kind, OnDuplicate};
use keyplan_app::import::{self, ImportPreview, ImportProgress, ImportRequest, ImportSummary};
use keyplan_app::AppError;
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::{AppState, CommandError};

/// What the import dialog sends.
#[derive(Debug, Deserialize)]
pub struct ImportArgs {
    kind: Kind,
    path: PathBuf,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    map: Vec<(String, String)>,
    #[serde(default)]
    date_format: Option<String>,
    #[serde(default = "default_policy")]
    on_duplicate: OnDuplicate,
    #[serde(default)]
    skip_invalid: bool,
    #[serde(default)]
    dry_run: bool,
}

fn default_policy() -> OnDuplicate {
    OnDuplicate::Error
}

impl ImportArgs {
    fn request(self) -> ImportRequest {
        ImportRequest {
            kind: self.kind,
            path: self.path,
            encoding: self.encoding.filter(|e| !e.is_empty()),
            sheet: self.sheet.filter(|s| !s.is_empty()),
            options: Options {
                map: self.map,
                date_format: self.date_format.filter(|f| !f.is_empty()),
            },
            on_duplicate: self.on_duplicate,
            dry_run: self.dry_run,
            skip_invalid: self.skip_invalid,
        }
    }
}

/// Keeps the bytes of a file the user picked (the web view cannot hand over a path) in the
/// `imports` folder beside the database; returns where.
#[tauri::command]
pub fn import_stage(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<PathBuf, CommandError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        let problem = Problem::Unreadable { reason: "expected the file's bytes".into() };
        return Err(AppError::Invalid(ValidationErrors::single("body", problem)).into());
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        // The name arrives URL-encoded (a header is ASCII): 客户.csv → %E5%AE%A2….
        .unwrap_or_else(|| "import.csv".into());
    Ok(state.with(|s| s.stage_import(&name, bytes))?)
}

#[tauri::command]
pub fn import_preview(args: ImportArgs) -> Result<ImportPreview, CommandError> {
    Ok(import::preview_file(&args.request(), 8)?)
}

/// Runs on a worker thread so the window stays live; `import_status` and `import_cancel` work
/// meanwhile (they take no database lock).
#[tauri::command(async)]
pub fn import_run(
    state: State<'_, AppState>,
    args: ImportArgs,
) -> Result<ImportSummary, CommandError> {
    Ok(state.import(&args.request())?)
}

#[tauri::command]
pub fn import_status(state: State<'_, AppState>) -> Option<ImportProgress> {
    state.import_status()
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.cancel_import();
}

/// Exports the accounts the query selects, with the columns given, into the Downloads folder.
#[tauri::command]
pub fn export_portfolio(
    state: State<'_, AppState>,
    format: ExportFormat,
    columns: Vec<String>,
    query: TableQuery,
    language: Option<String>,
) -> Result<PathBuf, CommandError> {
    let req = ExportRequest { columns, query, language };
    Ok(state.with(|s| s.export_portfolio_to_downloads(format, &req))?)
}

#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>, CommandError> {
    Ok(state.with(|s| s.list_backups())?)
}

#[tauri::command]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupFile, CommandError> {
    Ok(state.with(|s| s.backup_now(None))?)
}

#[tauri::command]
pub fn restore_backup(state: State<'_, AppState>, path: PathBuf) -> Result<Restored, CommandError> {
    Ok(state.with(|s| s.restore(&path))?)
}
