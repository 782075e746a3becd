//! The system's save dialog (GTK's file chooser on Linux), for an export the user wants
//! somewhere other than Downloads. It is opened from Keyplan's own command rather than a dialog
//! plug-in, so the web view is granted no file-system permission: the page can ask for a save,
//! and only the user, in the dialog, says where.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

/// Asks where to save a file offered as `name` (starting in the user's Downloads folder), in a
/// dialog titled `title`; `None` when the user cancels.
///
/// Call it from a worker thread (an `async` command), never the main thread: the dialog is
/// built and run by the main thread's GTK loop, and this thread waits for the answer — on the
/// main thread that wait would stop the very loop that has to show the dialog.
pub fn save_as<R: Runtime>(app: &AppHandle<R>, title: &str, name: &str) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_title(title).set_file_name(name);
    if let Some(ext) = std::path::Path::new(name).extension().and_then(|e| e.to_str()) {
        dialog = dialog.add_filter(ext.to_uppercase(), &[ext]);
    }
    if let Some(dir) =
        directories::UserDirs::new().and_then(|u| u.download_dir().map(PathBuf::from))
    {
        dialog = dialog.set_directory(dir);
    }
    // In front of Keyplan's window and modal to it.
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.save_file()
}

/// Asks for a folder (the sync folder), in a dialog titled `title`; `None` when the user
/// cancels. Call it from a worker thread, as [`save_as`].
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_title(title);
    if let Some(home) = directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()) {
        dialog = dialog.set_directory(home);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.pick_folder()
}
