//! Portfolio analytics: the dashboard, the accounts table's labels, an account's insights,
//! manual tier and stage, alerts, saved segments, KPIs and the analytics settings. Every view
//! is computed from today's analysis (see `AppState::with_analysis`).

use chrono::NaiveDate;
use keyplan_app::analytics::{
    self as a, AccountInsights, AccountRow, AlertView, Dashboard, KpiGroup, SegmentInput,
    TableQuery,
};
use keyplan_app::domain::account::Page;
use keyplan_app::domain::analytics::{AnalyticsSettings, Segment, Stage, Tier};
use tauri::State;
use uuid::Uuid;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn dashboard(
    state: State<'_, AppState>,
    segment: Option<Uuid>,
    kpi_days: Option<u32>,
) -> Result<Dashboard, CommandError> {
    state.with_analysis(|db, an| a::dashboard(db, an, segment, kpi_days))
}

#[tauri::command]
pub fn account_rows(
    state: State<'_, AppState>,
    query: TableQuery,
) -> Result<Page<AccountRow>, CommandError> {
    state.with_analysis(|db, an| a::account_rows(db, an, &query))
}

#[tauri::command]
pub fn account_insights(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<AccountInsights, CommandError> {
    state.with_analysis(|db, an| a::account_insights(db, id, an))
}

#[tauri::command]
pub fn set_tier_override(
    state: State<'_, AppState>,
    id: Uuid,
    tier: Option<Tier>,
    reason: Option<String>,
) -> Result<AccountInsights, CommandError> {
    state.with_analysis_writing(Some(id), |db, an| {
        a::set_tier_override(db, id, tier, reason.as_deref(), an)
    })?;
    state.with_analysis(|db, an| a::account_insights(db, id, an))
}

#[tauri::command]
pub fn set_stage_override(
    state: State<'_, AppState>,
    id: Uuid,
    stage: Option<Stage>,
    reason: Option<String>,
) -> Result<AccountInsights, CommandError> {
    state.with_analysis_writing(Some(id), |db, an| {
        a::set_stage_override(db, id, stage, reason.as_deref(), an)
    })?;
    state.with_analysis(|db, an| a::account_insights(db, id, an))
}

#[tauri::command]
pub fn confirm_stage(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<AccountInsights, CommandError> {
    state.with_analysis_writing(None, |db, an| a::confirm_stage(db, id, an))?;
    state.with_analysis(|db, an| a::account_insights(db, id, an))
}

#[tauri::command]
pub fn set_marked_lost(
    state: State<'_, AppState>,
    id: Uuid,
    lost: bool,
) -> Result<AccountInsights, CommandError> {
    state.with_db_for(|_| id, |db| a::set_marked_lost(db, id, lost))?;
    state.with_analysis(|db, an| a::account_insights(db, id, an))
}

#[tauri::command]
pub fn alerts(
    state: State<'_, AppState>,
    include_hidden: bool,
) -> Result<Vec<AlertView>, CommandError> {
    state.with_analysis(|db, an| a::alert_list(db, an, include_hidden))
}

#[tauri::command]
pub fn acknowledge_alert(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    state.with_db(|db| a::acknowledge_alert(db, id))
}

#[tauri::command]
pub fn snooze_alert(
    state: State<'_, AppState>,
    id: Uuid,
    until: Option<NaiveDate>,
) -> Result<(), CommandError> {
    let today = chrono::Local::now().date_naive();
    state.with_db(|db| a::snooze_alert(db, id, until, today))
}

#[tauri::command]
pub fn list_segments(state: State<'_, AppState>) -> Result<Vec<Segment>, CommandError> {
    state.with_db(|db| a::list_segments(db))
}

#[tauri::command]
pub fn create_segment(
    state: State<'_, AppState>,
    input: SegmentInput,
) -> Result<Segment, CommandError> {
    state.with_db(|db| a::create_segment(db, &input))
}

#[tauri::command]
pub fn update_segment(
    state: State<'_, AppState>,
    id: Uuid,
    input: SegmentInput,
) -> Result<Segment, CommandError> {
    state.with_db(|db| a::update_segment(db, id, &input))
}

#[tauri::command]
pub fn delete_segment(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    state.with_db(|db| a::delete_segment(db, id))
}

#[tauri::command]
pub fn kpis(
    state: State<'_, AppState>,
    from: Option<NaiveDate>,
) -> Result<Vec<KpiGroup>, CommandError> {
    state.with_analysis(|db, an| a::kpi_groups(db, an, from))
}

#[tauri::command]
pub fn analytics_settings(state: State<'_, AppState>) -> Result<AnalyticsSettings, CommandError> {
    state.with_db(|db| a::analytics_settings(db))
}

#[tauri::command]
pub fn save_analytics_settings(
    state: State<'_, AppState>,
    settings: AnalyticsSettings,
) -> Result<AnalyticsSettings, CommandError> {
    state.with_db(|db| a::save_analytics_settings(db, &settings))
}

#[tauri::command]
pub fn reset_analytics_settings(
    state: State<'_, AppState>,
) -> Result<AnalyticsSettings, CommandError> {
    state.with_db(a::reset_analytics_settings)
}
