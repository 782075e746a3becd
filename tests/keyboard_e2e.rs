//! End-to-end: one key-account manager's day in the real window by keyboard alone — the command
//! palette, Today, an action marked done, an account's plan, an objective added and taken back
//! with Ctrl+Z, the plan exported. Every Tab stop on the way must show its focus, uncovered.
//! Also: a deleted account comes back with Ctrl+Z and goes again with Ctrl+Shift+Z.

use keyplan_e2e::*;

const CTRL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';
const ENTER: char = '\u{E007}';
const DOWN: char = '\u{E015}';
const ESCAPE: char = '\u{E00C}';

fn demo_db(dir: &tempfile::TempDir) -> Result<std::path::PathBuf> {
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "40"])?;
    Ok(db)
}

/// The active option of the open palette (its `data-choice`).
async fn active_choice(c: &fantoccini::Client) -> Result<String> {
    let v = c
        .execute(
            "const id = document.getElementById('palette-input').getAttribute('aria-activedescendant');\
             return id ? document.getElementById(id).dataset.choice : '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Opens the palette, types `what`, moves down to the first choice starting with `prefix` and
/// takes it.
async fn palette(c: &fantoccini::Client, what: &str, prefix: &str) -> Result {
    chord(c, &[CTRL, 'k']).await?;
    wait_for(c, "[data-testid=palette]").await?;
    focus_on(c, "#palette-input").await?;
    type_keys(c, what).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if active_choice(c).await?.starts_with(prefix) {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no {prefix} choice for {what:?}").into());
        }
        // Accounts arrive a moment after the commands: give them that moment, then move down.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        if !active_choice(c).await?.starts_with(prefix) {
            chord(c, &[DOWN]).await?;
        }
    }
    chord(c, &[ENTER]).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn a_day_by_keyboard_alone() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let plans: serde_json::Value = serde_json::from_str(&cli(&db, &["plans", "list", "--json"])?)?;
    let plan = plans[0].clone();
    let (plan_id, account) = (
        plan["id"].as_str().unwrap_or_default().to_string(),
        plan["account_name"].as_str().unwrap_or_default().to_string(),
    );
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    wait_for(&c, "[data-testid=tier-card]").await?;

    // The palette finds Today by its Chinese name while the window speaks English.
    chord(&c, &[CTRL, 'k']).await?;
    wait_for(&c, "[data-testid=palette]").await?;
    screenshot(&c, "palette-en").await?;
    chord(&c, &[ESCAPE]).await?;
    palette(&c, "今日", "cmd-today").await?;
    wait_for(&c, "[data-testid=today]").await?;
    screenshot(&c, "keyboard-today-en").await?;

    // Tab to the first open action and mark it done with Space; the message offers Undo.
    tab_to(&c, "[data-testid^=actions-] tr[data-id]", false).await?;
    chord(&c, &[' ']).await?;
    wait_for(&c, "[data-testid^=actions-] tr.is-done").await?;
    wait_for(&c, "#toasts [data-action=toast-undo]").await?;
    screenshot(&c, "keyboard-action-done-en").await?;

    // The account's plan, by typing the account's name.
    palette(&c, &account, "plan-").await?;
    wait_for(&c, "[data-testid=plan-head]").await?;
    let at = c.current_url().await?;
    assert!(at.as_str().ends_with(&plan_id), "the plan's page: {at}");
    wait_for(&c, "[data-action=add-plan-objective]").await?;

    // An objective, added by keyboard: the dialog opens on its first field; Enter saves.
    tab_to(&c, "[data-action=add-plan-objective]", false).await?;
    chord(&c, &[ENTER]).await?;
    focus_on(&c, "dialog #f-title").await?;
    type_keys(&c, "Keyboard objective 2027").await?;
    tab_to(&c, "dialog #f-target", false).await?;
    type_keys(&c, "5").await?;
    chord(&c, &[ENTER]).await?;
    wait_text(&c, "main", "Keyboard objective 2027").await?;
    screenshot(&c, "keyboard-objective-en").await?;

    // Ctrl+Z takes it back (focus is back on the button, not in a field).
    focus_on(&c, "[data-action=add-plan-objective]").await?;
    chord(&c, &[CTRL, 'z']).await?;
    wait_text(&c, "#toasts", "Undone").await?;
    let gone = c
        .execute("return !document.querySelector('main').textContent.includes('Keyboard objective 2027')", vec![])
        .await?;
    assert_eq!(gone, serde_json::json!(true), "the objective is gone after Ctrl+Z");
    screenshot(&c, "keyboard-undone-en").await?;
    let shown: serde_json::Value =
        serde_json::from_str(&cli(&db, &["plans", "show", &plan_id, "--json"])?)?;
    assert!(!shown.to_string().contains("Keyboard objective 2027"), "taken back in the book too");

    // Export the plan: Tab to Export…, Enter, Tab to Save, Enter.
    tab_to(&c, "[data-action=export-plan]", false).await?;
    chord(&c, &[ENTER]).await?;
    wait_for(&c, "dialog [data-action=save]").await?;
    tab_to(&c, "dialog [data-action=save]", false).await?;
    chord(&c, &[ENTER]).await?;
    let path = written_path(&c, "[data-testid=export-path]", |_| true).await?;
    assert!(std::path::Path::new(&path).is_file(), "the export was written: {path}");
    screenshot(&c, "keyboard-exported-en").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn a_deleted_account_comes_back_with_ctrl_z() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let listed: serde_json::Value =
        serde_json::from_str(&cli(&db, &["accounts", "list", "--json"])?)?;
    let (id, name) = (
        listed[0]["id"].as_str().unwrap_or_default().to_string(),
        listed[0]["name"].as_str().unwrap_or_default().to_string(),
    );
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    wait_for(&c, "[data-testid=tier-card]").await?;
    c.goto(&format!("tauri://localhost/index.html#/accounts/{id}")).await.ok();
    wait_text(&c, "[data-testid=account-name]", &name).await?;
    click(&c, "[data-action=delete-account]").await?;
    click(&c, "[data-action=confirm-delete]").await?;
    wait_for(&c, "[data-testid=accounts-table]").await?;
    wait_for(&c, "#toasts [data-action=toast-undo]").await?;
    screenshot(&c, "undo-offered-en").await?;
    assert!(cli(&db, &["accounts", "show", &id]).is_err(), "deleted in the book");

    chord(&c, &[CTRL, 'z']).await?;
    wait_text(&c, "#toasts", &format!("Undone: deleted “{name}”")).await?;
    wait_text(&c, "[data-testid=accounts-table]", &name).await?;
    screenshot(&c, "undone-en").await?;
    let back = cli(&db, &["accounts", "show", &id])?;
    assert!(back.contains(&name), "back in the book: {back}");

    chord(&c, &[CTRL, SHIFT, 'z']).await?;
    wait_text(&c, "#toasts", "Redone").await?;
    assert!(cli(&db, &["accounts", "show", &id]).is_err(), "deleted again");
    // The message's own Undo button does the same.
    click(&c, "#toasts [data-action=toast-undo]").await?;
    wait_text(&c, "#toasts", "Undone").await?;
    assert!(cli(&db, &["accounts", "show", &id]).is_ok());
    c.close().await?;
    Ok(())
}
