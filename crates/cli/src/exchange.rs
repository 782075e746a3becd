//! `import`, `export`, `backup` and `restore`: data in and out of Keyplan.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;
use keyplan_app::export::{ExportFormat, ExportRequest};
use keyplan_app::formats::import::parse::Options;
use keyplan_app::formats::import::{Kind, OnDuplicate};
use keyplan_app::import::{ImportProgress, ImportRequest, ImportSummary};
use keyplan_app::{AppError, Session};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds: accounts, contacts, transactions, interactions or surveys.
    #[arg(value_parser = crate::choice::<Kind>)]
    kind: Kind,
    /// A CSV (any of , ; tab | as delimiter) or an XLSX/XLS workbook.
    file: PathBuf,
    /// Take FIELD from the column headed HEADER (repeatable), e.g. --map account="Customer Name".
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = field_header)]
    map: Vec<(String, String)>,
    /// The file's text encoding (utf-8, gb18030, utf-16le, windows-1252, shift_jis …); detected
    /// when not given.
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    encoding: Option<String>,
    /// How dates are written, in strftime syntax (%d/%m/%Y); detected when not given.
    #[arg(long, value_name = "FMT", value_parser = date_format)]
    date_format: Option<String>,
    /// The workbook sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// An account or contact that already exists: update it, skip it, or refuse the file.
    #[arg(long, default_value = "error", value_parser = crate::choice::<OnDuplicate>)]
    on_duplicate: OnDuplicate,
    /// Check everything and report what would happen; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the valid rows and write the refused ones to NAME.rejected.csv beside the input.
    #[arg(long)]
    skip_invalid: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

impl ExportArgs {
    /// The file the export writes.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// An encoding label encoding_rs knows (a usage mistake otherwise, exit 2).
fn encoding_label(s: &str) -> Result<String, String> {
    keyplan_app::formats::import::decode::encoding_for_label(s)
        .map(|_| s.trim().to_string())
        .map_err(|_| {
            format!(
                "not an encoding label Keyplan knows: {} (such as utf-8, gb18030, gbk, big5, \
                 shift_jis, utf-16le, windows-1252)",
                crate::shown(s)
            )
        })
}

/// A strftime date format with a day, a month and a year, nothing chrono cannot read.
fn date_format(s: &str) -> Result<String, String> {
    use chrono::format::{Fixed, Item, Numeric, StrftimeItems};
    let items: Vec<Item<'_>> = StrftimeItems::new(s).collect();
    let bad = items.iter().any(|i| matches!(i, Item::Error));
    let has = |want: &[Numeric]| {
        items.iter().any(|i| matches!(i, Item::Numeric(n, _) if want.contains(n)))
    };
    let month_name = items
        .iter()
        .any(|i| matches!(i, Item::Fixed(Fixed::ShortMonthName | Fixed::LongMonthName)));
    let whole = has(&[Numeric::Day])
        && (has(&[Numeric::Month]) || month_name)
        && has(&[Numeric::Year, Numeric::YearMod100]);
    if bad || !whole || s.chars().count() > 40 {
        return Err(format!(
            "not a date format: {} — write it in strftime style with a day, a month and a year, \
             such as %d/%m/%Y or %Y.%m.%d",
            crate::shown(s)
        ));
    }
    Ok(s.to_string())
}

/// One export column's key (a usage mistake otherwise, exit 2, listing them).
fn column_key(s: &str) -> Result<String, String> {
    let key = s.trim();
    if keyplan_app::export::COLUMNS.contains(&key) {
        Ok(key.to_string())
    } else {
        Err(format!(
            "not a column: {}; the columns are {}",
            crate::shown(key),
            keyplan_app::export::COLUMNS.join(", ")
        ))
    }
}

fn field_header(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(f, h)| (f.trim().to_string(), h.trim().trim_matches('"').to_string()))
        .filter(|(f, h)| !f.is_empty() && !h.is_empty())
        .ok_or_else(|| format!("expected FIELD=HEADER, got {}", crate::shown(s)))
}

