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
    tauri::test::get_ipc_response(
        &app.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
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
    let summary = invoke(&app, "load_demo", json!({"language": "zh-CN"})).unwrap();
    assert_eq!(summary["accounts"], 1000);
    let d = invoke(&app, "dashboard", json!({})).unwrap();
    assert_eq!(d["accounts"], 1000);
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
