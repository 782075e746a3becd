//! The portfolio out to a spreadsheet: each account's fields beside its tier, quadrant, stage,
//! risk and key metrics — all accounts, or exactly the rows and columns of the accounts table.

use chrono::NaiveDate;
use keyplan_domain::analytics::AccountAnalysis;
use keyplan_domain::validate::Choice;
use keyplan_domain::Account;
use keyplan_domain::Money;
use keyplan_domain::Problem;
use keyplan_formats::sheet::{self, Cell, Sheet};
use keyplan_formats::{Catalogue, Language};
use keyplan_store::Db;
use serde::Deserialize;

use crate::analytics::Analysis;
use crate::analytics::{account_rows, TableQuery};
use crate::{AppError, Result};

keyplan_domain::choice! {
    ExportFormat { Csv = "csv", Xlsx = "xlsx" }
}

/// Every exportable column's key (what the accounts table calls it), in the default order. Its
/// title is `export.column.<key>` in the UI's catalogues.
pub const COLUMNS: &[&str] = &[
    "name",
    "industry",
    "size_band",
    "region",
    "owner",
    "tags",
    "relationship_start",
    "renewal_date",
    "tier",
    "tier_manual",
    "quadrant",
    "value_score",
    "rfm",
    "stage",
    "risk",
    "risk_score",
    "rev12",
    "profit12",
    "prev12",
    "orders12",
    "recency_days",
    "latest_nps",
    "first_purchase",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExportRequest {
    /// Column keys in order; empty = every column.
    pub columns: Vec<String>,
    /// Which accounts, in which order (filters, search, sort of the accounts table).
    pub query: TableQuery,
    /// "zh-CN" (or "zh") for Chinese titles and labels; English otherwise.
    pub language: Option<String>,
}

/// A label value (quadrant, RFM segment, stage, risk, size band) in the export's language.
fn label(c: &Catalogue, group: &str, code: &str) -> Cell {
    Cell::Text(c.label(group, code).to_string())
}

fn cell(key: &str, a: &Account, l: Option<&AccountAnalysis>, labels: &Catalogue) -> Cell {
    let text = |s: Option<&str>| s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    let f = &a.fields;
    let Some(l) = l else {
        return match key {
            "name" => Cell::Text(f.name.clone()),
            _ => Cell::Empty,
        };
    };
    let m = &l.metrics;
    match key {
        "name" => Cell::Text(f.name.clone()),
        "industry" => text(f.industry.as_deref()),
        "size_band" => f.size_band.map_or(Cell::Empty, |s| label(labels, "size_band", s.name())),
        "region" => text(f.region.as_deref()),
        "owner" => text(f.owner.as_deref()),
        "tags" => Cell::Text(f.tags.join(", ")),
        "relationship_start" => date(f.relationship_start),
        "renewal_date" => date(f.renewal_date),
        "tier" => Cell::Text(format!("{:?}", l.tier.tier)),
        "tier_manual" if l.tier.tier == l.tier.computed => Cell::Empty,
        "tier_manual" => label(labels, "common", "yes"),
        "quadrant" => label(labels, "quadrant", &serde_name(&l.scorecard.quadrant)),
        "value_score" => l
            .scorecard
            .value_score
            .map_or(Cell::Empty, |v| Cell::Number((v * 100.0).round() / 100.0)),
        "rfm" => label(labels, "rfm", &serde_name(&l.rfm.segment)),
        "stage" => label(labels, "stage", &serde_name(&l.stage.stage)),
        "risk" => label(labels, "risk", &serde_name(&l.risk.level)),
        "risk_score" => Cell::Number((l.risk.score * 100.0).round() / 100.0),
        "rev12" => Cell::Money(Money(m.rev12)),
        "profit12" => Cell::Money(Money(m.profit12)),
        "prev12" => Cell::Money(Money(m.prev12)),
        "orders12" => Cell::Int(i64::from(m.frequency)),
        "recency_days" => m.recency_days.map_or(Cell::Empty, Cell::Int),
        "latest_nps" => m.latest_nps.map_or(Cell::Empty, |n| Cell::Int(i64::from(n))),
        "first_purchase" => date(m.first_purchase),
        _ => Cell::Empty,
    }
}

/// The snake_case name a label serialises to (what the UI and the CLI's JSON call it).
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The portfolio as a sheet: the rows the query selects, the columns asked for.
pub fn portfolio_sheet(db: &Db, analysis: &Analysis, req: &ExportRequest) -> Result<Sheet> {
    let columns: Vec<&'static str> = if req.columns.is_empty() {
        COLUMNS.to_vec()
    } else {
        req.columns
            .iter()
            .map(|k| {
                COLUMNS.iter().copied().find(|c| *c == k.as_str()).ok_or_else(|| {
                    let problem =
                        Problem::UnknownName { name: k.clone(), allowed: COLUMNS.to_vec() };
                    AppError::field("columns", problem)
                })
            })
            .collect::<Result<_>>()?
    };
    let catalogue = Catalogue::get(Language::from_tag(req.language.as_deref()));
    let mut query = req.query.clone();
    query.accounts.offset = 0;
    query.accounts.limit = 0;
    let page = account_rows(db, analysis, &query)?;
    Ok(Sheet {
        name: catalogue.text("export.sheet.portfolio").to_string(),
        titles: columns
            .iter()
            .map(|c| catalogue.text(&format!("export.column.{c}")).to_string())
            .collect(),
        rows: page
            .items
            .iter()
            .map(|r| {
                columns.iter().map(|c| cell(c, &r.account, r.labels.as_ref(), catalogue)).collect()
            })
            .collect(),
    })
}

