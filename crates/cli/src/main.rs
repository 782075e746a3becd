//! `keyplan`: the command line over Keyplan's use cases, for scripting, checks and tests.
//!
//! Exit codes: 0 success, 2 a usage error (clap's), 1 anything else with a one-line message on
//! stderr. JSON output is always an array of objects, each with at least `id` and `name`.

// A command-line tool's job is to print.
#![allow(clippy::print_stdout)]

mod accounts;
mod output;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use keyplan_app::domain::demo::{DemoLanguage, DemoSpec};
use keyplan_app::{AppError, Db};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "keyplan", version, about = "Keyplan: key-account management that works offline")]
struct Cli {
    /// The database file (default: $KEYPLAN_DB, else the user's data folder).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database, or bring it to this version's schema; print its path and version.
    Init,
    /// Load a realistic demo portfolio (deterministic for a seed) into an empty database.
    Demo {
        #[arg(long, default_value_t = 1000)]
        accounts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Language of the demo's names: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
        /// The last day with data (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        end: Option<NaiveDate>,
    },
    /// List, show and add accounts.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyplan: {}", one_line(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn open(db: Option<PathBuf>) -> Result<(Db, keyplan_app::OpenInfo), AppError> {
    let path = keyplan_app::resolve_db_path(db)?;
    keyplan_app::open(&path)
}

fn run(cli: Cli) -> Result<(), AppError> {
    let (mut db, info) = open(cli.db)?;
    match cli.command {
        Command::Init => {
            let path = info.path.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
            println!("database: {path}");
            println!("schema version: {}", info.schema_version);
            if let Some(from) = info.migrated_from {
                println!("migrated from version {from}");
            }
        }
        Command::Demo { accounts, seed, lang, end } => {
            let now = chrono::Utc::now();
            let spec = DemoSpec {
                accounts,
                seed,
                language: DemoLanguage::from_tag(&lang),
                end: end.unwrap_or_else(|| now.date_naive()),
                now,
            };
            let s = keyplan_app::load_demo(&mut db, &spec)?;
            println!(
                "demo loaded: {} accounts, {} contacts, {} transactions, {} interactions, {} surveys, {} opportunities",
                s.accounts, s.contacts, s.transactions, s.interactions, s.surveys, s.opportunities
            );
        }
        Command::Accounts(cmd) => accounts::run(&mut db, cmd)?,
    }
    Ok(())
}
