//! The conflicts list (edits that lost to a concurrent edit or a delete) and the peers (other
//! laptops, by instance id and user name). Both merge like the records do: the same entries
//! from any laptop, in any order, end as the same list.

use keyplan_domain::sync::Stamp;
use rusqlite::{named_params, Connection, Row};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::{Result, StoreError};

/// What the user did about a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// Took the value that lost (a new edit).
    Kept,
    /// Left the value that won.
    Dismissed,
}

impl Settled {
    pub fn name(self) -> &'static str {
        match self {
            Settled::Kept => "kept",
            Settled::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Settled> {
        match s {
            "kept" => Some(Settled::Kept),
            "dismissed" => Some(Settled::Dismissed),
            _ => None,
        }
    }
}

/// One lost edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub record_id: Uuid,
    pub kind: String,
    /// The field group.
    pub field: String,
    pub lost_stamp: Stamp,
    /// The group's fields as the lost edit had them.
    pub lost_value: Value,
    pub won_stamp: Stamp,
    pub won_value: Value,
    /// The edit lost to the record being deleted.
    pub deleted: bool,
    pub settled: Option<(Settled, Stamp)>,
}

fn bad(column: &'static str, value: String) -> StoreError {
    StoreError::Corrupt { table: "conflicts", column, value }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<[Option<String>; 10]> {
    let mut out: [Option<String>; 10] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = if i == 7 { Some(row.get::<_, i64>(i)?.to_string()) } else { row.get(i)? };
    }
    Ok(out)
}

fn decode(cols: [Option<String>; 10]) -> Result<Conflict> {
    let [record, kind, field, lost_stamp, lost_value, won_stamp, won_value, deleted, settled, at] =
        cols;
    let text = |v: Option<String>| v.unwrap_or_default();
    let stamp = |col, v: String| v.parse::<Stamp>().map_err(|_| bad(col, v));
    let json = |col, v: String| serde_json::from_str(&v).map_err(|_| bad(col, v));
    let record = text(record);
    let settled = match (settled, at) {
        (Some(s), Some(at)) => Some((
            Settled::parse(&s).ok_or_else(|| bad("settled", s))?,
            stamp("settled_stamp", at)?,
        )),
        _ => None,
    };
    Ok(Conflict {
        record_id: Uuid::parse_str(&record).map_err(|_| bad("record_id", record.clone()))?,
        kind: text(kind),
        field: text(field),
        lost_stamp: stamp("lost_stamp", text(lost_stamp))?,
        lost_value: json("lost_value", text(lost_value))?,
        won_stamp: stamp("won_stamp", text(won_stamp))?,
        won_value: json("won_value", text(won_value))?,
        deleted: deleted.as_deref() == Some("1"),
        settled,
    })
}

const COLUMNS: &str = "record_id, kind, field, lost_stamp, lost_value, won_stamp, won_value, \
    deleted, settled, settled_stamp";

/// What merging one conflict into the list did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merged {
    New,
    /// Known, and now with a later winner or settlement.
    Updated,
    Unchanged,
}

/// Adds a conflict, or merges it into the one for the same lost edit: the later winner and the
/// later settlement stay (stamps sort as text), so any order of merges ends with the same list.
pub fn merge(c: &Connection, x: &Conflict) -> Result<Merged> {
    let exists = c
        .prepare_cached(
            "SELECT count(*) FROM conflicts WHERE record_id = ?1 AND field = ?2 AND lost_stamp = ?3",
        )?
        .query_row(
            rusqlite::params![x.record_id.to_string(), x.field, x.lost_stamp.to_string()],
            |r| r.get::<_, i64>(0),
        )?
        > 0;
    let n = c.prepare_cached(&format!(
        "INSERT INTO conflicts ({COLUMNS}) VALUES (:record, :kind, :field, :lost_stamp, \
         :lost_value, :won_stamp, :won_value, :deleted, :settled, :settled_stamp) \
         ON CONFLICT (record_id, field, lost_stamp) DO UPDATE SET \
         won_value = CASE WHEN excluded.won_stamp > won_stamp THEN excluded.won_value \
           ELSE won_value END, \
         deleted = CASE WHEN excluded.won_stamp > won_stamp THEN excluded.deleted ELSE deleted END, \
         won_stamp = max(won_stamp, excluded.won_stamp), \
         settled = CASE WHEN excluded.settled_stamp > coalesce(settled_stamp, '') \
           THEN excluded.settled ELSE settled END, \
         settled_stamp = CASE WHEN excluded.settled_stamp > coalesce(settled_stamp, '') \
           THEN excluded.settled_stamp ELSE settled_stamp END \
         WHERE excluded.won_stamp > conflicts.won_stamp \
           OR excluded.settled_stamp > coalesce(conflicts.settled_stamp, '')"
    ))?
    .execute(named_params! {
        ":record": x.record_id.to_string(),
        ":kind": x.kind,
        ":field": x.field,
        ":lost_stamp": x.lost_stamp.to_string(),
        ":lost_value": x.lost_value.to_string(),
        ":won_stamp": x.won_stamp.to_string(),
        ":won_value": x.won_value.to_string(),
        ":deleted": x.deleted,
        ":settled": x.settled.map(|s| s.0.name()),
        ":settled_stamp": x.settled.map(|s| s.1.to_string()),
    })?;
    Ok(match (exists, n) {
        (false, _) => Merged::New,
        (true, 0) => Merged::Unchanged,
        (true, _) => Merged::Updated,
    })
}

/// Every conflict (or only the open ones), newest lost edit first.
pub fn list(c: &Connection, open_only: bool) -> Result<Vec<Conflict>> {
    let filter = if open_only { "WHERE settled IS NULL" } else { "" };
    let sql = format!(
        "SELECT {COLUMNS} FROM conflicts {filter} ORDER BY lost_stamp DESC, record_id, field"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| decode(r?)).collect()
}

/// Marks one conflict settled. NotFound if there is no such open conflict.
pub fn settle(
    c: &Connection,
    record: Uuid,
    field: &str,
    lost_stamp: Stamp,
    how: Settled,
    at: Stamp,
) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE conflicts SET settled = ?4, settled_stamp = ?5 \
             WHERE record_id = ?1 AND field = ?2 AND lost_stamp = ?3 AND settled IS NULL",
        )?
        .execute(rusqlite::params![
            record.to_string(),
            field,
            lost_stamp.to_string(),
            how.name(),
            at.to_string()
        ])?;
    if n == 0 {
        return Err(StoreError::NotFound { kind: "conflict", id: format!("{record} {field}") });
    }
    Ok(())
}

/// Notes another laptop's user name, from a bundle it wrote as of `as_of` (the latest wins).
pub fn record_peer(c: &Connection, instance: Uuid, user_name: &str, as_of: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO peers (instance, user_name, last_seen) VALUES (?1, ?2, ?3) \
         ON CONFLICT (instance) DO UPDATE SET user_name = excluded.user_name, \
         last_seen = excluded.last_seen WHERE excluded.last_seen >= peers.last_seen",
    )?
    .execute(rusqlite::params![instance.to_string(), user_name, as_of])?;
    Ok(())
}

/// The other laptops seen so far: instance id and user name.
pub fn peers(c: &Connection) -> Result<Vec<(Uuid, String)>> {
    let mut stmt = c.prepare_cached("SELECT instance, user_name FROM peers ORDER BY instance")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        out.push((Uuid::parse_str(&id).map_err(|_| bad("instance", id.clone()))?, name));
    }
    Ok(out)
}
