//! The reminder loop: at start, every quarter hour and when the day changes, asks the session
//! what to notify (once per item per day, never in quiet hours; see `keyplan_app::reminders`)
//! and shows it; a click on a notification brings the window up on the item's page. A desktop
//! with no session bus or no notification service gets no notifications, and no error: the
//! window's Today list shows the same things.

use std::time::{Duration, Instant};

use chrono::Local;
use tauri::{AppHandle, Manager, Runtime};

use crate::notify::Notifier;
use crate::AppState;

/// How often the list is looked at ($KEYPLAN_REMINDER_POLL_MS, default 15 minutes): well within
/// the hour the reminders promise, and soon after quiet hours end.
fn every() -> Duration {
    let ms = std::env::var("KEYPLAN_REMINDER_POLL_MS").ok().and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(15 * 60 * 1000).clamp(1000, 3_600_000))
}

/// Brings the window up (shown, restored, focused) on `route`, one of the window's own pages.
pub fn open_route<R: Runtime>(app: &AppHandle<R>, route: &str) {
    let Some(window) = app.get_webview_window("main") else { return };
    let _ = window.show();
    let _ = window.unminimize();
    let _ = window.set_focus();
    // Routes are made from ids by the app (`#/accounts/<uuid>/plan/<uuid>`): nothing else is
    // ever put into the script.
    let safe = route.starts_with("#/")
        && route.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '#' | '/' | '-'));
    if safe {
        let _ = window.eval(format!("location.hash = '{route}'"));
    }
}

/// Starts the loop on a thread of its own.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new().name("reminders".into()).spawn(move || {
        let opener = app.clone();
        let notifier = match Notifier::connect(None, move |route| open_route(&opener, &route)) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("keyplan-desktop: no desktop notifications (no session bus): {e}");
                return;
            }
        };
        let every = every();
        let mut last: Option<(Instant, chrono::NaiveDate)> = None;
        let mut said_no_service = false;
        loop {
            let now = Local::now();
            let due = last.is_none_or(|(at, day)| at.elapsed() >= every || day != now.date_naive());
            if due {
                last = Some((Instant::now(), now.date_naive()));
                // A locked or unopened book has nothing to say until it is opened.
                let notices = app.state::<AppState>().with(|s| s.due_notices(now));
                for n in notices.unwrap_or_default() {
                    match notifier.show(&n.title, &n.body, &n.route) {
                        // Noted only once shown: a service that comes up late (at login) still
                        // gets the day's reminders at the next look.
                        Ok(_) => {
                            let day = now.date_naive();
                            let _ = app.state::<AppState>().with(|s| s.notice_shown(&n, day));
                        }
                        Err(e) => {
                            if !said_no_service {
                                eprintln!("keyplan-desktop: no notification service: {e}");
                                said_no_service = true;
                            }
                            break;
                        }
                    }
                }
            }
            if notifier.wait(Duration::from_secs(5)).is_err() {
                eprintln!("keyplan-desktop: the session bus went away; no more notifications");
                return;
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("keyplan-desktop: reminders will not be shown: {e}");
    }
}
