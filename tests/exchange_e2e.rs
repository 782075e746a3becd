//! End-to-end: a spreadsheet in and out through the real window — import a Chinese CSV from the
//! empty state (preview with the detected columns, progress, summary), refuse a bad file with
//! the row and column named, export the accounts table, and the backups in Settings.

use keyplan_e2e::*;

const SALES: &str = "客户名称,日期,销售额,毛利,产品,行业,地区\n\
华为技术,2026-01-05,\"¥1,200.50\",300,交换机,通信,华南\n\
阿里巴巴,2026年2月1日,800,(20.5),云,互联网,华东\n\
华为技术,2026/03/07,560.00,120,路由器,,\n";

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn import_a_chinese_csv_export_it_and_see_the_backups() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["init"])?;
    let good = dir.path().join("销售.csv");
    std::fs::write(&good, SALES)?;
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Customer,Date,Sales\nAcme,2026-01-05,10\nAcme,2026-02-30,12\n")?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    // A bad file: nothing is imported, the row and the column are named.
    click(&c, "[data-nav=accounts]").await?;
    click(&c, "[data-testid=empty-state] [data-action=import]").await?;
    choose_file(&c, "#imp-file", &bad.display().to_string()).await?;
    wait_for(&c, "[data-testid=import-mapping]").await?;
    click(&c, "[data-action=run-import]").await?;
    let errors = wait_text(&c, "[data-testid=import-errors]", "2026-02-30").await?;
    assert!(errors.contains("Date") && errors.contains('2'), "{errors}");
    assert!(errors.contains("is not a date"), "the reason in words: {errors}");
    screenshot(&c, "import-rejected-en").await?;

    // The Chinese file: columns detected from Chinese headers, imported, accounts created.
    choose_file(&c, "#imp-file", &good.display().to_string()).await?;
    wait_text(&c, "[data-testid=import-preview]", "UTF-8").await?;
    let mapping = wait_text(&c, "[data-testid=import-mapping]", "客户名称").await?;
    assert!(mapping.contains("销售额") && mapping.contains("日期"), "{mapping}");
    assert!(
        mapping.contains("Revenue") && !mapping.contains("product_line"),
        "field names: {mapping}"
    );
    screenshot(&c, "import-preview-en").await?;
    click(&c, "[data-action=run-import]").await?;
    let summary = wait_text(&c, "[data-testid=import-summary]", "Created 3").await?;
    assert!(summary.contains("2 new"), "{summary}");
    screenshot(&c, "import-done-en").await?;
    c.execute("document.querySelector('dialog')?.close()", vec![]).await?;
    wait_text(&c, "[data-testid=account-count]", "of 2").await?;
    let listed = cli(&db, &["accounts", "list", "--json"])?;
    assert!(listed.contains("华为技术") && listed.contains("阿里巴巴"), "{listed}");

    // Export the table as Excel: the message names the file and shows its folder on request.
    click(&c, "[data-action=export-xlsx]").await?;
    let path =
        written_path(&c, ".toast [data-action=show-in-folder]", |p| p.ends_with(".xlsx")).await?;
    screenshot(&c, "export-done-en").await?;
    let toast = c.execute("return document.querySelector('.toast').textContent", vec![]).await?;
    let toast = toast.as_str().unwrap_or_default().to_string();
    assert!(!toast.contains('/'), "a file name, not a path: {toast}");
    assert!(std::path::Path::new(&path).exists(), "exported file {path:?} ({toast})");

    // Settings in Chinese: the backups taken (at start and before the import), back up now.
    click(&c, "[data-nav=settings]").await?;
    wait_text(&c, "[data-testid=backups-table]", "Before an import").await?;
    scroll_into_view(&c, "[data-testid=backups-table]").await?;
    screenshot(&c, "settings-backups-en").await?;
    select(&c, "#set-language", "zh-CN").await?;
    let table = wait_text(&c, "[data-testid=backups-table]", "导入前").await?;
    assert!(table.contains("每日"), "{table}");
    click(&c, "[data-action=backup-now]").await?;
    wait_text(&c, "[data-testid=backups-table]", "手动").await?;
    scroll_into_view(&c, "[data-testid=backups-table]").await?;
    screenshot(&c, "settings-backups-zh").await?;
    click(&c, "[data-nav=accounts]").await?;
    click(&c, "[data-action=import]").await?;
    choose_file(&c, "#imp-file", &good.display().to_string()).await?;
    wait_text(&c, "[data-testid=import-mapping]", "客户名称").await?;
    screenshot(&c, "import-preview-zh").await?;
    click(&c, "[data-action=run-import]").await?;
    wait_text(&c, "[data-testid=import-summary]", "此前已导入 3").await?;
    // Nothing new in the file: no backup was taken for it.
    c.execute("document.querySelector('dialog')?.close()", vec![]).await?;
    click(&c, "[data-nav=settings]").await?;
    let table = wait_text(&c, "[data-testid=backups-table]", "手动").await?;
    assert_eq!(table.matches("导入前").count(), 1, "{table}");
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn an_import_is_taken_back_by_the_backup_before_it() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["init"])?;
    let good = dir.path().join("销售.csv");
    std::fs::write(&good, SALES)?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    click(&c, "[data-nav=accounts]").await?;
    click(&c, "[data-testid=empty-state] [data-action=import]").await?;
    choose_file(&c, "#imp-file", &good.display().to_string()).await?;
    wait_text(&c, "[data-testid=import-mapping]", "客户名称").await?;
    click(&c, "[data-action=run-import]").await?;
    wait_text(&c, "[data-testid=import-summary]", "Created 3").await?;
    assert!(cli(&db, &["accounts", "list", "--json"])?.contains("华为技术"));
    screenshot(&c, "import-take-back-en").await?;
    click(&c, "[data-testid=import-summary] [data-action=take-back]").await?;
    c.accept_alert().await?;
    wait_text(&c, "dialog[open] .dialog-status", "Taken back").await?;
    let listed = cli(&db, &["accounts", "list", "--json"])?;
    assert!(!listed.contains("华为技术"), "the import is gone: {listed}");
    c.close().await?;
    Ok(())
}
