//! The plan exports opened by the tools a reader would use: headless Chromium for the HTML (no
//! script runs, it prints), poppler for the PDF (text in order, Chinese, subset fonts, pages).
//! They need the system packages `scripts/system-deps.sh test` installs, hence `#[ignore]`.

use super::*;

/// What headless Chromium makes of `html` once it has loaded and run whatever it would run.
fn dom_in_chromium(dir: &std::path::Path, name: &str, html: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, html).unwrap();
    let out = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000"])
        .arg("--dump-dom")
        .arg(format!("file://{}", path.display()))
        .output()
        .expect("chromium (scripts/system-deps.sh test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const PAYLOADS: &[&str] = &[
    "<script>document.body.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "<svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg>",
    "[click me](javascript:document.body.setAttribute('data-pwned','link'))",
    "\"'><script>document.body.setAttribute('data-pwned','quote')</script>",
    "](x) =1+1 *bold* | pipe",
];

#[test]
#[ignore = "opens the exports in headless Chromium (scripts/test.sh)"]
fn hostile_texts_stay_inert_in_a_real_browser() {
    use keyplan_app::domain::plan::{GoalInput, ObjectiveInput, RiskInput, StakeholderPatch};
    use keyplan_app::plans::{Goals, Objectives, Risks, Stakeholders};
    let (dir, mut s, id) = demo(Language::En);
    let v = s.plan(id).unwrap();
    for (k, p) in PAYLOADS.iter().enumerate() {
        s.add_plan_item::<Goals>(
            id,
            &GoalInput { text: (*p).into(), share_with_customer: true, ..Default::default() },
        )
        .unwrap();
        let title = format!("{p} {k}");
        let objective = ObjectiveInput {
            title,
            target: Some(10.0),
            share_with_customer: true,
            ..Default::default()
        };
        s.add_plan_item::<Objectives>(id, &objective).unwrap();
        s.add_plan_item::<Actions>(
            id,
            &ActionInput { title: (*p).into(), share_with_customer: true, ..Default::default() },
        )
        .unwrap();
        s.add_plan_item::<Risks>(
            id,
            &RiskInput {
                description: (*p).into(),
                likelihood: Some(3),
                impact: Some(4),
                ..Default::default()
            },
        )
        .unwrap();
    }
    // A contact named with a payload, on the map with a payload strategy.
    let contact = &v.stakeholders[0];
    let mut input = keyplan_app::domain::ContactInput::from(&contact.contact.fields);
    input.name = PAYLOADS[1].into();
    s.update::<keyplan_app::Contacts>(contact.contact.id(), &input).unwrap();
    let e = contact.entry.as_ref().expect("the demo maps the first contact");
    let entry = StakeholderPatch { strategy: Some(Some(PAYLOADS[2].into())), ..Default::default() };
    s.patch_plan_item::<Stakeholders>(e.id(), &entry).unwrap();

    // The detector works: the same payload in a page without Keyplan's escaping and CSP runs.
    let control = format!("<!DOCTYPE html><html><body><p>{}</p></body></html>", PAYLOADS[0]);
    assert!(dom_in_chromium(dir.path(), "control.html", &control).contains("data-pwned"));

    for language in ["en", "zh-CN", "both"] {
        for audience in ["internal", "customer"] {
            let html = export(&mut s, id, "html", language, audience);
            let dom =
                dom_in_chromium(dir.path(), &format!("plan-{language}-{audience}.html"), &html);
            assert!(!dom.contains("data-pwned="), "{language} {audience}: a payload ran");
            assert!(
                !dom.contains("href=\"javascript:"),
                "{language} {audience}: a live javascript: link"
            );
            assert!(dom.contains("&lt;script&gt;document.body"), "the payload shows as text");
            assert_eq!(
                dom.matches("<script").count(),
                0,
                "{language} {audience}: no script element"
            );
            // The Markdown, as a GFM renderer turns it into HTML: no tag and no link came out
            // of the texts, and a browser runs nothing in it either.
            let md = export(&mut s, id, "md", language, audience);
            let mut rendered = String::new();
            let options = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            pulldown_cmark::html::push_html(
                &mut rendered,
                pulldown_cmark::Parser::new_ext(&md, options),
            );
            for tag in ["<script", "<img", "<svg", "<a ", "<em>bold"] {
                assert!(!rendered.contains(tag), "{language} {audience}: the Markdown made {tag}");
            }
            let page = format!("<!DOCTYPE html><html><body>{rendered}</body></html>");
            let dom = dom_in_chromium(dir.path(), "markdown.html", &page);
            assert!(
                !dom.contains("data-pwned="),
                "{language} {audience}: the Markdown ran a payload"
            );
        }
    }
}

/// Where the read-back checks leave pictures to look at.
fn shots() -> std::path::PathBuf {
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-shots");
    std::fs::create_dir_all(&shots).unwrap();
    shots
}

