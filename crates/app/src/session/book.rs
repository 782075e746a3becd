//! Accounts and the records kept under them.

use keyplan_domain::account::{AccountFacets, Page};
use keyplan_domain::{Account, AccountInput, AccountQuery, Record, RecordKind};
use uuid::Uuid;

use crate::undo::{Action, Reach};
use crate::{accounts, records, AccountDetail, AccountRecord, Result};

use super::Session;

impl Session {
    pub fn list_accounts(&self, query: &AccountQuery) -> Result<Page<Account>> {
        accounts::list_accounts(&self.db, query)
    }

    pub fn account_facets(&self) -> Result<AccountFacets> {
        accounts::account_facets(&self.db)
    }

    pub fn account_detail(&self, id: Uuid) -> Result<AccountDetail> {
        accounts::account_detail(&self.db, id)
    }

    /// An account by id, or by name (exact after normalising), for the CLI.
    pub fn find_account(&self, name_or_id: &str) -> Result<Account> {
        accounts::find_account(&self.db, name_or_id)
    }

    pub fn create_account(&mut self, input: &AccountInput) -> Result<Account> {
        self.making(
            RecordKind::Account,
            |s| accounts::create_account(&mut s.db, input),
            Account::id,
        )
    }

    pub fn update_account(&mut self, id: Uuid, input: &AccountInput) -> Result<Account> {
        let account = self.step(Action::Edit, (RecordKind::Account, id), Reach::Record, |s| {
            accounts::update_account(&mut s.db, id, input)
        })?;
        self.wrote(Some(id));
        Ok(account)
    }

    /// Deletes the account and everything kept under it (one undo step brings all back).
    pub fn delete_account(&mut self, id: Uuid) -> Result<()> {
        self.step(Action::Delete, (RecordKind::Account, id), Reach::Around, |s| {
            accounts::delete_account(&mut s.db, id)
        })
    }

    pub fn create<K: AccountRecord>(
        &mut self,
        account_id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = self.making(
            K::KIND,
            |s| records::create::<K>(&mut s.db, account_id, input),
            Record::id,
        )?;
        self.wrote(Some(account_id));
        Ok(record)
    }

    pub fn update<K: AccountRecord>(
        &mut self,
        id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = self.step(Action::Edit, (K::KIND, id), Reach::Record, |s| {
            records::update::<K>(&mut s.db, id, input)
        })?;
        self.wrote(Some(K::account_id(&record.fields)));
        Ok(record)
    }

    pub fn delete<K: AccountRecord>(&mut self, id: Uuid) -> Result<()> {
        self.step(Action::Delete, (K::KIND, id), Reach::Around, |s| {
            records::delete::<K>(&mut s.db, id)
        })
    }

    /// Puts an opportunity in one of its account's plans (None: in none).
    pub fn link_opportunity(
        &mut self,
        id: Uuid,
        plan: Option<Uuid>,
    ) -> Result<Record<keyplan_domain::OpportunityFields>> {
        let record =
            self.step(Action::Link, (RecordKind::Opportunity, id), Reach::Record, |s| {
                records::link_opportunity(&mut s.db, id, plan)
            })?;
        self.wrote(Some(record.fields.account_id));
        Ok(record)
    }
}