pub fn import(session: &mut Session, a: ImportArgs) -> Result<(), AppError> {
    // --map names a field of this kind of file (a usage mistake otherwise, exit 2).
    let fields = keyplan_app::formats::import::headers::fields(a.kind);
    if let Some((field, _)) = a
        .map
        .iter()
        .find(|(f, _)| !fields.iter().any(|x| x.name == f.as_str() || x.also.contains(&f.as_str())))
    {
        let names: Vec<&str> = fields.iter().map(|x| x.name).collect();
        return Err(AppError::Usage(format!(
            "--map: {} is not a field of {}; the fields: {}",
            crate::shown(field),
            a.kind,
            names.join(", ")
        )));
    }
    let req = ImportRequest {
        kind: a.kind,
        path: a.file,
        encoding: a.encoding,
        sheet: a.sheet,
        options: Options { map: a.map, date_format: a.date_format },
        on_duplicate: a.on_duplicate,
        dry_run: a.dry_run,
        skip_invalid: a.skip_invalid,
    };
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let mut show = |p: ImportProgress| {
        if terminal {
            let secs = started.elapsed().as_secs_f64().max(0.001);
            #[allow(clippy::cast_precision_loss)]
            let rate = p.rows as f64 / secs;
            eprint!(
                "\r{:>8} {:>3.0}%  {} rows  {:.0} rows/s   ",
                p.stage,
                p.fraction * 100.0,
                p.rows,
                rate
            );
        }
        true
    };
    let result = session.import(&req, &mut show);
    if terminal {
        eprint!("\r{:60}\r", "");
    }
    let s = result?;
    if a.json {
        return crate::output::json(&s);
    }
    print_summary(&s, started.elapsed().as_secs_f64())
}

fn print_summary(s: &ImportSummary, secs: f64) -> Result<(), AppError> {
    let verb = if s.dry_run { "would import" } else { "imported" };
    println!("{verb} {} from {} ({} rows read in {secs:.2} s)", s.kind, s.file, s.rows_read);
    if let Some(layout) = &s.layout {
        match layout {
            keyplan_app::formats::import::source::Layout::Csv {
                delimiter,
                encoding,
                guessed_encoding,
            } => {
                let how = if *guessed_encoding { "detected" } else { "given" };
                println!("  read as CSV, delimiter {delimiter:?}, encoding {encoding} ({how})");
            }
            keyplan_app::formats::import::source::Layout::Workbook { sheet, .. } => {
                println!("  read from sheet {sheet:?}");
            }
        }
    }
    for d in &s.date_orders {
        println!("  dates in {:?} read {}", d.column, d.order.replace('_', " "));
    }
    if !s.ignored_columns.is_empty() {
        println!("  columns not imported: {}", s.ignored_columns.join(", "));
    }
    println!(
        "  created {}, updated {}, skipped {}, already imported {}, rejected {}",
        s.created, s.updated, s.skipped, s.already_imported, s.rejected
    );
    if s.kind == "transactions" {
        println!("  accounts: {} created, {} matched", s.accounts_created, s.accounts_matched);
    }
    if let Some(f) = &s.rejected_file {
        println!("  refused rows written to {}", f.display());
    }
    if let Some(b) = &s.backup {
        println!("  backup taken first: {}", b.display());
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export (only `portfolio` so far).
    #[arg(value_parser = ["portfolio"])]
    what: String,
    /// csv (UTF-8 with a BOM, for Excel) or xlsx (typed cells, a frozen header).
    #[arg(long, value_parser = crate::choice::<ExportFormat>)]
    format: ExportFormat,
    /// The file to write (replaced whole or not at all).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The date to compute tiers and metrics as of (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
    as_of: Option<NaiveDate>,
    /// Column titles in en or zh-CN (default: the app's language).
    #[arg(long, value_parser = crate::language)]
    lang: Option<String>,
    /// Only these columns, in this order (comma-separated keys; each once).
    #[arg(long, value_delimiter = ',', value_parser = column_key)]
    columns: Vec<String>,
}

pub fn export(session: &Session, a: ExportArgs) -> Result<(), AppError> {
    if let Some((_, twice)) =
        a.columns.iter().enumerate().find(|(i, c)| a.columns[..*i].contains(c))
    {
        return Err(AppError::Usage(format!("--columns: {twice} is given twice")));
    }
    let req = ExportRequest { columns: a.columns, language: a.lang, ..ExportRequest::default() };
    let (bytes, accounts) = session.export_portfolio(a.as_of, a.format, &req)?;
    write_file(&a.out, &bytes)?;
    println!("exported {accounts} accounts to {}", a.out.display());
    Ok(())
}

/// A file named with `--out`: replaced whole or not at all (the old one survives a failure).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    keyplan_app::files::replace(path, bytes)
}

pub fn backup(session: &Session, out: Option<&Path>) -> Result<(), AppError> {
    let b = session.backup_now(out)?;
    println!("backup written to {} ({} bytes)", b.path.display(), b.bytes);
    Ok(())
}

pub fn restore(session: &mut Session, file: &Path) -> Result<(), AppError> {
    let r = session.restore(file)?;
    println!("restored {} (schema {})", r.from.display(), r.schema_version);
    if let Some(s) = r.safety_backup {
        println!("the database as it was is backed up at {}", s.display());
    }
    Ok(())
}

pub fn list_backups(session: &Session) -> Result<(), AppError> {
    for b in session.list_backups()? {
        println!(
            "{}  {:>10} bytes  {:<22} {}",
            b.taken_at.format("%Y-%m-%d %H:%M:%S"),
            b.bytes,
            b.reason,
            b.path.display()
        );
    }
    Ok(())
}
