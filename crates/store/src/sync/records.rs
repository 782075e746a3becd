//! Any record as field name → JSON value, read and written by its kind's field list: what a
//! bundle carries and a merge writes. Statements are made from the kinds' fixed names.

use std::collections::BTreeMap;

use keyplan_domain::sync::schema::{Kind, RecordKind};
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use uuid::Uuid;

use super::triggers::{extras, outside, Extras};
use crate::codec::Incoming;
use crate::lean;
use crate::{Result, StoreError};

/// A record's fields, by name.
pub type Values = BTreeMap<String, Value>;

/// The table a kind of record is kept in. Table names are the store's alone.
pub fn table(kind: RecordKind) -> &'static str {
    use RecordKind as K;
    match kind {
        K::Account => "accounts",
        K::Contact => "contacts",
        K::Plan => "plans",
        K::Interaction => "interactions",
        K::Survey => "surveys",
        K::Opportunity => "opportunities",
        K::Transaction => "transactions",
        K::PlanGoal => "plan_goals",
        K::PlanObjective => "plan_objectives",
        K::PlanValueProposition => "plan_value_propositions",
        K::PlanStakeholder => "plan_stakeholders",
        K::PlanAction => "plan_actions",
        K::PlanRisk => "plan_risks",
        K::PlanResource => "plan_resources",
        K::PlanReview => "plan_reviews",
    }
}

/// Which of `kinds` the record `id` is (live or deleted), looked up in one statement.
pub fn kind_of(c: &Connection, id: Uuid, kinds: &[RecordKind]) -> Result<Option<RecordKind>> {
    if kinds.is_empty() {
        return Ok(None);
    }
    // Table names come from `table` (fixed names), the id is a parameter.
    let sql = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let t = table(*k);
            format!("SELECT {i} FROM {t} WHERE id = {}", lean::write(t, "id", "?1"))
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let at: Option<i64> = c
        .prepare_cached(&format!("{sql} LIMIT 1"))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(at.and_then(|i| kinds.get(usize::try_from(i).ok()?).copied()))
}

/// The columns of the kind's own table (fields kept elsewhere left out).
fn columns(kind: &Kind) -> Vec<&'static str> {
    kind.fields().filter(|f| !outside(kind, f)).collect()
}

fn select(kind: &Kind) -> String {
    let t = table(kind.kind);
    let mut list: Vec<String> =
        columns(kind).iter().map(|c| format!("{} AS {c}", lean::read(t, c, "r"))).collect();
    list.push(format!("{} AS created_at", lean::read(t, "created_at", "r")));
    let mut from = format!("{t} r");
    match extras(kind.kind) {
        Extras::AccountTagsAndLabels => {
            list.push(
                "(SELECT json_group_array(tag) FROM (SELECT tag FROM account_tags t \
                 WHERE t.account_id = r.id ORDER BY position)) AS tags"
                    .into(),
            );
            for c in ["tier", "tier_reason", "stage", "stage_reason"] {
                list.push(format!("o.{c}"));
            }
            list.push("coalesce(o.marked_lost, 0) AS marked_lost".into());
            from.push_str(" LEFT JOIN account_overrides o ON o.account_id = r.id");
        }
        Extras::InteractionContacts => list.push(
            "(SELECT json_group_array(contact_id) FROM (SELECT contact_id FROM \
             interaction_contacts x WHERE x.interaction_id = r.id ORDER BY contact_id)) \
             AS contact_ids"
                .into(),
        ),
        Extras::None => {}
    }
    format!("SELECT {} FROM {from} WHERE r.id = {}", list.join(", "), lean::write(t, "id", "?1"))
}

fn to_json(v: ValueRef<'_>, kind: &Kind, field: &str) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => {
            let text = String::from_utf8_lossy(t).into_owned();
            if keyplan_domain::sync::schema::is_list(field) {
                serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
                    table: table(kind.kind),
                    column: "tags",
                    value: text,
                })?
            } else {
                Value::String(text)
            }
        }
        ValueRef::Blob(_) => {
            return Err(StoreError::Corrupt {
                table: table(kind.kind),
                column: "?",
                value: "blob".into(),
            })
        }
    })
}

