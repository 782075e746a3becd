//! The accounts table and an account's page.

use keyplan_app::domain::account::{AccountFacets, Page};
use keyplan_app::domain::{Account, AccountInput, AccountQuery};
use keyplan_app::AccountDetail;
use tauri::State;
use uuid::Uuid;

use crate::{AppState, CommandError};

#[tauri::command]
pub fn list_accounts(
    state: State<'_, AppState>,
    query: AccountQuery,
) -> Result<Page<Account>, CommandError> {
    Ok(state.with(|s| s.list_accounts(&query))?)
}

#[tauri::command]
pub fn account_facets(state: State<'_, AppState>) -> Result<AccountFacets, CommandError> {
    Ok(state.with(|s| s.account_facets())?)
}

#[tauri::command]
pub fn account_detail(state: State<'_, AppState>, id: Uuid) -> Result<AccountDetail, CommandError> {
    Ok(state.with(|s| s.account_detail(id))?)
}

#[tauri::command]
pub fn create_account(
    state: State<'_, AppState>,
    input: AccountInput,
) -> Result<Account, CommandError> {
    Ok(state.with(|s| s.create_account(&input))?)
}

#[tauri::command]
pub fn update_account(
    state: State<'_, AppState>,
    id: Uuid,
    input: AccountInput,
) -> Result<Account, CommandError> {
    Ok(state.with(|s| s.update_account(id, &input))?)
}

#[tauri::command]
pub fn delete_account(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    Ok(state.with(|s| s.delete_account(id))?)
}
