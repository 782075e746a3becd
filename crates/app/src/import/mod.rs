//! Importing a file: read it, check every row, and only then write — in one transaction, after
//! a backup — or write nothing and say what is wrong with which row and column.

mod accounts;
mod activity;
mod transactions;

use std::path::{Path, PathBuf};

use keyplan_formats::import::headers::{self, fields, Mapping};
use keyplan_formats::import::parse::{self, Options, Parsed, Rows, Tick};
use keyplan_formats::import::report;
use keyplan_formats::import::source::{Layout, Source};
use keyplan_formats::import::values::DayOrder;
use keyplan_formats::import::{ImportError, Kind, OnDuplicate, Reason, RowError};
use keyplan_store::{backup, imports, Connection, Db};
use serde::Serialize;

use crate::{now, AppError, Result};

/// Everything the user chose for one import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub kind: Kind,
    pub path: PathBuf,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub options: Options,
    pub on_duplicate: OnDuplicate,
    pub dry_run: bool,
    pub skip_invalid: bool,
}

impl ImportRequest {
    pub fn new(kind: Kind, path: impl Into<PathBuf>) -> Self {
        ImportRequest {
            kind,
            path: path.into(),
            encoding: None,
            sheet: None,
            options: Options::default(),
            on_duplicate: OnDuplicate::Error,
            dry_run: false,
            skip_invalid: false,
        }
    }
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    pub kind: String,
    pub file: String,
    pub layout: Option<Layout>,
    /// Date columns whose day/month order was worked out from the column.
    pub date_orders: Vec<DateOrderNote>,
    pub ignored_columns: Vec<String>,
    pub rows_read: u64,
    /// New records written.
    pub created: u64,
    /// Existing accounts or contacts updated (`--on-duplicate update`).
    pub updated: u64,
    /// Existing accounts or contacts left as they were (`--on-duplicate skip`).
    pub skipped: u64,
    /// Rows already imported before (same content fingerprint), not added again.
    pub already_imported: u64,
    /// Rows refused (only with `--skip-invalid`; otherwise nothing is written).
    pub rejected: u64,
    /// For transaction files: accounts the file named that were new, and that existed.
    pub accounts_created: u64,
    pub accounts_matched: u64,
    pub dry_run: bool,
    pub rejected_file: Option<PathBuf>,
    pub backup: Option<PathBuf>,
    /// The first problems (with `--skip-invalid`), for the summary.
    pub problems: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOrderNote {
    pub column: String,
    pub order: &'static str,
}

/// Where an import is, for a progress bar: `fraction` is of the current stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ImportProgress {
    /// `checking` (reading and validating every row) or `writing`.
    pub stage: &'static str,
    pub rows: u64,
    pub fraction: f32,
}

/// Called every few thousand rows; returning false cancels the import, which then writes nothing.
pub type ProgressFn<'a> = &'a mut dyn FnMut(ImportProgress) -> bool;

/// Imports a file as the request says. See [`ImportSummary`] for what is reported.
pub fn import_file(db: &mut Db, req: &ImportRequest) -> Result<ImportSummary> {
    import_file_with(db, req, &mut |_| true)
}

