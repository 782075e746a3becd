//! One window per book: the first Keyplan started on a book takes a name on the session bus
//! (made from the book's path); one started on the same book afterwards — from the menu, while
//! the one started at login runs in the background — asks the first to bring its window up, and
//! exits. Without a session bus each start opens its own window, as before.

use std::path::Path;
use std::time::Duration;

use dbus::blocking::Connection;
use dbus::channel::{MatchingReceiver, Sender};
use dbus::message::MatchRule;

const PATH: &str = "/app/keyplan/Desktop";
const INTERFACE: &str = "app.keyplan.Desktop";

/// FNV-1a over the path's bytes: the same book gives the same name in every build.
fn name_for(book: &Path) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in book.to_string_lossy().bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{INTERFACE}.b{hash:016x}")
}

/// What starting on a book found.
pub enum Claim {
    /// This is the first: answer the others' "show" with [`serve`].
    First(Connection),
    /// Another Keyplan has the book open and was asked to show its window.
    Shown,
    /// No session bus (or it refused): carry on alone.
    Alone,
}

/// Takes the book's name on the bus at `address` (None: the session bus), or asks its owner
/// to show its window.
pub fn claim(book: &Path, address: Option<&str>) -> Claim {
    let Ok(conn) = crate::bus::connect(address) else { return Claim::Alone };
    let name = name_for(book);
    use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply as Reply;
    match conn.request_name(&name, false, false, true) {
        Ok(Reply::PrimaryOwner | Reply::AlreadyOwner) => Claim::First(conn),
        Ok(Reply::Exists | Reply::InQueue) => {
            let proxy = conn.with_proxy(name.as_str(), PATH, Duration::from_secs(5));
            match proxy.method_call::<(), _, _, _>(INTERFACE, "Show", ()) {
                Ok(()) => Claim::Shown,
                // The owner is stuck or going away: this start opens its own window.
                Err(_) => Claim::Alone,
            }
        }
        Err(_) => Claim::Alone,
    }
}

/// Answers "show" calls with `on_show`, until the bus goes away.
// It takes the connection for good: the book's name is held for as long as it lives.
#[allow(clippy::needless_pass_by_value)]
pub fn serve(conn: Connection, mut on_show: impl FnMut() + Send + 'static) {
    conn.start_receive(
        MatchRule::new_method_call().with_interface(INTERFACE).with_member("Show"),
        Box::new(move |msg, conn| {
            on_show();
            let _ = conn.send(msg.method_return());
            true
        }),
    );
    while conn.process(Duration::from_secs(3600)).is_ok() {}
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::testbus::private_bus;
    use std::sync::mpsc;

    #[test]
    fn a_second_start_on_the_same_book_shows_the_first_window() {
        let Some((mut bus, address)) = private_bus() else { return };
        let book = Path::new("/home/me/.local/share/keyplan/keyplan.db");
        let Claim::First(first) = claim(book, Some(&address)) else { panic!("the first start") };
        let (shown, was_shown) = mpsc::channel();
        std::thread::spawn(move || {
            serve(first, move || {
                let _ = shown.send(());
            });
        });
        assert!(matches!(claim(book, Some(&address)), Claim::Shown));
        was_shown.recv_timeout(Duration::from_secs(5)).unwrap();
        // Another book is another window.
        let other = Path::new("/home/me/other.db");
        assert!(matches!(claim(other, Some(&address)), Claim::First(_)));
        assert_ne!(name_for(book), name_for(other));
        let _ = bus.kill();
    }

    #[test]
    fn without_a_bus_each_start_is_alone() {
        assert!(matches!(
            claim(Path::new("/x.db"), Some("unix:path=/nonexistent/bus")),
            Claim::Alone
        ));
    }
}
