//! Merging a bundle: checked whole first (references, ids), then merged record by record and
//! field group by field group in one transaction, after a backup — or, for a preview, in a
//! transaction that is rolled back. The same bundle twice changes nothing the second time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use keyplan_domain::sync::schema::{Kind, RecordKind, DELETED};
use keyplan_domain::sync::{merge_record, time_text, FieldClock, Groups, Stamp, MAX_DRIFT_MS};
use keyplan_domain::validate::Choice;
use keyplan_formats::bundle::{self, Bundle, BundleRecord};
use keyplan_store::sync::{self as ss, Conflict, Merged, Settled, Values};
use keyplan_store::{backup, Connection, Db, StoreError};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::export::{base_clock, kind, referenced_ids};
use crate::{now, AppError, Result};

/// A change stamped by a clock running far ahead of this laptop's: merged, but this laptop's
/// clock is not moved to it, and the next edit made here wins over it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldChange {
    pub kind: String,
    pub record_id: Uuid,
    pub field: String,
    pub stamp: Stamp,
    /// How far ahead of this laptop's clock, in minutes.
    pub ahead_minutes: u64,
}

/// What a merge did (or, for a preview, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeSummary {
    pub file: String,
    pub dry_run: bool,
    /// Who wrote the bundle, and the time of its latest change.
    pub from_user: String,
    pub from_instance: Option<Uuid>,
    pub as_of: Option<String>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    /// Conflicts new here (edits that lost to a concurrent edit or a delete).
    pub conflicts: usize,
    /// Per kind: (created, updated, deleted).
    pub by_kind: Vec<KindCounts>,
    pub held: Vec<HeldChange>,
    /// The backup taken just before the merge.
    pub backup: Option<PathBuf>,
    /// Records whose clocks moved though no value did (what they were made after).
    #[serde(skip)]
    rewritten: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindCounts {
    pub kind: String,
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
}

/// Why a bundle was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    /// The file cannot be read as a bundle (not one, damaged, too large, from a newer Keyplan).
    #[error(transparent)]
    Unreadable(#[from] bundle::BundleError),
    /// One of its records does not fit this book: a reference to a record that is nowhere, an
    /// id that is another kind of record here, a value this book refuses.
    #[error("does not fit this book: {kind} {id}{}: {problem}", index.map(|i| format!(" (record {i})")).unwrap_or_default())]
    Misfit { index: Option<usize>, kind: String, id: Uuid, problem: String },
    /// The file is encrypted and does not open here: for other people's keys, or with a
    /// passphrase not given or not right.
    #[error("cannot be opened: {0}")]
    Sealed(#[from] keyplan_keys::share::SealError),
}

fn unreadable(file: &str, e: bundle::BundleError) -> AppError {
    AppError::BadBundle { file: file.to_string(), error: BundleProblem::Unreadable(e) }
}

fn misfit(file: &str, index: Option<usize>, r: &BundleRecord, problem: String) -> AppError {
    let error = BundleProblem::Misfit { index, kind: r.kind.clone(), id: r.id, problem };
    AppError::BadBundle { file: file.to_string(), error }
}

/// The bundle size limit, as the reader states it.
pub(crate) fn too_large(file: &str) -> AppError {
    let e = bundle::BundleError::TooLarge {
        what: "the file".into(),
        limit: bundle::MAX_FILE_BYTES >> 20,
    };
    unreadable(file, e)
}

/// Reads `path` and merges it (or previews the merge, with `dry_run`); an encrypted bundle is
/// opened with this laptop's key, or with `passphrase` if it was sealed with one.
pub fn import_bundle(
    db: &mut Db,
    path: &Path,
    dry_run: bool,
    passphrase: Option<&str>,
) -> Result<MergeSummary> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, e))?;
    if meta.len() > bundle::MAX_FILE_BYTES {
        return Err(too_large(&file));
    }
    let bytes = crate::files::read_limited(path, bundle::MAX_FILE_BYTES, "a bundle")?;
    merge_bytes(db, &file, &bytes, dry_run, passphrase)
}

/// Merges a bundle's bytes; `file` names it in messages.
pub fn merge_bytes(
    db: &mut Db,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
    passphrase: Option<&str>,
) -> Result<MergeSummary> {
    merge_with(db, file, bytes, dry_run, BackupWhen::Always, passphrase)
}

