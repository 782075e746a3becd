//! Numbered schema migrations. The version lives in `PRAGMA user_version`; all pending
//! migrations and the new version are applied in ONE transaction, so a crash mid-migration
//! leaves the file at the old version, never between two. A shipped migration is never edited:
//! a change is a new file.

use rusqlite::Connection;

use crate::Result;

/// (version, file contents). Version N is the schema after applying file N.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, include_str!("../migrations/0002_analytics.sql")),
    (3, include_str!("../migrations/0003_import.sql")),
    (4, include_str!("../migrations/0004_instance.sql")),
    (5, include_str!("../migrations/0005_plans.sql")),
    (6, include_str!("../migrations/0006_sync.sql")),
    (7, include_str!("../migrations/0007_sync_folder.sql")),
    (8, include_str!("../migrations/0008_team_roles.sql")),
    (9, include_str!("../migrations/0009_lean_transactions.sql")),
    (10, include_str!("../migrations/0010_reminders.sql")),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Applies every pending migration. Returns the version migrated from, or None if none ran.
pub(crate) fn migrate(conn: &mut Connection) -> Result<Option<u32>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let from = user_version(&tx)?;
    if from >= LATEST_VERSION {
        return Ok(None);
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > from) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    // A migration that rebuilt a table (9: the transactions) leaves the old one's pages free:
    // give them back, as the smaller book is the point. Best effort: on a full disk the book
    // stays as it is, whole and upgraded, only not smaller.
    // In WAL mode the smaller copy goes to the WAL first: fold it into the file at once, so the
    // WAL does not hold a second book's worth of pages until the next checkpoint. (A new book
    // gets the same: a table made by migration 1 and dropped by 9 leaves a few pages free, and
    // a book with free pages would not stay byte for byte the same through a refused import.)
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    if free > 0 {
        let _ = conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
    }
    Ok(Some(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, (v, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*v as usize, i + 1);
        }
    }

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), Some(0));
        assert_eq!(migrate(&mut conn).unwrap(), None);
        assert_eq!(user_version(&conn).unwrap(), LATEST_VERSION);
    }

    #[test]
    fn a_failing_migration_leaves_the_old_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        // A table the first migration wants to create already exists: migration 1 fails.
        conn.execute_batch("CREATE TABLE accounts (x INTEGER)").unwrap();
        assert!(migrate(&mut conn).is_err());
        assert_eq!(user_version(&conn).unwrap(), 0);
        let settings: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'settings'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(settings, 0, "nothing of the failed migration remains");
    }
}
