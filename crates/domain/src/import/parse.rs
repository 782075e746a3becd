//! Rows → validated records, for every kind, reporting every problem, not just the first.
//! A date such as 03/04/2023 needs its column's day/month order, decided from the whole column;
//! so the file is read once optimistically, and only if such a date turns up is it read again:
//! first its date columns alone (to decide each one's order), then every cell.

use std::collections::HashMap;
use std::convert::Infallible;

use chrono::NaiveDate;
use uuid::Uuid;

use super::headers::{map_columns, Mapping};
use super::source::{Cells, RowPos, ScanError, Source};
use super::values::{
    parse_date, parse_money, parse_number, DateColumn, DateToken, DayOrder, OrderProblem,
};
use super::{ImportError, Kind, Reason, RowError};
use crate::validate::Choice;
use crate::{
    AccountInput, ContactInput, FieldError, InteractionInput, Money, SizeBand, SurveyInput,
};

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
#[derive(Debug, Clone, Default)]
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

/// A transaction row in 48 bytes: a million of them fit comfortably in memory.
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

#[derive(Debug, Clone, Default)]
pub struct TransactionRows {
    pub accounts: Vec<FileAccount>,
    pub products: Vec<String>,
    pub rows: Vec<TxRow>,
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

const DATE_FIELDS: &[&str] =
    &["date", "relationship_start", "renewal_date", "last_contacted", "resolved_on"];

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
    let cols: Vec<usize> = DATE_FIELDS.iter().filter_map(|f| mapping.column(kind, f)).collect();
    let mut ctx = Ctx {
        src,
        kind,
        mapping: &mapping,
        orders: cols.iter().map(|c| (*c, None)).collect(),
        format: opts.date_format.as_deref(),
        optimistic: opts.date_format.is_none() && !cols.is_empty(),
    };
    let (rows, errors, rows_read) = match read_rows(&ctx, progress) {
        Err(Stop::Unclear) => {
            ctx.orders = day_orders(src, kind, &mapping, opts, progress)?;
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

/// Every row of the file as `ctx.kind`: the rows that passed, every problem, rows read.
fn read_rows(
    ctx: &Ctx<'_, '_>,
    progress: &mut dyn FnMut(Tick) -> bool,
) -> Result<(Rows, Vec<RowError>, u32), Stop> {
    let mut pass2 = |rows: u32, fraction: f32| progress(Tick { pass: 2, rows, fraction });
    let p = &mut pass2;
    let mut errors = Vec::new();
    let mut rows_read = 0u32;
    let rows = match ctx.kind {
        Kind::Accounts => {
            Rows::Accounts(collect(ctx, p, &mut errors, &mut rows_read, account_row)?)
        }
        Kind::Contacts => {
            Rows::Contacts(collect(ctx, p, &mut errors, &mut rows_read, contact_row)?)
        }
        Kind::Interactions => {
            Rows::Interactions(collect(ctx, p, &mut errors, &mut rows_read, interaction_row)?)
        }
        Kind::Surveys => Rows::Surveys(collect(ctx, p, &mut errors, &mut rows_read, survey_row)?),
        Kind::Transactions => {
            Rows::Transactions(transactions(ctx, p, &mut errors, &mut rows_read)?)
        }
    };
    Ok((rows, errors, rows_read))
}

fn check_format(fmt: &str) -> Result<(), ImportError> {
    use chrono::format::{Item, StrftimeItems};
    let bad = StrftimeItems::new(fmt).any(|i| matches!(i, Item::Error));
    if bad || !fmt.contains('%') {
        return Err(ImportError::BadDateFormat { format: fmt.to_string() });
    }
    Ok(())
}

/// Each mapped date column (by header) and its day/month order, when the whole column shows it.
pub fn date_orders(
    src: &Source<'_>,
    kind: Kind,
    mapping: &Mapping,
    opts: &Options,
) -> Result<Vec<(String, Option<DayOrder>)>, ImportError> {
    let orders = day_orders(src, kind, mapping, opts, &mut |_| true)?;
    Ok(orders.into_iter().map(|(c, o)| (src.headers[c].clone(), o)).collect())
}

/// First pass: each date column's day/month order, judged over all of its cells.
fn day_orders(
    src: &Source<'_>,
    kind: Kind,
    mapping: &Mapping,
    opts: &Options,
    progress: &mut dyn FnMut(Tick) -> bool,
) -> Result<Vec<(usize, Option<DayOrder>)>, ImportError> {
    let cols: Vec<usize> = DATE_FIELDS.iter().filter_map(|f| mapping.column(kind, f)).collect();
    if opts.date_format.is_some() || cols.is_empty() {
        return Ok(cols.into_iter().map(|c| (c, None)).collect());
    }
    let mut seen = vec![DateColumn::default(); cols.len()];
    src.scan_with::<Infallible>(
        |pos, cells| {
            for (i, col) in cols.iter().enumerate() {
                let text = cells.cell(*col).trim();
                if let Ok(token) = parse_date(text, None) {
                    seen[i].observe(token, pos.row, text);
                }
            }
            Ok(())
        },
        &mut |rows, fraction| progress(Tick { pass: 1, rows, fraction }),
    )
    .map_err(scan_error)?;
    cols.iter()
        .zip(&seen)
        .map(|(col, s)| {
            let column = src.headers[*col].clone();
            match s.order() {
                Ok(o) => Ok((*col, o)),
                Err(OrderProblem::Ambiguous { row, value }) => {
                    Err(ImportError::AmbiguousDates { column, row, value })
                }
                Err(OrderProblem::Mixed {
                    day_first_row,
                    day_first,
                    month_first_row,
                    month_first,
                }) => Err(ImportError::MixedDates {
                    column,
                    day_first_row,
                    day_first,
                    month_first_row,
                    month_first,
                }),
            }
        })
        .collect()
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

/// An optimistic read met a date that needs its column's day/month order.
#[derive(Debug)]
struct Unclear;

impl Row<'_> {
    /// Whether an optimistic read must stop here (see [`Row::date`]).
    fn unclear(&self) -> Result<(), Unclear> {
        let stop = self.ctx.optimistic && self.errors.iter().any(|e| e.reason == Reason::DateOrder);
        if stop {
            Err(Unclear)
        } else {
            Ok(())
        }
    }
}

struct Ctx<'s, 'a> {
    src: &'s Source<'a>,
    kind: Kind,
    mapping: &'s Mapping,
    /// Each date column's day/month order, where known.
    orders: Vec<(usize, Option<DayOrder>)>,
    format: Option<&'s str>,
    /// Reading as if no date needed a day/month order; one that does stops the read.
    optimistic: bool,
}

type Progress<'p> = &'p mut dyn FnMut(u32, f32) -> bool;

/// One row being read: typed accessors that record a problem against the column and move on.
struct Row<'c> {
    ctx: &'c Ctx<'c, 'c>,
    pos: RowPos,
    cells: &'c dyn Cells,
    errors: Vec<RowError>,
}

const SPREADSHEET_ERRORS: &[&str] =
    &["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#GETTING_DATA"];

impl<'c> Row<'c> {
    fn column(&self, field: &str) -> Option<usize> {
        self.ctx.mapping.column(self.ctx.kind, field)
    }

    fn header(&self, field: &str) -> String {
        match self.column(field) {
            Some(c) => self.ctx.src.headers[c].clone(),
            None => field.to_string(),
        }
    }

    fn fail(&mut self, field: &str, value: &str, reason: Reason) {
        let column = self.header(field);
        self.errors.push(RowError::new(self.pos.row, self.pos.line, &column, value, reason));
    }

    /// The trimmed text of a field's cell; None when there is no such column or it is blank.
    fn text(&mut self, field: &str) -> Option<&'c str> {
        let v = self.cells.cell(self.column(field)?).trim();
        if v.is_empty() {
            return None;
        }
        if SPREADSHEET_ERRORS.contains(&v) {
            self.fail(field, v, Reason::SpreadsheetError);
            return None;
        }
        Some(v)
    }

    fn required(&mut self, field: &str) -> Option<&'c str> {
        let v = self.text(field);
        if v.is_none() && !self.errors.iter().any(|e| e.column == self.header(field)) {
            self.fail(field, "", Reason::Required);
        }
        v
    }

