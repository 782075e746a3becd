//! Sharing between laptops: `.keyplan` bundles written and merged field by field, and the
//! conflicts list a merge leaves for the user to settle.

mod export;
mod folder;
mod import;

pub use export::{export_bundle, BundleScope, ExportedBundle};
pub(crate) use folder::is_bundle_name;
pub use folder::{own_file_name, sync_folder, FileProblem, FolderSync};
pub use import::{import_bundle, merge_bytes, BundleProblem, HeldChange, KindCounts, MergeSummary};

use keyplan_domain::sync::schema::Kind;
use keyplan_domain::sync::{time_text, Stamp};
use keyplan_store::sync::{self as ss, Settled};
use keyplan_store::{Connection, Db};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::{AppError, Result};
use export::kind;

/// One conflict as the Conflicts view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictView {
    pub record_id: Uuid,
    pub kind: String,
    /// The record's name or title, and its account's name.
    pub record: String,
    pub account: Option<String>,
    pub field: String,
    pub lost_value: Value,
    pub lost_stamp: Stamp,
    pub lost_by: String,
    /// The edit that lost was made on this laptop (shown as "this laptop").
    pub lost_here: bool,
    pub lost_at: String,
    /// The value the field holds now.
    pub current_value: Value,
    pub won_by: String,
    pub won_here: bool,
    pub won_at: String,
    /// The edit lost to the record being deleted: keeping it restores the record.
    pub deleted: bool,
    /// "kept" or "dismissed", once settled.
    pub settled: Option<Settled>,
}

/// Fields that name a record, in the order they are tried.
const LABELS: [&str; 8] =
    ["name", "title", "statement", "description", "text", "ask", "team", "date"];

