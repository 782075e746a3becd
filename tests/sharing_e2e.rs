//! End-to-end: encrypted sharing in the real window, in each language (English light, Chinese
//! dark). Zhang adds Li's key in Settings → Team keys (a bad key is refused at its field) and
//! shares everything for the team, then with a passphrase; the files hold no customer name.
//! Li's window opens the team's bundle by itself, asks for the passphrase of the other (a wrong
//! one is said to be wrong, at the field), and refuses a bundle made for someone else.

use fantoccini::Client;
use keyplan_e2e::*;
use serde_json::Value;
use std::path::Path;

const PASSPHRASE: &str = "杭州 visit 2026";

async fn open_file(c: &Client, file: &str) -> Result {
    click(c, "[data-nav=sync]").await?;
    choose_file(c, "#bundle-file", file).await
}

fn holds_any(file: &Path, names: &[String]) -> Result<Option<String>> {
    let bytes = std::fs::read(file)?;
    Ok(names.iter().find(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes())).cloned())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn share_for_the_team_and_with_a_passphrase_and_open_both() -> Result {
    for (lang, demo_lang, theme, refused_words, wrong_words) in [
        ("en", "en", "light", "for someone else", "does not open"),
        ("zh-CN", "zh", "dark", "给别人的", "密码短语不正确"),
    ] {
        let dir = tempfile::tempdir()?;
        let (a, b, d) =
            (dir.path().join("zhang.db"), dir.path().join("li.db"), dir.path().join("d.db"));
        cli(&a, &["demo", "--accounts", "12", "--lang", demo_lang])?;
        cli(&b, &["init"])?;
        let li_key = cli(&b, &["key", "show"])?.trim().to_string();
        let stranger = cli(&d, &["key", "show"])?.trim().to_string();
        let listed: Value = serde_json::from_str(&cli(&a, &["accounts", "list", "--json"])?)?;
        let names: Vec<String> = listed
            .as_array()
            .map(|l| l.iter().filter_map(|x| x["name"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let driver = Driver::start()?;

        // Zhang: Settings → Team keys.
        let c = driver.open(&a).await?;
        click(&c, "[data-nav=settings]").await?;
        select(&c, "#set-language", lang).await?;
        select(&c, "#set-theme", theme).await?;
        scroll_into_view(&c, "[data-testid=team-card]").await?;
        let own = wait_text(&c, "[data-testid=own-key]", "age1").await?;
        assert_eq!(own.trim().len(), 62, "{own}");
        wait_for(&c, "[data-testid=team-empty]").await?;
        screenshot(&c, &format!("team-empty-{lang}-{theme}")).await?;
        fill(&c, "#team-name", "Li Na 李娜").await?;
        fill(&c, "#team-key", "age1notakey").await?;
        click(&c, "[data-action=team-add]").await?;
        wait_text(&c, "[data-testid=team-key-error]", "age1").await?;
        screenshot(&c, &format!("team-bad-key-{lang}-{theme}")).await?;
        fill(&c, "#team-key", &li_key).await?;
        click(&c, "[data-action=team-add]").await?;
        wait_text(&c, "[data-testid=team-list]", "李娜").await?;
        scroll_into_view(&c, "[data-testid=team-card]").await?;
        screenshot(&c, &format!("team-{lang}-{theme}")).await?;

        // Share everything: for the team by default now that it has a key.
        click(&c, "[data-nav=sync]").await?;
        click(&c, "[data-action=share-all]").await?;
        wait_for(&c, "#share-encrypt-team:checked").await?;
        screenshot(&c, &format!("share-team-{lang}-{theme}")).await?;
        click(&c, "[data-action=export-bundle]").await?;
        let for_team =
            written_path(&c, "[data-testid=share-path]", |p| p.ends_with(".keyplan")).await?;
        let for_team = for_team.trim().to_string();
        assert!(std::fs::read(&for_team)?.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(holds_any(Path::new(&for_team), &names)?, None, "no customer name readable");

        // Then with a passphrase, for a one-off recipient.
        click(&c, "label[for=share-encrypt-passphrase]").await?;
        fill(&c, "[data-testid=share-passphrase]", PASSPHRASE).await?;
        click(&c, "[data-action=export-bundle]").await?;
        let with_pass = written_path(&c, "[data-testid=share-path]", |p| p != for_team).await?;
        let with_pass = with_pass.trim().to_string();
        screenshot(&c, &format!("share-passphrase-{lang}-{theme}")).await?;
        assert_eq!(holds_any(Path::new(&with_pass), &names)?, None);
        c.close().await?;
        let elsewhere = dir.path().join("elsewhere.keyplan");
        let elsewhere = elsewhere.display().to_string();
        cli(&a, &["bundle", "export", "--all", "--out", &elsewhere, "--encrypt-to", &stranger])?;

        // Li: the team's bundle opens by itself; the stranger's is refused; the passphrase one
        // asks, says a wrong one is wrong, and opens with the right one.
        let c = driver.open(&b).await?;
        click(&c, "[data-nav=settings]").await?;
        select(&c, "#set-language", lang).await?;
        select(&c, "#set-theme", theme).await?;
        open_file(&c, &elsewhere).await?;
        wait_text(&c, ".toast-error", refused_words).await?;
        screenshot(&c, &format!("bundle-for-someone-else-{lang}-{theme}")).await?;
        open_file(&c, &for_team).await?;
        wait_for(&c, "[data-testid=bundle-preview]").await?;
        click(&c, "[data-action=cancel-merge]").await?;
        assert_eq!(cli(&b, &["accounts", "list", "--json"])?.trim(), "[]", "nothing merged yet");
        open_file(&c, &with_pass).await?;
        fill(&c, "[data-testid=bundle-passphrase]", "wrong passphrase").await?;
        click(&c, "[data-action=open-sealed]").await?;
        wait_text(&c, "[data-testid=bundle-passphrase-error]", wrong_words).await?;
        screenshot(&c, &format!("bundle-passphrase-wrong-{lang}-{theme}")).await?;
        fill(&c, "[data-testid=bundle-passphrase]", PASSPHRASE).await?;
        click(&c, "[data-action=open-sealed]").await?;
        wait_for(&c, "[data-testid=bundle-preview]").await?;
        click(&c, "[data-action=merge-bundle]").await?;
        wait_for(&c, "[data-testid=merge-done]").await?;
        c.close().await?;
        let merged: Value = serde_json::from_str(&cli(&b, &["accounts", "list", "--json"])?)?;
        assert_eq!(merged.as_array().map(Vec::len), Some(names.len()), "all of Zhang's accounts");
    }
    Ok(())
}
