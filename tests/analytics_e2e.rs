//! End-to-end: the analytics in the real window — the dashboard in both languages, a tier set
//! by hand and kept in history, an alert acknowledged, a segment saved and the dashboard
//! filtered by it.

use fantoccini::Locator;
use keyplan_e2e::*;

/// A database with the 1,000-account demo, ending today so the app's "as of today" sees it.
fn demo_db(dir: &tempfile::TempDir) -> Result<std::path::PathBuf> {
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "1000"])?;
    Ok(db)
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn override_a_tier_with_a_reason_and_see_it_in_history() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    wait_for(&c, "[data-testid=tier-card] [data-testid=tier-A]").await?;
    wait_for(&c, "[data-testid=quadrant-card] .dot").await?;
    screenshot(&c, "dashboard-en").await?;

    // A thousand dots are one tab stop: the arrow keys move between them, Tab moves on.
    let stops = c
        .execute(
            "return document.querySelectorAll('.chart-scatter .dot[tabindex=\"0\"]').length",
            vec![],
        )
        .await?;
    assert_eq!(stops, serde_json::json!(1));
    tab_to(&c, "[data-testid=quadrant-card] .dot", false).await?;
    let focused = "return document.activeElement.dataset.id || ''";
    let first = c.execute(focused, vec![]).await?;
    chord(&c, &['\u{E014}']).await?; // →
    let second = c.execute(focused, vec![]).await?;
    assert_ne!(first, second, "→ moves to the next dot");
    screenshot(&c, "dashboard-dot-focus-en").await?;
    focus_on(&c, "[data-testid=quadrant-card] .dot[tabindex=\"0\"]").await?;
    tab_to(&c, "[data-testid=alerts-card] [data-action=ack-alert]", false).await?;
    tab_to(&c, "[data-testid=quadrant-card] .dot", true).await?;
    assert_eq!(c.execute(focused, vec![]).await?, second, "and Tab comes back to the same dot");
    chord(&c, &['\u{E007}']).await?; // Enter
    wait_for(&c, "[data-testid=tier-why]").await?;

    // The top-ranked account, from the accounts table sorted by tier.
    click(&c, "[data-nav=accounts]").await?;
    wait_text(&c, "[data-testid=account-count]", "1,000").await?;
    click(&c, "[data-sort=tier]").await?;
    wait_for(&c, "th[aria-sort=ascending] [data-sort=tier]").await?;
    screenshot(&c, "accounts-labels-en").await?;
    click(&c, "[data-testid=accounts-table] tbody tr[data-id] td.cell-name").await?;
    click(&c, "[data-tab=insights]").await?;
    let why = wait_text(&c, "[data-testid=tier-why]", "Tier A:").await?;
    // The first account has no one above it: the why says what makes it first; any other
    // names the share before it and the threshold.
    let first = why.contains("the most");
    assert!(first || why.contains("less than the 80%"), "the why is one plain sentence: {why}");
    wait_for(&c, "[data-testid=playbook] li").await?;
    screenshot(&c, "insights-en").await?;

    // A reason is required.
    click(&c, "[data-action=override-tier]").await?;
    select(&c, "dialog #f-tier", "C").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-error-for=reason]", "Required").await?;
    fill(&c, "dialog #f-reason", "Moving to a distributor").await?;
    click(&c, "dialog [data-action=save]").await?;
    let history = wait_text(&c, "[data-testid=tier-history]", "Moving to a distributor").await?;
    assert!(history.contains("A → C") && history.contains("set by hand"), "{history}");
    let why = wait_text(&c, "[data-testid=tier-why]", "set by hand").await?;
    assert!(why.contains("the rule gives A"), "{why}");

    // Kept across a restart: reopen the app on the same file.
    c.close().await?;
    let c = driver.open(&db).await?;
    let json = cli(&db, &["analyze", "--json"])?;
    assert!(
        json.contains("set by hand (Moving to a distributor)"),
        "the CLI sees the override too"
    );
    click(&c, "[data-nav=accounts]").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn acknowledge_an_alert() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    let first = wait_for(&c, "[data-testid=alerts-card] [data-alert]").await?;
    let id = first.attr("data-alert").await?.unwrap_or_default();
    click(&c, &format!("[data-alert='{id}'] [data-action=ack-alert]")).await?;
    wait_text(&c, "[data-testid=alerts-card]", "1 acknowledged or snoozed").await?;
    let gone = c.find_all(Locator::Css(&format!("[data-alert='{id}']"))).await?;
    assert!(gone.is_empty(), "the acknowledged alert left the active list");

    // Snoozing another one hides it too.
    let next = wait_for(&c, "[data-testid=alerts-card] [data-alert]").await?;
    let next_id = next.attr("data-alert").await?.unwrap_or_default();
    click(&c, &format!("[data-alert='{next_id}'] [data-action=snooze-alert]")).await?;
    wait_text(&c, "[data-testid=alerts-card]", "2 acknowledged or snoozed").await?;
    screenshot(&c, "alerts-en").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn save_a_segment_and_filter_the_dashboard_by_it() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;

    wait_text(&c, "[data-testid=tile-accounts]", "1,000").await?;
    let a_count = wait_text(&c, "[data-testid=tier-A]", "A").await?;
    click(&c, "[data-action=new-segment]").await?;
    fill(&c, "dialog #f-segment_name", "Key accounts").await?;
    click(&c, "dialog [data-field=tier] input[value=A]").await?;
    click(&c, "dialog [data-action=save]").await?;
    let tile = wait_text(&c, "[data-testid=tile-accounts]", "Key accounts").await?;
    assert!(!tile.contains("1,000"), "the dashboard shows the segment only: {tile}");
    // Every account in the segment is an A account: the tier bars show no B or C.
    let b = wait_text(&c, "[data-testid=tier-B]", "B").await?;
    assert!(b.contains("B · 0"), "{b}");
    assert!(a_count.contains("A ·"), "{a_count}");
    screenshot(&c, "dashboard-segment-en").await?;

    // The segment filters the accounts table too, and survives a language switch.
    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "zh-CN").await?;
    click(&c, "[data-nav=portfolio]").await?;
    wait_text(&c, "[data-testid=tile-accounts]", "Key accounts").await?;
    wait_for(&c, "[data-testid=quadrant-card] .dot").await?;
    screenshot(&c, "dashboard-segment-zh").await?;
    select(&c, "#segment-picker", "").await?;
    wait_text(&c, "[data-testid=tile-accounts]", "1,000").await?;
    screenshot(&c, "dashboard-zh").await?;
    wait_text(&c, "[data-testid=cross-tab]", "·").await?;
    click(&c, "[data-nav=settings]").await?;
    wait_for(&c, "[data-testid=analytics-settings]").await?;
    screenshot(&c, "settings-analytics-zh").await?;
    // Tier thresholds are edited in percent, so their range errors speak percent too.
    fill(&c, "[data-field='tiers.b_bp'] input", "70").await?;
    // Clicked while the segment's "Saved" toast may still show over the Save button.
    click(&c, "[data-testid=analytics-settings] [data-action=save]").await?;
    let error = wait_text(&c, "[data-error-for='tiers.b_bp']", "须在").await?;
    assert_eq!(error, "须在 80 到 100 之间");
    screenshot(&c, "settings-analytics-error-zh").await?;
    c.close().await?;
    Ok(())
}
