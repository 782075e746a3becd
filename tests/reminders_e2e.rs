//! End-to-end: reminders from the real window. A stand-in notification service on a private
//! session bus receives what is due as desktop notifications (once, grouped when many); a click
//! on one brings the window to its page; the Today list snoozes and finishes items; Settings →
//! Reminders names a wrong quiet hour at its field and writes the login autostart entry.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use dbus::blocking::Connection;
use dbus::channel::{Channel, MatchingReceiver, Sender};
use dbus::message::MatchRule;
use keyplan_e2e::*;

/// A private bus daemon, stopped when dropped: a failing test leaves none running.
struct Bus(Child);

impl Bus {
    fn kill(&mut self) -> std::io::Result<()> {
        self.0.kill()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private bus (`dbus-daemon`) and its address; scripts/system-deps.sh installs D-Bus.
fn private_bus() -> Result<(Bus, String)> {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    let out = child.stdout.take().ok_or("no output from dbus-daemon")?;
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line)?;
    Ok((Bus(child), line.trim().to_string()))
}

/// A notification service on the bus: each Notify gets the next id, and (id, title, body) is
/// passed on.
fn notification_service(address: &str) -> Result<mpsc::Receiver<(u32, String, String)>> {
    let (shown, seen) = mpsc::channel();
    let (ready, is_ready) = mpsc::channel();
    let address = address.to_string();
    std::thread::spawn(move || {
        let mut channel = Channel::open_private(&address).unwrap();
        channel.register().unwrap();
        let server = Connection::from(channel);
        server.request_name("org.freedesktop.Notifications", false, true, false).unwrap();
        let mut next = 0u32;
        server.start_receive(
            MatchRule::new_method_call(),
            Box::new(move |msg, conn| {
                if msg.member().is_some_and(|m| &*m == "Notify") {
                    let mut args = msg.iter_init();
                    let (_, _, _): (String, u32, String) =
                        (args.read().unwrap(), args.read().unwrap(), args.read().unwrap());
                    let (title, body): (String, String) =
                        (args.read().unwrap(), args.read().unwrap());
                    next += 1;
                    let _ = shown.send((next, title, body));
                    let _ = conn.send(msg.method_return().append1(next));
                }
                true
            }),
        );
        ready.send(()).unwrap();
        loop {
            if server.process(Duration::from_millis(100)).is_err() {
                return;
            }
        }
    });
    is_ready.recv_timeout(Duration::from_secs(10))?;
    Ok(seen)
}

/// A click on notification `id`, as the service reports it.
fn click_notification(address: &str, id: u32) -> Result {
    let status = Command::new("dbus-send")
        .arg(format!("--bus={address}"))
        .args([
            "--type=signal",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications.ActionInvoked",
            &format!("uint32:{id}"),
            "string:default",
        ])
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err("dbus-send failed".into())
    }
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn reminders_come_as_notifications_and_a_click_opens_the_item() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "40"])?;
    let due: serde_json::Value = serde_json::from_str(&cli(&db, &["today", "--json"])?)?;
    let due = due.as_array().map_or(0, Vec::len);
    assert!(due > 0, "the demo has things due today");
    let config = dir.path().join("config");
    let (mut bus, address) = private_bus()?;
    let shown = notification_service(&address)?;
    let driver = Driver::start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", &address),
        ("KEYPLAN_REMINDER_POLL_MS", "1000"),
        ("XDG_CONFIG_HOME", &config.to_string_lossy()),
    ])?;
    let c = driver.open(&db).await?;
    wait_for(&c, "[data-testid=tier-card]").await?;

    // At start: what is due, grouped by kind when more than two of a kind.
    let first = shown.recv_timeout(Duration::from_secs(30))?;
    let mut notes = vec![first];
    while let Ok(n) = shown.recv_timeout(Duration::from_secs(3)) {
        notes.push(n);
    }
    assert!(!notes.is_empty() && notes.len() <= due, "{notes:?}");
    assert!(
        notes.iter().all(|(_, title, body)| !title.is_empty() && !body.is_empty()),
        "{notes:?}"
    );
    // Once a day: the next looks (every second here) show nothing again.
    assert!(shown.recv_timeout(Duration::from_secs(3)).is_err(), "shown once per day");

    // A click brings the window to the item's page.
    let before = c.current_url().await?;
    click_notification(&address, notes[0].0)?;
    let mut moved = false;
    for _ in 0..50 {
        if c.current_url().await? != before {
            moved = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(moved, "the click opened {:?}'s page", notes[0].1);

    // Today: Snooze → Tomorrow takes the first item off the list until then.
    c.execute("location.hash = '#/actions'", vec![]).await?;
    wait_for(&c, "[data-testid=today] tr[data-id]").await?;
    click(&c, "[data-testid=today] tr[data-id] [data-action=snooze-reminder]").await?;
    screenshot(&c, "today-snooze-en").await?;
    let id = c
        .execute(
            "return document.querySelector('[data-testid=today] tr[data-id]').dataset.id",
            vec![],
        )
        .await?;
    click(&c, "[data-testid=today] tr[data-id] details[open] [data-snooze=tomorrow]").await?;
    wait_text(&c, "[data-testid=today-put-off]", "1 snoozed or done").await?;
    let gone = c
        .execute(
            "return !document.querySelector(`[data-testid=today] tr[data-id='${arguments[0]}']`)",
            vec![id],
        )
        .await?;
    assert_eq!(gone, serde_json::json!(true), "snoozed off the list");
    screenshot(&c, "today-snoozed-en").await?;

    // Settings → Reminders: a wrong quiet hour is named; starting at login writes the entry.
    c.execute("location.hash = '#/settings'", vec![]).await?;
    wait_for(&c, "[data-testid=reminder-settings]").await?;
    fill(&c, "[data-testid=reminder-settings] #f-quiet_from", "25:00").await?;
    click(&c, "[data-testid=reminder-settings] [data-action=save]").await?;
    wait_text(&c, "[data-error-for=quiet_from]", "time").await?;
    wait_text(&c, "[data-error-for=quiet_until]", "").await?;
    scroll_into_view(&c, "[data-testid=reminders-card]").await?;
    screenshot(&c, "settings-reminders-error-en").await?;
    fill(&c, "[data-testid=reminder-settings] #f-quiet_from", "22:00").await?;
    fill(&c, "[data-testid=reminder-settings] #f-quiet_until", "07:30").await?;
    select(&c, "[data-testid=reminder-settings] #f-start_at_login", "true").await?;
    click(&c, "[data-testid=reminder-settings] [data-action=save]").await?;
    wait_text(&c, "#toasts", "Saved").await?;
    let entry = std::fs::read_to_string(config.join("autostart/keyplan.desktop"))?;
    assert!(entry.contains("--background") && entry.contains("--db"), "{entry}");
    let kept: serde_json::Value = serde_json::from_str(&cli(&db, &["today", "--json"])?)?;
    assert!(kept.is_array());
    c.close().await?;
    let _ = bus.kill();
    Ok(())
}

/// Whether the Keyplan started on `db` has a window mapped on the display (xdotool, which
/// scripts/test.sh installs): found by its process, so an earlier test's window cannot answer.
fn window_shown(db: &std::path::Path) -> Result<bool> {
    let pids = Command::new("pgrep")
        .args(["-f", &format!("keyplan-desktop --db {}", db.display())])
        .output()?;
    for pid in String::from_utf8_lossy(&pids.stdout).split_whitespace() {
        let out =
            Command::new("xdotool").args(["search", "--onlyvisible", "--pid", pid]).output()?;
        if !String::from_utf8_lossy(&out.stdout).trim().is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

#[tokio::test]
#[ignore = "drives the real window: needs Xvfb, WebKitWebDriver and tauri-driver (scripts/test.sh)"]
async fn started_at_login_it_reminds_with_no_window_until_a_click() -> Result {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("k.db");
    cli(&db, &["demo", "--accounts", "40"])?;
    let (mut bus, address) = private_bus()?;
    let shown = notification_service(&address)?;
    let driver = Driver::start_with(&[
        ("DBUS_SESSION_BUS_ADDRESS", &address),
        ("KEYPLAN_REMINDER_POLL_MS", "1000"),
        ("XDG_CONFIG_HOME", &dir.path().join("config").to_string_lossy()),
    ])?;
    // As the autostart entry starts it.
    let c = driver.open_with(&app_binary(), &db, &["--background"]).await?;
    let (id, title, _) = shown.recv_timeout(Duration::from_secs(30))?;
    assert!(!title.is_empty());
    assert!(!window_shown(&db)?, "started at login: reminders, but no window");
    click_notification(&address, id)?;
    let mut up = false;
    for _ in 0..50 {
        if window_shown(&db)? {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the click brought the window up");
    // The page the notification was about (an account's page, Actions, or the portfolio).
    let mut hash = String::new();
    for _ in 0..50 {
        hash = c
            .execute("return location.hash", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        if hash.len() > 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        ["#/accounts/", "#/actions", "#/portfolio"].iter().any(|p| hash.starts_with(p)),
        "{hash:?}"
    );
    screenshot(&c, "background-clicked-en").await?;
    c.close().await?;
    let _ = bus.kill();
    Ok(())
}
