//! An edit that was acknowledged survives `kill -9` of the process that made it, and the file
//! stays healthy. The test re-runs its own binary as the writer: the child saves an account,
//! prints ACK, and waits to be killed.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The child acknowledges on stdout, as a real writer would tell its user.
#![allow(clippy::print_stdout)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "KEYPLAN_DURABILITY_CHILD_DB";

#[test]
fn writer_child() {
    // Only does anything when started by the test below.
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let (mut db, _) = keyplan_app::open(std::path::Path::new(&path)).unwrap();
    for i in 0..25 {
        let input = keyplan_app::domain::AccountInput {
            name: format!("Account {i}"),
            ..Default::default()
        };
        keyplan_app::create_account(&mut db, &input).unwrap();
    }
    println!("ACK");
    std::thread::sleep(std::time::Duration::from_secs(120));
}

#[cfg(unix)]
#[test]
fn acknowledged_edits_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writer_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let acked = BufReader::new(stdout).lines().map_while(Result::ok).any(|l| l.contains("ACK"));
    assert!(acked, "the writer never acknowledged");
    child.kill().unwrap(); // SIGKILL: no destructors, no checkpoint, no clean close
    child.wait().unwrap();

    let (db, _) = keyplan_app::open(&path).unwrap();
    assert_eq!(db.integrity_check().unwrap(), "ok");
    let all = keyplan_app::list_accounts(&db, &Default::default()).unwrap();
    assert_eq!(all.total, 25);
}
