//! Transactions from a file, the bulk path: the accounts the file names are matched by
//! normalised name or created (filled from the file's account columns), rows already imported
//! are recognised by fingerprint, and the new ones are inserted in (account key, date) order: the
//! table is kept in that order, so each account's rows go in at the end of its run.

use chrono::Datelike;
use keyplan_domain::validate::Choice;
use keyplan_domain::{AccountInput, Meta, Record};
use keyplan_formats::import::fingerprint;
use keyplan_formats::import::parse::TransactionRows;
use keyplan_formats::import::source::RowPos;
use keyplan_formats::import::{Reason, RowError};
use keyplan_store::imports::{self, NewTransaction};
use keyplan_store::{self as store, Connection};
use uuid::Uuid;

use super::{ImportProgress, ImportSummary, Plan, ProgressFn};
use crate::{now, Result};

/// Rows inserted between progress reports (and gathered together before inserting).
const BATCH: usize = 16_384;

/// For each account the file names: its id, and whether it must be created (with its fields).
pub(crate) struct TxOps<'r> {
    rows: &'r TransactionRows,
    accounts: Vec<(Uuid, Option<keyplan_domain::AccountFields>)>,
    /// Indexes into `rows.rows` whose account was accepted.
    valid: Vec<usize>,
    /// The content fingerprint of each of those rows (numbered from the content hashes the
    /// parser took), worked out when first needed.
    prints: std::cell::OnceCell<Vec<i64>>,
}

pub(crate) fn plan<'r>(
    c: &Connection,
    plan: &Plan<'_>,
    t: &'r TransactionRows,
    errors: &mut Vec<RowError>,
) -> Result<TxOps<'r>> {
    let keys = imports::account_keys(c)?;
    let mut accounts = Vec::with_capacity(t.accounts.len());
    let mut refused = vec![false; t.accounts.len()];
    for (i, a) in t.accounts.iter().enumerate() {
        if let Some(id) = keys.by_name.get(&a.key) {
            accounts.push((*id, None));
            continue;
        }
        let input = AccountInput {
            name: a.name.clone(),
            industry: a.industry.clone(),
            size_band: a.size_band.map(|s| s.name().to_string()),
            region: a.region.clone(),
            owner: a.owner.clone(),
            tags: a.tags.clone(),
            ..AccountInput::default()
        };
        match input.validate() {
            Ok(fields) => accounts.push((Uuid::now_v7(), Some(fields))),
            Err(e) => {
                let pos = RowPos { row: a.first_row, line: 0 };
                for f in e.0 {
                    let field = if f.field == "name" { "account" } else { f.field.as_str() };
                    errors.push(plan.error(
                        pos,
                        field,
                        &a.name,
                        Reason::Invalid { problem: f.problem },
                    ));
                }
                refused[i] = true;
                accounts.push((Uuid::nil(), None));
            }
        }
    }
    let valid = (0..t.rows.len()).filter(|i| !refused[t.rows[*i].account as usize]).collect();
    Ok(TxOps { rows: t, accounts, valid, prints: std::cell::OnceCell::new() })
}