/// When a merge that changes something backs the database up first.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BackupWhen {
    /// Every time (a bundle the user opened).
    Always,
    /// Only if the newest backup is older than this (the sync folder's frequent merges).
    OlderThan(chrono::Duration),
}

pub(crate) fn merge_with(
    db: &mut Db,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
    when: BackupWhen,
    passphrase: Option<&str>,
) -> Result<MergeSummary> {
    let opened;
    let bytes = if keyplan_keys::share::is_sealed(bytes) {
        opened = crate::team::open_sealed(db, bytes, passphrase, bundle::MAX_FILE_BYTES)?
            .map_err(|e| AppError::BadBundle { file: file.into(), error: e.into() })?;
        &opened[..]
    } else {
        bytes
    };
    let bundle = bundle::read(bytes).map_err(|e| unreadable(file, e))?;
    let wall = db.wall_ms();
    let preview = db.rehearse(|c| merge(c, file, &bundle, wall))?;
    if dry_run || !preview.changes() {
        return Ok(MergeSummary { dry_run, ..preview });
    }
    let backup = match (db.path().map(Path::to_path_buf), when) {
        (None, _) => None,
        (Some(p), BackupWhen::Always) => {
            Some(backup::take(db.conn(), db.key(), &p, "before-merge", now())?.path)
        }
        (Some(p), BackupWhen::OlderThan(age)) => {
            let newest = backup::list(&p)?.into_iter().next();
            if newest.is_some_and(|b| now() - b.taken_at <= age) {
                None
            } else {
                Some(backup::take(db.conn(), db.key(), &p, "before-merge", now())?.path)
            }
        }
    };
    let mut summary = db.write(|c| merge(c, file, &bundle, wall))?;
    summary.backup = backup;
    Ok(summary)
}

impl MergeSummary {
    fn changes(&self) -> bool {
        self.created + self.updated + self.deleted + self.conflicts + self.rewritten > 0
    }

    fn note_conflict(&mut self, merged: Merged) {
        match merged {
            Merged::New => self.conflicts += 1,
            Merged::Updated => self.rewritten += 1,
            Merged::Unchanged => {}
        }
    }

    fn count(&mut self, kind: &str, what: Outcome) {
        let at = match self.by_kind.iter().position(|k| k.kind == kind) {
            Some(at) => at,
            None => {
                self.by_kind.push(KindCounts { kind: kind.into(), ..KindCounts::default() });
                self.by_kind.len() - 1
            }
        };
        let k = &mut self.by_kind[at];
        match what {
            Outcome::Created => (self.created += 1, k.created += 1),
            Outcome::Updated => (self.updated += 1, k.updated += 1),
            Outcome::Deleted => (self.deleted += 1, k.deleted += 1),
            Outcome::Unchanged => (self.unchanged += 1, ()),
        };
    }
}

#[derive(Clone, Copy)]
enum Outcome {
    Created,
    Updated,
    Deleted,
    Unchanged,
}

/// Every reference names a record of the right kind in the bundle or here, and no id is one
/// kind there and another here.
fn check_references(c: &Connection, file: &str, b: &Bundle) -> Result<()> {
    let in_file: HashMap<Uuid, &str> =
        b.contents.records.iter().map(|r| (r.id, r.kind.as_str())).collect();
    for (i, r) in b.contents.records.iter().enumerate() {
        let k = kind(&r.kind)?;
        if !ss::exists(c, k, r.id)? {
            let others: Vec<RecordKind> =
                RecordKind::ALL.iter().copied().filter(|o| *o != k.kind).collect();
            if let Some(other) = ss::kind_of(c, r.id, &others)? {
                return Err(misfit(file, Some(i + 1), r, format!("that id is a {other} here")));
            }
        }
        for (field, target) in k.references() {
            for id in referenced_ids(r.values.get(field)) {
                let found = match in_file.get(&id) {
                    Some(t) => *t == target.name(),
                    None => ss::exists(c, target.schema(), id)?,
                };
                if !found {
                    let problem = format!(
                        "field \"{field}\" refers to {target} {id}, which is neither in the \
                         file nor here"
                    );
                    return Err(misfit(file, Some(i + 1), r, problem));
                }
            }
        }
    }
    Ok(())
}

