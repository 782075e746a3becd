//! The `interactions` table and the contacts each interaction involved.

use chrono::{DateTime, Utc};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Interaction, InteractionFields, Record};
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str = "SELECT i.id, i.account_id, i.date, i.kind, i.summary, i.sentiment, \
    i.next_step, i.severity, i.resolved_on, i.created_at, i.updated_at, i.deleted_at, \
    (SELECT json_group_array(contact_id) FROM \
        (SELECT contact_id FROM interaction_contacts x WHERE x.interaction_id = i.id \
         ORDER BY contact_id)) AS contact_ids \
    FROM interactions i";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Interaction> {
    let ids: String = row.get("contact_ids")?;
    let contact_ids: Vec<Uuid> = serde_json::from_str(&ids).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Record {
        meta: codec::meta(row)?,
        fields: InteractionFields {
            account_id: codec::id(row, "account_id")?,
            date: codec::date(row, "date")?,
            kind: codec::choice(row, "kind")?,
            summary: row.get("summary")?,
            sentiment: row.get("sentiment")?,
            next_step: row.get("next_step")?,
            contact_ids,
            severity: codec::opt_choice(row, "severity")?,
            resolved_on: codec::opt_date(row, "resolved_on")?,
        },
    })
}

const INSERT: &str =
    "INSERT INTO interactions (id, account_id, date, kind, summary, sentiment, next_step, \
    severity, resolved_on, created_at, updated_at) VALUES (:id, :account_id, :date, \
    :kind, :summary, :sentiment, :next_step, :severity, :resolved_on, :now, :now)";

const UPDATE: &str =
    "UPDATE interactions SET account_id = :account_id, date = :date, kind = :kind, summary = \
    :summary, sentiment = :sentiment, next_step = :next_step, severity = :severity, \
    resolved_on = :resolved_on, updated_at = :now WHERE id = :id AND deleted_at IS NULL";

fn bind(id: Uuid, f: &InteractionFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":date", Box::new(f.date.to_string())),
        (":kind", Box::new(f.kind.name())),
        (":summary", Box::new(f.summary.clone())),
        (":sentiment", Box::new(f.sentiment)),
        (":next_step", Box::new(f.next_step.clone())),
        (":severity", Box::new(f.severity.map(Choice::name))),
        (":resolved_on", Box::new(codec::date_text(f.resolved_on))),
        (":now", Box::new(codec::ts_text(now))),
    ]
}

pub fn insert(c: &Connection, r: &Record<InteractionFields>) -> Result<()> {
    codec::run(c, INSERT, &bind(r.id(), &r.fields, r.meta.updated_at))?;
    crate::sync::replace_contacts(c, r.id(), &r.fields.contact_ids)
}

/// Replaces a live record's fields (its account never changes) and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &InteractionFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Interactions, id)?;
    crate::sync::replace_contacts(c, id, &f.contact_ids)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Interaction> {
    let sql = format!("{SELECT} WHERE i.id = ?1 AND i.deleted_at IS NULL");
    codec::by_id(c, &sql, Table::Interactions, id, from_row)
}

/// The account's timeline, newest first.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Interaction>> {
    let sql = format!(
        "{SELECT} WHERE i.account_id = ?1 AND i.deleted_at IS NULL ORDER BY i.date DESC, i.id DESC"
    );
    codec::by_account(c, &sql, account_id, from_row)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Interactions, id, now)
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE i.id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Interactions, id, from_row).map(drop)
}
