//! `keyplan plans …`, `keyplan actions` and `keyplan accounts set` as a script uses them: ids
//! printed, JSON with every section, errors that name the field, exit codes 0 / 1 / 2.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{keyplan, ok, stderr};
use serde_json::Value;

fn demo(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("k.db");
    ok(keyplan(
        &db,
        &["demo", "--accounts", "40", "--seed", "4", "--end", "2026-11-22", "--no-plans"],
    ));
    db
}

fn first_account(db: &std::path::Path) -> String {
    let list: Value =
        serde_json::from_str(&ok(keyplan(db, &["accounts", "list", "--json"]))).unwrap();
    list[0]["name"].as_str().unwrap().to_string()
}

/// The first account and a blank FY2026 plan for it (the id `plans new` printed).
fn blank_plan(db: &std::path::Path) -> (String, String) {
    let account = first_account(db);
    let id = ok(keyplan(
        db,
        &["plans", "new", "--account", &account, "--period", "FY2026", "--template", "blank"],
    ));
    (account, id)
}

#[test]
fn a_plan_made_filled_and_shown_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let (account, id) = blank_plan(&db);
    let id = id.trim().to_string();
    assert_eq!(id.len(), 36, "prints the new plan's id: {id}");

    let objective = ok(keyplan(
        &db,
        &[
            "plans",
            "add",
            &id,
            "objective",
            "title=2027",
            "baseline=0",
            "target=12",
            "current=3",
            "unit=pilots",
        ],
    ));
    let objective = objective.trim().to_string();
    let action = ok(keyplan(
        &db,
        &[
            "plans",
            "add",
            &id,
            "action",
            "title=Book the QBR",
            "due_date=2026-12-15",
            &format!("objective_id={objective}"),
        ],
    ));
    ok(keyplan(
        &db,
        &["plans", "add", &id, "risk", "description=Budget freeze", "likelihood=3", "impact=4"],
    ));
    ok(keyplan(&db, &["plans", "add", &id, "goal", "text=进入东南亚市场", "confirmed=true"]));
    ok(keyplan(&db, &["plans", "update", action.trim(), "status=in_progress"]));
    ok(keyplan(&db, &["plans", "set", &id, "status=active", "next_review=2026-12-31"]));

    let shown: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "show", &id, "--json"]))).unwrap();
    let p = &shown[0];
    assert_eq!(
        (p["id"].as_str(), p["name"].as_str()),
        (Some(id.as_str()), Some(format!("{account} FY2026").as_str()))
    );
    assert_eq!((p["period"].as_str(), p["status"].as_str()), (Some("FY2026"), Some("active")));
    assert!(
        p["health"]["score"].is_u64()
            && p["health"]["level"].is_string()
            && p["health"]["reasons"].is_array()
    );
    for section in [
        "goals",
        "objectives",
        "value_propositions",
        "stakeholders",
        "opportunities",
        "actions",
        "risks",
        "resources",
        "reviews",
    ] {
        assert!(p[section].is_array(), "{section}");
    }
    assert_eq!(p["objectives"][0]["title"], "2027", "digits for a text field stay text");
    assert_eq!(p["objectives"][0]["progress"]["progress"], 0.25);
    assert_eq!(p["actions"][0]["status"], "in_progress");
    assert_eq!(p["goals"][0]["text"], "进入东南亚市场");
    assert!(p["actions"][0]["id"].is_string() && p["risks"][0]["id"].is_string());

    let plans: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "list", "--json"]))).unwrap();
    assert_eq!(plans.as_array().unwrap().len(), 1);
    let actions: Value = serde_json::from_str(&ok(keyplan(&db, &["actions", "--json"]))).unwrap();
    assert_eq!(actions[0]["title"], "Book the QBR");
    ok(keyplan(&db, &["plans", "remove", action.trim()]));
    let actions: Value = serde_json::from_str(&ok(keyplan(&db, &["actions", "--json"]))).unwrap();
    assert!(actions.as_array().unwrap().is_empty());
}

