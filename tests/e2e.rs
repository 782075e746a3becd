//! End-to-end: the real desktop app in a real window (under Xvfb), driven as a person would.
//! Each test starts the app on a database of its own. Run by `scripts/test.sh`, which installs
//! Xvfb, WebKitWebDriver and tauri-driver; plain `cargo test` skips them (they need a display).

use fantoccini::Locator;
use keyplan_e2e::*;

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn add_account_contact_and_transaction_then_see_them_listed() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    // The empty portfolio offers to add an account.
    wait_for(&c, "[data-testid=empty-state]").await?;
    screenshot(&c, "empty-en").await?;
    click(&c, "[data-testid=empty-state] [data-action=add-account]").await?;
    fill(&c, "dialog #f-name", "Northwind Logistics").await?;
    fill(&c, "dialog #f-industry", "Logistics").await?;
    select(&c, "dialog #f-size_band", "large").await?;
    fill(&c, "dialog #f-tags", "vip, export").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=account-name]", "Northwind Logistics").await?;

    // A contact, on the Contacts tab.
    click(&c, "[data-tab=contacts]").await?;
    click(&c, "[data-action=add-contact]").await?;
    fill(&c, "dialog #f-name", "Grace Liu").await?;
    fill(&c, "dialog #f-title", "Procurement Manager").await?;
    select(&c, "dialog #f-role", "gatekeeper").await?;
    // Enter submits the form.
    fill(&c, "dialog #f-email", "grace@example.com\u{E007}").await?;
    wait_text(&c, "[data-testid=contact-table]", "Grace Liu").await?;
    wait_text(&c, "[data-testid=org-chart]", "Grace Liu").await?;

    // A transaction.
    click(&c, "[data-tab=transactions]").await?;
    click(&c, "[data-action=add-transaction]").await?;
    fill(&c, "dialog #f-date", "2026-10-15").await?;
    fill(&c, "dialog #f-revenue", "12,345.60").await?;
    fill(&c, "dialog #f-product_line", "Analytics").await?;
    click(&c, "dialog [data-action=save]").await?;
    let table = wait_text(&c, "[data-testid=transaction-table]", "Analytics").await?;
    assert!(table.contains("12,345.60"), "revenue shown exactly: {table}");
    screenshot(&c, "account-transactions-en").await?;

    // Listed in the accounts table.
    c.goto("tauri://localhost/index.html#/accounts").await.ok();
    click(&c, "[data-nav=accounts]").await?;
    wait_text(&c, "[data-testid=accounts-table]", "Northwind Logistics").await?;
    // The tags column is past the right edge at 1280 px: scroll sideways, as a person would.
    c.execute(
        "document.querySelector('[data-testid=accounts-table] tbody tr td:last-child').scrollIntoView()",
        vec![],
    )
    .await?;
    let rows = wait_text(&c, "[data-testid=accounts-table]", "vip").await?;
    assert!(rows.contains("Logistics") && rows.contains("export"), "{rows}");
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn validation_errors_show_at_the_field() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["accounts", "add", "--name", "Acme"])?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    click(&c, "[data-nav=accounts]").await?;
    click(&c, "[data-action=add-account]").await?;
    fill(&c, "dialog #f-renewal_date", "2023-02-30").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-error-for=name]", "Required").await?;
    wait_text(&c, "[data-error-for=renewal_date]", "Not a real date").await?;
    let invalid = c.find(Locator::Css("dialog #f-name")).await?.attr("aria-invalid").await?;
    assert_eq!(invalid.as_deref(), Some("true"));
    screenshot(&c, "validation-en").await?;

    // A duplicate name is caught by the store's rule and still lands at the field.
    fill(&c, "dialog #f-name", " ACME ").await?;
    fill(&c, "dialog #f-renewal_date", "").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-error-for=name]", "already has this name").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn chinese_labels_and_data_survive_kill_9_and_restart() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    // Switch to Chinese in Settings: the labels change at once.
    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "zh-CN").await?;
    wait_text(&c, "[data-nav=accounts]", "客户").await?;
    wait_text(&c, "h1", "设置").await?;
    screenshot(&c, "settings-zh").await?;

    // Add an account and wait for the app to acknowledge it (its page opens).
    click(&c, "[data-nav=accounts]").await?;
    click(&c, "[data-action=add-account]").await?;
    wait_text(&c, "dialog label[for=f-name]", "名称").await?;
    fill(&c, "dialog #f-name", "Kunlun Precision").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=account-name]", "Kunlun Precision").await?;

    // Pull the plug: SIGKILL, no clean shutdown.
    kill_9_app(&db)?;
    drop(c);
    drop(driver);

    let check = cli(&db, &["accounts", "list", "--json"])?;
    assert!(check.contains("Kunlun Precision"), "{check}");

    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    // Language remembered, data still there.
    wait_text(&c, "[data-nav=accounts]", "客户").await?;
    click(&c, "[data-nav=accounts]").await?;
    wait_text(&c, "[data-testid=accounts-table]", "Kunlun Precision").await?;
    wait_text(&c, "[data-testid=accounts-table] thead", "行业").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn demo_portfolio_screens_in_both_languages() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    // Loading the demo from the empty state.
    click(&c, "[data-testid=empty-state] [data-action=load-demo]").await?;
    wait_for(&c, "[data-testid=tile-revenue]").await?;
    wait_text(&c, "[data-testid=tile-accounts]", "120").await?;
    screenshot(&c, "portfolio-en").await?;

    // The KPI tiles over the last 90 days instead of 365: fewer survey responses count.
    let year = wait_text(&c, "[data-testid=tile-nps] .tile-sub", "responses").await?;
    select(&c, "#kpi-period", "90").await?;
    let quarter = wait_until_changed(&c, "[data-testid=tile-nps] .tile-sub", &year).await?;
    assert!(responses(&quarter) < responses(&year), "{quarter} vs {year}");
    screenshot(&c, "portfolio-kpi-90-days-en").await?;

    click(&c, "[data-nav=accounts]").await?;
    wait_text(&c, "[data-testid=account-count]", "of 120").await?;
    // Filter by size and sort by renewal date.
    select(&c, "[data-filter=size_band]", "enterprise").await?;
    click(&c, "[data-sort=renewal_date]").await?;
    wait_for(&c, "th[aria-sort=ascending] [data-sort=renewal_date]").await?;
    screenshot(&c, "accounts-en").await?;
    let count = wait_text(&c, "[data-testid=account-count]", "of").await?;
    assert!(!count.contains("of 120"), "the filter narrowed the list: {count}");

    // "/" focuses the search box; typing filters; Enter moves to the first row, Enter opens it.
    chord(&c, &['/']).await?;
    let focused = c.execute("return document.activeElement.id", vec![]).await?;
    assert_eq!(focused, serde_json::json!("account-search"));
    let first_name =
        wait_text(&c, "[data-testid=accounts-table] tbody tr[data-id] .cell-name", " ").await?;
    let word = first_name.split_whitespace().next().unwrap_or_default().to_string();
    wait_for(&c, "#account-search").await?.send_keys(&format!("{word}\u{E007}")).await?;
    chord(&c, &['\u{E007}']).await?;
    wait_for(&c, "[data-testid=account-name]").await?;
    click(&c, "[data-tab=contacts]").await?;
    wait_for(&c, "[data-testid=org-chart] .org-node").await?;
    screenshot(&c, "account-contacts-en").await?;
    click(&c, "[data-tab=interactions]").await?;
    wait_for(&c, "[data-testid=timeline]").await?;
    screenshot(&c, "account-timeline-en").await?;

    // The demo's key accounts have plans to run: drafts, active ones, one under review, last
    // year's closed ones, in green, amber and red.
    click(&c, "[data-nav=plans]").await?;
    wait_for(&c, "[data-testid=plans-table] tbody tr").await?;
    for status in ["draft", "active", "under_review", "closed"] {
        wait_for(&c, &format!("[data-testid=plans-table] [data-status={status}]")).await?;
    }
    screenshot(&c, "plans-demo-en").await?;
    // The largest account's plan has four monthly reviews: the latest two compare.
    click(&c, "[data-testid=plans-table] tr[data-status=under_review] td.cell-account").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_for(&c, "[data-testid=stakeholder-map] svg").await?;
    screenshot(&c, "plan-demo-en").await?;
    c.execute("document.querySelector('[data-testid=review-compare]').scrollIntoView()", vec![])
        .await?;
    let moved = wait_for(&c, "[data-testid=review-compare]").await?.text().await?;
    assert!(moved.contains('▲'), "an attitude moved up since the last review: {moved}");
    screenshot(&c, "plan-demo-reviews-en").await?;

    // Today, at the top of the Actions page: what is due besides the actions, a few of each kind.
    click(&c, "[data-nav=actions]").await?;
    wait_for(&c, "[data-testid=today] [data-kind=renewal]").await?;
    scroll_into_view(&c, "[data-testid=today]").await?;
    screenshot(&c, "actions-today-en").await?;

    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "zh-CN").await?;
    // The language re-renders the page: change the theme on the new one, as a person would.
    wait_text(&c, "h1", "设置").await?;
    select(&c, "#set-theme", "dark").await?;
    wait_for(&c, "html[data-theme=dark]").await?;
    click(&c, "[data-nav=portfolio]").await?;
    wait_text(&c, "h1", "客户组合").await?;
    // The chosen KPI period is kept while the app runs, and named in Chinese.
    let period = c.execute("const s = document.querySelector('#kpi-period'); return s.options[s.selectedIndex].text", vec![]).await?;
    assert_eq!(period, serde_json::json!("近 90 天"));
    screenshot(&c, "portfolio-zh-dark").await?;
    click(&c, "[data-nav=accounts]").await?;
    wait_text(&c, "[data-testid=account-count]", "共").await?;
    screenshot(&c, "accounts-zh-dark").await?;
    click(&c, "[data-nav=plans]").await?;
    wait_for(&c, "[data-testid=plans-table] [data-status=under_review]").await?;
    screenshot(&c, "plans-demo-zh-dark").await?;

    // No English the app wrote in any Chinese view: the demo's data is English (it was loaded
    // in English), the window's own words — labels, states, generated plan texts — are not.
    let phrases = english_phrases()?;
    english_free(&c, "plans", &phrases).await?;
    click(&c, "[data-testid=plans-table] tr[data-status=under_review] td.cell-account").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_for(&c, "[data-testid=health-parts]").await?;
    english_free(&c, "plan", &phrases).await?;
    click(&c, "[data-tab=insights]").await?;
    wait_for(&c, "[data-testid=tier-why]").await?;
    english_free(&c, "analysis", &phrases).await?;
    for (nav, ready) in [
        ("portfolio", "[data-testid=tile-accounts]"),
        ("accounts", "[data-testid=accounts-table]"),
        ("actions", "[data-testid=action-count]"),
        ("sync", "[data-testid=conflicts-card]"),
        ("settings", "#set-language"),
    ] {
        click(&c, &format!("[data-nav={nav}]")).await?;
        wait_for(&c, ready).await?;
        english_free(&c, nav, &phrases).await?;
        if nav == "actions" {
            wait_for(&c, "[data-testid=today]").await?;
            screenshot(&c, "actions-today-zh-dark").await?;
        }
    }
    c.close().await?;
    Ok(())
}

