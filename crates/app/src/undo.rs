//! Undo and redo of the window's edits: the last [`STEPS`] steps of a session.
//!
//! A step keeps each record it changed as it was before and after, in the form a bundle carries
//! (every field, the tombstone among them), read by the records' common reader. Undoing writes
//! the before image back through the records' common writer inside one ordinary write, so the
//! field groups it changes are stamped like any edit and travel in bundles; a record the step
//! made is tombstoned again. A deleted account comes back with everything its delete took, since
//! the step holds each of those records too.
//!
//! Which records a step may change is said by the session method that runs it (the record, or for
//! a delete everything that refers to it); only those whose image moved are kept. A step is never
//! written over a change made after it (a merge, another process): undo refuses and says so.

use keyplan_domain::sync::schema::{self, RecordKind};
use keyplan_domain::validate::Choice;
use keyplan_store::sync::{self as ss, Values};
use keyplan_store::Connection;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};
use uuid::Uuid;

use crate::{AppError, Result};

/// How many steps are kept: the oldest goes when a new one would be the 51st.
pub const STEPS: usize = 50;

keyplan_domain::choice! {
    /// What a step did, as the window names it in "Undo …": `status` is an action marked done
    /// or open again; `label` a tier or stage set by hand, or an account marked lost; `link` an
    /// opportunity put in a plan or taken out.
    Action {
        Create = "create",
        Edit = "edit",
        Delete = "delete",
        Status = "status",
        Label = "label",
        Link = "link",
    }
}

/// A step as the window shows it: what was done, to which record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepInfo {
    pub action: Action,
    pub kind: RecordKind,
    pub id: Uuid,
    /// The record's name or title, for the toast ("Undone: delete Acme"); None if it has none.
    pub name: Option<String>,
}

/// What can be undone and redone next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UndoState {
    pub undo: Option<StepInfo>,
    pub redo: Option<StepInfo>,
}

/// A record as the store holds it: its creation time and its fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Image {
    created: String,
    values: Values,
}

impl Image {
    fn live(&self) -> bool {
        self.values.get("deleted_at").is_none_or(Value::is_null)
    }
}

/// One record a step changed.
#[derive(Debug, Clone)]
struct Change {
    kind: RecordKind,
    id: Uuid,
    /// None: the step made it.
    before: Option<Image>,
    after: Option<Image>,
}

#[derive(Debug, Clone)]
struct Step {
    info: StepInfo,
    changes: Vec<Change>,
}

/// The records a step may change and their images before it ran.
#[derive(Debug)]
pub(crate) struct Before {
    records: Vec<(RecordKind, Uuid, Option<Image>)>,
}

/// The session's steps. Off until the window turns it on: the command line undoes nothing.
#[derive(Debug, Default)]
pub struct History {
    on: bool,
    done: Vec<Step>,
    undone: Vec<Step>,
}

/// How far a step may reach from the record it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The record alone (an edit).
    Record,
    /// The record and everything that refers to it, and what belongs to those (a delete: an
    /// account's contacts, plans and their items; the contacts that reported to a contact).
    Around,
}

fn read(c: &Connection, kind: RecordKind, id: Uuid) -> Result<Option<Image>> {
    Ok(ss::read(c, kind.schema(), id)?.map(|(created, values)| Image { created, values }))
}

