//! Keyplan's use cases. Each public function is one thing a user does — create an account,
//! load the demo — and owns the transaction it runs in. No SQL here (that is the store's) and
//! no IPC (that is the desktop shell's): the CLI and the app window call exactly these.

mod accounts;
pub mod analytics;
pub mod backups;
mod demo_book;
pub mod diagnostics;
mod error;
pub mod export;
pub mod files;
pub mod import;
mod login_keyring;
mod paths;
pub mod plans;
pub mod printer;
mod records;
pub mod reminders;
mod session;
mod settings;
mod shared;
pub mod sync;
pub mod team;
pub mod today;
pub mod undo;
pub mod vault;
mod vocabulary;
mod watch;

pub use accounts::{
    account_detail, account_facets, create_account, delete_account, find_account, get_account,
    list_accounts, update_account, AccountDetail, AccountTotals,
};
pub use demo_book::{load_demo, DemoSummary};
pub use error::AppError;
pub use paths::{default_db_path, resolve_db_path, DB_ENV};
pub use records::{
    create, delete, list, update, AccountRecord, Contacts, Interactions, Opportunities, Surveys,
    Transactions,
};
pub use session::{today, Session, Undone, DEMO_ACCOUNTS, DEMO_SEED};
pub use settings::{get_settings, system_language, update_settings, Settings, SettingsPatch};
pub use shared::{SharedSession, Startup};
pub use vocabulary::{vocabulary, Vocabulary};
pub use watch::{FolderWatch, SyncStatus};

pub use keyplan_demo as demo;
pub use keyplan_domain as domain;
pub use keyplan_formats as formats;
pub use keyplan_keys as keys;
pub use keyplan_store::{Db, OpenInfo, StoreError, LATEST_VERSION};

use std::path::Path;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Opens (creating and migrating as needed) the database at `path`, and takes the daily backup
/// when the newest is over 24 hours old.
pub fn open(path: &Path) -> Result<(Db, OpenInfo)> {
    open_unlocked(path, None)
}

/// [`open`] for a book that may be encrypted: `unlock` unwraps its key (see [`vault::open`]).
pub fn open_unlocked(path: &Path, unlock: Option<&keys::Unlock>) -> Result<(Db, OpenInfo)> {
    let (db, info) = vault::open(path, unlock)?;
    // A failed backup (a full disk, a read-only folder) must not lock the user out of their
    // data; the Settings list of backups shows when the newest was taken.
    let _ = backups::backup_if_due(&db);
    Ok((db, info))
}

/// Opens the book at `path` to read only (see [`vault::open_read_only`]): no daily backup, no
/// upgrade, nothing written. A book from an older Keyplan is refused with
/// [`keyplan_store::StoreError::NeedsUpgrade`], for the caller to open it for writing instead.
pub fn open_read_only(path: &Path, unlock: Option<&keys::Unlock>) -> Result<(Db, OpenInfo)> {
    vault::open_read_only(path, unlock)
}

/// The wall clock, in one place. Cut to the milliseconds the store keeps, so a record returned
/// by a use case equals the same record read back (and "updated" never sorts before "created").
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(3)
}
