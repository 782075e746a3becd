//! The `transactions` table: revenue and profit in minor units.

use chrono::{DateTime, Utc};
use keyplan_domain::{Money, Record, Transaction, TransactionFields};
use rusqlite::{Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str = "SELECT id, account_id, date, revenue, profit, product_line, quantity, \
    created_at, updated_at, deleted_at FROM transactions";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Transaction> {
    Ok(Record {
        meta: codec::meta(row)?,
        fields: TransactionFields {
            account_id: codec::id(row, "account_id")?,
            date: codec::date(row, "date")?,
            revenue: Money(row.get("revenue")?),
            profit: row.get::<_, Option<i64>>("profit")?.map(Money),
            product_line: row.get("product_line")?,
            quantity: row.get("quantity")?,
        },
    })
}

const INSERT: &str =
    "INSERT INTO transactions (id, account_id, date, revenue, profit, product_line, quantity, \
    created_at, updated_at) VALUES (:id, :account_id, :date, :revenue, :profit, \
    :product_line, :quantity, :now, :now)";

const UPDATE: &str =
    "UPDATE transactions SET account_id = :account_id, date = :date, revenue = :revenue, \
    profit = :profit, product_line = :product_line, quantity = :quantity, updated_at = \
    :now WHERE id = :id AND deleted_at IS NULL";

fn bind(id: Uuid, f: &TransactionFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":account_id", Box::new(f.account_id.to_string())),
        (":date", Box::new(f.date.to_string())),
        (":revenue", Box::new(f.revenue.minor())),
        (":profit", Box::new(f.profit.map(Money::minor))),
        (":product_line", Box::new(f.product_line.clone())),
        (":quantity", Box::new(f.quantity)),
        (":now", Box::new(codec::ts_text(now))),
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
    let sql = format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL");
    codec::by_id(c, &sql, Table::Transactions, id, from_row)
}

/// The account's transactions, newest first.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Transaction>> {
    let sql = format!(
        "{SELECT} WHERE account_id = ?1 AND deleted_at IS NULL ORDER BY date DESC, id DESC"
    );
    codec::by_account(c, &sql, account_id, from_row)
}

pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Transactions, id, now)
}

/// Any one live transaction (the first by id), for benchmarks that need a real edit.
pub fn first_live(c: &Connection) -> Result<Option<Transaction>> {
    use rusqlite::OptionalExtension;
    let sql = format!("{SELECT} WHERE deleted_at IS NULL ORDER BY id LIMIT 1");
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
    let sql = codec::over(incoming, &format!("{SELECT} WHERE id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Transactions, id, from_row).map(drop)
}
