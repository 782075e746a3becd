//! Locks an encrypted book when the system is about to sleep: logind's
//! `PrepareForSleep(true)` on the system bus, the moment before a laptop lid closes on it. The
//! watcher holds a logind "delay" inhibitor, so the system waits (up to logind's
//! `InhibitDelayMaxSec`, 5 s by default) until the book is locked and its key has left memory,
//! and takes it again on waking; the window's next status poll shows the unlock screen. A
//! machine with no system bus or no logind sends no such signal, and the idle timer is the only
//! auto-lock.

use std::time::Duration;

use dbus::arg::OwnedFd;
use dbus::blocking::Connection;
use dbus::channel::MatchingReceiver;
use dbus::message::MatchRule;

const LOGIND: &str = "org.freedesktop.login1";
const LOGIND_PATH: &str = "/org/freedesktop/login1";
const INTERFACE: &str = "org.freedesktop.login1.Manager";
const MEMBER: &str = "PrepareForSleep";

/// A delay inhibitor: sleep waits while the returned descriptor is open. None where there is
/// no logind to ask (the signal then comes with no grace, and the lock races the suspend).
fn delay_sleep(conn: &Connection) -> Option<OwnedFd> {
    let logind = conn.with_proxy(LOGIND, LOGIND_PATH, Duration::from_secs(2));
    let why = "Lock the encrypted customer book before sleeping";
    let (fd,): (OwnedFd,) =
        logind.method_call(INTERFACE, "Inhibit", ("sleep", "Keyplan", why, "delay")).ok()?;
    Some(fd)
}

/// Connects to the system bus, or to the bus at `address` (tests), and calls `on_sleep` each
/// time the system is about to sleep. Returns only when the bus goes away or cannot be reached.
pub fn listen(
    address: Option<&str>,
    mut on_sleep: impl FnMut() + Send + 'static,
) -> Result<(), dbus::Error> {
    let (conn, rule) = match address {
        Some(a) => (crate::bus::connect(Some(a))?, MatchRule::new_signal(INTERFACE, MEMBER)),
        // On the system bus only logind's own signal counts: another program cannot make the
        // window lock by sending one.
        None => (
            Connection::new_system()?,
            MatchRule::new_signal(INTERFACE, MEMBER).with_sender(LOGIND).with_path(LOGIND_PATH),
        ),
    };
    let mut inhibitor = delay_sleep(&conn);
    conn.add_match_no_cb(&rule.match_str())?;
    conn.start_receive(
        rule,
        Box::new(move |msg, conn| {
            // `true` before sleeping, `false` after waking: only the first locks.
            if msg.read1::<bool>().unwrap_or(false) {
                on_sleep();
                // Locked: the system may sleep now.
                inhibitor = None;
            } else if inhibitor.is_none() {
                inhibitor = delay_sleep(conn);
            }
            true
        }),
    );
    loop {
        conn.process(Duration::from_secs(3600))?;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::testbus::private_bus;
    use std::process::Command;
    use std::sync::mpsc;

    fn signal(address: &str, going: bool) {
        let status = Command::new("dbus-send")
            .args([
                &format!("--bus={address}"),
                "--type=signal",
                "/org/freedesktop/login1",
                &format!("{INTERFACE}.{MEMBER}"),
                &format!("boolean:{going}"),
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn prepare_for_sleep_calls_back_before_sleep_and_not_after_waking() {
        let Some((mut bus, address)) = private_bus() else { return };
        let (tx, rx) = mpsc::channel();
        let listening = address.clone();
        std::thread::spawn(move || {
            let _ = listen(Some(&listening), move || {
                let _ = tx.send(());
            });
        });
        // The listener's match is in place once a signal sent after it arrives: send until one
        // does (a second or so at most).
        let mut heard = false;
        for _ in 0..50 {
            signal(&address, true);
            if rx.recv_timeout(Duration::from_millis(100)).is_ok() {
                heard = true;
                break;
            }
        }
        assert!(heard, "PrepareForSleep(true) was not heard");
        while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
        signal(&address, false);
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err(), "waking does not lock");
        let _ = bus.kill();
    }
}
