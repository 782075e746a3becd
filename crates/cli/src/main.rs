//! `keyplan`: the command line over Keyplan's use cases, for scripting, checks and tests.
//!
//! Exit codes: 0 success, 2 a usage error (clap's), 1 anything else with a one-line message on
//! stderr. JSON output is always an array of objects, each with at least `id` and `name`.

// A command-line tool's job is to print.
#![allow(clippy::print_stdout)]

/// `println!` that returns its failure as the command's error (`?`) instead of std's panic: a
/// reader that went away (`| head`) ends the command quietly with 0 (see `main`), as a
/// pipeline's writer does. Declared before the modules so that every one of them prints through
/// it.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(crate::output::stdout_error)?;
    }};
}

mod accounts;
mod analytics;
mod bench;
mod exchange;
mod fields;
mod interrupt;
mod output;
mod plan_text;
mod plans;
mod security;
mod sync;
mod team;
mod today;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use keyplan_app::demo::Language;
use keyplan_app::domain::analytics::TierMetric;
use keyplan_app::domain::validate::Choice;
use keyplan_app::{AppError, Session, StoreError, DEMO_ACCOUNTS, DEMO_SEED};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "keyplan", version, about = "Keyplan: key-account management that works offline")]
struct Cli {
    /// The database file (default: $KEYPLAN_DB, else the user's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(flatten)]
    unlock: security::UnlockArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database, or bring it to this version's schema; print its path and version.
    Init,
    /// Load a realistic demo portfolio (deterministic for a seed) into an empty database.
    Demo {
        /// How many accounts (1 to 20,000).
        #[arg(long, default_value_t = DEMO_ACCOUNTS, value_parser = count_in(1, 20_000))]
        accounts: usize,
        /// The random seed: the same seed gives the same demo.
        #[arg(long, default_value_t = DEMO_SEED)]
        seed: u64,
        /// Language of the demo's names: en or zh.
        #[arg(long, default_value = "en", value_parser = language)]
        lang: String,
        /// The last day with data (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        end: Option<NaiveDate>,
        /// Multiplies how often accounts order, 0.1 to 20 (benchmarks use ~5 for 1M transactions
        /// at 10k accounts).
        #[arg(long, default_value_t = 1.0, value_parser = order_scale)]
        order_scale: f64,
        /// Leave the key accounts without plans (a book where nobody has planned yet).
        #[arg(long)]
        no_plans: bool,
    },
    /// List, show and add accounts.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Tier, score, segment and assess every account as of a date (read-only).
    Analyze {
        /// The date to analyse as of (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        as_of: Option<NaiveDate>,
        /// What ABC tiering ranks by (default: the saved setting, rev12).
        #[arg(long, value_parser = choice::<TierMetric>)]
        metric: Option<TierMetric>,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// KPIs for the portfolio, each tier, owner and saved segment over a period (read-only).
    Kpis {
        /// The period's last day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        as_of: Option<NaiveDate>,
        /// The day before the period starts (default: 365 days before --as-of).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        from: Option<NaiveDate>,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Account plans: list, make, show and change them and their items.
    #[command(subcommand)]
    Plans(plans::PlansCommand),
    /// Every open action across plans, overdue first (the week on the road).
    Actions {
        /// Only those due on or before this day.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        due_before: Option<NaiveDate>,
        /// Only those past their due date.
        #[arg(long)]
        overdue: bool,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Import accounts, contacts, transactions, interactions or surveys from CSV or Excel.
    /// Every row is checked first: any problem and nothing is written (exit 1).
    Import(exchange::ImportArgs),
    /// Export the portfolio (accounts with tier, quadrant, stage, risk, metrics) to CSV or XLSX.
    Export(exchange::ExportArgs),
    /// Back the database up now: into the backups folder beside it, or to --out.
    Backup {
        /// Write the copy to this file instead (its key file beside it when the book is
        /// encrypted); the book is only read.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// List the backups instead of taking one.
        #[arg(long)]
        list: bool,
    },
    /// Replace the database with a backup (checked first; the current one is backed up).
    Restore {
        /// The backup to restore (from `backup --list`, or a copy from `backup --out`).
        file: PathBuf,
    },
    /// Share with other laptops: write or merge a .keyplan bundle.
    #[command(subcommand)]
    Bundle(sync::BundleCommand),
    /// Sync through a folder a file-sync tool keeps in step (Syncthing, Nextcloud …): merge
    /// the other laptops' bundles found there, then write this laptop's own.
    Sync {
        /// The folder (default: the one set in Settings).
        dir: Option<PathBuf>,
        /// Carry transactions too (they usually come from the ERP, so are left out).
        #[arg(long)]
        with_transactions: bool,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Edits that lost to a concurrent edit or a delete: list them, or keep or dismiss one.
    Conflicts {
        /// Settled ones too.
        #[arg(long)]
        all: bool,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<sync::ConflictsCommand>,
    },
    /// Turn encryption on: the book and its backups are encrypted with a new key, unlocked by
    /// the passphrase (--passphrase-file, or typed) or the recovery key printed last.
    Encrypt,
    /// Turn encryption off: the book and its backups become plain files again.
    Decrypt,
    /// Change the passphrase (the book is unlocked with the current one or the recovery key).
    Passphrase {
        /// A file holding the new passphrase (else it is typed twice).
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Make a new recovery key (printed last); the old one stops working.
    RecoveryKey,
    /// Whether the system's login keyring (GNOME Keyring, KWallet) unlocks the encrypted book
    /// without the passphrase: on or off.
    Keyring {
        /// on or off.
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// This laptop's sharing key: `key show` prints the public key colleagues encrypt for.
    #[command(subcommand)]
    Key(team::KeyCommand),
    /// The team's public keys, by name: whom bundles and the sync folder's files are encrypted
    /// for.
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// What is due: actions due today or late, plan reviews and contract renewals within their
    /// lead time, churn alerts on A and B accounts (read-only).
    Today {
        /// The day to look from (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        as_of: Option<NaiveDate>,
        /// Print JSON instead of text: one object per item with kind, id, name, title, account,
        /// account_id, plan_id, due and overdue.
        #[arg(long)]
        json: bool,
    },
    /// Write a zip for support: versions, schema, the book's size and record counts, and the
    /// local log of crashes (places in the code only: no names, notes or contacts). Keyplan
    /// sends nothing; the file is yours to send or not.
    Diagnostics {
        /// The zip to write (replaced whole or not at all).
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
    /// Lay out PDFs for the window, which keeps the PDF engine out of its own process: jobs on
    /// stdin, answers on stdout, until stdin closes. Started by the window, not by people.
    #[command(hide = true)]
    PrintWorker,
    /// Measure analytics speed on this database (see README, "Benchmarks").
    Bench {
        /// How many times each step runs (1 to 100); the median is shown.
        #[arg(long, default_value_t = 5, value_parser = count_in(1, 100))]
        runs: usize,
        /// The date to analyse as of (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        as_of: Option<NaiveDate>,
    },
}

/// Parses a closed-list value by its name, listing the names when it is not one of them.
fn choice<T: Choice>(s: &str) -> Result<T, String> {
    T::parse(s).ok_or_else(|| format!("expected one of: {}", T::NAMES.join(", ")))
}

/// A closed-list value checked by clap (a usage error, exit 2, listing the names) and passed on
/// as typed, for the use case that reads it by name.
fn named<T: Choice>(s: &str) -> Result<String, String> {
    choice::<T>(s).map(|_| s.to_string())
}

/// A value a user typed, quoted and cut to 60 characters, as a message repeats it (a pasted page
/// is not echoed back whole).
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(60).collect();
    if cut.len() < s.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

/// A record's id, as `plans list`, `plans show` and `accounts show` print them.
fn id(s: &str) -> Result<uuid::Uuid, String> {
    uuid::Uuid::try_parse(s.trim()).map_err(|_| {
        format!(
            "not an id: {} (ids look like 0190c3e2-8f4a-7b21-9c3d-5e6f7a8b9c0d; `plans list`, \
             `plans show` and `accounts show` print them)",
            shown(s)
        )
    })
}

/// A day as YYYY-MM-DD exactly (not 2024-1-1, no spaces), in the years Keyplan keeps.
fn day(s: &str) -> Result<NaiveDate, String> {
    use keyplan_app::domain::vocabulary::{YEAR_MAX, YEAR_MIN};
    let shape = s.len() == 10
        && s.bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let day = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|_| shape);
    match day {
        Some(d) if (YEAR_MIN..=YEAR_MAX).contains(&chrono::Datelike::year(&d)) => Ok(d),
        Some(_) => Err(format!("a year from {YEAR_MIN} to {YEAR_MAX}")),
        None => Err("a day as YYYY-MM-DD (such as 2026-03-31)".into()),
    }
}

/// A whole number from `min` to `max`, for counts a user passes.
fn count_in(min: usize, max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| match s.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("a whole number from {min} to {max}")),
    }
}

/// The demo's order rate: a finite number from 0.1 to 20.
fn order_scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.1..=20.0).contains(&v) => Ok(v),
        _ => Err("a number from 0.1 to 20".into()),
    }
}

/// A language tag (en, zh, zh-CN …), checked by clap.
fn language(s: &str) -> Result<String, String> {
    Language::parse_tag(s)
        .map(|_| s.to_string())
        .ok_or_else(|| "expected one of: en, zh-CN".to_string())
}

/// A language tag, or `both` (side by side), checked by clap.
fn language_or_both(s: &str) -> Result<String, String> {
    if s.trim().eq_ignore_ascii_case("both") {
        return Ok(s.to_string());
    }
    language(s).map_err(|_| "expected one of: en, zh-CN, both".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    keyplan_app::printer::install(Box::new(keyplan_pdf::print));
    if let Ok(book) = keyplan_app::resolve_db_path(cli.db.clone()) {
        keyplan_app::diagnostics::install_panic_hook(
            keyplan_app::diagnostics::log_dir(&book),
            "keyplan",
        );
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(AppError::Rejected { file, total, errors }) => {
            // The report: file, row, column, value and reason for the first 100, then a count.
            for line in keyplan_app::formats::import::report::lines(&file, &errors) {
                eprintln!("{line}");
            }
            if total > errors.len() {
                eprintln!("… and {} more", total - errors.len());
            }
            eprintln!("keyplan: {file}: {total} problem(s); nothing was imported");
            ExitCode::from(1)
        }
        // The reader went away (`| head`): how a pipeline ends, not a failure.
        Err(AppError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(AppError::Usage(why)) => {
            // Exit code 2 and clap's own words, as for the mistakes clap catches itself.
            eprintln!("error: {}\n\nFor more information, try '--help'.", one_line(&why));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("keyplan: {}", one_line(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Opens the book, unlocking it when it is encrypted (a plain book needs nothing: `encrypt`
/// reads its new passphrase from the same option).
fn open(
    db: Option<PathBuf>,
    unlock: &security::UnlockArgs,
    read_only: bool,
) -> Result<(Session, keyplan_app::OpenInfo), AppError> {
    let path = keyplan_app::resolve_db_path(db)?;
    let opened = open_at(&path, unlock, read_only);
    match opened {
        // A book from an older Keyplan is upgraded (after a backup) by whatever opens it first.
        Err(AppError::Store(StoreError::NeedsUpgrade { .. })) => open_at(&path, unlock, false),
        other => other,
    }
}

fn open_at(
    path: &std::path::Path,
    unlock: &security::UnlockArgs,
    read_only: bool,
) -> Result<(Session, keyplan_app::OpenInfo), AppError> {
    let open_with = |how: Option<&keyplan_app::keys::Unlock>| {
        if read_only {
            Session::open_read_only(path, how)
        } else {
            Session::open_unlocked(path, how)
        }
    };
    if !keyplan_app::vault::is_encrypted(path)? {
        return open_with(None);
    }
    // The login keyring first, when the book is set to unlock from it and no file was named;
    // then the file named, or a prompt.
    let keyring_failed = match security::from_keyring(unlock, path) {
        Some(Ok(how)) => match open_with(Some(&how)) {
            Err(AppError::Key(keyplan_app::keys::KeyError::Keyring(why))) => Some(why),
            other => return other,
        },
        Some(Err(why)) => Some(why),
        None => None,
    };
    let how = security::unlock(unlock, path, keyring_failed.as_deref())?;
    open_with(Some(&how))
}

/// The file a command writes with `--out`, whose temporary file Ctrl+C removes.
fn output_of(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Backup { out, .. } => out.as_deref(),
        Command::Export(args) => Some(args.out()),
        Command::Plans(plans::PlansCommand::Export { out, .. }) => Some(out),
        Command::Bundle(sync::BundleCommand::Export { out, .. }) => Some(out),
        Command::Diagnostics { out } => Some(out),
        _ => None,
    }
}

/// The commands that only read the book: they open it read-only (no daily backup, no upgrade
/// unless it needs one, SQLite refusing any write), so they leave it byte for byte as it was and
/// work on a read-only drive. `key show` is not one: it makes the laptop's key pair the first
/// time; `bench` times a real edit.
fn reads_only(command: &Command) -> bool {
    match command {
        Command::Accounts(cmd) => accounts::reads_only(cmd),
        Command::Plans(cmd) => plans::reads_only(cmd),
        Command::Team(cmd) => team::reads_only(cmd),
        Command::Analyze { .. } | Command::Kpis { .. } | Command::Actions { .. } => true,
        Command::Today { .. } | Command::Diagnostics { .. } => true,
        Command::Export(_) => true,
        Command::Backup { out, list } => *list || out.is_some(),
        Command::Conflicts { action, .. } => action.is_none(),
        _ => false,
    }
}

fn run(cli: Cli) -> Result<(), AppError> {
    if let Command::PrintWorker = cli.command {
        // No book: the window sends what to print through the pipe.
        let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
        return keyplan_app::printer::serve(
            &keyplan_pdf::print,
            &mut stdin.lock(),
            &mut stdout.lock(),
        )
        .map_err(|e| AppError::io(std::path::Path::new("the window's print pipe"), e));
    }
    // Mistakes the arguments show by themselves are usage errors before anything opens.
    if let Command::Kpis { as_of: Some(end), from: Some(from), .. } = &cli.command {
        analytics::check_period(*from, *end)?;
    }
    let read_only = reads_only(&cli.command);
    let (mut session, info) = open(cli.db, &cli.unlock, read_only)?;
    // A secret named for a book that needs none: say so, as the user may believe it encrypted.
    if !session.is_encrypted() && !matches!(cli.command, Command::Encrypt) {
        if let Some(flag) = cli.unlock.flag_given() {
            eprintln!("keyplan: {flag} is not used: this book is not encrypted (keyplan encrypt)");
        }
    }
    interrupt::install();
    if let Some(out) = output_of(&cli.command) {
        interrupt::writing(out);
    }
    match cli.command {
        Command::Init => {
            let path = info.path.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
            println!("database: {path}");
            println!("schema version: {}", info.schema_version);
            println!("instance id: {}", session.instance_id()?);
            if let Some(from) = info.migrated_from {
                println!("migrated from version {from}");
            }
        }
        Command::Demo { accounts, seed, lang, end, order_scale, no_plans } => {
            let mut spec = session.demo_spec(accounts, seed, Language::from_tag(Some(&lang)), end);
            spec.order_scale = order_scale;
            spec.plans = !no_plans;
            let s = session.load_demo(&spec)?;
            println!(
                "demo loaded: {} accounts, {} contacts, {} transactions, {} interactions, {} surveys, \
                 {} opportunities, {} plans",
                s.accounts,
                s.contacts,
                s.transactions,
                s.interactions,
                s.surveys,
                s.opportunities,
                s.plans
            );
        }
        Command::Accounts(cmd) => accounts::run(&mut session, cmd)?,
        Command::Analyze { as_of, metric, json } => {
            analytics::run_analyze(&session, as_of, metric, json)?;
        }
        Command::Kpis { as_of, from, json } => analytics::run_kpis(&session, as_of, from, json)?,
        Command::Plans(cmd) => plans::run(&mut session, cmd)?,
        Command::Actions { due_before, overdue, json } => {
            plans::actions(&session, due_before, overdue, json)?;
        }
        Command::Today { as_of, json } => today::run(&session, as_of, json)?,
        Command::Diagnostics { out } => {
            session.export_diagnostics(&out)?;
            output::write_out(|w| writeln!(w, "Wrote {}", out.display()))?;
        }
        Command::Import(args) => exchange::import(&mut session, args)?,
        Command::Export(args) => exchange::export(&session, args)?,
        Command::Backup { out, list } => {
            if list {
                exchange::list_backups(&session)?;
            } else {
                exchange::backup(&session, out.as_deref())?;
            }
        }
        Command::Restore { file } => exchange::restore(&mut session, &file)?,
        Command::Bench { runs, as_of } => bench::run(&mut session, as_of, runs)?,
        // Served before a book is opened.
        Command::PrintWorker => {}
        Command::Encrypt => security::encrypt(&mut session, &cli.unlock)?,
        Command::Decrypt => security::decrypt(&mut session)?,
        Command::RecoveryKey => security::new_recovery_key(&mut session)?,
        Command::Keyring { state } => security::keyring(&mut session, state == "on")?,
        Command::Passphrase { new_passphrase_file } => {
            security::change(&mut session, new_passphrase_file.as_deref())?;
        }
        Command::Bundle(cmd) => sync::bundle(&mut session, cmd)?,
        Command::Key(cmd) => team::key(&mut session, &cmd)?,
        Command::Team(cmd) => team::team(&mut session, cmd)?,
        Command::Sync { dir, with_transactions, json } => {
            sync::folder(&mut session, dir.as_deref(), with_transactions, json)?;
        }
        Command::Conflicts { all, json, action } => match action {
            Some(action) => sync::settle(&mut session, &action)?,
            None => sync::list(&session, all, json)?,
        },
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every option and argument of every command says what it is for in `--help`.
    #[test]
    fn every_option_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "keyplan", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:#?}");
    }
}
