//! A file as a header row and data rows of text cells, whatever it was: CSV (delimiter sniffed
//! from the header line, quoted fields with delimiters, quotes and newlines inside) or a workbook
//! (XLSX, XLS, ODS via calamine; typed cells become canonical text: ISO dates, exact numbers).

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use serde::Serialize;

pub mod halves;

use super::decode::{decode, Decoded};
use super::ImportError;

/// How a file was read, for the preview and the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum Layout {
    Csv { delimiter: char, encoding: String, guessed_encoding: bool },
    Workbook { sheet: String, sheets: Vec<String> },
}

/// Where a row is: `row` counts data rows from 1, `line` is the file line (CSV) or sheet row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPos {
    pub row: u32,
    pub line: u64,
}

#[derive(Debug)]
enum Body<'a> {
    Csv {
        text: Cow<'a, str>,
        delimiter: u8,
    },
    /// Workbook rows after the header, already text; with each row's sheet row number.
    Cells(Vec<(u64, Vec<String>)>),
}

/// A readable table. Scanning it twice is cheap (the text stays in memory), which lets a date
/// column be judged as a whole before any row is validated.
#[derive(Debug)]
pub struct Source<'a> {
    pub headers: Vec<String>,
    pub layout: Layout,
    body: Body<'a>,
}

/// One row's cells; a missing trailing cell reads as empty.
pub trait Cells {
    fn cell(&self, i: usize) -> &str;
}

impl Cells for csv::StringRecord {
    fn cell(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

impl Cells for Vec<String> {
    fn cell(&self, i: usize) -> &str {
        self.get(i).map_or("", String::as_str)
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

impl<'a> Source<'a> {
    /// Reads `bytes` as a workbook when they start like one, else as delimited text.
    pub fn open(
        bytes: &'a [u8],
        encoding: Option<&str>,
        sheet: Option<&str>,
    ) -> Result<Source<'a>, ImportError> {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return workbook(bytes, sheet);
        }
        let Decoded { text, encoding, guessed } = decode(bytes, encoding)?;
        let delimiter = sniff_delimiter(&text);
        let headers = {
            let mut reader = csv_reader(text.as_bytes(), delimiter);
            let mut record = csv::StringRecord::new();
            match reader.read_record(&mut record) {
                Ok(true) => record.iter().map(|h| h.trim().to_string()).collect::<Vec<_>>(),
                Ok(false) => return Err(ImportError::Empty),
                Err(e) => return Err(ImportError::Workbook { reason: e.to_string() }),
            }
        };
        if headers.iter().all(String::is_empty) {
            return Err(ImportError::Empty);
        }
        Ok(Source {
            headers,
            layout: Layout::Csv {
                delimiter: char::from(delimiter),
                encoding: encoding.name().to_string(),
                guessed_encoding: guessed,
            },
            body: Body::Csv { text, delimiter },
        })
    }

    /// Calls `f` for every non-blank data row, in order, until it returns an error.
    pub fn scan<E>(
        &self,
        f: impl FnMut(RowPos, &dyn Cells) -> Result<(), E>,
    ) -> Result<(), ScanError<E>> {
        self.scan_with(f, &mut |_, _| true)
    }

    /// As [`Source::scan`], telling `progress` (rows so far, fraction of the file) every few
    /// thousand rows; `progress` returning false cancels the scan.
    pub fn scan_with<E>(
        &self,
        mut f: impl FnMut(RowPos, &dyn Cells) -> Result<(), E>,
        progress: &mut dyn FnMut(u32, f32) -> bool,
    ) -> Result<(), ScanError<E>> {
        #[allow(clippy::cast_precision_loss)]
        let fraction = |done: u64, all: usize| done as f32 / all.max(1) as f32;
        match &self.body {
            Body::Csv { text, delimiter } => {
                let part =
                    Part { text, header: true, stop: None, total: text.len(), overran: None };
                scan_csv(&part, *delimiter, f, progress).map(|_| ())
            }
            Body::Cells(rows) => {
                for (i, (line, cells)) in rows.iter().enumerate() {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    if row % PROGRESS_EVERY == 0
                        && !progress(row, fraction(u64::from(row), rows.len()))
                    {
                        return Err(ScanError::Cancelled);
                    }
                    f(RowPos { row, line: *line }, cells).map_err(ScanError::Stop)?;
                }
                Ok(())
            }
        }
    }

    /// The first `n` non-blank data rows as text, for a preview.
    pub fn head(&self, n: usize) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let width = self.headers.len();
        let _ = self.scan(|_, cells| {
            if out.len() >= n {
                return Err(());
            }
            out.push((0..width).map(|i| cells.cell(i).to_string()).collect());
            Ok(())
        });
        out
    }
}

/// Why a scan stopped: the file (a CSV syntax error) or the caller.
#[derive(Debug)]
pub enum ScanError<E> {
    Csv { line: u64, reason: String },
    Stop(E),
    Cancelled,
}

const PROGRESS_EVERY: u32 = 16_384;

/// A stretch of CSV text to scan: the whole body, or one of its halves (see [`halves`]).
struct Part<'t> {
    text: &'t str,
    /// Whether the first record is the header (skipped).
    header: bool,
    /// Where the scan may stop: a record that ends anywhere in this run of line ends ends the
    /// part. A record that ends beyond it means the run was inside a quoted cell: the scan
    /// then reads on to the end of the text.
    stop: Option<std::ops::Range<usize>>,
    /// The whole body's length, for the progress fraction.
    total: usize,
    /// Set when the scan passes `stop` without a record ending in it (the cut was wrong).
    overran: Option<&'t std::sync::atomic::AtomicBool>,
}

