//! Portfolio analytics: the dashboard, the accounts table's labels, an account's insights,
//! manual tier and stage, alerts, saved segments, KPIs and the analytics settings. Every view
//! is computed from today's analysis (see `keyplan_app::Session`).

use chrono::NaiveDate;
use keyplan_app::analytics::{
    AccountInsights, AccountRow, AlertView, Dashboard, KpiGroup, SegmentInput, TableQuery,
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
    Ok(state.with(|s| s.dashboard(segment, kpi_days))?)
}

#[tauri::command]
pub fn account_rows(
    state: State<'_, AppState>,
    query: TableQuery,
) -> Result<Page<AccountRow>, CommandError> {
    Ok(state.with(|s| s.account_rows(&query))?)
}

#[tauri::command]
pub fn account_insights(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<AccountInsights, CommandError> {
    Ok(state.with(|s| s.account_insights(id))?)
}

#[tauri::command]
pub fn set_tier_override(
    state: State<'_, AppState>,
    id: Uuid,
    tier: Option<Tier>,
    reason: Option<String>,
) -> Result<AccountInsights, CommandError> {
    Ok(state.with(|s| s.set_tier_override(id, tier, reason.as_deref()))?)
}

#[tauri::command]
pub fn set_stage_override(
    state: State<'_, AppState>,
    id: Uuid,
    stage: Option<Stage>,
    reason: Option<String>,
) -> Result<AccountInsights, CommandError> {
    Ok(state.with(|s| s.set_stage_override(id, stage, reason.as_deref()))?)
}

#[tauri::command]
pub fn confirm_stage(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<AccountInsights, CommandError> {
    Ok(state.with(|s| s.confirm_stage(id))?)
}

#[tauri::command]
pub fn set_marked_lost(
    state: State<'_, AppState>,
    id: Uuid,
    lost: bool,
) -> Result<AccountInsights, CommandError> {
    Ok(state.with(|s| s.set_marked_lost(id, lost))?)
}

#[tauri::command]
pub fn alerts(
    state: State<'_, AppState>,
    include_hidden: bool,
) -> Result<Vec<AlertView>, CommandError> {
    Ok(state.with(|s| s.alerts(include_hidden))?)
}

#[tauri::command]
pub fn acknowledge_alert(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    Ok(state.with(|s| s.acknowledge_alert(id))?)
}

#[tauri::command]
pub fn snooze_alert(
    state: State<'_, AppState>,
    id: Uuid,
    until: Option<NaiveDate>,
) -> Result<(), CommandError> {
    Ok(state.with(|s| s.snooze_alert(id, until))?)
}

#[tauri::command]
pub fn list_segments(state: State<'_, AppState>) -> Result<Vec<Segment>, CommandError> {
    Ok(state.with(|s| s.list_segments())?)
}

#[tauri::command]
pub fn create_segment(
    state: State<'_, AppState>,
    input: SegmentInput,
) -> Result<Segment, CommandError> {
    Ok(state.with(|s| s.create_segment(&input))?)
}

#[tauri::command]
pub fn update_segment(
    state: State<'_, AppState>,
    id: Uuid,
    input: SegmentInput,
) -> Result<Segment, CommandError> {
    Ok(state.with(|s| s.update_segment(id, &input))?)
}

#[tauri::command]
pub fn delete_segment(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    Ok(state.with(|s| s.delete_segment(id))?)
}

#[tauri::command]
pub fn kpis(
    state: State<'_, AppState>,
    from: Option<NaiveDate>,
) -> Result<Vec<KpiGroup>, CommandError> {
    Ok(state.with(|s| s.kpis(from))?)
}

#[tauri::command]
pub fn analytics_settings(state: State<'_, AppState>) -> Result<AnalyticsSettings, CommandError> {
    Ok(state.with(|s| s.analytics_settings())?)
}

#[tauri::command]
pub fn save_analytics_settings(
    state: State<'_, AppState>,
    settings: AnalyticsSettings,
) -> Result<AnalyticsSettings, CommandError> {
    Ok(state.with(|s| s.save_analytics_settings(&settings))?)
}

#[tauri::command]
pub fn reset_analytics_settings(
    state: State<'_, AppState>,
) -> Result<AnalyticsSettings, CommandError> {
    Ok(state.with(|s| s.reset_analytics_settings())?)
}
