//! The open database behind a lock, and what the UI needs to know about how opening went.

use chrono::NaiveDate;
use keyplan_app::analytics::{self, Analysis, AnalysisCache};
use keyplan_app::{AppError, Db};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use uuid::Uuid;

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

/// The running import's progress and its cancel flag, outside the database lock so the UI can
/// poll and cancel while the import holds it.
#[derive(Debug, Default)]
pub struct ImportJob {
    pub progress: Mutex<Option<keyplan_app::import::ImportProgress>>,
    pub cancel: std::sync::atomic::AtomicBool,
}

#[derive(Debug)]
pub struct AppState {
    db: Mutex<Option<Db>>,
    pub import_job: ImportJob,
    /// Locked only while `db` is held, so the two locks are always taken in the same order.
    analysis: Mutex<Live>,
    pub startup: StartupInfo,
}

/// The cached analysis as of today, and the last one whose changes were kept in history.
#[derive(Debug, Default)]
struct Live {
    cache: AnalysisCache,
    recorded: Option<Arc<Analysis>>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn poisoned() -> CommandError {
    CommandError::internal("a lock was poisoned by an earlier failure; restart Keyplan")
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
        AppState {
            db: Mutex::new(db),
            import_job: ImportJob::default(),
            analysis: Mutex::new(Live::default()),
            startup,
        }
    }

    /// Runs a use case with the database; one at a time.
    pub fn with_db<T>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, CommandError> {
        let mut guard = self.db.lock().map_err(|_| poisoned())?;
        match guard.as_mut() {
            Some(db) => f(db).map_err(CommandError::from),
            None => Err(CommandError::storage(
                self.startup.error.clone().unwrap_or_else(|| "the database is not open".into()),
            )),
        }
    }

    /// Runs a use case with today's analysis of the portfolio. The analysis is recomputed only
    /// when something was committed since; when it is new, what changed (tiers, stages,
    /// alerts) is kept first, so every view sees history that matches what it shows.
    pub fn with_analysis<T>(
        &self,
        f: impl FnOnce(&mut Db, &Analysis) -> Result<T, AppError>,
    ) -> Result<T, CommandError> {
        self.analysis_then(f, |_, _| {})
    }

    /// Like [`AppState::with_analysis`], for a use case that commits once and changes only
    /// `account`'s facts (None: no account's facts, only history), so the next analysis reloads
    /// just that account instead of the whole portfolio.
    pub fn with_analysis_writing<T>(
        &self,
        account: Option<Uuid>,
        f: impl FnOnce(&mut Db, &Analysis) -> Result<T, AppError>,
    ) -> Result<T, CommandError> {
        self.analysis_then(f, |cache, db| cache.note_write(db, account))
    }

    fn analysis_then<T>(
        &self,
        f: impl FnOnce(&mut Db, &Analysis) -> Result<T, AppError>,
        declare: impl FnOnce(&mut AnalysisCache, &Db),
    ) -> Result<T, CommandError> {
        self.with_db(|db| {
            let mut live = self.analysis.lock().map_err(|_| {
                AppError::Conflict(
                    "a lock was poisoned by an earlier failure; restart Keyplan".into(),
                )
            })?;
            let a = live.cache.get(db, today())?;
            if !live.recorded.as_ref().is_some_and(|r| Arc::ptr_eq(r, &a)) {
                analytics::refresh(db, &a)?;
                live.cache.note_write(db, None);
                live.recorded = Some(Arc::clone(&a));
            }
            // Whatever `f` writes is caught by the cache's change marker, unless declared.
            let value = f(db, &a)?;
            declare(&mut live.cache, db);
            Ok(value)
        })
    }

    /// Runs a write that changes only `account`'s facts, so the next analysis reloads just it.
    pub fn with_db_for<T>(
        &self,
        account: impl FnOnce(&T) -> Uuid,
        f: impl FnOnce(&mut Db) -> Result<T, AppError>,
    ) -> Result<T, CommandError> {
        self.with_db(|db| {
            let value = f(db)?;
            if let Ok(mut live) = self.analysis.lock() {
                live.cache.note_write(db, Some(account(&value)));
            }
            Ok(value)
        })
    }
}
