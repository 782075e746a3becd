//! A file offered to restore: the check that it is a whole Keyplan database of a schema this
//! version reads, made before anything is replaced.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("offered.db");
    if std::fs::write(&path, data).is_ok() {
        let _ = keyplan_store::backup::inspect(&path, None);
    }
});
