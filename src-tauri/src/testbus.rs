//! A private D-Bus daemon for the tests of what Keyplan says on and hears from the bus.

use std::process::{Child, Command, Stdio};

/// A private bus daemon, stopped when dropped: a failing test leaves none running.
pub struct Bus(Child);

impl Bus {
    pub fn kill(&mut self) -> std::io::Result<()> {
        self.0.kill()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private bus (`dbus-daemon`), standing in for the system or session bus; None when D-Bus is
/// not installed (the test scripts install it).
pub fn private_bus() -> Option<(Bus, String)> {
    let child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        assert!(std::env::var_os("CI").is_none(), "CI installs D-Bus (scripts/system-deps.sh)");
        return None;
    };
    let mut line = String::new();
    let out = child.stdout.take().expect("piped");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("an address");
    Some((Bus(child), line.trim().to_string()))
}

/// Sends a signal on the bus at `address` (`args` as dbus-send writes them).
pub fn send_signal(address: &str, path: &str, member: &str, args: &[&str]) {
    let status = Command::new("dbus-send")
        .arg(format!("--bus={address}"))
        .args(["--type=signal", path, member])
        .args(args)
        .status()
        .expect("dbus-send runs");
    assert!(status.success());
}
