//! Create, edit, list and delete for the records kept under an account (contacts, interactions,
//! transactions, surveys, opportunities). They share one shape — validate, check against what
//! is stored, write in one transaction — so they share one implementation, and each kind says
//! only what is particular to it.

use chrono::{DateTime, Utc};
use keyplan_domain::contact::check_reports_to;
use keyplan_domain::{
    ContactFields, ContactInput, InteractionFields, InteractionInput, Meta, OpportunityFields,
    OpportunityInput, Problem, Record, SurveyFields, SurveyInput, TransactionFields,
    TransactionInput, ValidationErrors,
};
use keyplan_store::{self as store, Connection, Db, StoreError};
use uuid::Uuid;

use crate::{now, AppError, Result};

type StoreResult<T> = std::result::Result<T, StoreError>;

/// A kind of record that belongs to an account.
pub trait AccountRecord {
    type Input;
    type Fields;
    /// The kind of record it is (its name in bundles, undo steps and messages).
    const KIND: keyplan_domain::RecordKind;

    fn validate(input: &Self::Input, account_id: Uuid) -> Result<Self::Fields, ValidationErrors>;
    fn account_id(fields: &Self::Fields) -> Uuid;
    /// Rules that need the store (a contact from the same account, no reporting cycle).
    fn check(_c: &Connection, _me: Uuid, _fields: &Self::Fields) -> Result<()> {
        Ok(())
    }
    fn insert(c: &Connection, r: &Record<Self::Fields>) -> StoreResult<()>;
    fn update(c: &Connection, id: Uuid, f: &Self::Fields, now: DateTime<Utc>) -> StoreResult<()>;
    fn get(c: &Connection, id: Uuid) -> StoreResult<Record<Self::Fields>>;
    fn list(c: &Connection, account_id: Uuid) -> StoreResult<Vec<Record<Self::Fields>>>;
    fn delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> StoreResult<()>;
}

/// Adds a record under a live account.
pub fn create<K: AccountRecord>(
    db: &mut Db,
    account_id: Uuid,
    input: &K::Input,
) -> Result<Record<K::Fields>> {
    let fields = K::validate(input, account_id)?;
    db.write(|c| {
        store::accounts::get(c, account_id)?;
        let record = Record { meta: Meta::new(now()), fields };
        K::check(c, record.id(), &record.fields)?;
        K::insert(c, &record)?;
        Ok(record)
    })
}

/// Replaces a record's fields; the account it belongs to never changes.
pub fn update<K: AccountRecord>(
    db: &mut Db,
    id: Uuid,
    input: &K::Input,
) -> Result<Record<K::Fields>> {
    db.write(|c| {
        let existing = K::get(c, id)?;
        let fields = K::validate(input, K::account_id(&existing.fields))?;
        K::check(c, id, &fields)?;
        K::update(c, id, &fields, now())?;
        Ok(K::get(c, id)?)
    })
}

/// The account's live records of this kind, in the kind's natural order.
pub fn list<K: AccountRecord>(db: &Db, account_id: Uuid) -> Result<Vec<Record<K::Fields>>> {
    let c = db.conn();
    store::accounts::get(c, account_id)?;
    Ok(K::list(c, account_id)?)
}

/// Deletes (tombstones) one record.
pub fn delete<K: AccountRecord>(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| Ok(K::delete(c, id, now())?))
}

/// Links an opportunity to one of its account's plans, or (None) to no plan.
pub fn link_opportunity(
    db: &mut Db,
    id: Uuid,
    plan: Option<Uuid>,
) -> Result<Record<OpportunityFields>> {
    db.write(|c| {
        let existing = store::opportunities::get(c, id)?;
        let fields = OpportunityFields { plan_id: plan, ..existing.fields };
        <Opportunities as AccountRecord>::check(c, id, &fields)?;
        store::opportunities::update(c, id, &fields, now())?;
        Ok(store::opportunities::get(c, id)?)
    })
}

