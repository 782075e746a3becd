//! What must hold after a writer was killed, whenever it was: the file is whole, its foreign
//! keys hold, every acknowledged edit is there, an import or merge is there entirely or not at
//! all, a migration left the old version or the new one, and every backup is a whole backup.

use std::path::Path;

use keyplan_app::{vault, Session, LATEST_VERSION};
use keyplan_store::{backup, cipher, Connection, DataKey};

use crate::writers::{
    open_encrypted, Scenario, Work, ENCRYPT_ACCOUNTS, IMPORT_ROWS, MERGE_ACCOUNTS,
};

type Check = Result<(), String>;

fn count(c: &Connection, sql: &str, arg: &str) -> Result<i64, String> {
    c.query_row(sql, [arg], |r| r.get(0)).map_err(|e| format!("{sql}: {e}"))
}

/// Opens the database as the app would and checks the file itself.
fn open_whole(path: &Path) -> Result<Session, String> {
    let (s, _) = Session::open(path).map_err(|e| format!("reopening {}: {e}", path.display()))?;
    whole(s)
}

/// [`open_whole`] for a book that may be encrypted (with either soak passphrase): an encrypted
/// book must have a key file that unlocks it.
fn open_whole_encrypted(path: &Path) -> Result<Session, String> {
    let encrypted = vault::is_encrypted(path).map_err(|e| e.to_string())?;
    if !encrypted {
        return open_whole(path);
    }
    let s = open_encrypted(path).map_err(|e| format!("unlocking {}: {e}", path.display()))?;
    whole(s)
}

fn whole(s: Session) -> Result<Session, String> {
    let check = s.db().integrity_check().map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("integrity_check: {check}"));
    }
    let c = s.db().conn();
    let broken: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if broken > 0 {
        return Err(format!("{broken} rows break a foreign key"));
    }
    Ok(s)
}

/// The backups folder beside `db` holds nothing but backups, each a whole Keyplan database.
fn whole_backups(db: &Path) -> Check {
    whole_backups_keyed(db, None)
}

/// [`whole_backups`] for a book opened with `key` (None: plain), after encryption was turned
/// on or off: each backup is in the book's form (the unlock that opened it finishes a
/// conversion a kill cut short). A conversion cut short may leave the files module's hidden
/// temporary file, which the next write of that backup clears.
fn whole_backups_keyed(db: &Path, key: Option<&DataKey>) -> Check {
    let dir = backup::folder(db);
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let backup = name.starts_with("keyplan-") && name.ends_with(".db");
        let leftover = name.starts_with('.') && name.ends_with(".part");
        if !(backup || leftover) {
            return Err(format!("{name} in {}: not a whole backup", dir.display()));
        }
    }
    for b in backup::list(db).map_err(|e| e.to_string())? {
        backup::inspect(&b.path, key).map_err(|e| format!("backup {}: {e}", b.path.display()))?;
        let encrypted =
            cipher::file_kind(&b.path).map_err(|e| e.to_string())? == cipher::FileKind::Encrypted;
        if encrypted != key.is_some() {
            return Err(format!("backup {} is not in the book's form", b.path.display()));
        }
    }
    Ok(())
}

pub fn check(scenario: Scenario, w: &Work) -> Check {
    match scenario {
        Scenario::Edits => {
            let s = open_whole(&w.main_db())?;
            let acked = std::fs::read_to_string(w.acks()).unwrap_or_default();
            // A line the kill cut short was never acknowledged.
            let whole = &acked[..acked.rfind('\n').map_or(0, |i| i + 1)];
            for name in whole.lines().filter(|l| !l.is_empty()) {
                let n =
                    count(s.db().conn(), "SELECT count(*) FROM accounts WHERE name = ?1", name)?;
                if n != 1 {
                    return Err(format!("acknowledged edit {name:?} is missing"));
                }
            }
            Ok(())
        }
        Scenario::Import => {
            let s = open_whole(&w.main_db())?;
            let c = s.db().conn();
            let name = w.import_account();
            let accounts = count(c, "SELECT count(*) FROM accounts WHERE name = ?1", &name)?;
            let rows = count(
                c,
                "SELECT count(*) FROM transactions t JOIN account_keys k ON k.key = t.account \
                 JOIN accounts a ON a.id = k.id WHERE a.name = ?1",
                &name,
            )?;
            match (accounts, rows) {
                (0, 0) => whole_backups(&w.main_db()),
                (1, n) if n == IMPORT_ROWS as i64 => whole_backups(&w.main_db()),
                _ => Err(format!(
                    "a part of the import: {accounts} account, {rows} of {IMPORT_ROWS} rows"
                )),
            }
        }
        Scenario::Merge => {
            let s = open_whole(&w.main_db())?;
            let c = s.db().conn();
            let like = format!("{}%", w.merge_prefix());
            let accounts = count(c, "SELECT count(*) FROM accounts WHERE name LIKE ?1", &like)?;
            let contacts = count(
                c,
                "SELECT count(*) FROM contacts k JOIN accounts a ON a.id = k.account_id WHERE a.name LIKE ?1",
                &like,
            )?;
            let all = MERGE_ACCOUNTS as i64;
            if (accounts, contacts) != (0, 0) && (accounts, contacts) != (all, all) {
                return Err(format!(
                    "a part of the merge: {accounts} accounts, {contacts} contacts of {all}"
                ));
            }
            whole_backups(&w.main_db())
        }
        Scenario::Migrate => {
            // Before reopening (which would finish the job): the old version or the new, whole.
            let version = backup::inspect(&w.old_db(), None)
                .map_err(|e| format!("after a killed migration: {e}"))?;
            if version != 1 && version != LATEST_VERSION {
                return Err(format!("schema version {version}: between the old and the new"));
            }
            let s = open_whole(&w.old_db())?;
            let n = count(s.db().conn(), "SELECT count(*) FROM accounts WHERE name <> ?1", "")?;
            if n < 10 {
                return Err(format!("the migrated file holds {n} accounts, the fixture more"));
            }
            whole_backups(&w.old_db())
        }
        Scenario::BackupRestore => {
            open_whole(&w.restore_db())?;
            whole_backups(&w.restore_db())
        }
        Scenario::Encrypt | Scenario::Passphrase => {
            let path =
                if scenario == Scenario::Encrypt { w.encrypt_db() } else { w.passphrase_db() };
            let s = open_whole_encrypted(&path)?;
            let n =
                count(s.db().conn(), "SELECT count(*) FROM accounts WHERE name LIKE ?1", "enc-%")?;
            if n != ENCRYPT_ACCOUNTS as i64 {
                return Err(format!("{n} of the book's {ENCRYPT_ACCOUNTS} accounts"));
            }
            if scenario == Scenario::Passphrase && !s.is_encrypted() {
                return Err("a passphrase change left the book plain".into());
            }
            whole_backups_keyed(&path, s.db().key())
        }
        Scenario::EncryptedMerge => {
            let path = w.encrypted_merge_db();
            let s = open_whole_encrypted(&path)?;
            if !s.is_encrypted() {
                return Err("the book is no longer encrypted".into());
            }
            let c = s.db().conn();
            let like = format!("{}%", w.merge_prefix());
            let accounts = count(c, "SELECT count(*) FROM accounts WHERE name LIKE ?1", &like)?;
            let all = MERGE_ACCOUNTS as i64;
            if accounts != 0 && accounts != all {
                return Err(format!("a part of the merge: {accounts} accounts of {all}"));
            }
            whole_backups_keyed(&path, s.db().key())
        }
    }
}
