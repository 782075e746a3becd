//! The `instance` table: this database's own id, made once by migration 4 and never changed.

use rusqlite::Connection;
use uuid::Uuid;

use crate::{Result, StoreError};

/// This database's id.
pub fn id(c: &Connection) -> Result<Uuid> {
    let text: String =
        c.prepare_cached("SELECT id FROM instance WHERE only = 1")?.query_row([], |r| r.get(0))?;
    Uuid::parse_str(&text).map_err(|_| StoreError::Corrupt {
        table: "instance",
        column: "id",
        value: text,
    })
}
