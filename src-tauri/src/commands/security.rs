//! Encryption at rest in the window: unlock, lock, turn it on, change the passphrase. A secret
//! arrives as a JSON string and is read straight into a buffer cleared when dropped.

use keyplan_app::keys::{Unlock, Zeroizing};
use keyplan_app::{AppError, Startup};
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;

use crate::{AppState, CommandError};

/// Unlocks the book with its passphrase or, when given instead, its recovery key.
/// Async: the key derivation takes half a second, off the window's own thread.
#[tauri::command(async)]
pub fn unlock(
    state: State<'_, AppState>,
    passphrase: Option<Zeroizing<String>>,
    recovery_key: Option<Zeroizing<String>>,
) -> Result<Startup, CommandError> {
    let how = match (recovery_key, passphrase) {
        (Some(k), _) => Unlock::RecoveryKey(k),
        (None, Some(p)) => Unlock::Passphrase(p),
        (None, None) => {
            return Err(AppError::Usage("a passphrase or recovery key is needed".into()).into())
        }
    };
    Ok(state.unlock(&how)?)
}

/// Lets the system's keyring unlock the book at start (`on`), or stops it. A machine without a
/// keyring answers `locked` with the reason `keyring` and says why.
#[tauri::command(async)]
pub fn set_keyring(state: State<'_, AppState>, on: bool) -> Result<Startup, CommandError> {
    Ok(state.set_keyring(on)?)
}

/// Locks the book now: the key leaves memory and the unlock screen shows.
#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>) -> Result<Startup, CommandError> {
    Ok(state.lock()?)
}

/// What turning encryption on did, for the window to show once.
#[derive(Serialize)]
pub struct EncryptResult {
    pub recovery_key: Zeroizing<String>,
    pub backups_encrypted: Vec<PathBuf>,
    pub backups_removed: Vec<PathBuf>,
    pub backups_failed: Option<String>,
    pub imports_removed: Vec<PathBuf>,
}

impl std::fmt::Debug for EncryptResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptResult").field("recovery_key", &"…").finish_non_exhaustive()
    }
}

/// Turns encryption on with `passphrase`; returns the recovery key to show once.
#[tauri::command(async)]
pub fn encrypt_book(
    state: State<'_, AppState>,
    passphrase: Zeroizing<String>,
) -> Result<EncryptResult, CommandError> {
    let done = state.encrypt(&passphrase)?;
    Ok(EncryptResult {
        recovery_key: Zeroizing::new(done.recovery_key.text().to_string()),
        backups_encrypted: done.backups.converted,
        backups_removed: done.backups.removed,
        backups_failed: done.backups.failed,
        imports_removed: done.imports_removed,
    })
}

/// Wraps the book's key with a new passphrase (the recovery key keeps working).
#[tauri::command(async)]
pub fn change_passphrase(
    state: State<'_, AppState>,
    passphrase: Zeroizing<String>,
) -> Result<(), CommandError> {
    let kdf = keyplan_app::keys::KdfParams::DEFAULT;
    Ok(state.with(|s| s.change_passphrase(&passphrase, kdf))?)
}

/// A new recovery key for the open, encrypted book, to show once; the old one stops working.
#[tauri::command(async)]
pub fn new_recovery_key(state: State<'_, AppState>) -> Result<Zeroizing<String>, CommandError> {
    let key = state.with(|s| s.new_recovery_key())?;
    Ok(Zeroizing::new(key.text().to_string()))
}
