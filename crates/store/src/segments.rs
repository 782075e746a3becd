//! Saved segments: a name and a rule (JSON), never the members.

use chrono::{DateTime, Utc};
use keyplan_domain::analytics::{Segment, SegmentRule};
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Table};
use crate::{Result, StoreError};

fn from_row(row: &Row<'_>) -> rusqlite::Result<Segment> {
    let rule: String = row.get("rule")?;
    Ok(Segment {
        id: codec::id(row, "id")?,
        name: row.get("name")?,
        rule: serde_json::from_str::<SegmentRule>(&rule).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

fn rule_text(rule: &SegmentRule) -> Result<String> {
    serde_json::to_string(rule).map_err(|e| StoreError::Corrupt {
        table: "segments",
        column: "rule",
        value: e.to_string(),
    })
}

/// Live segments by name.
pub fn list(c: &Connection) -> Result<Vec<Segment>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, rule FROM segments WHERE deleted_at IS NULL ORDER BY name, id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Segment> {
    codec::found(
        c.prepare_cached(
            "SELECT id, name, rule FROM segments WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id.to_string()], from_row),
        Table::Segments,
        id,
    )
}

/// Whether a live segment other than `except` has this name.
pub fn name_taken(c: &Connection, name: &str, except: Option<Uuid>) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM segments WHERE name = ?1 AND deleted_at IS NULL \
         AND id IS NOT ?2)",
    )?
    .query_row(rusqlite::params![name, except.map(|u| u.to_string())], |r| r.get(0))?)
}

pub fn insert(c: &Connection, s: &Segment, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO segments (id, name, rule, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute([s.id.to_string(), s.name.clone(), rule_text(&s.rule)?, codec::ts_text(now)])?;
    Ok(())
}

pub fn update(c: &Connection, s: &Segment, now: DateTime<Utc>) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE segments SET name = ?2, rule = ?3, updated_at = ?4 \
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .execute([s.id.to_string(), s.name.clone(), rule_text(&s.rule)?, codec::ts_text(now)])?;
    codec::touched(n, Table::Segments, s.id)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Segments, id, now)
}
