//! The `surveys` table: NPS and CSAT responses.

use chrono::{DateTime, Utc};
use keyplan_domain::{Record, Survey, SurveyFields};
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str = "SELECT id, account_id, contact_id, date, nps, csat, comment, \
    created_at, updated_at, deleted_at FROM surveys";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Survey> {
    Ok(Record {
        meta: codec::meta(row)?,
        fields: SurveyFields {
            account_id: codec::id(row, "account_id")?,
            contact_id: codec::opt_id(row, "contact_id")?,
            date: codec::date(row, "date")?,
            nps: row.get("nps")?,
            csat: row.get("csat")?,
            comment: row.get("comment")?,
        },
    })
}

const INSERT: &str =
    "INSERT INTO surveys (id, account_id, contact_id, date, nps, csat, comment, created_at, \
    updated_at) VALUES (:id, :account_id, :contact_id, :date, :nps, :csat, :comment, \
    :now, :now)";

const UPDATE: &str =
    "UPDATE surveys SET account_id = :account_id, contact_id = :contact_id, date = :date, nps \
    = :nps, csat = :csat, comment = :comment, updated_at = :now WHERE id = :id AND \
    deleted_at IS NULL";

fn bind(id: Uuid, f: &SurveyFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":contact_id", Box::new(f.contact_id.map(|u| u.to_string()))),
        (":date", Box::new(f.date.to_string())),
        (":nps", Box::new(f.nps)),
        (":csat", Box::new(f.csat)),
        (":comment", Box::new(f.comment.clone())),
        (":now", Box::new(codec::ts_text(now))),
    ]
}

pub fn insert(c: &Connection, r: &Record<SurveyFields>) -> Result<()> {
    codec::run(c, INSERT, &bind(r.id(), &r.fields, r.meta.updated_at))?;
    Ok(())
}

/// Replaces a live record's fields (its account never changes) and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &SurveyFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Surveys, id)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Survey> {
    let sql = format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL");
    codec::by_id(c, &sql, Table::Surveys, id, from_row)
}

/// The account's survey responses, newest first.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Survey>> {
    let sql = format!(
        "{SELECT} WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY date DESC, id DESC"
    );
    codec::by_account(c, &sql, account_id, from_row)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Surveys, id, now)
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Surveys, id, from_row).map(drop)
}
