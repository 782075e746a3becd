//! Exporting a plan: the Markdown, HTML and iCalendar bytes of a fixed demo plan pinned in both
//! languages, the calendar read back by an independent parser, and the customer-safe version
//! checked to hold none of the internal fields in any format.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::domain::demo::{DemoLanguage, DemoSpec};
use keyplan_app::domain::plan::view::PlanView;
use keyplan_app::domain::plan::{ActionInput, PlanStatus};
use keyplan_app::plans::export::ExportRequest;
use keyplan_app::plans::Actions;
use keyplan_app::Session;
use uuid::Uuid;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The standard demo book in `language`, as of a fixed day, and its plan under review (the
/// largest account's, with every section and four reviews).
fn demo(language: DemoLanguage) -> (tempfile::TempDir, Session, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let mut s = s.with_today(today());
    let spec = DemoSpec {
        accounts: keyplan_app::DEMO_ACCOUNTS,
        seed: keyplan_app::DEMO_SEED,
        language,
        end: today(),
        now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: true,
    };
    s.load_demo(&spec).unwrap();
    let id =
        s.plans(None).unwrap().iter().find(|r| r.status == PlanStatus::UnderReview).unwrap().id;
    (dir, s, id)
}

fn export(s: &mut Session, id: Uuid, format: &str, language: &str, audience: &str) -> String {
    let req = ExportRequest {
        format: format.into(),
        language: Some(language.into()),
        audience: Some(audience.into()),
        paper: None,
        review: None,
    };
    String::from_utf8(s.export_plan(id, &req).unwrap().0).unwrap()
}

#[test]
fn a_fixed_plan_exports_the_same_bytes_in_each_language() {
    for (demo_language, language) in
        [(DemoLanguage::En, "en"), (DemoLanguage::Zh, "zh-CN"), (DemoLanguage::En, "both")]
    {
        let (_d, mut s, id) = demo(demo_language);
        for format in ["md", "html", "ics"] {
            let text = export(&mut s, id, format, language, "internal");
            assert_eq!(
                text,
                export(&mut s, id, format, language, "internal"),
                "same plan, same bytes"
            );
            insta::assert_snapshot!(format!("plan-{language}.{format}"), text);
        }
        let customer = export(&mut s, id, "md", language, "customer");
        insta::assert_snapshot!(format!("plan-{language}-customer.md"), customer);
    }
}

/// Every text of `v` that only our side may see.
fn internal_texts(v: &PlanView) -> Vec<String> {
    let mut out = Vec::new();
    for s in &v.stakeholders {
        if let Some(e) = &s.entry {
            out.extend(e.fields.strategy.clone());
        }
    }
    out.extend(v.risks.iter().map(|r| r.fields.description.clone()));
    out.extend(v.risks.iter().filter_map(|r| r.fields.mitigation.clone()));
    out.extend(v.opportunities.iter().map(|o| o.fields.title.clone()));
    out.extend(v.resources.iter().map(|r| r.fields.ask.clone()));
    out.extend(v.reviews.iter().filter_map(|r| r.fields.notes.clone()));
    out.extend(v.reviews.iter().filter_map(|r| r.fields.decisions.clone()));
    out.extend(
        v.goals
            .iter()
            .filter(|g| !g.goal.fields.share_with_customer)
            .map(|g| g.goal.fields.text.clone()),
    );
    out.extend(
        v.objectives
            .iter()
            .filter(|o| !o.objective.fields.share_with_customer)
            .map(|o| o.objective.fields.title.clone()),
    );
    out.extend(
        v.actions
            .iter()
            .filter(|a| !a.action.fields.share_with_customer)
            .map(|a| a.action.fields.title.clone()),
    );
    out
}

/// How `text` reads in a file of `format` (HTML escapes its markup characters).
fn written(format: &str, text: &str) -> String {
    if format == "html" {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    } else {
        text.to_string()
    }
}

#[test]
fn the_customer_safe_version_holds_none_of_the_internal_fields() {
    let (_d, mut s, id) = demo(DemoLanguage::En);
    let v = s.plan(id).unwrap();
    let internal = internal_texts(&v);
    assert!(internal.len() > 10, "the demo plan has internal texts to leave out: {internal:?}");
    let shared: Vec<String> = v
        .objectives
        .iter()
        .filter(|o| o.objective.fields.share_with_customer)
        .map(|o| o.objective.fields.title.clone())
        .collect();
    assert!(!shared.is_empty());
    for format in ["md", "html", "ics", "ics_todo"] {
        for language in ["en", "zh-CN", "both"] {
            let text = export(&mut s, id, format, language, "customer");
            for secret in &internal {
                assert!(!text.contains(secret.as_str()), "{format} {language} leaks {secret:?}");
                assert!(
                    !text.contains(&written(format, secret)),
                    "{format} {language} leaks {secret:?}"
                );
            }
            for word in [
                "Plan health",
                "计划健康度",
                "Attitude",
                "态度",
                "Influence",
                "Risks",
                "Sceptical",
                "Champion (+2)",
            ] {
                assert!(!text.contains(word), "{format} {language} shows {word:?}");
            }
            if format == "md" || format == "html" {
                for title in &shared {
                    assert!(
                        text.contains(&written(format, title)),
                        "{format} keeps the shared {title:?}"
                    );
                }
            }
        }
        // The internal version does carry them: the check above can fail.
        let text = export(&mut s, id, format, "en", "internal");
        if format == "md" || format == "html" {
            for t in &internal {
                assert!(text.contains(&written(format, t)), "{format} internal has {t:?}");
            }
        }
    }
}

/// RFC 5545 TEXT unescaped, for comparing with what was typed.
fn unescape(v: &str) -> String {
    v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

fn property<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

#[test]
fn the_calendar_reads_back_in_an_independent_parser_and_updates_in_place() {
    let (_d, mut s, id) = demo(DemoLanguage::Zh);
    let v = s.plan(id).unwrap();
    let text = export(&mut s, id, "ics", "zh-CN", "internal");
    assert!(text.split_inclusive('\n').all(|l| l.ends_with("\r\n")), "every line ends in CRLF");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    assert!(!text.contains("TZID"), "all-day dates carry no time zone");

    let cal = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
    let open: Vec<_> = v
        .actions
        .iter()
        .filter(|a| a.action.fields.status.is_open() && a.action.fields.due_date.is_some())
        .collect();
    assert_eq!(cal.events.len(), open.len() + 1, "each open dated action, and the next review");
    let mut uids = std::collections::HashSet::new();
    for e in &cal.events {
        let uid = property(&e.properties, "UID").unwrap().value.clone().unwrap();
        assert!(uids.insert(uid.clone()), "unique {uid}");
        let item = Uuid::parse_str(uid.strip_suffix("@keyplan").unwrap()).unwrap();
        assert!(property(&e.properties, "DTSTAMP").unwrap().value.as_ref().unwrap().ends_with('Z'));
        let start = property(&e.properties, "DTSTART").unwrap();
        let end = property(&e.properties, "DTEND").unwrap();
        let is_date = |p: &ical::property::Property| {
            p.params
                .as_ref()
                .unwrap()
                .iter()
                .any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()])
        };
        assert!(is_date(start) && is_date(end), "all-day");
        let day = |p: &ical::property::Property| {
            NaiveDate::parse_from_str(p.value.as_ref().unwrap(), "%Y%m%d").unwrap()
        };
        assert_eq!(day(end), day(start).succ_opt().unwrap(), "DTEND is the day after");
        let summary = unescape(property(&e.properties, "SUMMARY").unwrap().value.as_ref().unwrap());
        if let Some(a) = open.iter().find(|a| a.action.id() == item) {
            assert_eq!(summary, a.action.fields.title);
            assert_eq!(day(start), a.action.fields.due_date.unwrap());
        } else {
            assert_eq!(item, id, "the other event is the plan's review");
            assert_eq!(day(start), v.plan.fields.next_review.unwrap());
        }
    }

    // Changing an action: same UID, a higher SEQUENCE, a new DTSTAMP.
    let a = open[0];
    let seq = |text: &str, uid: &str| {
        let cal = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
        let e = cal
            .events
            .iter()
            .find(|e| property(&e.properties, "UID").unwrap().value.as_deref() == Some(uid))
            .cloned()
            .unwrap();
        let n: i64 =
            property(&e.properties, "SEQUENCE").unwrap().value.as_ref().unwrap().parse().unwrap();
        (n, property(&e.properties, "DTSTAMP").unwrap().value.clone().unwrap())
    };
    let uid = format!("{}@keyplan", a.action.id());
    let before = seq(&text, &uid);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut input = ActionInput::from(&a.action.fields);
    input.title = "Send the ROI study, revised; v2".into();
    s.update_plan_item::<Actions>(a.action.id(), &input).unwrap();
    let after = seq(&export(&mut s, id, "ics", "zh-CN", "internal"), &uid);
    assert!(after.0 > before.0, "SEQUENCE grows: {before:?} → {after:?}");
    assert_ne!(after.1, before.1, "DTSTAMP is the last change");
    let todos = export(&mut s, id, "ics_todo", "zh-CN", "internal");
    let cal = ical::IcalParser::new(todos.as_bytes()).next().unwrap().unwrap();
    assert_eq!(cal.todos.len(), open.len(), "to-dos: the actions, no review");
    assert!(todos.contains("SUMMARY:Send the ROI study\\, revised\\; v2\r\n"));
}