pub fn import_file_with(
    db: &mut Db,
    req: &ImportRequest,
    progress: ProgressFn<'_>,
) -> Result<ImportSummary> {
    let bytes = read(&req.path)?;
    let src = Source::open(&bytes, req.encoding.as_deref(), req.sheet.as_deref())
        .map_err(|e| file_error(&req.path, e))?;
    let parsed = parse::parse_with(&src, req.kind, &req.options, &mut |t: Tick| {
        // Pass 1 reads only the date columns and is quick: it is the first tenth of the bar.
        let fraction = if t.pass == 1 { t.fraction * 0.1 } else { 0.1 + t.fraction * 0.9 };
        progress(ImportProgress { stage: "checking", rows: u64::from(t.rows), fraction })
    })
    .map_err(|e| file_error(&req.path, e))?;
    let mut summary = ImportSummary {
        kind: req.kind.to_string(),
        file: req.path.display().to_string(),
        layout: Some(src.layout.clone()),
        date_orders: date_notes(&parsed),
        ignored_columns: parsed.mapping.ignored.clone(),
        rows_read: u64::from(parsed.rows_read),
        dry_run: req.dry_run,
        ..ImportSummary::default()
    };
    let ctx = Plan { headers: &src.headers, mapping: &parsed.mapping, policy: req.on_duplicate };
    let Parsed { rows, mut errors, .. } = parsed;
    // Everything that needs the database to judge (unknown accounts, duplicates) is judged
    // read-only first; only then is anything written, all in one transaction.
    let ops = match &rows {
        Rows::Accounts(r) => {
            Ops::Accounts(accounts::plan_accounts(db.conn(), &ctx, r, &mut errors)?)
        }
        Rows::Contacts(r) => {
            Ops::Contacts(accounts::plan_contacts(db.conn(), &ctx, r, &mut errors)?)
        }
        Rows::Transactions(t) => {
            Ops::Transactions(transactions::plan(db.conn(), &ctx, t, &mut errors)?)
        }
        Rows::Interactions(r) => {
            Ops::Interactions(activity::plan_interactions(db.conn(), &ctx, r, &mut errors)?)
        }
        Rows::Surveys(r) => Ops::Surveys(activity::plan_surveys(db.conn(), &ctx, r, &mut errors)?),
    };
    errors.sort_by_key(|e| e.row);
    if !errors.is_empty() && !req.skip_invalid {
        return Err(AppError::Rejected {
            file: req.path.display().to_string(),
            total: errors.len(),
            errors: truncate(errors),
        });
    }
    summary.rejected = rejected_rows(&errors);
    let cancelled = std::cell::Cell::new(false);
    let mut tick = |p: ImportProgress| {
        let go = progress(p);
        cancelled.set(!go);
        go
    };
    let apply = |c: &Connection, s: &mut ImportSummary, tick: ProgressFn<'_>| -> Result<()> {
        ops.apply(c, s, tick)?;
        if cancelled.get() {
            return Err(AppError::Cancelled);
        }
        Ok(())
    };
    if req.dry_run {
        db.rehearse(|c| apply(c, &mut summary, &mut tick))?;
        summary.problems = truncate(errors);
        return Ok(summary);
    }
    // The refused rows are rendered now, while the file is still in memory; then the file is
    // let go of before the write, which wants the memory for SQLite's page cache.
    let rejected_csv = if errors.is_empty() {
        None
    } else {
        Some(
            report::rejected_csv(&src, &errors)
                .map_err(|e| AppError::Internal(format!("the refused-rows file: {e}")))?,
        )
    };
    drop(src);
    drop(bytes);
    // A file with nothing new (the same export imported again, say) takes no backup and
    // writes nothing: a backup of a large book is a full copy of it.
    if !ops.unchanged(db.conn(), &mut summary)? {
        if let Some(path) = db.path().map(Path::to_path_buf) {
            summary.backup =
                Some(backup::take(db.conn(), db.key(), &path, "before-import", now())?.path);
        }
        let normal = db.cache_kib();
        db.write_bulk(|c| {
            imports::set_cache_kib(c, BULK_CACHE_KIB)?;
            let r = apply(c, &mut summary, &mut tick);
            imports::set_cache_kib(c, normal)?;
            r
        })?;
    }
    if let Some(csv) = rejected_csv {
        let out = rejected_path(&req.path);
        crate::files::replace(&out, &csv)?;
        summary.rejected_file = Some(out);
    }
    summary.problems = truncate(errors);
    Ok(summary)
}

/// SQLite's page cache while an import writes (the default is 2 MiB).
const BULK_CACHE_KIB: u32 = 96 * 1024;

/// The writes an import will make, decided before any of them is made.
enum Ops<'r> {
    Accounts(accounts::UpsertOps<accounts::Accounts>),
    Contacts(accounts::UpsertOps<accounts::Contacts>),
    Transactions(transactions::TxOps<'r>),
    Interactions(activity::NewOnly<keyplan_domain::InteractionFields>),
    Surveys(activity::NewOnly<keyplan_domain::SurveyFields>),
}

impl Ops<'_> {
    /// Whether applying would change nothing, with the counts it would give; only transaction
    /// files are looked at ahead (the other kinds are small, and an update is hard to foresee).
    fn unchanged(&self, c: &Connection, s: &mut ImportSummary) -> Result<bool> {
        match self {
            Ops::Transactions(o) => o.unchanged(c, s),
            _ => Ok(false),
        }
    }

    fn apply(&self, c: &Connection, s: &mut ImportSummary, progress: ProgressFn<'_>) -> Result<()> {
        match self {
            Ops::Accounts(o) => o.apply(c, s),
            Ops::Contacts(o) => o.apply(c, s),
            Ops::Transactions(o) => o.apply(c, s, progress),
            Ops::Interactions(o) => o.apply(c, s),
            Ops::Surveys(o) => o.apply(c, s),
        }
    }
}

fn truncate(mut errors: Vec<RowError>) -> Vec<RowError> {
    errors.truncate(report::LISTED);
    errors
}

/// Distinct rows among problems sorted by row.
fn rejected_rows(errors: &[RowError]) -> u64 {
    let mut rows: Vec<u32> = errors.iter().map(|e| e.row).collect();
    rows.dedup();
    rows.len() as u64
}

/// `sales.csv` → `sales.rejected.csv`, beside it.
pub fn rejected_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("import");
    input.with_file_name(format!("{stem}.rejected.csv"))
}

/// The largest file an import reads: a million transactions as CSV are about 70 MB.
pub const MAX_IMPORT_BYTES: u64 = 512 << 20;

