//! The soak's short version, as `scripts/test.sh` runs it: a few hundred writers killed at
//! random moments, not one check failed.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn a_few_hundred_killed_writers_leave_every_database_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keyplan-soak"))
        .args(["run", "--cycles", "200", "--seed", "7", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("200 cycles") && report.contains(": 0 failed"), "{report}");
    // Most writers are caught mid-way: the soak is of kills, not of finished runs.
    let killed: u64 = report
        .lines()
        .filter_map(|l| l.split(" cycles, ").nth(1)?.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    assert!(killed >= 100, "{report}");
}
