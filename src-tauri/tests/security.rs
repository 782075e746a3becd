//! What the built app lets its web view do, checked on the files the build embeds: the
//! capabilities Tauri resolved (`gen/schemas/capabilities.json`, written by this crate's build
//! script) and the configuration with its Content-Security-Policy. A permission beyond
//! Keyplan's own commands, a script or default source other than the app's own files, or any
//! remote origin fails the build's tests.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;

fn json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} (built by this crate's build script): {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn config() -> Value {
    json("tauri.conf.json")
}

/// The CSP's directives: name → sources.
fn csp() -> Vec<(String, Vec<String>)> {
    let csp = &config()["app"]["security"]["csp"];
    let directives = csp.as_object().expect("the CSP is given directive by directive");
    directives
        .iter()
        .map(|(name, sources)| {
            let list = sources.as_str().unwrap().split_whitespace().map(String::from).collect();
            (name.clone(), list)
        })
        .collect()
}

fn sources(name: &str) -> Vec<String> {
    csp().into_iter().find(|(n, _)| n == name).map(|(_, s)| s).unwrap_or_default()
}

#[test]
fn the_window_is_granted_no_permission_beyond_keyplans_own_commands() {
    let resolved = json("gen/schemas/capabilities.json");
    let all = resolved.as_object().unwrap();
    assert!(!all.is_empty(), "the capabilities the build resolved");
    for (id, cap) in all {
        // Keyplan's commands are its own (registered in lib.rs, allowed without a permission);
        // any entry here would open a Tauri core, plug-in or file-system door to the page.
        assert_eq!(cap["permissions"], serde_json::json!([]), "capability {id} grants {cap}");
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "capability {id}");
        assert!(cap.get("remote").is_none(), "capability {id} lets a remote origin call in");
        assert_ne!(cap["local"], Value::Bool(false), "capability {id} is not for local pages");
    }
}

#[test]
fn scripts_and_everything_else_come_only_from_the_app_itself() {
    assert_eq!(sources("default-src"), ["'self'"]);
    assert_eq!(sources("script-src"), ["'self'"], "no inline script, no eval, no host");
    assert_eq!(sources("style-src"), ["'self'"], "no inline style either");
    for name in ["object-src", "base-uri", "form-action", "frame-ancestors"] {
        assert_eq!(sources(name), ["'none'"], "{name}");
    }
    // What any directive may name: the app's files, nothing, data: pictures, Tauri's IPC.
    let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
    for (name, list) in csp() {
        for s in &list {
            assert!(allowed.contains(&s.as_str()), "{name} allows {s}");
            assert!(s != "data:" || name == "img-src", "{name} allows data:");
            assert!(
                !s.starts_with("ipc:") && !s.contains("ipc.localhost") || name == "connect-src",
                "{name} allows {s}"
            );
        }
    }
}

#[test]
fn no_remote_origin_is_reachable() {
    let c = config();
    assert!(c["build"].get("devUrl").is_none(), "a dev server would serve the UI instead");
    assert_eq!(c["app"]["security"]["freezePrototype"], true);
    for key in
        ["dangerousDisableAssetCspModification", "dangerousRemoteDomainIpcAccess", "assetProtocol"]
    {
        assert!(c["app"]["security"].get(key).is_none(), "{key} is set");
    }
    for w in c["app"]["windows"].as_array().unwrap() {
        let url = w.get("url").and_then(Value::as_str).unwrap_or("index.html");
        assert!(!url.contains("://"), "window {} opens {url}", w["label"]);
    }
    // The page itself loads nothing from elsewhere and holds no inline script or style.
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let html = std::fs::read_to_string(ui.join("index.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"), "{html}");
    assert!(!html.contains("style=") && !html.contains("<style"), "inline style");
    for line in html.lines().filter(|l| l.contains("<script")) {
        assert!(line.contains("src=\"js/"), "an inline or remote script: {line}");
    }
}
