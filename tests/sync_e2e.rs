//! End-to-end: two laptops share a key account through bundles in the real window. Zhang shares
//! the account (Share… → Downloads); Li opens it (preview, then merge). Each edits the same
//! objective — one field each, then the same field — and Zhang's bundle, dropped on Li's
//! window, brings both edits and one conflict, shown with a badge and settled with one click.
//! Then Li's laptop syncs through a folder, and Zhang's ends with the same data.

use fantoccini::{Client, Locator};
use keyplan_e2e::*;
use serde_json::Value;
use std::path::Path;

fn objective(db: &Path, plan: &str) -> Result<Value> {
    let shown: Value = serde_json::from_str(&cli(db, &["plans", "show", plan, "--json"])?)?;
    Ok(shown[0]["objectives"][0].clone())
}

async fn set_user(c: &Client, name: &str) -> Result {
    click(c, "[data-nav=settings]").await?;
    fill(c, "#set-user_name", name).await?;
    // Leaving the field saves it (the change event).
    c.execute(
        "document.querySelector('#set-user_name').dispatchEvent(new Event('change'))",
        vec![],
    )
    .await?;
    wait_text(c, ".toast", "").await?;
    Ok(())
}

/// Drops `file` on the window as a person dragging it from the file manager would.
async fn drop_file(c: &Client, file: &Path) -> Result {
    let bytes: Vec<Value> = std::fs::read(file)?.into_iter().map(Value::from).collect();
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("x.keyplan");
    c.execute(
        "const [bytes, name] = arguments;
         const dt = new DataTransfer();
         dt.items.add(new File([new Uint8Array(bytes)], name));
         for (const type of ['dragover', 'drop']) {
           document.querySelector('#main').dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
         }",
        vec![Value::from(bytes), Value::from(name)],
    )
    .await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn two_laptops_share_an_account_edit_it_and_settle_the_conflict() -> Result {
    let dir = tempfile::tempdir()?;
    let (a, b) = (dir.path().join("zhang.db"), dir.path().join("li.db"));
    cli(&a, &["init"])?;
    cli(&b, &["init"])?;
    let account = cli(&a, &["accounts", "add", "--name", "华东精密 East China Precision"])?;
    let account = account.trim();
    let plan = cli(
        &a,
        &["plans", "new", "--account", account, "--period", "FY2027", "--template", "blank"],
    )?;
    let plan = plan.trim();
    let obj = cli(
        &a,
        &[
            "plans",
            "add",
            plan,
            "objective",
            "title=Share of wallet 30%",
            "metric=share of wallet",
            "unit=%",
            "baseline=10",
            "target=30",
            "current=12",
            "due_date=2027-11-30",
        ],
    )?;
    let obj = obj.trim();
    let driver = Driver::start()?;

    // Zhang shares the account into Downloads.
    let c = driver.open(&a).await?;
    set_user(&c, "Zhang Wei").await?;
    c.execute("location.hash = arguments[0]", vec![Value::from(format!("#/accounts/{account}"))])
        .await?;
    wait_text(&c, "[data-testid=account-name]", "华东精密").await?;
    click(&c, "[data-action=share-account]").await?;
    // No team keys yet: a passphrase is offered first; a plain file is chosen, and said to be.
    wait_for(&c, "#share-encrypt-passphrase:checked").await?;
    click(&c, "label[for=share-encrypt-none]").await?;
    wait_text(&c, "[data-testid=share-plain-warning]", "Not encrypted").await?;
    screenshot(&c, "share-en").await?;
    click(&c, "[data-action=export-bundle]").await?;
    let shared = written_path(&c, "[data-testid=share-path]", |p| p.ends_with(".keyplan")).await?;
    assert!(Path::new(shared.trim()).exists(), "{shared}");
    c.close().await?;

    // Li opens it: the preview says what it adds and writes nothing; Merge does.
    let c = driver.open(&b).await?;
    set_user(&c, "李娜").await?;
    click(&c, "[data-nav=sync]").await?;
    wait_for(&c, "[data-testid=no-conflicts]").await?;
    choose_file(&c, "#bundle-file", shared.trim()).await?;
    let preview = wait_text(&c, "[data-testid=bundle-preview]", "Zhang Wei").await?;
    assert!(preview.contains("Objective") && preview.contains("Account plan"), "{preview}");
    let added = wait_for(&c, "[data-count=created] .sync-fig-n").await?.text().await?;
    assert!(added.trim().parse::<u32>()? >= 3, "account, plan, objective: {added}");
    screenshot(&c, "bundle-preview-en").await?;
    assert!(cli(&b, &["plans", "list", "--json"])?.trim() == "[]", "a preview writes nothing");
    click(&c, "[data-action=merge-bundle]").await?;
    wait_text(&c, "[data-testid=merge-done]", "Zhang Wei").await?;
    click(&c, "[data-action=close-merge]").await?;
    c.close().await?;
    assert_eq!(objective(&b, plan)?["current"], 12.0);

    // Both edit the objective: one field each, then the same field.
    cli(&a, &["plans", "update", obj, "current=20"])?;
    cli(&b, &["plans", "update", obj, "due_date=2027-10-31"])?;
    cli(&a, &["plans", "update", obj, "title=Share of wallet 35%"])?;
    cli(&b, &["plans", "update", obj, "title=Share of wallet 32%"])?;
    let from_a = dir.path().join("from-zhang.keyplan");
    cli(&a, &["bundle", "export", "--out", &from_a.display().to_string(), "--account", account])?;

    // Zhang's bundle dropped on Li's window, in Chinese: both edits, one conflict.
    let c = driver.open(&b).await?;
    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "zh-CN").await?;
    wait_text(&c, "[data-testid=sharing-card]", "您的姓名").await?;
    screenshot(&c, "settings-sharing-zh").await?;
    click(&c, "[data-nav=sync]").await?;
    wait_text(&c, "h1", "共享与同步").await?;
    drop_file(&c, &from_a).await?;
    let preview = wait_text(&c, "[data-testid=bundle-preview]", "Zhang Wei").await?;
    assert!(preview.contains("冲突"), "{preview}");
    let conflicts = wait_for(&c, "[data-count=conflicts] .sync-fig-n").await?.text().await?;
    assert_eq!(conflicts.trim(), "1", "{preview}");
    screenshot(&c, "bundle-preview-zh").await?;
    click(&c, "[data-action=merge-bundle]").await?;
    wait_for(&c, "[data-testid=merge-done]").await?;
    click(&c, "[data-action=close-merge]").await?;
    let badge = wait_text(&c, "[data-testid=conflicts-badge]", "1").await?;
    assert_eq!(badge.trim(), "1");
    let table = wait_text(&c, "[data-testid=conflicts-table]", "Share of wallet").await?;
    assert!(table.contains("32%") && table.contains("35%"), "both values: {table}");
    // This laptop's own edit reads as this laptop's, the other by its user.
    assert!(table.contains("Zhang Wei") && table.contains("本机"), "who: {table}");
    screenshot(&c, "conflicts-zh").await?;
    let o = objective(&b, plan)?;
    assert_eq!(o["current"], 20.0, "Zhang's edit arrived");
    assert_eq!(o["due_date"], "2027-10-31", "Li's edit stayed");
    let (kept, other) =
        if o["title"] == "Share of wallet 35%" { ("35%", "32%") } else { ("32%", "35%") };
    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "en").await?;
    click(&c, "[data-nav=sync]").await?;
    wait_text(&c, "[data-testid=conflicts-table]", "Kept value").await?;
    screenshot(&c, "conflicts-en").await?;

    // One click takes the other value; the badge goes.
    click(&c, "[data-action=keep-other]").await?;
    wait_for(&c, "[data-testid=no-conflicts]").await?;
    let title = objective(&b, plan)?["title"].as_str().unwrap_or_default().to_string();
    assert!(title.ends_with(other) && !title.ends_with(kept), "{title}");
    for _ in 0..50 {
        if c.find_all(Locator::Css("[data-testid=conflicts-badge]")).await?.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(c.find_all(Locator::Css("[data-testid=conflicts-badge]")).await?.is_empty());

    // A sync folder: Li's laptop writes its file there; Zhang's merges it and has the same.
    let folder = dir.path().join("Sync");
    std::fs::create_dir(&folder)?;
    click(&c, "[data-nav=settings]").await?;
    fill(&c, "#set-sync_folder", &folder.display().to_string()).await?;
    c.execute(
        "document.querySelector('#set-sync_folder').dispatchEvent(new Event('change'))",
        vec![],
    )
    .await?;
    wait_text(&c, ".toast", "Saved").await?;
    click(&c, "[data-nav=sync]").await?;
    click(&c, "[data-action=sync-now]").await?;
    let last = wait_text(&c, "[data-testid=sync-last]", "Last synced").await?;
    assert!(last.contains("Files merged: 0"), "{last}");
    screenshot(&c, "sync-folder-en").await?;
    c.close().await?;
    let merged = cli(&a, &["sync", &folder.display().to_string()])?;
    assert!(merged.contains("1 file merged"), "{merged}");
    let on_a = objective(&a, plan)?;
    assert_eq!(on_a["title"].as_str(), Some(title.as_str()), "the kept value won on Zhang's too");
    assert_eq!(on_a["due_date"], "2027-10-31");
    let listed = cli(&a, &["conflicts", "--all", "--json"])?;
    assert!(
        listed.contains("\"settled\": \"kept\"") || listed.contains("\"settled\":\"kept\""),
        "{listed}"
    );
    Ok(())
}
