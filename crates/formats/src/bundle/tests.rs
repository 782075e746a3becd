use std::io::Write;

use keyplan_domain::sync::Stamp;
use serde_json::json;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

use super::*;

fn stamp(millis: u64, laptop: u128) -> Stamp {
    Stamp { millis, counter: 0, instance: Uuid::from_u128(laptop) }
}

fn writer() -> Writer {
    Writer { schema_version: 6, instance: Uuid::from_u128(1), user: "李娜".into() }
}

fn account(id: u128) -> BundleRecord {
    BundleRecord {
        kind: "account".into(),
        id: Uuid::from_u128(id),
        created_at: "2026-01-02T03:04:05.006Z".into(),
        base: stamp(1_767_000_000_000, 1),
        values: [
            ("name", json!("华东精密")),
            ("tags", json!(["key"])),
            ("deleted_at", json!(null)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
        clocks: [(
            "name".to_string(),
            BundleClock {
                stamp: stamp(1_768_000_000_000, 2),
                seen: vec![stamp(1_767_000_000_000, 1)],
            },
        )]
        .into_iter()
        .collect(),
    }
}

fn contact(id: u128, account: u128) -> BundleRecord {
    BundleRecord {
        kind: "contact".into(),
        id: Uuid::from_u128(id),
        created_at: "2026-01-02T03:04:05.006Z".into(),
        base: stamp(1_767_000_000_000, 1),
        values: [
            ("name", json!("王总")),
            ("account_id", json!(Uuid::from_u128(account))),
            ("deleted_at", json!(null)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
        clocks: Default::default(),
    }
}

fn contents() -> Contents {
    Contents { records: vec![account(10), account(11)], conflicts: vec![] }
}

/// A ZIP with these entries, as a hand-made (or hostile) file would be.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A bundle whose records entry is `records`, with a manifest that matches it.
fn with_records(records: &[u8]) -> Vec<u8> {
    let good = write(&writer(), &contents()).unwrap().0;
    let mut manifest = read(&good).unwrap().manifest;
    manifest.sha256 = write::hex(&sha2::Sha256::digest(records));
    let manifest = serde_json::to_vec(&manifest).unwrap();
    zip_of(&[(MANIFEST_ENTRY, &manifest), (RECORDS_ENTRY, records)])
}

use sha2::Digest;

#[test]
fn a_bundle_reads_back_as_written_and_the_same_data_gives_the_same_bytes() {
    let bytes = write(&writer(), &contents()).unwrap().0;
    assert_eq!(bytes, write(&writer(), &contents()).unwrap().0);
    let back = read(&bytes).unwrap();
    assert_eq!(back.contents, contents());
    let m = &back.manifest;
    assert_eq!((m.format.as_str(), m.format_version, m.schema_version), (FORMAT, 1, 6));
    assert_eq!(m.user, "李娜");
    assert_eq!(m.contents.get("account"), Some(&2));
    assert_eq!(m.as_of.as_deref(), Some("2026-01-09T23:06:40.000Z"));
}

#[test]
fn what_is_not_a_whole_bundle_is_refused() {
    let good = write(&writer(), &contents()).unwrap().0;
    assert!(matches!(read(b"name,industry\nAcme,Retail\n"), Err(BundleError::NotABundle(_))));
    assert!(matches!(read(b""), Err(BundleError::NotABundle(_))));
    for cut in [good.len() / 3, good.len() / 2, good.len() - 10] {
        assert!(read(&good[..cut]).is_err(), "cut at {cut}");
    }
    // A byte flipped inside the compressed records: the archive's own CRC or the checksum.
    let mut flipped = good.clone();
    let at = good.len() / 2;
    flipped[at] ^= 0x55;
    assert!(read(&flipped).is_err());
    let other =
        serde_json::to_vec(&Contents { records: vec![account(12)], conflicts: vec![] }).unwrap();
    let manifest = serde_json::to_vec(&read(&good).unwrap().manifest).unwrap();
    let swapped = zip_of(&[(MANIFEST_ENTRY, &manifest), (RECORDS_ENTRY, &other)]);
    assert_eq!(read(&swapped), Err(BundleError::Checksum));
    assert!(matches!(
        read(&zip_of(&[(MANIFEST_ENTRY, &manifest)])),
        Err(BundleError::NotABundle(_))
    ));
}

#[test]
fn entry_names_that_climb_out_or_are_absolute_are_refused() {
    for name in [
        "../records.json",
        "/etc/passwd",
        "a/../../x",
        "C:\\x",
        "\\\\server\\x",
        "records.json/../x",
    ] {
        let bytes = zip_of(&[(name, b"{}")]);
        assert_eq!(read(&bytes), Err(BundleError::UnsafeName(name.into())), "{name}");
    }
    let extra = zip_of(&[(MANIFEST_ENTRY, b"{}"), ("evil.sh", b"rm -rf /")]);
    assert!(matches!(read(&extra), Err(BundleError::UnexpectedEntry(_))));
}

#[test]
fn an_archive_that_inflates_past_the_limit_is_refused_on_its_real_bytes() {
    // A manifest entry that claims 20 bytes but inflates to 2 MB (past its 64 KiB limit).
    let big = vec![b' '; 2 << 20];
    let mut bytes = zip_of(&[(MANIFEST_ENTRY, &big), (RECORDS_ENTRY, b"{}")]);
    restate(&mut bytes, big.len() as u32, 20);
    let refused = read(&bytes);
    assert!(
        matches!(refused, Err(BundleError::TooLarge { .. }) | Err(BundleError::Damaged(_))),
        "{refused:?}"
    );
}

/// Writes `claim` over every copy of the little-endian `real` size in an archive's headers.
fn restate(bytes: &mut [u8], real: u32, claim: u32) {
    let mut at = 0;
    while let Some(pos) = bytes[at..].windows(4).position(|w| w == real.to_le_bytes()) {
        bytes[at + pos..at + pos + 4].copy_from_slice(&claim.to_le_bytes());
        at += pos + 4;
    }
}

#[test]
fn records_are_refused_on_their_stated_size_and_stopped_just_past_it() {
    // Whole and valid but for its size: claims little, inflates to 8 MB of JSON whitespace.
    let mut padded = serde_json::to_vec(&contents()).unwrap();
    padded.resize(8 << 20, b' ');
    let mut bytes = with_records(&padded);
    restate(&mut bytes, padded.len() as u32, 4096);
    let refused = read(&bytes);
    assert!(
        matches!(&refused, Err(BundleError::Damaged(m)) if m.contains("the size the archive states")),
        "{refused:?}"
    );
    // States more than a bundle may hold: refused before a byte is inflated.
    assert!(read(&with_records(&padded)).is_ok(), "the same entry, stated truly, reads");
    let mut bytes = with_records(&padded);
    restate(&mut bytes, padded.len() as u32, u32::MAX);
    assert!(matches!(read(&bytes), Err(BundleError::TooLarge { .. })), "{:?}", read(&bytes));
}

#[test]
fn json_too_deep_and_values_that_are_not_plain_are_refused() {
    let text = serde_json::to_string(&contents()).unwrap();
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let deep = text.replacen("\"华东精密\"", &deep, 1);
    assert_eq!(
        read(&with_records(deep.as_bytes())),
        Err(BundleError::Json("nested too deeply".into()))
    );
    let mut nested = account(10);
    nested.values.insert("notes".into(), json!({"a": {"b": 1}}));
    let records =
        serde_json::to_vec(&Contents { records: vec![nested], conflicts: vec![] }).unwrap();
    assert!(matches!(read(&with_records(&records)), Err(BundleError::Record { index: 1, .. })));
}

#[test]
fn ids_kinds_and_fields_are_checked() {
    let text = serde_json::to_string(&contents()).unwrap();
    let not_uuid = text.replacen(&Uuid::from_u128(10).to_string(), "not-a-uuid", 1);
    assert!(matches!(read(&with_records(not_uuid.as_bytes())), Err(BundleError::Json(_))));
    let mut twice = contents();
    twice.records[1] = contact(10, 10);
    let err = read(&write(&writer(), &twice).unwrap().0).unwrap_err();
    assert!(err.to_string().contains("also a account"), "{err}");
    let mut unknown = contents();
    unknown.records[0].values.insert("password".into(), json!("x"));
    let err = read(&write(&writer(), &unknown).unwrap().0).unwrap_err();
    assert!(err.to_string().contains("unknown field \"password\""), "{err}");
    let mut half = contents();
    half.records[0].values.insert("tier".into(), json!("A"));
    let err = read(&write(&writer(), &half).unwrap().0).unwrap_err();
    assert!(err.to_string().contains("only travel together"), "{err}");
    let mut orphan = contents();
    orphan.records[1] = contact(12, 10);
    orphan.records[1].values.remove("account_id");
    let err = read(&write(&writer(), &orphan).unwrap().0).unwrap_err();
    assert!(err.to_string().contains("\"account_id\" is missing"), "{err}");
    let mut bad_ref = contents();
    bad_ref.records[1] = contact(12, 10);
    bad_ref.records[1].values.insert("account_id".into(), json!("acme"));
    let err = read(&write(&writer(), &bad_ref).unwrap().0).unwrap_err();
    assert!(err.to_string().contains("not a record id"), "{err}");
}

#[test]
fn a_bundle_from_a_newer_keyplan_says_to_update() {
    let good = write(&writer(), &contents()).unwrap().0;
    let back = read(&good).unwrap();
    let mut manifest = back.manifest;
    manifest.oldest_reader = "99.0.0".into();
    let records = serde_json::to_vec(&back.contents).unwrap();
    let bytes = zip_of(&[
        (MANIFEST_ENTRY, &serde_json::to_vec(&manifest).unwrap()),
        (RECORDS_ENTRY, &records),
    ]);
    let err = read(&bytes).unwrap_err();
    assert!(matches!(err, BundleError::Newer { .. }));
    assert!(err.to_string().contains("update Keyplan to open this file"));
}
