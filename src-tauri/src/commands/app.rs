//! The app itself: how it started, settings, the demo portfolio.

use keyplan_app::demo::Language;
use keyplan_app::{DemoSummary, Settings, SettingsPatch, Startup, Vocabulary};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Startup {
    state.startup().clone()
}

/// The closed lists and scales every picker offers (they need no database).
#[tauri::command]
pub fn vocabulary() -> Vocabulary {
    keyplan_app::vocabulary()
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    Ok(state.with(|s| s.settings())?)
}

#[tauri::command]
pub fn update_settings(
    state: State<'_, AppState>,
    patch: SettingsPatch,
) -> Result<Settings, CommandError> {
    Ok(state.with(|s| s.update_settings(&patch))?)
}

/// Loads the same demo as `keyplan demo`, in the UI's language.
#[tauri::command]
pub fn load_demo(
    state: State<'_, AppState>,
    language: String,
) -> Result<DemoSummary, CommandError> {
    let language = Language::from_tag(Some(&language));
    Ok(state.with(|s| s.load_standard_demo(language))?)
}

/// Versions, schema, the book's size and record counts (Settings → About).
#[tauri::command]
pub fn about(state: State<'_, AppState>) -> Result<keyplan_app::diagnostics::About, CommandError> {
    Ok(state.with(|s| s.about())?)
}

/// The diagnostics zip, written into the downloads folder; returns its path.
#[tauri::command]
pub fn export_diagnostics(state: State<'_, AppState>) -> Result<String, CommandError> {
    let path = state.with(|s| s.export_diagnostics_to_downloads())?;
    Ok(path.display().to_string())
}

/// An error the window met, as where in its code (file:line frames; no message).
#[tauri::command]
pub fn record_window_error(state: State<'_, AppState>, place: String) {
    let _ = state.with(|s| {
        s.record_window_error(&place);
        Ok(())
    });
}

/// Takes back the window's last edit (Ctrl+Z); None when there is nothing to undo.
#[tauri::command]
pub fn undo(state: State<'_, AppState>) -> Result<Option<keyplan_app::Undone>, CommandError> {
    Ok(state.with(|s| s.undo())?)
}

/// Does again the last edit undone (Ctrl+Shift+Z, Ctrl+Y); None when there is nothing to redo.
#[tauri::command]
pub fn redo(state: State<'_, AppState>) -> Result<Option<keyplan_app::Undone>, CommandError> {
    Ok(state.with(|s| s.redo())?)
}

/// Settings → Reminders: the book's reminder settings, and whether Keyplan starts at login on
/// this laptop.
#[derive(Debug, serde::Serialize)]
pub struct Reminders {
    settings: keyplan_app::domain::reminders::ReminderSettings,
    start_at_login: bool,
}

#[tauri::command]
pub fn reminder_settings(state: State<'_, AppState>) -> Result<Reminders, CommandError> {
    let settings = state.with(|s| s.reminder_settings())?;
    Ok(Reminders { settings, start_at_login: crate::autostart::enabled() })
}

/// Keeps the reminder settings, and turns starting at login on or off (on the book this window
/// has open).
#[tauri::command]
pub fn save_reminder_settings(
    state: State<'_, AppState>,
    settings: keyplan_app::domain::reminders::ReminderSettings,
    start_at_login: bool,
) -> Result<Reminders, CommandError> {
    let book = state
        .startup()
        .db_path
        .ok_or_else(|| keyplan_app::AppError::Unavailable("the database is not open".into()))?;
    let settings = state.with(|s| s.save_reminder_settings(&settings))?;
    let start_at_login = crate::autostart::set(start_at_login, &book)
        .map_err(|e| keyplan_app::AppError::Io { path: "~/.config/autostart".into(), source: e })?;
    Ok(Reminders { settings, start_at_login })
}
