//! What must hold after a writer was killed, whenever it was: the file is whole, its foreign
//! keys hold, every acknowledged edit is there, an import or merge is there entirely or not at
//! all, a migration left the old version or the new one, and every backup is a whole backup.

use std::path::Path;

use keyplan_app::{Session, LATEST_VERSION};
use keyplan_store::{backup, Connection};

use crate::writers::{Scenario, Work, IMPORT_ROWS, MERGE_ACCOUNTS};

type Check = Result<(), String>;

fn count(c: &Connection, sql: &str, arg: &str) -> Result<i64, String> {
    c.query_row(sql, [arg], |r| r.get(0)).map_err(|e| format!("{sql}: {e}"))
}

/// Opens the database as the app would and checks the file itself.
fn open_whole(path: &Path) -> Result<Session, String> {
    let (s, _) = Session::open(path).map_err(|e| format!("reopening {}: {e}", path.display()))?;
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
    let dir = backup::folder(db);
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("keyplan-") && name.ends_with(".db")) {
            return Err(format!("{name} in {}: not a whole backup", dir.display()));
        }
    }
    for b in backup::list(db).map_err(|e| e.to_string())? {
        backup::inspect(&b.path, None).map_err(|e| format!("backup {}: {e}", b.path.display()))?;
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
                "SELECT count(*) FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.name = ?1",
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
    }
}
