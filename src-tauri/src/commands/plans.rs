//! Account plans: the Plans and Actions pages, a plan with every section, making and changing
//! plans, their items and reviews. Each item command returns the plan as it now is, which the
//! plan editor shows next.

use chrono::NaiveDate;
use keyplan_app::domain::plan::{ActionFields, Comparison, PlanInput, ReviewInput};
use keyplan_app::domain::Record;
use keyplan_app::plans::items::PlanItemInput;
use keyplan_app::plans::view::{ActionRow, PlanRow, PlanView};
use keyplan_app::plans::NewPlan;
use std::path::PathBuf;

use keyplan_app::plans::export::ExportRequest;
use tauri::{AppHandle, Runtime, State};
use uuid::Uuid;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn plans(
    state: State<'_, AppState>,
    account: Option<Uuid>,
) -> Result<Vec<PlanRow>, CommandError> {
    Ok(state.with(|s| s.plans(account))?)
}

#[tauri::command]
pub fn plan(state: State<'_, AppState>, id: Uuid) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.plan(id))?)
}

#[tauri::command]
pub fn create_plan(
    state: State<'_, AppState>,
    account_id: Uuid,
    request: NewPlan,
) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.create_plan(account_id, &request))?)
}

#[tauri::command]
pub fn update_plan(
    state: State<'_, AppState>,
    id: Uuid,
    input: PlanInput,
) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.update_plan(id, &input))?)
}

#[tauri::command]
pub fn delete_plan(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    Ok(state.with(|s| s.delete_plan(id))?)
}

#[tauri::command]
pub fn hold_review(
    state: State<'_, AppState>,
    plan_id: Uuid,
    input: ReviewInput,
) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.hold_review_view(plan_id, &input))?)
}

#[tauri::command]
pub fn compare_reviews(
    state: State<'_, AppState>,
    a: Uuid,
    b: Uuid,
) -> Result<Comparison, CommandError> {
    Ok(state.with(|s| s.compare_reviews(a, b))?)
}

/// What is due: actions due today or late, reviews and renewals within their lead time, churn
/// alerts on A and B accounts; what the user put off is left out (and counted).
#[tauri::command]
pub fn today(
    state: State<'_, AppState>,
) -> Result<keyplan_app::reminders::TodayList, CommandError> {
    Ok(state.with(|s| s.today_list())?)
}

/// Snoozes one thing due (`how`: hour, tomorrow, next_week), or (None) is done with it until it
/// is due again; returns the Today list after it.
#[tauri::command]
pub fn put_off_reminder(
    state: State<'_, AppState>,
    kind: keyplan_app::today::TodayKind,
    id: Uuid,
    how: Option<keyplan_app::reminders::Snooze>,
) -> Result<keyplan_app::reminders::TodayList, CommandError> {
    Ok(state.with(|s| s.put_off_reminder(kind, id, how))?)
}

#[tauri::command]
pub fn actions(
    state: State<'_, AppState>,
    due_before: Option<NaiveDate>,
    overdue: bool,
) -> Result<Vec<ActionRow>, CommandError> {
    Ok(state.with(|s| s.actions(due_before, overdue))?)
}

#[tauri::command]
pub fn set_action_done(
    state: State<'_, AppState>,
    id: Uuid,
    done: bool,
) -> Result<Record<ActionFields>, CommandError> {
    Ok(state.with(|s| s.set_action_done(id, done))?)
}

/// Adds an item of any kind (the input says which) to a plan.
#[tauri::command]
pub fn add_plan_item(
    state: State<'_, AppState>,
    plan_id: Uuid,
    item: PlanItemInput,
) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.add_plan_item_view(plan_id, &item))?)
}

#[tauri::command]
pub fn update_plan_item(
    state: State<'_, AppState>,
    id: Uuid,
    item: PlanItemInput,
) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.update_plan_item_view(id, &item))?)
}

#[tauri::command]
pub fn remove_plan_item(state: State<'_, AppState>, id: Uuid) -> Result<PlanView, CommandError> {
    Ok(state.with(|s| s.remove_plan_item_view(id))?)
}

// The export commands run on a worker thread (`async`): a PDF takes a few tenths of a second,
// several plans longer, and the window stays live meanwhile.

/// Writes the plan's export into the downloads folder; returns the path.
#[tauri::command(async)]
pub fn export_plan(
    state: State<'_, AppState>,
    id: Uuid,
    request: ExportRequest,
) -> Result<PathBuf, CommandError> {
    Ok(state.with(|s| s.export_plan_to_downloads(id, &request))?)
}

/// Asks where to save the plan's export (the system's save dialog titled `title`, in the UI's
/// language, the offered name filled in) and writes it there; `None` when the user cancels.
#[tauri::command(async)]
pub fn save_plan_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: Uuid,
    request: ExportRequest,
    title: String,
) -> Result<Option<PathBuf>, CommandError> {
    let (bytes, name) = state.with(|s| s.export_plan(id, &request))?;
    let Some(path) = crate::dialog::save_as(&app, &title, &name) else {
        return Ok(None);
    };
    state.with(|s| s.write_export(&path, &bytes))?;
    Ok(Some(path))
}

/// Several plans into the downloads folder, one file each or (`combined`) one PDF; returns the
/// paths written.
#[tauri::command(async)]
pub fn export_plans(
    state: State<'_, AppState>,
    ids: Vec<Uuid>,
    request: ExportRequest,
    combined: bool,
) -> Result<Vec<PathBuf>, CommandError> {
    Ok(state.with(|s| s.export_plans_to_downloads(&ids, &request, combined))?)
}

#[derive(Debug, serde::Serialize)]
pub struct PdfPreview {
    /// The first page, as an SVG picture with the text as outlines.
    svg: String,
    pages: usize,
}

/// The first page of the plan's PDF (or its review's minutes), for the export dialog.
#[tauri::command(async)]
pub fn plan_pdf_preview(
    state: State<'_, AppState>,
    id: Uuid,
    request: ExportRequest,
) -> Result<PdfPreview, CommandError> {
    let (svg, pages) = state.with(|s| s.plan_pdf_preview(id, &request))?;
    Ok(PdfPreview { svg, pages })
}

/// What the customer-safe export of one plan, or of several (summed), leaves out: the export
/// dialog lists it before anything is written.
#[tauri::command]
pub fn plan_left_out(
    state: State<'_, AppState>,
    ids: Vec<Uuid>,
) -> Result<Vec<keyplan_app::formats::plan::LeftOut>, CommandError> {
    Ok(state.with(|s| s.plans_left_out(&ids))?)
}

/// Opens the folder of a file the app just exported.
#[tauri::command]
pub fn open_export_folder(state: State<'_, AppState>, path: PathBuf) -> Result<(), CommandError> {
    Ok(state.with(|s| s.open_export_folder(&path))?)
}
