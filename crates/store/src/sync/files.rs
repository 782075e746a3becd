//! The files of a sync folder already merged or written (schema 7), by path and checksum.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// What was noted of a file: the checksum of its bytes and, for this laptop's own, its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownFile {
    pub sha256: String,
    pub state: String,
}

pub fn known_file(c: &Connection, path: &str) -> Result<Option<KnownFile>> {
    Ok(c.prepare_cached("SELECT sha256, state FROM sync_files WHERE path = ?1")?
        .query_row([path], |r| Ok(KnownFile { sha256: r.get(0)?, state: r.get(1)? }))
        .optional()?)
}

/// Notes that the file at `path` held `sha256` when merged or written at `at`.
pub fn note_file(c: &Connection, path: &str, file: &KnownFile, at: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO sync_files (path, sha256, state, at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (path) DO UPDATE SET sha256 = ?2, state = ?3, at = ?4",
    )?
    .execute(rusqlite::params![path, file.sha256, file.state, at])?;
    Ok(())
}
