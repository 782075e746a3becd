//! Running the `keyplan` binary from the tests, as a script would.

use std::path::Path;
use std::process::{Command, Output};

pub fn keyplan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keyplan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KEYPLAN_DB")
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Stdout of a run that must have succeeded.
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Whether a program is on the PATH. CI installs every one the tests need
/// (scripts/system-deps.sh test), so there a missing one fails the test instead of skipping it.
#[allow(dead_code)] // not every test binary uses it
pub fn installed(program: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found || std::env::var_os("CI").is_none(), "CI installs {program}");
    found
}
