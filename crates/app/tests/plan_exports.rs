//! Exporting a plan: the Markdown, HTML and iCalendar bytes of a fixed demo plan pinned in both
//! languages, the calendar read back by an independent parser, and the customer-safe version
//! checked to hold none of the internal fields in any format.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::plan::view::PlanView;
use keyplan_app::domain::plan::{ActionInput, ActionPatch, PlanStatus};
use keyplan_app::plans::export::ExportRequest;
use keyplan_app::plans::Actions;
use keyplan_app::Session;
use uuid::Uuid;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The standard demo book in `language`, as of a fixed day, and its plan under review (the
/// largest account's, with every section and four reviews).
fn demo(language: Language) -> (tempfile::TempDir, Session, Uuid) {
    // PDFs in process, as the command line prints them (the window uses its worker).
    keyplan_app::printer::install(Box::new(keyplan_pdf::print));
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
        remind: None,
    };
    String::from_utf8(s.export_plan(id, &req).unwrap().0).unwrap()
}

#[test]
fn a_fixed_plan_exports_the_same_bytes_in_each_language() {
    for (demo_language, language) in
        [(Language::En, "en"), (Language::ZhCn, "zh-CN"), (Language::En, "both")]
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
    let (_d, mut s, id) = demo(Language::En);
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
    let (_d, mut s, id) = demo(Language::ZhCn);
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
    // Each carries a reminder at 9:00 the day before (the default lead), shown by the calendar.
    for e in &cal.events {
        assert_eq!(e.alarms.len(), 1, "one reminder each");
        let alarm = &e.alarms[0].properties;
        assert_eq!(property(alarm, "ACTION").unwrap().value.as_deref(), Some("DISPLAY"));
        assert_eq!(property(alarm, "TRIGGER").unwrap().value.as_deref(), Some("-PT15H"));
    }
    let remind = |s: &mut Session, days: &str| {
        let req =
            ExportRequest { format: "ics".into(), remind: Some(days.into()), ..Default::default() };
        String::from_utf8(s.export_plan(id, &req).unwrap().0).unwrap()
    };
    assert!(!remind(&mut s, "none").contains("VALARM"), "none: no reminders");
    assert!(remind(&mut s, "0").contains("TRIGGER:PT9H\r\n"), "on the day at 9:00");
    assert!(remind(&mut s, "7").contains("TRIGGER:-PT159H\r\n"), "a week before at 9:00");
    assert_eq!(remind(&mut s, "7"), remind(&mut s, "7"), "the same bytes for the same plan");
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
    let patch =
        ActionPatch { title: Some("Send the ROI study, revised; v2".into()), ..Default::default() };
    s.patch_plan_item::<Actions>(a.action.id(), &patch).unwrap();
    let after = seq(&export(&mut s, id, "ics", "zh-CN", "internal"), &uid);
    assert!(after.0 > before.0, "SEQUENCE grows: {before:?} → {after:?}");
    assert_ne!(after.1, before.1, "DTSTAMP is the last change");
    let todos = export(&mut s, id, "ics_todo", "zh-CN", "internal");
    let cal = ical::IcalParser::new(todos.as_bytes()).next().unwrap().unwrap();
    assert_eq!(cal.todos.len(), open.len(), "to-dos: the actions, no review");
    assert!(cal.todos.iter().all(|t| t.alarms.len() == 1), "each to-do has its reminder");
    assert!(todos.contains("TRIGGER;RELATED=END:-PT15H\r\n"), "relative to the to-do's DUE");
    assert!(todos.contains("SUMMARY:Send the ROI study\\, revised\\; v2\r\n"));
}

#[test]
fn export_options_name_the_bad_field() {
    let (_d, mut s, id) = demo(Language::En);
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
        (
            ExportRequest { format: "ics".into(), remind: Some("61".into()), ..Default::default() },
            "remind",
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

#[test]
fn a_reviews_minutes_say_what_moved_and_what_came_out_of_it() {
    let (_d, mut s, id) = demo(Language::En);
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
    let day = |d: NaiveDate| d.format("%b %-d, %Y").to_string();
    assert!(md.starts_with(&format!("# Review minutes, {}", day(latest.fields.date))), "{md}");
    assert!(md.contains(latest.fields.decisions.as_deref().unwrap()));
    let since = format!("## From the review of {} to the one of", day(previous.fields.date));
    assert!(md.contains(&since), "{md}");
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

#[test]
fn several_plans_export_one_file_each_and_refuse_as_a_whole() {
    let (dir, mut s, under_review) = demo(Language::En);
    let ids: Vec<Uuid> = s.plans(None).unwrap().iter().map(|r| r.id).collect();
    assert!(ids.len() >= 5);
    let req = ExportRequest { format: "md".into(), ..Default::default() };
    // Named twice, exported once; each file is that plan's own export.
    let mut asked = ids.clone();
    asked.push(ids[0]);
    let files = s.export_plans(&asked, &req, false).unwrap();
    assert_eq!(files.len(), ids.len());
    for ((bytes, name), id) in files.iter().zip(&ids) {
        let (one, one_name) = s.export_plan(*id, &req).unwrap();
        assert_eq!((bytes, name), (&one, &one_name));
    }
    // Written side by side, a taken name numbered rather than overwritten.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let first = keyplan_app::files::write_new(&out, &files[0].1, b"older").unwrap();
    for (bytes, name) in &files {
        keyplan_app::files::write_new(&out, name, bytes).unwrap();
    }
    assert_eq!(std::fs::read(&first).unwrap(), b"older");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), files.len() + 1);

    // The customer's versions leave out the sum of what each leaves out.
    let apart: usize = ids
        .iter()
        .flat_map(|id| s.plan_left_out(*id).unwrap())
        .filter(|x| x.section == "risks")
        .map(|x| x.count)
        .sum();
    let together = s.plans_left_out(&ids).unwrap();
    assert_eq!(together.iter().find(|x| x.section == "risks").map(|x| x.count), Some(apart));
    assert_eq!(together.last().map(|x| x.section), Some("health"), "in the documents' order");

    // A combined file is a PDF; no plans, or one that does not exist, fail the lot.
    let field = |e: keyplan_app::AppError| match e {
        keyplan_app::AppError::Invalid(e) => e.0[0].field.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(field(s.export_plans(&ids, &req, true).unwrap_err()), "format");
    assert_eq!(field(s.export_plans(&[], &req, false).unwrap_err()), "plans");
    let missing = s.export_plans(&[under_review, Uuid::now_v7()], &req, false).unwrap_err();
    assert!(matches!(missing, keyplan_app::AppError::NotFound { .. }), "{missing:?}");
}

/// The exports opened by real tools (Chromium, poppler): `scripts/test.sh` runs them with
/// `--ignored readback::`.
#[path = "plan_exports/readback.rs"]
mod readback;
