//! A session that several threads use (the desktop window's commands): one lock around it, how
//! opening went for the UI to show, and the running import's progress and cancel flag, which live
//! outside the lock so the UI can poll and cancel while the import holds it.

use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::import::{ImportProgress, ImportRequest, ImportSummary};
use crate::vault;
use crate::watch::SyncStatus;
use crate::{AppError, Result, Session};
use keyplan_keys::Unlock;

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
    /// The book is encrypted (its key file is beside it).
    pub encrypted: bool,
    /// It is encrypted and not unlocked: the window shows its unlock screen, and every other
    /// call answers `locked`.
    pub locked: bool,
    /// The system's keyring unlocks it at start (Settings → Security).
    pub keyring: bool,
    /// Why the keyring did not unlock it at start (no keyring service, say): the unlock screen
    /// says so above the passphrase.
    pub keyring_error: Option<String>,
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
    startup: Mutex<Startup>,
    /// The sync folder's last result (see `watch`).
    pub(crate) sync_status: Mutex<SyncStatus>,
}

fn poisoned() -> AppError {
    AppError::Internal("an earlier failure left Keyplan in an unknown state; restart it".into())
}

/// The window's session keeps undo steps (the command line's does not).
fn windowed(mut session: Session) -> Session {
    session.keep_undo_history();
    session
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
            encrypted: false,
            locked: false,
            keyring: false,
            keyring_error: None,
        };
        // An encrypted book with its key file opens with the keyring's key when it is set to,
        // else waits for the unlock screen.
        let locked = path.as_ref().is_ok_and(|p| {
            vault::is_encrypted(p).unwrap_or(false) && vault::key_file_path(p).exists()
        });
        let session = match path {
            Ok(p) if locked => {
                startup.encrypted = true;
                startup.keyring = vault::uses_keyring(&p);
                // None, asking the keyring nothing, when the book is not set to unlock from it.
                let opened = vault::keyring_unlock(&p).and_then(|how| match how {
                    Some(how) => Session::open_unlocked(&p, Some(&how)).map(Some),
                    None => Ok(None),
                });
                match opened {
                    Ok(Some((session, info))) => {
                        startup.schema_version = Some(info.schema_version);
                        startup.instance_id = session.instance_id().ok();
                        Some(windowed(session))
                    }
                    // Only the keyring's own failure is said to be the keyring's: anything else
                    // (a damaged book, say) the passphrase's attempt reports in its own words.
                    Err(AppError::Key(keyplan_keys::KeyError::Keyring(why))) => {
                        startup.locked = true;
                        startup.keyring_error = Some(why);
                        None
                    }
                    Ok(None) | Err(_) => {
                        startup.locked = true;
                        None
                    }
                }
            }
            Ok(p) => match Session::open(&p) {
                Ok((session, info)) => {
                    startup.schema_version = Some(info.schema_version);
                    startup.instance_id = session.instance_id().ok();
                    Some(windowed(session))
                }
                Err(e) => {
                    startup.error = Some(e.to_string());
                    None
                }
            },
            Err(e) => {
                startup.error = Some(e.to_string());
                None
            }
        };
        SharedSession {
            session: Mutex::new(session),
            import_job: ImportJob::default(),
            startup: Mutex::new(startup),
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
            encrypted: session.is_encrypted(),
            locked: false,
            keyring: session.uses_keyring(),
            keyring_error: None,
        };
        SharedSession {
            session: Mutex::new(Some(windowed(session))),
            import_job: ImportJob::default(),
            startup: Mutex::new(startup),
            sync_status: Mutex::default(),
        }
    }

    /// How opening went, as it stands now (unlocking and locking change it).
    pub fn startup(&self) -> Startup {
        match self.startup.lock() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn set_startup(&self, f: impl FnOnce(&mut Startup)) {
        match self.startup.lock() {
            Ok(mut s) => f(&mut s),
            Err(p) => f(&mut p.into_inner()),
        }
    }

    /// Unlocks the encrypted book: the session opens with the key `how` unwraps. A wrong
    /// passphrase or key leaves it locked, and nothing is written.
    pub fn unlock(&self, how: &Unlock) -> Result<Startup> {
        let mut guard = self.session.lock().map_err(|_| poisoned())?;
        if guard.is_none() {
            let path = self
                .startup()
                .db_path
                .ok_or_else(|| AppError::Unavailable("the database is not open".into()))?;
            let (session, info) = Session::open_unlocked(&path, Some(how))?;
            let instance = session.instance_id().ok();
            // The command line may have turned encryption off meanwhile.
            let encrypted = session.is_encrypted();
            *guard = Some(windowed(session));
            self.set_startup(|s| {
                s.locked = false;
                s.encrypted = encrypted;
                s.keyring_error = None;
                s.error = None;
                s.schema_version = Some(info.schema_version);
                s.instance_id = instance;
            });
        }
        Ok(self.startup())
    }

    /// Locks an encrypted book: the session is closed and its key dropped from memory (cleared);
    /// every call then answers `locked` until [`SharedSession::unlock`].
    pub fn lock(&self) -> Result<Startup> {
        let mut guard = self.session.lock().map_err(|_| poisoned())?;
        let encrypted = guard.as_ref().map_or(self.startup().encrypted, Session::is_encrypted);
        if !encrypted {
            return Err(AppError::Usage(
                "this book is not encrypted: there is nothing to lock".into(),
            ));
        }
        *guard = None;
        self.set_startup(|s| {
            s.encrypted = true;
            s.locked = true;
        });
        // Files picked to import and not imported are plain copies: not while away.
        if let Some(path) = self.startup().db_path {
            let _ = vault::clear_imports(&path);
        }
        Ok(self.startup())
    }

    /// Lets the system's keyring unlock the book at start, or stops it (Settings → Security).
    pub fn set_keyring(&self, on: bool) -> Result<Startup> {
        let uses = self.with(|s| {
            s.set_keyring(on)?;
            Ok(s.uses_keyring())
        })?;
        self.set_startup(|s| {
            s.keyring = uses;
            s.keyring_error = None;
        });
        Ok(self.startup())
    }

    /// Turns encryption on for the open book (see [`Session::encrypt`]). Should it fail after
    /// the book was swapped and the book not open again, the window locks rather than write on
    /// an empty stand-in.
    pub fn encrypt(&self, passphrase: &str) -> Result<vault::Encrypted> {
        let mut guard = self.session.lock().map_err(|_| poisoned())?;
        let Some(session) = guard.as_mut() else {
            return Err(AppError::Unavailable("the database is not open".into()));
        };
        let result = session.encrypt(passphrase, keyplan_keys::KdfParams::DEFAULT);
        let detached = session.is_detached();
        if detached {
            *guard = None;
        }
        let encrypted = result.is_ok() || detached;
        self.set_startup(|s| {
            s.encrypted |= encrypted;
            s.locked |= detached;
        });
        result
    }

    /// Runs `f` with the session; one call at a time. When `f` merged or settled something,
    /// the badge's count of open conflicts is read again here, so no caller has to.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut guard = self.session.lock().map_err(|_| poisoned())?;
        let Some(session) = guard.as_mut() else {
            let startup = self.startup();
            if startup.locked {
                let path = startup.db_path.unwrap_or_default();
                return Err(crate::StoreError::Locked { path }.into());
            }
            return Err(AppError::Unavailable(
                startup.error.unwrap_or_else(|| "the database is not open".into()),
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
