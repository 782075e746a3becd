//! Replays the fuzz seeds and every input a fuzz run found a fault with (`fuzz/regressions/`)
//! through the same readers the fuzz targets drive: none may panic, and each must answer.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_formats::import::parse::{parse, Options};
use keyplan_formats::import::source::Source;
use keyplan_formats::import::Kind;
use std::path::{Path, PathBuf};

/// The files under fuzz/seeds/TARGET and fuzz/regressions/TARGET.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else { continue };
        out.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
        }));
    }
    out.sort();
    out
}

#[test]
fn import_inputs_are_read_or_refused() {
    let files = inputs("import");
    assert!(files.len() >= 5, "the seeds are there: {files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        if let Ok(src) = Source::open(&bytes, None, None) {
            for kind in [
                Kind::Transactions,
                Kind::Accounts,
                Kind::Contacts,
                Kind::Interactions,
                Kind::Surveys,
            ] {
                let _ = parse(&src, kind, &Options::default());
            }
        }
    }
}

#[test]
fn bundle_inputs_are_read_or_refused() {
    let files = inputs("bundle");
    assert!(!files.is_empty());
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let read = keyplan_formats::bundle::read(&bytes);
        let seed = f.to_string_lossy().contains("/seeds/");
        assert!(!seed || read.is_ok(), "a bundle the app wrote reads: {}: {read:?}", f.display());
    }
}
