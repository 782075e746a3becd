//! A `.keyplan` bundle as a colleague's laptop reads it: archive, manifest, checksum, records.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keyplan_formats::bundle::read(data);
});