/// The portfolio as file bytes in `format`.
pub fn export_portfolio(
    db: &Db,
    analysis: &Analysis,
    format: ExportFormat,
    req: &ExportRequest,
) -> Result<Vec<u8>> {
    let sheet = portfolio_sheet(db, analysis, req)?;
    match format {
        // Both write to memory: a failure is a fault in the writer, not the user's doing.
        ExportFormat::Csv => {
            sheet::csv(&sheet).map_err(|e| AppError::Internal(format!("CSV export: {e}")))
        }
        ExportFormat::Xlsx => {
            sheet::xlsx(&sheet).map_err(|e| AppError::Internal(format!("XLSX export: {e}")))
        }
    }
}

/// Writes the export into the user's Downloads folder (else `exports` beside the database) as
/// `keyplan-portfolio-YYYY-MM-DD.csv|xlsx`, numbered if that name is taken; returns the path.
pub fn export_to_downloads(
    db: &Db,
    analysis: &Analysis,
    format: ExportFormat,
    req: &ExportRequest,
) -> Result<std::path::PathBuf> {
    let bytes = export_portfolio(db, analysis, format, req)?;
    let name = format!("keyplan-portfolio-{}.{format}", analysis.as_of);
    crate::files::write_to_downloads(db, &name, &bytes)
}

/// Shows the folder holding `path` — a file Keyplan exported into the downloads folder or into
/// one of `chosen` (folders the user picked in a save dialog) — in the system's file manager.
/// Any other path is refused: the UI may not open arbitrary places.
pub fn open_export_folder(
    db: &Db,
    path: &std::path::Path,
    chosen: &[std::path::PathBuf],
) -> Result<()> {
    let downloads = std::fs::canonicalize(crate::files::downloads_dir(db)).ok();
    let dir = match path.parent().map(std::fs::canonicalize) {
        Some(Ok(parent)) if downloads.as_ref() == Some(&parent) || chosen.contains(&parent) => {
            parent
        }
        _ => return Err(AppError::field("path", Problem::NotFound)),
    };
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| AppError::io(&dir, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_title_in_both_languages() {
        for lang in [Language::En, Language::ZhCn] {
            let c = Catalogue::get(lang);
            for key in COLUMNS {
                assert!(c.lookup(&format!("export.column.{key}")).is_some(), "{lang}: {key}");
            }
            assert!(c.lookup("export.sheet.portfolio").is_some());
        }
    }
}