/// Runs a poppler tool on `pdf` and returns what it printed.
fn poppler(tool: &str, args: &[&str], pdf: &std::path::Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .expect("poppler-utils (scripts/system-deps.sh test installs it)");
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "reads the PDF back with poppler-utils and needs the system's CJK fonts (scripts/test.sh)"]
fn the_pdf_reads_back_in_order_with_chinese_and_subset_fonts() {
    let shots = shots();
    for (demo_language, language) in [(Language::En, "en"), (Language::ZhCn, "zh-CN")] {
        let (dir, mut s, id) = demo(demo_language);
        let v = s.plan(id).unwrap();
        let started = std::time::Instant::now();
        let req = ExportRequest {
            format: "pdf".into(),
            language: Some(language.into()),
            ..Default::default()
        };
        let (bytes, name) = s.export_plan(id, &req).unwrap();
        let took = started.elapsed();
        assert!(name.ends_with(".pdf") && bytes.starts_with(b"%PDF-"), "{name}");
        assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
        eprintln!("pdf {language}: {} bytes in {took:?}", bytes.len());
        let pdf = dir.path().join("plan.pdf");
        std::fs::write(&pdf, &bytes).unwrap();

        // The text, in the plan's order, Chinese included.
        let text = poppler("pdftotext", &[], &pdf);
        let order = [
            v.name.as_str(),
            v.account_name.as_str(),
            v.goals[0].goal.fields.text.as_str(),
            v.objectives[0].objective.fields.title.as_str(),
            v.actions[0].action.fields.title.as_str(),
            v.risks[0].fields.description.as_str(),
        ];
        let flat: String = text.split_whitespace().collect();
        let mut at = 0;
        for needle in order {
            let needle: String = needle.split_whitespace().collect();
            let found = flat[at..]
                .find(&needle)
                .unwrap_or_else(|| panic!("{language}: {needle:?} after {at}"));
            at += found;
        }
        if language == "zh-CN" {
            assert!(
                text.contains("权力地图") && text.contains("行动项"),
                "Chinese labels read back"
            );
        }
        // Pages, and fonts embedded as subsets.
        let pages = pages(&pdf);
        assert!(pages >= 2, "{pages} pages");
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "a subset's name: {row}");
            assert!(row.contains(" yes yes "), "embedded and subset: {row}");
        }
        // The customer's PDF holds none of the internal texts.
        let req = ExportRequest {
            format: "pdf".into(),
            language: Some(language.into()),
            audience: Some("customer".into()),
            ..Default::default()
        };
        let customer = dir.path().join("customer.pdf");
        std::fs::write(&customer, s.export_plan(id, &req).unwrap().0).unwrap();
        let flat: String = poppler("pdftotext", &[], &customer).split_whitespace().collect();
        for secret in internal_texts(&v) {
            let secret: String = secret.split_whitespace().collect();
            assert!(!flat.contains(&secret), "the customer's PDF shows {secret:?}");
        }
        // The first page as an image, to look at.
        let out = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "70", "-f", "1", "-l", "2"])
            .arg(&pdf)
            .arg(shots.join(format!("plan-pdf-{language}")))
            .status()
            .unwrap();
        assert!(out.success());
    }
}

#[test]
#[ignore = "needs the system's fonts (scripts/test.sh)"]
fn a_text_no_font_can_show_is_refused_by_name() {
    let (_d, mut s, id) = demo(Language::En);
    let input = ActionInput {
        title: "Cartouche 𓀀𓁐".into(),
        share_with_customer: true,
        ..Default::default()
    };
    s.add_plan_item::<Actions>(id, &input).unwrap();
    let req = ExportRequest { format: "pdf".into(), ..Default::default() };
    match s.export_plan(id, &req) {
        Err(keyplan_app::AppError::Unprintable(why)) => assert!(why.contains('𓀀'), "{why}"),
        other => panic!("{other:?}"),
    }
    // The other formats do not need fonts.
    assert!(s
        .export_plan(id, &ExportRequest { format: "html".into(), ..Default::default() })
        .is_ok());
}

