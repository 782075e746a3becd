//! Accounts and contacts from a file: matched by external id, else by normalised name, and then
//! created, updated or skipped, or reported, as `--on-duplicate` says.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use keyplan_domain::text::name_key;
use keyplan_domain::{
    AccountFields, AccountInput, AccountPatch, ContactFields, ContactInput, ContactPatch, Meta,
    Problem, Record,
};
use keyplan_formats::import::parse::{AccountRow, ContactRow};
use keyplan_formats::import::{OnDuplicate, Reason, RowError};
use keyplan_store::{self as store, imports, Connection};
use uuid::Uuid;

use super::{ImportSummary, Plan};
use crate::{now, Result};

pub(crate) enum Op<F> {
    Create { fields: F, external_id: Option<String> },
    Update { id: Uuid, fields: F, external_id: Option<String> },
    Skip,
}

/// How one record kind is written: accounts and contacts differ only in these three calls.
pub(crate) trait Upsert {
    type Fields: Clone;
    fn insert(c: &Connection, r: &Record<Self::Fields>) -> store::Result<()>;
    fn update(c: &Connection, id: Uuid, f: &Self::Fields, now: DateTime<Utc>) -> store::Result<()>;
    fn set_external_id(c: &Connection, id: Uuid, external_id: &str) -> store::Result<()>;
}

pub(crate) struct Accounts;
pub(crate) struct Contacts;

impl Upsert for Accounts {
    type Fields = AccountFields;
    fn insert(c: &Connection, r: &Record<AccountFields>) -> store::Result<()> {
        store::accounts::insert(c, r)
    }
    fn update(
        c: &Connection,
        id: Uuid,
        f: &AccountFields,
        now: DateTime<Utc>,
    ) -> store::Result<()> {
        store::accounts::update(c, id, f, now)
    }
    fn set_external_id(c: &Connection, id: Uuid, external_id: &str) -> store::Result<()> {
        imports::set_account_external_id(c, id, external_id)
    }
}

impl Upsert for Contacts {
    type Fields = ContactFields;
    fn insert(c: &Connection, r: &Record<ContactFields>) -> store::Result<()> {
        store::contacts::insert(c, r)
    }
    fn update(
        c: &Connection,
        id: Uuid,
        f: &ContactFields,
        now: DateTime<Utc>,
    ) -> store::Result<()> {
        store::contacts::update(c, id, f, now)
    }
    fn set_external_id(c: &Connection, id: Uuid, external_id: &str) -> store::Result<()> {
        imports::set_contact_external_id(c, id, external_id)
    }
}

/// The creates, updates and skips an accounts or contacts file comes to.
pub(crate) struct UpsertOps<K: Upsert>(Vec<Op<K::Fields>>);

impl<K: Upsert> UpsertOps<K> {
    pub(crate) fn apply(&self, c: &Connection, s: &mut ImportSummary) -> Result<()> {
        let now = now();
        for op in &self.0 {
            let (id, external_id) = match op {
                Op::Create { fields, external_id } => {
                    let r = Record { meta: Meta::new(now), fields: fields.clone() };
                    K::insert(c, &r)?;
                    s.created += 1;
                    (r.id(), external_id)
                }
                Op::Update { id, fields, external_id } => {
                    K::update(c, *id, fields, now)?;
                    s.updated += 1;
                    (*id, external_id)
                }
                Op::Skip => {
                    s.skipped += 1;
                    continue;
                }
            };
            if let Some(ext) = external_id {
                K::set_external_id(c, id, ext)?;
            }
        }
        Ok(())
    }
}

/// Remembers the first row of each identity in the file; a repeat is a problem whatever the
/// policy, since the file contradicts itself.
#[derive(Default)]
struct SeenInFile(HashMap<String, u32>);

impl SeenInFile {
    fn first(&mut self, identity: String, row: u32) -> Option<u32> {
        match self.0.get(&identity) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(identity, row);
                None
            }
        }
    }
}

/// What to do with a row that matched an existing record, per the policy.
fn on_match(plan: &Plan<'_>, existing: Option<Uuid>) -> Result<Option<Uuid>, Reason> {
    match (existing, plan.policy) {
        (None, _) => Ok(None),
        (Some(_), OnDuplicate::Error) => Err(Reason::AlreadyExists),
        (Some(id), _) => Ok(Some(id)),
    }
}

/// The stored account with the values the file gives; a blank cell keeps what is stored.
fn merge_account(old: &AccountFields, new: &AccountInput) -> AccountInput {
    AccountPatch::of_present(new).applied(AccountInput::from(old))
}

