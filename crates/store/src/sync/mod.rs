//! Field clocks: every local write stamps the field groups it changed, so that a merge can keep,
//! per field, the later edit (see `keyplan_domain::sync`).
//!
//! Which groups a write changed is found by SQLite itself: per-connection (TEMP) triggers note
//! each changed (record, group) in a TEMP table, and [`stamp_pending`] — run by `Db::write` just
//! before it commits — gives each one a stamp from this laptop's clock. So no write path can
//! forget to stamp, and a write that changes nothing stamps nothing. A merge writes the clocks it
//! brings itself and discards what the triggers noted ([`discard_pending`]).

mod conflicts;
mod files;
mod records;
mod triggers;

pub use conflicts::{
    list as list_conflicts, merge as merge_conflict, peers, record_peer, settle, Conflict, Merged,
    Settled,
};
pub use files::{known_file, note_file, KnownFile};
pub use records::{
    check, children, counts, exists, ids, kind_of, read, referencing, table, write, write_checked,
    Values,
};

use keyplan_domain::sync::{Clock, FieldClock, Stamp, MAX_DRIFT_MS};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::{Result, StoreError};

pub(crate) use records::{replace_contacts, replace_tags};
pub(crate) use triggers::install;

/// The field name of a record's own clock row (its creation), which no group is called.
pub const RECORD: &str = "";

fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt { table: "field_clocks", column, value: value.to_string() }
}

fn stamp(text: &str, column: &'static str) -> Result<Stamp> {
    text.parse().map_err(|_| corrupt(column, text))
}

fn clock_from(stamp_text: &str, seen: &str) -> Result<FieldClock> {
    let seen = seen.split_whitespace().map(|s| stamp(s, "seen")).collect::<Result<Vec<_>>>()?;
    Ok(FieldClock::with_seen(stamp(stamp_text, "stamp")?, seen))
}

fn seen_text(clock: &FieldClock) -> String {
    clock.seen().iter().map(Stamp::to_string).collect::<Vec<_>>().join(" ")
}

/// Every clock row of a record: its own (under [`RECORD`]) and its edited groups'.
pub fn clocks(c: &Connection, record: Uuid) -> Result<Vec<(String, FieldClock)>> {
    let mut stmt = c.prepare_cached(
        "SELECT field, stamp, seen FROM field_clocks WHERE record_id = ?1 ORDER BY field",
    )?;
    let rows = stmt.query_map([record.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (field, s, seen) = row?;
        out.push((field, clock_from(&s, &seen)?));
    }
    Ok(out)
}

/// Writes (or replaces) one clock row.
pub fn put_clock(c: &Connection, record: Uuid, field: &str, clock: &FieldClock) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO field_clocks (record_id, field, stamp, seen) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (record_id, field) DO UPDATE SET stamp = excluded.stamp, seen = excluded.seen",
    )?
    .execute(rusqlite::params![
        record.to_string(),
        field,
        clock.stamp.to_string(),
        seen_text(clock)
    ])?;
    Ok(())
}

/// Removes a clock row (a group back at the record's own clock).
pub fn remove_clock(c: &Connection, record: Uuid, field: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM field_clocks WHERE record_id = ?1 AND field = ?2")?
        .execute(rusqlite::params![record.to_string(), field])?;
    Ok(())
}

/// The latest stamp the clock has made or seen, not counting stamps too far ahead of `wall_ms`
/// (those are held: merged, but never allowed to move this laptop's clock).
pub fn last_stamp(c: &Connection, wall_ms: u64) -> Result<Option<Stamp>> {
    let limit = Stamp {
        millis: wall_ms.saturating_add(MAX_DRIFT_MS),
        counter: u32::MAX,
        instance: Uuid::max(),
    };
    let seen: Option<String> = c
        .prepare_cached("SELECT max(stamp) FROM field_clocks WHERE stamp <= ?1")?
        .query_row([limit.to_string()], |r| r.get(0))?;
    let own: Option<String> = c
        .prepare_cached("SELECT last FROM clock WHERE only = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let seen = seen.map(|s| stamp(&s, "stamp")).transpose()?;
    let own = own.map(|s| stamp(&s, "last")).transpose()?;
    Ok(seen.max(own))
}

/// Stamps every group the triggers noted in this transaction with this laptop's clock at
/// `wall_ms`. A group being deleted is stamped as made after everything the record holds, so
/// that only an edit the delete did not know of is reported as lost to it.
pub(crate) fn stamp_pending(c: &Connection, wall_ms: u64) -> Result<()> {
    let pending: Vec<(String, String, bool)> = c
        .prepare_cached("SELECT record_id, field, deleting FROM temp.sync_changed")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut clock = Clock::new(crate::instance::id(c)?, last_stamp(c, wall_ms)?);
    for (record, field, deleting) in pending {
        let id = Uuid::parse_str(&record).map_err(|_| corrupt("record_id", &record))?;
        let rows = clocks(c, id)?;
        let current = rows
            .iter()
            .find(|(f, _)| *f == field)
            .or_else(|| rows.iter().find(|(f, _)| f == RECORD))
            .map(|(_, clock)| clock.clone());
        let now = clock.tick_after(wall_ms, current.as_ref().map(|c| c.stamp));
        let mut next = current.map_or_else(|| FieldClock::new(now), |c| c.edited(now));
        if deleting {
            for (_, other) in &rows {
                next.absorb(other);
            }
        }
        put_clock(c, id, &field, &next)?;
    }
    save_clock(c, &clock)?;
    discard_pending(c)
}

fn save_clock(c: &Connection, clock: &Clock) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO clock (only, last) VALUES (1, ?1) ON CONFLICT (only) DO UPDATE SET last = ?1",
    )?
    .execute([clock.last().to_string()])?;
    Ok(())
}

/// Moves this laptop's clock one tick past everything it has seen: a merge that changed data
/// is an event too, so that what this laptop writes next (its sync-folder file among it) is
/// known to come after it, even when every change the merge brought was older than its clock.
pub fn advance_clock(c: &Connection, wall_ms: u64) -> Result<Stamp> {
    let mut clock = Clock::new(crate::instance::id(c)?, last_stamp(c, wall_ms)?);
    let now = clock.tick(wall_ms);
    save_clock(c, &clock)?;
    Ok(now)
}

/// Readies a transaction for a merge: foreign keys are checked at its commit, not per row, so
/// records may arrive in any order (a contact that reports to one listed after it).
pub fn begin_merge(c: &Connection) -> Result<()> {
    c.pragma_update(None, "defer_foreign_keys", "ON")?;
    Ok(())
}

/// Forgets what the triggers noted: a merge writes the clocks it brings itself.
pub fn discard_pending(c: &Connection) -> Result<()> {
    c.prepare_cached("DELETE FROM temp.sync_changed")?.execute([])?;
    Ok(())
}
