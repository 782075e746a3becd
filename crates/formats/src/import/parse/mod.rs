//! Rows → validated records, for every kind, reporting every problem, not just the first.
//! A date such as 03/04/2023 needs its column's day/month order, decided from the whole column;
//! so the file is read once optimistically, and only if such a date turns up is it read again:
//! first its date columns alone (to decide each one's order), then every cell.
//!
//! - [`row`]: one row being read, with typed accessors that note a problem and move on;
//! - [`words`]: the words a closed-list cell may hold (codes, labels in both languages);
//! - [`records`]: accounts, contacts, interactions and surveys, row by row;
//! - [`transactions`]: the transactions pass, built for a million rows;
//! - [`dates`]: each date column's day/month order, from the whole column.

mod dates;
mod records;
mod row;
mod transactions;
mod words;

use std::convert::Infallible;

use chrono::NaiveDate;

use super::headers::{map_columns, Mapping};
use super::source::{RowPos, ScanError, Source};
use super::values::DayOrder;
use super::{ImportError, Kind, RowError};
use keyplan_domain::{AccountInput, ContactInput, InteractionInput, Money, SizeBand, SurveyInput};
use row::{collect, Ctx, Unclear};

pub use dates::date_orders;

/// What the user chose for a file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub map: Vec<(String, String)>,
    pub date_format: Option<String>,
}

/// One validated account row, kept as form input so an update can lay it over what exists.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub pos: RowPos,
    pub external_id: Option<String>,
    pub input: AccountInput,
}

#[derive(Debug, Clone)]
pub struct ContactRow {
    pub pos: RowPos,
    pub account: String,
    pub external_id: Option<String>,
    pub input: ContactInput,
}

#[derive(Debug, Clone)]
pub struct InteractionRow {
    pub pos: RowPos,
    pub account: String,
    pub input: InteractionInput,
}

#[derive(Debug, Clone)]
pub struct SurveyRow {
    pub pos: RowPos,
    pub account: String,
    pub contact: Option<String>,
    pub input: SurveyInput,
}

/// An account named by a transactions file, with the account columns of its first row that had
/// them (they fill the account if it is new).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileAccount {
    pub name: String,
    pub key: String,
    pub first_row: u32,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub size_band: Option<SizeBand>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
}

impl FileAccount {
    /// Takes `other`'s account columns where this one has none (the same account, named
    /// again further down the file).
    pub(crate) fn fill_blanks(&mut self, other: FileAccount) {
        self.industry = self.industry.take().or(other.industry);
        self.region = self.region.take().or(other.region);
        self.owner = self.owner.take().or(other.owner);
        self.size_band = self.size_band.or(other.size_band);
        if self.tags.is_empty() {
            self.tags = other.tags;
        }
    }
}

/// A transaction row in 64 bytes: a million of them fit comfortably in memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TxRow {
    pub row: u32,
    pub account: u32,
    pub date: NaiveDate,
    pub revenue: Money,
    pub profit: Option<Money>,
    pub product: Option<u32>,
    pub quantity: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransactionRows {
    pub accounts: Vec<FileAccount>,
    pub products: Vec<String>,
    pub rows: Vec<TxRow>,
    /// Each row's content hash ([`super::fingerprint::transaction_hash`]), in the rows' order.
    pub hashes: Vec<u128>,
}

#[derive(Debug, Clone)]
pub enum Rows {
    Accounts(Vec<AccountRow>),
    Contacts(Vec<ContactRow>),
    Transactions(TransactionRows),
    Interactions(Vec<InteractionRow>),
    Surveys(Vec<SurveyRow>),
}

/// A parsed file: the rows that passed, and every problem with the ones that did not.
#[derive(Debug)]
pub struct Parsed {
    pub mapping: Mapping,
    pub date_orders: Vec<(String, DayOrder)>,
    pub rows: Rows,
    pub errors: Vec<RowError>,
    /// Non-blank data rows read.
    pub rows_read: u32,
}

/// Parses and validates every row of `src` as `kind`.
pub fn parse(src: &Source<'_>, kind: Kind, opts: &Options) -> Result<Parsed, ImportError> {
    parse_with(src, kind, opts, &mut |_| true)
}

/// How far a parse is: which pass (1 reads date columns, 2 reads everything) and how far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    pub pass: u8,
    pub rows: u32,
    pub fraction: f32,
}

/// As [`parse`], reporting progress; `progress` returning false cancels (nothing is kept).
pub fn parse_with(
    src: &Source<'_>,
    kind: Kind,
    opts: &Options,
    progress: &mut dyn FnMut(Tick) -> bool,
) -> Result<Parsed, ImportError> {
    let mapping = map_columns(kind, &src.headers, &opts.map)?;
    if let Some(fmt) = &opts.date_format {
        check_format(fmt)?;
    }
    let cols = dates::date_columns(&mapping);
    let mut ctx = Ctx {
        src,
        mapping: &mapping,
        orders: cols.iter().map(|c| (*c, None)).collect(),
        format: opts.date_format.as_deref(),
        optimistic: opts.date_format.is_none() && !cols.is_empty(),
    };
    let (rows, errors, rows_read) = match read_rows(&ctx, progress) {
        Err(Stop::Unclear) => {
            ctx.orders = dates::day_orders(src, &mapping, opts, progress)?;
            ctx.optimistic = false;
            read_rows(&ctx, progress).map_err(Stop::into_error)?
        }
        other => other.map_err(Stop::into_error)?,
    };
    let orders = ctx.orders;
    let date_orders =
        orders.iter().filter_map(|(col, o)| o.map(|o| (src.headers[*col].clone(), o))).collect();
    Ok(Parsed { mapping, date_orders, rows, errors, rows_read })
}

