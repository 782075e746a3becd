//! End-to-end: account plans in the real window — make a plan from the A-tier template on the
//! Plans page, see it listed with its health, mark one of its actions done from the Actions
//! page with the keyboard, and see the dashboard's plan coverage move once the plan is active;
//! both languages.

use keyplan_e2e::*;

/// `field` of the first object of a CLI `--json` array.
fn first_field(json: &str, field: &str) -> Result<String> {
    let v: serde_json::Value = serde_json::from_str(json)?;
    Ok(v[0][field].as_str().unwrap_or_default().to_string())
}

fn demo_db(dir: &tempfile::TempDir) -> Result<std::path::PathBuf> {
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "200", "--no-plans"])?;
    Ok(db)
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn make_a_plan_and_work_its_actions_in_both_languages() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    wait_for(&c, "[data-testid=tier-card] [data-testid=tier-A]").await?;

    click(&c, "[data-nav=plans]").await?;
    wait_text(&c, "[data-testid=plans-table]", "No plans yet").await?;
    screenshot(&c, "plans-empty-en").await?;
    click(&c, "[data-action=new-plan]").await?;
    // The first account offered is the largest (an A account); the template picks by tier.
    wait_for(&c, "dialog #f-account_id option").await?;
    screenshot(&c, "plan-new-en").await?;
    click(&c, "dialog [data-action=save]").await?;
    let table = wait_text(&c, "[data-testid=plans-table] tbody", "Draft").await?;
    assert!(table.contains("FY"), "{table}");
    wait_for(&c, "[data-testid=plans-table] [data-health]").await?;
    screenshot(&c, "plans-en").await?;

    // The account's Plan tab: health and its parts, objectives, the map, actions; a review.
    click(&c, "[data-testid=plans-table] tbody tr[data-id] td.cell-account").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_for(&c, "[data-testid=plan-head] [data-health]").await?;
    let parts = wait_text(&c, "[data-testid=health-parts]", "Sections").await?;
    assert!(parts.contains("of 25 points"), "{parts}");
    wait_for(&c, "[data-testid=plan-objectives] .bar").await?;
    wait_for(&c, "[data-testid=stakeholder-map] svg").await?;
    wait_for(&c, "[data-testid=plan-org-chart] .org-node").await?;
    click(&c, "[data-action=start-review]").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_for(&c, "[data-testid=plan-reviews] li").await?;
    click(&c, "[data-action=plan-active]").await?;
    wait_text(&c, "[data-testid=plan-status]", "Active").await?;

    // An objective measured from revenue, and a stakeholder with an owner on our side.
    click(&c, "[data-action=add-plan-objective]").await?;
    fill(&c, "dialog #f-title", "Revenue from the pilots").await?;
    select(&c, "dialog #f-measure", "revenue").await?;
    fill(&c, "dialog #f-target", "1000000").await?;
    click(&c, "dialog [data-action=save]").await?;
    let objectives =
        wait_text(&c, "[data-testid=plan-objectives]", "Revenue from the pilots").await?;
    assert!(objectives.contains("revenue"), "{objectives}");
    let gaps_before = wait_for(&c, "[data-testid=gaps]").await?.text().await?;
    click(&c, "[data-action=add-plan-stakeholder]").await?;
    fill(&c, "dialog #f-owner", "Li Wei").await?;
    select(&c, "dialog #f-target_attitude", "2").await?;
    click(&c, "dialog [data-action=save]").await?;
    let gaps_after = wait_until_changed(&c, "[data-testid=gaps]", &gaps_before).await?;
    assert!(gaps_after.contains("(1)"), "one relationship owner now: {gaps_after}");
    wait_text(&c, "[data-testid=mapped]", "Li Wei").await?;

    // Change the new objective's target; remove an action.
    click(&c, "[data-testid=plan-objectives] li:last-child [data-action=edit-plan-objective]")
        .await?;
    fill(&c, "dialog #f-target", "2000000").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=plan-objectives] li:last-child", "CN¥2M").await?;
    let actions_before =
        c.find_all(fantoccini::Locator::Css("[data-testid=plan-actions] li")).await?.len();
    click(&c, "[data-testid=plan-actions] li:last-child [data-action=edit-plan-action]").await?;
    click(&c, "dialog [data-action=remove-plan-action]").await?;
    click(&c, "[data-action=confirm-delete]").await?;
    let mut left = actions_before;
    for _ in 0..50 {
        left = c.find_all(fantoccini::Locator::Css("[data-testid=plan-actions] li")).await?.len();
        if left < actions_before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(left, actions_before - 1, "the removed action is gone");

    // A second review, compared with the first: the new objective is what moved.
    click(&c, "[data-action=start-review]").await?;
    click(&c, "dialog [data-action=save]").await?;
    let moved = wait_text(&c, "[data-testid=review-compare]", "Revenue from the pilots").await?;
    // The same mark as in the exports (the domain's Move::mark).
    assert!(
        moved.contains("+ Revenue from the pilots"),
        "a new objective since the last review: {moved}"
    );
    // The latest review's minutes, one click away.
    click(&c, "[data-testid=plan-reviews] li [data-action=review-minutes]").await?;
    wait_text(&c, "dialog h2", "Minutes of the review").await?;
    select(&c, "dialog #f-format", "md").await?;
    click(&c, "dialog [data-action=save]").await?;
    let path = written_path(&c, "[data-testid=export-path]", |_| true).await?;
    let minutes = std::fs::read_to_string(&path)?;
    assert!(
        minutes.contains("Review minutes") && minutes.contains("Revenue from the pilots"),
        "{path}"
    );
    click(&c, "dialog .icon-btn").await?;

    // A value proposition, a resource, and the plan's own title.
    click(&c, "[data-action=add-plan-value_proposition]").await?;
    fill(&c, "dialog #f-statement", "Cut inventory cost with consigned stock").await?;
    fill(&c, "dialog #f-benefit", "15% lower inventory cost").await?;
    select(&c, "dialog #f-share_with_customer", "true").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=plan-values]", "15% lower inventory cost").await?;
    let listed = cli(&db, &["plans", "list", "--json"])?;
    let id = first_field(&listed, "id")?;
    let shown = cli(&db, &["plans", "show", &id, "--json"])?;
    assert!(shown.contains("\"share_with_customer\": true"), "marked for the customer-safe export");
    click(&c, "[data-action=add-plan-resource]").await?;
    fill(&c, "dialog #f-team", "Solutions").await?;
    fill(&c, "dialog #f-ask", "A pilot line in March").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=plan-resources]", "A pilot line in March").await?;
    click(&c, "[data-action=edit-plan]").await?;
    fill(&c, "dialog #f-plan_title", "Growth plan 增长计划").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=plan-head]", "Growth plan 增长计划").await?;
    screenshot(&c, "plan-tab-en").await?;

    // An opportunity made on the account's tab and put into this plan from its form: the plan
    // lists it as linked, and one click takes it out again.
    let plan_id = first_field(&cli(&db, &["plans", "list", "--json"])?, "id")?;
    click(&c, "[data-tab=opportunities]").await?;
    click(&c, "[data-action=add-opportunity]").await?;
    fill(&c, "dialog #f-title", "Second line retrofit").await?;
    fill(&c, "dialog #f-estimated_value", "250000").await?;
    select(&c, "dialog #f-plan_id", &plan_id).await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=opportunity-table]", "Second line retrofit").await?;
    click(&c, "[data-tab=plan]").await?;
    let row = "[data-testid=plan-opportunities] tr:has([aria-pressed=true])";
    wait_text(&c, row, "Second line retrofit").await?;
    let opp = wait_for(&c, row).await?.attr("data-id").await?.unwrap_or_default();
    c.execute(
        "document.querySelector('[data-testid=plan-opportunities]').scrollIntoView()",
        vec![],
    )
    .await?;
    screenshot(&c, "plan-opportunities-en").await?;
    click(&c, &format!("tr[data-id='{opp}'] [data-testid=opp-link]")).await?;
    wait_for(&c, &format!("tr[data-id='{opp}'] [aria-pressed=false]")).await?;
    let shown = cli(&db, &["plans", "show", &plan_id, "--json"])?;
    let shown: serde_json::Value = serde_json::from_str(&shown)?;
    let listed = shown[0]["opportunities"].as_array().cloned().unwrap_or_default();
    let mine = listed.iter().find(|o| o["id"] == opp.as_str()).cloned().unwrap_or_default();
    assert_eq!(mine["plan_id"], serde_json::Value::Null, "unlinked, still counted: {mine}");

    // Export… for the customer: the dialog lists what the file leaves out, then says where it
    // wrote it.
    click(&c, "[data-action=export-plan]").await?;
    // PDF first: the dialog previews its first page, drawn from the PDF's own layout.
    wait_for(&c, "[data-testid=pdf-preview] img").await?;
    // The picture decodes after it is inserted: ask until it has a size (or give up).
    let mut drawn = serde_json::Value::Null;
    for _ in 0..100 {
        drawn = c
            .execute(
                "const i = document.querySelector('[data-testid=pdf-preview] img');\
                 return i.complete ? [i.naturalWidth, i.naturalHeight] : [0, 0];",
                vec![],
            )
            .await?;
        if drawn[0].as_f64().unwrap_or(0.0) > 0.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (w, h) = (drawn[0].as_f64().unwrap_or(0.0), drawn[1].as_f64().unwrap_or(0.0));
    assert!(w > 0.0 && (1.35..1.47).contains(&(h / w)), "an A4 page was drawn: {drawn}");
    wait_text(&c, "[data-testid=pdf-preview] figcaption", "pages").await?;
    screenshot(&c, "plan-export-preview-en").await?;
    select(&c, "dialog #f-format", "html").await?;
    select(&c, "dialog #f-audience", "customer").await?;
    wait_text(&c, "[data-testid=export-left-out]", "stakeholder map").await?;
    screenshot(&c, "plan-export-en").await?;
    click(&c, "dialog [data-action=save]").await?;
    let path = written_path(&c, "[data-testid=export-path]", |_| true).await?;
    let written = std::fs::read_to_string(&path)?;
    assert!(written.contains("Content-Security-Policy"), "an HTML file at {path}");
    assert!(written.contains("Growth plan 增长计划"), "the plan's title is in it");
    let plan_id = first_field(&cli(&db, &["plans", "list", "--json"])?, "id")?;
    let shown: serde_json::Value =
        serde_json::from_str(&cli(&db, &["plans", "show", &plan_id, "--json"])?)?;
    let mapped = shown[0]["stakeholders"].as_array().cloned().unwrap_or_default();
    let mapped = mapped.iter().find(|s| !s["entry"].is_null()).cloned().unwrap_or_default();
    let name = mapped["contact"]["name"].as_str().unwrap_or("(nobody mapped)").to_string();
    assert!(!written.contains(&name), "no stakeholder ({name}) in the customer's version");
    // Save as…: the system's save dialog, answered as a person would, to a folder of our own.
    let chosen = dir.path().join("chosen");
    std::fs::create_dir_all(&chosen)?;
    let target = chosen.join("for the customer.html");
    click(&c, "dialog [data-action=save-as]").await?;
    if let Err(e) = answer_save_dialog("Save the export as", &target).await {
        screenshot(&c, "plan-save-as-failed").await?;
        return Err(e);
    }
    let shown = written_path(&c, "[data-testid=export-path]", |p| p.contains("chosen")).await?;
    assert_eq!(std::path::Path::new(&shown), target);
    assert_eq!(std::fs::read_to_string(&target)?, written, "the same export, where the user chose");
    click(&c, "dialog .icon-btn").await?;

    // The Analysis tab's playbook: one step added to the plan as an action.
    let before = c.find_all(fantoccini::Locator::Css("[data-testid=plan-actions] li")).await?.len();
    click(&c, "[data-tab=insights]").await?;
    click(&c, "[data-testid=playbook] [data-action=add-to-plan]").await?;
    wait_text(&c, "[data-testid=playbook]", "Added to the plan").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_for(&c, "[data-testid=plan-actions] li").await?;
    let after = c.find_all(fantoccini::Locator::Css("[data-testid=plan-actions] li")).await?.len();
    assert_eq!(after, before + 1, "the playbook step is one more action");

    // The template's playbook actions are on the Actions page; Space marks the first one done.
    click(&c, "[data-nav=actions]").await?;
    let first = wait_for(&c, "[data-testid^=actions-] tr[data-id]").await?;
    let id = first.attr("data-id").await?.unwrap_or_default();
    click(&c, &format!("tr[data-id='{id}'] td.strong")).await?;
    chord(&c, &[' ']).await?;
    wait_for(&c, &format!("tr[data-id='{id}'].is-done")).await?;
    screenshot(&c, "actions-en").await?;
    let open = cli(&db, &["actions", "--json"])?;
    assert!(!open.contains(&id), "the done action left the open list");

    // Activate the plan from the command line; the dashboard's coverage counts it.
    let plans = cli(&db, &["plans", "list", "--json"])?;
    let plan_id = first_field(&plans, "id")?;
    // A period that holds today, whenever the test runs (the dialog proposed next year's).
    cli(
        &db,
        &[
            "plans",
            "set",
            &plan_id,
            "status=active",
            "start_date=2000-01-01",
            "end_date=2100-12-31",
        ],
    )?;
    click(&c, "[data-nav=portfolio]").await?;
    let tile = wait_for(&c, "[data-testid=tile-plans]").await?.text().await?;
    let value = wait_for(&c, "[data-testid=tile-plans] .tile-value").await?.text().await?;
    assert_ne!(value.trim(), "0%", "one A account is covered now: {tile}");
    // The tile opens the accounts short of their plan.
    click(&c, "[data-testid=tile-plans]").await?;
    wait_for(&c, "[data-filter=plan_missing]").await?;
    wait_for(&c, "[data-testid=accounts-table] tbody tr[data-id]").await?;

    // 中文
    click(&c, "[data-nav=settings]").await?;
    select(&c, "#set-language", "zh-CN").await?;
    wait_text(&c, "[data-nav=plans]", "客户计划").await?;
    click(&c, "[data-nav=plans]").await?;
    wait_text(&c, "[data-testid=plans-table] tbody", "执行中").await?;
    screenshot(&c, "plans-zh").await?;
    click(&c, "[data-action=export-plans]").await?;
    wait_text(&c, "dialog h2", "导出计划").await?;
    select(&c, "dialog #f-audience", "customer").await?;
    wait_text(&c, "[data-testid=export-left-out]", "个计划的客户版").await?;
    screenshot(&c, "plans-export-zh").await?;
    click(&c, "dialog .icon-btn").await?;
    click(&c, "[data-nav=actions]").await?;
    wait_text(&c, "h1", "行动项").await?;
    screenshot(&c, "actions-zh").await?;
    click(&c, "[data-nav=plans]").await?;
    click(&c, "[data-testid=plans-table] tbody tr[data-id] td.cell-account").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_text(&c, "[data-testid=plan-head]", "执行中").await?;
    wait_for(&c, "[data-testid=stakeholder-map] svg").await?;
    screenshot(&c, "plan-tab-zh").await?;
    click(&c, "[data-action=export-plan]").await?;
    select(&c, "dialog #f-audience", "customer").await?;
    wait_text(&c, "[data-testid=export-left-out]", "权力地图").await?;
    wait_text(&c, "[data-testid=pdf-preview] figcaption", "页").await?;
    screenshot(&c, "plan-export-zh").await?;
    c.close().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn roll_a_plan_forward_into_the_next_period() -> Result {
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let list = cli(&db, &["accounts", "list", "--json"])?;
    let account = first_field(&list, "name")?;
    cli(&db, &["plans", "new", "--account", &account, "--period", "FY2027", "--template", "full"])?;
    let driver = Driver::start()?;
    let c = driver.open(&db).await?;
    click(&c, "[data-nav=plans]").await?;
    click(&c, "[data-testid=plans-table] tbody tr[data-id] td.cell-account").await?;
    click(&c, "[data-tab=plan]").await?;
    wait_text(&c, "[data-testid=plan-head]", "FY2027").await?;
    let objectives =
        c.find_all(fantoccini::Locator::Css("[data-testid=plan-objectives] li")).await?.len();
    click(&c, "[data-action=roll-forward]").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=plan-head] h2", "FY2028").await?;
    let head = wait_text(&c, "[data-testid=plan-head]", "2028").await?;
    assert!(head.contains("Dec 31, 2028"), "a whole year again, leap day and all: {head}");
    let carried =
        c.find_all(fantoccini::Locator::Css("[data-testid=plan-objectives] li")).await?.len();
    assert_eq!(carried, objectives, "the open objectives came along");
    let plans = cli(&db, &["plans", "list", "--json"])?;
    assert!(plans.contains("FY2027") && plans.contains("FY2028"), "{plans}");
    screenshot(&c, "plan-rolled-en").await?;

    // The Plans page exports both plans at once: one combined PDF, then one Markdown file each.
    click(&c, "[data-nav=plans]").await?;
    wait_text(&c, "[data-testid=plans-table] tbody", "FY2028").await?;
    click(&c, "[data-action=export-plans]").await?;
    let ticked = c
        .find_all(fantoccini::Locator::Css("dialog [data-field=plans] input:checked"))
        .await?
        .len();
    assert_eq!(ticked, 2, "every plan shown is ticked to begin with");
    select(&c, "dialog #f-combined", "one").await?;
    screenshot(&c, "plans-export-en").await?;
    click(&c, "dialog [data-action=save]").await?;
    let path = written_path(&c, "[data-testid=export-path]", |_| true).await?;
    assert!(path.ends_with(".pdf"), "{path}");
    let pdf = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    assert!(pdf.starts_with(b"%PDF-"), "{path}");
    select(&c, "dialog #f-format", "md").await?;
    click(&c, "dialog [data-action=save]").await?;
    wait_text(&c, "[data-testid=export-result]", "2 files").await?;
    let folder = written_path(&c, "[data-testid=export-path]", |_| true).await?;
    let mut listed = Vec::new();
    for li in c.find_all(fantoccini::Locator::Css("[data-testid=export-result] li")).await? {
        listed.push(li.text().await?);
    }
    for period in ["FY2027", "FY2028"] {
        let name = listed.iter().find(|l| l.contains(period) && l.ends_with(".md"));
        let file = std::path::Path::new(&folder).join(name.map_or("(not listed)", |n| n.trim()));
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{listed:?}: {e}"))?;
        assert!(text.contains(period), "{}", file.display());
    }
    c.close().await?;
    Ok(())
}