/// Fails with `field` if `contact` is not a live contact of `account_id`.
pub(crate) fn contact_of_account(
    c: &Connection,
    field: &str,
    account_id: Uuid,
    contact: Uuid,
) -> Result<()> {
    match store::contacts::get(c, contact) {
        Ok(found) if found.fields.account_id == account_id => Ok(()),
        Ok(_) => Err(AppError::field(field, Problem::OtherAccount)),
        Err(StoreError::NotFound { .. }) => Err(AppError::field(field, Problem::NotFound)),
        Err(e) => Err(e.into()),
    }
}

/// Fails on `plan_id` unless `plan` is a live plan of `account_id`.
fn plan_of_account(c: &Connection, account_id: Uuid, plan: Uuid) -> Result<()> {
    use store::plans::{self, Plans};
    match plans::get::<Plans>(c, plan) {
        Ok(found) if found.fields.account_id == account_id => Ok(()),
        Ok(_) => Err(AppError::field("plan_id", Problem::OtherAccount)),
        Err(StoreError::NotFound { .. }) => Err(AppError::field("plan_id", Problem::NotFound)),
        Err(e) => Err(e.into()),
    }
}

/// Implements [`AccountRecord`] for a kind from its store module and input type.
macro_rules! account_record {
    ($(#[$m:meta])* $kind:ident, $record:ident, $module:ident, $input:ty, $fields:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy)]
        pub struct $kind;


        impl AccountRecord for $kind {
            type Input = $input;
            type Fields = $fields;
            const KIND: keyplan_domain::RecordKind = keyplan_domain::RecordKind::$record;
            fn validate(input: &$input, account_id: Uuid) -> Result<$fields, ValidationErrors> {
                input.validate(account_id)
            }
            fn account_id(fields: &$fields) -> Uuid {
                fields.account_id
            }
            account_record!(@check $kind);
            fn insert(c: &Connection, r: &Record<$fields>) -> StoreResult<()> {
                store::$module::insert(c, r)
            }
            fn update(c: &Connection, id: Uuid, f: &$fields, now: DateTime<Utc>) -> StoreResult<()> {
                store::$module::update(c, id, f, now)
            }
            fn get(c: &Connection, id: Uuid) -> StoreResult<Record<$fields>> {
                store::$module::get(c, id)
            }
            fn list(c: &Connection, account_id: Uuid) -> StoreResult<Vec<Record<$fields>>> {
                store::$module::list_for_account(c, account_id)
            }
            fn delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
                store::$module::soft_delete(c, id, now)
            }
        }
    };
    (@check Contacts) => {
        fn check(c: &Connection, me: Uuid, f: &ContactFields) -> Result<()> {
            if let Some(boss) = f.reports_to {
                let chart = store::contacts::chart_around(c, f.account_id, boss)?;
                check_reports_to(me, f.account_id, boss, &chart)?;
            }
            Ok(())
        }
    };
    (@check Interactions) => {
        fn check(c: &Connection, _me: Uuid, f: &InteractionFields) -> Result<()> {
            for contact in &f.contact_ids {
                contact_of_account(c, "contact_ids", f.account_id, *contact)?;
            }
            Ok(())
        }
    };
    (@check Surveys) => {
        fn check(c: &Connection, _me: Uuid, f: &SurveyFields) -> Result<()> {
            match f.contact_id {
                Some(contact) => contact_of_account(c, "contact_id", f.account_id, contact),
                None => Ok(()),
            }
        }
    };
    (@check Opportunities) => {
        fn check(c: &Connection, _me: Uuid, f: &OpportunityFields) -> Result<()> {
            match f.plan_id {
                Some(plan) => plan_of_account(c, f.account_id, plan),
                None => Ok(()),
            }
        }
    };
    (@check $other:ident) => {};
}

account_record!(
    /// Contacts 联系人, with the org-chart rules.
    Contacts, Contact, contacts, ContactInput, ContactFields
);
account_record!(
    /// Interactions 互动记录, whose contacts must be the account's.
    Interactions, Interaction, interactions, InteractionInput, InteractionFields
);
account_record!(
    /// Transactions 交易.
    Transactions, Transaction, transactions, TransactionInput, TransactionFields
);
account_record!(
    /// Survey responses 满意度调查, whose contact must be the account's.
    Surveys, Survey, surveys, SurveyInput, SurveyFields
);
account_record!(
    /// Opportunities 商机.
    Opportunities, Opportunity, opportunities, OpportunityInput, OpportunityFields
);
