//! Keyplan's store: one SQLite file, opened with the pragmas that make it safe, migrated by
//! numbered SQL files, and read and written by one module per table.
//!
//! Table modules are free functions over `&Connection` (a `Transaction` derefs to one), so the
//! caller — the app crate — decides what belongs in one transaction.

mod codec;
mod db;
mod error;
mod lean;
mod migrations;

pub mod accounts;
pub mod alerts;
pub mod analytics;
pub mod backup;
pub mod cipher;
pub mod contacts;
pub mod imports;
pub mod instance;
pub mod interactions;
pub mod labels;
pub mod measures;
pub mod opportunities;
pub mod plans;
pub mod reminders;
pub mod segments;
pub mod settings;
pub mod surveys;
pub mod sync;
pub mod transactions;

pub use db::{Db, OpenInfo};
pub use error::{spoken, StoreError};
pub use keyplan_keys::DataKey;
pub use migrations::LATEST_VERSION;
pub use rusqlite::Connection;

/// The SQLite (SQLCipher) library's version, for diagnostics.
pub fn sqlite_version() -> &'static str {
    rusqlite::version()
}

/// SQLite's default page cache, in KiB.
pub const DEFAULT_CACHE_KIB: u32 = 2000;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
