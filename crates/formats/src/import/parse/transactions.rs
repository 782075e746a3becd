//! The transactions pass, built for a million rows: account names and product lines are
//! interned (looked up by the raw cell text, normalised once per distinct spelling) and each
//! row is stored as a small copyable struct.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use super::super::fingerprint;
use super::super::headers::TransactionField as T;
use super::super::source::halves::Split;
use super::super::source::{Cells, RowPos, ScanError};
use super::super::values::parse_number;
use super::super::{Reason, RowError};
use super::row::{Ctx, Progress, Row, Unclear};
use super::{read_error, words, FileAccount, Stop, TransactionRows, TxRow};
use keyplan_domain::validate::{Choice, MAX_TEXT};
use keyplan_domain::{Money, Problem, SizeBand};

/// From this size a CSV is read as two halves at once, one per core.
const HALVES_FROM: usize = 4 << 20;

pub(super) fn read(
    ctx: &Ctx<'_, '_>,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
) -> Result<TransactionRows, Stop> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if let Some(split) = ctx.src.split(HALVES_FROM).filter(|_| cores > 1) {
        return read_halves(ctx, &split, progress, errors, rows_read);
    }
    let mut pass = Pass::default();
    ctx.src
        .scan_with::<Unclear>(|pos, cells| pass.row(ctx, pos, cells), progress)
        .map_err(read_error)?;
    Ok(pass.finish(errors, rows_read))
}

/// The two halves of a large file, the second on another thread; then put together as one
/// read of the whole file would have left them.
fn read_halves(
    ctx: &Ctx<'_, '_>,
    split: &Split,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
) -> Result<TransactionRows, Stop> {
    // Rows are about lines: the vectors are made big enough once instead of doubling (a
    // copy of everything so far and fresh pages each time). No more than a row per ten bytes
    // (a file of blank lines is not a million rows), and only room the system can give.
    let half = usize::try_from(split.lines_before()).unwrap_or(0).min(split.bytes_before() / 10);
    // Set when the reading is over early (cancelled, failed, or the cut proved wrong): the
    // other half's reader stops at its next progress report.
    let stop = AtomicBool::new(false);
    let (other_rows, other_fraction) = (AtomicU32::new(0), AtomicU32::new(0));
    let second_half = || {
        let mut pass = Pass::with_room(half + half / 32);
        let read = ctx.src.scan_second_half::<Unclear>(
            split,
            |pos, cells| pass.row(ctx, pos, cells),
            &mut |rows, fraction| {
                other_rows.store(rows, Ordering::Relaxed);
                other_fraction.store(fraction.to_bits(), Ordering::Relaxed);
                !stop.load(Ordering::Relaxed)
            },
        );
        (read, pass)
    };
    std::thread::scope(|s| {
        // No thread to be had (a machine out of them): the second half is read here after.
        let other = std::thread::Builder::new().spawn_scoped(s, second_half).ok();
        // Room for every row from the start: the second half's rows are added to these.
        let mut first = Pass::with_room(2 * half + half / 16);
        let head = ctx.src.scan_first_half::<Unclear>(
            split,
            |pos, cells| first.row(ctx, pos, cells),
            &mut |rows, fraction| {
                // Once the cut proved wrong this reader reads everything: its numbers are all.
                let theirs = !stop.load(Ordering::Relaxed);
                let (more, part) = if theirs {
                    let f = f32::from_bits(other_fraction.load(Ordering::Relaxed));
                    (other_rows.load(Ordering::Relaxed), f)
                } else {
                    (0, 0.0)
                };
                let go = progress(rows + more, fraction + part);
                if !go {
                    stop.store(true, Ordering::Relaxed);
                }
                go
            },
            &stop,
        );
        // Failed, cancelled, or the cut was inside a quoted cell (this reader then read the
        // whole file): the other half's rows are not wanted.
        let Ok(Some(rows_before)) = head else {
            stop.store(true, Ordering::Relaxed);
            head.map_err(read_error)?;
            return Ok(first.finish(errors, rows_read));
        };
        // A panic over there is a bug in this module: read that half here instead.
        let (read, second) = match other {
            Some(h) => h.join().unwrap_or_else(|_| second_half()),
            None => second_half(),
        };
        let lines = split.lines_before();
        read.map_err(|e| read_error(moved(e, lines)))?;
        first.append(second, rows_before, lines);
        Ok(first.finish(errors, rows_read))
    })
}

