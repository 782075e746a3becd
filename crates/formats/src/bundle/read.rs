//! Reading a bundle from bytes someone handed over: every limit and every value is checked
//! before anything is returned, so a refused file is refused before the database is touched.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use keyplan_domain::sync::schema::{self, Kind};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use zip::ZipArchive;

use super::write::hex;
use super::{
    Bundle, BundleRecord, Contents, Manifest, FORMAT, KEYPLAN_VERSION, MANIFEST_ENTRY,
    MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_RECORDS_BYTES, RECORDS_ENTRY,
};

/// Why a bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("is not a Keyplan bundle: {0}")]
    NotABundle(String),
    #[error("is damaged or incomplete (truncated while copying?): {0}")]
    Damaged(String),
    #[error("is larger than a bundle may be ({limit} MB): {what}")]
    TooLarge { what: String, limit: u64 },
    #[error("holds an entry with an unsafe name: {0:?}")]
    UnsafeName(String),
    #[error("holds an entry a bundle does not have: {0:?}")]
    UnexpectedEntry(String),
    #[error(
        "was written by a newer Keyplan (it needs {needs} or later; this is {this}): update \
         Keyplan to open this file"
    )]
    Newer { needs: String, this: String },
    #[error("does not match its checksum (changed after it was written)")]
    Checksum,
    #[error("has a manifest that cannot be read: {0}")]
    Manifest(String),
    #[error("has records that cannot be read: {0}")]
    Json(String),
    #[error("record {index} ({what}): {problem}")]
    Record { index: usize, what: String, problem: String },
    #[error("conflict {index}: {problem}")]
    Conflict { index: usize, problem: String },
    #[error("could not be written: {0}")]
    Write(String),
}

fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

/// What comes out of the decompressor, counted and hashed as it comes: an entry may not inflate
/// past the size the archive states for it, and that size may not pass the entry's limit, so a
/// small file that claims little and inflates to gigabytes is stopped after a few kilobytes past
/// its claim, never after the limit has been allocated.
struct Metered<R> {
    inner: R,
    left: u64,
    over: bool,
    hash: Sha256,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("inflates past its stated size"));
        }
        self.left -= n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

type Entry<'a, 'b> = Metered<zip::read::ZipFile<'a, Cursor<&'b [u8]>>>;

/// Opens one entry for reading, refusing it on its stated size before inflating a byte.
fn open_entry<'a, 'b>(
    zip: &'a mut ZipArchive<Cursor<&'b [u8]>>,
    index: usize,
    limit: u64,
) -> Result<(String, Entry<'a, 'b>), BundleError> {
    let file = zip.by_index(index).map_err(|e| BundleError::Damaged(e.to_string()))?;
    let name = file.name().to_string();
    let stated = file.size();
    if stated > limit {
        return Err(BundleError::TooLarge {
            what: format!("{name} once inflated"),
            limit: limit >> 20,
        });
    }
    Ok((name, Metered { inner: file, left: stated, over: false, hash: Sha256::new() }))
}

fn inflate_error(name: &str, over: bool, e: &dyn std::fmt::Display) -> BundleError {
    if over {
        BundleError::Damaged(format!("{name} inflates past the size the archive states for it"))
    } else {
        BundleError::Damaged(format!("{name}: {e}"))
    }
}

/// Reads one small entry whole.
fn entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limit: u64,
) -> Result<Vec<u8>, BundleError> {
    let (name, mut file) = open_entry(zip, index, limit)?;
    let mut out = Vec::new();
    file.read_to_end(&mut out).map_err(|e| inflate_error(&name, file.over, &e))?;
    Ok(out)
}

/// Reads the records entry straight into its structure (never the whole text in memory beside
/// it). Returns what the JSON gave with the SHA-256 of the whole entry, so a caller blames an
/// edited file on its checksum before blaming its JSON.
type Parsed = (Result<Contents, BundleError>, String);
fn records(zip: &mut ZipArchive<Cursor<&[u8]>>, index: usize) -> Result<Parsed, BundleError> {
    let (name, mut file) = open_entry(zip, index, MAX_RECORDS_BYTES)?;
    let parsed: Result<Contents, serde_json::Error> =
        serde_json::from_reader(std::io::BufReader::with_capacity(64 << 10, &mut file));
    let contents = match parsed {
        Err(e) if e.is_io() || file.over => return Err(inflate_error(&name, file.over, &e)),
        other => other.map_err(|e| json_error(&e)),
    };
    // After a JSON error the rest is still read, for the hash (bounded by the stated size).
    std::io::copy(&mut file, &mut std::io::sink())
        .map_err(|e| inflate_error(&name, file.over, &e))?;
    Ok((contents, hex(&file.hash.finalize())))
}

fn json_error(e: &serde_json::Error) -> BundleError {
    let text = e.to_string();
    if text.contains("recursion limit") {
        BundleError::Json("nested too deeply".into())
    } else {
        BundleError::Json(text)
    }
}

fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split(['/', '\\']).any(|part| part == "..")
        || name.contains('\0')
}

