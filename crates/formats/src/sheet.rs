//! Tables out to spreadsheets, as bytes: CSV (UTF-8 with a BOM, so Excel reads Chinese) and
//! XLSX (typed number and date cells, a frozen header row and an autofilter). Text that a
//! spreadsheet would run as a formula is neutralised in both (OWASP's CSV-injection advice).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use keyplan_domain::Money;

/// One cell, typed so each format can write it properly.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A decimal measured value (a score, a percentage point).
    Number(f64),
    Money(Money),
    Date(NaiveDate),
}

/// A table: its column titles and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub titles: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Text starting with = + - @, tab or carriage return is prefixed with `'` so no spreadsheet
/// evaluates it; other text is unchanged.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// UTF-8 CSV with a byte-order mark; numbers plain (`1234.50`), dates ISO.
pub fn csv(sheet: &Sheet) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(sheet.titles.iter().map(|t| neutralise(t).into_owned()))?;
    for row in &sheet.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Empty => String::new(),
            Cell::Text(t) => neutralise(t).into_owned(),
            Cell::Int(i) => i.to_string(),
            Cell::Number(n) => format!("{n}"),
            Cell::Money(m) => m.to_string(),
            Cell::Date(d) => d.to_string(),
        }))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// An XLSX workbook of one sheet.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if !name.is_empty() {
        ws.set_name(name)?;
    }
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, title) in sheet.titles.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, neutralise(title), &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            let c = col(c)?;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    ws.write_string(r, c, neutralise(t))?;
                }
                #[allow(clippy::cast_precision_loss)]
                Cell::Int(i) => {
                    ws.write_number(r, c, *i as f64)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                #[allow(clippy::cast_precision_loss)]
                Cell::Money(m) => {
                    ws.write_number_with_format(r, c, m.minor() as f64 / 100.0, &money)?;
                }
                Cell::Date(d) => {
                    let (y, mo, day) = (d.year(), d.month(), d.day());
                    let when = ExcelDateTime::from_ymd(
                        u16::try_from(y).unwrap_or(1900),
                        u8::try_from(mo).unwrap_or(1),
                        u8::try_from(day).unwrap_or(1),
                    )?;
                    ws.write_datetime_with_format(r, c, &when, &date)?;
                }
            }
        }
    }
    let last_row = u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_col = col(sheet.titles.len().saturating_sub(1))?;
    ws.set_freeze_panes(1, 0)?;
    if !sheet.titles.is_empty() {
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    for c in 0..sheet.titles.len() {
        ws.set_column_width(col(c)?, 16)?;
    }
    book.save_to_buffer()
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "Portfolio".into(),
            titles: vec!["客户名称".into(), "Revenue".into(), "Since".into(), "Score".into()],
            rows: vec![
                vec![
                    Cell::Text("=1+1".into()),
                    Cell::Money(Money(-123_456)),
                    Cell::Date(NaiveDate::from_ymd_opt(2023, 1, 5).unwrap()),
                    Cell::Number(0.5),
                ],
                vec![
                    Cell::Text("华为, \"技术\"".into()),
                    Cell::Money(Money(7)),
                    Cell::Empty,
                    Cell::Int(3),
                ],
            ],
        }
    }

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        for t in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(t).starts_with('\''), "{t:?}");
        }
        assert_eq!(neutralise("Acme"), "Acme");
        assert_eq!(neutralise("华为"), "华为");
    }

    #[test]
    fn csv_snapshot() {
        let bytes = csv(&sheet()).unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "客户名称,Revenue,Since,Score\n'=1+1,-1234.56,2023-01-05,0.5\n\"华为, \"\"技术\"\"\",0.07,,3\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_with_a_sheet() {
        let bytes = xlsx(&sheet()).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        // Read it back with the importer's reader: same text, typed cells as typed.
        let src = crate::import::source::Source::open(&bytes, None, None).unwrap();
        assert_eq!(src.headers, ["客户名称", "Revenue", "Since", "Score"]);
        assert_eq!(src.head(2)[0], ["'=1+1", "-1234.56", "2023-01-05", "0.5"]);
    }
}