/// A record of this kind, live or deleted: its creation time and fields. None if unknown.
pub fn read(c: &Connection, kind: &Kind, id: Uuid) -> Result<Option<(String, Values)>> {
    let sql = select(kind);
    let mut stmt = c.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.query([id.to_string()])?;
    let Some(row) = rows.next()? else { return Ok(None) };
    let mut values = Values::new();
    let mut created = String::new();
    for (i, name) in names.iter().enumerate() {
        let v = row.get_ref(i)?;
        if name == "created_at" {
            created = to_json(v, kind, name)?.as_str().unwrap_or_default().to_string();
        } else {
            values.insert(name.clone(), to_json(v, kind, name)?);
        }
    }
    Ok(Some((created, values)))
}

/// How many live records of each kind the book holds (numbers only, for diagnostics).
pub fn counts(c: &Connection) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for kind in keyplan_domain::sync::schema::kinds() {
        let sql = format!("SELECT count(*) FROM {} WHERE deleted_at IS NULL", table(kind.kind));
        let n: i64 = c.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
        out.insert(kind.name().to_string(), u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// Whether a record with this id is in the kind's table (live or deleted).
pub fn exists(c: &Connection, kind: &Kind, id: Uuid) -> Result<bool> {
    let t = table(kind.kind);
    let sql = format!("SELECT 1 FROM {t} WHERE id = {}", lean::write(t, "id", "?1"));
    Ok(c.prepare_cached(&sql)?.query_row([id.to_string()], |_| Ok(())).optional()?.is_some())
}

fn id_list(c: &Connection, sql: &str, param: Option<Uuid>) -> Result<Vec<Uuid>> {
    let mut stmt = c.prepare_cached(sql)?;
    let texts: Vec<String> = match param {
        Some(p) => {
            stmt.query_map([p.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        }
        None => stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?,
    };
    texts
        .into_iter()
        .map(|t| {
            Uuid::parse_str(&t).map_err(|_| StoreError::Corrupt {
                table: "?",
                column: "id",
                value: t,
            })
        })
        .collect()
}

/// Every record of the kind, deleted ones too, in id order.
pub fn ids(c: &Connection, kind: &Kind) -> Result<Vec<Uuid>> {
    let t = table(kind.kind);
    id_list(c, &format!("SELECT {} FROM {t} ORDER BY id", lean::read(t, "id", t)), None)
}

/// The records of `kind` that belong to `parent` (deleted ones too), in id order.
pub fn children(c: &Connection, kind: &Kind, parent: Uuid) -> Result<Vec<Uuid>> {
    match kind.parent {
        Some((column, _)) => referencing(c, kind, column, parent),
        None => Ok(Vec::new()),
    }
}

/// The records of `kind` (deleted ones too) whose reference field `field` names `target`.
pub fn referencing(c: &Connection, kind: &Kind, field: &str, target: Uuid) -> Result<Vec<Uuid>> {
    // Only one of the kind's own reference columns is ever put into the statement.
    let Some((column, _)) = kind.references().find(|(f, _)| *f == field && !outside(kind, f))
    else {
        return Ok(Vec::new());
    };
    let t = table(kind.kind);
    let sql = format!(
        "SELECT {} FROM {t} WHERE {} = {} ORDER BY id",
        lean::read(t, "id", t),
        lean::column(t, column),
        lean::write(t, column, "?1")
    );
    id_list(c, &sql, Some(target))
}

/// The declared type of each column of a table (TEXT, INTEGER, REAL), as the schema says.
fn column_types(c: &Connection, table: &str) -> Result<BTreeMap<String, String>> {
    let mut stmt = c.prepare_cached("SELECT name, type FROM pragma_table_info(?1)")?;
    let rows = stmt.query_map([table], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A value for a column of a declared type: text for TEXT, a whole number (or true/false) for
/// INTEGER, a number for REAL — SQLite would quietly turn a number into text.
fn typed(v: &Value, declared: &str, kind: &Kind, field: &str) -> Result<Sql> {
    let ok = match (declared, v) {
        (_, Value::Null) => true,
        ("TEXT", Value::String(_)) => true,
        ("INTEGER", Value::Bool(_)) => true,
        ("INTEGER", Value::Number(n)) => n.is_i64(),
        ("REAL", Value::Number(_)) => true,
        _ => false,
    };
    if !ok {
        let expected = match declared {
            "TEXT" => "text",
            "INTEGER" => "a whole number",
            _ => "a number",
        };
        return Err(StoreError::Invalid(format!(
            "{} field {field:?}: expected {expected}, got {v}",
            kind.name()
        )));
    }
    to_sql(v, kind, field)
}

fn to_sql(v: &Value, kind: &Kind, field: &str) -> Result<Sql> {
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => {
            return Err(StoreError::Invalid(format!(
                "{} field {field}: not a plain value",
                kind.name()
            )))
        }
    })
}

fn id_strings(v: Option<&Value>, kind: &Kind, field: &str) -> Result<Vec<String>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str().map(str::to_string).ok_or_else(|| {
                    StoreError::Invalid(format!("{} field {field}: a list of texts", kind.name()))
                })
            })
            .collect(),
        Some(_) => {
            Err(StoreError::Invalid(format!("{} field {field}: a list of texts", kind.name())))
        }
    }
}

