//! What an import needs from the store in bulk: every live account and contact by matching key,
//! external ids, content fingerprints, and a fast insert for many transactions at once.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::validate::iso_date_bytes;
use rusqlite::Connection;
use uuid::Uuid;

use crate::codec;
use crate::Result;

/// Live accounts by normalised name and by external id.
#[derive(Debug, Default)]
pub struct AccountKeys {
    pub by_name: HashMap<String, Uuid>,
    pub by_external_id: HashMap<String, Uuid>,
}

pub fn account_keys(c: &Connection) -> Result<AccountKeys> {
    let mut keys = AccountKeys::default();
    let mut stmt = c.prepare_cached(
        "SELECT id, name_key, external_id FROM accounts WHERE deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = codec::id(row, "id")?;
        keys.by_name.insert(row.get("name_key")?, id);
        if let Some(ext) = row.get::<_, Option<String>>("external_id")? {
            keys.by_external_id.insert(ext, id);
        }
    }
    Ok(keys)
}

pub fn set_account_external_id(c: &Connection, id: Uuid, external_id: &str) -> Result<()> {
    c.prepare_cached("UPDATE accounts SET external_id = ?2 WHERE id = ?1")?
        .execute([id.to_string(), external_id.to_string()])?;
    Ok(())
}

/// Live contacts of live accounts, keyed by (account, normalised name) and (account, external id).
#[derive(Debug, Default)]
pub struct ContactKeys {
    pub by_name: HashMap<(Uuid, String), Uuid>,
    pub by_external_id: HashMap<(Uuid, String), Uuid>,
}

pub fn contact_keys(c: &Connection) -> Result<ContactKeys> {
    let mut keys = ContactKeys::default();
    let mut stmt = c.prepare_cached(
        "SELECT c.id, c.account_id, c.name, c.external_id FROM contacts c \
         JOIN accounts a ON a.id = c.account_id AND a.deleted_at IS NULL \
         WHERE c.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id = codec::id(row, "id")?;
        let account = codec::id(row, "account_id")?;
        let name: String = row.get("name")?;
        keys.by_name.insert((account, keyplan_domain::text::name_key(&name)), id);
        if let Some(ext) = row.get::<_, Option<String>>("external_id")? {
            keys.by_external_id.insert((account, ext), id);
        }
    }
    Ok(keys)
}

pub fn set_contact_external_id(c: &Connection, id: Uuid, external_id: &str) -> Result<()> {
    c.prepare_cached("UPDATE contacts SET external_id = ?2 WHERE id = ?1")?
        .execute([id.to_string(), external_id.to_string()])?;
    Ok(())
}

/// Records fingerprints; for each (in the order given) whether it was new. Inserted in sorted
/// order so a million of them touch each B-tree page once, not at random.
pub fn remember_fingerprints(c: &Connection, fingerprints: &[i64]) -> Result<Vec<bool>> {
    // Sorting (value, index) pairs, not indexes by value: no random reads while comparing.
    let mut order: Vec<(i64, u32)> =
        fingerprints.iter().zip(0u32..).map(|(f, i)| (*f, i)).collect();
    order.sort_unstable();
    let mut fresh = vec![false; fingerprints.len()];
    let mut stmt =
        c.prepare_cached("INSERT OR IGNORE INTO import_fingerprints (fingerprint) VALUES (?1)")?;
    for (f, i) in order {
        stmt.raw_bind_parameter(1, f)?;
        fresh[i as usize] = stmt.raw_execute()? == 1;
    }
    Ok(fresh)
}

/// Sets SQLite's page cache for this connection (KiB): a bulk write with a big cache touches
/// each page once instead of spilling it half-filled.
pub fn set_cache_kib(c: &Connection, kib: u32) -> Result<()> {
    c.pragma_update(None, "cache_size", -i64::from(kib))?;
    Ok(())
}

/// A transaction for [`insert_transactions`], borrowing its text.
#[derive(Debug, Clone, Copy)]
pub struct NewTransaction<'a> {
    pub account_id: &'a str,
    pub date: NaiveDate,
    pub revenue: i64,
    pub profit: Option<i64>,
    pub product_line: Option<&'a str>,
    pub quantity: Option<f64>,
}

/// Inserts many transactions with one prepared statement and no allocation per row: the same
/// columns as `transactions::insert`, bound by position because this path runs a million times.
pub fn insert_transactions<'a>(
    c: &Connection,
    now: DateTime<Utc>,
    rows: impl IntoIterator<Item = NewTransaction<'a>>,
) -> Result<u64> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO transactions (id, account_id, date, revenue, profit, product_line, \
         quantity, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?;
    let stamp = codec::ts_text(now);
    stmt.raw_bind_parameter(8, &stamp)?;
    let mut id_buf = [0u8; 36];
    let mut n = 0u64;
    for r in rows {
        let id = Uuid::now_v7().hyphenated().encode_lower(&mut id_buf);
        let date = iso_date_bytes(r.date);
        stmt.raw_bind_parameter(1, &*id)?;
        stmt.raw_bind_parameter(2, r.account_id)?;
        stmt.raw_bind_parameter(3, std::str::from_utf8(&date).unwrap_or_default())?;
        stmt.raw_bind_parameter(4, r.revenue)?;
        stmt.raw_bind_parameter(5, r.profit)?;
        stmt.raw_bind_parameter(6, r.product_line)?;
        stmt.raw_bind_parameter(7, r.quantity)?;
        stmt.raw_execute()?;
        n += 1;
    }
    Ok(n)
}
