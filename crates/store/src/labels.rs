//! What the user decided about an account's computed labels (manual tier and stage, each with a
//! reason; "marked lost"), and the history of tier and stage changes. Only changes are written:
//! the labels themselves are computed on demand.

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::analytics::{Stage, Tier};
use keyplan_domain::validate::Choice;
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

use crate::codec;
use crate::Result;

/// The user's decisions about one account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overrides {
    pub tier: Option<(Tier, String)>,
    pub stage: Option<(Stage, String)>,
    pub marked_lost: bool,
}

pub fn get(c: &Connection, account_id: Uuid) -> Result<Overrides> {
    let row = c
        .prepare_cached(
            "SELECT tier, tier_reason, stage, stage_reason, marked_lost FROM account_overrides \
             WHERE account_id = ?1",
        )?
        .query_row([account_id.to_string()], |row| {
            let tier: Option<Tier> = codec::opt_choice(row, "tier")?;
            let stage: Option<Stage> = codec::opt_choice(row, "stage")?;
            let tier_reason: Option<String> = row.get("tier_reason")?;
            let stage_reason: Option<String> = row.get("stage_reason")?;
            Ok(Overrides {
                tier: tier.map(|t| (t, tier_reason.unwrap_or_default())),
                stage: stage.map(|s| (s, stage_reason.unwrap_or_default())),
                marked_lost: row.get("marked_lost")?,
            })
        })
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// Replaces the account's decisions; a row with nothing decided is removed.
pub fn set(c: &Connection, account_id: Uuid, o: &Overrides, now: DateTime<Utc>) -> Result<()> {
    let id = account_id.to_string();
    if *o == Overrides::default() {
        c.prepare_cached("DELETE FROM account_overrides WHERE account_id = ?1")?.execute([id])?;
        return Ok(());
    }
    c.prepare_cached(
        "INSERT INTO account_overrides (account_id, tier, tier_reason, stage, stage_reason, \
         marked_lost, updated_at) VALUES (:id, :tier, :tier_reason, :stage, :stage_reason, \
         :lost, :now) ON CONFLICT (account_id) DO UPDATE SET tier = excluded.tier, \
         tier_reason = excluded.tier_reason, stage = excluded.stage, \
         stage_reason = excluded.stage_reason, marked_lost = excluded.marked_lost, \
         updated_at = excluded.updated_at",
    )?
    .execute(named_params! {
        ":id": id,
        ":tier": o.tier.as_ref().map(|t| t.0.name()),
        ":tier_reason": o.tier.as_ref().map(|t| t.1.as_str()),
        ":stage": o.stage.as_ref().map(|s| s.0.name()),
        ":stage_reason": o.stage.as_ref().map(|s| s.1.as_str()),
        ":lost": o.marked_lost,
        ":now": codec::ts_text(now),
    })?;
    Ok(())
}

/// Which history: tiers or stages. The two tables have the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tier,
    Stage,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Tier => "tier_history",
            Kind::Stage => "stage_history",
        }
    }

    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Kind::Tier => ("from_tier", "to_tier"),
            Kind::Stage => ("from_stage", "to_stage"),
        }
    }
}

/// One change: on `date` (the as-of date it was seen) at time `at`, from → to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub date: NaiveDate,
    pub at: DateTime<Utc>,
    pub from: Option<String>,
    pub to: String,
    /// recompute | override | override_cleared | confirmed
    pub cause: String,
    pub reason: Option<String>,
}

/// A change to append.
#[derive(Debug, Clone, Copy)]
pub struct NewChange<'a> {
    pub account_id: Uuid,
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub cause: &'a str,
    pub reason: Option<&'a str>,
}

pub fn append(
    c: &Connection,
    kind: Kind,
    date: NaiveDate,
    now: DateTime<Utc>,
    changes: &[NewChange<'_>],
) -> Result<()> {
    let (from_col, to_col) = kind.columns();
    let sql = format!(
        "INSERT INTO {} (account_id, date, at, {from_col}, {to_col}, cause, reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        kind.table()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let (date, at) = (date.to_string(), codec::ts_text(now));
    for ch in changes {
        stmt.execute(rusqlite::params![
            ch.account_id.to_string(),
            date,
            at,
            ch.from,
            ch.to,
            ch.cause,
            ch.reason
        ])?;
    }
    Ok(())
}

/// The latest recorded value per account (for finding what a recompute changed).
pub fn latest(c: &Connection, kind: Kind) -> Result<HashMap<Uuid, String>> {
    let (_, to_col) = kind.columns();
    let sql = format!(
        "SELECT h.account_id, h.{to_col} FROM {t} h \
         JOIN (SELECT account_id, max(seq) AS seq FROM {t} GROUP BY account_id) m \
         ON m.seq = h.seq",
        t = kind.table()
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([], |row| Ok((codec::id(row, "account_id")?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn change(row: &Row<'_>) -> rusqlite::Result<Change> {
    Ok(Change {
        date: codec::date(row, "date")?,
        at: codec::parse_ts("at", &row.get::<_, String>("at")?)?,
        from: row.get(2)?,
        to: row.get(3)?,
        cause: row.get("cause")?,
        reason: row.get("reason")?,
    })
}

/// The account's changes, newest first.
pub fn history(c: &Connection, kind: Kind, account_id: Uuid) -> Result<Vec<Change>> {
    let (from_col, to_col) = kind.columns();
    let sql = format!(
        "SELECT date, at, {from_col}, {to_col}, cause, reason FROM {} WHERE account_id = ?1 \
         ORDER BY seq DESC",
        kind.table()
    );
    codec::by_account(c, &sql, account_id, change)
}