/// A record as its table's row: the column names (`id` first, the timestamps last) and the
/// values bound to them, each checked against its column's declared type.
struct RowValues {
    names: Vec<String>,
    params: Vec<Sql>,
}

fn row_values(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    created_at: &str,
    updated_at: &str,
    values: &Values,
) -> Result<RowValues> {
    let cols = columns(kind);
    let types = column_types(c, table(kind.kind))?;
    let mut names: Vec<String> = vec!["id".into()];
    let mut params: Vec<Sql> = vec![Sql::Text(id.to_string())];
    let t = table(kind.kind);
    for col in &cols {
        // A field kept in a compact column still travels as text.
        let stored = lean::column(t, col);
        let declared = if lean::converted(t, col) {
            "TEXT"
        } else {
            types.get(stored).map_or("TEXT", String::as_str)
        };
        params.push(typed(values.get(*col).unwrap_or(&Value::Null), declared, kind, col)?);
        names.push((*col).to_string());
    }
    if kind.kind == RecordKind::Account {
        // The account's name key (for finding it by name) follows its name.
        let name = values.get("name").and_then(Value::as_str).unwrap_or_default();
        names.push("name_key".into());
        params.push(Sql::Text(keyplan_domain::text::name_key(name)));
    }
    for (name, at) in [("created_at", created_at), ("updated_at", updated_at)] {
        names.push(name.into());
        params.push(Sql::Text(at.to_string()));
    }
    Ok(RowValues { names, params })
}

/// Writes a record with these fields, new or replacing the stored one. Tables kept outside the
/// record (tags, labels, an interaction's contacts) are rewritten only when they differ, so an
/// unchanged field is not noted as changed.
pub fn write(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    created_at: &str,
    updated_at: &str,
    values: &Values,
) -> Result<()> {
    let row = row_values(c, kind, id, created_at, updated_at, values)?;
    insert(c, kind, id, row, updated_at, values)
}

/// Checks the record as [`check_row`] does, then [`write`]s it, with the row built once: what a
/// merge does, so a bad value is refused before anything is written.
pub fn write_checked(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    created_at: &str,
    updated_at: &str,
    values: &Values,
) -> Result<()> {
    let row = row_values(c, kind, id, created_at, updated_at, values)?;
    check_row(c, kind, id, &row, values)?;
    insert(c, kind, id, row, updated_at, values)
}

fn insert(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    row: RowValues,
    updated_at: &str,
    values: &Values,
) -> Result<()> {
    let RowValues { names, params } = row;
    let t = table(kind.kind);
    let (columns, holes) = stored(t, &names);
    // Every column but the id and the creation time follows the incoming record.
    let sets: Vec<String> = columns
        .iter()
        .filter(|c| **c != "id" && **c != "created_at")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let sql = format!(
        "INSERT INTO {t} ({list}) VALUES ({holes}) ON CONFLICT (id) DO UPDATE SET {sets}",
        list = columns.join(", "),
        holes = holes.join(", "),
        sets = sets.join(", "),
    );
    c.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))?;
    match extras(kind.kind) {
        Extras::AccountTagsAndLabels => write_account_extras(c, kind, id, values, updated_at),
        Extras::InteractionContacts => {
            let wanted = id_strings(values.get("contact_ids"), kind, "contact_ids")?;
            replace_list(c, &CONTACTS, id, wanted)
        }
        Extras::None => Ok(()),
    }
}

