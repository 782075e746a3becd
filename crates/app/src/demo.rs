//! Loading the demo portfolio: the same one the CLI's `demo` and the app's empty state offer.

use keyplan_domain::demo::{generate, DemoSpec};
use keyplan_store::{self as store, Db};
use serde::Serialize;

use crate::{AppError, Result};

/// How many records the demo wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub accounts: usize,
    pub contacts: usize,
    pub interactions: usize,
    pub transactions: usize,
    pub surveys: usize,
    pub opportunities: usize,
}

/// Writes the demo portfolio in one transaction. Only into an empty portfolio: mixing invented
/// customers with real ones would be hard to undo.
pub fn load_demo(db: &mut Db, spec: &DemoSpec) -> Result<DemoSummary> {
    let p = generate(spec);
    db.write(|c| {
        let existing = store::accounts::count(c)?;
        if existing > 0 {
            return Err(AppError::Conflict(format!(
                "the portfolio already has {existing} accounts; the demo loads only into an empty one \
                 (use a new database with --db)"
            )));
        }
        for r in &p.accounts {
            store::accounts::insert(c, r)?;
        }
        for r in &p.contacts {
            store::contacts::insert(c, r)?;
        }
        for r in &p.interactions {
            store::interactions::insert(c, r)?;
        }
        for r in &p.transactions {
            store::transactions::insert(c, r)?;
        }
        for r in &p.surveys {
            store::surveys::insert(c, r)?;
        }
        for r in &p.opportunities {
            store::opportunities::insert(c, r)?;
        }
        Ok(DemoSummary {
            accounts: p.accounts.len(),
            contacts: p.contacts.len(),
            interactions: p.interactions.len(),
            transactions: p.transactions.len(),
            surveys: p.surveys.len(),
            opportunities: p.opportunities.len(),
        })
    })
}