fn label(values: &ss::Values) -> String {
    LABELS
        .iter()
        .find_map(|f| values.get(*f).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .unwrap_or_default()
        .to_string()
}

/// The name of the account a record is under, following its parents.
fn account_name(
    c: &Connection,
    mut k: &'static Kind,
    mut values: ss::Values,
) -> Result<Option<String>> {
    for _ in 0..4 {
        let Some((field, parent)) = k.parent else {
            return Ok(values.get("name").and_then(Value::as_str).map(str::to_string));
        };
        let Some(id) =
            values.get(field).and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok())
        else {
            return Ok(None);
        };
        k = parent.schema();
        match ss::read(c, k, id)? {
            Some((_, v)) => values = v,
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// Who made an edit: this laptop's user, a known peer's, or the laptop's id.
fn who(s: Stamp, here: Uuid, me: &str, peers: &[(Uuid, String)]) -> String {
    if s.instance == here {
        return me.to_string();
    }
    peers
        .iter()
        .find(|(id, _)| *id == s.instance)
        .map_or_else(|| s.instance.to_string(), |(_, n)| n.clone())
}

/// A stored conflict as it is shown and passed on, or None if there is nothing left of it.
///
/// Which conflicts a laptop records depends on the order bundles reach it (with three edits of
/// one field, the first two meet only where the third arrives last), so the list shown and
/// passed on is the part of it that does not: open conflicts against the value that stands now
/// (one per field, see [`relevant_conflicts`]). One whose lost value is what the field holds
/// again has nothing left to restore, and is left out everywhere. What is shown as the winner
/// is what the field holds now, with its stamp (two laptops that set the same winning value concurrently keep one
/// of the two stamps, whichever order they came in). An edit lost to a delete is left out once
/// the record's deletion as it stands was made knowing that edit (its author deleted it
/// afterwards, say): laptops that saw the edit only after that deletion never record it.
/// Settled conflicts and other edits lost to a delete are as stored.
fn normalized(c: &Connection, here: Uuid, x: ss::Conflict) -> Result<Option<ss::Conflict>> {
    if x.deleted && x.settled.is_none() {
        let rows = ss::clocks(c, x.record_id)?;
        let deletion = rows.iter().find(|(f, _)| f == keyplan_domain::sync::schema::DELETED);
        if deletion.is_some_and(|(_, clock)| clock.knows(x.lost_stamp)) {
            return Ok(None);
        }
        return Ok(Some(x));
    }
    if x.settled.is_some() {
        return Ok(Some(x));
    }
    let (Some(k), Value::Object(lost)) =
        (keyplan_domain::sync::schema::kind(&x.kind), &x.lost_value)
    else {
        return Ok(Some(x));
    };
    let Some((created_at, values)) = ss::read(c, k, x.record_id)? else { return Ok(Some(x)) };
    let now: serde_json::Map<String, Value> =
        lost.keys().map(|f| (f.clone(), values.get(f).cloned().unwrap_or(Value::Null))).collect();
    if now == *lost {
        return Ok(None);
    }
    let rows = ss::clocks(c, x.record_id)?;
    let stamp = rows.iter().find(|(f, _)| *f == x.field).map_or_else(
        || export::base_clock(&rows, &created_at, here).stamp,
        |(_, clock)| clock.stamp,
    );
    Ok(Some(ss::Conflict { won_stamp: stamp, won_value: Value::Object(now), ..x }))
}

/// The conflicts as shown and passed on (see [`normalized`]), open ones only with `open_only`.
pub(crate) fn relevant_conflicts(c: &Connection, open_only: bool) -> Result<Vec<ss::Conflict>> {
    let here = keyplan_store::instance::id(c)?;
    let mut out: Vec<ss::Conflict> = Vec::new();
    for x in ss::list_conflicts(c, open_only)? {
        out.extend(normalized(c, here, x)?);
    }
    // Of the open conflicts of one field, the latest lost edit: an earlier one met its winner
    // only on laptops that saw it before the edit that followed it (its author's next, say),
    // so whether it was recorded at all depends on the order bundles came in.
    let latest: std::collections::HashMap<(Uuid, String), Stamp> = out
        .iter()
        .filter(|x| x.settled.is_none())
        .fold(std::collections::HashMap::new(), |mut m, x| {
            let e = m.entry((x.record_id, x.field.clone())).or_insert(x.lost_stamp);
            *e = (*e).max(x.lost_stamp);
            m
        });
    out.retain(|x| {
        x.settled.is_some() || latest.get(&(x.record_id, x.field.clone())) == Some(&x.lost_stamp)
    });
    Ok(out)
}

/// The conflicts list, open ones only unless `all`; `me` names this laptop's own edits.
pub fn conflicts(db: &Db, all: bool, me: &str) -> Result<Vec<ConflictView>> {
    let c = db.conn();
    let here = keyplan_store::instance::id(c)?;
    let peers = ss::peers(c)?;
    let mut out = Vec::new();
    for x in relevant_conflicts(c, !all)? {
        let k = kind(&x.kind)?;
        let (record, account, current) = match ss::read(c, k, x.record_id)? {
            Some((_, values)) => {
                let fields = k.group(&x.field).map(|g| g.fields).unwrap_or_default();
                let current: serde_json::Map<String, Value> = fields
                    .iter()
                    .map(|f| ((*f).to_string(), values.get(*f).cloned().unwrap_or(Value::Null)))
                    .collect();
                (label(&values), account_name(c, k, values)?, Value::Object(current))
            }
            None => (String::new(), None, Value::Null),
        };
        out.push(ConflictView {
            record_id: x.record_id,
            kind: x.kind,
            record,
            account,
            field: x.field,
            lost_value: x.lost_value,
            lost_stamp: x.lost_stamp,
            lost_by: who(x.lost_stamp, here, me, &peers),
            lost_here: x.lost_stamp.instance == here,
            lost_at: time_text(x.lost_stamp.millis),
            current_value: current,
            won_by: who(x.won_stamp, here, me, &peers),
            won_here: x.won_stamp.instance == here,
            won_at: time_text(x.won_stamp.millis),
            deleted: x.deleted,
            settled: x.settled.map(|s| s.0),
        });
    }
    Ok(out)
}

/// How many conflicts are open (the badge).
pub fn open_conflicts(db: &Db) -> Result<usize> {
    Ok(relevant_conflicts(db.conn(), true)?.len())
}

/// Settles one open conflict: `keep` takes the value that lost (a new edit here, which wins
/// everywhere once it travels; for an edit lost to a delete, the record comes back), otherwise
/// the value that won stays and the conflict is dismissed.
pub fn settle_conflict(
    db: &mut Db,
    record: Uuid,
    field: &str,
    lost: Stamp,
    keep: bool,
) -> Result<()> {
    let wall = db.wall_ms();
    db.write(|c| {
        let x = ss::list_conflicts(c, true)?
            .into_iter()
            .find(|x| x.record_id == record && x.field == field && x.lost_stamp == lost)
            .ok_or_else(|| AppError::not_found("conflict", format!("{record} {field}")))?;
        if keep {
            let k = kind(&x.kind)?;
            restore(c, k, record, Some(&x.lost_value))?;
        }
        // A tick the clock keeps, so the settling is a change this laptop passes on.
        let at = ss::advance_clock(c, wall)?;
        let how = if keep { Settled::Kept } else { Settled::Dismissed };
        ss::settle(c, record, field, lost, how, at)?;
        Ok::<_, AppError>(())
    })
}

/// Writes `fields` over the record (if given) and undeletes it and the records above it.
fn restore(c: &Connection, k: &'static Kind, id: Uuid, fields: Option<&Value>) -> Result<()> {
    let (created, mut values) =
        ss::read(c, k, id)?.ok_or_else(|| AppError::not_found(k.name(), id))?;
    if let Some(Value::Object(fields)) = fields {
        for (f, v) in fields {
            values.insert(f.clone(), v.clone());
        }
    }
    let deleted = values.get("deleted_at").is_some_and(|v| !v.is_null());
    if deleted {
        values.insert("deleted_at".into(), Value::Null);
    }
    let now = crate::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    // The value kept is decoded before it is written, as a merge's values are.
    ss::write_checked(c, k, id, &created, &now, &values)?;
    if deleted {
        if let Some((field, parent)) = k.parent {
            let parent_id =
                values.get(field).and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok());
            if let Some(p) = parent_id {
                restore(c, parent.schema(), p, None)?;
            }
        }
    }
    Ok(())
}
