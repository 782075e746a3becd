//! Writing a bundle: the chosen accounts (or plans) with everything under them, tombstones
//! included, and every record they refer to, so the file is whole on its own.

use std::collections::{BTreeSet, HashSet};

use keyplan_domain::sync::schema::{self, Kind, RecordKind};
use keyplan_domain::sync::{FieldClock, Stamp};
use keyplan_formats::bundle::{self, BundleClock, BundleConflict, BundleRecord, Contents, Writer};
use keyplan_store::sync as ss;
use keyplan_store::{Connection, Db, LATEST_VERSION};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::{AppError, Result};

/// What to put in a bundle.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BundleScope {
    /// Every account (deleted ones too), with everything under them.
    pub all: bool,
    pub accounts: Vec<Uuid>,
    /// Plans with their items (and their account's own record).
    pub plans: Vec<Uuid>,
    /// Transactions too: they usually come from the ERP, so they stay out unless asked for.
    pub with_transactions: bool,
}

/// A bundle written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedBundle {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub records: usize,
    pub conflicts: usize,
    pub size_bytes: usize,
    pub as_of: Option<String>,
    /// "none", "keys" (for the people's keys, and this laptop's) or "passphrase".
    pub encryption: &'static str,
    /// How many people's keys it is encrypted for, this laptop's aside.
    pub recipients: usize,
}

/// The (kind, id) pairs to write, parents before children (the kinds' order), then by id.
type Picked = BTreeSet<(usize, Uuid)>;

fn add_under(c: &Connection, picked: &mut Picked, parent: &Kind, id: Uuid, tx: bool) -> Result<()> {
    picked.insert((parent.kind.order(), id));
    for kind in schema::kinds().filter(|k| k.parent.is_some_and(|(_, p)| p == parent.kind)) {
        if kind.kind == RecordKind::Transaction && !tx {
            continue;
        }
        for child in ss::children(c, kind, id)? {
            add_under(c, picked, kind, child, tx)?;
        }
    }
    Ok(())
}

/// Adds every record a picked one names that is not picked yet (a plan's account, the contact
/// a stakeholder is), until nothing is missing.
fn close_over_references(c: &Connection, picked: &mut Picked) -> Result<()> {
    let mut todo: Vec<(usize, Uuid)> = picked.iter().copied().collect();
    while let Some((k, id)) = todo.pop() {
        let kind = kind_at(k)?;
        let Some((_, values)) = ss::read(c, kind, id)? else { continue };
        for (field, target) in kind.references() {
            let target = target.schema();
            for other in referenced_ids(values.get(field)) {
                let key = (target.kind.order(), other);
                if !picked.contains(&key) && ss::exists(c, target, other)? {
                    picked.insert(key);
                    todo.push(key);
                }
            }
        }
    }
    Ok(())
}

/// The kind a bundle or a stored conflict names (the bundle's reader has checked it, so an
/// unknown one here is a bug, not a user's mistake).
pub(super) fn kind(name: &str) -> Result<&'static Kind> {
    schema::kind(name).ok_or_else(|| AppError::Internal(format!("no record kind {name:?}")))
}

/// The kind at `order` in the kinds' list.
fn kind_at(order: usize) -> Result<&'static Kind> {
    use keyplan_domain::validate::Choice;
    let kind = RecordKind::ALL.get(order);
    kind.map(|k| k.schema()).ok_or_else(|| AppError::Internal(format!("no record kind {order}")))
}