    fn money(&mut self, v: Option<&str>, field: &str) -> Option<Money> {
        let v = v?;
        parse_money(v).map_err(|r| self.fail(field, v, r)).ok()
    }

    fn integer(&mut self, field: &str) -> Option<i64> {
        let v = self.text(field)?;
        match parse_number(v) {
            Ok((d, false)) => d.to_integer().map_err(|r| self.fail(field, v, r)).ok(),
            Ok((_, true)) => {
                self.fail(field, v, Reason::NotAWholeNumber);
                None
            }
            Err(r) => {
                self.fail(field, v, r);
                None
            }
        }
    }

    fn date(&mut self, v: Option<&str>, field: &str) -> Option<NaiveDate> {
        let v = v?;
        let order = self
            .column(field)
            .and_then(|c| self.ctx.orders.iter().find(|(col, _)| *col == c))
            .and_then(|(_, o)| *o);
        let token = parse_date(v, self.ctx.format);
        if self.ctx.optimistic && matches!(token, Ok(DateToken::Either { .. })) {
            self.fail(field, v, Reason::DateOrder);
            return None;
        }
        match token.and_then(|t| t.resolve(order)) {
            Ok(d) => Some(d),
            Err(r) => {
                self.fail(field, v, r);
                None
            }
        }
    }

