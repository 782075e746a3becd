//! The `.keyplan` bundle: records with their field clocks, tombstones and conflicts, for a
//! colleague's laptop to merge. One ZIP archive holding exactly two entries:
//!
//! - `manifest.json`: what the file is (format name and version, the schema it was written at,
//!   the oldest Keyplan that can read it), who wrote it (laptop instance id, user name), as of
//!   when (its latest change, so the same data always gives the same bytes), what it holds, and
//!   the SHA-256 of the records entry;
//! - `records.json`: the records, parents before children, each with its fields and clocks.
//!
//! Reading trusts nothing: the archive's size, names and inflated size (counted on the bytes as
//! they come out, not on what the headers claim), the checksum, the JSON's size and depth, every
//! id, kind, field and stamp are checked before anything is returned.

mod read;
mod write;

use std::collections::BTreeMap;

use keyplan_domain::sync::Stamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub use read::{read, BundleError};
pub use write::write;

/// The SHA-256 of a whole file, in hex: how a sync folder tells a file it has merged from one
/// that changed since.
pub fn checksum(bytes: &[u8]) -> String {
    use sha2::Digest;
    write::hex(&sha2::Sha256::digest(bytes))
}

/// The format's name, in every manifest.
pub const FORMAT: &str = "keyplan-bundle";
/// The format this build writes. An older one is upgraded as it is read.
pub const FORMAT_VERSION: u32 = 1;
/// This Keyplan's version: a bundle whose oldest reader is newer is refused.
pub const KEYPLAN_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The oldest Keyplan that reads what this build writes.
pub const OLDEST_READER: &str = "0.1.0";

/// The archive's entries.
pub const MANIFEST_ENTRY: &str = "manifest.json";
pub const RECORDS_ENTRY: &str = "records.json";

/// What a bundle may weigh: the file, and its entries once inflated.
pub const MAX_FILE_BYTES: u64 = 256 << 20;
pub const MAX_MANIFEST_BYTES: u64 = 64 << 10;
pub const MAX_RECORDS_BYTES: u64 = 1 << 30;

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The database schema of the laptop that wrote it.
    pub schema_version: u32,
    pub oldest_reader: String,
    pub written_by: String,
    /// The laptop that wrote it, and its user.
    pub instance: Uuid,
    pub user: String,
    /// The time of the latest change it holds (UTC, RFC 3339), if it holds any.
    pub as_of: Option<String>,
    /// How many records of each kind, and of conflicts.
    pub contents: BTreeMap<String, u64>,
    /// SHA-256 of the records entry, lowercase hex.
    pub sha256: String,
}

/// Who writes a bundle: the parts of the manifest that are not about its records.
#[derive(Debug, Clone, PartialEq)]
pub struct Writer {
    pub schema_version: u32,
    pub instance: Uuid,
    pub user: String,
}

/// The records entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contents {
    pub records: Vec<BundleRecord>,
    #[serde(default)]
    pub conflicts: Vec<BundleConflict>,
}

/// One record: its fields and, for each field group edited since it was made, that group's
/// clock (a group without one has the record's own, `base`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleRecord {
    pub kind: String,
    pub id: Uuid,
    pub created_at: String,
    pub base: Stamp,
    pub values: BTreeMap<String, Value>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clocks: BTreeMap<String, BundleClock>,
}

/// A field group's clock: its stamp and the stamps it was made after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleClock {
    pub stamp: Stamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<Stamp>,
}

/// An edit that lost, as the conflicts list holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleConflict {
    pub record_id: Uuid,
    pub kind: String,
    pub field: String,
    pub lost_stamp: Stamp,
    pub lost_value: Value,
    pub won_stamp: Stamp,
    pub won_value: Value,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_stamp: Option<Stamp>,
}

/// A read bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub manifest: Manifest,
    pub contents: Contents,
}

#[cfg(test)]
mod tests;