/// The stored columns for a row's field names, and the SQL that puts the bound text values
/// (`?1`, `?2`, … in name order) into them.
fn stored<'a>(t: &str, names: &'a [String]) -> (Vec<&'a str>, Vec<String>) {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (lean::column(t, n), lean::write(t, n, &format!("?{}", i + 1))))
        .unzip()
}

/// A list kept in a table of its own: how to read, clear and add to it.
struct List {
    read: &'static str,
    clear: &'static str,
    add: &'static str,
    /// Kept in the order given (tags), or as a set (contacts).
    ordered: bool,
}

const TAGS: List = List {
    read: "SELECT tag FROM account_tags WHERE account_id = ?1 ORDER BY position",
    clear: "DELETE FROM account_tags WHERE account_id = ?1",
    add: "INSERT OR IGNORE INTO account_tags (account_id, tag, position) VALUES (?1, ?2, ?3)",
    ordered: true,
};

const CONTACTS: List = List {
    read: "SELECT contact_id FROM interaction_contacts WHERE interaction_id = ?1 \
           ORDER BY contact_id",
    clear: "DELETE FROM interaction_contacts WHERE interaction_id = ?1",
    add: "INSERT OR IGNORE INTO interaction_contacts (interaction_id, contact_id) VALUES (?1, ?2)",
    ordered: false,
};

/// Sets an account's tags (in order), rewriting them only if they differ.
pub(crate) fn replace_tags(c: &Connection, account: Uuid, tags: &[String]) -> Result<()> {
    replace_list(c, &TAGS, account, tags.to_vec())
}

/// Sets the contacts an interaction was with, rewriting them only if they differ.
pub(crate) fn replace_contacts(c: &Connection, interaction: Uuid, ids: &[Uuid]) -> Result<()> {
    replace_list(c, &CONTACTS, interaction, ids.iter().map(Uuid::to_string).collect())
}

/// Rewrites a list, if it differs from what is stored.
fn replace_list(c: &Connection, list: &List, id: Uuid, mut wanted: Vec<String>) -> Result<()> {
    let have: Vec<String> = c
        .prepare_cached(list.read)?
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !list.ordered {
        wanted.sort();
    }
    let mut seen = std::collections::HashSet::new();
    wanted.retain(|w| seen.insert(w.clone()));
    if have == wanted {
        return Ok(());
    }
    c.prepare_cached(list.clear)?.execute([id.to_string()])?;
    let mut stmt = c.prepare_cached(list.add)?;
    for (i, item) in wanted.iter().enumerate() {
        if list.ordered {
            stmt.execute(rusqlite::params![id.to_string(), item, i as i64])?;
        } else {
            stmt.execute(rusqlite::params![id.to_string(), item])?;
        }
    }
    Ok(())
}

