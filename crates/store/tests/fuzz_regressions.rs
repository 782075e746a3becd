//! Replays what fuzzing the restore check found (`fuzz/regressions/backup/`), and the fixtures it
//! starts from: each file is judged a backup or refused, never a panic.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn offered_backups_are_checked_or_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("../../fuzz/regressions/backup"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.push(root.join("tests/fixtures/v1.db"));
    for f in files {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("offered.db");
        std::fs::copy(&f, &copy).unwrap();
        let _ = keyplan_store::backup::inspect(&copy, None);
    }
}
