//! Starting Keyplan at login, in the background, so that reminders come on a day the user never
//! opens it: an XDG autostart entry (`~/.config/autostart/keyplan.desktop`), which every Linux
//! desktop that follows freedesktop.org's autostart rules runs at login. The entry's presence is
//! the setting: it belongs to this login on this laptop, not to the book.

use std::path::{Path, PathBuf};

const FILE: &str = "keyplan.desktop";

/// `$XDG_CONFIG_HOME/autostart` (else `~/.config/autostart`).
fn folder() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("autostart"))
}

/// Whether Keyplan starts at login.
pub fn enabled() -> bool {
    folder().is_some_and(|f| f.join(FILE).is_file())
}

/// A value for an entry's `Exec`, quoted as the Desktop Entry specification asks.
fn quoted(arg: &str) -> String {
    let mut out = String::from("\"");
    for c in arg.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    // A literal percent sign is written twice in an Exec line.
    out.replace('%', "%%")
}

/// The entry that starts `program` in the background (on `book`, when one was named).
fn entry(program: &Path, book: Option<&Path>) -> String {
    let mut exec = format!("{} --background", quoted(&program.to_string_lossy()));
    if let Some(book) = book {
        exec.push_str(&format!(" --db {}", quoted(&book.to_string_lossy())));
    }
    format!(
        "[Desktop Entry]\nType=Application\nName=Keyplan\n\
         Comment=Reminders for your key accounts\nExec={exec}\nIcon=keyplan\n\
         Terminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n"
    )
}

/// Turns starting at login on (writing the entry for this program) or off (removing it).
pub fn set(on: bool, book: Option<&Path>) -> std::io::Result<bool> {
    let Some(dir) = folder() else {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no home folder"));
    };
    let path = dir.join(FILE);
    if on {
        let program = std::env::current_exe()?;
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".{FILE}.tmp"));
        std::fs::write(&tmp, entry(&program, book))?;
        std::fs::rename(&tmp, &path)?;
    } else if path.exists() {
        std::fs::remove_file(&path)?;
    }
    Ok(enabled())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn the_entry_quotes_paths_as_the_desktop_entry_spec_asks() {
        let e = entry(
            Path::new("/opt/Key plan/$bin/keyplan-desktop"),
            Some(Path::new("/home/a/100%.db")),
        );
        assert!(e.contains("Exec=\"/opt/Key plan/\\$bin/keyplan-desktop\" --background --db \"/home/a/100%%.db\"\n"), "{e}");
        assert!(e.starts_with("[Desktop Entry]\nType=Application\n"));
        assert!(e.contains("X-GNOME-Autostart-enabled=true"));
        let plain = entry(Path::new("/usr/bin/keyplan-desktop"), None);
        assert!(plain.contains("Exec=\"/usr/bin/keyplan-desktop\" --background\n"), "{plain}");
    }
}
