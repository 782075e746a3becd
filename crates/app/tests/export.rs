//! Exporting the portfolio: the table's rows and columns, titles and labels in the user's
//! language, formulas neutralised; and (run by scripts/test.sh, where LibreOffice is installed)
//! the files opened by LibreOffice with Chinese intact and no formula evaluated.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate};
use keyplan_app::analytics::{analyze, TableQuery};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::analytics::Stage;
use keyplan_app::domain::AccountInput;
use keyplan_app::export::{export_portfolio, ExportFormat, ExportRequest};
use keyplan_app::formats::import::source::Source;
use keyplan_app::{create_account, load_demo, Db};

const AS_OF: &str = "2026-11-20";

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

/// A small Chinese demo portfolio plus an account whose name is a formula.
fn portfolio(dir: &Path) -> Db {
    let (mut db, _) = keyplan_app::open(&dir.join("k.db")).unwrap();
    let spec = DemoSpec {
        accounts: 40,
        seed: 7,
        language: Language::ZhCn,
        end: as_of(),
        now: DateTime::parse_from_rfc3339("2026-11-20T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    };
    load_demo(&mut db, &spec).unwrap();
    let input = AccountInput {
        name: "=1+1".into(),
        industry: Some("制造业".into()),
        ..AccountInput::default()
    };
    create_account(&mut db, &input).unwrap();
    db
}

fn export(db: &Db, format: ExportFormat, req: &ExportRequest) -> Vec<u8> {
    let analysis = analyze(db, as_of()).unwrap();
    export_portfolio(db, &analysis, format, req).unwrap()
}

/// Header and rows of an exported file, read back as text the way an import would.
fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let src = Source::open(bytes, None, None).unwrap();
    (src.headers.clone(), src.head(usize::MAX))
}

fn zh() -> ExportRequest {
    ExportRequest { language: Some("zh-CN".into()), ..ExportRequest::default() }
}

#[test]
fn chinese_export_has_chinese_titles_and_labels_and_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let (titles, rows) = read_back(&export(&db, format, &zh()));
        assert_eq!(titles[0], "客户名称", "{format}");
        assert!(titles.contains(&"生命周期阶段".to_string()), "{titles:?}");
        assert_eq!(rows.len(), 41, "{format}: every account");
        let stage = titles.iter().position(|t| t == "生命周期阶段").unwrap();
        let stages = ["潜在客户", "新客户", "成长期", "成熟期", "衰退期", "挽回", "流失"];
        for r in &rows {
            assert!(stages.contains(&r[stage].as_str()), "{format}: stage {:?}", r[stage]);
        }
        let formula = rows.iter().find(|r| r[0].contains("1+1")).unwrap();
        assert_eq!(formula[0], "'=1+1", "{format}: neutralised");
    }
    let csv = export(&db, ExportFormat::Csv, &zh());
    assert!(csv.starts_with("\u{feff}".as_bytes()), "a BOM so Excel reads UTF-8");
}

#[test]
fn formulas_stay_text_through_a_bundle_and_neutralised_in_the_receivers_exports() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = portfolio(dir.path());
    let payload = "+cmd|' /C calc'!A0";
    let input = AccountInput {
        name: "@SUM(A1)".into(),
        industry: Some(payload.into()),
        tags: vec!["=HYPERLINK(\"http://example.invalid\")".into()],
        ..AccountInput::default()
    };
    create_account(&mut db, &input).unwrap();
    let scope = keyplan_app::sync::BundleScope { all: true, ..Default::default() };
    let bundle = keyplan_app::sync::export_bundle(&db, &scope, "Li").unwrap();

    let other = tempfile::tempdir().unwrap();
    let (mut theirs, _) = keyplan_app::open(&other.path().join("k.db")).unwrap();
    keyplan_app::sync::merge_bytes(&mut theirs, "li.keyplan", &bundle.bytes, false, None).unwrap();
    let query = keyplan_app::domain::AccountQuery::default();
    let accounts = keyplan_app::list_accounts(&theirs, &query).unwrap().items;
    let names: Vec<&str> = accounts.iter().map(|a| a.fields.name.as_str()).collect();
    for name in ["=1+1", "@SUM(A1)"] {
        assert!(names.contains(&name), "{name} arrived as the same text: {names:?}");
    }
    let sum = accounts.iter().find(|a| a.fields.name == "@SUM(A1)").unwrap();
    assert_eq!(sum.fields.industry.as_deref(), Some(payload));
    assert_eq!(sum.fields.tags, ["=HYPERLINK(\"http://example.invalid\")"]);

    let en = ExportRequest { language: Some("en".into()), ..ExportRequest::default() };
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let (_, rows) = read_back(&export(&theirs, format, &en));
        let row = rows.iter().find(|r| r[0].contains("SUM")).unwrap();
        assert_eq!(row[0], "'@SUM(A1)", "{format}: neutralised");
        assert!(row.iter().any(|c| *c == format!("'{payload}")), "{format}: {row:?}");
        let formula = rows.iter().find(|r| r[0].contains("1+1")).unwrap();
        assert_eq!(formula[0], "'=1+1", "{format}");
    }
}