#[test]
fn errors_name_the_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let (account, id) = blank_plan(&db);
    let id = id.trim();
    let out = keyplan(&db, &["plans", "add", id, "objective", "title=x", "baseline=5", "target=5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("target: must differ from baseline"), "{}", stderr(&out));
    let out = keyplan(&db, &["plans", "add", id, "objective", "title=x", "colour=red"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("colour"), "{}", stderr(&out));
    let out = keyplan(&db, &["plans", "set", id, "status=closed", "outcome=won"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("status: cannot move from draft"), "{}", stderr(&out));
    let out = keyplan(&db, &["plans", "add", id, "planet", "x=1"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(stderr(&out).contains("<KIND>"), "names the argument: {}", stderr(&out));
    assert!(stderr(&out).contains("value_proposition"), "lists the kinds: {}", stderr(&out));
    let out = keyplan(&db, &["plans", "new", "--account", &account, "--period", "FY2026"]);
    assert!(stderr(&out).contains("overlaps the plan for FY2026"), "{}", stderr(&out));
    let out = keyplan(&db, &["plans", "set", id, "no-equals-sign"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let shown: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "show", id, "--json"]))).unwrap();
    assert!(shown[0]["objectives"].as_array().unwrap().is_empty(), "nothing was written");
    assert_eq!(shown[0]["status"], "draft");
}

#[test]
fn accounts_set_changes_only_the_fields_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let account = first_account(&db);
    ok(keyplan(
        &db,
        &["accounts", "set", &account, "region=华南", "growth_potential=5", "tags=a,b"],
    ));
    let shown: Value =
        serde_json::from_str(&ok(keyplan(&db, &["accounts", "show", &account, "--json"]))).unwrap();
    let a = &shown[0];
    assert_eq!((a["region"].as_str(), a["growth_potential"].as_u64()), (Some("华南"), Some(5)));
    assert_eq!(a["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(a["name"].as_str(), Some(account.as_str()), "the rest kept");
    let out = keyplan(&db, &["accounts", "set", &account, "growth_potential=9"]);
    assert!(stderr(&out).contains("growth_potential"), "{}", stderr(&out));
}

#[test]
fn several_plans_export_into_a_folder_or_refuse_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["demo", "--accounts", "40", "--seed", "4", "--end", "2026-11-22"]));
    let plans: Value =
        serde_json::from_str(&ok(keyplan(&db, &["plans", "list", "--json"]))).unwrap();
    let ids: Vec<&str> =
        plans.as_array().unwrap().iter().take(3).map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "the demo has plans");
    let out = dir.path().join("out");
    let mut args = vec!["plans", "export"];
    args.extend(&ids);
    let folder = out.to_str().unwrap();
    let printed = ok(keyplan(&db, &[&args[..], &["--format", "md", "--out", folder]].concat()));
    assert!(printed.contains("exported 3 plans"), "{printed}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);

    // A combined file is a PDF; a review's minutes are one plan's. Nothing is written.
    let file = dir.path().join("all.md");
    let refused = keyplan(
        &db,
        &[&args[..], &["--format", "md", "--combined", "--out", file.to_str().unwrap()]].concat(),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("format"), "{}", stderr(&refused));
    let review = "01900000-0000-7000-8000-000000000000";
    let refused = keyplan(
        &db,
        &[&args[..], &["--format", "md", "--review", review, "--out", folder]].concat(),
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(!file.exists());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
}

/// A value is what it says: only an empty value clears an optional field, a word such as
/// "null" or "none" is kept as text, and a number field refuses what is not a finite number,
/// naming the field and changing nothing.
#[test]
fn only_an_empty_value_clears_and_a_number_must_be_finite() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let (_, id) = blank_plan(&db);
    let obj = ok(keyplan(
        &db,
        &[
            "plans",
            "add",
            id.trim(),
            "objective",
            "title=Share of wallet",
            "baseline=10",
            "target=30",
        ],
    ));
    let obj = obj.trim();
    let objective = || -> Value {
        let shown: Value =
            serde_json::from_str(&ok(keyplan(&db, &["plans", "show", id.trim(), "--json"])))
                .unwrap();
        shown[0]["objectives"][0].clone()
    };
    for word in ["null", "none", "NULL"] {
        ok(keyplan(&db, &["plans", "update", obj, &format!("metric={word}")]));
        assert_eq!(objective()["metric"], word, "kept as typed");
    }
    for bad in ["NaN", "inf", "-infinity", "1e999", "null", "none", "thirty"] {
        let out = keyplan(&db, &["plans", "update", obj, &format!("target={bad}")]);
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("target"), "{bad}: {}", stderr(&out));
        assert_eq!(objective()["target"], 30.0, "{bad}: unchanged");
    }
    ok(keyplan(&db, &["plans", "update", obj, "metric="]));
    assert!(objective()["metric"].is_null(), "an empty value clears it");
}

/// Control characters are refused at the command line's door, the field named, nothing written;
/// a note keeps its line breaks.
#[test]
fn control_characters_in_a_name_are_refused_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["init"]));
    for bad in ["Acme\u{1b}[31mRed", "Two\nLines", "Tab\there", "Bell\u{7}"] {
        let out = keyplan(&db, &["accounts", "add", "--name", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {}", stderr(&out));
        let said = stderr(&out);
        assert!(said.contains("name") && said.contains("one line"), "{bad:?}: {said}");
        assert!(!said.contains('\u{1b}'), "no escape code reaches the terminal: {said:?}");
    }
    let list = ok(keyplan(&db, &["accounts", "list", "--json"]));
    assert_eq!(list.trim(), "[]", "nothing written");
}

/// An option value outside its list is a usage error (exit 2) that names the allowed values,
/// before anything is opened or written.
#[test]
fn option_values_outside_their_list_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    ok(keyplan(&db, &["init"]));
    let id = "01a248a6-8f6a-7b77-b846-db3144b0be2d";
    for (args, allowed) in [
        (
            vec!["plans", "export", id, "--format", "docx", "--out", "x"],
            "pdf, html, md, ics, ics_todo",
        ),
        (
            vec!["plans", "export", id, "--format", "pdf", "--lang", "fr", "--out", "x"],
            "en, zh-CN, both",
        ),
        (
            vec!["plans", "export", id, "--format", "pdf", "--audience", "boss", "--out", "x"],
            "internal, customer",
        ),
        (
            vec!["plans", "export", id, "--format", "pdf", "--paper", "b5", "--out", "x"],
            "a4, letter",
        ),
        (vec!["demo", "--lang", "fr"], "en, zh-CN"),
        (
            vec!["export", "portfolio", "--format", "csv", "--out", "x.csv", "--lang", "fr"],
            "en, zh-CN",
        ),
    ] {
        let out = keyplan(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(allowed), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.path().join("x.csv").exists() && !dir.path().join("x").exists());
    assert_eq!(ok(keyplan(&db, &["accounts", "list", "--json"])).trim(), "[]");
}
