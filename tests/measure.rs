//! Start-up and memory, side by side with an empty Tauri window built the same way
//! (`bench/empty-window`); not a pass/fail test: it prints numbers for the README.
//! Run: `cargo build --release --locked -p keyplan-desktop -p keyplan-cli -p keyplan-empty-window`,
//! then `KEYPLAN_DESKTOP_BIN=target/release/keyplan-desktop xvfb-run -a -s "-screen 0 1280x800x24"
//! cargo test -p keyplan-e2e --test measure -- --ignored --nocapture`.

// It exists to print figures.
#![allow(clippy::print_stdout)]

use keyplan_e2e::*;
use std::collections::HashMap;
use std::path::Path;

/// Every process whose ancestry includes `root` (the app and the WebKit processes it spawns).
fn descendants(root: u32) -> Vec<u32> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        if let Some(ppid) = stat_field(pid, 4).and_then(|p| p.parse().ok()) {
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

/// The newest process started as `binary --db DB` (an earlier start on the same database may
/// still be shutting down).
fn app_pid(binary: &Path, db: &Path) -> Option<u32> {
    let out = std::process::Command::new("pgrep")
        .args(["-n", "-f", &format!("{} --db {}", binary.display(), db.display())])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).lines().next()?.trim().parse().ok()
}

/// Field `n` (numbered from 1 as in proc(5); 3 or later) of /proc/PID/stat. The command name,
/// field 2, may hold spaces and parentheses, so fields are counted after its closing ")".
fn stat_field(pid: u32, n: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.split_whitespace().nth(n.checked_sub(3)?).map(str::to_string)
}

/// Whether `pid` is still running (a zombie waiting for its parent is not).
fn alive(pid: u32) -> bool {
    stat_field(pid, 3).is_some_and(|state| state != "Z")
}

/// When the process started, in milliseconds since the epoch (from /proc: boot time plus the
/// process's start in clock ticks, 10 ms resolution).
fn started_ms(pid: u32) -> Option<f64> {
    let ticks: f64 = stat_field(pid, 22)?.parse().ok()?; // starttime
    let boot: f64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    let hz: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0);
    Some((boot + ticks / hz) * 1000.0)
}

/// One start of `binary` on `db`.
struct Start {
    /// Process start to the page's first contentful paint, seconds (the browser's own entry).
    first_paint: f64,
    /// Process start to the first view shown with its data (`keyplan-ready`; the empty window
    /// has no data, so its first paint).
    ready: f64,
    processes: usize,
    rss_kib: u64,
    pss_kib: u64,
    /// PSS per process (command name, KiB): where the memory is.
    by_process: Vec<(String, u64)>,
}

async fn measure(binary: &Path, db: &Path) -> Result<Start> {
    let driver = Driver::start()?;
    let c = driver.open_binary(binary, db).await?;
    let pid = app_pid(binary, db).ok_or("app process not found")?;
    let started = started_ms(pid).ok_or("cannot read the process's start time")?;
    let times = c
        .execute(
            "const fcp = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');
             const ready = performance.getEntriesByName('keyplan-ready')[0];
             const paint = fcp ? fcp.startTime : performance.timing.loadEventEnd - performance.timeOrigin;
             return [performance.timeOrigin + paint, performance.timeOrigin + (ready ? ready.startTime : paint)];",
            vec![],
        )
        .await?;
    let at = |i: usize| times.get(i).and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await; // let memory settle
    let procs = descendants(pid);
    let (mut rss_kib, mut pss_kib) = (0, 0);
    let mut by_process = Vec::new();
    for p in &procs {
        let (r, s) = memory(*p);
        rss_kib += r;
        pss_kib += s;
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        by_process.push((name.trim().to_string(), s));
    }
    c.close().await?;
    drop(driver);
    // The next start must not share the machine with this one's shutdown.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while alive(pid) && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(Start {
        first_paint: (at(0) - started) / 1000.0,
        ready: (at(1) - started) / 1000.0,
        processes: procs.len(),
        rss_kib,
        pss_kib,
        by_process,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Keyplan (empty database and the 1,000-account demo) beside an empty Tauri window built the
/// same way, started in turn so that the machine's state is shared; medians of `RUNS` starts.
#[tokio::test]
#[ignore = "prints startup and memory figures; run by hand under Xvfb"]
async fn startup_and_memory() -> Result {
    const RUNS: usize = 5;
    let dir = tempfile::tempdir()?;
    let empty = dir.path().join("empty.db");
    let demo = dir.path().join("demo.db");
    cli(&demo, &["demo", "--accounts", "1000", "--seed", "1"])?;
    let app = app_binary();
    let yardstick = app.with_file_name("keyplan-empty-window");
    if !yardstick.exists() {
        return Err(format!(
            "{} not built (cargo build -p keyplan-empty-window)",
            yardstick.display()
        )
        .into());
    }
    // The same demo encrypted, unlocked at start by the login keyring (no typing, so the start
    // compares with the plain one); measured when a keyring service answers (run the test in a
    // D-Bus session with GNOME Keyring, as docs/measurements.md says).
    let encrypted = dir.path().join("encrypted.db");
    std::fs::copy(&demo, &encrypted)?;
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, "measure the encrypted start\n")?;
    let pass = pass.display().to_string();
    cli(&encrypted, &["encrypt", "--passphrase-file", &pass])?;
    let keyring = cli(&encrypted, &["--passphrase-file", &pass, "keyring", "on"]);
    let mut subjects = vec![
        ("empty Tauri window", yardstick.as_path(), empty.as_path()),
        ("Keyplan, empty database", app.as_path(), empty.as_path()),
        ("Keyplan, 1,000-account demo", app.as_path(), demo.as_path()),
    ];
    match keyring {
        Ok(_) => subjects.push((
            "Keyplan, the demo encrypted (keyring)",
            app.as_path(),
            encrypted.as_path(),
        )),
        Err(e) => println!("the encrypted start is not measured: no keyring answered ({e})"),
    }
    let mut results: Vec<Vec<Start>> = subjects.iter().map(|_| Vec::new()).collect();
    for _ in 0..RUNS {
        for (i, (_, bin, db)) in subjects.iter().enumerate() {
            results[i].push(measure(bin, db).await?);
        }
    }
    // Leave nothing in the keyring of the session this ran in.
    let _ = cli(&encrypted, &["--passphrase-file", &pass, "keyring", "off"]);
    #[allow(clippy::cast_precision_loss)]
    let kib =
        |runs: &[Start], f: fn(&Start) -> u64| median(runs.iter().map(|r| f(r) as f64).collect());
    let base_pss = kib(&results[0], |r| r.pss_kib);
    println!("{}: medians of {RUNS} starts, from process start", app.display());
    for ((label, _, _), runs) in subjects.iter().zip(&results) {
        let pss = kib(runs, |r| r.pss_kib);
        println!(
            "  {label}: first paint {:.3} s, data shown {:.3} s; {} processes, RSS {:.0} MiB, PSS {:.0} MiB ({:+.1}% of the empty window)",
            median(runs.iter().map(|r| r.first_paint).collect()),
            median(runs.iter().map(|r| r.ready).collect()),
            runs[0].processes,
            kib(runs, |r| r.rss_kib) / 1024.0,
            pss / 1024.0,
            (pss / base_pss - 1.0) * 100.0
        );
        let last = runs.last().map(|r| r.by_process.clone()).unwrap_or_default();
        let parts: Vec<String> =
            last.iter().map(|(n, k)| format!("{n} {} MiB", k / 1024)).collect();
        println!("    PSS by process (last start): {}", parts.join(", "));
    }
    Ok(())
}