#[test]
#[ignore = "opens the HTML in headless Chromium (scripts/test.sh)"]
fn the_html_opens_and_prints_in_a_real_browser_offline() {
    let shots = shots();
    for (demo_language, language) in [(Language::En, "en"), (Language::ZhCn, "zh-CN")] {
        let (dir, mut s, id) = demo(demo_language);
        let v = s.plan(id).unwrap();
        let html = export(&mut s, id, "html", language, "internal");
        let dom = dom_in_chromium(dir.path(), "plan.html", &html);
        assert!(dom.contains(&written("html", &v.name)) && dom.contains("<svg"), "{language}");
        // A screenshot to look at, and the browser's own print to PDF (the print style sheet).
        let page = dir.path().join("plan.html");
        let shot = shots.join(format!("plan-html-{language}.png"));
        let pdf = dir.path().join("printed.pdf");
        for arg in [
            format!("--screenshot={}", shot.display()),
            format!("--print-to-pdf={}", pdf.display()),
        ] {
            let out = std::process::Command::new("chromium")
                .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400"])
                .arg(&arg)
                .arg(format!("file://{}", page.display()))
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        assert!(std::fs::metadata(&shot).unwrap().len() > 20_000, "a page was drawn");
        let printed = poppler("pdftotext", &[], &pdf);
        assert!(printed.contains(v.account_name.as_str()), "{language}: printed");
    }
}

/// The page count pdfinfo reads from `pdf`.
fn pages(pdf: &std::path::Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}

#[test]
#[ignore = "reads the PDFs back with poppler-utils (scripts/test.sh)"]
fn several_plans_print_as_one_pdf_each_from_a_new_page() {
    let (dir, mut s, _) = demo(Language::ZhCn);
    let rows = s.plans(None).unwrap();
    let ids: Vec<Uuid> = rows.iter().take(4).map(|r| r.id).collect();
    let req = ExportRequest { format: "pdf".into(), ..Default::default() };
    let started = std::time::Instant::now();
    let files = s.export_plans(&ids, &req, true).unwrap();
    eprintln!("combined pdf of {} plans: {:?}", ids.len(), started.elapsed());
    assert_eq!(files.len(), 1);
    let (bytes, name) = &files[0];
    assert!(name.ends_with(".pdf") && name.contains("2026-11-22"), "{name}");
    let combined = dir.path().join("all.pdf");
    std::fs::write(&combined, bytes).unwrap();

    // As many pages as the plans printed one by one, and the plans in the order asked.
    let mut total = 0;
    for (k, id) in ids.iter().enumerate() {
        let one = dir.path().join(format!("{k}.pdf"));
        std::fs::write(&one, s.export_plan(*id, &req).unwrap().0).unwrap();
        total += pages(&one);
    }
    assert_eq!(pages(&combined), total, "each plan from a new page, none lost");
    let flat: String = poppler("pdftotext", &[], &combined).split_whitespace().collect();
    let mut at = 0;
    for id in &ids {
        let title: String = s.plan(*id).unwrap().name.split_whitespace().collect();
        at += flat[at..].find(&title).unwrap_or_else(|| panic!("{title:?} after {at}"));
    }
    assert!(flat.contains(&format!("{total}/{total}")), "the pages are numbered through");
}

#[test]
#[ignore = "lays the PDF out with the system's fonts (scripts/test.sh)"]
fn the_preview_is_the_pdfs_first_page() {
    let (dir, mut s, id) = demo(Language::En);
    let v = s.plan(id).unwrap();
    let req = ExportRequest { format: "pdf".into(), ..Default::default() };
    let started = std::time::Instant::now();
    let (svg, count) = s.plan_pdf_preview(id, &req).unwrap();
    eprintln!("preview: {} bytes of SVG in {:?}", svg.len(), started.elapsed());
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(!svg.contains("<script") && !svg.contains("href=\"http"), "nothing to run or load");
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&pdf, s.export_plan(id, &req).unwrap().0).unwrap();
    assert_eq!(count, pages(&pdf));
    // Headless Chromium draws it as a picture (an <img>, as the dialog shows it): a page of
    // text and drawings, not a blank.
    std::fs::write(dir.path().join("preview.svg"), &svg).unwrap();
    let page = dir.path().join("preview.html");
    std::fs::write(&page, "<!DOCTYPE html><body style=margin:0><img src=preview.svg width=600>")
        .unwrap();
    let shots = shots();
    let shot = shots.join("plan-pdf-preview.png");
    let out = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=600,850"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&shot).unwrap().len() > 20_000, "the page was drawn");
    let minutes = ExportRequest { review: v.reviews.first().map(|r| r.id()), ..req };
    assert!(s.plan_pdf_preview(id, &minutes).unwrap().0.starts_with("<svg"));
}

/// The exported HTML plan, in every language and for both audiences, passes axe-core's WCAG A and
/// AA rules in Chromium with no serious or critical violation (`tests/ui/axe-page.mjs`).
#[test]
#[ignore = "opens the exports in headless Chromium (scripts/test.sh)"]
fn the_html_passes_the_accessibility_rules_in_chromium() {
    let (dir, mut s, id) = demo(Language::En);
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ui/axe-page.mjs");
    let mut found = Vec::new();
    for language in ["en", "zh-CN", "both"] {
        for audience in ["internal", "customer"] {
            let html = export(&mut s, id, "html", language, audience);
            let path = dir.path().join(format!("plan-{language}-{audience}.html"));
            std::fs::write(&path, html).unwrap();
            let out = std::process::Command::new("node")
                .arg(&script)
                .arg(&path)
                .output()
                .expect("node (scripts/test.sh installs it)");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let list: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
            found.extend(list.into_iter().map(|v| format!("{language} {audience}: {v}")));
        }
    }
    assert!(found.is_empty(), "serious or critical violations:\n{}", found.join("\n"));
}
