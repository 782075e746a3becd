//! End-to-end: texts that hold markup — `<script>`, `<img onerror>`, `<svg onload>`, a
//! `javascript:` link, unbalanced quotes — in an account, its contacts, interactions and plan,
//! shown in every view of the real window in both languages: each is shown as the text it is,
//! no element is made from it, and no script runs.

use keyplan_e2e::*;
use serde_json::Value;

/// A payload marked with `n`, so a finding says which field let it through.
fn payload(n: u32) -> String {
    format!(
        "X{n} <img src=x onerror=\"window.__xss={n}\"><svg onload=\"window.__xss={n}\"></svg>\
         <script>window.__xss={n}</script><a href=\"javascript:window.__xss={n}\">j</a> ' \" <b"
    )
}

/// A CSV field, quoted.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// What made it into the page: elements built from a payload, or a script that ran.
const PROBE: &str = "return JSON.stringify({
    ran: window.__xss ?? null,
    made: Array.from(document.querySelectorAll(
      'img[src=\"x\"], svg[onload], [onerror], [onload], script:not([src]), a[href^=\"javascript\"]'))
      .map((e) => e.outerHTML.slice(0, 80)),
    shown: document.body.innerText.includes('<img src=x onerror='),
  });";

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn markup_in_every_text_stays_text_in_every_view() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["init"])?;
    let account = cli(&db, &["accounts", "add", "--name", &payload(1)])?;
    let account = account.trim().to_string();
    cli(
        &db,
        &[
            "accounts",
            "set",
            &account,
            &format!("industry={}", payload(2)),
            &format!("owner={}", payload(3)),
            &format!("notes={}", payload(4)),
            &format!("region={}", payload(5)),
        ],
    )?;
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        format!("account,name,title\n{},{},{}\n", q(&payload(1)), q(&payload(6)), q(&payload(7))),
    )?;
    cli(&db, &["import", "contacts", &contacts.display().to_string()])?;
    let interactions = dir.path().join("interactions.csv");
    std::fs::write(
        &interactions,
        format!(
            "account,date,kind,summary\n{},2026-11-20,visit,{}\n",
            q(&payload(1)),
            q(&payload(8))
        ),
    )?;
    cli(&db, &["import", "interactions", &interactions.display().to_string()])?;
    let plan = cli(
        &db,
        &["plans", "new", "--account", &account, "--period", "FY2027", "--template", "full"],
    )?;
    let plan = plan.trim().to_string();
    cli(&db, &["plans", "set", &plan, &format!("title={}", payload(9))])?;
    cli(
        &db,
        &[
            "plans",
            "add",
            &plan,
            "objective",
            &format!("title={}", payload(10)),
            "metric=m",
            "target=5",
            "baseline=1",
        ],
    )?;
    cli(
        &db,
        &[
            "plans",
            "add",
            &plan,
            "action",
            &format!("title={}", payload(11)),
            "due_date=2026-11-01",
        ],
    )?;
    cli(
        &db,
        &[
            "plans",
            "add",
            &plan,
            "risk",
            &format!("description={}", payload(12)),
            "likelihood=3",
            "impact=4",
        ],
    )?;
    cli(&db, &["plans", "add", &plan, "goal", &format!("text={}", payload(13))])?;

    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    let views = [
        "#/portfolio".to_string(),
        "#/accounts".into(),
        format!("#/accounts/{account}"),
        format!("#/accounts/{account}/analysis"),
        format!("#/accounts/{account}/plan"),
        format!("#/accounts/{account}/contacts"),
        format!("#/accounts/{account}/interactions"),
        "#/plans".into(),
        "#/actions".into(),
        "#/sync".into(),
        "#/settings".into(),
    ];
    for lang in ["en", "zh-CN"] {
        click(&c, "[data-nav=settings]").await?;
        select(&c, "#set-language", lang).await?;
        for view in &views {
            c.execute("location.hash = arguments[0]", vec![Value::from(view.as_str())]).await?;
            // Let the view draw (each waits for its data), then look.
            tokio::time::sleep(std::time::Duration::from_millis(700)).await;
            let probe: Value =
                serde_json::from_str(c.execute(PROBE, vec![]).await?.as_str().unwrap_or("{}"))?;
            assert!(probe["ran"].is_null(), "{view} ({lang}): a script ran: {probe}");
            assert_eq!(
                probe["made"],
                serde_json::json!([]),
                "{view} ({lang}): markup became elements"
            );
            let needs_text = !matches!(view.as_str(), "#/sync" | "#/settings" | "#/portfolio");
            assert!(
                !needs_text || probe["shown"] == true,
                "{view} ({lang}): the text is not shown as text"
            );
        }
    }
    c.execute(
        "location.hash = arguments[0]",
        vec![Value::from(format!("#/accounts/{account}/plan"))],
    )
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    screenshot(&c, "xss-plan-zh").await?;
    // The control: the same text put in as HTML is caught by the probe (and the CSP still
    // keeps its handlers from running), so a clean probe above means something.
    c.execute(
        "document.body.insertAdjacentHTML('beforeend', arguments[0])",
        vec![Value::from(payload(99))],
    )
    .await?;
    let control: Value =
        serde_json::from_str(c.execute(PROBE, vec![]).await?.as_str().unwrap_or("{}"))?;
    assert!(
        control["made"].as_array().is_some_and(|m| m.len() >= 3),
        "the probe sees injected markup: {control}"
    );
    assert!(control["ran"].is_null(), "and the CSP stops its handlers: {control}");
    c.close().await?;
    Ok(())
}