/// A CSV error found in the second half, at its line in the file.
fn moved(e: ScanError<Unclear>, lines: u64) -> ScanError<Unclear> {
    match e {
        ScanError::Csv { line, reason } => ScanError::Csv { line: line + lines, reason },
        other => other,
    }
}

/// What one reader gathers: the rows that passed with their content hashes, the accounts and
/// product lines they name (interned: looked up by the raw cell text, normalised once per
/// distinct spelling), and every problem.
#[derive(Default)]
struct Pass {
    out: TransactionRows,
    by_spelling: HashMap<String, u32>,
    by_key: HashMap<String, u32>,
    products: HashMap<String, u32>,
    errors: Vec<RowError>,
    rows_read: u32,
    buf: Vec<u8>,
}

impl Pass {
    fn with_room(rows: usize) -> Self {
        let mut pass = Pass::default();
        // Room the system will not give is not needed: the vectors then grow as they go.
        let _ = pass.out.rows.try_reserve_exact(rows);
        let _ = pass.out.hashes.try_reserve_exact(rows);
        pass
    }

    fn row(&mut self, ctx: &Ctx<'_, '_>, pos: RowPos, cells: &dyn Cells) -> Result<(), Unclear> {
        self.rows_read += 1;
        let mut r = Row::new(ctx, pos, cells);
        let name = r.required(T::Account);
        let date = r.required(T::Date);
        let date = r.date(date, T::Date);
        let revenue_text = r.required(T::Revenue);
        let revenue = r.money(revenue_text, T::Revenue);
        let profit_text = r.text(T::Profit);
        let mut profit = r.money(profit_text, T::Profit);
        if profit_text.is_none() {
            profit = margin_profit(&mut r, revenue);
        }
        let quantity = quantity(&mut r);
        let product = r.text(T::ProductLine);
        one_line(&mut r, T::ProductLine, product);
        one_line(&mut r, T::Account, name);
        r.unclear()?;
        let account_cells = AccountCells::read(&mut r);
        let (Some(name), Some(date), Some(revenue), true) =
            (name, date, revenue, r.errors.is_empty())
        else {
            self.errors.append(&mut r.errors);
            return Ok(());
        };
        let account = self.account(name, pos.row);
        let product_index = product.map(|p| self.product(p));
        let a = &mut self.out.accounts[account as usize];
        account_cells.fill(a);
        let row = TxRow {
            row: pos.row,
            account,
            date,
            revenue,
            profit,
            product: product_index,
            quantity,
        };
        let hash = fingerprint::transaction_hash(&mut self.buf, &a.key, &row, product);
        self.out.rows.push(row);
        self.out.hashes.push(hash);
        Ok(())
    }

    /// The account a spelling names, made on its first row.
    fn account(&mut self, name: &str, row: u32) -> u32 {
        if let Some(i) = self.by_spelling.get(name) {
            return *i;
        }
        let key = keyplan_domain::text::name_key(name);
        let i = match self.by_key.get(&key) {
            Some(i) => *i,
            None => {
                let i = u32::try_from(self.out.accounts.len()).unwrap_or(u32::MAX);
                let a = FileAccount {
                    name: name.to_string(),
                    key,
                    first_row: row,
                    ..FileAccount::default()
                };
                self.by_key.insert(a.key.clone(), i);
                self.out.accounts.push(a);
                i
            }
        };
        self.by_spelling.insert(name.to_string(), i);
        i
    }

    fn product(&mut self, p: &str) -> u32 {
        if let Some(i) = self.products.get(p) {
            return *i;
        }
        let i = u32::try_from(self.out.products.len()).unwrap_or(u32::MAX);
        self.products.insert(p.to_string(), i);
        self.out.products.push(p.to_string());
        i
    }

    /// Adds what a reader of the rest of the file gathered (its rows and lines counted from 1
    /// after `rows` rows and `lines` lines), as if this reader had read on.
    fn append(&mut self, later: Pass, rows: u32, lines: u64) {
        let out = later.out;
        let accounts: Vec<u32> = out
            .accounts
            .into_iter()
            .map(|a| match self.by_key.get(&a.key) {
                Some(i) => {
                    self.out.accounts[*i as usize].fill_blanks(a);
                    *i
                }
                None => {
                    let i = u32::try_from(self.out.accounts.len()).unwrap_or(u32::MAX);
                    self.by_key.insert(a.key.clone(), i);
                    self.out.accounts.push(FileAccount { first_row: a.first_row + rows, ..a });
                    i
                }
            })
            .collect();
        let products: Vec<u32> = out.products.iter().map(|p| self.product(p)).collect();
        // Usually there already (see `read_halves`); else one step, not doublings.
        let _ = self.out.rows.try_reserve_exact(out.rows.len());
        let _ = self.out.hashes.try_reserve_exact(out.hashes.len());
        self.out.rows.extend(out.rows.into_iter().map(|r| TxRow {
            row: r.row + rows,
            account: accounts[r.account as usize],
            product: r.product.map(|p| products[p as usize]),
            ..r
        }));
        self.out.hashes.extend(out.hashes);
        self.errors.extend(later.errors.into_iter().map(|e| e.moved(rows, lines)));
        self.rows_read += later.rows_read;
    }

