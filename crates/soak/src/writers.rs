//! The writers the soak kills: each is this same binary started as `keyplan-soak writer`, doing
//! one kind of real work through the app's session, as the desktop app or the CLI would.

use std::io::Write;
use std::path::{Path, PathBuf};

use keyplan_app::domain::{AccountInput, ContactInput};
use keyplan_app::formats::import::Kind;
use keyplan_app::import::ImportRequest;
use keyplan_app::sync::BundleScope;
use keyplan_app::{AppError, Contacts, Db, Session};

/// What a writer does until it finishes or is killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// Single edits, each acknowledged (a line in the acks file, on disk) after its commit.
    Edits,
    /// One large transactions import, all or nothing.
    Import,
    /// One bundle merge, all or nothing.
    Merge,
    /// Opening a schema-1 database, which migrates it (after a backup).
    Migrate,
    /// Backups taken and restored, over and over.
    BackupRestore,
}

pub const SCENARIOS: [Scenario; 5] = [
    Scenario::Edits,
    Scenario::Import,
    Scenario::Merge,
    Scenario::Migrate,
    Scenario::BackupRestore,
];

/// Rows in each cycle's import, accounts in each cycle's bundle.
pub const IMPORT_ROWS: usize = 3000;
pub const MERGE_ACCOUNTS: usize = 20;

/// Where a cycle's files live.
#[derive(Debug, Clone)]
pub struct Work {
    pub dir: PathBuf,
    pub cycle: u64,
}

impl Work {
    pub fn main_db(&self) -> PathBuf {
        self.dir.join("main/keyplan.db")
    }
    pub fn restore_db(&self) -> PathBuf {
        self.dir.join("restore/keyplan.db")
    }
    pub fn old_db(&self) -> PathBuf {
        self.dir.join("migrate/old.db")
    }
    pub fn acks(&self) -> PathBuf {
        self.dir.join(format!("acks-{}.txt", self.cycle))
    }
    pub fn csv(&self) -> PathBuf {
        self.dir.join(format!("import-{}.csv", self.cycle))
    }
    pub fn bundle(&self) -> PathBuf {
        self.dir.join(format!("merge-{}.keyplan", self.cycle))
    }
    pub fn import_account(&self) -> String {
        format!("import-{}", self.cycle)
    }
    pub fn merge_prefix(&self) -> String {
        format!("merge-{}-", self.cycle)
    }
    pub fn edit_prefix(&self) -> String {
        format!("edit-{}-", self.cycle)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |e| AppError::io(path, e)
}

/// Writes what the writer of `scenario` will need, before it starts (not part of the soak).
pub fn prepare(scenario: Scenario, w: &Work, fixture: &Path) -> Result<(), AppError> {
    match scenario {
        Scenario::Import => {
            let mut csv = String::from("Customer,Date,Sales,Product\n");
            for i in 0..IMPORT_ROWS {
                let (month, day) = (1 + i % 12, 1 + i % 28);
                csv.push_str(&format!(
                    "{},2026-{month:02}-{day:02},{}.00,P{i}\n",
                    w.import_account(),
                    i + 1
                ));
            }
            std::fs::write(w.csv(), csv).map_err(io(&w.csv()))
        }
        Scenario::Merge => {
            let mut source = Session::new(Db::open_in_memory()?);
            for k in 0..MERGE_ACCOUNTS {
                let name = format!("{}{k}", w.merge_prefix());
                let id =
                    source.create_account(&AccountInput { name, ..AccountInput::default() })?.id();
                let contact =
                    ContactInput { name: format!("contact {k}"), ..ContactInput::default() };
                source.create::<Contacts>(id, &contact)?;
            }
            let scope = BundleScope { all: true, ..BundleScope::default() };
            let bytes = source.export_bundle(&scope)?.bytes;
            std::fs::write(w.bundle(), bytes).map_err(io(&w.bundle()))
        }
        Scenario::Migrate => {
            let old = w.old_db();
            let dir = old.parent().unwrap_or(Path::new("."));
            let _ = std::fs::remove_dir_all(dir);
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            std::fs::copy(fixture, &old).map(|_| ()).map_err(io(&old))
        }
        Scenario::Edits | Scenario::BackupRestore => Ok(()),
    }
}

/// Does the scenario's work (the child process).
pub fn run(scenario: Scenario, w: &Work) -> Result<(), AppError> {
    match scenario {
        Scenario::Edits => {
            let (mut s, _) = Session::open(&w.main_db())?;
            let acks = w.acks();
            let mut out = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&acks)
                .map_err(io(&acks))?;
            for i in 0..400 {
                let name = format!("{}{i}", w.edit_prefix());
                s.create_account(&AccountInput { name: name.clone(), ..AccountInput::default() })?;
                // Acknowledged only once saved: the line reaches the disk after the commit did.
                out.write_all(format!("{name}\n").as_bytes())
                    .and_then(|()| out.sync_data())
                    .map_err(io(&acks))?;
            }
            Ok(())
        }
        Scenario::Import => {
            let (mut s, _) = Session::open(&w.main_db())?;
            s.import(&ImportRequest::new(Kind::Transactions, w.csv()), &mut |_| true).map(|_| ())
        }
        Scenario::Merge => {
            let (mut s, _) = Session::open(&w.main_db())?;
            let bytes = std::fs::read(w.bundle()).map_err(io(&w.bundle()))?;
            s.merge_bundle("soak.keyplan", &bytes, false).map(|_| ())
        }
        Scenario::Migrate => Session::open(&w.old_db()).map(|_| ()),
        Scenario::BackupRestore => {
            let (mut s, _) = Session::open(&w.restore_db())?;
            for i in 0..10 {
                let name = format!("restore-{}-{i}", w.cycle);
                s.create_account(&AccountInput { name, ..AccountInput::default() })?;
                s.backup_now(None)?;
                let newest = s.list_backups()?.into_iter().next();
                if let Some(b) = newest {
                    s.restore(&b.path)?;
                }
            }
            Ok(())
        }
    }
}