/// The ids a reference field holds: one, none, or a list.
pub(super) fn referenced_ids(v: Option<&Value>) -> Vec<Uuid> {
    let parse = |v: &Value| v.as_str().and_then(|s| Uuid::parse_str(s).ok());
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(parse).collect(),
        Some(v) => parse(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A record made here and never merged has no clock row of its own: its clock is its creation
/// time on this laptop.
pub(super) fn base_clock(
    rows: &[(String, FieldClock)],
    created_at: &str,
    instance: Uuid,
) -> FieldClock {
    rows.iter().find(|(f, _)| f == ss::RECORD).map(|(_, c)| c.clone()).unwrap_or_else(|| {
        let millis = chrono::DateTime::parse_from_rfc3339(created_at)
            .map(|t| u64::try_from(t.timestamp_millis()).unwrap_or(0))
            .unwrap_or(0);
        FieldClock::new(Stamp { millis, counter: 0, instance })
    })
}

fn record(c: &Connection, kind: &'static Kind, id: Uuid, instance: Uuid) -> Result<BundleRecord> {
    let (created_at, values) =
        ss::read(c, kind, id)?.ok_or_else(|| AppError::not_found(kind.name(), id))?;
    let rows = ss::clocks(c, id)?;
    let base = base_clock(&rows, &created_at, instance).stamp;
    let clocks = rows
        .into_iter()
        .filter(|(f, _)| f != ss::RECORD)
        .map(|(f, clock)| (f, BundleClock { stamp: clock.stamp, seen: clock.seen() }))
        .collect();
    Ok(BundleRecord { kind: kind.name().into(), id, created_at, base, values, clocks })
}

fn conflicts_of(c: &Connection, ids: &HashSet<Uuid>) -> Result<Vec<BundleConflict>> {
    let mut out: Vec<BundleConflict> = super::relevant_conflicts(c, false)?
        .into_iter()
        .filter(|x| ids.contains(&x.record_id))
        .map(|x| BundleConflict {
            record_id: x.record_id,
            kind: x.kind,
            field: x.field,
            lost_stamp: x.lost_stamp,
            lost_value: x.lost_value,
            won_stamp: x.won_stamp,
            won_value: x.won_value,
            deleted: x.deleted,
            settled: x.settled.map(|s| s.0.name().to_string()),
            settled_stamp: x.settled.map(|s| s.1),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.record_id, &a.field, a.lost_stamp).cmp(&(b.record_id, &b.field, b.lost_stamp))
    });
    Ok(out)
}

/// The bundle of `scope`, written by `user` on this laptop.
pub fn export_bundle(db: &Db, scope: &BundleScope, user: &str) -> Result<ExportedBundle> {
    let c = db.conn();
    let instance = keyplan_store::instance::id(c)?;
    let (account, plan, opportunity) =
        (RecordKind::Account.schema(), RecordKind::Plan.schema(), RecordKind::Opportunity.schema());
    let mut picked = Picked::new();
    let accounts = if scope.all { ss::ids(c, account)? } else { scope.accounts.clone() };
    for id in accounts {
        if !ss::exists(c, account, id)? {
            return Err(AppError::not_found(account.name(), id));
        }
        add_under(c, &mut picked, account, id, scope.with_transactions)?;
    }
    for &id in &scope.plans {
        if !ss::exists(c, plan, id)? {
            return Err(AppError::not_found(plan.name(), id));
        }
        add_under(c, &mut picked, plan, id, false)?;
        // The opportunities linked to the plan are part of it.
        for o in ss::referencing(c, opportunity, "plan_id", id)? {
            picked.insert((opportunity.kind.order(), o));
        }
    }
    close_over_references(c, &mut picked)?;
    let mut records = Vec::with_capacity(picked.len());
    for &(k, id) in &picked {
        records.push(record(c, kind_at(k)?, id, instance)?);
    }
    let ids: HashSet<Uuid> = records.iter().map(|r| r.id).collect();
    let contents = Contents { conflicts: conflicts_of(c, &ids)?, records };
    let writer = Writer { schema_version: LATEST_VERSION, instance, user: user.to_string() };
    let (bytes, manifest) =
        bundle::write(&writer, &contents).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(ExportedBundle {
        records: contents.records.len(),
        conflicts: contents.conflicts.len(),
        size_bytes: bytes.len(),
        as_of: manifest.as_of,
        bytes,
        encryption: "none",
        recipients: 0,
    })
}
