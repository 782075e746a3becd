//! The `contacts` table: stakeholders and their reports-to org chart.

use chrono::{DateTime, Utc};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Contact, ContactFields, ContactLink, Record};
use rusqlite::{named_params, Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str =
    "SELECT id, account_id, name, title, email, phone, role, attitude, influence, \
    relationship_strength, reports_to, last_contacted, notes, created_at, updated_at, deleted_at \
    FROM contacts";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Record {
        meta: codec::meta(row)?,
        fields: ContactFields {
            account_id: codec::id(row, "account_id")?,
            name: row.get("name")?,
            title: row.get("title")?,
            email: row.get("email")?,
            phone: row.get("phone")?,
            role: codec::opt_choice(row, "role")?,
            attitude: row.get("attitude")?,
            influence: row.get("influence")?,
            relationship_strength: row.get("relationship_strength")?,
            reports_to: codec::opt_id(row, "reports_to")?,
            last_contacted: codec::opt_date(row, "last_contacted")?,
            notes: row.get("notes")?,
        },
    })
}

const INSERT: &str =
    "INSERT INTO contacts (id, account_id, name, title, email, phone, role, attitude, \
    influence, relationship_strength, reports_to, last_contacted, notes, created_at, \
    updated_at) VALUES (:id, :account_id, :name, :title, :email, :phone, :role, \
    :attitude, :influence, :relationship_strength, :reports_to, :last_contacted, :notes, \
    :now, :now)";

const UPDATE: &str =
    "UPDATE contacts SET account_id = :account_id, name = :name, title = :title, email = \
    :email, phone = :phone, role = :role, attitude = :attitude, influence = :influence, \
    relationship_strength = :relationship_strength, reports_to = :reports_to, \
    last_contacted = :last_contacted, notes = :notes, updated_at = :now WHERE id = :id \
    AND deleted_at IS NULL";

fn bind(id: Uuid, f: &ContactFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":name", Box::new(f.name.clone())),
        (":title", Box::new(f.title.clone())),
        (":email", Box::new(f.email.clone())),
        (":phone", Box::new(f.phone.clone())),
        (":role", Box::new(f.role.map(Choice::name))),
        (":attitude", Box::new(f.attitude)),
        (":influence", Box::new(f.influence)),
        (":relationship_strength", Box::new(f.relationship_strength)),
        (":reports_to", Box::new(f.reports_to.map(|u| u.to_string()))),
        (":last_contacted", Box::new(codec::date_text(f.last_contacted))),
        (":notes", Box::new(f.notes.clone())),
        (":now", Box::new(codec::ts_text(now))),
    ]
}

pub fn insert(c: &Connection, r: &Record<ContactFields>) -> Result<()> {
    codec::run(c, INSERT, &bind(r.id(), &r.fields, r.meta.updated_at))?;
    Ok(())
}

/// Replaces a live record's fields (its account never changes) and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &ContactFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Contacts, id)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Contact> {
    let sql = format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL");
    codec::by_id(c, &sql, Table::Contacts, id, from_row)
}

/// The account's live contacts, by name.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Contact>> {
    let sql = format!("{SELECT} WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY name, id");
    codec::by_account(c, &sql, account_id, from_row)
}

/// The live contacts of every account that has a live plan, by account then name.
pub fn list_for_planned_accounts(c: &Connection) -> Result<Vec<Contact>> {
    let sql = format!(
        "{SELECT} WHERE deleted_at IS NULL AND account_id IN \
         (SELECT account_id FROM plans WHERE deleted_at IS NULL) ORDER BY account_id, name, id"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The org chart of the account that `id` belongs to, plus `id` itself wherever it is — what
/// [`keyplan_domain::contact::check_reports_to`] needs to judge a reports-to choice.
pub fn chart_around(c: &Connection, account_id: Uuid, id: Uuid) -> Result<Vec<ContactLink>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, account_id, reports_to FROM contacts \
         WHERE (account_id = ?1 OR id = ?2) AND deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([account_id.to_string(), id.to_string()], |row| {
        Ok(ContactLink {
            id: codec::id(row, "id")?,
            account_id: codec::id(row, "account_id")?,
            reports_to: codec::opt_id(row, "reports_to")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Tombstones a contact; whoever reported to them now reports to no one.
pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Contacts, id, now)?;
    c.prepare_cached(
        "UPDATE contacts SET reports_to = NULL, updated_at = :now \
         WHERE reports_to = :id AND deleted_at IS NULL",
    )?
    .execute(named_params! {":now": codec::ts_text(now), ":id": id.to_string()})?;
    Ok(())
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Contacts, id, from_row).map(drop)
}
