//! The `opportunities` table: the account's pipeline.

use chrono::{DateTime, Utc};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Money, Opportunity, OpportunityFields, Record};
use rusqlite::{named_params, Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Table};
use crate::Result;

const SELECT: &str = "SELECT id, account_id, title, kind, estimated_value, probability, \
    expected_close, status, created_at, updated_at, deleted_at FROM opportunities";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Record {
        meta: codec::meta(row)?,
        fields: OpportunityFields {
            account_id: codec::id(row, "account_id")?,
            title: row.get("title")?,
            kind: codec::choice(row, "kind")?,
            estimated_value: Money(row.get("estimated_value")?),
            probability: row.get("probability")?,
            expected_close: codec::opt_date(row, "expected_close")?,
            status: codec::choice(row, "status")?,
        },
    })
}

pub fn insert(c: &Connection, r: &Opportunity) -> Result<()> {
    let f = &r.fields;
    c.prepare_cached(
        "INSERT INTO opportunities (id, account_id, title, kind, estimated_value, probability, \
         expected_close, status, created_at, updated_at) VALUES (:id, :account_id, :title, :kind, \
         :estimated_value, :probability, :expected_close, :status, :now, :now)",
    )?
    .execute(named_params! {
        ":id": r.id().to_string(),
        ":account_id": f.account_id.to_string(),
        ":title": f.title,
        ":kind": f.kind.name(),
        ":estimated_value": f.estimated_value.minor(),
        ":probability": f.probability,
        ":expected_close": f.expected_close.map(|d| d.to_string()),
        ":status": f.status.name(),
        ":now": codec::ts_text(r.meta.updated_at),
    })?;
    Ok(())
}

pub fn update(c: &Connection, id: Uuid, f: &OpportunityFields, now: DateTime<Utc>) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE opportunities SET title = :title, kind = :kind, \
             estimated_value = :estimated_value, probability = :probability, \
             expected_close = :expected_close, status = :status, updated_at = :now \
             WHERE id = :id AND deleted_at IS NULL",
        )?
        .execute(named_params! {
            ":id": id.to_string(),
            ":title": f.title,
            ":kind": f.kind.name(),
            ":estimated_value": f.estimated_value.minor(),
            ":probability": f.probability,
            ":expected_close": f.expected_close.map(|d| d.to_string()),
            ":status": f.status.name(),
            ":now": codec::ts_text(now),
        })?;
    codec::touched(n, Table::Opportunities, id)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Opportunity> {
    let sql = format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL");
    codec::by_id(c, &sql, Table::Opportunities, id, from_row)
}

/// The account's opportunities, soonest expected close first (undated last).
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Opportunity>> {
    let sql = format!(
        "{SELECT} WHERE account_id = ?1 AND deleted_at IS NULL \
         ORDER BY expected_close IS NULL, expected_close, id"
    );
    codec::by_account(c, &sql, account_id, from_row)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Opportunities, id, now)
}

/// Sum of open opportunities' estimated value over live accounts.
pub fn open_pipeline(c: &Connection) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT coalesce(sum(o.estimated_value), 0) FROM opportunities o \
         JOIN accounts a ON a.id = o.account_id AND a.deleted_at IS NULL \
         WHERE o.deleted_at IS NULL AND o.status = 'open'",
    )?
    .query_row([], |r| r.get(0))?)
}