/// A group's value: its fields as one JSON object. None if the record lacks any of them.
fn group_value(values: &Values, fields: &[&str]) -> Option<Value> {
    let mut m = Map::new();
    for f in fields {
        m.insert((*f).to_string(), values.get(*f)?.clone());
    }
    Some(Value::Object(m))
}

/// The first field whose text holds a character no text takes (see `refused_char`): an escape
/// code would reach a terminal, a NUL cut a name short. (Which fields are one line is
/// the rules', checked when the record is next edited.)
fn control_character(values: &std::collections::BTreeMap<String, Value>) -> Option<&str> {
    let bad = |v: &Value| -> bool {
        let text = |s: &str| s.chars().any(|c| keyplan_domain::validate::refused_char(c, false));
        match v {
            Value::String(s) => text(s),
            Value::Array(items) => items.iter().any(|i| i.as_str().is_some_and(text)),
            _ => false,
        }
    };
    values.iter().find(|(_, v)| bad(v)).map(|(f, _)| f.as_str())
}

fn incoming_groups(kind: &Kind, r: &BundleRecord) -> Groups<Value> {
    let base = FieldClock::new(r.base);
    kind.groups
        .iter()
        .filter_map(|g| {
            let value = group_value(&r.values, g.fields)?;
            let clock = r.clocks.get(g.name).map_or_else(
                || base.clone(),
                |c| FieldClock::with_seen(c.stamp, c.seen.iter().copied()),
            );
            Some((g.name.to_string(), (value, clock)))
        })
        .collect()
}

fn local_groups(
    kind: &Kind,
    values: &Values,
    rows: &[(String, FieldClock)],
    base: &FieldClock,
) -> Groups<Value> {
    kind.groups
        .iter()
        .filter_map(|g| {
            let value = group_value(values, g.fields)?;
            let clock = rows
                .iter()
                .find(|(f, _)| f == g.name)
                .map_or_else(|| base.clone(), |(_, c)| c.clone());
            Some((g.name.to_string(), (value, clock)))
        })
        .collect()
}

fn is_deleted(v: &Value) -> bool {
    v.get("deleted_at").is_some_and(|d| !d.is_null())
}

fn same(group: &str, a: &Value, b: &Value) -> bool {
    if group == DELETED {
        is_deleted(a) == is_deleted(b)
    } else {
        a == b
    }
}

fn store_error(file: &str, r: &BundleRecord, e: StoreError) -> AppError {
    match e {
        StoreError::Invalid(why) => misfit(file, None, r, why),
        e if e.is_unique_violation() => {
            misfit(file, None, r, "it clashes with a different record here (the same name?)".into())
        }
        // A record the schema refuses is the file's fault; a full disk or a read-only file is not.
        e if e.is_schema_refusal() => misfit(file, None, r, e.to_string()),
        other => other.into(),
    }
}

