//! Account use cases.

use keyplan_domain::account::{AccountFacets, Page};
use keyplan_domain::{
    Account, AccountFields, AccountInput, AccountQuery, Contact, Interaction, Meta, Money,
    Opportunity, Problem, Record, Survey, Transaction,
};
use keyplan_store::{self as store, Connection, Db};
use serde::Serialize;
use uuid::Uuid;

use crate::{now, AppError, Result};

/// Refuses a name another live account already has (after normalising case, width, spaces).
fn check_unique_name(c: &Connection, fields: &AccountFields, me: Option<Uuid>) -> Result<()> {
    match store::accounts::find_by_name(c, &fields.name)? {
        Some(other) if Some(other) != me => Err(AppError::field("name", Problem::Duplicate)),
        _ => Ok(()),
    }
}

pub fn create_account(db: &mut Db, input: &AccountInput) -> Result<Account> {
    let fields = input.validate()?;
    db.write(|c| {
        check_unique_name(c, &fields, None)?;
        let account = Record { meta: Meta::new(now()), fields };
        store::accounts::insert(c, &account)?;
        Ok(account)
    })
}

pub fn update_account(db: &mut Db, id: Uuid, input: &AccountInput) -> Result<Account> {
    let fields = input.validate()?;
    db.write(|c| {
        check_unique_name(c, &fields, Some(id))?;
        store::accounts::update(c, id, &fields, now())?;
        Ok(store::accounts::get(c, id)?)
    })
}

pub fn get_account(db: &Db, id: Uuid) -> Result<Account> {
    Ok(store::accounts::get(db.conn(), id)?)
}

/// An account by id, or else by its name (matched as a person would: case, width, spaces).
pub fn find_account(db: &Db, name_or_id: &str) -> Result<Account> {
    let c = db.conn();
    if let Ok(id) = Uuid::parse_str(name_or_id.trim()) {
        return Ok(store::accounts::get(c, id)?);
    }
    match store::accounts::find_by_name(c, name_or_id)? {
        Some(id) => Ok(store::accounts::get(c, id)?),
        None => Err(AppError::not_found("account", format!("{:?}", name_or_id.trim()))),
    }
}

pub fn list_accounts(db: &Db, query: &AccountQuery) -> Result<Page<Account>> {
    Ok(store::accounts::list(db.conn(), query)?)
}

pub fn account_facets(db: &Db) -> Result<AccountFacets> {
    Ok(store::accounts::facets(db.conn())?)
}

/// Deletes the account and, with it, everything recorded under it (all tombstoned).
pub fn delete_account(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| Ok(store::accounts::soft_delete(c, id, now())?))
}

/// Everything on an account's page, read in one go.
#[derive(Debug, Clone, Serialize)]
pub struct AccountDetail {
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub transactions: Vec<Transaction>,
    pub surveys: Vec<Survey>,
    pub opportunities: Vec<Opportunity>,
    /// The account's plans, newest period first (the opportunity form links to one).
    pub plans: Vec<keyplan_domain::plan::Plan>,
    pub totals: AccountTotals,
}

/// Sums over the account's records, for the page's overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AccountTotals {
    pub revenue: Money,
    pub profit: Money,
    pub last_interaction: Option<chrono::NaiveDate>,
}

impl AccountTotals {
    fn of(transactions: &[Transaction], interactions: &[Interaction]) -> Self {
        AccountTotals {
            revenue: Money(transactions.iter().map(|t| t.fields.revenue.minor()).sum()),
            profit: Money(
                transactions.iter().filter_map(|t| t.fields.profit).map(Money::minor).sum(),
            ),
            last_interaction: interactions.iter().map(|i| i.fields.date).max(),
        }
    }
}

pub fn account_detail(db: &Db, id: Uuid) -> Result<AccountDetail> {
    let c = db.conn();
    let interactions = store::interactions::list_for_account(c, id)?;
    let transactions = store::transactions::list_for_account(c, id)?;
    Ok(AccountDetail {
        account: store::accounts::get(c, id)?,
        contacts: store::contacts::list_for_account(c, id)?,
        totals: AccountTotals::of(&transactions, &interactions),
        interactions,
        transactions,
        surveys: store::surveys::list_for_account(c, id)?,
        opportunities: store::opportunities::list_for_account(c, id)?,
        plans: store::plans::list_for_account(c, id)?,
    })
}
