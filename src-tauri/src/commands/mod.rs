//! One file per feature. Each command takes its arguments and the state, calls ONE method of the
//! app's session, and maps the error. Logic here is a bug: it belongs in the app crate.

// Tauri hands commands their State and arguments by value; that is its calling convention.
#![allow(clippy::needless_pass_by_value)]

pub mod accounts;
pub mod analytics;
pub mod app;
pub mod contacts;
pub mod exchange;
pub mod interactions;
pub mod opportunities;
pub mod plans;
pub mod security;
pub mod surveys;
pub mod sync;
pub mod transactions;

/// Declares the create / update / delete commands of a record kept under an account.
macro_rules! record_commands {
    ($kind:ty, $input:ty, $create:ident, $update:ident, $delete:ident) => {
        use keyplan_app::domain::Record;
        use tauri::State;
        use uuid::Uuid;

        use crate::{AppState, CommandError};

        type Fields = <$kind as keyplan_app::AccountRecord>::Fields;

        #[tauri::command]
        pub fn $create(
            state: State<'_, AppState>,
            account_id: Uuid,
            input: $input,
        ) -> Result<Record<Fields>, CommandError> {
            Ok(state.with(|s| s.create::<$kind>(account_id, &input))?)
        }

        #[tauri::command]
        pub fn $update(
            state: State<'_, AppState>,
            id: Uuid,
            input: $input,
        ) -> Result<Record<Fields>, CommandError> {
            Ok(state.with(|s| s.update::<$kind>(id, &input))?)
        }

        #[tauri::command]
        pub fn $delete(state: State<'_, AppState>, id: Uuid) -> Result<(), CommandError> {
            Ok(state.with(|s| s.delete::<$kind>(id))?)
        }
    };
}
pub(crate) use record_commands;
