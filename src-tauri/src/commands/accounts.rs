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
    state.with_db(|db| keyplan_app::list_accounts(db, &query))
}

#[tauri::command]
pub fn account_facets(state: State<'_, AppState>) -> Result<AccountFacets, CommandError> {
    state.with_db(|db| keyplan_app::account_facets(db))
}

#[tauri::command]
pub fn account_detail(state: State<'_, AppState>, id: Uuid) -> Result<AccountDetail, CommandError> {
    state.with_db(|db| keyplan_app::account_detail(db, id))
}

#[tauri::command]
pub fn create_account(
    state: State<'_, AppState>,
    input: AccountInput,
) -> Result<Account, CommandError> {
    state.with_db(|db| keyplan_app::create_account(db, &input))
}

#[tauri::command]
pub fn update_account(
    state: State<'_, AppState>,
    id: Uuid,
    input: AccountInput,
) -> Result<Account, CommandError> {
    state.with_db_for(|_| id, |db| keyplan_app::update_account(db, id, &input))
}

#[tauri::command]
pub fn delete_account(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
    state.with_db(|db| keyplan_app::delete_account(db, id))
}
