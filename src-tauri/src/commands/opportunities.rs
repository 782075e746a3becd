//! Opportunities: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Opportunities,
    keyplan_app::domain::OpportunityInput,
    create_opportunity,
    update_opportunity,
    delete_opportunity
);

/// Puts the opportunity in one of its account's plans (`plan_id` null: in none).
#[tauri::command]
pub fn link_opportunity(
    state: State<'_, AppState>,
    id: Uuid,
    plan_id: Option<Uuid>,
) -> Result<keyplan_app::domain::Opportunity, CommandError> {
    Ok(state.with(|s| s.link_opportunity(id, plan_id))?)
}
