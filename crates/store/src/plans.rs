//! The `plans` table and the tables of a plan's items (goals, objectives, value propositions,
//! stakeholders, actions, risks, resources, reviews). Every item table has the same shape — an
//! id, its plan, its fields, timestamps and a tombstone — so one set of generic statements
//! serves them all, each made from the table's fixed column names (never user text).

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::plan::{
    ActionFields, ActionStatus, GoalFields, Measure, ObjectiveFields, PlanFields, ResourceFields,
    ReviewFields, RiskFields, StakeholderFields, TeamMember, ValuePropositionFields,
};
use keyplan_domain::sync::schema;
use keyplan_domain::validate::Choice;
use keyplan_domain::{Record, RecordKind};
use rusqlite::{named_params, Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params};
use crate::{Result, StoreError};

/// A table of records under a plan (or the plans themselves).
pub trait Item {
    type Fields: Clone;
    /// The kind of record it holds (its table and its name in messages follow from it).
    const KIND: RecordKind;
    /// The table's columns, id and timestamps aside, as `bind` names them.
    fn bind(f: &Self::Fields) -> Params;
    fn fields(row: &Row<'_>) -> rusqlite::Result<Self::Fields>;
}

fn not_found<I: Item>(id: Uuid) -> StoreError {
    StoreError::NotFound { kind: I::KIND.name(), id: id.to_string() }
}

fn table<I: Item>() -> &'static str {
    crate::sync::table(I::KIND)
}

fn params<I: Item>(id: Uuid, f: &I::Fields, now: DateTime<Utc>) -> Params {
    let mut p = I::bind(f);
    p.push((":id", Box::new(id.to_string())));
    p.push((":now", Box::new(codec::ts_text(now))));
    p
}

fn columns(p: &Params) -> Vec<&'static str> {
    p.iter()
        .map(|(k, _)| k.trim_start_matches(':'))
        .filter(|k| !matches!(*k, "id" | "now"))
        .collect()
}

fn from_row<I: Item>(row: &Row<'_>) -> rusqlite::Result<Record<I::Fields>> {
    Ok(Record { meta: codec::meta(row)?, fields: I::fields(row)? })
}

/// A new record (created and updated at its `updated_at`).
pub fn insert<I: Item>(c: &Connection, r: &Record<I::Fields>) -> Result<()> {
    let p = params::<I>(r.id(), &r.fields, r.meta.updated_at);
    let cols = columns(&p);
    let sql = format!(
        "INSERT INTO {} (id, {}, created_at, updated_at) VALUES (:id, {}, :now, :now)",
        table::<I>(),
        cols.join(", "),
        cols.iter().map(|k| format!(":{k}")).collect::<Vec<_>>().join(", ")
    );
    codec::run(c, &sql, &p)?;
    Ok(())
}

/// Replaces a live record's fields and stamps `updated_at`.
pub fn update<I: Item>(c: &Connection, id: Uuid, f: &I::Fields, now: DateTime<Utc>) -> Result<()> {
    let p = params::<I>(id, f, now);
    let sets: Vec<String> = columns(&p).iter().map(|k| format!("{k} = :{k}")).collect();
    let sql = format!(
        "UPDATE {} SET {}, updated_at = :now WHERE id = :id AND deleted_at IS NULL",
        table::<I>(),
        sets.join(", ")
    );
    if codec::run(c, &sql, &p)? == 0 {
        return Err(not_found::<I>(id));
    }
    Ok(())
}

/// A live record by id.
pub fn get<I: Item>(c: &Connection, id: Uuid) -> Result<Record<I::Fields>> {
    let sql = format!("SELECT * FROM {} WHERE id = ?1 AND deleted_at IS NULL", table::<I>());
    match c.prepare_cached(&sql)?.query_row([id.to_string()], from_row::<I>) {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(not_found::<I>(id)),
        other => Ok(other?),
    }
}

