//! Account plans: the Plans and Actions pages, a plan with every section, making and changing
//! plans, their items and reviews. Each item command returns the plan as it now is, which the
//! plan editor shows next.

use chrono::NaiveDate;
use keyplan_app::domain::plan::{ActionFields, Comparison, PlanInput, ReviewInput};
use keyplan_app::domain::Record;
use keyplan_app::plans::view::{ActionRow, PlanRow, PlanView};
use keyplan_app::plans::NewPlan;
use tauri::State;
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

/// Declares the add / update / remove commands of one kind of plan item.
macro_rules! item_commands {
    ($kind:ty, $input:ty, $add:ident, $update:ident, $remove:ident) => {
        #[tauri::command]
        pub fn $add(
            state: State<'_, AppState>,
            plan_id: Uuid,
            input: $input,
        ) -> Result<PlanView, CommandError> {
            Ok(state.with(|s| s.add_plan_item_view::<$kind>(plan_id, &input))?)
        }

        #[tauri::command]
        pub fn $update(
            state: State<'_, AppState>,
            id: Uuid,
            input: $input,
        ) -> Result<PlanView, CommandError> {
            Ok(state.with(|s| s.update_plan_item_view::<$kind>(id, &input))?)
        }

        #[tauri::command]
        pub fn $remove(state: State<'_, AppState>, id: Uuid) -> Result<PlanView, CommandError> {
            Ok(state.with(|s| s.remove_plan_item_view::<$kind>(id))?)
        }
    };
}

use keyplan_app::domain::plan as p;
use keyplan_app::plans as k;

item_commands!(k::Goals, p::GoalInput, add_goal, update_goal, remove_goal);
item_commands!(k::Objectives, p::ObjectiveInput, add_objective, update_objective, remove_objective);
item_commands!(
    k::ValuePropositions,
    p::ValuePropositionInput,
    add_value,
    update_value,
    remove_value
);
item_commands!(
    k::Stakeholders,
    p::StakeholderInput,
    add_stakeholder,
    update_stakeholder,
    remove_stakeholder
);
item_commands!(k::Actions, p::ActionInput, add_action, update_action, remove_action);
item_commands!(k::Risks, p::RiskInput, add_risk, update_risk, remove_risk);
item_commands!(k::Resources, p::ResourceInput, add_resource, update_resource, remove_resource);

/// Writes the plan's export into the downloads folder; returns the path.
#[tauri::command]
pub fn export_plan(
    state: State<'_, AppState>,
    id: Uuid,
    request: keyplan_app::plans::export::ExportRequest,
) -> Result<std::path::PathBuf, CommandError> {
    Ok(state.with(|s| s.export_plan_to_downloads(id, &request))?)
}

/// What the customer-safe export leaves out, for the export dialog.
#[tauri::command]
pub fn plan_left_out(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Vec<keyplan_app::formats::plan::LeftOut>, CommandError> {
    Ok(state.with(|s| s.plan_left_out(id))?)
}

/// Opens the folder of a file the app just exported.
#[tauri::command]
pub fn open_export_folder(
    state: State<'_, AppState>,
    path: std::path::PathBuf,
) -> Result<(), CommandError> {
    Ok(state.with(|s| s.open_export_folder(&path))?)
}