    fn date_text(&mut self, field: &str) -> Option<String> {
        let v = self.text(field);
        self.date(v, field).map(|d| d.to_string())
    }

    fn choice(&mut self, field: &str, aliases: &[(&str, &str)]) -> Option<String> {
        let v = self.text(field)?;
        Some(translate(v, aliases).to_string())
    }

    /// The form validator's problems, moved onto the columns they came from.
    fn validation(&mut self, errs: &[FieldError]) {
        for e in errs {
            let value = self
                .column(&e.field)
                .map(|c| self.cells.cell(c).trim().to_string())
                .unwrap_or_default();
            self.fail(&e.field.clone(), &value, Reason::Invalid { problem: e.problem.clone() });
        }
    }
}

fn translate<'v>(v: &'v str, aliases: &[(&str, &'v str)]) -> &'v str {
    aliases.iter().find(|(from, _)| *from == v).map_or(v, |(_, to)| to)
}

const SIZE_WORDS: &[(&str, &str)] = &[
    ("微型", "micro"),
    ("小型", "small"),
    ("中型", "medium"),
    ("大型", "large"),
    ("特大型", "enterprise"),
    ("超大型", "enterprise"),
    ("集团", "enterprise"),
];
const KIND_WORDS: &[(&str, &str)] = &[
    ("拜访", "visit"),
    ("电话", "call"),
    ("邮件", "email"),
    ("会议", "meeting"),
    ("活动", "event"),
    ("培训", "training"),
    ("投诉", "complaint"),
    ("推荐", "referral"),
    ("转介绍", "referral"),
];
const SEVERITY_WORDS: &[(&str, &str)] =
    &[("低", "low"), ("中", "medium"), ("高", "high"), ("紧急", "critical"), ("严重", "critical")];
const ROLE_WORDS: &[(&str, &str)] = &[
    ("决策者", "decision_maker"),
    ("经济买家", "economic_buyer"),
    ("技术评估者", "technical_evaluator"),
    ("使用者", "user"),
    ("影响者", "influencer"),
    ("把关者", "gatekeeper"),
    ("内部支持者", "champion"),
    ("支持者", "champion"),
];

/// Runs `read` on every row, keeping the rows that passed and every problem.
fn collect<T>(
    ctx: &Ctx<'_, '_>,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
    read: fn(&mut Row<'_>) -> Option<T>,
) -> Result<Vec<T>, Stop> {
    let mut out = Vec::new();
    ctx.src
        .scan_with::<Unclear>(
            |pos, cells| {
                *rows_read += 1;
                let mut row = Row { ctx, pos, cells, errors: Vec::new() };
                let value = read(&mut row);
                row.unclear()?;
                if row.errors.is_empty() {
                    out.extend(value);
                }
                errors.append(&mut row.errors);
                Ok(())
            },
            progress,
        )
        .map_err(read_error)?;
    Ok(out)
}

fn tags(v: Option<&str>) -> Vec<String> {
    v.map(|t| {
        t.split([',', ';', '、', '，', '；', '|'])
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

fn account_row(r: &mut Row<'_>) -> Option<AccountRow> {
    let input = AccountInput {
        name: r.required("name").unwrap_or_default().to_string(),
        industry: r.text("industry").map(str::to_string),
        size_band: r.choice("size_band", SIZE_WORDS),
        region: r.text("region").map(str::to_string),
        owner: r.text("owner").map(str::to_string),
        tags: tags(r.text("tags")),
        relationship_start: r.date_text("relationship_start"),
        renewal_date: r.date_text("renewal_date"),
        industry_influence: r.integer("industry_influence"),
        innovation_synergy: r.integer("innovation_synergy"),
        growth_potential: r.integer("growth_potential"),
        strategic_fit: r.integer("strategic_fit"),
        notes: r.text("notes").map(str::to_string),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate() {
            r.validation(&e.0);
        }
    }
    let external_id = r.text("external_id").map(str::to_string);
    Some(AccountRow { pos: r.pos, external_id, input })
}

fn contact_row(r: &mut Row<'_>) -> Option<ContactRow> {
    let account = r.required("account").unwrap_or_default().to_string();
    let input = ContactInput {
        name: r.required("name").unwrap_or_default().to_string(),
        title: r.text("title").map(str::to_string),
        email: r.text("email").map(str::to_string),
        phone: r.text("phone").map(str::to_string),
        role: r.choice("role", ROLE_WORDS),
        attitude: r.integer("attitude"),
        influence: r.integer("influence"),
        relationship_strength: r.integer("relationship_strength"),
        reports_to: None,
        last_contacted: r.date_text("last_contacted"),
        notes: r.text("notes").map(str::to_string),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    let external_id = r.text("external_id").map(str::to_string);
    Some(ContactRow { pos: r.pos, account, external_id, input })
}

fn sentiment(r: &mut Row<'_>) -> Option<i64> {
    const WORDS: &[(&str, i64)] = &[
        ("positive", 1),
        ("neutral", 0),
        ("negative", -1),
        ("正面", 1),
        ("积极", 1),
        ("中性", 0),
        ("负面", -1),
        ("消极", -1),
    ];
    let v = r.text("sentiment")?;
    match WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(v)) {
        Some((_, n)) => Some(*n),
        None => r.integer("sentiment"),
    }
}

fn interaction_row(r: &mut Row<'_>) -> Option<InteractionRow> {
    let account = r.required("account").unwrap_or_default().to_string();
    let date = r.required("date");
    let input = InteractionInput {
        date: r.date(date, "date").map(|d| d.to_string()).unwrap_or_default(),
        kind: r.choice("kind", KIND_WORDS).unwrap_or_default(),
        summary: r.text("summary").map(str::to_string),
        sentiment: sentiment(r),
        next_step: r.text("next_step").map(str::to_string),
        contact_ids: Vec::new(),
        severity: r.choice("severity", SEVERITY_WORDS),
        resolved_on: r.date_text("resolved_on"),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    Some(InteractionRow { pos: r.pos, account, input })
}

fn survey_row(r: &mut Row<'_>) -> Option<SurveyRow> {
    let account = r.required("account").unwrap_or_default().to_string();
    let date = r.required("date");
    let input = SurveyInput {
        contact_id: None,
        date: r.date(date, "date").map(|d| d.to_string()).unwrap_or_default(),
        nps: r.integer("nps"),
        csat: r.integer("csat"),
        comment: r.text("comment").map(str::to_string),
    };
    if input.nps.is_none() {
        r.required("nps");
    }
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    let contact = r.text("contact").map(str::to_string);
    Some(SurveyRow { pos: r.pos, account, contact, input })
}

/// The transactions pass, built for a million rows: account names and product lines are
/// interned (looked up by the raw cell text, normalised once per distinct spelling) and each
/// row is stored as a small copyable struct.
fn transactions(
    ctx: &Ctx<'_, '_>,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
) -> Result<TransactionRows, Stop> {
    let mut out = TransactionRows::default();
    let mut by_spelling: HashMap<String, u32> = HashMap::new();
    let mut by_key: HashMap<String, u32> = HashMap::new();
    let mut products: HashMap<String, u32> = HashMap::new();
    ctx.src
        .scan_with::<Unclear>(
            |pos, cells| {
                *rows_read += 1;
                let mut r = Row { ctx, pos, cells, errors: Vec::new() };
                let name = r.required("account");
                let date = r.required("date");
                let date = r.date(date, "date");
                let revenue_text = r.required("revenue");
                let revenue = r.money(revenue_text, "revenue");
                let profit_text = r.text("profit");
                let mut profit = r.money(profit_text, "profit");
                if profit_text.is_none() {
                    profit = margin_profit(&mut r, revenue);
                }
                let quantity = quantity(&mut r);
                let product = r.text("product_line");
                if let Some(p) = product {
                    if p.chars().count() > crate::validate::MAX_TEXT {
                        r.fail(
                            "product_line",
                            p,
                            Reason::Invalid {
                                problem: crate::Problem::TooLong { max: crate::validate::MAX_TEXT },
                            },
                        );
                    }
                }
                if let Some(n) = name.filter(|n| n.chars().count() > crate::validate::MAX_TEXT) {
                    r.fail(
                        "account",
                        n,
                        Reason::Invalid {
                            problem: crate::Problem::TooLong { max: crate::validate::MAX_TEXT },
                        },
                    );
                }
                r.unclear()?;
                let (Some(name), Some(date), Some(revenue), true) =
                    (name, date, revenue, r.errors.is_empty())
                else {
                    errors.append(&mut r.errors);
                    return Ok(());
                };
                let account = match by_spelling.get(name) {
                    Some(i) => *i,
                    None => {
                        let key = crate::text::name_key(name);
                        let i = match by_key.get(&key) {
                            Some(i) => *i,
                            None => {
                                let i = u32::try_from(out.accounts.len()).unwrap_or(u32::MAX);
                                out.accounts.push(FileAccount {
                                    name: name.to_string(),
                                    key: key.clone(),
                                    first_row: pos.row,
                                    ..FileAccount::default()
                                });
                                by_key.insert(key, i);
                                i
                            }
                        };
                        by_spelling.insert(name.to_string(), i);
                        i
                    }
                };
                fill_account(&mut r, &mut out.accounts[account as usize]);
                if !r.errors.is_empty() {
                    errors.append(&mut r.errors);
                    return Ok(());
                }
                let product = product.map(|p| match products.get(p) {
                    Some(i) => *i,
                    None => {
                        let n = u32::try_from(products.len()).unwrap_or(u32::MAX);
                        products.insert(p.to_string(), n);
                        n
                    }
                });
                out.rows.push(TxRow {
                    row: pos.row,
                    account,
                    date,
                    revenue,
                    profit,
                    product,
                    quantity,
                });
                Ok(())
            },
            progress,
        )
        .map_err(read_error)?;
    let mut names: Vec<(String, u32)> = products.into_iter().collect();
    names.sort_by_key(|(_, i)| *i);
    out.products = names.into_iter().map(|(n, _)| n).collect();
    Ok(out)
}

/// A margin column (25% or 0.25) gives profit = revenue × margin, rounded half away from zero
/// to the minor unit — exact decimal arithmetic, no float.
fn margin_profit(r: &mut Row<'_>, revenue: Option<Money>) -> Option<Money> {
    let v = r.text("margin")?;
    let (d, _) = parse_number(v).map_err(|e| r.fail("margin", v, e)).ok()?;
    let revenue = i128::from(revenue?.minor());
    let scale = 10i128.checked_pow(d.scale)?;
    let product = revenue.checked_mul(d.mantissa)?;
    let half = scale / 2;
    let rounded = if product >= 0 { (product + half) / scale } else { (product - half) / scale };
    i64::try_from(rounded).ok().map(Money)
}

fn quantity(r: &mut Row<'_>) -> Option<f64> {
    let v = r.text("quantity")?;
    match parse_number(v) {
        Ok((d, false)) if d.mantissa >= 0 => Some(d.to_f64()),
        Ok((_, false)) => {
            r.fail("quantity", v, Reason::Invalid { problem: crate::Problem::Negative });
            None
        }
        Ok((_, true)) | Err(_) => {
            r.fail("quantity", v, Reason::NotANumber);
            None
        }
    }
}

/// Account columns on a transaction row fill the account's blanks (first value wins).
fn fill_account(r: &mut Row<'_>, a: &mut FileAccount) {
    if a.industry.is_none() {
        a.industry = r.text("industry").map(str::to_string);
    }
    if a.region.is_none() {
        a.region = r.text("region").map(str::to_string);
    }
    if a.owner.is_none() {
        a.owner = r.text("owner").map(str::to_string);
    }
    if a.size_band.is_none() {
        if let Some(v) = r.text("size_band") {
            match SizeBand::parse(translate(v, SIZE_WORDS)) {
                Some(s) => a.size_band = Some(s),
                None => r.fail(
                    "size_band",
                    v,
                    Reason::Invalid {
                        problem: crate::Problem::InvalidChoice {
                            allowed: SizeBand::NAMES.to_vec(),
                        },
                    },
                ),
            }
        }
    }
    if a.tags.is_empty() {
        a.tags = tags(r.text("tags"));
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
}
