//! The writers the soak kills: each is this same binary started as `keyplan-soak writer`, doing
//! one kind of real work through the app's session, as the desktop app or the CLI would.

use std::io::Write;
use std::path::{Path, PathBuf};

use keyplan_app::domain::{AccountInput, ContactInput};
use keyplan_app::formats::import::Kind;
use keyplan_app::import::ImportRequest;
use keyplan_app::keys::{KdfParams, Unlock, Zeroizing};
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
    /// Encryption turned on for a plain book (with its backups), or off for an encrypted one.
    Encrypt,
    /// An encrypted book's passphrase changed from one to the other.
    Passphrase,
    /// One bundle merge into an encrypted book, all or nothing.
    EncryptedMerge,
}

pub const SCENARIOS: [Scenario; 8] = [
    Scenario::Edits,
    Scenario::Import,
    Scenario::Merge,
    Scenario::Migrate,
    Scenario::BackupRestore,
    Scenario::Encrypt,
    Scenario::Passphrase,
    Scenario::EncryptedMerge,
];

/// The passphrases the encrypted books are unlocked with (a test's, not a secret), and a cheap
/// Argon2id so that the soak spends its time on the files, not on the key derivation.
pub const PASS: [&str; 2] = ["soak passphrase one", "soak passphrase two"];
pub const QUICK: KdfParams = KdfParams { memory_kib: 8 * 1024, iterations: 1, lanes: 1 };
/// Accounts in the book the encrypt writer turns encryption on and off for.
pub const ENCRYPT_ACCOUNTS: usize = 40;

pub fn unlock(pass: &str) -> Unlock {
    Unlock::Passphrase(Zeroizing::new(pass.to_string()))
}

/// Opens an encrypted book with whichever of the two passphrases it has.
pub fn open_encrypted(path: &Path) -> Result<Session, AppError> {
    match Session::open_unlocked(path, Some(&unlock(PASS[0]))) {
        Err(AppError::Key(_)) => Ok(Session::open_unlocked(path, Some(&unlock(PASS[1])))?.0),
        other => Ok(other?.0),
    }
}

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
    pub fn encrypt_db(&self) -> PathBuf {
        self.dir.join("encrypt/keyplan.db")
    }
    pub fn passphrase_db(&self) -> PathBuf {
        self.dir.join("passphrase/keyplan.db")
    }
    pub fn encrypted_merge_db(&self) -> PathBuf {
        self.dir.join("encrypted-merge/keyplan.db")
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

/// A book at `path` with `accounts` accounts and a backup, encrypted with the first passphrase
/// when `encrypted`, unless one is there already.
fn book(path: &Path, accounts: usize, encrypted: bool) -> Result<(), AppError> {
    if path.exists() {
        return Ok(());
    }
    let (mut s, _) = Session::open(path)?;
    for k in 0..accounts {
        s.create_account(&AccountInput { name: format!("enc-{k}"), ..AccountInput::default() })?;
    }
    s.backup_now(None)?;
    if encrypted {
        s.encrypt(PASS[0], QUICK)?;
    }
    Ok(())
}

/// Writes what the writer of `scenario` will need, before it starts (not part of the soak).
pub fn prepare(scenario: Scenario, w: &Work, fixture: &Path) -> Result<(), AppError> {
    match scenario {
        Scenario::Encrypt => book(&w.encrypt_db(), ENCRYPT_ACCOUNTS, false),
        Scenario::Passphrase => book(&w.passphrase_db(), ENCRYPT_ACCOUNTS, true),
        Scenario::EncryptedMerge => {
            book(&w.encrypted_merge_db(), 0, true)?;
            prepare(Scenario::Merge, w, fixture)
        }
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
        Scenario::EncryptedMerge => {
            let mut s = open_encrypted(&w.encrypted_merge_db())?;
            let bytes = std::fs::read(w.bundle()).map_err(io(&w.bundle()))?;
            s.merge_bundle("soak.keyplan", &bytes, false).map(|_| ())
        }
        Scenario::Encrypt => {
            let (mut s, _) = Session::open_unlocked(&w.encrypt_db(), Some(&unlock(PASS[0])))?;
            if s.is_encrypted() {
                s.decrypt().map(|_| ())
            } else {
                s.encrypt(PASS[0], QUICK).map(|_| ())
            }
        }
        Scenario::Passphrase => {
            let path = w.passphrase_db();
            let (mut s, new) = match Session::open_unlocked(&path, Some(&unlock(PASS[0]))) {
                Ok((s, _)) => (s, PASS[1]),
                Err(AppError::Key(_)) => {
                    (Session::open_unlocked(&path, Some(&unlock(PASS[1])))?.0, PASS[0])
                }
                Err(e) => return Err(e),
            };
            s.change_passphrase(new, QUICK)
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