fn write_account_extras(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    values: &Values,
    now: &str,
) -> Result<()> {
    replace_list(c, &TAGS, id, id_strings(values.get("tags"), kind, "tags")?)?;
    let get = |f: &str, t: &str| typed(values.get(f).unwrap_or(&Value::Null), t, kind, f);
    let labels = [
        get("tier", "TEXT")?,
        get("tier_reason", "TEXT")?,
        get("stage", "TEXT")?,
        get("stage_reason", "TEXT")?,
    ];
    let lost = get("marked_lost", "INTEGER")?;
    let nothing =
        labels.iter().all(|v| *v == Sql::Null) && matches!(lost, Sql::Null | Sql::Integer(0));
    if nothing {
        c.prepare_cached("DELETE FROM account_overrides WHERE account_id = ?1")?
            .execute([id.to_string()])?;
        return Ok(());
    }
    let [tier, tier_reason, stage, stage_reason] = labels;
    let lost = if lost == Sql::Null { Sql::Integer(0) } else { lost };
    c.prepare_cached(
        "INSERT INTO account_overrides (account_id, tier, tier_reason, stage, stage_reason, \
         marked_lost, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT (account_id) DO UPDATE SET tier = excluded.tier, \
         tier_reason = excluded.tier_reason, stage = excluded.stage, \
         stage_reason = excluded.stage_reason, marked_lost = excluded.marked_lost, \
         updated_at = CASE WHEN account_overrides.tier IS NOT excluded.tier \
           OR account_overrides.tier_reason IS NOT excluded.tier_reason \
           OR account_overrides.stage IS NOT excluded.stage \
           OR account_overrides.stage_reason IS NOT excluded.stage_reason \
           OR account_overrides.marked_lost IS NOT excluded.marked_lost \
           THEN excluded.updated_at ELSE account_overrides.updated_at END",
    )?
    .execute(rusqlite::params![
        id.to_string(),
        tier,
        tier_reason,
        stage,
        stage_reason,
        lost,
        now
    ])?;
    Ok(())
}

/// Reads the record back through its kind's own decoder: an error names the first value that is
/// not what its field holds (a date that is not one, an unknown status).
pub fn check(c: &Connection, kind: &Kind, id: Uuid) -> Result<()> {
    check_over(c, kind, id, None)
}

/// Decodes a record's row with its kind's own reader before anything is written, as if it were
/// stored: the checks a read-back would make (each value its field's type, dates that are dates,
/// statuses and kinds Keyplan knows), on values that are in no table yet.
fn check_row(
    c: &Connection,
    kind: &Kind,
    id: Uuid,
    row: &RowValues,
    values: &Values,
) -> Result<()> {
    if extras(kind.kind) == Extras::AccountTagsAndLabels {
        check_labels(kind, values)?;
    }
    let t = table(kind.kind);
    let (columns, holes) = stored(t, &row.names);
    let with = format!(
        "WITH {t}({names}) AS (VALUES ({holes}))",
        names = columns.join(", "),
        holes = holes.join(", ")
    );
    check_over(c, kind, id, Some(&Incoming { with, params: row.params.clone() }))
}

/// An account's manual labels: a tier and a stage Keyplan knows, each with its reason.
fn check_labels(kind: &Kind, values: &Values) -> Result<()> {
    use keyplan_domain::analytics::{Stage, Tier};
    use keyplan_domain::validate::Choice;
    let known = |field: &str, names: &[&str]| match values.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if names.contains(&s.as_str()) => Ok(()),
        Some(other) => Err(StoreError::Invalid(format!(
            "{} field {field:?}: {other} is not one of {}",
            kind.name(),
            names.join(", ")
        ))),
    };
    known("tier", Tier::NAMES)?;
    known("stage", Stage::NAMES)
}

fn check_over(c: &Connection, kind: &Kind, id: Uuid, incoming: Option<&Incoming>) -> Result<()> {
    use crate::plans::*;
    use RecordKind as K;
    let i = incoming;
    match kind.kind {
        K::Account => crate::accounts::check(c, id, i),
        K::Contact => crate::contacts::check(c, id, i),
        K::Interaction => crate::interactions::check(c, id, i),
        K::Survey => crate::surveys::check(c, id, i),
        K::Opportunity => crate::opportunities::check(c, id, i),
        K::Transaction => crate::transactions::check(c, id, i),
        K::Plan => check_item::<Plans>(c, id, i),
        K::PlanGoal => check_item::<Goals>(c, id, i),
        K::PlanObjective => check_item::<Objectives>(c, id, i),
        K::PlanValueProposition => check_item::<ValuePropositions>(c, id, i),
        K::PlanStakeholder => check_item::<Stakeholders>(c, id, i),
        K::PlanAction => check_item::<Actions>(c, id, i),
        K::PlanRisk => check_item::<Risks>(c, id, i),
        K::PlanResource => check_item::<Resources>(c, id, i),
        K::PlanReview => check_item::<Reviews>(c, id, i),
    }
    .map_err(|e| match e {
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(_, _, why)) => {
            StoreError::Invalid(format!("{} {id}: {why}", kind.name()))
        }
        other => other,
    })
}