fn merge(c: &Connection, file: &str, b: &Bundle, wall: u64) -> Result<MergeSummary> {
    check_references(c, file, b)?;
    // Records arrive parents first, but a contact may report to one listed after it.
    ss::begin_merge(c)?;
    let here = keyplan_store::instance::id(c)?;
    let m = &b.manifest;
    let mut summary = MergeSummary {
        file: file.to_string(),
        from_user: m.user.clone(),
        from_instance: Some(m.instance),
        as_of: m.as_of.clone(),
        ..MergeSummary::default()
    };
    // The bundle's conflicts first: a record merge that finds an edit its kept value never
    // knew of reports it with the value it replaced, which is only right if that edit met it
    // with the same value; when the edit lost to it with another value, the bundle carries
    // that conflict, and the one already here keeps its lost value.
    for x in &b.contents.conflicts {
        let settled = match (&x.settled, x.settled_stamp) {
            (Some(s), Some(at)) => Settled::parse(s).map(|s| (s, at)),
            _ => None,
        };
        let conflict = Conflict {
            record_id: x.record_id,
            kind: x.kind.clone(),
            field: x.field.clone(),
            lost_stamp: x.lost_stamp,
            lost_value: x.lost_value.clone(),
            won_stamp: x.won_stamp,
            won_value: x.won_value.clone(),
            deleted: x.deleted,
            settled,
        };
        summary.note_conflict(ss::merge_conflict(c, &conflict)?);
    }
    for (index, r) in b.contents.records.iter().enumerate() {
        let k = kind(&r.kind)?;
        if let Some(field) = control_character(&r.values) {
            let problem = format!("{field}: holds a control character (an escape code or NUL)");
            return Err(misfit(file, Some(index), r, problem));
        }
        let incoming = incoming_groups(k, r);
        for (group, (_, clock)) in &incoming {
            if clock.stamp.millis > wall.saturating_add(MAX_DRIFT_MS) {
                summary.held.push(HeldChange {
                    kind: r.kind.clone(),
                    record_id: r.id,
                    field: group.clone(),
                    stamp: clock.stamp,
                    ahead_minutes: (clock.stamp.millis - wall) / 60_000,
                });
            }
        }
        let outcome = merge_one(c, k, r, &incoming, here, &mut summary).map_err(|e| match e {
            AppError::Store(s) => store_error(file, r, s),
            other => other,
        })?;
        summary.count(k.name(), outcome);
    }
    if m.instance != here {
        ss::record_peer(c, m.instance, &m.user, m.as_of.as_deref().unwrap_or_default())?;
    }
    // What the writes above made the triggers note is not a local edit: the clocks came along.
    ss::discard_pending(c)?;
    if summary.changes() {
        ss::advance_clock(c, wall)?;
    }
    Ok(summary)
}

fn merge_one(
    c: &Connection,
    k: &'static Kind,
    r: &BundleRecord,
    incoming: &Groups<Value>,
    here: Uuid,
    summary: &mut MergeSummary,
) -> Result<Outcome> {
    let Some((created_at, values)) = ss::read(c, k, r.id)? else {
        let updated = incoming.values().map(|(_, c)| c.stamp.millis).max().unwrap_or(r.base.millis);
        // Decoded as its row would be before it is written: a bad value writes nothing.
        ss::write_checked(c, k, r.id, &r.created_at, &time_text(updated), &r.values)?;
        ss::put_clock(c, r.id, ss::RECORD, &FieldClock::new(r.base))?;
        for (group, (_, clock)) in incoming {
            if r.clocks.contains_key(group) {
                ss::put_clock(c, r.id, group, clock)?;
            }
        }
        let deleted = incoming.get(DELETED).is_some_and(|(v, _)| is_deleted(v));
        return Ok(if deleted { Outcome::Deleted } else { Outcome::Created });
    };
    let rows = ss::clocks(c, r.id)?;
    let base = base_clock(&rows, &created_at, here);
    let local = local_groups(k, &values, &rows, &base);
    let merged = merge_record(&local, incoming, same, is_deleted);
    for lost in &merged.lost {
        let conflict = Conflict {
            record_id: r.id,
            kind: k.name().into(),
            field: lost.group.clone(),
            lost_stamp: lost.stamp,
            lost_value: lost.value.clone(),
            won_stamp: lost.won_stamp,
            won_value: lost.won_value.clone(),
            deleted: lost.deleted,
            settled: None,
        };
        summary.note_conflict(ss::merge_conflict(c, &conflict)?);
    }
    if !merged.changed {
        return Ok(Outcome::Unchanged);
    }
    summary.rewritten += 1;
    let mut next = values.clone();
    for (value, _) in merged.groups.values() {
        if let Value::Object(fields) = value {
            for (f, v) in fields {
                next.insert(f.clone(), v.clone());
            }
        }
    }
    let latest = merged.groups.values().map(|(_, c)| c.stamp.millis).max().unwrap_or(0);
    ss::write_checked(c, k, r.id, &created_at, &time_text(latest), &next)?;
    for (group, (_, clock)) in &merged.groups {
        if local.get(group).map(|(_, c)| c) != Some(clock) {
            ss::put_clock(c, r.id, group, clock)?;
        }
    }
    let was = local.get(DELETED).is_some_and(|(v, _)| is_deleted(v));
    let now_deleted = merged.groups.get(DELETED).is_some_and(|(v, _)| is_deleted(v));
    Ok(match (was, now_deleted) {
        (false, true) => Outcome::Deleted,
        _ if next == values => Outcome::Unchanged,
        _ => Outcome::Updated,
    })
}
