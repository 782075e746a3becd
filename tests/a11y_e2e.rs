//! Accessibility: axe-core (the npm dev dependency, injected through the WebDriver session into
//! the real window) on every view of the demo book, an open dialog and the command palette, both
//! languages and both themes. A serious or critical violation fails the test, listing each rule
//! and where. Screenshots of the newest views in every language and theme are left to look at.

use keyplan_e2e::*;

/// axe's rules for WCAG 2.0–2.2 A and AA, with target size (2.5.8: 24 × 24 px), which axe
/// leaves off unless asked.
const RUN: &str = "const done = arguments[arguments.length - 1];\
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },\
      rules: { 'target-size': { enabled: true } } })\
      .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')\
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))\
      .catch((e) => done([`axe failed: ${e}`]));";

/// Opens every chart's table and the first of Today's snooze choices (one opens at a time), so
/// what they hold is checked too; a chart's table fills itself when opened.
const OPEN_DISCLOSURES: &str =
    "document.querySelectorAll('details.chart-alt').forEach((d) => { d.open = true; });\
    const snooze = document.querySelector('details.snooze'); if (snooze) snooze.open = true;";

/// The serious and critical violations on the page as it is, each named with `view`.
async fn violations(c: &fantoccini::Client, view: &str) -> Result<Vec<String>> {
    let loaded = c.execute("return typeof axe !== 'undefined'", vec![]).await?;
    if loaded != serde_json::json!(true) {
        let axe = root().join("node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .map_err(|e| format!("{}: {e} (scripts/test.sh runs npm ci)", axe.display()))?;
        c.execute(&format!("{source}\nreturn true;"), vec![]).await?;
    }
    let found: Vec<String> = serde_json::from_value(c.execute_async(RUN, vec![]).await?)?;
    Ok(found.into_iter().map(|v| format!("{view}: {v}")).collect())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn every_view_passes_axe_in_both_languages_and_themes() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "120"])?;
    let account = {
        let out = cli(&db, &["accounts", "list", "--json"])?;
        let v: serde_json::Value = serde_json::from_str(&out)?;
        v[0]["id"].as_str().unwrap_or_default().to_string()
    };
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    let mut found = Vec::new();
    for (language, theme) in
        [("en", "light"), ("zh-CN", "dark"), ("en", "dark"), ("zh-CN", "light")]
    {
        click(&c, "[data-nav=settings]").await?;
        select(&c, "#set-language", language).await?;
        wait_for(&c, &format!("html[lang={language}]")).await?;
        select(&c, "#set-theme", theme).await?;
        wait_for(&c, &format!("html[data-theme={theme}]")).await?;
        let views = [
            ("portfolio", "#/portfolio", "[data-testid=tile-accounts]"),
            ("accounts", "#/accounts", "[data-testid=accounts-table] tbody tr"),
            ("plans", "#/plans", "[data-testid=plans-table] tbody tr"),
            ("actions", "#/actions", "[data-testid=today]"),
            ("sync", "#/sync", "[data-testid=conflicts-card]"),
            ("settings", "#/settings", "#set-language"),
        ];
        for (name, href, ready) in views {
            c.execute(&format!("location.hash = '{href}'"), vec![]).await?;
            wait_for(&c, ready).await?;
            // The charts' tables and the Today list's snooze choices are checked open.
            c.execute(OPEN_DISCLOSURES, vec![]).await?;
            if name == "portfolio" {
                scroll_into_view(&c, "[data-testid=quadrant-card] [data-testid=chart-table]")
                    .await?;
                screenshot(&c, &format!("chart-tables-{language}-{theme}")).await?;
            } else if name == "actions" {
                screenshot(&c, &format!("today-{language}-{theme}")).await?;
            } else if name == "settings" {
                scroll_into_view(&c, "[data-testid=reminders-card]").await?;
                screenshot(&c, &format!("settings-reminders-{language}-{theme}")).await?;
            }
            found.extend(violations(&c, &format!("{name} {language} {theme}")).await?);
        }
        for tab in ["overview", "insights", "plan", "contacts", "interactions", "transactions"] {
            c.execute(&format!("location.hash = '#/accounts/{account}/{tab}'"), vec![]).await?;
            wait_for(&c, &format!("[data-tab={tab}][aria-selected=true]")).await?;
            c.execute(OPEN_DISCLOSURES, vec![]).await?;
            found.extend(violations(&c, &format!("account {tab} {language} {theme}")).await?);
        }
        // A dialog: the new account form.
        c.execute("location.hash = '#/accounts'", vec![]).await?;
        click(&c, "[data-action=add-account]").await?;
        wait_for(&c, "dialog[open]").await?;
        found.extend(violations(&c, &format!("new account dialog {language} {theme}")).await?);
        chord(&c, &['\u{E00C}']).await?;
        // The command palette, with accounts and plans found for what was typed.
        wait_for(&c, "[data-testid=accounts-table]").await?;
        chord(&c, &['\u{E009}', 'k']).await?;
        wait_for(&c, "#palette-input").await?.send_keys("a").await?;
        wait_for(&c, "#palette-list [data-choice^=account-]").await?;
        found.extend(violations(&c, &format!("command palette {language} {theme}")).await?);
        screenshot(&c, &format!("palette-{language}-{theme}")).await?;
        chord(&c, &['\u{E00C}']).await?;
    }
    c.close().await?;
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("{} serious or critical violations:\n{}", found.len(), found.join("\n")).into())
    }
}