/// The record and, for [`Reach::Around`], every record that names it, following what belongs to
/// those in turn (a reference that is not a parent is followed one step: it is cleared, not
/// deleted).
fn reach(
    c: &Connection,
    kind: RecordKind,
    id: Uuid,
    how: Reach,
) -> Result<Vec<(RecordKind, Uuid)>> {
    let mut out = vec![(kind, id)];
    if how == Reach::Record {
        return Ok(out);
    }
    let mut seen: BTreeSet<Uuid> = BTreeSet::from([id]);
    let mut queue = VecDeque::from([(kind, id)]);
    while let Some((target_kind, target)) = queue.pop_front() {
        for k in schema::kinds() {
            for (field, refers_to) in k.references() {
                if refers_to != target_kind {
                    continue;
                }
                let belongs = k.parent.is_some_and(|(parent, _)| parent == field);
                for found in ss::referencing(c, k, field, target)? {
                    if seen.insert(found) {
                        out.push((k.kind, found));
                        if belongs {
                            queue.push_back((k.kind, found));
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

fn name_of(image: Option<&Image>) -> Option<String> {
    let values = &image?.values;
    ["name", "title", "description", "statement", "text"]
        .iter()
        .find_map(|f| values.get(*f).and_then(Value::as_str))
        .map(str::to_string)
}

impl History {
    /// Keeps steps from now on (the window does; a new session starts empty).
    pub fn turn_on(&mut self) {
        self.on = true;
    }

    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Forgets every step: after a restore, an import or a merge the images no longer describe
    /// the book (those are undone by restoring the backup taken before them).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
    }

    /// The step an undo (`back`) or redo would take next, and whether it changes nothing.
    pub(crate) fn peek(&self, back: bool) -> Option<(StepInfo, bool)> {
        let step = if back { self.done.last() } else { self.undone.last() }?;
        Some((step.info.clone(), step.changes.is_empty()))
    }

    pub fn state(&self) -> UndoState {
        UndoState {
            undo: self.done.last().map(|s| s.info.clone()),
            redo: self.undone.last().map(|s| s.info.clone()),
        }
    }

    /// Reads the records a step on (`kind`, `id`) may change, before it runs.
    pub(crate) fn before(c: &Connection, kind: RecordKind, id: Uuid, how: Reach) -> Result<Before> {
        let records = reach(c, kind, id, how)?
            .into_iter()
            .map(|(k, i)| Ok((k, i, read(c, k, i)?)))
            .collect::<Result<_>>()?;
        Ok(Before { records })
    }

    /// Keeps the step that just ran: what `before` read, read again now, and what it made
    /// (`made`, with what belongs to it: a review held on a plan). A step that changed nothing is
    /// kept too, as nothing to take back: the Undo of its message must not take back the edit
    /// before it.
    pub(crate) fn record(
        &mut self,
        c: &Connection,
        action: Action,
        named: (RecordKind, Uuid),
        before: Before,
        made: Option<(RecordKind, Uuid)>,
    ) -> Result<()> {
        let before_named = named.1;
        let name =
            before.records.iter().find(|r| r.1 == named.1).and_then(|r| name_of(r.2.as_ref()));
        let mut changes = Vec::new();
        let mut seen = BTreeSet::new();
        for (kind, id, was) in before.records {
            seen.insert(id);
            let now = read(c, kind, id)?;
            if now != was {
                changes.push(Change { kind, id, before: was, after: now });
            }
        }
        if let Some((kind, id)) = made {
            for (k, i) in reach(c, kind, id, Reach::Around)? {
                if seen.insert(i) {
                    changes.push(Change { kind: k, id: i, before: None, after: read(c, k, i)? });
                }
            }
        }
        // A step that made something is named by what it made ("added a plan review").
        let named = match made {
            Some(m) if action == Action::Create => m,
            _ => named,
        };
        self.keep(action, named, name.filter(|_| named.1 == before_named), changes);
        Ok(())
    }

    /// Keeps the step that made (`kind`, `id`) and what belongs to it (a plan's sections).
    pub(crate) fn record_made(&mut self, c: &Connection, kind: RecordKind, id: Uuid) -> Result<()> {
        let nothing_before = Before { records: Vec::new() };
        self.record(c, Action::Create, (kind, id), nothing_before, Some((kind, id)))
    }

    fn keep(
        &mut self,
        action: Action,
        (kind, id): (RecordKind, Uuid),
        name: Option<String>,
        changes: Vec<Change>,
    ) {
        let named = changes.iter().find(|ch| ch.id == id);
        let name = named.and_then(|ch| name_of(ch.after.as_ref().or(ch.before.as_ref()))).or(name);
        self.done.push(Step { info: StepInfo { action, kind, id, name }, changes });
        if self.done.len() > STEPS {
            self.done.remove(0);
        }
        self.undone.clear();
    }

    /// Takes back the last step, writing inside `c`'s transaction; None if there is none. The
    /// step moves to the redo list only once the caller's write has committed ([`Self::settle`]).
    pub(crate) fn undo(&mut self, c: &Connection, now: &str) -> Result<Option<StepInfo>> {
        let Some(step) = self.done.last() else { return Ok(None) };
        put(c, &step.changes, Direction::Back, now)?;
        Ok(Some(step.info.clone()))
    }

    /// Does again the last step undone; None if there is none.
    pub(crate) fn redo(&mut self, c: &Connection, now: &str) -> Result<Option<StepInfo>> {
        let Some(step) = self.undone.last() else { return Ok(None) };
        put(c, &step.changes, Direction::Forth, now)?;
        Ok(Some(step.info.clone()))
    }

    /// After an undo (`back`) or redo committed, moves its step to the other list; after one
    /// was refused because the book changed under it, forgets every step (they no longer
    /// describe the book).
    pub(crate) fn settle(&mut self, back: bool, committed: bool) {
        if !committed {
            self.clear();
            return;
        }
        let (from, to) = if back {
            (&mut self.done, &mut self.undone)
        } else {
            (&mut self.undone, &mut self.done)
        };
        if let Some(step) = from.pop() {
            to.push(step);
        }
    }

    /// The accounts whose facts a step changed, if it changed only one account's (and did not
    /// delete or restore an account): the analysis then reloads only that one.
    pub(crate) fn one_account(&self, back: bool, c: &Connection) -> Option<Uuid> {
        let step = if back { self.undone.last() } else { self.done.last() }?;
        let mut accounts = BTreeSet::new();
        for ch in &step.changes {
            let image = ch.after.as_ref().or(ch.before.as_ref())?;
            let account = match ch.kind {
                RecordKind::Account => {
                    if ch.before.as_ref().map(Image::live) != ch.after.as_ref().map(Image::live) {
                        return None;
                    }
                    ch.id
                }
                _ => account_of(c, image)?,
            };
            accounts.insert(account);
        }
        match accounts.len() {
            1 => accounts.pop_first(),
            _ => None,
        }
    }
}

fn id_field(values: &Values, field: &str) -> Option<Uuid> {
    values.get(field).and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok())
}

/// The account a record belongs to, directly or through its plan.
fn account_of(c: &Connection, image: &Image) -> Option<Uuid> {
    if let Some(account) = id_field(&image.values, "account_id") {
        return Some(account);
    }
    let plan = id_field(&image.values, "plan_id")?;
    let plan = read(c, RecordKind::Plan, plan).ok()??;
    id_field(&plan.values, "account_id")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Back,
    Forth,
}

/// Whether the record stands as `expected` says (absent or deleted, for a record not yet made).
fn stands_as(now: Option<&Image>, expected: Option<&Image>) -> bool {
    match (now, expected) {
        (None, None) => true,
        (Some(now), None) => !now.live(),
        (now, Some(expected)) => now == Some(expected),
    }
}

/// Writes each record of a step as it stood before (`Back`) or after (`Forth`) it, parents
/// first. Refuses, writing nothing, if any record is no longer as the step left it.
fn put(c: &Connection, changes: &[Change], way: Direction, now: &str) -> Result<()> {
    let mut current = Vec::with_capacity(changes.len());
    for ch in changes {
        let stands = read(c, ch.kind, ch.id)?;
        let left = if way == Direction::Back { &ch.after } else { &ch.before };
        if !stands_as(stands.as_ref(), left.as_ref()) {
            return Err(AppError::Conflict(format!(
                "the {} {} changed after this step (a merge or another window); it cannot be \
                 taken back",
                keyplan_store::spoken(ch.kind.name()),
                ch.id
            )));
        }
        current.push(stands);
    }
    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|i| changes.get(*i).map(|ch| ch.kind.order()));
    for i in order {
        let (Some(ch), Some(stands)) = (changes.get(i), current.get(i)) else { continue };
        let target = if way == Direction::Back { &ch.before } else { &ch.after };
        let kind = ch.kind.schema();
        match (target, stands) {
            (Some(image), _) => {
                ss::write_checked(c, kind, ch.id, &image.created, now, &image.values)?;
            }
            // A record the step made: deleted again (a tombstone, as any delete).
            (None, Some(image)) if image.live() => {
                let mut values = image.values.clone();
                values.insert("deleted_at".into(), Value::String(now.to_string()));
                ss::write_checked(c, kind, ch.id, &image.created, now, &values)?;
            }
            (None, _) => {}
        }
    }
    Ok(())
}
