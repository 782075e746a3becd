//! Reading and writing the column types shared by every table: ids, dates, timestamps, closed
//! lists, and the bookkeeping columns. A value that does not decode is reported, not guessed.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use keyplan_domain::validate::Choice;
use keyplan_domain::Meta;
use rusqlite::types::Type;
use rusqlite::{named_params, Connection, Row};
use uuid::Uuid;

use crate::{Result, StoreError};

fn bad(col: &str, value: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        Type::Text,
        format!("column {col}: {value:?} is not {what}").into(),
    )
}

pub(crate) fn id(row: &Row<'_>, col: &str) -> rusqlite::Result<Uuid> {
    let s: String = row.get(col)?;
    Uuid::parse_str(&s).map_err(|_| bad(col, &s, "a UUID"))
}

pub(crate) fn opt_id(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| Uuid::parse_str(&s).map_err(|_| bad(col, &s, "a UUID"))).transpose()
}

pub(crate) fn date(row: &Row<'_>, col: &str) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(col)?;
    keyplan_domain::validate::parse_iso_date(&s).ok_or_else(|| bad(col, &s, "a date"))
}

pub(crate) fn opt_date(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| keyplan_domain::validate::parse_iso_date(&s).ok_or_else(|| bad(col, &s, "a date")))
        .transpose()
}

pub(crate) fn parse_ts(col: &str, s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).map_err(|_| bad(col, s, "a timestamp"))
}

pub(crate) fn choice<T: Choice>(row: &Row<'_>, col: &str) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    T::parse(&s).ok_or_else(|| bad(col, &s, "a known value"))
}

pub(crate) fn opt_choice<T: Choice>(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| T::parse(&s).ok_or_else(|| bad(col, &s, "a known value"))).transpose()
}

/// Timestamps are stored as RFC 3339 UTC with milliseconds, which sort as text.
pub(crate) fn ts_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn meta(row: &Row<'_>) -> rusqlite::Result<Meta> {
    let deleted: Option<String> = row.get("deleted_at")?;
    Ok(Meta {
        id: id(row, "id")?,
        created_at: parse_ts("created_at", &row.get::<_, String>("created_at")?)?,
        updated_at: parse_ts("updated_at", &row.get::<_, String>("updated_at")?)?,
        deleted_at: deleted.map(|d| parse_ts("deleted_at", &d)).transpose()?,
    })
}

/// The record tables, named here once so generic statements never format user text into SQL.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Accounts,
    Contacts,
    Interactions,
    Transactions,
    Surveys,
    Opportunities,
    Segments,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Accounts => "accounts",
            Table::Contacts => "contacts",
            Table::Interactions => "interactions",
            Table::Transactions => "transactions",
            Table::Surveys => "surveys",
            Table::Opportunities => "opportunities",
            Table::Segments => "segments",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Table::Accounts => "account",
            Table::Contacts => "contact",
            Table::Interactions => "interaction",
            Table::Transactions => "transaction",
            Table::Surveys => "survey",
            Table::Opportunities => "opportunity",
            Table::Segments => "segment",
        }
    }

    pub(crate) fn not_found(self, id: Uuid) -> StoreError {
        StoreError::NotFound { kind: self.singular(), id: id.to_string() }
    }
}

/// Tombstones one live row. NotFound if there is no live row with that id.
pub(crate) fn soft_delete(
    c: &Connection,
    table: Table,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let t = table.name();
    let stamp = crate::lean::write(t, "deleted_at", ":now");
    let sql = format!(
        "UPDATE {t} SET deleted_at = {stamp}, updated_at = {stamp} WHERE id = {} \
         AND deleted_at IS NULL",
        crate::lean::write(t, "id", ":id")
    );
    let n = c
        .prepare_cached(&sql)?
        .execute(named_params! {":now": ts_text(now), ":id": id.to_string()})?;
    if n == 0 {
        return Err(table.not_found(id));
    }
    Ok(())
}

/// Tombstones every live row of `table` that belongs to the account (when the account goes).
pub(crate) fn soft_delete_children(
    c: &Connection,
    table: Table,
    account_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let t = table.name();
    let stamp = crate::lean::write(t, "deleted_at", ":now");
    let sql = format!(
        "UPDATE {t} SET deleted_at = {stamp}, updated_at = {stamp} WHERE {} = {} \
         AND deleted_at IS NULL",
        crate::lean::column(t, "account_id"),
        crate::lean::write(t, "account_id", ":account")
    );
    c.prepare_cached(&sql)?
        .execute(named_params! {":now": ts_text(now), ":account": account_id.to_string()})?;
    Ok(())
}

/// Maps "no row" to NotFound for a lookup by id.
pub(crate) fn found<T>(r: rusqlite::Result<T>, table: Table, id: Uuid) -> Result<T> {
    match r {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(table.not_found(id)),
        other => Ok(other?),
    }
}

/// Runs `sql` (with one `?1` for the account id) and decodes every row.
pub(crate) fn by_account<T>(
    c: &Connection,
    sql: &str,
    account_id: Uuid,
    from_row: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map([account_id.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// A record that is not in its table yet, as its table would hold it: a `WITH` clause named
/// like the table, which shadows it for one statement, and the values it binds (`?1` is the
/// id). A kind's own reader decodes it before anything is written.
#[derive(Debug)]
pub struct Incoming {
    pub(crate) with: String,
    pub(crate) params: Vec<rusqlite::types::Value>,
}

/// `select` (a statement whose `?1` is the id) over the stored row, or over `incoming`.
pub(crate) fn over(incoming: Option<&Incoming>, select: &str) -> String {
    match incoming {
        Some(i) => format!("{} {select}", i.with),
        None => select.to_string(),
    }
}

/// Runs `sql` (from [`over`]) and decodes the one row, or NotFound.
pub(crate) fn by_id_over<T>(
    c: &Connection,
    sql: &str,
    incoming: Option<&Incoming>,
    table: Table,
    id: Uuid,
    from_row: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    let mut stmt = c.prepare_cached(sql)?;
    let row = match incoming {
        Some(i) => stmt.query_row(rusqlite::params_from_iter(&i.params), from_row),
        None => stmt.query_row([id.to_string()], from_row),
    };
    found(row, table, id)
}

/// Runs `sql` (with one `?1` for the id) and decodes the one row, or NotFound.
pub(crate) fn by_id<T>(
    c: &Connection,
    sql: &str,
    table: Table,
    id: Uuid,
    from_row: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    found(c.prepare_cached(sql)?.query_row([id.to_string()], from_row), table, id)
}

/// Checks that an UPDATE touched its row.
pub(crate) fn touched(n: usize, table: Table, id: Uuid) -> Result<()> {
    if n == 0 {
        Err(table.not_found(id))
    } else {
        Ok(())
    }
}

/// A statement's named parameters, built once per table and shared by its INSERT and UPDATE.
pub(crate) type Params = Vec<(&'static str, Box<dyn rusqlite::ToSql>)>;

/// Runs a cached statement with named parameters; returns the rows changed.
pub(crate) fn run(c: &Connection, sql: &str, params: &Params) -> Result<usize> {
    let refs: Vec<(&str, &dyn rusqlite::ToSql)> =
        params.iter().map(|(k, v)| (*k, v.as_ref() as &dyn rusqlite::ToSql)).collect();
    Ok(c.prepare_cached(sql)?.execute(refs.as_slice())?)
}

/// Dates as stored: ISO `YYYY-MM-DD`.
pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}