    fn finish(mut self, errors: &mut Vec<RowError>, rows_read: &mut u32) -> TransactionRows {
        errors.append(&mut self.errors);
        *rows_read += self.rows_read;
        self.out
    }
}

/// A row's account columns. Every row's are checked (a bad size band is that row's problem
/// wherever it is); the first row that has a value gives it to the account.
struct AccountCells<'c> {
    industry: Option<&'c str>,
    region: Option<&'c str>,
    owner: Option<&'c str>,
    size_band: Option<SizeBand>,
    tags: Option<&'c str>,
}

impl<'c> AccountCells<'c> {
    fn read(r: &mut Row<'c, T>) -> Self {
        let size_band = r.text(T::SizeBand).and_then(|v| {
            let band = SizeBand::parse(words::size_bands().code(v));
            if band.is_none() {
                let allowed = SizeBand::NAMES.to_vec();
                r.fail(
                    T::SizeBand,
                    v,
                    Reason::Invalid { problem: Problem::InvalidChoice { allowed } },
                );
            }
            band
        });
        AccountCells {
            industry: r.text(T::Industry),
            region: r.text(T::Region),
            owner: r.text(T::Owner),
            size_band,
            tags: r.text(T::Tags),
        }
    }

    fn fill(&self, a: &mut FileAccount) {
        let blank = |v: &mut Option<String>, cell: Option<&str>| {
            if v.is_none() {
                *v = cell.map(str::to_string);
            }
        };
        blank(&mut a.industry, self.industry);
        blank(&mut a.region, self.region);
        blank(&mut a.owner, self.owner);
        a.size_band = a.size_band.or(self.size_band);
        if a.tags.is_empty() {
            a.tags = words::tags(self.tags);
        }
    }
}

/// Text longer than a form accepts, as the form would say it.
/// The checks the record's own rules make of a one-line text (this pass skips the record
/// checker for speed): its length and no control character.
fn one_line(r: &mut Row<'_, T>, field: T, v: Option<&str>) {
    let Some(v) = v else { return };
    // A text no longer in bytes than the limit cannot be longer in characters: most cells are
    // settled without counting.
    if v.len() > MAX_TEXT && v.chars().count() > MAX_TEXT {
        r.fail(field, v, Reason::Invalid { problem: Problem::TooLong { max: MAX_TEXT } });
    } else if v.chars().any(|c| keyplan_domain::validate::refused_char(c, true)) {
        r.fail(field, v, Reason::Invalid { problem: Problem::ControlCharacter });
    }
}

/// A margin column (25% or 0.25) gives profit = revenue × margin, rounded half away from zero
/// to the minor unit — exact decimal arithmetic, no float.
fn margin_profit(r: &mut Row<'_, T>, revenue: Option<Money>) -> Option<Money> {
    let v = r.text(T::Margin)?;
    let (d, _) = parse_number(v).map_err(|e| r.fail(T::Margin, v, e)).ok()?;
    let revenue = i128::from(revenue?.minor());
    let scale = 10i128.checked_pow(d.scale)?;
    let product = revenue.checked_mul(d.mantissa)?;
    let half = scale / 2;
    let rounded = if product >= 0 { (product + half) / scale } else { (product - half) / scale };
    i64::try_from(rounded).ok().map(Money)
}

fn quantity(r: &mut Row<'_, T>) -> Option<f64> {
    let v = r.text(T::Quantity)?;
    match parse_number(v) {
        Ok((d, false)) if d.mantissa >= 0 => Some(d.to_f64()),
        Ok((_, false)) => {
            r.fail(T::Quantity, v, Reason::Invalid { problem: Problem::Negative });
            None
        }
        Ok((_, true)) | Err(_) => {
            r.fail(T::Quantity, v, Reason::NotANumber);
            None
        }
    }
}

#[cfg(test)]
mod tests;