fn read(path: &Path) -> Result<Vec<u8>> {
    crate::files::read_limited(path, MAX_IMPORT_BYTES, "a file to import")
}

fn file_error(path: &Path, e: ImportError) -> AppError {
    match e {
        ImportError::Cancelled => AppError::Cancelled,
        other => AppError::ImportFile { file: path.display().to_string(), error: other },
    }
}

fn date_notes(p: &Parsed) -> Vec<DateOrderNote> {
    p.date_orders.iter().map(|(column, o)| order_note(column.clone(), *o)).collect()
}

fn order_note(column: String, o: DayOrder) -> DateOrderNote {
    let order = match o {
        DayOrder::DayFirst => "day_first",
        DayOrder::MonthFirst => "month_first",
    };
    DateOrderNote { column, order }
}

/// What the writers need to know about the file to report a row's problem at its column.
pub(crate) struct Plan<'a> {
    pub headers: &'a [String],
    pub mapping: &'a Mapping,
    pub policy: OnDuplicate,
}

impl Plan<'_> {
    /// A problem with `field` on a row at `pos`, named by the file's header.
    pub fn error(
        &self,
        pos: keyplan_formats::import::source::RowPos,
        field: &str,
        value: &str,
        reason: Reason,
    ) -> RowError {
        let column = self
            .mapping
            .column_named(field)
            .and_then(|c| self.headers.get(c).cloned())
            .unwrap_or_else(|| field.to_string());
        RowError::new(pos.row, pos.line, &column, value, reason)
    }

    /// The form validator's problems with one row, each at its column.
    pub fn invalid(
        &self,
        pos: keyplan_formats::import::source::RowPos,
        e: keyplan_domain::ValidationErrors,
        errors: &mut Vec<RowError>,
    ) {
        for f in e.0 {
            errors.push(self.error(pos, &f.field, "", Reason::Invalid { problem: f.problem }));
        }
    }

    /// The existing account a row names; if there is none, that is the row's "account" error.
    pub fn account(
        &self,
        keys: &imports::AccountKeys,
        pos: keyplan_formats::import::source::RowPos,
        name: &str,
        errors: &mut Vec<RowError>,
    ) -> Option<uuid::Uuid> {
        let found = keys.by_name.get(&keyplan_domain::text::name_key(name)).copied();
        if found.is_none() {
            errors.push(self.error(pos, "account", name, Reason::UnknownAccount));
        }
        found
    }
}

/// The first rows of a file with the columns Keyplan would take, before importing it.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    pub layout: Layout,
    pub headers: Vec<String>,
    pub fields: Vec<PreviewField>,
    pub rows: Vec<Vec<String>>,
    pub date_orders: Vec<DateOrderNote>,
    /// Why the import cannot start as mapped (a required column missing, dates that read
    /// either way …), or None.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewField {
    pub field: &'static str,
    pub required: bool,
    pub column: Option<String>,
}

/// Reads the file far enough to show its first rows and the detected mapping.
pub fn preview_file(req: &ImportRequest, rows: usize) -> Result<ImportPreview> {
    let bytes = read(&req.path)?;
    let src = Source::open(&bytes, req.encoding.as_deref(), req.sheet.as_deref())
        .map_err(|e| file_error(&req.path, e))?;
    let mapping = headers::guess(req.kind, &src.headers, &req.options.map)
        .map_err(|e| file_error(&req.path, e))?;
    let mut problem = headers::check_required(req.kind, &mapping).err().map(|e| e.to_string());
    let mut date_orders = Vec::new();
    if problem.is_none() {
        match parse::date_orders(&src, &mapping, &req.options) {
            Ok(o) => {
                date_orders =
                    o.into_iter().filter_map(|(c, o)| o.map(|o| order_note(c, o))).collect();
            }
            Err(e) => problem = Some(e.to_string()),
        }
    }
    let fields = fields(req.kind)
        .iter()
        .zip(&mapping.columns)
        .map(|(f, c)| PreviewField {
            field: f.name,
            required: f.required,
            column: c.map(|c| src.headers[c].clone()),
        })
        .collect();
    Ok(ImportPreview {
        layout: src.layout.clone(),
        headers: src.headers.clone(),
        fields,
        rows: src.head(rows),
        date_orders,
        problem,
    })
}

/// Where the window keeps the files picked to import: `imports/` beside the book.
pub fn staging_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("imports")
}

/// Keeps a file the user picked in the app (which has its bytes, not its path) in the `imports`
/// folder beside the database, under its own name made safe; returns the path to import from.
pub fn stage_file(db: &Db, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let dir = db.path().map(staging_dir).unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir).map_err(|e| AppError::io(&dir, e))?;
    let path = dir.join(crate::files::safe_name(name, "import.csv"));
    crate::files::replace(&path, bytes)?;
    Ok(path)
}
