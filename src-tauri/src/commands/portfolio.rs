//! The portfolio dashboard.

use keyplan_app::Overview;
use tauri::State;

use crate::{AppState, CommandError};

/// The overview as of today (local date).
#[tauri::command]
pub fn portfolio_overview(state: State<'_, AppState>) -> Result<Overview, CommandError> {
    let today = chrono::Local::now().date_naive();
    state.with_db(|db| keyplan_app::portfolio_overview(db, today))
}
