//! The `transactions` table: revenue and profit in minor units, kept compact and clustered by
//! (account, day, id) (migration 9; `lean` says how each value is stored).

use chrono::{DateTime, Utc};
use keyplan_domain::{Meta, Money, Record, Transaction, TransactionFields};
use rusqlite::types::Type;
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::lean;
use crate::Result;

/// Every column, the account's text id joined in (a LEFT JOIN, so a row whose account key is
/// unknown still decodes, to an error naming it).
const SELECT: &str = "SELECT t.id, k.id AS account_id, t.day, t.revenue, t.profit, \
    t.product_line, t.quantity, t.created_at, t.updated_at, t.deleted_at \
    FROM transactions t LEFT JOIN account_keys k ON k.key = t.account";

/// The row whose id is the text parameter ?1.
fn by_id() -> String {
    format!("t.id = {}", lean::write("transactions", "id", "?1"))
}

fn bad(col: &str, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        Type::Integer,
        format!("column {col}: {what}").into(),
    )
}

fn time(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    row.get::<_, Option<i64>>(col)?
        .map(|ms| lean::time_of(ms).ok_or_else(|| bad(col, "not a timestamp")))
        .transpose()
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Transaction> {
    let id: Vec<u8> = row.get("id")?;
    let id = Uuid::from_slice(&id).map_err(|_| bad("id", "not a 16-byte id"))?;
    let account: Option<String> = row.get("account_id")?;
    let account = account
        .and_then(|a| Uuid::parse_str(&a).ok())
        .ok_or_else(|| bad("account", "not an account of this book"))?;
    let day: Option<i64> = row.get("day")?;
    let date = day.and_then(lean::date_of).ok_or_else(|| bad("date", "not a date"))?;
    let created_at = time(row, "created_at")?.ok_or_else(|| bad("created_at", "missing"))?;
    // NULL: not changed since it was made.
    let updated_at = time(row, "updated_at")?.unwrap_or(created_at);
    Ok(Record {
        meta: Meta { id, created_at, updated_at, deleted_at: time(row, "deleted_at")? },
        fields: TransactionFields {
            account_id: account,
            date,
            revenue: Money(row.get("revenue")?),
            profit: row.get::<_, Option<i64>>("profit")?.map(Money),
            product_line: row.get("product_line")?,
            quantity: row.get("quantity")?,
        },
    })
}

const INSERT: &str = "INSERT INTO transactions (account, day, id, revenue, profit, \
    product_line, quantity, created_at, updated_at) VALUES ((SELECT key FROM account_keys \
    WHERE id = :account_id), :day, :id, :revenue, :profit, :product_line, :quantity, :now, NULL)";

const UPDATE: &str = "UPDATE transactions SET account = (SELECT key FROM account_keys \
    WHERE id = :account_id), day = :day, revenue = :revenue, profit = :profit, \
    product_line = :product_line, quantity = :quantity, updated_at = :now \
    WHERE id = :id AND deleted_at IS NULL";

fn bind(id: Uuid, f: &TransactionFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(lean::id_bytes(id).to_vec())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":day", Box::new(lean::day(f.date))),
        (":revenue", Box::new(f.revenue.minor())),
        (":profit", Box::new(f.profit.map(Money::minor))),
        (":product_line", Box::new(f.product_line.clone())),
        (":quantity", Box::new(f.quantity)),
        (":now", Box::new(lean::millis(now))),
    ]
}

pub fn insert(c: &Connection, r: &Record<TransactionFields>) -> Result<()> {
    codec::run(c, INSERT, &bind(r.id(), &r.fields, r.meta.updated_at))?;
    Ok(())
}

/// Replaces a live record's fields (its account never changes) and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &TransactionFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Transactions, id)
}

pub fn get(c: &Connection, id: Uuid) -> Result<Transaction> {
    let sql = format!("{SELECT} WHERE {} AND t.deleted_at IS NULL", by_id());
    codec::by_id(c, &sql, Table::Transactions, id, from_row)
}

/// The account's transactions, newest first.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Transaction>> {
    let sql = format!(
        "{SELECT} WHERE t.account = (SELECT key FROM account_keys WHERE id = ?1) \
         AND t.deleted_at IS NULL ORDER BY t.day DESC, t.id DESC"
    );
    codec::by_account(c, &sql, account_id, from_row)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Transactions, id, now)
}

/// Any one live transaction (the first by id), for benchmarks that need a real edit.
pub fn first_live(c: &Connection) -> Result<Option<Transaction>> {
    use rusqlite::OptionalExtension;
    let sql = format!("{SELECT} WHERE t.deleted_at IS NULL ORDER BY t.id LIMIT 1");
    Ok(c.prepare_cached(&sql)?.query_row([], from_row).optional()?)
}

/// Live transactions.
pub fn count(c: &Connection) -> Result<u64> {
    let n: i64 = c
        .prepare_cached("SELECT count(*) FROM transactions WHERE deleted_at IS NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE {}", by_id()));
    codec::by_id_over(c, &sql, incoming, Table::Transactions, id, from_row).map(drop)
}
