//! Opening the database file safely: refuse a newer schema before touching anything, then turn
//! on WAL, full sync and foreign keys, then migrate.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cipher::{self, FileKind};
use crate::migrations::{self, LATEST_VERSION};
use crate::{Result, StoreError};
use keyplan_keys::DataKey;

/// The open database. One per process; the app crate wraps it in whatever lock it needs.
#[derive(Debug)]
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
    /// Commits made through this handle; with SQLite's data_version (other connections'
    /// commits) it tells a cache whether anything changed.
    generation: u64,
    /// How far this handle's wall clock is set from the system's, in milliseconds: 0, except
    /// for a laptop with its clock set wrong (tests and the soak tool).
    clock_offset_ms: i64,
    /// The data key of an encrypted book, kept while it is open: backups and the second read
    /// connection are keyed with it. Zeroized when the handle is dropped (locked).
    key: Option<DataKey>,
}

/// What opening found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInfo {
    pub path: Option<PathBuf>,
    pub schema_version: u32,
    /// The version before migrating, when any migration ran (0 = a new file).
    pub migrated_from: Option<u32>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Db {
    /// Opens (creating if needed) the plain database at `path` and brings it to the latest
    /// schema. A file written by a newer Keyplan is refused before anything is written to it,
    /// and so is an encrypted one (see [`Db::open_keyed`]).
    pub fn open(path: &Path) -> Result<(Db, OpenInfo)> {
        Db::open_with(path, None)
    }

    /// Opens the database at `path` encrypted with `key` (creating it, encrypted, if new); a key
    /// that does not open the file is refused before anything is written.
    pub fn open_keyed(path: &Path, key: DataKey) -> Result<(Db, OpenInfo)> {
        Db::open_with(path, Some(key))
    }

    fn open_with(path: &Path, key: Option<DataKey>) -> Result<(Db, OpenInfo)> {
        Db::open_writable(path, key).map_err(|e| match e {
            StoreError::Sqlite(e) if cannot_write_beside(&e) => {
                StoreError::ReadOnlyBook { path: path.to_path_buf() }
            }
            other => other,
        })
    }

    fn open_writable(path: &Path, key: Option<DataKey>) -> Result<(Db, OpenInfo)> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        }
        kind_for_key(path, key.as_ref())?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = cipher::open(path, flags, key.as_ref())?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read-only look first: nothing below writes until the version is known to be ours.
        let found = known_version(path, &conn)?;
        if found > 0 && found < LATEST_VERSION {
            // The old file as it was, before anything changes it.
            crate::backup::take(
                &conn,
                key.as_ref(),
                path,
                &format!("before-migration-v{found}"),
                chrono::Utc::now(),
            )?;
        }
        let mut db =
            Db { conn, path: Some(path.to_path_buf()), generation: 0, clock_offset_ms: 0, key };
        db.configure()?;
        let migrated_from = migrations::migrate(&mut db.conn)?;
        crate::sync::install(&db.conn)?;
        let info =
            OpenInfo { path: db.path.clone(), schema_version: LATEST_VERSION, migrated_from };
        Ok((db, info))
    }

    /// Opens the book at `path` to read only: nothing is created, migrated, configured or
    /// written, and SQLite itself refuses a write (`query_only`), so a command that only reads
    /// leaves the file byte for byte as it was — and works on a read-only drive or folder.
    /// `key`: the data key of an encrypted book.
    pub fn open_read_only(path: &Path, key: Option<DataKey>) -> Result<(Db, OpenInfo)> {
        if kind_for_key(path, key.as_ref())? == FileKind::New {
            return Err(StoreError::NoBook { path: path.to_path_buf() });
        }
        let first = cipher::open_read_only(path, key.as_ref())
            .and_then(|conn| Ok((known_version(path, &conn)?, conn)));
        let (found, conn) = match first {
            // A read-only drive or folder: SQLite cannot make the WAL's index beside the book.
            Err(StoreError::Sqlite(e)) if cannot_write_beside(&e) => {
                let conn = cipher::open_immutable(path, key.as_ref())?;
                (known_version(path, &conn)?, conn)
            }
            other => other?,
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if found == 0 {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: "it holds no Keyplan book".into(),
            });
        }
        if found < LATEST_VERSION {
            return Err(StoreError::NeedsUpgrade { path: path.to_path_buf(), found });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "query_only", "ON")?;
        let db =
            Db { conn, path: Some(path.to_path_buf()), generation: 0, clock_offset_ms: 0, key };
        let info =
            OpenInfo { path: db.path.clone(), schema_version: LATEST_VERSION, migrated_from: None };
        Ok((db, info))
    }

    /// A private in-memory database at the latest schema, for tests.
    pub fn open_in_memory() -> Result<Db> {
        cipher::ready();
        let conn = Connection::open_in_memory()?;
        let mut db = Db { conn, path: None, generation: 0, clock_offset_ms: 0, key: None };
        db.configure()?;
        migrations::migrate(&mut db.conn)?;
        crate::sync::install(&db.conn)?;
        Ok(db)
    }

    /// Stamps this handle's writes as if the wall clock were `offset_ms` off (a laptop whose
    /// clock is wrong, in tests and the soak tool).
    pub fn set_clock_offset(&mut self, offset_ms: i64) {
        self.clock_offset_ms = offset_ms;
    }

    /// The wall clock this handle stamps writes by, in milliseconds since 1970.
    pub fn wall_ms(&self) -> u64 {
        let now = chrono::Utc::now().timestamp_millis().saturating_add(self.clock_offset_ms);
        u64::try_from(now).unwrap_or(0)
    }

    fn configure(&self) -> Result<()> {
        // WAL: readers never block the writer and a crash mid-write leaves the last commit
        // intact. synchronous=FULL: a commit is on disk before it is acknowledged, so an edit
        // the user saw saved survives power loss too (~700 commits/s is plenty for a person).
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Whether this handle was opened to read only ([`Db::open_read_only`]): what a reader
    /// would otherwise keep on the side (history, alerts) is not written.
    pub fn is_read_only(&self) -> bool {
        self.conn.pragma_query_value(None, "query_only", |r| r.get::<_, bool>(0)).unwrap_or(false)
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// After another file's pages were copied in: the pragmas again, pending migrations, and a
    /// new generation so every cache reloads.
    pub(crate) fn configure_after_restore(&mut self) -> Result<()> {
        self.configure()?;
        migrations::migrate(&mut self.conn)?;
        crate::sync::install(&self.conn)?;
        // A migration's rewrite of old rows (schema 8's team roles) is no one's edit: this
        // connection's triggers, installed before the restore, must not stamp it as one.
        crate::sync::discard_pending(&self.conn)?;
        self.generation += 1;
        Ok(())
    }

    /// An IMMEDIATE transaction: the write lock is taken now, not at the first write.
    fn begin(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// Runs `f` in a transaction that is always rolled back: what a write *would* do.
    pub fn rehearse<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let wall = self.wall_ms();
        let tx = self.begin()?;
        let value = f(&tx)?;
        crate::sync::stamp_pending(&tx, wall)?;
        tx.rollback().map_err(StoreError::from)?;
        Ok(value)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The page cache this handle keeps outside a bulk write, in KiB: larger for an encrypted
    /// book, whose every cache miss is a page decrypted again.
    pub fn cache_kib(&self) -> u32 {
        if self.key.is_some() {
            cipher::KEYED_CACHE_KIB
        } else {
            crate::DEFAULT_CACHE_KIB
        }
    }

    /// The data key when the book is encrypted.
    pub fn key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// A second, read-only connection to the same file (keyed like this one), or None for a
    /// database in memory.
    pub fn open_reader(&self) -> Result<Option<Connection>> {
        let Some(path) = &self.path else { return Ok(None) };
        let reader = cipher::open_read_only(path, self.key.as_ref())?;
        reader.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Some(reader))
    }

    /// Keeps every other connection out of the file until this handle closes; false (and
    /// nothing changed) when another program has it open. Leaving WAL for the rollback journal
    /// needs every other connection gone, and exclusive locking keeps new ones out.
    pub fn hold_alone(&self) -> Result<bool> {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        self.conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        let switched = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        let alone = match switched {
            Ok(mode) => mode.eq_ignore_ascii_case("delete"),
            Err(e) if matches!(e.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked)) => false,
            Err(e) => return Err(e.into()),
        };
        if !alone {
            self.conn.pragma_update(None, "locking_mode", "NORMAL")?;
        }
        Ok(alone)
    }

    /// Closes the file: the WAL is checkpointed into it and removed (as the last connection
    /// closes), so the file alone is the whole book.
    pub fn close(self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is committed, or none of it.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let wall = self.wall_ms();
        let tx = self.begin()?;
        let value = f(&tx)?;
        // Every field group the write changed gets this laptop's stamp, in the same commit.
        crate::sync::stamp_pending(&tx, wall)?;
        tx.commit().map_err(StoreError::from)?;
        self.generation += 1;
        Ok(value)
    }

    /// [`Db::write`] for one very large write (an import): while it runs the database uses the
    /// rollback journal instead of the WAL, so each new page is written once, to the file,
    /// rather than to the WAL and again at the checkpoint (a million-row import writes ~300 MB).
    /// Just as atomic and durable (synchronous=FULL). If another connection has the file open
    /// the switch is refused and the write goes through the WAL as usual.
    pub fn write_bulk<T, E>(&mut self, f: impl FnOnce(&Connection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let journaled = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        let result = self.write(f);
        if journaled {
            // Should this fail (another process opened the file meanwhile), the file stays in
            // rollback mode until the next open, which turns WAL on again; the data is committed
            // either way, so the write's own result is what the caller needs.
            let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        }
        result
    }

    /// Changes whenever anything was committed to the file, by this handle or another process.
    pub fn change_marker(&self) -> Result<(u64, i64)> {
        let other: i64 = self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.generation, other))
    }

    /// SQLite's own check of the file; "ok" when healthy.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.pragma_query_value(None, "integrity_check", |r| r.get(0))?)
    }
}

/// The file's kind, refused when it does not go with `key`: an encrypted book needs its key, a
/// plain one takes none.
fn kind_for_key(path: &Path, key: Option<&DataKey>) -> Result<FileKind> {
    let kind = cipher::file_kind(path)?;
    match (kind, key) {
        // Junk and an encrypted book look alike from here; the app, which knows whether a key
        // file is beside it, says which.
        (FileKind::Encrypted, None) => Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "it is not an SQLite file (an encrypted book opens only with its key)".into(),
        }),
        (FileKind::Plain, Some(_)) => Err(StoreError::NotEncrypted { path: path.to_path_buf() }),
        _ => Ok(kind),
    }
}

/// The book's schema version, refused when a newer Keyplan wrote it (read before anything is
/// written).
fn known_version(path: &Path, conn: &Connection) -> Result<u32> {
    let found = migrations::user_version(conn).map_err(|e| not_a_db(path, e))?;
    if found > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(found)
}

/// Whether SQLite failed because it could not write beside the book (the WAL's files).
fn cannot_write_beside(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

pub(crate) fn not_a_db(path: &Path, e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, msg)
            if matches!(
                f.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: msg.unwrap_or_else(|| f.to_string()),
            }
        }
        other => StoreError::Sqlite(other),
    }
}
