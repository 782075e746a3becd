//! The commands as the UI calls them: through Tauri's IPC, with the real state and database,
//! on a mock runtime (no display needed).

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct App {
    _dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let state = keyplan_desktop::AppState::open(Ok(dir.path().join("k.db")));
    let app = keyplan_desktop::build_app(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    App { _dir: dir, _app: app, window }
}

fn invoke(app: &App, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_body(app, cmd, InvokeBody::Json(args), Default::default())
}

fn invoke_body(
    app: &App,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<Value, Value> {
    tauri::test::get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn create_list_and_detail_through_ipc() {
    let app = app();
    let acct = invoke(
        &app,
        "create_account",
        json!({"input": {"name": "华东精密", "size_band": "large", "tags": ["vip"]}}),
    )
    .unwrap();
    let id = acct["id"].as_str().unwrap().to_string();
    assert_eq!(acct["name"], "华东精密");

    let contact = invoke(
        &app,
        "create_contact",
        json!({"accountId": id, "input": {"name": "王总", "role": "decision_maker"}}),
    )
    .unwrap();
    invoke(
        &app,
        "create_transaction",
        json!({"accountId": id, "input": {"date": "2026-10-01", "revenue": "12,000.50"}}),
    )
    .unwrap();

    let page =
        invoke(&app, "list_accounts", json!({"query": {"search": "华东", "limit": 50}})).unwrap();
    assert_eq!(page["total"], 1);
    let detail = invoke(&app, "account_detail", json!({"id": id})).unwrap();
    assert_eq!(detail["contacts"][0]["id"], contact["id"]);
    assert_eq!(detail["transactions"][0]["revenue"], 1_200_050);
}

#[test]
fn invalid_input_comes_back_with_the_field() {
    let app = app();
    let id =
        invoke(&app, "create_account", json!({"input": {"name": "Acme"}})).unwrap()["id"].clone();
    let err = invoke(
        &app,
        "create_survey",
        json!({"accountId": id, "input": {"date": "2026-02-30", "nps": 11}}),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let fields: Vec<&str> =
        err["details"].as_array().unwrap().iter().map(|d| d["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["date", "nps"]);
    assert_eq!(err["details"][1]["code"], "out_of_range");

    let err = invoke(&app, "account_detail", json!({"id": "0190d6a0-0000-7000-8000-000000000000"}))
        .unwrap_err();
    assert_eq!(err["kind"], "not_found");
}

#[test]
fn settings_and_demo_through_ipc() {
    let app = app();
    let s = invoke(&app, "update_settings", json!({"patch": {"language": "zh-CN"}})).unwrap();
    assert_eq!(s["language"], "zh-CN");
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert!(info["error"].is_null());
    assert!(info["db_path"].as_str().unwrap().ends_with("k.db"));
    assert_eq!(info["instance_id"].as_str().unwrap().len(), 36, "{info}");
    let summary = invoke(&app, "load_demo", json!({"language": "zh-CN"})).unwrap();
    assert_eq!(summary["accounts"], 120);
    assert!(summary["plans"].as_u64().unwrap() > 10, "{summary}");
    let d = invoke(&app, "dashboard", json!({})).unwrap();
    assert_eq!(d["accounts"], 120);
}

#[test]
fn a_database_that_cannot_open_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    std::fs::write(&path, b"not a database at all, just some text that is long enough ".repeat(50))
        .unwrap();
    let state = keyplan_desktop::AppState::open(Ok(path));
    let app = keyplan_desktop::build_app(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let app = App { _dir: dir, _app: app, window };
    let info = invoke(&app, "app_info", json!({})).unwrap();
    assert!(info["error"].as_str().unwrap().contains("not a Keyplan database"));
    let err = invoke(&app, "list_accounts", json!({"query": {}})).unwrap_err();
    assert_eq!(err["kind"], "storage");
}

#[test]
fn analytics_through_ipc() {
    let app = app();
    invoke(&app, "load_demo", json!({"language": "en"})).unwrap();
    let d = invoke(&app, "dashboard", json!({"segment": null, "kpiDays": 90})).unwrap();
    assert_eq!(d["accounts"], 120);
    assert_eq!(d["tiers"].as_array().unwrap().len(), 3);
    let err = invoke(&app, "dashboard", json!({"kpiDays": 0})).unwrap_err();
    assert_eq!(
        (err["kind"].as_str(), err["details"][0]["field"].as_str()),
        (Some("invalid"), Some("kpi_days"))
    );

    let rows = invoke(&app, "account_rows", json!({"query": {"tier": "C", "limit": 5}})).unwrap();
    let first = &rows["items"][0];
    assert_eq!(first["labels"]["tier"]["tier"], "C");
    let id = first["id"].as_str().unwrap().to_string();
    let err = invoke(&app, "set_tier_override", json!({"id": id, "tier": "A", "reason": " "}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid");
    let ins =
        invoke(&app, "set_tier_override", json!({"id": id, "tier": "A", "reason": "strategic"}))
            .unwrap();
    assert_eq!(ins["analysis"]["tier"]["tier"], "A");
    assert_eq!(ins["tier_history"][0]["cause"], "override");
    let ins = invoke(&app, "account_insights", json!({"id": id})).unwrap();
    assert_eq!(ins["overrides"]["tier"][1], "strategic");

    let alerts = invoke(&app, "alerts", json!({"includeHidden": true})).unwrap();
    let alert = alerts[0]["id"].clone();
    invoke(&app, "acknowledge_alert", json!({"id": alert})).unwrap();
    let err =
        invoke(&app, "snooze_alert", json!({"id": alert, "until": "2000-01-01"})).unwrap_err();
    assert_eq!(err["kind"], "invalid");

    let seg = invoke(
        &app,
        "create_segment",
        json!({"input": {"name": "A only", "rule": {"tier": ["A"]}}}),
    )
    .unwrap();
    let in_seg = invoke(&app, "dashboard", json!({"segment": seg["id"]})).unwrap();
    assert_eq!(in_seg["accounts"], in_seg["key_accounts"]["a_count"]);
    let err = invoke(&app, "create_segment", json!({"input": {"name": "A only", "rule": {}}}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    let kpis = invoke(&app, "kpis", json!({"from": null})).unwrap();
    assert_eq!(kpis[0]["group"], "portfolio");

    let mut settings = invoke(&app, "analytics_settings", json!({})).unwrap();
    settings["tiers"]["a_bp"] = json!(20_000);
    let err = invoke(&app, "save_analytics_settings", json!({"settings": settings})).unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert!(err["details"][0]["field"].as_str().unwrap().starts_with("tiers"), "{err}");
    let reset = invoke(&app, "reset_analytics_settings", json!({})).unwrap();
    assert_eq!(reset["tiers"]["a_bp"], 8000);
}

#[test]
fn import_through_ipc_from_staged_bytes() {
    let app = app();
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-file-name", "%E5%AE%A2%E6%88%B7.csv".parse().unwrap());
    let csv = "客户名称,行业,规模\n华信科技,制造,中型\n东方物流,物流,大型\n".as_bytes().to_vec();
    let path = invoke_body(&app, "import_stage", InvokeBody::Raw(csv), headers).unwrap();
    let path = path.as_str().unwrap().to_string();
    assert!(path.ends_with("客户.csv"), "{path}");
    let err = invoke(&app, "import_stage", json!({"not": "bytes"})).unwrap_err();
    assert_eq!(
        (err["kind"].as_str(), err["details"][0]["field"].as_str()),
        (Some("invalid"), Some("body"))
    );

    let preview =
        invoke(&app, "import_preview", json!({"args": {"kind": "accounts", "path": path}}))
            .unwrap();
    assert_eq!(preview["rows"].as_array().unwrap().len(), 2);
    let summary =
        invoke(&app, "import_run", json!({"args": {"kind": "accounts", "path": path}})).unwrap();
    assert_eq!(summary["created"], 2);
    let again = invoke(&app, "import_run", json!({"args": {"kind": "accounts", "path": path}}))
        .unwrap_err();
    assert_eq!(again["kind"], "rejected", "{again}");
    assert_eq!(again["details"][0]["row"], 1);
    assert!(invoke(&app, "import_status", json!({})).unwrap().is_null());
    let page = invoke(&app, "list_accounts", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 2, "the refused re-import wrote nothing");

    let bad =
        invoke(&app, "import_run", json!({"args": {"kind": "planets", "path": path}})).unwrap_err();
    // Tauri refuses an argument it cannot decode before any command runs, with a plain message
    // (api.js turns it into an `internal` CommandError): nothing is imported.
    assert!(bad.as_str().unwrap().contains("unknown variant `planets`"), "{bad}");
    assert_eq!(invoke(&app, "list_accounts", json!({"query": {}})).unwrap()["total"], 2);
}

#[test]
fn vocabulary_through_ipc() {
    let app = app();
    let v = invoke(&app, "vocabulary", json!({})).unwrap();
    assert_eq!(v["size_bands"][4], "enterprise");
    assert_eq!(v["roles"].as_array().unwrap().len(), 7);
    assert_eq!((v["promoter_min"].as_u64(), v["passive_min"].as_u64()), (Some(9), Some(7)));
}

#[test]
fn plans_through_ipc() {
    let app = app();
    invoke(&app, "load_demo", json!({"language": "zh-CN"})).unwrap();
    // An A account the demo left without any plan.
    let rows = invoke(&app, "account_rows", json!({"query": {"tier": "A", "plan_missing": true}}))
        .unwrap();
    let account = rows["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .find(|id| {
            invoke(&app, "plans", json!({"account": id})).unwrap().as_array().unwrap().is_empty()
        })
        .unwrap();
    let input = json!({"title": "FY", "period": "FY", "start_date": "2026-01-01", "end_date": "2026-12-31"});
    let plan =
        invoke(&app, "create_plan", json!({"accountId": account, "request": {"input": input}}))
            .unwrap();
    assert_eq!(plan["template"], "full");
    assert!(plan["health"]["score"].is_u64());
    let id = plan["id"].clone();
    let err =
        invoke(&app, "create_plan", json!({"accountId": account, "request": {"input": input}}))
            .unwrap_err();
    assert_eq!(
        (err["kind"].as_str(), err["details"][0]["field"].as_str()),
        (Some("invalid"), Some("start_date"))
    );
    assert_eq!(err["details"][0]["code"], "overlaps");

    let objective = json!({"title": "Pilots", "baseline": 0, "target": 4, "current": 1});
    let item = json!({"kind": "objective", "input": objective});
    let view = invoke(&app, "add_plan_item", json!({"planId": id, "item": item})).unwrap();
    assert_eq!(
        view["objectives"].as_array().unwrap().len(),
        3,
        "two from the template and this one"
    );
    let item = json!({"kind": "objective", "input": {"title": "x", "baseline": 1, "target": 1}});
    let err = invoke(&app, "add_plan_item", json!({"planId": id, "item": item})).unwrap_err();
    assert_eq!(err["details"][0]["code"], "same_as");
    let item = json!({"kind": "planet", "input": {"title": "x"}});
    let err = invoke(&app, "add_plan_item", json!({"planId": id, "item": item})).unwrap_err();
    assert!(err.as_str().is_some_and(|e| e.contains("planet")), "an unknown kind: {err}");
    let item = json!({"kind": "action", "input": {"title": "Call", "due_date": "2026-01-10"}});
    let view = invoke(&app, "add_plan_item", json!({"planId": id, "item": item})).unwrap();
    let action = view["actions"].as_array().unwrap().iter().find(|a| a["title"] == "Call").unwrap()
        ["id"]
        .clone();
    // An id is changed only as the kind of item it is.
    let as_risk =
        json!({"kind": "risk", "input": {"description": "x", "likelihood": 1, "impact": 1}});
    let err = invoke(&app, "update_plan_item", json!({"id": action, "item": as_risk})).unwrap_err();
    assert_eq!(
        (err["kind"].as_str(), err["details"][0]["kind"].as_str()),
        (Some("not_found"), Some("plan_risk"))
    );
    let actions = invoke(&app, "actions", json!({"dueBefore": null, "overdue": true})).unwrap();
    assert!(actions.as_array().unwrap().iter().any(|a| a["id"] == action));
    let done = invoke(&app, "set_action_done", json!({"id": action, "done": true})).unwrap();
    assert_eq!(done["status"], "done");
    assert!(done["done_on"].is_string());

    let view = invoke(
        &app,
        "hold_review",
        json!({"planId": id, "input": {"date": "2026-03-31", "rating": 4}}),
    )
    .unwrap();
    assert_eq!(view["reviews"][0]["snapshot"]["objectives"].as_array().unwrap().len(), 3);
    let review = view["reviews"][0]["id"].clone();
    let err = invoke(&app, "remove_plan_item", json!({"id": review})).unwrap_err();
    assert_eq!(err["kind"], "invalid", "a review is the record of a meeting: {err}");
    let gone = invoke(&app, "remove_plan_item", json!({"id": action})).unwrap();
    assert!(gone["actions"].as_array().unwrap().iter().all(|a| a["id"] != action));
    let mut edit = view.clone();
    edit["status"] = json!("closed");
    let err = invoke(&app, "update_plan", json!({"id": id, "input": edit})).unwrap_err();
    assert_eq!(err["details"][0]["code"], "not_allowed_move");
    let listed = |app: &App| {
        let list = invoke(app, "plans", json!({"account": null})).unwrap();
        list.as_array().unwrap().iter().any(|p| p["id"] == id)
    };
    assert!(listed(&app));
    invoke(&app, "delete_plan", json!({"id": id})).unwrap();
    assert!(!listed(&app));
    let mine = invoke(&app, "plans", json!({"account": account})).unwrap();
    assert!(mine.as_array().unwrap().is_empty());
}

#[test]
fn bundles_and_conflicts_through_ipc() {
    let app = app();
    invoke(&app, "create_account", json!({"input": {"name": "华信科技"}})).unwrap();
    let status = invoke(&app, "sync_status", json!({})).unwrap();
    assert!(status["folder"].is_null() && status["open_conflicts"] == 0, "{status}");
    assert_eq!(invoke(&app, "conflicts", json!({"all": true})).unwrap(), json!([]));
    let err = invoke(&app, "sync_now", json!({})).unwrap_err();
    assert_eq!(
        (err["kind"].as_str(), err["details"][0]["field"].as_str()),
        (Some("invalid"), Some("sync_folder"))
    );

    // A file that is not a bundle, staged as a dropped file would be: refused, nothing written.
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-file-name", "from.keyplan".parse().unwrap());
    let staged =
        invoke_body(&app, "import_stage", InvokeBody::Raw(b"PK\x03\x04 broken".to_vec()), headers)
            .unwrap();
    let err = invoke(&app, "bundle_merge", json!({"path": staged})).unwrap_err();
    assert_eq!(err["kind"], "invalid", "{err}");
    assert!(err["message"].as_str().unwrap().contains("from.keyplan"), "names the file: {err}");
    let err = invoke(
        &app,
        "settle_conflict",
        json!({"recordId": "x", "field": "notes", "lostStamp": "y", "keep": true}),
    )
    .unwrap_err();
    assert!(err.as_str().is_some(), "an undecodable argument is refused before the command: {err}");
    let page = invoke(&app, "list_accounts", json!({"query": {}})).unwrap();
    assert_eq!(page["total"], 1);
}

/// A database's files, byte for byte.
fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_command_refuses_a_malformed_body_and_writes_nothing() {
    let app = app();
    invoke(&app, "create_account", json!({"input": {"name": "华信科技"}})).unwrap();
    // Every command registered in lib.rs, read from there so a new one is covered too.
    let lib = include_str!("../src/lib.rs");
    let commands: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("commands::")?.strip_suffix(','))
        .filter_map(|path| path.rsplit("::").next())
        .collect();
    assert!(commands.len() > 70, "{}", commands.len());
    // Every argument any command takes, each given a value no argument type accepts.
    let names = [
        "a",
        "account",
        "accountId",
        "all",
        "args",
        "b",
        "columns",
        "combined",
        "done",
        "dueBefore",
        "field",
        "format",
        "from",
        "how",
        "id",
        "ids",
        "includeHidden",
        "input",
        "item",
        "keep",
        "kind",
        "kpiDays",
        "language",
        "lost",
        "lostStamp",
        "overdue",
        "passphrase",
        "patch",
        "path",
        "planId",
        "query",
        "reason",
        "recordId",
        "recoveryKey",
        "scope",
        "segment",
        "settings",
        "stage",
        "startAtLogin",
        "tier",
        "title",
        "until",
    ];
    let bad: serde_json::Map<String, Value> =
        names.iter().map(|n| ((*n).to_string(), json!([[[]]]))).collect();
    let dir = app._dir.path().to_path_buf();
    let mut refused = 0;
    for cmd in commands {
        let before = files(&dir);
        match invoke(&app, cmd, Value::Object(bad.clone())) {
            Err(e) => {
                let text = e.as_str().map_or_else(|| e.to_string(), str::to_string);
                // Tauri's own refusal (api.js turns it into `invalid`), or Keyplan's.
                let invalid = text.contains("invalid args") || e["kind"] == "invalid";
                assert!(invalid, "{cmd}: refused for its arguments: {text}");
                assert!(files(&dir) == before, "{cmd} wrote though its body was refused");
                refused += 1;
            }
            // A command that takes no arguments has none to be malformed.
            Ok(_) => assert!(invoke(&app, cmd, json!({})).is_ok(), "{cmd} took a malformed body"),
        }
    }
    assert!(refused >= 62, "only {refused} commands take arguments?");
}

/// Encryption from the window: turned on, locked, refused with a reason the window words, and
/// unlocked by the passphrase or the recovery key; a new start opens on the unlock screen.
#[test]
fn encrypt_lock_and_unlock_through_ipc() {
    let app = app();
    invoke(&app, "create_account", json!({"input": {"name": "华信科技"}})).unwrap();
    let short = invoke(&app, "encrypt_book", json!({"passphrase": "short"})).unwrap_err();
    assert_eq!(
        (&short["kind"], &short["details"][0]["code"]),
        (&json!("invalid"), &json!("passphrase_too_short"))
    );
    let done =
        invoke(&app, "encrypt_book", json!({"passphrase": "correct horse battery"})).unwrap();
    let recovery = done["recovery_key"].as_str().unwrap().to_string();
    assert_eq!(recovery.len(), 49, "{recovery}");
    assert_eq!(invoke(&app, "app_info", json!({})).unwrap()["encrypted"], true);

    let locked = invoke(&app, "lock", json!({})).unwrap();
    assert_eq!((&locked["encrypted"], &locked["locked"]), (&json!(true), &json!(true)));
    let e = invoke(&app, "list_accounts", json!({"query": {}})).unwrap_err();
    assert_eq!((&e["kind"], &e["details"][0]["reason"]), (&json!("locked"), &json!("locked")));
    let e = invoke(&app, "unlock", json!({"passphrase": "wrong horse battery"})).unwrap_err();
    assert_eq!(e["details"][0]["reason"], "wrong_passphrase");
    let e = invoke(&app, "unlock", json!({"recoveryKey": "ABCD-EFGH"})).unwrap_err();
    assert_eq!(e["details"][0]["reason"], "recovery_key_mistyped");
    let open = invoke(&app, "unlock", json!({"passphrase": "correct horse battery"})).unwrap();
    assert_eq!(open["locked"], false);
    let page = invoke(&app, "list_accounts", json!({"query": {}})).unwrap();
    assert_eq!(page["items"][0]["name"], "华信科技");

    invoke(&app, "change_passphrase", json!({"passphrase": "battery staple horse"})).unwrap();
    // A new recovery key: the old one stops working.
    let old = recovery.clone();
    let recovery =
        invoke(&app, "new_recovery_key", json!({})).unwrap().as_str().unwrap().to_string();
    assert_ne!(recovery, old);
    invoke(&app, "lock", json!({})).unwrap();
    let e = invoke(&app, "unlock", json!({"recoveryKey": old})).unwrap_err();
    assert_eq!(e["details"][0]["reason"], "wrong_recovery_key");
    invoke(&app, "lock", json!({})).unwrap();
    invoke(&app, "unlock", json!({"recoveryKey": recovery.to_lowercase()})).unwrap();
    invoke(&app, "lock", json!({})).unwrap();
    invoke(&app, "unlock", json!({"passphrase": "battery staple horse"})).unwrap();

    // A new start on the same book: locked until unlocked.
    let state = keyplan_desktop::AppState::open(Ok(app._dir.path().join("k.db")));
    let startup = state.startup();
    assert!(startup.locked && startup.encrypted && startup.error.is_none(), "{startup:?}");
}
