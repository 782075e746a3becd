//! A bundle encrypted with age, as it arrives from a colleague or a shared drive: opened with
//! a laptop key (whose files these never are) or the passphrase "fuzz passphrase", and refused
//! as for someone else, needing a passphrase, wrongly keyed or damaged; never a panic, and
//! never more than the cap returned.
#![no_main]

use std::sync::OnceLock;

use keyplan_keys::share::{self, LaptopKey};
use libfuzzer_sys::fuzz_target;

fn key() -> &'static LaptopKey {
    static KEY: OnceLock<LaptopKey> = OnceLock::new();
    KEY.get_or_init(LaptopKey::generate)
}

fuzz_target!(|data: &[u8]| {
    let _ = share::is_sealed(data);
    if let Ok(opened) = share::open(data, key(), Some("fuzz passphrase"), 1 << 20) {
        assert!(opened.len() <= 1 << 20);
    }
});