#[test]
fn english_export_of_the_table_view_has_its_rows_and_columns_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let analysis = analyze(&db, as_of()).unwrap();
    let prospects = analysis.results.iter().filter(|r| r.stage.stage == Stage::Prospect).count();
    assert!(prospects > 0);
    let req = ExportRequest {
        columns: vec!["name".into(), "stage".into(), "rev12".into()],
        query: TableQuery { stage: Some(Stage::Prospect), ..TableQuery::default() },
        language: Some("en".into()),
    };
    let (titles, rows) = read_back(&export(&db, ExportFormat::Xlsx, &req));
    assert_eq!(titles, ["Account", "Stage", "Revenue, last 12 months"]);
    assert_eq!(rows.len(), prospects);
    assert!(rows.iter().all(|r| r[1] == "Prospect"), "{rows:?}");
}

#[test]
fn an_unknown_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = portfolio(dir.path());
    let analysis = analyze(&db, as_of()).unwrap();
    let req = ExportRequest { columns: vec!["nmae".into()], ..ExportRequest::default() };
    let err = export_portfolio(&db, &analysis, ExportFormat::Csv, &req).unwrap_err();
    assert!(err.to_string().contains("\"nmae\""), "{err}");
    assert!(
        matches!(&err, keyplan_app::AppError::Invalid(e) if e.0[0].field == "columns"),
        "{err:?}"
    );
}

/// The files opened by LibreOffice: `scripts/test.sh` installs it and runs these with
/// `--ignored readback::`.
mod readback {
    use super::*;

    /// LibreOffice converts `file` to UTF-8 CSV, reading CSV input with formula evaluation on.
    fn libreoffice_to_csv(file: &Path, out: &Path) -> String {
        let status = Command::new("soffice")
            .args([
                "--headless",
                // UTF-8, and evaluate formulas (token 13), so a live formula would show its result.
                "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
            ])
            .arg(out)
            .arg(file)
            .env("HOME", out) // a profile of its own: no clash with a running LibreOffice
            .status()
            .expect("soffice (LibreOffice) is installed by scripts/system-deps.sh test");
        assert!(status.success(), "soffice failed on {}", file.display());
        let name = file.file_stem().unwrap().to_str().unwrap();
        std::fs::read_to_string(out.join(format!("{name}.csv"))).unwrap()
    }

    #[test]
    #[ignore = "needs LibreOffice; scripts/test.sh installs it and runs this"]
    fn libreoffice_opens_both_files_with_chinese_intact_and_no_formula_evaluated() {
        let dir = tempfile::tempdir().unwrap();
        let db = portfolio(dir.path());
        let out = dir.path().join("lo");
        std::fs::create_dir_all(&out).unwrap();

        // The control: a raw formula in a CSV is evaluated by this very conversion.
        let control = dir.path().join("control.csv");
        std::fs::write(&control, "\u{feff}name\n=1+1\n").unwrap();
        let seen = libreoffice_to_csv(&control, &out);
        assert!(seen.lines().nth(1).unwrap().trim_matches('"') == "2", "control: {seen}");

        for (name, format) in
            [("p-csv.csv", ExportFormat::Csv), ("p-xlsx.xlsx", ExportFormat::Xlsx)]
        {
            let file = dir.path().join(name);
            std::fs::write(&file, export(&db, format, &zh())).unwrap();
            let seen = libreoffice_to_csv(&file, &out);
            assert!(seen.starts_with("\"客户名称\""), "{name}: {}", &seen[..80.min(seen.len())]);
            assert!(seen.contains("\"制造业\""), "{name}: Chinese cells intact");
            let formula_row = seen.lines().find(|l| l.contains("1+1")).unwrap();
            assert!(formula_row.starts_with("\"'=1+1\""), "{name}: {formula_row}");
            assert!(!seen.lines().any(|l| l.starts_with("2,")), "{name}: a formula was evaluated");
        }
    }
}
