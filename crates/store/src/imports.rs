//! What an import needs from the store in bulk: every live account and contact by matching key,
//! external ids, content fingerprints, and a fast insert for many transactions at once.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use crate::codec;
use crate::{Result, StoreError};

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
    remember_sorted(c, &SortedPrints::new(fingerprints))
}

/// Fingerprints sorted for [`remember_sorted`], each with its place in the list given: the
/// sorting needs no database, so a bulk import does it on another thread.
#[derive(Debug)]
pub struct SortedPrints(Vec<(i64, u32)>);

impl SortedPrints {
    pub fn new(fingerprints: &[i64]) -> Self {
        // Sorting (value, index) pairs, not indexes by value: no random reads while comparing.
        let mut order: Vec<(i64, u32)> =
            fingerprints.iter().zip(0u32..).map(|(f, i)| (*f, i)).collect();
        order.sort_unstable();
        SortedPrints(order)
    }
}

/// As [`remember_fingerprints`], the sorting done.
pub fn remember_sorted(c: &Connection, sorted: &SortedPrints) -> Result<Vec<bool>> {
    let order = &sorted.0;
    if order.len() < MERGE_FROM || !few_remembered(c, order.len())? {
        // A few rows, or a book that remembers many more than this file has.
        remember_each(c, order)
    } else {
        remember_merged(c, order)
    }
}

/// One look-up (an `INSERT OR IGNORE`) per fingerprint.
fn remember_each(c: &Connection, order: &[(i64, u32)]) -> Result<Vec<bool>> {
    let mut fresh = vec![false; order.len()];
    let mut stmt =
        c.prepare_cached("INSERT OR IGNORE INTO import_fingerprints (fingerprint) VALUES (?1)")?;
    for (f, i) in order {
        stmt.raw_bind_parameter(1, f)?;
        fresh[*i as usize] = stmt.raw_execute()? == 1;
    }
    Ok(fresh)
}

/// The remembered fingerprints read in order beside the sorted new ones (one pass over each),
/// and the new ones written many to a statement: the same answer as [`remember_each`].
fn remember_merged(c: &Connection, order: &[(i64, u32)]) -> Result<Vec<bool>> {
    let mut fresh = vec![false; order.len()];
    let mut known = c.prepare_cached("SELECT fingerprint FROM import_fingerprints ORDER BY 1")?;
    let mut known = known.query([])?;
    let mut next_known = known.next()?.map(|r| r.get::<_, i64>(0)).transpose()?;
    let mut new = Vec::with_capacity(order.len());
    let mut previous = None;
    for &(f, i) in order {
        while next_known.is_some_and(|k| k < f) {
            next_known = known.next()?.map(|r| r.get::<_, i64>(0)).transpose()?;
        }
        // Two equal fingerprints in one file (a 64-bit chance): the first is new, as above.
        if next_known != Some(f) && previous != Some(f) {
            fresh[i as usize] = true;
            new.push(f);
        }
        previous = Some(f);
    }
    drop(known);
    insert_many(c, &new)?;
    Ok(fresh)
}

/// From how many fingerprints [`remember_fingerprints`] reads the remembered ones in order.
const MERGE_FROM: usize = 20_000;

/// Whether the book remembers at most four times `incoming` fingerprints: then reading them
/// all in order costs less than a look-up per incoming one. Counts no further than that.
fn few_remembered(c: &Connection, incoming: usize) -> Result<bool> {
    let limit = i64::try_from(incoming.saturating_mul(4)).unwrap_or(i64::MAX);
    let n: i64 = c.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM import_fingerprints LIMIT ?1 + 1)",
        [limit],
        |r| r.get(0),
    )?;
    Ok(n <= limit)
}

/// Sorted fingerprints known to be new, a few hundred to a statement.
fn insert_many(c: &Connection, sorted: &[i64]) -> Result<()> {
    const PER: usize = 256;
    let sql = |n: usize| {
        let holes = vec!["(?)"; n].join(",");
        format!("INSERT INTO import_fingerprints (fingerprint) VALUES {holes}")
    };
    let groups = sorted.chunks_exact(PER);
    let tail = groups.remainder();
    let mut stmt = c.prepare_cached(&sql(PER))?;
    for group in groups {
        for (n, f) in group.iter().enumerate() {
            stmt.raw_bind_parameter(n + 1, f)?;
        }
        stmt.raw_execute()?;
    }
    if !tail.is_empty() {
        let mut stmt = c.prepare(&sql(tail.len()))?;
        for (n, f) in tail.iter().enumerate() {
            stmt.raw_bind_parameter(n + 1, f)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Whether every one of these fingerprints is remembered already (true for none): looked up
/// in sorted order, stopping at the first that is not. Writes nothing.
pub fn all_fingerprints_known(c: &Connection, fingerprints: &[i64]) -> Result<bool> {
    let mut sorted = fingerprints.to_vec();
    sorted.sort_unstable();
    // One read transaction for all the lookups: outside one, each lookup would take and drop
    // the WAL's read lock by itself (a million times a second and a half of system calls).
    let read = if c.is_autocommit() { Some(c.unchecked_transaction()?) } else { None };
    let mut stmt = c.prepare_cached("SELECT 1 FROM import_fingerprints WHERE fingerprint = ?1")?;
    let mut all = true;
    for f in sorted {
        if !stmt.exists([f])? {
            all = false;
            break;
        }
    }
    drop(stmt);
    if let Some(read) = read {
        read.commit()?;
    }
    Ok(all)
}

/// Sets SQLite's page cache for this connection (KiB): a bulk write with a big cache touches
/// each page once instead of spilling it half-filled.
pub fn set_cache_kib(c: &Connection, kib: u32) -> Result<()> {
    c.pragma_update(None, "cache_size", -i64::from(kib))?;
    Ok(())
}

/// Each account's key in the transactions table (`account_keys`), in the order given.
pub fn transaction_keys(c: &Connection, ids: &[String]) -> Result<Vec<i64>> {
    let mut stmt = c.prepare_cached("SELECT key FROM account_keys WHERE id = ?1")?;
    ids.iter()
        .map(|id| match stmt.query_row([id], |r| r.get(0)) {
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                Err(StoreError::NotFound { kind: "account", id: id.clone() })
            }
            other => Ok(other?),
        })
        .collect()
}

/// A transaction for [`insert_transactions`], borrowing its text.
#[derive(Debug, Clone, Copy)]
pub struct NewTransaction<'a> {
    /// A new id (v7: made in the order the rows are written, so the id index grows at its end).
    pub id: Uuid,
    /// The account's key ([`transaction_keys`]).
    pub account: i64,
    pub date: NaiveDate,
    pub revenue: i64,
    pub profit: Option<i64>,
    pub product_line: Option<&'a str>,
    pub quantity: Option<f64>,
}

/// Rows per INSERT statement in [`insert_transactions`]: one statement step per row cost about
/// a fifth of the write (statement start, constraint bookkeeping and reset, a million times).
const ROWS_PER_INSERT: usize = 64;
/// The values of one row; the shared stamp is parameter 1.
const PARAMS_PER_ROW: usize = 7;

/// `INSERT … VALUES (…), (…)` for `rows` rows: row r's values are parameters 2 + 7r …, and
/// every row shares parameter 1 as its creation stamp (`updated_at` stays NULL: as created).
fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let b = 2 + PARAMS_PER_ROW * r;
            let holes: Vec<String> = (b..b + PARAMS_PER_ROW).map(|i| format!("?{i}")).collect();
            format!("({}, ?1, NULL)", holes.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO transactions (account, day, id, revenue, profit, product_line, \
         quantity, created_at, updated_at) VALUES {}",
        values.join(", ")
    )
}