/// Why a read of the rows stopped short.
enum Stop {
    /// A date needs its column's day/month order, and the read assumed none would.
    Unclear,
    Failed(ImportError),
}

impl Stop {
    fn into_error(self) -> ImportError {
        match self {
            Stop::Failed(e) => e,
            // Only an optimistic read stops for this, and its caller handles it.
            Stop::Unclear => ImportError::Cancelled,
        }
    }
}

/// Every row of the file as the mapping's kind: the rows that passed, every problem, rows read.
fn read_rows(
    ctx: &Ctx<'_, '_>,
    progress: &mut dyn FnMut(Tick) -> bool,
) -> Result<(Rows, Vec<RowError>, u32), Stop> {
    let mut pass2 = |rows: u32, fraction: f32| progress(Tick { pass: 2, rows, fraction });
    let p = &mut pass2;
    let mut errors = Vec::new();
    let mut n = 0u32;
    let rows = match ctx.mapping.kind {
        Kind::Accounts => Rows::Accounts(collect(ctx, p, &mut errors, &mut n, records::account)?),
        Kind::Contacts => Rows::Contacts(collect(ctx, p, &mut errors, &mut n, records::contact)?),
        Kind::Interactions => {
            Rows::Interactions(collect(ctx, p, &mut errors, &mut n, records::interaction)?)
        }
        Kind::Surveys => Rows::Surveys(collect(ctx, p, &mut errors, &mut n, records::survey)?),
        Kind::Transactions => Rows::Transactions(transactions::read(ctx, p, &mut errors, &mut n)?),
    };
    Ok((rows, errors, n))
}

fn check_format(fmt: &str) -> Result<(), ImportError> {
    use chrono::format::{Item, StrftimeItems};
    let bad = StrftimeItems::new(fmt).any(|i| matches!(i, Item::Error));
    if bad || !fmt.contains('%') {
        return Err(ImportError::BadDateFormat { format: fmt.to_string() });
    }
    Ok(())
}

/// A scan's failure as an import error (a row's own problems are collected, not thrown).
fn scan_error(e: ScanError<Infallible>) -> ImportError {
    match e {
        ScanError::Csv { line, reason } => {
            ImportError::Workbook { reason: format!("line {line}: {reason}") }
        }
        ScanError::Stop(never) => match never {},
        ScanError::Cancelled => ImportError::Cancelled,
    }
}

/// The same for a read of the rows, which may also stop at an unclear date.
fn read_error(e: ScanError<Unclear>) -> Stop {
    match e {
        ScanError::Csv { line, reason } => {
            Stop::Failed(scan_error(ScanError::Csv { line, reason }))
        }
        ScanError::Stop(Unclear) => Stop::Unclear,
        ScanError::Cancelled => Stop::Failed(ImportError::Cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which passes a parse of `dates` (one transaction each) reported, and the dates it read.
    fn passes(dates: &[String]) -> (Vec<u8>, Vec<NaiveDate>) {
        let mut text = String::from("Customer,Date,Sales\n");
        for d in dates {
            text.push_str(&format!("Acme,{d},1\n"));
        }
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let mut seen = Vec::new();
        let parsed = parse_with(&src, Kind::Transactions, &Options::default(), &mut |t| {
            seen.push(t.pass);
            true
        })
        .unwrap();
        seen.dedup();
        let Rows::Transactions(t) = parsed.rows else { panic!("transactions") };
        (seen, t.rows.iter().map(|r| r.date).collect())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn unambiguous_dates_are_read_in_one_pass() {
        let dates: Vec<String> =
            (0..40_000).map(|i| format!("2023-03-{:02}", i % 28 + 1)).collect();
        let (seen, read) = passes(&dates);
        assert_eq!(seen, [2], "one pass over the rows");
        assert_eq!(read[1], day(2023, 3, 2));
    }

    #[test]
    fn a_day_first_column_is_read_again_once_its_order_is_known() {
        // Ambiguous until row 30,000 shows a day above 12.
        let mut dates: Vec<String> =
            (0..40_000).map(|i| format!("03/{:02}/2023", i % 12 + 1)).collect();
        dates[30_000] = "25/04/2023".into();
        let (seen, read) = passes(&dates);
        assert_eq!(seen, [1, 2], "the date column, then every cell");
        assert_eq!(read[0], day(2023, 1, 3), "03/01/2023 read day first");
        assert_eq!(read[30_000], day(2023, 4, 25));
    }

    #[test]
    fn a_bad_date_format_is_refused_before_reading() {
        let src = Source::open(b"Customer,Date,Sales\nAcme,2023-01-05,1\n", None, None).unwrap();
        let opts = Options { date_format: Some("dd/mm".into()), ..Options::default() };
        let err = parse(&src, Kind::Transactions, &opts).unwrap_err();
        assert!(matches!(err, ImportError::BadDateFormat { .. }), "{err}");
    }

    #[test]
    fn cancelling_keeps_nothing() {
        let mut text = String::from("Customer,Date,Sales\n");
        for i in 0..20_000 {
            text.push_str(&format!("Acme {i},2023-01-05,1\n"));
        }
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let err =
            parse_with(&src, Kind::Transactions, &Options::default(), &mut |_| false).unwrap_err();
        assert!(matches!(err, ImportError::Cancelled));
    }
}
