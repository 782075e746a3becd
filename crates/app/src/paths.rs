//! Where the database lives: `--db PATH`, else `$KEYPLAN_DB`, else the OS data directory.

use directories::ProjectDirs;
use std::path::PathBuf;

use crate::{AppError, Result};

/// The environment variable that overrides the database location.
pub const DB_ENV: &str = "KEYPLAN_DB";

/// The per-user default: e.g. `~/.local/share/keyplan/keyplan.db` on Linux,
/// `%APPDATA%\Keyplan\Keyplan\data\keyplan.db` on Windows.
pub fn default_db_path() -> Result<PathBuf> {
    Ok(data_dir()?.join("keyplan.db"))
}

/// Keyplan's folder in the user's data directory (`~/.local/share/keyplan` on Linux).
pub(crate) fn data_dir() -> Result<PathBuf> {
    // Not the user's input at fault but the environment: the database cannot be opened.
    let dirs = ProjectDirs::from("app", "Keyplan", "Keyplan").ok_or_else(|| {
        AppError::Unavailable(format!(
            "there is no home folder to keep the database in: pass --db PATH or set {DB_ENV}"
        ))
    })?;
    Ok(dirs.data_dir().to_path_buf())
}

/// The database path to use, in order: the explicit one, `$KEYPLAN_DB`, the default.
pub fn resolve_db_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p);
    }
    match std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        Some(p) => Ok(PathBuf::from(p)),
        None => default_db_path(),
    }
}
