//! The session: one open database and today's analysis of it, and the policy that ties them
//! together. Every view that shows labels (tiers, stages, risk) reads today's analysis; when that
//! analysis is new, what changed since the last one (tier and stage history, alerts) is kept
//! first, so every view sees history that matches what it shows. A write that changes only one
//! account's facts says so, and the next analysis reloads just that account.
//!
//! The desktop shell and the CLI call one method of a session per command; neither decides
//! when history is written, which account an edit made dirty, or what "today" is.

use chrono::NaiveDate;
use keyplan_store::{Db, OpenInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

use crate::analytics::{self as an, Analysis, AnalysisCache};
use crate::Result;

// One file per feature, each an `impl Session` block over the core below.
mod book;
mod exchange;
mod insight;
mod planning;
mod reminding;
mod security;
mod setup;
mod sharing;
mod undo;

pub use undo::Undone;

/// How many accounts the demo has, and its seed, when nobody says otherwise: the app's empty
/// state and `keyplan demo` load the same portfolio.
pub const DEMO_ACCOUNTS: usize = 120;
pub const DEMO_SEED: u64 = 1;

/// Today's date where the user is: the one the app analyses as of. In one place, so a session
/// under test can be given a fixed day instead.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An open database, today's analysis of it, and the last analysis whose changes were kept.
#[derive(Debug)]
pub struct Session {
    db: Db,
    cache: AnalysisCache,
    recorded: Option<Arc<Analysis>>,
    /// None: the wall clock's today. Tests fix it.
    fixed_today: Option<NaiveDate>,
    /// Folders the user picked to save an export in, this run: "Open folder" may show them.
    chosen_dirs: Vec<PathBuf>,
    /// A merge or a settled conflict may have changed how many conflicts are open since the
    /// last [`Session::take_conflicts_moved`].
    conflicts_moved: bool,
    /// The window's undo steps (kept only once it turns them on).
    history: crate::undo::History,
}

impl Session {
    pub fn new(db: Db) -> Self {
        Session {
            db,
            cache: AnalysisCache::default(),
            recorded: None,
            fixed_today: None,
            chosen_dirs: Vec::new(),
            conflicts_moved: false,
            history: crate::undo::History::default(),
        }
    }

    /// Opens (creating and migrating as needed) the database at `path`; see [`crate::open`].
    pub fn open(path: &Path) -> Result<(Session, OpenInfo)> {
        let (db, info) = crate::open(path)?;
        Ok((Session::new(db), info))
    }

    /// The same session, analysing as of `day` instead of the calendar's today.
    pub fn with_today(mut self, day: NaiveDate) -> Self {
        self.fixed_today = Some(day);
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(today)
    }

    /// This database's own id, made when it was created (or upgraded to schema 4).
    pub fn instance_id(&self) -> Result<Uuid> {
        Ok(keyplan_store::instance::id(self.db.conn())?)
    }

    /// The database, for reads that need no analysis (tests, the CLI's listings).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Today's analysis, its changes kept in history the first time it is seen.
    fn analysis(&mut self) -> Result<Arc<Analysis>> {
        let today = self.today();
        let a = self.cache.get(&self.db, today)?;
        // A book opened to read only keeps no history: it is read as it stands.
        if !self.db.is_read_only() && !self.recorded.as_ref().is_some_and(|r| Arc::ptr_eq(r, &a)) {
            an::refresh(&mut self.db, &a)?;
            // The history just written changes no account's facts.
            self.cache.note_write(&self.db, None);
            self.recorded = Some(Arc::clone(&a));
        }
        Ok(a)
    }

    /// Runs `f` with today's analysis. Whatever `f` commits is caught by the cache's change
    /// marker (and the next analysis starts afresh) unless declared with [`Session::wrote`].
    fn analysed<T>(&mut self, f: impl FnOnce(&mut Db, &Analysis) -> Result<T>) -> Result<T> {
        let a = self.analysis()?;
        f(&mut self.db, &a)
    }

    /// Declares the one write just committed: it changed only `account`'s facts (None: no
    /// account's facts, only history), so the next analysis reloads just that account.
    fn wrote(&mut self, account: Option<Uuid>) {
        self.cache.note_write(&self.db, account);
    }

    /// After a write that replaces everything (a restore, the demo): nothing cached is kept,
    /// and no undo step (they describe a book that is gone).
    fn forget(&mut self) {
        self.cache.clear();
        self.recorded = None;
        self.history.clear();
    }

    /// Notes that a merge or a settled conflict may have changed the open conflicts.
    fn conflicts_may_have_moved(&mut self) {
        self.conflicts_moved = true;
    }

    /// Whether the open conflicts may have changed since the last call (the badge's count is
    /// then read again); resets the mark.
    pub fn take_conflicts_moved(&mut self) -> bool {
        std::mem::take(&mut self.conflicts_moved)
    }
}