/// The window's own English phrases, from its catalogue: fixed texts of two words or more that
/// read differently in Chinese.
fn english_phrases() -> Result<Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/js/i18n");
    let read = |name: &str| -> Result<std::collections::BTreeMap<String, String>> {
        Ok(serde_json::from_str(&std::fs::read_to_string(dir.join(name))?)?)
    };
    let (en, zh) = (read("en.json")?, read("zh-CN.json")?);
    Ok(en
        .into_iter()
        .filter(|(k, v)| {
            !v.contains('{') && v.split_whitespace().count() >= 2 && zh.get(k) != Some(v)
        })
        .map(|(_, v)| v)
        .collect())
}

/// Fails when the window, in Chinese, shows any of the app's English phrases as a text of its
/// own (a whole text node, so the user's data that happens to contain the words does not count).
async fn english_free(c: &fantoccini::Client, view: &str, phrases: &[String]) -> Result {
    let js = "const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
              while (w.nextNode()) { const t = w.currentNode.textContent.trim(); if (t) out.push(t); } \
              return out;";
    let texts: Vec<String> = serde_json::from_value(c.execute(js, vec![]).await?)?;
    let found: Vec<&String> =
        phrases.iter().filter(|p| texts.iter().any(|t| t == p.as_str())).collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("English in the Chinese {view} view: {found:?}").into())
    }
}

/// N in an NPS tile's "N responses".
fn responses(sub: &str) -> u32 {
    let n = sub.split_whitespace().next().unwrap_or_default().replace(',', "");
    n.parse().unwrap_or(u32::MAX)
}