/// Reads and checks a bundle.
pub fn read(bytes: &[u8]) -> Result<Bundle, BundleError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(BundleError::TooLarge { what: "the file".into(), limit: MAX_FILE_BYTES >> 20 });
    }
    if !bytes.starts_with(b"PK") {
        return Err(BundleError::NotABundle("not a ZIP archive".into()));
    }
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| BundleError::Damaged(e.to_string()))?;
    let (mut manifest_at, mut records_at) = (None, None);
    for i in 0..zip.len() {
        let name = zip.name_for_index(i).unwrap_or_default().to_string();
        if unsafe_name(&name) {
            return Err(BundleError::UnsafeName(name));
        }
        let slot = match name.as_str() {
            MANIFEST_ENTRY => &mut manifest_at,
            RECORDS_ENTRY => &mut records_at,
            _ => return Err(BundleError::UnexpectedEntry(name)),
        };
        if slot.replace(i).is_some() {
            return Err(BundleError::UnexpectedEntry(format!("{name} (twice)")));
        }
    }
    let (Some(m), Some(r)) = (manifest_at, records_at) else {
        return Err(BundleError::NotABundle(format!("no {MANIFEST_ENTRY} and {RECORDS_ENTRY}")));
    };
    let manifest: Manifest = serde_json::from_slice(&entry(&mut zip, m, MAX_MANIFEST_BYTES)?)
        .map_err(|e| BundleError::Manifest(e.to_string()))?;
    if manifest.format != FORMAT {
        return Err(BundleError::NotABundle(format!("its format is {:?}", manifest.format)));
    }
    let needs = version(&manifest.oldest_reader).ok_or_else(|| {
        BundleError::Manifest(format!("oldest_reader {:?}", manifest.oldest_reader))
    })?;
    let this = version(KEYPLAN_VERSION).unwrap_or((0, 0, 0));
    if needs > this {
        return Err(BundleError::Newer {
            needs: manifest.oldest_reader.clone(),
            this: KEYPLAN_VERSION.into(),
        });
    }
    let (contents, sha256) = records(&mut zip, r)?;
    if sha256 != manifest.sha256 {
        return Err(BundleError::Checksum);
    }
    let contents = contents?;
    // An older format would be brought to this one here, step by step; format 1 is the first.
    // A field a newer schema added is simply absent from an older bundle, and a merge leaves an
    // absent field as it is.
    check(&contents)?;
    Ok(Bundle { manifest, contents })
}

fn record_error(index: usize, r: &BundleRecord, problem: String) -> BundleError {
    BundleError::Record { index: index + 1, what: format!("{} {}", r.kind, r.id), problem }
}

fn is_id(v: &Value) -> bool {
    v.as_str().is_some_and(|s| Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s))
}

/// One value as a bundle may hold it: plain (text, number, true/false, empty), or for a list
/// field a list of texts.
fn check_value(kind: &Kind, field: &str, v: &Value) -> Result<(), String> {
    let is_list = schema::is_list(field);
    let is_ref = kind.references().any(|(f, _)| f == field);
    match v {
        Value::Array(items) if is_list => {
            if items.iter().all(|i| if is_ref { is_id(i) } else { i.is_string() }) {
                Ok(())
            } else if is_ref {
                Err(format!("field {field:?}: a list of record ids"))
            } else {
                Err(format!("field {field:?}: a list of texts"))
            }
        }
        Value::Array(_) | Value::Object(_) => Err(format!("field {field:?}: not a plain value")),
        Value::Null => Ok(()),
        _ if is_list => Err(format!("field {field:?}: a list")),
        _ if is_ref && !is_id(v) => Err(format!("field {field:?}: not a record id")),
        _ => Ok(()),
    }
}

/// Kinds, fields, ids and references are what this Keyplan knows; no id twice.
fn check(contents: &Contents) -> Result<(), BundleError> {
    let mut kinds: HashMap<Uuid, &str> = HashMap::new();
    for (i, r) in contents.records.iter().enumerate() {
        let kind = schema::kind(&r.kind)
            .ok_or_else(|| record_error(i, r, format!("unknown kind {:?}", r.kind)))?;
        if let Some(other) = kinds.insert(r.id, kind.name()) {
            let problem = if other == kind.name() {
                "the same record twice".to_string()
            } else {
                format!("the same id is also a {other}")
            };
            return Err(record_error(i, r, problem));
        }
        if chrono::DateTime::parse_from_rfc3339(&r.created_at).is_err() {
            return Err(record_error(i, r, format!("created_at {:?} is not a time", r.created_at)));
        }
        for (field, v) in &r.values {
            if kind.group_of(field).is_none() {
                return Err(record_error(i, r, format!("unknown field {field:?}")));
            }
            check_value(kind, field, v).map_err(|p| record_error(i, r, p))?;
        }
        for group in kind.groups {
            let present = group.fields.iter().filter(|f| r.values.contains_key(**f)).count();
            if present != 0 && present != group.fields.len() {
                let p = format!("fields {:?} only travel together", group.fields);
                return Err(record_error(i, r, p));
            }
        }
        for group in r.clocks.keys() {
            if kind.group(group).is_none() {
                return Err(record_error(i, r, format!("a clock for unknown field {group:?}")));
            }
        }
        if let Some((parent, _)) = kind.parent {
            if r.values.get(parent).is_none_or(Value::is_null) {
                return Err(record_error(i, r, format!("field {parent:?} is missing")));
            }
        }
    }
    for (i, c) in contents.conflicts.iter().enumerate() {
        let bad = |problem: String| BundleError::Conflict { index: i + 1, problem };
        let kind =
            schema::kind(&c.kind).ok_or_else(|| bad(format!("unknown kind {:?}", c.kind)))?;
        if kind.group(&c.field).is_none() {
            return Err(bad(format!("unknown field {:?}", c.field)));
        }
        if !c.lost_value.is_object() || !c.won_value.is_object() {
            return Err(bad("its values are not fields".into()));
        }
        if c.settled.is_some() != c.settled_stamp.is_some()
            || c.settled.as_deref().is_some_and(|s| s != "kept" && s != "dismissed")
        {
            return Err(bad(format!("settled {:?}", c.settled)));
        }
    }
    Ok(())
}