impl TxOps<'_> {
    fn prints(&self) -> &[i64] {
        self.prints.get_or_init(|| valid_prints(self.rows, &self.valid))
    }

    /// Whether applying would change nothing (no account to create, every row imported
    /// before), with the counts [`TxOps::apply`] would give added to `s`. Reads only.
    pub(crate) fn unchanged(&self, c: &Connection, s: &mut ImportSummary) -> Result<bool> {
        if self.accounts.iter().any(|(_, fields)| fields.is_some())
            || !imports::all_fingerprints_known(c, self.prints())?
        {
            return Ok(false);
        }
        s.accounts_matched += self.accounts.iter().filter(|(id, _)| !id.is_nil()).count() as u64;
        s.already_imported += self.prints().len() as u64;
        Ok(true)
    }

    /// Writes the accounts to create and the rows not imported before, the second core doing
    /// what needs no database beside the writer: numbering and sorting the fingerprints while
    /// the accounts go in, putting the rows in the table's order while the fingerprints go in,
    /// and gathering each batch of rows while the one before is written.
    pub(crate) fn apply(
        &self,
        c: &Connection,
        s: &mut ImportSummary,
        progress: ProgressFn<'_>,
    ) -> Result<()> {
        let now = now();
        let (rows, valid) = (self.rows, &self.valid);
        let looked = self.prints.get();
        let sort_prints = move || match looked {
            Some(p) => imports::SortedPrints::new(p),
            None => imports::SortedPrints::new(&valid_prints(rows, valid)),
        };
        // Where no thread can be had (a machine out of them), the work is done here instead.
        std::thread::scope(|scope| {
            let sorted = beside(scope, sort_prints);
            self.create_accounts(c, now, s)?;
            let keys = self.table_keys(c)?;
            let order = beside(scope, move || (table_order(rows, valid, &keys), keys));
            let sorted = match sorted {
                Some(h) => joined(h)?,
                None => sort_prints(),
            };
            let fresh = imports::remember_sorted(c, &sorted)?;
            drop(sorted);
            let (mut order, keys) = match order {
                Some(h) => joined(h)?,
                None => {
                    let keys = self.table_keys(c)?;
                    (table_order(rows, valid, &keys), keys)
                }
            };
            order.retain(|(_, at)| fresh[*at as usize]);
            s.already_imported += (valid.len() - order.len()) as u64;
            self.write(c, now, &order, &keys, s, progress)
        })
    }

    fn create_accounts(
        &self,
        c: &Connection,
        now: chrono::DateTime<chrono::Utc>,
        s: &mut ImportSummary,
    ) -> Result<()> {
        for (id, fields) in &self.accounts {
            match fields {
                Some(f) => {
                    let meta = Meta { id: *id, ..Meta::new(now) };
                    store::accounts::insert(c, &Record { meta, fields: f.clone() })?;
                    s.accounts_created += 1;
                }
                None if !id.is_nil() => s.accounts_matched += 1,
                None => {}
            }
        }
        Ok(())
    }

    /// Each file account's key in the table, which keeps rows in (account key, day) order; a
    /// refused account (nil id) has none (0) and none of its rows is written.
    fn table_keys(&self, c: &Connection) -> Result<Vec<i64>> {
        let ids: Vec<String> = self
            .accounts
            .iter()
            .filter(|(id, _)| !id.is_nil())
            .map(|(id, _)| id.to_string())
            .collect();
        let mut found = imports::transaction_keys(c, &ids)?.into_iter();
        Ok(self
            .accounts
            .iter()
            .map(|(id, _)| if id.is_nil() { 0 } else { found.next().unwrap_or(0) })
            .collect())
    }

    /// Writes the rows in `order` (each a row's place in `valid`), a batch at a time; another
    /// thread gathers the next batch (and makes its ids) while SQLite writes this one.
    fn write(
        &self,
        c: &Connection,
        now: chrono::DateTime<chrono::Utc>,
        order: &[Ordered],
        keys: &[i64],
        s: &mut ImportSummary,
        progress: ProgressFn<'_>,
    ) -> Result<()> {
        let (t, valid) = (self.rows, &self.valid);
        let product =
            |p: Option<u32>| p.and_then(|p| t.products.get(p as usize)).map(String::as_str);
        // The rows are scattered in memory (sorted by index, not moved): gathered a batch at a
        // time, their cache misses overlap.
        let gather = |chunk: &[Ordered]| -> Vec<NewTransaction<'_>> {
            chunk
                .iter()
                .map(|(_, at)| {
                    let r = &t.rows[valid[*at as usize]];
                    NewTransaction {
                        id: Uuid::now_v7(),
                        account: keys[r.account as usize],
                        date: r.date,
                        revenue: r.revenue.minor(),
                        profit: r.profit.map(keyplan_domain::Money::minor),
                        product_line: product(r.product),
                        quantity: r.quantity,
                    }
                })
                .collect()
        };
        let total = order.len().max(1);
        let mut write = |n: usize, batch: &[NewTransaction<'_>]| -> Result<bool> {
            let done = n * BATCH;
            #[allow(clippy::cast_precision_loss)]
            let fraction = done as f32 / total as f32;
            if n > 0 && !progress(ImportProgress { stage: "writing", rows: done as u64, fraction })
            {
                return Ok(false); // the caller sees the cancel and rolls back
            }
            s.created += imports::insert_transactions(c, now, batch)?;
            Ok(true)
        };
        std::thread::scope(|scope| {
            // Dropped on the way out of this closure, before the scope waits for the
            // gatherer: a write that fails or is cancelled stops it at its next batch.
            let (send, batches) = std::sync::mpsc::sync_channel::<Vec<NewTransaction<'_>>>(2);
            let gatherer = beside(scope, move || {
                for chunk in order.chunks(BATCH) {
                    if send.send(gather(chunk)).is_err() {
                        return;
                    }
                }
            });
            let Some(gatherer) = gatherer else {
                for (n, chunk) in order.chunks(BATCH).enumerate() {
                    if !write(n, &gather(chunk))? {
                        break;
                    }
                }
                return Ok(());
            };
            for (n, batch) in batches.iter().enumerate() {
                if !write(n, &batch)? {
                    break;
                }
            }
            // The batches end when the gatherer is done, or stopped short by a panic: only
            // its result tells the two apart (and a write of part of the rows is refused).
            drop(batches);
            joined(gatherer)
        })
    }
}

/// (account key, day) packed in one integer, beside the row's place in `valid`: sorting these
/// compact pairs reads no row, where comparing rows would read a million at random.
type Ordered = (u64, u32);

/// The rows of `valid` in the table's (account key, day) order.
fn table_order(t: &TransactionRows, valid: &[usize], keys: &[i64]) -> Vec<Ordered> {
    let mut order: Vec<Ordered> = valid
        .iter()
        .zip(0u32..)
        .map(|(i, at)| {
            let r = &t.rows[*i];
            let day = u32::try_from(r.date.num_days_from_ce()).unwrap_or(0);
            let key = u32::try_from(keys[r.account as usize]).unwrap_or(u32::MAX);
            ((u64::from(key) << 32) | u64::from(day), at)
        })
        .collect();
    order.sort_unstable();
    order
}

/// The fingerprints of the rows of `valid`, in that order.
fn valid_prints(t: &TransactionRows, valid: &[usize]) -> Vec<i64> {
    let all = fingerprint::transactions(t);
    valid.iter().map(|i| all[*i]).collect()
}

/// `work` started on another thread, or None when no thread can be had.
fn beside<'s, T: Send + 's>(
    scope: &'s std::thread::Scope<'s, '_>,
    work: impl FnOnce() -> T + Send + 's,
) -> Option<std::thread::ScopedJoinHandle<'s, T>> {
    std::thread::Builder::new().spawn_scoped(scope, work).ok()
}

/// A helper thread's result; its panic (a bug) as an internal error, not a second panic.
fn joined<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> Result<T> {
    h.join().map_err(|_| crate::AppError::Internal("an import worker thread failed".into()))
}
