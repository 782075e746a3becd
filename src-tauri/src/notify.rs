//! Desktop notifications through the freedesktop notification service on the session bus
//! (`org.freedesktop.Notifications`), with the libdbus binding the sleep watch already links. A
//! click on a notification (its "default" action) opens the page it is about. A desktop with no
//! notification service shows nothing and reports no error: the window's Today list holds the
//! same things.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dbus::arg::{PropMap, Variant};
use dbus::blocking::Connection;
use dbus::channel::MatchingReceiver;
use dbus::message::MatchRule;

const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";
const INTERFACE: &str = "org.freedesktop.Notifications";

/// One connection to the notification service, and the page each notification shown opens.
pub struct Notifier {
    conn: Connection,
    routes: Arc<Mutex<HashMap<u32, String>>>,
}

impl Notifier {
    /// Connects to the session bus (or `address`); clicks call `on_click` with the page's route
    /// while [`Notifier::wait`] runs.
    pub fn connect(
        address: Option<&str>,
        mut on_click: impl FnMut(String) + Send + 'static,
    ) -> Result<Notifier, dbus::Error> {
        let conn = crate::bus::connect(address)?;
        let routes: Arc<Mutex<HashMap<u32, String>>> = Arc::default();
        let take = |routes: &Arc<Mutex<HashMap<u32, String>>>, id: u32| {
            routes.lock().ok().and_then(|mut r| r.remove(&id))
        };
        let clicked = MatchRule::new_signal(INTERFACE, "ActionInvoked");
        conn.add_match_no_cb(&clicked.match_str())?;
        let mine = Arc::clone(&routes);
        conn.start_receive(
            clicked,
            Box::new(move |msg, _| {
                // Only a notification this window showed opens anything.
                if let Ok((id, action)) = msg.read2::<u32, String>() {
                    if let Some(route) = take(&mine, id).filter(|_| action == "default") {
                        on_click(route);
                    }
                }
                true
            }),
        );
        let closed = MatchRule::new_signal(INTERFACE, "NotificationClosed");
        conn.add_match_no_cb(&closed.match_str())?;
        let mine = Arc::clone(&routes);
        conn.start_receive(
            closed,
            Box::new(move |msg, _| {
                if let Ok(id) = msg.read1::<u32>() {
                    take(&mine, id);
                }
                true
            }),
        );
        Ok(Notifier { conn, routes })
    }

    /// Shows one notification; a click on it opens `route`.
    pub fn show(&self, title: &str, body: &str, route: &str) -> Result<u32, dbus::Error> {
        let proxy = self.conn.with_proxy(SERVICE, PATH, Duration::from_secs(5));
        let mut hints = PropMap::new();
        hints.insert("desktop-entry".into(), Variant(Box::new("keyplan".to_string())));
        // Normal urgency: a reminder, not an alarm.
        hints.insert("urgency".into(), Variant(Box::new(1u8)));
        let actions = vec!["default", "Open"];
        let (id,): (u32,) = proxy.method_call(
            INTERFACE,
            "Notify",
            ("Keyplan", 0u32, "keyplan", title, body, actions, hints, -1i32),
        )?;
        if let Ok(mut routes) = self.routes.lock() {
            routes.insert(id, route.to_string());
        }
        Ok(id)
    }

    /// Handles what the service sends (clicks, closes) for up to `timeout`.
    pub fn wait(&self, timeout: Duration) -> Result<(), dbus::Error> {
        self.conn.process(timeout).map(drop)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::testbus::{private_bus, send_signal};
    use std::sync::mpsc;

    /// A notification service on the bus at `address`: answers each Notify with id 7 and passes
    /// on what it was asked to show.
    fn fake_service(address: String, shown: mpsc::Sender<(String, String, Vec<String>)>) {
        let (ready, is_ready) = mpsc::channel();
        std::thread::spawn(move || {
            let server = crate::bus::connect(Some(&address)).unwrap();
            server.request_name(SERVICE, false, true, false).unwrap();
            server.start_receive(
                MatchRule::new_method_call(),
                Box::new(move |msg, conn| {
                    if msg.member().is_some_and(|m| &*m == "Notify") {
                        let mut args = msg.iter_init();
                        let _app: String = args.read().unwrap();
                        let _replaces: u32 = args.read().unwrap();
                        let _icon: String = args.read().unwrap();
                        let summary: String = args.read().unwrap();
                        let body: String = args.read().unwrap();
                        let actions: Vec<String> = args.read().unwrap();
                        let _ = shown.send((summary, body, actions));
                        let _ =
                            dbus::channel::Sender::send(conn, msg.method_return().append1(7u32));
                    }
                    true
                }),
            );
            ready.send(()).unwrap();
            loop {
                server.process(Duration::from_millis(100)).unwrap();
            }
        });
        is_ready.recv_timeout(Duration::from_secs(5)).unwrap();
    }

    #[test]
    fn a_notification_is_shown_and_a_click_opens_its_page() {
        let Some((mut bus, address)) = private_bus() else { return };
        let (shown_tx, shown) = mpsc::channel();
        fake_service(address.clone(), shown_tx);
        let (clicks_tx, clicks) = mpsc::channel();
        let notifier = Notifier::connect(Some(&address), move |route| {
            let _ = clicks_tx.send(route);
        })
        .unwrap();
        let id =
            notifier.show("Plan review coming up", "Acme: FY2027", "#/accounts/a/plan/p").unwrap();
        assert_eq!(id, 7);
        let (title, body, actions) = shown.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!((title.as_str(), body.as_str()), ("Plan review coming up", "Acme: FY2027"));
        assert_eq!(
            actions.first().map(String::as_str),
            Some("default"),
            "a click is the default action"
        );

        // Another notification's click, and this one's other action, open nothing.
        let path = "/org/freedesktop/Notifications";
        let member = "org.freedesktop.Notifications.ActionInvoked";
        send_signal(&address, path, member, &["uint32:8", "string:default"]);
        send_signal(&address, path, member, &["uint32:7", "string:default"]);
        let mut opened = None;
        for _ in 0..50 {
            notifier.wait(Duration::from_millis(100)).unwrap();
            if let Ok(route) = clicks.try_recv() {
                opened = Some(route);
                break;
            }
        }
        assert_eq!(opened.as_deref(), Some("#/accounts/a/plan/p"));
        // A notification opens its page once.
        send_signal(&address, path, member, &["uint32:7", "string:default"]);
        for _ in 0..5 {
            notifier.wait(Duration::from_millis(100)).unwrap();
        }
        assert!(clicks.try_recv().is_err());
        let _ = bus.kill();
    }

    #[test]
    fn no_notification_service_is_an_error_the_loop_can_note() {
        let Some((mut bus, address)) = private_bus() else { return };
        let notifier = Notifier::connect(Some(&address), |_| {}).unwrap();
        assert!(notifier.show("t", "b", "#/actions").is_err());
        let _ = bus.kill();
    }
}
