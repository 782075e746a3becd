//! `keyplan-soak`: for N cycles, starts a real writer (single acknowledged edits, a large import,
//! a bundle merge, a schema migration of an old fixture, backups and restores, encryption turned
//! on and off, a passphrase changed, a merge into an encrypted book), kills it with
//! SIGKILL at a random moment, reopens the database and checks what must hold (see `checks`).
//! Seeded: the same seed makes the same choices, so a failure can be run again.
//!
//! ```sh
//! cargo run --release -p keyplan-soak -- run --cycles 10000 --dir /tmp/soak
//! ```

// A command-line tool's job is to print.
#![allow(clippy::print_stdout)]

mod checks;
mod writers;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use writers::{Scenario, Work, SCENARIOS};

#[derive(Debug, Parser)]
#[command(
    name = "keyplan-soak",
    about = "Kill Keyplan's writers at random moments and check the database after each"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Run the soak.
    Run {
        #[arg(long, default_value_t = 300)]
        cycles: u64,
        /// Where the databases and files go (made if missing; it should be empty).
        #[arg(long)]
        dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The longest a writer runs before it is killed, in milliseconds.
        #[arg(long, default_value_t = 400)]
        max_kill_ms: u64,
        /// The schema-1 database the migration writer opens.
        #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../store/tests/fixtures/v1.db"))]
        fixture: PathBuf,
    },
    /// One writer (what `run` starts and kills).
    #[command(hide = true)]
    Writer {
        #[arg(long, value_enum)]
        scenario: Scenario,
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        cycle: u64,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Cmd::Writer { scenario, dir, cycle } => {
            match writers::run(scenario, &Work { dir, cycle }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("keyplan-soak writer: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Cmd::Run { cycles, dir, seed, max_kill_ms, fixture } => {
            match soak(cycles, &dir, seed, max_kill_ms, &fixture) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("keyplan-soak: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Cycles between fresh databases.
const FRESH_EVERY: u64 = 100;

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    cycles: u64,
    killed: u64,
    finished: u64,
    failed: u64,
}

/// Runs the cycles; returns how many failed.
fn soak(
    cycles: u64,
    dir: &Path,
    seed: u64,
    max_kill_ms: u64,
    fixture: &Path,
) -> Result<u64, String> {
    for sub in ["main", "restore", "migrate", "encrypt", "passphrase", "encrypted-merge"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let log = dir.join("writers.log");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tally = [Tally::default(); SCENARIOS.len()];
    let mut estimate = [max_kill_ms; SCENARIOS.len()];
    let started = Instant::now();
    for cycle in 0..cycles {
        if cycle % FRESH_EVERY == 0 {
            // A fresh book now and then: the imports and edits would otherwise grow it (and
            // each backup of it) without end, and the soak is of kills, not of size.
            for sub in ["main", "restore", "encrypt", "passphrase", "encrypted-merge"] {
                let _ = std::fs::remove_dir_all(dir.join(sub));
                std::fs::create_dir_all(dir.join(sub))
                    .map_err(|e| format!("{}: {e}", dir.display()))?;
            }
        }
        let pick = rng.random_range(0..SCENARIOS.len());
        let scenario = SCENARIOS[pick];
        let w = Work { dir: dir.to_path_buf(), cycle };
        writers::prepare(scenario, &w, fixture)
            .map_err(|e| format!("cycle {cycle}: preparing: {e}"))?;
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| e.to_string())?;
        let mut child = Command::new(&exe)
            .args(["writer", "--scenario", name(scenario), "--dir"])
            .arg(dir)
            .args(["--cycle", &cycle.to_string()])
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("starting a writer: {e}"))?;
        // A moment within how long this writer last took to finish (so most are caught
        // mid-way, whatever their speed), at most `max_kill_ms`.
        let t0 = Instant::now();
        let at = Duration::from_millis(rng.random_range(0..=estimate[pick].min(max_kill_ms)));
        let t = &mut tally[pick];
        t.cycles += 1;
        let finished = loop {
            match child.try_wait() {
                Ok(Some(_)) => break true,
                Ok(None) if t0.elapsed() < at => std::thread::sleep(Duration::from_millis(1)),
                _ => break false,
            }
        };
        if finished {
            t.finished += 1;
            estimate[pick] = u64::try_from(t0.elapsed().as_millis()).unwrap_or(u64::MAX).max(5);
        } else {
            // SIGKILL: no destructor, no flush, no rollback of its own.
            let _ = child.kill();
            t.killed += 1;
            // Caught every time: let the next one run a little longer.
            estimate[pick] = estimate[pick].saturating_add(estimate[pick] / 8 + 1);
        }
        let _ = child.wait();
        if let Err(why) = checks::check(scenario, &w) {
            t.failed += 1;
            println!("cycle {cycle} ({}): FAILED: {why}", name(scenario));
        }
        for f in [w.acks(), w.csv(), w.bundle()] {
            let _ = std::fs::remove_file(f);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mut failed = 0;
    for (s, t) in SCENARIOS.iter().zip(tally) {
        println!(
            "{:<15} {:>6} cycles, {:>6} killed mid-way, {:>6} finished first, {} failed",
            name(*s),
            t.cycles,
            t.killed,
            t.finished,
            t.failed
        );
        failed += t.failed;
    }
    println!("{cycles} cycles in {secs:.1} s (seed {seed}): {failed} failed");
    Ok(failed)
}

fn name(s: Scenario) -> &'static str {
    match s {
        Scenario::Edits => "edits",
        Scenario::Import => "import",
        Scenario::Merge => "merge",
        Scenario::Migrate => "migrate",
        Scenario::BackupRestore => "backup-restore",
        Scenario::Encrypt => "encrypt",
        Scenario::Passphrase => "passphrase",
        Scenario::EncryptedMerge => "encrypted-merge",
    }
}
