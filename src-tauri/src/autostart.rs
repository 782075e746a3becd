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

/// `path` in full: the same book whatever folder Keyplan is started from (a relative `--db`
/// would name another file at login), with links resolved where the file exists.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    })
}

/// Whether Keyplan starts at login.
pub fn enabled() -> bool {
    folder().is_some_and(|f| f.join(FILE).is_file())
}

/// An argument of an entry's `Exec`, as the Desktop Entry specification asks: in double quotes
/// with `"`, `` ` ``, `$` and `\` escaped by a backslash; then, the key being a string, every
/// backslash doubled; and `%` written twice (field codes). None for a path holding a control
/// character, which an entry cannot carry.
fn quoted(arg: &str) -> Option<String> {
    if arg.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::from("\"");
    for c in arg.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Some(out.replace('\\', "\\\\").replace('%', "%%"))
}

/// The entry that starts `program` in the background on `book`.
fn entry(program: &Path, book: &Path) -> Option<String> {
    let exec = format!(
        "{} --background --db {}",
        quoted(&program.to_string_lossy())?,
        quoted(&book.to_string_lossy())?
    );
    Some(format!(
        "[Desktop Entry]\nType=Application\nName=Keyplan\n\
         Comment=Reminders for your key accounts\nExec={exec}\nIcon=keyplan\n\
         Terminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n"
    ))
}

/// Turns starting at login on (writing the entry for this program and `book`, a full path) or
/// off (removing it).
pub fn set(on: bool, book: &Path) -> std::io::Result<bool> {
    let Some(dir) = folder() else {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no home folder"));
    };
    let path = dir.join(FILE);
    if on {
        let program = std::env::current_exe()?;
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(".{FILE}.tmp"));
        let text = entry(&program, &absolute(book)).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "a control character in a path")
        })?;
        std::fs::write(&tmp, text)?;
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
        let e =
            entry(Path::new("/opt/Key plan/$bin/keyplan-desktop"), Path::new("/home/a/100%.db"))
                .unwrap();
        // `$` is escaped for the quotes (`\$`), and that backslash doubled for the string.
        let exec = "Exec=\"/opt/Key plan/\\\\$bin/keyplan-desktop\" --background --db \"/home/a/100%%.db\"\n";
        assert!(e.contains(exec), "{e}");
        assert!(e.starts_with("[Desktop Entry]\nType=Application\n"));
        assert!(e.contains("X-GNOME-Autostart-enabled=true"));
        let plain =
            entry(Path::new("/usr/bin/keyplan-desktop"), Path::new("/home/a/k.db")).unwrap();
        assert!(
            plain
                .contains("Exec=\"/usr/bin/keyplan-desktop\" --background --db \"/home/a/k.db\"\n"),
            "{plain}"
        );
        let slash = entry(Path::new("/a\\b/kd"), Path::new("/k.db")).unwrap();
        assert!(slash.contains("Exec=\"/a\\\\\\\\b/kd\""), "a backslash is four: {slash}");
        assert!(entry(Path::new("/usr/bin/kd"), Path::new("/home/a\nb.db")).is_none());
    }
}