#[test]
fn export_options_name_the_bad_field() {
    let (_d, mut s, id) = demo(DemoLanguage::En);
    for (req, field) in [
        (ExportRequest { format: "docx".into(), ..Default::default() }, "format"),
        (
            ExportRequest {
                format: "md".into(),
                language: Some("fr".into()),
                ..Default::default()
            },
            "language",
        ),
        (
            ExportRequest {
                format: "md".into(),
                audience: Some("press".into()),
                ..Default::default()
            },
            "audience",
        ),
        (
            ExportRequest { format: "md".into(), paper: Some("a3".into()), ..Default::default() },
            "paper",
        ),
    ] {
        match s.export_plan(id, &req) {
            Err(keyplan_app::AppError::Invalid(e)) => assert_eq!(e.0[0].field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let (_, name) =
        s.export_plan(id, &ExportRequest { format: "html".into(), ..Default::default() }).unwrap();
    assert!(name.ends_with(" FY2027.html"), "{name}");
}

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
    use keyplan_app::domain::plan::{GoalInput, ObjectiveInput, RiskInput, StakeholderInput};
    use keyplan_app::plans::{Goals, Objectives, Risks, Stakeholders};
    let (dir, mut s, id) = demo(DemoLanguage::En);
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
    let mut entry = StakeholderInput::from(&e.fields);
    entry.strategy = Some(PAYLOADS[2].into());
    s.update_plan_item::<Stakeholders>(e.id(), &entry).unwrap();

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

#[test]
fn a_reviews_minutes_say_what_moved_and_what_came_out_of_it() {
    let (_d, mut s, id) = demo(DemoLanguage::En);
    let v = s.plan(id).unwrap();
    let (latest, previous) = (&v.reviews[0], &v.reviews[1]);
    let action = ActionInput {
        title: "Send the pilot proposal".into(),
        due_date: Some("2026-12-15".into()),
        ..Default::default()
    };
    s.add_plan_item::<Actions>(id, &action).unwrap();
    let minutes = |s: &mut Session, review: Uuid, format: &str| {
        let req = ExportRequest {
            format: format.into(),
            language: Some("en".into()),
            review: Some(review),
            ..Default::default()
        };
        String::from_utf8(s.export_plan(id, &req).unwrap().0).unwrap()
    };
    let md = minutes(&mut s, latest.id(), "md");
    assert!(md.starts_with(&format!("# Review minutes, {}", latest.fields.date)), "{md}");
    assert!(md.contains(latest.fields.decisions.as_deref().unwrap()));
    assert!(md.contains(&format!("## Since the review of {}", previous.fields.date)));
    assert!(md.contains("Send the pilot proposal"), "an action made after the review is new");
    let earlier = minutes(&mut s, previous.id(), "md");
    assert!(!earlier.contains("Send the pilot proposal"), "it belongs to the later review");
    let html = minutes(&mut s, latest.id(), "html");
    assert!(html.contains("Content-Security-Policy") && html.contains("Send the pilot proposal"));
    let ics = minutes(&mut s, latest.id(), "ics");
    let cal = ical::IcalParser::new(ics.as_bytes()).next().unwrap().unwrap();
    let summaries: Vec<String> = cal
        .events
        .iter()
        .filter_map(|e| property(&e.properties, "SUMMARY").and_then(|p| p.value.clone()))
        .collect();
    assert!(summaries.iter().any(|t| t == "Send the pilot proposal"), "{summaries:?}");
    assert!(summaries.iter().any(|t| t.starts_with("Plan review")), "and the next review");
    let req =
        ExportRequest { format: "md".into(), review: Some(Uuid::now_v7()), ..Default::default() };
    assert!(s.export_plan(id, &req).is_err(), "a review of another plan is refused");
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
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-shots");
    std::fs::create_dir_all(&shots).unwrap();
    for (demo_language, language) in [(DemoLanguage::En, "en"), (DemoLanguage::Zh, "zh-CN")] {
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
        let info = poppler("pdfinfo", &[], &pdf);
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse().unwrap())
            .unwrap();
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
    let (_d, mut s, id) = demo(DemoLanguage::En);
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
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-shots");
    std::fs::create_dir_all(&shots).unwrap();
    for (demo_language, language) in [(DemoLanguage::En, "en"), (DemoLanguage::Zh, "zh-CN")] {
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
