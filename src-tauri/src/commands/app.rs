//! The app itself: how it started, settings, the demo portfolio.

use keyplan_app::domain::demo::{DemoLanguage, DemoSpec};
use keyplan_app::{DemoSummary, Settings, SettingsPatch};
use tauri::State;

use crate::state::StartupInfo;
use crate::{AppState, CommandError};

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> StartupInfo {
    state.startup.clone()
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    state.with_db(|db| keyplan_app::get_settings(db))
}

#[tauri::command]
pub fn update_settings(
    state: State<'_, AppState>,
    patch: SettingsPatch,
) -> Result<Settings, CommandError> {
    state.with_db(|db| keyplan_app::update_settings(db, &patch))
}

/// Loads the same demo as `keyplan demo` (1,000 accounts, seed 1), in the UI's language.
#[tauri::command]
pub fn load_demo(
    state: State<'_, AppState>,
    language: String,
) -> Result<DemoSummary, CommandError> {
    let now = chrono::Utc::now();
    let spec = DemoSpec {
        accounts: 1000,
        seed: 1,
        language: DemoLanguage::from_tag(&language),
        end: now.date_naive(),
        now,
        order_scale: 1.0,
    };
    state.with_db(|db| keyplan_app::load_demo(db, &spec))
}
