//! Writing a bundle: the same contents always give the same bytes (entries in a fixed order,
//! with a fixed time and mode; the manifest's time is the contents' own latest change).

use std::collections::BTreeMap;

use keyplan_domain::sync::time_text;
use sha2::{Digest, Sha256};

use super::{
    BundleError, Contents, Manifest, Writer, FORMAT, FORMAT_VERSION, KEYPLAN_VERSION,
    MANIFEST_ENTRY, OLDEST_READER, RECORDS_ENTRY,
};

/// The bytes of a `.keyplan` file holding `contents`, written by `writer`, and its manifest.
pub fn write(writer: &Writer, contents: &Contents) -> Result<(Vec<u8>, Manifest), BundleError> {
    let records = serde_json::to_vec(contents).map_err(|e| BundleError::Write(e.to_string()))?;
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: writer.schema_version,
        oldest_reader: OLDEST_READER.into(),
        written_by: KEYPLAN_VERSION.into(),
        instance: writer.instance,
        user: writer.user.clone(),
        as_of: as_of(contents),
        contents: counts(contents),
        sha256: hex(&Sha256::digest(&records)),
    };
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| BundleError::Write(e.to_string()))?;
    let entries: [(&str, &[u8]); 2] =
        [(MANIFEST_ENTRY, &manifest_bytes), (RECORDS_ENTRY, &records)];
    let bytes = crate::archive::zip(&entries).map_err(BundleError::Write)?;
    Ok((bytes, manifest))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn counts(contents: &Contents) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for r in &contents.records {
        *counts.entry(r.kind.clone()).or_insert(0) += 1;
    }
    if !contents.conflicts.is_empty() {
        counts.insert("conflicts".into(), contents.conflicts.len() as u64);
    }
    counts
}

/// The latest stamp's time, as RFC 3339 UTC.
fn as_of(contents: &Contents) -> Option<String> {
    let records = contents
        .records
        .iter()
        .flat_map(|r| std::iter::once(r.base).chain(r.clocks.values().map(|c| c.stamp)));
    let conflicts = contents.conflicts.iter().flat_map(|c| [c.lost_stamp, c.won_stamp]);
    records.chain(conflicts).map(|s| s.millis).max().map(time_text)
}
