//! The `opportunities` table: the account's pipeline.

use chrono::{DateTime, Utc};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Money, Opportunity, OpportunityFields, Record};
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str = "SELECT id, account_id, title, kind, estimated_value, probability, \
    expected_close, status, plan_id, created_at, updated_at, deleted_at FROM opportunities";

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
            plan_id: codec::opt_id(row, "plan_id")?,
        },
    })
}

const INSERT: &str =
    "INSERT INTO opportunities (id, account_id, title, kind, estimated_value, probability, \
    expected_close, status, plan_id, created_at, updated_at) VALUES (:id, :account_id, :title, \
    :kind, :estimated_value, :probability, :expected_close, :status, :plan_id, :now, :now)";

const UPDATE: &str =
    "UPDATE opportunities SET account_id = :account_id, title = :title, kind = :kind, \
    estimated_value = :estimated_value, probability = :probability, expected_close = \
    :expected_close, status = :status, plan_id = :plan_id, updated_at = :now WHERE id = :id AND deleted_at \
    IS NULL";

fn bind(id: Uuid, f: &OpportunityFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":title", Box::new(f.title.clone())),
        (":kind", Box::new(f.kind.name())),
        (":estimated_value", Box::new(f.estimated_value.minor())),
        (":probability", Box::new(f.probability)),
        (":expected_close", Box::new(codec::date_text(f.expected_close))),
        (":status", Box::new(f.status.name())),
        (":plan_id", Box::new(f.plan_id.map(|p| p.to_string()))),
        (":now", Box::new(codec::ts_text(now))),
    ]
}

pub fn insert(c: &Connection, r: &Record<OpportunityFields>) -> Result<()> {
    codec::run(c, INSERT, &bind(r.id(), &r.fields, r.meta.updated_at))?;
    Ok(())
}

/// Replaces a live record's fields (its account never changes) and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &OpportunityFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Opportunities, id)
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

/// The opportunities of every account that has a live plan, in each account's order.
pub fn list_for_planned_accounts(c: &Connection) -> Result<Vec<Opportunity>> {
    let sql = format!(
        "{SELECT} WHERE deleted_at IS NULL AND account_id IN \
         (SELECT account_id FROM plans WHERE deleted_at IS NULL) \
         ORDER BY account_id, expected_close IS NULL, expected_close, id"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Opportunities, id, now)
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Opportunities, id, from_row).map(drop)
}
