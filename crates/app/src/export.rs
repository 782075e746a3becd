//! The portfolio out to a spreadsheet: each account's fields beside its tier, quadrant, stage,
//! risk and key metrics — all accounts, or exactly the rows and columns of the accounts table.

use std::collections::HashMap;

use chrono::NaiveDate;
use keyplan_domain::analytics::AccountAnalysis;
use keyplan_domain::export::{self, Cell, Sheet};
use keyplan_domain::validate::Choice;
use keyplan_domain::Account;
use keyplan_domain::Money;
use keyplan_store::Db;
use serde::Deserialize;

use crate::analytics::Analysis;
use crate::analytics::{account_rows, TableQuery};
use crate::{AppError, Result};

keyplan_domain::choice! {
    ExportFormat { Csv = "csv", Xlsx = "xlsx" }
}

/// A column: its key (what the accounts table calls it), English and Chinese titles.
type Column = (&'static str, &'static str, &'static str);

/// Every exportable column, in the default order.
pub const COLUMNS: &[Column] = &[
    ("name", "Account", "客户名称"),
    ("industry", "Industry", "行业"),
    ("size_band", "Size", "规模"),
    ("region", "Region", "地区"),
    ("owner", "Owner", "负责人"),
    ("tags", "Tags", "标签"),
    ("relationship_start", "Customer since", "合作开始"),
    ("renewal_date", "Renewal", "续约日期"),
    ("tier", "Tier", "层级"),
    ("tier_manual", "Tier set by hand", "手动层级"),
    ("quadrant", "Quadrant", "价值象限"),
    ("value_score", "Value score", "价值得分"),
    ("rfm", "RFM segment", "RFM 分群"),
    ("stage", "Stage", "生命周期阶段"),
    ("risk", "Churn risk", "流失风险"),
    ("risk_score", "Risk score", "风险分"),
    ("rev12", "Revenue, last 12 months", "近12个月收入"),
    ("profit12", "Gross profit, last 12 months", "近12个月毛利"),
    ("prev12", "Revenue, prior 12 months", "前12个月收入"),
    ("orders12", "Orders, last 12 months", "近12个月订单数"),
    ("recency_days", "Days since last order", "距上次下单天数"),
    ("latest_nps", "Latest NPS", "最近 NPS"),
    ("first_purchase", "First purchase", "首次购买"),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExportRequest {
    /// Column keys in order; empty = every column.
    pub columns: Vec<String>,
    /// Which accounts, in which order (filters, search, sort of the accounts table).
    pub query: TableQuery,
    /// "zh-CN" (or "zh") for Chinese titles; English otherwise.
    pub language: Option<String>,
}

/// The UI's own message catalogues: a label in the spreadsheet reads as it does on screen.
const CATALOGUE_EN: &str = include_str!("../../../ui/js/i18n/en.json");
const CATALOGUE_ZH: &str = include_str!("../../../ui/js/i18n/zh-CN.json");

/// Label values (quadrant, RFM segment, stage, risk, size band) in the export's language.
struct Labels(HashMap<String, String>);

impl Labels {
    fn new(chinese: bool) -> Labels {
        let text = if chinese { CATALOGUE_ZH } else { CATALOGUE_EN };
        // The catalogues are checked by the UI's tests; an unreadable one degrades to codes.
        Labels(serde_json::from_str(text).unwrap_or_default())
    }

    /// `group.code` from the catalogue, else the code itself.
    fn get(&self, group: &str, code: &str) -> Cell {
        let text = self.0.get(&format!("{group}.{code}")).map_or(code, String::as_str);
        Cell::Text(text.to_string())
    }
}

fn cell(key: &str, a: &Account, l: Option<&AccountAnalysis>, labels: &Labels) -> Cell {
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
        "size_band" => f.size_band.map_or(Cell::Empty, |s| labels.get("size_band", s.name())),
        "region" => text(f.region.as_deref()),
        "owner" => text(f.owner.as_deref()),
        "tags" => Cell::Text(f.tags.join(", ")),
        "relationship_start" => date(f.relationship_start),
        "renewal_date" => date(f.renewal_date),
        "tier" => Cell::Text(format!("{:?}", l.tier.tier)),
        "tier_manual" if l.tier.tier == l.tier.computed => Cell::Empty,
        "tier_manual" => labels.get("common", "yes"),
        "quadrant" => labels.get("quadrant", &serde_name(&l.scorecard.quadrant)),
        "value_score" => l
            .scorecard
            .value_score
            .map_or(Cell::Empty, |v| Cell::Number((v * 100.0).round() / 100.0)),
        "rfm" => labels.get("rfm", &serde_name(&l.rfm.segment)),
        "stage" => labels.get("stage", &serde_name(&l.stage.stage)),
        "risk" => labels.get("risk", &serde_name(&l.risk.level)),
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
    let columns: Vec<&Column> = if req.columns.is_empty() {
        COLUMNS.iter().collect()
    } else {
        req.columns
            .iter()
            .map(|k| {
                COLUMNS.iter().find(|c| c.0 == k.as_str()).ok_or_else(|| {
                    let known: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
                    AppError::Conflict(format!(
                        "unknown column {k:?} (columns: {})",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<_>>()?
    };
    let chinese = req.language.as_deref().is_some_and(|l| l.starts_with("zh"));
    let mut query = req.query.clone();
    query.accounts.offset = 0;
    query.accounts.limit = 0;
    let page = account_rows(db, analysis, &query)?;
    let labels = Labels::new(chinese);
    Ok(Sheet {
        name: if chinese { "客户组合".into() } else { "Portfolio".into() },
        titles: columns.iter().map(|c| (if chinese { c.2 } else { c.1 }).to_string()).collect(),
        rows: page
            .items
            .iter()
            .map(|r| {
                columns.iter().map(|c| cell(c.0, &r.account, r.labels.as_ref(), &labels)).collect()
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
        ExportFormat::Csv => export::csv(&sheet).map_err(|e| AppError::Io(e.to_string())),
        ExportFormat::Xlsx => export::xlsx(&sheet).map_err(|e| AppError::Io(e.to_string())),
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
    let dir = directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(std::path::Path::to_path_buf))
        .filter(|d| d.is_dir())
        .or_else(|| db.path().and_then(std::path::Path::parent).map(|d| d.join("exports")))
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir).map_err(|e| AppError::Io(format!("{}: {e}", dir.display())))?;
    let stem = format!("keyplan-portfolio-{}", analysis.as_of);
    let mut path = dir.join(format!("{stem}.{format}"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stem}-{n}.{format}"));
    }
    std::fs::write(&path, bytes).map_err(|e| AppError::Io(format!("{}: {e}", path.display())))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let map: HashMap<String, String> = serde_json::from_str(text).unwrap_or_default();
        assert!(map.values().all(|v| !v.trim().is_empty()), "empty message");
        let mut keys: Vec<String> = map.into_keys().collect();
        keys.sort();
        keys
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_keys() {
        let (en, zh) = (keys(CATALOGUE_EN), keys(CATALOGUE_ZH));
        assert!(en.len() > 400, "{} keys", en.len());
        let only_en: Vec<&String> = en.iter().filter(|k| !zh.contains(k)).collect();
        let only_zh: Vec<&String> = zh.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "en only {only_en:?}, zh only {only_zh:?}"
        );
    }

    #[test]
    fn labels_translate_and_fall_back_to_the_code() {
        let zh = Labels::new(true);
        assert!(matches!(zh.get("stage", "prospect"), Cell::Text(t) if t == "潜在客户"));
        assert!(matches!(zh.get("stage", "someday"), Cell::Text(t) if t == "someday"));
    }
}
