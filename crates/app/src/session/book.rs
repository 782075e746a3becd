//! Accounts and the records kept under them.

use keyplan_domain::account::{AccountFacets, Page};
use keyplan_domain::{Account, AccountInput, AccountQuery, Record};
use uuid::Uuid;

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
        accounts::create_account(&mut self.db, input)
    }

    pub fn update_account(&mut self, id: Uuid, input: &AccountInput) -> Result<Account> {
        let account = accounts::update_account(&mut self.db, id, input)?;
        self.wrote(Some(id));
        Ok(account)
    }

    pub fn delete_account(&mut self, id: Uuid) -> Result<()> {
        accounts::delete_account(&mut self.db, id)
    }

    pub fn create<K: AccountRecord>(
        &mut self,
        account_id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = records::create::<K>(&mut self.db, account_id, input)?;
        self.wrote(Some(account_id));
        Ok(record)
    }

    pub fn update<K: AccountRecord>(
        &mut self,
        id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = records::update::<K>(&mut self.db, id, input)?;
        self.wrote(Some(K::account_id(&record.fields)));
        Ok(record)
    }

    pub fn delete<K: AccountRecord>(&mut self, id: Uuid) -> Result<()> {
        records::delete::<K>(&mut self.db, id)
    }

    /// Puts an opportunity in one of its account's plans (None: in none).
    pub fn link_opportunity(
        &mut self,
        id: Uuid,
        plan: Option<Uuid>,
    ) -> Result<Record<keyplan_domain::OpportunityFields>> {
        let record = records::link_opportunity(&mut self.db, id, plan)?;
        self.wrote(Some(record.fields.account_id));
        Ok(record)
    }
}
