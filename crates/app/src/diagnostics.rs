//! Diagnostics, kept on the laptop: a small rotating log of crashes and window errors (where in
//! the code, never what the user typed: no names, notes or contacts), and a zip of it with the
//! versions and the book's size for the user to send if they choose. Keyplan sends nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{AppError, Result};

/// The log grows to this, then becomes `keyplan.1.log` (the one before, `keyplan.2.log`).
const LOG_LIMIT: u64 = 256 * 1024;
/// Old logs kept beside the current one.
const KEPT: usize = 2;
/// A logged text is cut to this many characters (a stack of file:line frames is shorter).
const LINE_LIMIT: usize = 2000;

/// Where the logs live: `logs/` in Keyplan's data folder, or beside the book when there is no
/// home folder.
pub fn log_dir(book: &Path) -> PathBuf {
    crate::paths::data_dir()
        .unwrap_or_else(|_| book.parent().map(Path::to_path_buf).unwrap_or_default())
        .join("logs")
}

fn log_file(dir: &Path, n: usize) -> PathBuf {
    if n == 0 {
        dir.join("keyplan.log")
    } else {
        dir.join(format!("keyplan.{n}.log"))
    }
}

/// Appends one line (`time kind text`) to the log in `dir`, turning the log over when full.
/// Best effort: a log that cannot be written must never stop the app.
pub fn record(dir: &Path, kind: &str, text: &str) {
    let _ = try_record(dir, kind, text);
}

fn try_record(dir: &Path, kind: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let current = log_file(dir, 0);
    if std::fs::metadata(&current).is_ok_and(|m| m.len() >= LOG_LIMIT) {
        for n in (1..=KEPT).rev() {
            let from = log_file(dir, n - 1);
            if from.exists() {
                std::fs::rename(&from, log_file(dir, n))?;
            }
        }
    }
    // One line per entry: line breaks and control characters become spaces.
    let text: String =
        text.chars().take(LINE_LIMIT).map(|c| if c.is_control() { ' ' } else { c }).collect();
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&current)?;
    writeln!(f, "{now} {kind} {text}")
}

/// What the window says of an error, cut to what names a place in code: the error's kind (a
/// word of ASCII letters) and `file.js:line:column` frames. Anything else — a message, a name
/// a caller passed by mistake — is dropped.
pub fn code_place(text: &str) -> String {
    let is_frame = |t: &str| {
        let mut parts = t.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        let digits = |s: Option<&str>| {
            s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        };
        digits(col)
            && digits(line)
            && file.is_some_and(|f| {
                f.ends_with(".js")
                    && f.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            })
    };
    let mut tokens = text.split(|c: char| c.is_whitespace() || c == '<').filter(|t| !t.is_empty());
    let kind = tokens
        .next()
        .filter(|k| k.len() <= 40 && k.bytes().all(|b| b.is_ascii_alphabetic()))
        .unwrap_or("Error");
    let frames: Vec<&str> = tokens.filter(|t| is_frame(t)).take(8).collect();
    format!("{kind} at {}", if frames.is_empty() { "unknown".into() } else { frames.join(" < ") })
}

/// Logs a panic's place (file:line) before the usual message goes to standard error. Its text
/// is kept only when it is a fixed message of the code's own: a formatted one may hold data.
pub fn install_panic_hook(dir: PathBuf, program: &'static str) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "somewhere".into());
        let what = info.payload().downcast_ref::<&str>().copied().unwrap_or("(message not kept)");
        record(
            &dir,
            "panic",
            &format!("{program} {} at {place}: {what}", env!("CARGO_PKG_VERSION")),
        );
        previous(info);
    }));
}

/// What the diagnostics file says about this installation, besides the logs.
#[derive(Debug, Clone, Serialize)]
pub struct About {
    pub keyplan: &'static str,
    pub schema: u32,
    pub sqlite: &'static str,
    pub os: &'static str,
    pub arch: &'static str,
    /// The book's size in bytes (its name and folder are left out).
    pub book_bytes: u64,
    pub encrypted: bool,
    /// How many records of each kind: numbers, no contents.
    pub records: std::collections::BTreeMap<String, u64>,
}

/// The diagnostics file: `about.json` and every log, as one zip.
pub fn archive(about: &About, logs: &Path) -> Result<Vec<u8>> {
    let about = serde_json::to_vec_pretty(about).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut entries: Vec<(String, Vec<u8>)> = vec![("about.json".into(), about)];
    for n in 0..=KEPT {
        let file = log_file(logs, n);
        if let Ok(bytes) = crate::files::read_limited(&file, 4 * LOG_LIMIT, "a log") {
            let name =
                file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            entries.push((format!("logs/{name}"), bytes));
        }
    }
    let refs: Vec<(&str, &[u8])> =
        entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    keyplan_formats::archive::zip(&refs).map_err(AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_places_in_code_are_kept_from_the_window() {
        assert_eq!(
            code_place("TypeError at plan.js:12:5 < Acme Corporation main.js:40:3 华东精密"),
            "TypeError at plan.js:12:5 < main.js:40:3"
        );
        assert_eq!(code_place("Acme's order failed"), "Error at unknown");
        assert_eq!(code_place("RangeError at /etc/passwd:1:1"), "RangeError at unknown");
    }

    #[test]
    fn the_log_turns_over_and_keeps_one_line_an_entry() {
        let dir = tempfile::tempdir().unwrap();
        record(dir.path(), "window", "TypeError at plan.js:12\nline two");
        let text = std::fs::read_to_string(log_file(dir.path(), 0)).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(text.contains("window TypeError at plan.js:12 line two"), "{text}");
        let big = "x".repeat(LINE_LIMIT);
        for _ in 0..(LOG_LIMIT as usize / LINE_LIMIT + 2) * 2 {
            record(dir.path(), "window", &big);
        }
        assert!(log_file(dir.path(), 1).exists(), "turned over");
        assert!(std::fs::metadata(log_file(dir.path(), 0)).unwrap().len() < 2 * LOG_LIMIT);
    }
}
