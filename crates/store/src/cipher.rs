//! SQLCipher: a database file encrypted page by page with the book's data key, used as
//! SQLCipher's raw key (no key derivation on every open). What kind of file a path holds is read
//! from its first bytes, and an encrypted copy (or a plain one) is written with
//! `sqlcipher_export` into a new file, never over the one in use.

use std::io::Read;
use std::path::Path;

use keyplan_keys::{DataKey, Zeroizing};
use rusqlite::{Connection, OpenFlags};

use crate::{Result, StoreError};

/// SQLite's page cache for an encrypted book, in KiB (a plain one keeps SQLite's 2 MB).
pub const KEYED_CACHE_KIB: u32 = 64 * 1024;

/// What a database path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a new book.
    New,
    /// A plain SQLite database.
    Plain,
    /// Anything else: an encrypted database (or a file that is not a database at all, which
    /// opening with a key tells apart).
    Encrypted,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Reads the first bytes of `path`.
pub fn file_kind(path: &Path) -> Result<FileKind> {
    if path.is_dir() {
        return Err(StoreError::Folder { path: path.to_path_buf() });
    }
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(source) => return Err(StoreError::Io { path: path.to_path_buf(), source }),
    };
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < head.len() {
        match f.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(source) => return Err(StoreError::Io { path: path.to_path_buf(), source }),
        }
    }
    Ok(match got {
        0 => FileKind::New,
        _ if &head == SQLITE_HEADER => FileKind::Plain,
        _ => FileKind::Encrypted,
    })
}

/// `PRAGMA key` for `key` as SQLCipher's raw key, built in a buffer cleared when dropped.
fn pragma_key(key: &DataKey) -> Zeroizing<String> {
    let mut sql = Zeroizing::new(String::with_capacity(96));
    sql.push_str("PRAGMA key = \"");
    sql.push_str(&key.sqlcipher_literal());
    sql.push_str("\";");
    sql
}

/// Opens `path` with `flags`, keyed when `key` is given, and reads its header so that a wrong
/// key is found now (SQLite reads nothing until the first statement).
pub(crate) fn open(path: &Path, flags: OpenFlags, key: Option<&DataKey>) -> Result<Connection> {
    open_as(path, path, flags, key)
}

/// Opens `path` read-only as an immutable file: for a book on a read-only drive or in a folder
/// this user cannot write, where SQLite cannot make the WAL's shared-memory file a plain
/// read-only open needs. Nothing else can be writing there.
pub(crate) fn open_immutable(path: &Path, key: Option<&DataKey>) -> Result<Connection> {
    let mut uri = String::from("file:");
    for ch in path.to_string_lossy().chars() {
        match ch {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", ch as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    open_as(Path::new(&uri), path, flags, key)
}

/// SQLCipher's one-time setup marks itself done a moment before it registers `sqlcipher_export`
/// for new connections, so a connection another thread opens in that moment lacks the function
/// (an export or encryption would fail with "no such function"). The first open in the process
/// therefore runs the whole setup alone, and every other waits for it.
pub(crate) fn ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // Another thread may have started the setup first (a connection opened elsewhere): wait
        // until a new connection has the function. Called with no argument, it only complains.
        for _ in 0..1000 {
            let Ok(c) = Connection::open_in_memory() else { return };
            match c.query_row("SELECT sqlcipher_export()", [], |_| Ok(())) {
                Err(e) if e.to_string().contains("no such function") => {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                _ => return,
            }
        }
    });
}

fn open_as(
    target: &Path,
    path: &Path,
    flags: OpenFlags,
    key: Option<&DataKey>,
) -> Result<Connection> {
    ready();
    let conn =
        Connection::open_with_flags(target, flags).map_err(|e| crate::db::not_a_db(path, e))?;
    // SQLCipher reports a failed page check on standard error as well as in the result; the
    // result is what Keyplan words for the user, so its own log stays quiet.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        conn.execute_batch(&pragma_key(key))?;
        // Not stored in the file: set before the first page is read, as the key file says.
        conn.pragma_update(None, "cipher_hmac_algorithm", key.hmac().sqlcipher_name())?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))
            .map_err(|e| wrong_key(path, e))?;
        // Every page SQLite's own cache misses is read and decrypted again (the system's file
        // cache holds only ciphertext): a larger cache keeps the pages a view reads over and
        // over decrypted once (docs/measurements.md).
        conn.pragma_update(None, "cache_size", -i64::from(KEYED_CACHE_KIB))?;
    }
    Ok(conn)
}

/// Opens `path` read-only, keyed when `key` is given.
pub fn open_read_only(path: &Path, key: Option<&DataKey>) -> Result<Connection> {
    open(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)
}

/// Opens `path` (keyed when `key` is given) to [`export`] it: writable, as the copy is attached
/// to this connection and an attached file opens the way the connection did; nothing is
/// written to `path` itself.
pub fn open_for_export(path: &Path, key: Option<&DataKey>) -> Result<Connection> {
    if file_kind(path)? == FileKind::New {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "the file is missing or empty".into(),
        });
    }
    // CREATE is for the copy attached to this connection; `path` itself exists.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    open(path, flags, key)
}