/// Inserts many transactions with few prepared statements and no allocation per row: the same
/// columns as `transactions::insert`, bound by position because this path runs a million times.
/// Rows given in (account, day) order go in at the end of each account's run of the table,
/// which is kept in that order; their ids, made by the caller in the order given (v7), sort
/// after the rest, so the id index grows at its end.
pub fn insert_transactions(
    c: &Connection,
    now: DateTime<Utc>,
    rows: &[NewTransaction<'_>],
) -> Result<u64> {
    let stamp = crate::lean::millis(now);
    let groups = rows.chunks_exact(ROWS_PER_INSERT);
    let tail = groups.remainder();
    let mut stmt = c.prepare_cached(&insert_sql(ROWS_PER_INSERT))?;
    stmt.raw_bind_parameter(1, stamp)?;
    for group in groups {
        bind_rows(&mut stmt, group)?;
        stmt.raw_execute()?;
    }
    let mut stmt = c.prepare_cached(&insert_sql(1))?;
    stmt.raw_bind_parameter(1, stamp)?;
    for row in tail {
        bind_rows(&mut stmt, std::slice::from_ref(row))?;
        stmt.raw_execute()?;
    }
    Ok(rows.len() as u64)
}

/// Binds each row's values from parameter 2 on.
fn bind_rows(stmt: &mut rusqlite::CachedStatement<'_>, rows: &[NewTransaction<'_>]) -> Result<()> {
    for (i, r) in rows.iter().enumerate() {
        let b = 2 + PARAMS_PER_ROW * i;
        stmt.raw_bind_parameter(b, r.account)?;
        stmt.raw_bind_parameter(b + 1, crate::lean::day(r.date))?;
        stmt.raw_bind_parameter(b + 2, &r.id.as_bytes()[..])?;
        stmt.raw_bind_parameter(b + 3, r.revenue)?;
        stmt.raw_bind_parameter(b + 4, r.profit)?;
        stmt.raw_bind_parameter(b + 5, r.product_line)?;
        stmt.raw_bind_parameter(b + 6, r.quantity)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fingerprints with repeats in the list and some already remembered: both ways give the
    /// same answers and leave the same table.
    #[test]
    fn the_ordered_pass_answers_as_one_look_up_each_does() {
        let open = || {
            let c = Connection::open_in_memory().unwrap();
            c.execute_batch("CREATE TABLE import_fingerprints (fingerprint INTEGER PRIMARY KEY)")
                .unwrap();
            let mut stmt = c.prepare("INSERT INTO import_fingerprints VALUES (?1)").unwrap();
            for k in (-30_000i64..30_000).step_by(7) {
                stmt.execute([k * 1_000_003]).unwrap();
            }
            drop(stmt);
            c
        };
        // 25,000 values, a tenth of them repeated, a seventh of them remembered before.
        let prints: Vec<i64> = (0..25_000i64)
            .map(|i| (if i % 10 == 0 { i / 10 } else { i } - 12_500) * 1_000_003)
            .collect();
        let sorted = SortedPrints::new(&prints);
        let (each, merged) = (open(), open());
        let a = remember_each(&each, &sorted.0).unwrap();
        let b = remember_merged(&merged, &sorted.0).unwrap();
        assert_eq!(a, b);
        assert!(a.iter().any(|f| *f) && a.iter().any(|f| !*f));
        let all = |c: &Connection| -> Vec<i64> {
            let mut stmt =
                c.prepare("SELECT fingerprint FROM import_fingerprints ORDER BY 1").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        assert_eq!(all(&each), all(&merged));
        // And the public way takes the ordered pass here (few remembered, many new).
        assert!(few_remembered(&open(), prints.len()).unwrap());
    }
}
