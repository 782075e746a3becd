//! Startup and memory figures for the release notes (not a pass/fail test: it prints numbers).
//! Run: `xvfb-run -a cargo test -p keyplan-e2e --test measure -- --ignored --nocapture`
//! with `KEYPLAN_DESKTOP_BIN` pointing at the binary to measure (the release build, say).

// It exists to print figures.
#![allow(clippy::print_stdout)]

use keyplan_e2e::*;
use std::collections::HashMap;
use std::time::Instant;

/// Every process whose ancestry includes `root` (the app and the WebKit processes it spawns).
fn descendants(root: u32) -> Vec<u32> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // Field 4 (ppid) comes after the ")" that closes the command name.
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parent.insert(pid, ppid);
        }
    }
    let mut out = vec![root];
    let mut grew = true;
    while grew {
        grew = false;
        for (&pid, &ppid) in &parent {
            if out.contains(&ppid) && !out.contains(&pid) {
                out.push(pid);
                grew = true;
            }
        }
    }
    out
}

/// (RSS, PSS) in KiB from /proc/PID/smaps_rollup.
fn memory(pid: u32) -> (u64, u64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("Rss:"), field("Pss:"))
}

fn app_pid(db: &std::path::Path) -> Option<u32> {
    let out = std::process::Command::new("pgrep")
        .args(["-f", &format!("keyplan-desktop --db {}", db.display())])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).lines().next()?.trim().parse().ok()
}

async fn measure(label: &str, db: &std::path::Path) -> Result {
    let driver = Driver::start()?;
    let start = Instant::now();
    let c = driver.open(db).await?; // returns once the first view has rendered (data-ready)
    let ready = start.elapsed();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await; // let memory settle
    let pid = app_pid(db).ok_or("app process not found")?;
    let (mut rss, mut pss) = (0, 0);
    let procs = descendants(pid);
    for p in &procs {
        let (r, s) = memory(*p);
        rss += r;
        pss += s;
    }
    println!(
        "{label}: first paint {:.2} s (incl. WebDriver session); {} processes, RSS {} MiB, PSS {} MiB",
        ready.as_secs_f64(),
        procs.len(),
        rss / 1024,
        pss / 1024
    );
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "prints startup and memory figures; run by hand under Xvfb"]
async fn startup_and_memory() -> Result {
    let dir = tempfile::tempdir()?;
    let empty = dir.path().join("empty.db");
    let demo = dir.path().join("demo.db");
    cli(&demo, &["demo", "--accounts", "1000", "--seed", "1"])?;
    measure("empty window", &empty).await?;
    measure("1,000-account demo", &demo).await?;
    Ok(())
}
