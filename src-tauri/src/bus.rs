//! The user's session bus, which reminders, their clicks and "one window per book" are said
//! on. Found only where the session has one: never started for Keyplan.

use dbus::blocking::Connection;
use dbus::channel::Channel;

/// Where the user's session bus is, if the session has one: `DBUS_SESSION_BUS_ADDRESS`, else
/// the per-user bus at `$XDG_RUNTIME_DIR/bus`. Never libdbus's X11 "autolaunch", which starts a
/// bus of its own for the display when there is none, and leaves it running (holding a
/// connection to the display) after Keyplan exits.
pub fn session_address() -> Option<String> {
    if let Some(a) = std::env::var("DBUS_SESSION_BUS_ADDRESS").ok().filter(|a| !a.is_empty()) {
        return Some(a);
    }
    let bus = std::path::Path::new(&std::env::var_os("XDG_RUNTIME_DIR")?).join("bus");
    bus.exists().then(|| format!("unix:path={}", bus.display()))
}

/// A connection to the bus at `address`, or (None) to the session's bus if it has one.
pub fn connect(address: Option<&str>) -> Result<Connection, dbus::Error> {
    let address = address.map(str::to_string).or_else(session_address).ok_or_else(|| {
        dbus::Error::new_custom("org.freedesktop.DBus.Error.NoServer", "this session has no bus")
    })?;
    let mut channel = Channel::open_private(&address)?;
    channel.register()?;
    Ok(Connection::from(channel))
}