/// Decodes the record with this id, live or deleted (how a merge checks what it wrote).
pub(crate) fn check_item<I: Item>(
    c: &Connection,
    id: Uuid,
    incoming: Option<&codec::Incoming>,
) -> Result<()> {
    let sql = codec::over(incoming, &format!("SELECT * FROM {} WHERE id = ?1", table::<I>()));
    let mut stmt = c.prepare_cached(&sql)?;
    let row = match incoming {
        Some(i) => stmt.query_row(rusqlite::params_from_iter(&i.params), from_row::<I>),
        None => stmt.query_row([id.to_string()], from_row::<I>),
    };
    match row {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(not_found::<I>(id)),
        other => other.map(drop).map_err(StoreError::from),
    }
}

/// A plan's live items, oldest first (ids are time-ordered).
pub fn list_for_plan<I: Item>(c: &Connection, plan_id: Uuid) -> Result<Vec<Record<I::Fields>>> {
    let sql = format!(
        "SELECT * FROM {} WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY id",
        table::<I>()
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([plan_id.to_string()], from_row::<I>)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every live item of a kind, of every plan (the Plans page groups them in one pass).
pub fn list_live<I: Item>(c: &Connection) -> Result<Vec<Record<I::Fields>>> {
    let sql = format!("SELECT * FROM {} WHERE deleted_at IS NULL ORDER BY id", table::<I>());
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row::<I>)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn soft_delete<I: Item>(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET deleted_at = :now, updated_at = :now WHERE id = :id AND deleted_at IS NULL",
        table::<I>()
    );
    let n = c
        .prepare_cached(&sql)?
        .execute(named_params! {":now": codec::ts_text(now), ":id": id.to_string()})?;
    if n == 0 {
        return Err(not_found::<I>(id));
    }
    Ok(())
}

/// Tombstones a plan and every item in it.
pub fn soft_delete_plan(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    soft_delete::<Plans>(c, id, now)?;
    // Every kind whose parent is a plan: its items, reviews included.
    let items = schema::kinds().filter(|k| k.parent.is_some_and(|(_, p)| p == RecordKind::Plan));
    for table in items.map(|k| crate::sync::table(k.kind)) {
        let sql = format!(
            "UPDATE {table} SET deleted_at = :now, updated_at = :now \
             WHERE plan_id = :plan AND deleted_at IS NULL"
        );
        c.prepare_cached(&sql)?
            .execute(named_params! {":now": codec::ts_text(now), ":plan": id.to_string()})?;
    }
    // The account's opportunities stay; they are just no longer part of a plan.
    c.prepare_cached(
        "UPDATE opportunities SET plan_id = NULL, updated_at = :now \
         WHERE plan_id = :plan AND deleted_at IS NULL",
    )?
    .execute(named_params! {":now": codec::ts_text(now), ":plan": id.to_string()})?;
    Ok(())
}

/// Tombstones every plan of an account (with its items), when the account is deleted.
pub fn soft_delete_for_account(c: &Connection, account_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let ids: Vec<String> = c
        .prepare_cached("SELECT id FROM plans WHERE account_id = ?1 AND deleted_at IS NULL")?
        .query_map([account_id.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let id = Uuid::parse_str(&id).map_err(|_| StoreError::Corrupt {
            table: "plans",
            column: "id",
            value: id.clone(),
        })?;
        soft_delete_plan(c, id, now)?;
    }
    Ok(())
}

/// An account's live plans, latest period first.
pub fn list_for_account(c: &Connection, account_id: Uuid) -> Result<Vec<Record<PlanFields>>> {
    let mut stmt = c.prepare_cached(
        "SELECT * FROM plans WHERE account_id = ?1 AND deleted_at IS NULL \
         ORDER BY start_date DESC, id DESC",
    )?;
    let rows = stmt.query_map([account_id.to_string()], from_row::<Plans>)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every live plan, for the Plans page.
pub fn list_all(c: &Connection) -> Result<Vec<Record<PlanFields>>> {
    let mut stmt = c.prepare_cached(
        "SELECT * FROM plans WHERE deleted_at IS NULL ORDER BY start_date DESC, id DESC",
    )?;
    let rows = stmt.query_map([], from_row::<Plans>)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every open action (open or in progress) of live plans, due first, undated last.
pub fn open_actions(c: &Connection) -> Result<Vec<Record<ActionFields>>> {
    let mut stmt = c.prepare_cached(
        "SELECT a.* FROM plan_actions a JOIN plans p ON p.id = a.plan_id AND p.deleted_at IS NULL \
         WHERE a.deleted_at IS NULL AND a.status IN (SELECT value FROM json_each(?1)) \
         ORDER BY a.due_date IS NULL, a.due_date, a.id",
    )?;
    // Which statuses are still to do is the domain's rule (ActionStatus::is_open).
    let open: Vec<&str> =
        ActionStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.name()).collect();
    let open = serde_json::to_string(&open).map_err(|e| StoreError::Worker(e.to_string()))?;
    let rows = stmt.query_map([open], from_row::<Actions>)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// --- The tables ----------------------------------------------------------------------------

fn json<T: serde::Serialize>(v: &T) -> String {
    // Plain data (names, roles, numbers): serialising cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn from_json<T: serde::de::DeserializeOwned>(row: &Row<'_>, col: &str) -> rusqlite::Result<T> {
    let text: String = row.get(col)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn flag(row: &Row<'_>, col: &str) -> rusqlite::Result<bool> {
    Ok(row.get::<_, i64>(col)? != 0)
}

fn date(d: Option<NaiveDate>) -> Box<dyn rusqlite::ToSql> {
    Box::new(codec::date_text(d))
}

fn id_text(id: Option<Uuid>) -> Box<dyn rusqlite::ToSql> {
    Box::new(id.map(|u| u.to_string()))
}

#[derive(Debug)]
pub struct Plans;
#[derive(Debug)]
pub struct Goals;
#[derive(Debug)]
pub struct Objectives;
#[derive(Debug)]
pub struct ValuePropositions;
#[derive(Debug)]
pub struct Stakeholders;
#[derive(Debug)]
pub struct Actions;
#[derive(Debug)]
pub struct Risks;
#[derive(Debug)]
pub struct Resources;
#[derive(Debug)]
pub struct Reviews;

impl Item for Plans {
    type Fields = PlanFields;
    const KIND: RecordKind = RecordKind::Plan;
    fn bind(f: &PlanFields) -> Params {
        vec![
            (":account_id", Box::new(f.account_id.to_string())),
            (":title", Box::new(f.title.clone())),
            (":period", Box::new(f.period.clone())),
            (":start_date", Box::new(f.start_date.to_string())),
            (":end_date", Box::new(f.end_date.to_string())),
            (":owner", Box::new(f.owner.clone())),
            (":team", Box::new(json(&f.team))),
            (":status", Box::new(f.status.name())),
            (":cadence", Box::new(f.cadence.name())),
            (":template", Box::new(f.template.name())),
            (":next_review", date(f.next_review)),
            (":outcome", Box::new(f.outcome.clone())),
            (":allow_overlap", Box::new(i64::from(f.allow_overlap))),
            (":previous_plan_id", id_text(f.previous_plan_id)),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<PlanFields> {
        Ok(PlanFields {
            account_id: codec::id(row, "account_id")?,
            title: row.get("title")?,
            period: row.get("period")?,
            start_date: codec::date(row, "start_date")?,
            end_date: codec::date(row, "end_date")?,
            owner: row.get("owner")?,
            team: from_json::<Vec<TeamMember>>(row, "team")?,
            status: codec::choice(row, "status")?,
            cadence: codec::choice(row, "cadence")?,
            template: codec::choice(row, "template")?,
            next_review: codec::opt_date(row, "next_review")?,
            outcome: row.get("outcome")?,
            allow_overlap: flag(row, "allow_overlap")?,
            previous_plan_id: codec::opt_id(row, "previous_plan_id")?,
        })
    }
}

impl Item for Goals {
    type Fields = GoalFields;
    const KIND: RecordKind = RecordKind::PlanGoal;
    fn bind(f: &GoalFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":kind", Box::new(f.kind.name())),
            (":text", Box::new(f.text.clone())),
            (":source_contact_id", id_text(f.source_contact_id)),
            (":source_date", date(f.source_date)),
            (":confirmed", Box::new(i64::from(f.confirmed))),
            (":share_with_customer", Box::new(i64::from(f.share_with_customer))),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<GoalFields> {
        Ok(GoalFields {
            plan_id: codec::id(row, "plan_id")?,
            kind: codec::choice(row, "kind")?,
            text: row.get("text")?,
            source_contact_id: codec::opt_id(row, "source_contact_id")?,
            source_date: codec::opt_date(row, "source_date")?,
            confirmed: flag(row, "confirmed")?,
            share_with_customer: flag(row, "share_with_customer")?,
        })
    }
}

impl Item for Objectives {
    type Fields = ObjectiveFields;
    const KIND: RecordKind = RecordKind::PlanObjective;
    fn bind(f: &ObjectiveFields) -> Params {
        let m = f.measure.as_ref();
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":title", Box::new(f.title.clone())),
            (":metric", Box::new(f.metric.clone())),
            (":unit", Box::new(f.unit.clone())),
            (":baseline", Box::new(f.baseline)),
            (":target", Box::new(f.target)),
            (":current", Box::new(f.current)),
            (":due_date", date(f.due_date)),
            (":status", Box::new(f.status.name())),
            (":measure_kind", Box::new(m.map(|m| m.kind.name()))),
            (":measure_product_line", Box::new(m.and_then(|m| m.product_line.clone()))),
            (
                ":measure_interaction_kind",
                Box::new(m.and_then(|m| m.interaction_kind.map(Choice::name))),
            ),
            (":share_with_customer", Box::new(i64::from(f.share_with_customer))),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<ObjectiveFields> {
        let measure = match codec::opt_choice(row, "measure_kind")? {
            None => None,
            Some(kind) => Some(Measure {
                kind,
                product_line: row.get("measure_product_line")?,
                interaction_kind: codec::opt_choice(row, "measure_interaction_kind")?,
            }),
        };
        Ok(ObjectiveFields {
            plan_id: codec::id(row, "plan_id")?,
            title: row.get("title")?,
            metric: row.get("metric")?,
            unit: row.get("unit")?,
            baseline: row.get("baseline")?,
            target: row.get("target")?,
            current: row.get("current")?,
            due_date: codec::opt_date(row, "due_date")?,
            status: codec::choice(row, "status")?,
            measure,
            share_with_customer: flag(row, "share_with_customer")?,
        })
    }
}

impl Item for ValuePropositions {
    type Fields = ValuePropositionFields;
    const KIND: RecordKind = RecordKind::PlanValueProposition;
    fn bind(f: &ValuePropositionFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":statement", Box::new(f.statement.clone())),
            (":benefit", Box::new(f.benefit.clone())),
            (":objective_id", id_text(f.objective_id)),
            (":share_with_customer", Box::new(i64::from(f.share_with_customer))),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<ValuePropositionFields> {
        Ok(ValuePropositionFields {
            plan_id: codec::id(row, "plan_id")?,
            statement: row.get("statement")?,
            benefit: row.get("benefit")?,
            objective_id: codec::opt_id(row, "objective_id")?,
            share_with_customer: flag(row, "share_with_customer")?,
        })
    }
}

impl Item for Stakeholders {
    type Fields = StakeholderFields;
    const KIND: RecordKind = RecordKind::PlanStakeholder;
    fn bind(f: &StakeholderFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":contact_id", Box::new(f.contact_id.to_string())),
            (":target_attitude", Box::new(f.target_attitude)),
            (":target_strength", Box::new(f.target_strength)),
            (":owner", Box::new(f.owner.clone())),
            (":strategy", Box::new(f.strategy.clone())),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<StakeholderFields> {
        Ok(StakeholderFields {
            plan_id: codec::id(row, "plan_id")?,
            contact_id: codec::id(row, "contact_id")?,
            target_attitude: row.get("target_attitude")?,
            target_strength: row.get("target_strength")?,
            owner: row.get("owner")?,
            strategy: row.get("strategy")?,
        })
    }
}

impl Item for Actions {
    type Fields = ActionFields;
    const KIND: RecordKind = RecordKind::PlanAction;
    fn bind(f: &ActionFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":title", Box::new(f.title.clone())),
            (":owner", Box::new(f.owner.clone())),
            (":due_date", date(f.due_date)),
            (":status", Box::new(f.status.name())),
            (":objective_id", id_text(f.objective_id)),
            (":contact_id", id_text(f.contact_id)),
            (":done_on", date(f.done_on)),
            (":share_with_customer", Box::new(i64::from(f.share_with_customer))),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<ActionFields> {
        Ok(ActionFields {
            plan_id: codec::id(row, "plan_id")?,
            title: row.get("title")?,
            owner: row.get("owner")?,
            due_date: codec::opt_date(row, "due_date")?,
            status: codec::choice(row, "status")?,
            objective_id: codec::opt_id(row, "objective_id")?,
            contact_id: codec::opt_id(row, "contact_id")?,
            done_on: codec::opt_date(row, "done_on")?,
            share_with_customer: flag(row, "share_with_customer")?,
        })
    }
}

impl Item for Risks {
    type Fields = RiskFields;
    const KIND: RecordKind = RecordKind::PlanRisk;
    fn bind(f: &RiskFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":description", Box::new(f.description.clone())),
            (":likelihood", Box::new(f.likelihood)),
            (":impact", Box::new(f.impact)),
            (":mitigation", Box::new(f.mitigation.clone())),
            (":owner", Box::new(f.owner.clone())),
            (":status", Box::new(f.status.name())),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<RiskFields> {
        Ok(RiskFields {
            plan_id: codec::id(row, "plan_id")?,
            description: row.get("description")?,
            likelihood: row.get("likelihood")?,
            impact: row.get("impact")?,
            mitigation: row.get("mitigation")?,
            owner: row.get("owner")?,
            status: codec::choice(row, "status")?,
        })
    }
}

impl Item for Resources {
    type Fields = ResourceFields;
    const KIND: RecordKind = RecordKind::PlanResource;
    fn bind(f: &ResourceFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":team", Box::new(f.team.clone())),
            (":ask", Box::new(f.ask.clone())),
            (":status", Box::new(f.status.name())),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<ResourceFields> {
        Ok(ResourceFields {
            plan_id: codec::id(row, "plan_id")?,
            team: row.get("team")?,
            ask: row.get("ask")?,
            status: codec::choice(row, "status")?,
        })
    }
}

impl Item for Reviews {
    type Fields = ReviewFields;
    const KIND: RecordKind = RecordKind::PlanReview;
    fn bind(f: &ReviewFields) -> Params {
        vec![
            (":plan_id", Box::new(f.plan_id.to_string())),
            (":date", Box::new(f.date.to_string())),
            (":attendees", Box::new(json(&f.attendees))),
            (":notes", Box::new(f.notes.clone())),
            (":rating", Box::new(f.rating)),
            (":decisions", Box::new(f.decisions.clone())),
            (":snapshot", Box::new(json(&f.snapshot))),
        ]
    }
    fn fields(row: &Row<'_>) -> rusqlite::Result<ReviewFields> {
        Ok(ReviewFields {
            plan_id: codec::id(row, "plan_id")?,
            date: codec::date(row, "date")?,
            attendees: from_json(row, "attendees")?,
            notes: row.get("notes")?,
            rating: row.get("rating")?,
            decisions: row.get("decisions")?,
            snapshot: from_json(row, "snapshot")?,
        })
    }
}