/// How a CSV scan ended.
enum Ended {
    /// At the stop, after this many rows (blank ones too: they are numbered).
    AtStop(u32),
    AtEnd,
}

fn scan_csv<E>(
    part: &Part<'_>,
    delimiter: u8,
    mut f: impl FnMut(RowPos, &dyn Cells) -> Result<(), E>,
    progress: &mut dyn FnMut(u32, f32) -> bool,
) -> Result<Ended, ScanError<E>> {
    #[allow(clippy::cast_precision_loss)]
    let fraction = |done: u64| done as f32 / part.total.max(1) as f32;
    let mut reader = csv_reader(part.text.as_bytes(), delimiter);
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    let mut first = part.header;
    let mut stop = part.stop.clone();
    loop {
        // Not before the header is read: a cut can never fall before it.
        if let Some(run) = stop.as_ref().filter(|_| !first) {
            let at = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
            if at >= run.start && at <= run.end {
                return Ok(Ended::AtStop(row));
            }
            if at > run.end {
                stop = None;
                if let Some(flag) = part.overran {
                    flag.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }
        let line = line_of(part.text, reader.position());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(Ended::AtEnd),
            Err(e) => return Err(ScanError::Csv { line, reason: e.to_string() }),
        }
        if std::mem::take(&mut first) {
            continue; // the header
        }
        row += 1;
        if row % PROGRESS_EVERY == 0 && !progress(row, fraction(reader.position().byte())) {
            return Err(ScanError::Cancelled);
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The record starts where the reader was (`line_of` skips the line ends it passed).
        f(RowPos { row, line }, &record).map_err(ScanError::Stop)?;
    }
}

/// The file line a record starting at `p` is on. The reader counts a line end when it reads
/// it, and after a `\r` it leaves the `\n` (and any blank lines) for the next record: the
/// record's text starts past them.
fn line_of(text: &str, p: &csv::Position) -> u64 {
    let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
    let ends = text.as_bytes().get(from..).unwrap_or_default();
    let skipped = ends.iter().take_while(|b| **b == b'\r' || **b == b'\n');
    p.line() + skipped.filter(|b| **b == b'\n').count() as u64
}

fn csv_reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes)
}

/// The delimiter that splits the header line (outside quotes) into the most fields.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|i| (counts[*i], std::cmp::Reverse(*i))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        DELIMITERS[best]
    }
}

fn workbook<'a>(bytes: &'a [u8], sheet: Option<&str>) -> Result<Source<'a>, ImportError> {
    let bad = |e: &dyn std::fmt::Display| ImportError::Workbook { reason: e.to_string() };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(s) => sheets.iter().find(|n| n.trim() == s.trim()).cloned().ok_or_else(|| {
            ImportError::NoSuchSheet { sheet: s.to_string(), available: sheets.clone() }
        })?,
        None => sheets.first().cloned().ok_or(ImportError::Empty)?,
    };
    let range = book.worksheet_range(&name).map_err(|e| bad(&e))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let mut rows = range.rows().enumerate().map(|(i, r)| {
        (first_row + u64::try_from(i).unwrap_or(0), r.iter().map(cell_text).collect::<Vec<_>>())
    });
    let headers = match rows.next() {
        Some((_, h)) if !h.iter().all(|c| c.trim().is_empty()) => {
            h.into_iter().map(|c| c.trim().to_string()).collect()
        }
        _ => return Err(ImportError::Empty),
    };
    Ok(Source {
        headers,
        layout: Layout::Workbook { sheet: name, sheets },
        body: Body::Cells(rows.collect()),
    })
}