/// SQLite's integrity check of an open file, as an error when it fails.
pub fn check(c: &Connection) -> Result<()> {
    let check: String = c.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
    if check == "ok" {
        Ok(())
    } else {
        Err(StoreError::NotADatabase { path: c.path().unwrap_or_default().into(), reason: check })
    }
}

/// A read of a keyed file that failed: "not a database" means this key does not open it.
pub(crate) fn wrong_key(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ffi::ErrorCode::NotADatabase) => {
            StoreError::WrongKey { path: path.to_path_buf() }
        }
        _ => crate::db::not_a_db(path, e),
    }
}

/// Writes everything in `conn`'s main database into the new file `dest`, encrypted with `key`
/// (or plain with None), with its schema version; `dest` must not exist or be empty. The caller
/// checks the copy and moves it into place.
pub fn export(conn: &Connection, dest: &Path, key: Option<&DataKey>) -> Result<()> {
    if file_kind(dest)? != FileKind::New {
        return Err(StoreError::Io {
            path: dest.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::AlreadyExists),
        });
    }
    let dest_str = dest.to_str().ok_or_else(|| StoreError::Io {
        path: dest.to_path_buf(),
        source: std::io::Error::other("the path is not valid UTF-8"),
    })?;
    // The key as SQLCipher's raw-key text (or '' for a plain copy: without a KEY clause the
    // attached file would take the main database's key).
    let literal = key.map(DataKey::sqlcipher_literal).unwrap_or_default();
    conn.execute(
        "ATTACH DATABASE ?1 AS keyplan_export KEY ?2",
        rusqlite::params![dest_str, literal.as_str()],
    )?;
    let result = (|| -> Result<()> {
        // The copy is a new file thrown away whole if this fails: a rollback journal beside it
        // would only be litter left by a killed run.
        if let Some(key) = key {
            // Before the first page of the copy is written.
            let hmac = key.hmac().sqlcipher_name();
            conn.pragma_update(Some("keyplan_export"), "cipher_hmac_algorithm", hmac)?;
        }
        conn.execute_batch("PRAGMA keyplan_export.journal_mode = OFF;")?;
        conn.query_row("SELECT sqlcipher_export('keyplan_export')", [], |_| Ok(()))?;
        let version = crate::migrations::user_version(conn)?;
        conn.pragma_update(Some("keyplan_export"), "user_version", version)?;
        Ok(())
    })();
    let detached = conn.execute_batch("DETACH DATABASE keyplan_export");
    result?;
    detached?;
    Ok(())
}

/// Checks a copy made by [`export`] against its source: SQLite's integrity check passes and
/// every table holds as many rows as the source's.
pub fn verify_copy(source: &Connection, copy: &Path, key: Option<&DataKey>) -> Result<()> {
    let bad = |reason: String| StoreError::BadCopy { path: copy.to_path_buf(), reason };
    let c = open(copy, OpenFlags::SQLITE_OPEN_READ_ONLY, key)?;
    check(&c).map_err(|e| bad(format!("integrity check: {e}")))?;
    let tables = |c: &Connection| -> Result<Vec<String>> {
        let mut stmt = c.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )?;
        let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(names)
    };
    let names = tables(source)?;
    if tables(&c)? != names {
        return Err(bad("its tables differ".into()));
    }
    for t in &names {
        let count = |c: &Connection| -> Result<i64> {
            let sql = format!("SELECT count(*) FROM \"{}\"", t.replace('"', "\"\""));
            Ok(c.query_row(&sql, [], |r| r.get(0))?)
        };
        let (want, got) = (count(source)?, count(&c)?);
        if want != got {
            return Err(bad(format!("{t} has {got} rows, not {want}")));
        }
    }
    if crate::migrations::user_version(&c)? != crate::migrations::user_version(source)? {
        return Err(bad("its schema version differs".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use keyplan_keys::PageHmac;

    /// The page check is the key file's to say: a copy written with HMAC-SHA256 opens only so,
    /// and one written the first version's way (HMAC-SHA512) only that way.
    #[test]
    fn each_page_check_opens_only_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        ready();
        let src = Connection::open(dir.path().join("plain.db")).unwrap();
        src.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('华东精密');").unwrap();
        for hmac in [PageHmac::Sha256, PageHmac::Sha512] {
            let other = if hmac == PageHmac::Sha256 { PageHmac::Sha512 } else { PageHmac::Sha256 };
            let key = DataKey::generate().unwrap().with_hmac(hmac);
            let copy = dir.path().join(format!("{}.db", hmac.sqlcipher_name()));
            export(&src, &copy, Some(&key)).unwrap();
            verify_copy(&src, &copy, Some(&key)).unwrap();
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY;
            assert!(open(&copy, flags, Some(&key)).is_ok());
            let wrong = key.clone().with_hmac(other);
            assert!(matches!(open(&copy, flags, Some(&wrong)), Err(StoreError::WrongKey { .. })));
        }
    }
}
