//! The open database behind a lock, and what the UI needs to know about how opening went.

use keyplan_app::{AppError, Db};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::CommandError;

/// What the UI shows in Settings, or on the error screen when the database could not be opened
/// (say, it was written by a newer Keyplan: then it is left untouched and nothing else works).
#[derive(Debug, Clone, Serialize)]
pub struct StartupInfo {
    pub db_path: Option<PathBuf>,
    pub schema_version: Option<u32>,
    pub app_version: &'static str,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct AppState {
    db: Mutex<Option<Db>>,
    pub startup: StartupInfo,
}

impl AppState {
    /// Opens the database at the resolved path; a failure is kept for the UI to show.
    pub fn open(path: Result<PathBuf, AppError>) -> Self {
        let mut startup = StartupInfo {
            db_path: path.as_ref().ok().cloned(),
            schema_version: None,
            app_version: env!("CARGO_PKG_VERSION"),
            error: None,
        };
        let db = match path.and_then(|p| keyplan_app::open(&p)) {
            Ok((db, info)) => {
                startup.schema_version = Some(info.schema_version);
                Some(db)
            }
            Err(e) => {
                eprintln!("keyplan-desktop: {e}");
                startup.error = Some(e.to_string());
                None
            }
        };
        AppState { db: Mutex::new(db), startup }
    }

    /// Runs a use case with the database; one at a time.
    pub fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, CommandError> {
        let mut guard = self.db.lock().map_err(|_| {
            CommandError::internal(
                "the database lock was poisoned by an earlier failure; restart Keyplan",
            )
        })?;
        match guard.as_mut() {
            Some(db) => f(db).map_err(CommandError::from),
            None => Err(CommandError::storage(
                self.startup.error.clone().unwrap_or_else(|| "the database is not open".into()),
            )),
        }
    }
}
