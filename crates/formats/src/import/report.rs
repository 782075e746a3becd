//! What an import tells the user about refused rows: a readable list (the first 100, then a
//! count) and, for `--skip-invalid`, the refused rows themselves as a CSV beside the input.

use std::collections::BTreeMap;

use super::source::Source;
use super::RowError;

/// How many problems are listed before the rest are only counted.
pub const LISTED: usize = 100;

/// `file: row 12 (line 13), column "Date": "2023-02-30" is not a date` lines, the first 100.
pub fn lines(file: &str, errors: &[RowError]) -> Vec<String> {
    let mut out: Vec<String> =
        errors.iter().take(LISTED).map(|e| format!("{file}: {}", e.message)).collect();
    if errors.len() > LISTED {
        out.push(format!("… and {} more", errors.len() - LISTED));
    }
    out
}

/// The refused rows with their original cells and an `error` column, as UTF-8 CSV with a BOM.
pub fn rejected_csv(src: &Source<'_>, errors: &[RowError]) -> Result<Vec<u8>, csv::Error> {
    let mut why: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for e in errors {
        why.entry(e.row).or_default().push(format!("{}: {:?} {}", e.column, e.value, e.reason));
    }
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header = src.headers.clone();
    header.push("error".into());
    w.write_record(&header)?;
    let width = src.headers.len();
    let mut failed = None;
    let _ = src.scan(|pos, cells| {
        if let Some(reasons) = why.get(&pos.row) {
            let mut record: Vec<String> = (0..width).map(|i| cells.cell(i).to_string()).collect();
            record.push(reasons.join("; "));
            if let Err(e) = w.write_record(&record) {
                failed = Some(e);
                return Err(());
            }
        }
        Ok(())
    });
    if let Some(e) = failed {
        return Err(e);
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
