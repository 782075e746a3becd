//! A session that several threads use (the desktop window's commands): one lock around it, how
//! opening went for the UI to show, and the running import's progress and cancel flag, which live
//! outside the lock so the UI can poll and cancel while the import holds it.

use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::import::{ImportProgress, ImportRequest, ImportSummary};
use crate::watch::SyncStatus;
use crate::{AppError, Result, Session};

/// What the UI shows in Settings, or on the error screen when the database could not be opened
/// (say, it was written by a newer Keyplan: then it is left untouched and nothing else works).
#[derive(Debug, Clone, Serialize)]
pub struct Startup {
    pub db_path: Option<PathBuf>,
    pub schema_version: Option<u32>,
    /// This database's own id (it names the laptop in bundles and settles merge ties).
    pub instance_id: Option<uuid::Uuid>,
    pub app_version: &'static str,
    pub error: Option<String>,
}

#[derive(Debug, Default)]
struct ImportJob {
    progress: Mutex<Option<ImportProgress>>,
    cancel: AtomicBool,
}

#[derive(Debug)]
pub struct SharedSession {
    session: Mutex<Option<Session>>,
    import_job: ImportJob,
    pub(crate) startup: Startup,
    /// The sync folder's last result (see `watch`).
    pub(crate) sync_status: Mutex<SyncStatus>,
}

fn poisoned() -> AppError {
    AppError::Internal("an earlier failure left Keyplan in an unknown state; restart it".into())
}

impl SharedSession {
    /// Opens the database at the resolved path; a failure is kept for the UI to show, and every
    /// call then answers with it.
    pub fn open(path: Result<PathBuf>) -> Self {
        let mut startup = Startup {
            db_path: path.as_ref().ok().cloned(),
            schema_version: None,
            instance_id: None,
            app_version: env!("CARGO_PKG_VERSION"),
            error: None,
        };
        let session = match path.and_then(|p| Session::open(&p)) {
            Ok((session, info)) => {
                startup.schema_version = Some(info.schema_version);
                startup.instance_id = session.instance_id().ok();
                Some(session)
            }
            Err(e) => {
                startup.error = Some(e.to_string());
                None
            }
        };
        SharedSession {
            session: Mutex::new(session),
            import_job: ImportJob::default(),
            startup,
            sync_status: Mutex::default(),
        }
    }

    /// An already open session (tests).
    pub fn new(session: Session) -> Self {
        let startup = Startup {
            db_path: session.db().path().map(PathBuf::from),
            schema_version: None,
            instance_id: session.instance_id().ok(),
            app_version: env!("CARGO_PKG_VERSION"),
            error: None,
        };
        SharedSession {
            session: Mutex::new(Some(session)),
            import_job: ImportJob::default(),
            startup,
            sync_status: Mutex::default(),
        }
    }

    pub fn startup(&self) -> &Startup {
        &self.startup
    }

    /// Runs `f` with the session; one call at a time. When `f` merged or settled something,
    /// the badge's count of open conflicts is read again here, so no caller has to.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut guard = self.session.lock().map_err(|_| poisoned())?;
        let Some(session) = guard.as_mut() else {
            return Err(AppError::Unavailable(
                self.startup.error.clone().unwrap_or_else(|| "the database is not open".into()),
            ));
        };
        let result = f(session);
        if session.take_conflicts_moved() {
            if let Ok(open) = session.open_conflicts() {
                if let Ok(mut status) = self.sync_status.lock() {
                    status.open_conflicts = open;
                }
            }
        }
        result
    }

    /// Imports with progress that [`SharedSession::import_status`] reports meanwhile, and that
    /// [`SharedSession::cancel_import`] stops (writing nothing).
    pub fn import(&self, req: &ImportRequest) -> Result<ImportSummary> {
        let job = &self.import_job;
        job.cancel.store(false, Ordering::SeqCst);
        let result = self.with(|s| {
            s.import(req, &mut |p: ImportProgress| {
                if let Ok(mut slot) = job.progress.lock() {
                    *slot = Some(p);
                }
                !job.cancel.load(Ordering::SeqCst)
            })
        });
        if let Ok(mut slot) = job.progress.lock() {
            *slot = None;
        }
        result
    }

    /// The running import's progress; None when none runs. Takes no database lock.
    pub fn import_status(&self) -> Option<ImportProgress> {
        self.import_job.progress.lock().ok().and_then(|p| *p)
    }

    pub fn cancel_import(&self) {
        self.import_job.cancel.store(true, Ordering::SeqCst);
    }
}
