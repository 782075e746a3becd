//! Churn-risk alerts: raised when an account's risk reaches the alert level, closed when it
//! falls back; the user acknowledges one or snoozes it until a date. At most one open alert per
//! account (a partial unique index).

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::analytics::RiskLevel;
use keyplan_domain::validate::Choice;
use rusqlite::{named_params, Connection, Row};
use serde::Serialize;
use uuid::Uuid;

use crate::codec;
use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: Uuid,
    pub account_id: Uuid,
    pub raised_on: NaiveDate,
    pub level: RiskLevel,
    pub score: f64,
    /// The indicators firing when it was raised.
    pub indicators: Vec<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub snoozed_until: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

const SELECT: &str = "SELECT id, account_id, raised_on, level, score, indicators, \
    acknowledged_at, snoozed_until, closed_on FROM alerts";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Alert> {
    let indicators: String = row.get("indicators")?;
    let ack: Option<String> = row.get("acknowledged_at")?;
    Ok(Alert {
        id: codec::id(row, "id")?,
        account_id: codec::id(row, "account_id")?,
        raised_on: codec::date(row, "raised_on")?,
        level: codec::choice(row, "level")?,
        score: row.get("score")?,
        indicators: indicators.split(',').filter(|s| !s.is_empty()).map(String::from).collect(),
        acknowledged_at: ack.map(|a| codec::parse_ts("acknowledged_at", &a)).transpose()?,
        snoozed_until: codec::opt_date(row, "snoozed_until")?,
        closed_on: codec::opt_date(row, "closed_on")?,
    })
}

/// Every open alert.
pub fn open(c: &Connection) -> Result<Vec<Alert>> {
    let sql = format!("{SELECT} WHERE closed_on IS NULL");
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn raise(
    c: &Connection,
    account_id: Uuid,
    on: NaiveDate,
    level: RiskLevel,
    score: f64,
    indicators: &[&str],
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO alerts (id, account_id, raised_on, level, score, indicators) \
         VALUES (:id, :account, :on, :level, :score, :indicators)",
    )?
    .execute(named_params! {
        ":id": Uuid::now_v7().to_string(),
        ":account": account_id.to_string(),
        ":on": on.to_string(),
        ":level": level.name(),
        ":score": score,
        ":indicators": indicators.join(","),
    })?;
    Ok(())
}

pub fn close(c: &Connection, id: Uuid, on: NaiveDate) -> Result<()> {
    c.prepare_cached("UPDATE alerts SET closed_on = ?2 WHERE id = ?1 AND closed_on IS NULL")?
        .execute([id.to_string(), on.to_string()])?;
    Ok(())
}

fn not_found(id: Uuid) -> StoreError {
    StoreError::NotFound { kind: "alert", id: id.to_string() }
}

/// Marks an open alert seen; it leaves the active list until a new alert is raised.
pub fn acknowledge(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE alerts SET acknowledged_at = ?2 WHERE id = ?1 AND closed_on IS NULL",
        )?
        .execute([id.to_string(), codec::ts_text(now)])?;
    if n == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// Hides an open alert until `until` (inclusive of the day before); None un-snoozes.
pub fn snooze(c: &Connection, id: Uuid, until: Option<NaiveDate>) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE alerts SET snoozed_until = ?2 WHERE id = ?1 AND closed_on IS NULL")?
        .execute(rusqlite::params![id.to_string(), codec::date_text(until)])?;
    if n == 0 {
        return Err(not_found(id));
    }
    Ok(())
}