pub(crate) fn plan_accounts(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[AccountRow],
    errors: &mut Vec<RowError>,
) -> Result<UpsertOps<Accounts>> {
    let keys = imports::account_keys(c)?;
    let mut seen = SeenInFile::default();
    let mut ops = Vec::with_capacity(rows.len());
    for r in rows {
        let key = name_key(&r.input.name);
        let (field, identity) = match &r.external_id {
            Some(ext) => ("external_id", format!("id:{ext}")),
            None => ("name", format!("name:{key}")),
        };
        let shown = r.external_id.as_deref().unwrap_or(&r.input.name);
        if let Some(first_row) = seen.first(identity, r.pos.row) {
            errors.push(plan.error(r.pos, field, shown, Reason::RepeatedInFile { first_row }));
            continue;
        }
        let existing = r
            .external_id
            .as_ref()
            .and_then(|e| keys.by_external_id.get(e))
            .or_else(|| keys.by_name.get(&key))
            .copied();
        let op = match on_match(plan, existing) {
            Err(reason) => {
                errors.push(plan.error(r.pos, field, shown, reason));
                continue;
            }
            Ok(Some(_)) if plan.policy == OnDuplicate::Skip => Op::Skip,
            Ok(Some(id)) => {
                if keys.by_name.get(&key).is_some_and(|other| *other != id) {
                    let dup = Reason::Invalid { problem: Problem::Duplicate };
                    errors.push(plan.error(r.pos, "name", &r.input.name, dup));
                    continue;
                }
                let old = store::accounts::get(c, id)?;
                match merge_account(&old.fields, &r.input).validate() {
                    Ok(fields) => Op::Update { id, fields, external_id: r.external_id.clone() },
                    Err(e) => {
                        plan.invalid(r.pos, e, errors);
                        continue;
                    }
                }
            }
            Ok(None) => match r.input.validate() {
                Ok(fields) => Op::Create { fields, external_id: r.external_id.clone() },
                Err(e) => {
                    plan.invalid(r.pos, e, errors);
                    continue;
                }
            },
        };
        ops.push(op);
    }
    Ok(UpsertOps(ops))
}

/// The stored contact with the values the file gives; a blank cell keeps what is stored.
fn merge_contact(old: &ContactFields, new: &ContactInput) -> ContactInput {
    ContactPatch::of_present(new).applied(ContactInput::from(old))
}

pub(crate) fn plan_contacts(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[ContactRow],
    errors: &mut Vec<RowError>,
) -> Result<UpsertOps<Contacts>> {
    let accounts = imports::account_keys(c)?;
    let keys = imports::contact_keys(c)?;
    let mut seen = SeenInFile::default();
    let mut ops = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(account) = plan.account(&accounts, r.pos, &r.account, errors) else {
            continue;
        };
        let key = name_key(&r.input.name);
        let (field, identity) = match &r.external_id {
            Some(ext) => ("external_id", format!("{account}:id:{ext}")),
            None => ("name", format!("{account}:name:{key}")),
        };
        let shown = r.external_id.as_deref().unwrap_or(&r.input.name);
        if let Some(first_row) = seen.first(identity, r.pos.row) {
            errors.push(plan.error(r.pos, field, shown, Reason::RepeatedInFile { first_row }));
            continue;
        }
        let existing = r
            .external_id
            .as_ref()
            .and_then(|e| keys.by_external_id.get(&(account, e.clone())))
            .or_else(|| keys.by_name.get(&(account, key.clone())))
            .copied();
        let input = match on_match(plan, existing) {
            Err(reason) => {
                errors.push(plan.error(r.pos, field, shown, reason));
                continue;
            }
            Ok(Some(_)) if plan.policy == OnDuplicate::Skip => {
                ops.push(Op::Skip);
                continue;
            }
            Ok(Some(id)) => {
                (Some(id), merge_contact(&store::contacts::get(c, id)?.fields, &r.input))
            }
            Ok(None) => (None, r.input.clone()),
        };
        match input.1.validate(account) {
            Ok(fields) => ops.push(match input.0 {
                Some(id) => Op::Update { id, fields, external_id: r.external_id.clone() },
                None => Op::Create { fields, external_id: r.external_id.clone() },
            }),
            Err(e) => {
                plan.invalid(r.pos, e, errors);
            }
        }
    }
    Ok(UpsertOps(ops))
}
