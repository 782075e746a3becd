//! Reading other programs' files — CSV in any encoding and delimiter, XLSX/XLS — into validated
//! rows, in memory and without side effects. Everything is checked before anything is written:
//! the app crate writes the result in one transaction, or nothing at all.

pub mod decode;
pub mod fingerprint;
pub mod headers;
pub mod parse;
pub mod report;
pub mod source;
pub mod values;

use serde::Serialize;
use std::fmt;

keyplan_domain::choice! {
    /// What a file holds.
    Kind {
        Accounts = "accounts", Contacts = "contacts", Transactions = "transactions",
        Interactions = "interactions", Surveys = "surveys",
    }
}

keyplan_domain::choice! {
    /// What to do with a row for an account or contact that already exists.
    OnDuplicate { Update = "update", Skip = "skip", Error = "error" }
}

/// Why one cell was refused. `code` lets the UI say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    Required,
    NotANumber,
    NotAWholeNumber,
    NotAnAmount,
    TooManyDecimals,
    PercentNotAmount,
    UnclearSeparator,
    NotADate,
    NotInDateFormat,
    DateOutOfRange {
        min: i32,
        max: i32,
    },
    /// The day/month order of the column could not be told (see the import error).
    DateOrder,
    /// A rule of the record (range, choice, length …), as the form would say it.
    Invalid {
        problem: keyplan_domain::Problem,
    },
    UnknownAccount,
    UnknownContact,
    /// The same account or contact appears earlier in the file.
    RepeatedInFile {
        first_row: u32,
    },
    /// Already in Keyplan, and `--on-duplicate error` was chosen.
    AlreadyExists,
    /// A spreadsheet error value such as `#N/A`.
    SpreadsheetError,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Required => write!(f, "is required"),
            Reason::NotANumber => write!(f, "is not a number"),
            Reason::NotAWholeNumber => write!(f, "is not a whole number"),
            Reason::NotAnAmount => write!(f, "is not an amount"),
            Reason::TooManyDecimals => write!(f, "has more than 2 decimal places"),
            Reason::PercentNotAmount => write!(f, "is a percentage, not an amount"),
            Reason::UnclearSeparator => {
                write!(f, "has unclear thousands/decimal separators (write 1234.56)")
            }
            Reason::NotADate => write!(f, "is not a date"),
            Reason::NotInDateFormat => write!(f, "does not match the date format given"),
            Reason::DateOutOfRange { min, max } => {
                write!(f, "is not between the years {min} and {max}")
            }
            Reason::DateOrder => write!(f, "has an unclear day/month order"),
            Reason::Invalid { problem } => write!(f, "{problem}"),
            Reason::UnknownAccount => {
                write!(f, "is not an account in Keyplan (import accounts first)")
            }
            Reason::UnknownContact => write!(f, "is not a contact of this account"),
            Reason::RepeatedInFile { first_row } => write!(f, "repeats row {first_row}"),
            Reason::AlreadyExists => {
                write!(f, "already exists (choose --on-duplicate update or skip)")
            }
            Reason::SpreadsheetError => write!(f, "is a spreadsheet error value"),
        }
    }
}

/// One refused cell: where it is and why. `row` counts data rows from 1 (the header is not a
/// row); `line` is where it starts in the file (CSV line, or the spreadsheet's row number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u32,
    pub line: u64,
    pub column: String,
    pub value: String,
    #[serde(flatten)]
    pub reason: Reason,
    pub message: String,
}

impl RowError {
    /// The same problem, `rows` rows and `lines` lines further down the file (for a part of
    /// a file read on its own).
    #[must_use]
    pub fn moved(self, rows: u32, lines: u64) -> RowError {
        let row = self.row.saturating_add(rows);
        RowError::new(row, self.line.saturating_add(lines), &self.column, &self.value, self.reason)
    }

    pub fn new(row: u32, line: u64, column: &str, value: &str, reason: Reason) -> Self {
        let message = format!("row {row} (line {line}), column \"{column}\": {value:?} {reason}");
        RowError {
            row,
            line,
            column: column.to_string(),
            value: value.to_string(),
            reason,
            message,
        }
    }
}

/// A whole-file problem: nothing about it is a single cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error("the file is too large to read")]
    TooLarge,
    #[error("\"{label}\" is not an encoding label (try utf-8, gb18030, utf-16le, windows-1252, shift_jis)")]
    UnknownEncoding { label: String },
    #[error("line {line} is not valid {encoding} text; name the file's encoding with --encoding")]
    Malformed { encoding: String, line: usize },
    #[error("the spreadsheet could not be read: {reason}")]
    Workbook { reason: String },
    #[error("the workbook has no sheet \"{sheet}\" (it has: {})", available.join(", "))]
    NoSuchSheet { sheet: String, available: Vec<String> },
    #[error("\"{field}\" is not a field of {kind} (fields: {})", fields.join(", "))]
    UnknownField { kind: String, field: String, fields: Vec<String> },
    #[error("no column is headed \"{header}\" (columns: {})", headers.join(", "))]
    NoSuchColumn { header: String, headers: Vec<String> },
    #[error("no column for {field} (looked for: {}); name one with --map {field}=HEADER", looked_for.join(", "))]
    MissingColumn { field: String, looked_for: Vec<String> },
    #[error("column \"{column}\" has dates that read either way, e.g. row {row}: {value:?}; give the order with --date-format %m/%d/%Y or %d/%m/%Y")]
    AmbiguousDates { column: String, row: u32, value: String },
    #[error("column \"{column}\" mixes day-first (row {day_first_row}: {day_first:?}) and month-first (row {month_first_row}: {month_first:?}) dates")]
    MixedDates {
        column: String,
        day_first_row: u32,
        day_first: String,
        month_first_row: u32,
        month_first: String,
    },
    #[error("\"{format}\" is not a date format (strftime, e.g. %d/%m/%Y)")]
    BadDateFormat { format: String },
}
