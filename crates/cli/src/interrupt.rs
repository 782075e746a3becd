//! Ctrl+C: the command stops at once (exit 130, as shells expect) and the temporary file it was
//! writing is removed, so an interrupted `backup --out`, export or bundle leaves the folder as
//! it was. The target itself is only ever renamed into place whole, and the book's own writes
//! are transactions SQLite rolls back.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static TARGETS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler. Called once the book is open: a passphrase prompt keeps the default
/// (the terminal's echo is the prompt's to restore).
// The handler runs on a thread of its own while the command may be blocked in a write: no error
// can travel back to main, so it ends the process itself.
#[allow(clippy::disallowed_methods)]
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(targets) = TARGETS.lock() {
            targets.iter().for_each(|t| keyplan_app::files::clear_temporaries_of(t));
        }
        std::process::exit(130);
    });
}

/// Notes that `target` is being written, so Ctrl+C removes its temporary file.
pub fn writing(target: &Path) {
    if let Ok(mut targets) = TARGETS.lock() {
        targets.push(target.to_path_buf());
    }
}