/// A typed cell as the text a person would have typed: dates as ISO, numbers with Excel's 15
/// significant digits (so 0.1 + 0.2 reads as 0.3, not 0.30000000000000004).
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => t.date().to_string(),
            _ => number_text(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => excel_error(e).to_string(),
    }
}

/// Spelt as Excel shows it, so the row report reads like the sheet.
fn excel_error(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType as E;
    match e {
        E::Div0 => "#DIV/0!",
        E::NA => "#N/A",
        E::Name => "#NAME?",
        E::Null => "#NULL!",
        E::Num => "#NUM!",
        E::Ref => "#REF!",
        E::Value => "#VALUE!",
        E::GettingData => "#GETTING_DATA",
    }
}

fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // Round to 15 significant digits in scientific form, then write it out plainly.
    let sci = format!("{f:.14e}");
    let Some((mantissa, exp)) = sci.split_once('e') else { return f.to_string() };
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exp + 1; // digits before the decimal point
    let mut s = if point <= 0 {
        format!("0.{}{}", "0".repeat(usize::try_from(-point).unwrap_or(0)), digits)
    } else {
        let p = usize::try_from(point).unwrap_or(0);
        if p >= digits.len() {
            format!("{digits}{}", "0".repeat(p - digits.len()))
        } else {
            format!("{}.{}", &digits[..p], &digits[p..])
        }
    };
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if negative {
        s.insert(0, '-');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(src: &Source<'_>) -> Vec<(u32, u64, Vec<String>)> {
        let mut out = Vec::new();
        src.scan::<()>(|pos, cells| {
            out.push((
                pos.row,
                pos.line,
                (0..src.headers.len()).map(|i| cells.cell(i).to_string()).collect(),
            ));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn lines_are_the_file_lines_with_windows_line_ends_too() {
        for end in ["\n", "\r\n"] {
            let text = format!("Name,Note{end}A,1{end}{end}B,\"x{end}y\"{end}C,3{end}");
            let src = Source::open(text.as_bytes(), None, None).unwrap();
            let at: Vec<(u32, u64)> = rows(&src).iter().map(|(r, l, _)| (*r, *l)).collect();
            assert_eq!(at, [(1, 2), (2, 4), (3, 6)], "line ends {end:?}");
        }
    }

    #[test]
    fn every_delimiter_and_quoting() {
        for d in [",", ";", "\t", "|"] {
            let text = format!(
                "Name{d}Notes{d}Amount\n\"Acme{d} Ltd\"{d}\"said \"\"hi\"\"\nthen left\"{d}1\n"
            );
            let src = Source::open(text.as_bytes(), None, None).unwrap();
            assert_eq!(src.headers, ["Name", "Notes", "Amount"], "delimiter {d:?}");
            let r = rows(&src);
            assert_eq!(r.len(), 1);
            assert_eq!(
                r[0].2,
                [format!("Acme{d} Ltd"), "said \"hi\"\nthen left".into(), "1".into()]
            );
        }
    }

    #[test]
    fn blank_rows_are_skipped_but_counted() {
        let src = Source::open(b"a,b\n1,2\n,\n3,4\n", None, None).unwrap();
        let r = rows(&src);
        assert_eq!(r.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), [(1, 2), (3, 4)]);
    }

    #[test]
    fn excel_numbers_read_as_typed() {
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(-0.07), "-0.07");
        assert_eq!(number_text(1e15), "1000000000000000");
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(0.000_123), "0.000123");
    }

    #[test]
    fn empty_and_garbage_files() {
        assert!(matches!(Source::open(b"", None, None), Err(ImportError::Empty)));
        assert!(matches!(
            Source::open(b"PK\x03\x04junk", None, None),
            Err(ImportError::Workbook { .. })
        ));
    }
}
