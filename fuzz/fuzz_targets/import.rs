//! A spreadsheet or CSV file as the import reads it: workbook or text, the encoding, the header
//! row matched to fields, then every row parsed and validated as each kind of record.
#![no_main]

use keyplan_formats::import::parse::{parse, Options};
use keyplan_formats::import::source::Source;
use keyplan_formats::import::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = Source::open(data, None, None) else { return };
    for kind in
        [Kind::Transactions, Kind::Accounts, Kind::Contacts, Kind::Interactions, Kind::Surveys]
    {
        let _ = parse(&src, kind, &Options::default());
    }
});
