//! A tray icon, where the desktop shows one (an AppIndicator host): Open Keyplan, Today, Quit —
//! how the Keyplan started at login in the background is reached and ended. Tauri's tray loads
//! the desktop's AppIndicator library when the icon is made and stops the program if it is
//! missing, so the icon is made only when that library is installed; without it, a notification
//! or a second start brings the window up.

use std::path::{Path, PathBuf};

use keyplan_app::domain::Language;
use keyplan_app::formats::catalogue::Catalogue;
use tauri::menu::{MenuBuilder, MenuItemBuilder};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

use crate::reminding::open_route;

/// The names Tauri's tray library looks the AppIndicator library up by.
const LIBRARIES: [&str; 4] = [
    "libayatana-appindicator3.so.1",
    "libappindicator3.so.1",
    "libayatana-appindicator3.so",
    "libappindicator3.so",
];

/// Where the dynamic loader finds libraries on the desktops Keyplan is packaged for, and any
/// folder `LD_LIBRARY_PATH` adds.
fn library_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for d in [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/lib/x86_64-linux-gnu",
        "/lib64",
        "/lib",
    ] {
        dirs.push(PathBuf::from(d));
    }
    dirs
}

/// Whether the AppIndicator library the tray needs is installed in one of `dirs`.
fn indicator_in(dirs: &[PathBuf]) -> bool {
    dirs.iter().any(|d| LIBRARIES.iter().any(|l| Path::new(d).join(l).exists()))
}

/// Makes the tray icon, in `language`; false when the desktop has no AppIndicator library.
pub fn install<R: Runtime>(app: &AppHandle<R>, language: Language) -> tauri::Result<bool> {
    // An indicator registers on the session bus: with none (a bare X server), no tray shows,
    // and the library would try to start a bus of its own for the display.
    if !indicator_in(&library_dirs()) || crate::bus::session_address().is_none() {
        return Ok(false);
    }
    let cat = Catalogue::get(language);
    let menu = MenuBuilder::new(app)
        .item(&MenuItemBuilder::with_id("open", cat.text("tray.open")).build(app)?)
        .item(&MenuItemBuilder::with_id("today", cat.text("tray.today")).build(app)?)
        .separator()
        .item(&MenuItemBuilder::with_id("quit", cat.text("tray.quit")).build(app)?)
        .build()?;
    let mut tray = TrayIconBuilder::with_id("keyplan").tooltip("Keyplan").menu(&menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.on_menu_event(|app, event| match event.id().as_ref() {
        "open" => open_route(app, ""),
        "today" => open_route(app, "#/actions"),
        "quit" => app.exit(0),
        _ => {}
    })
    .build(app)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn the_tray_is_made_only_where_its_library_is() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = vec![dir.path().to_path_buf()];
        assert!(!indicator_in(&dirs), "no library: no tray, and no stop");
        std::fs::write(dir.path().join("libayatana-appindicator3.so.1"), b"").unwrap();
        assert!(indicator_in(&dirs));
    }
}
