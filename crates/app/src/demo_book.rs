//! Loading the demo portfolio: the same one the CLI's `demo` and the app's empty state offer.

use keyplan_demo::{generate, DemoPlans, DemoSpec};
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
    pub plans: usize,
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
        write_plans(c, &p.plans)?;
        // After the plans: an opportunity may be linked to one.
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
            plans: p.plans.plans.len(),
        })
    })
}

/// The plans (last year's before this year's, which point back to them), then their items.
fn write_plans(c: &store::Connection, p: &DemoPlans) -> Result<()> {
    use store::plans::{
        insert, Actions, Goals, Objectives, Plans, Resources, Reviews, Risks, Stakeholders,
        ValuePropositions,
    };
    for r in &p.plans {
        insert::<Plans>(c, r)?;
    }
    for r in &p.goals {
        insert::<Goals>(c, r)?;
    }
    for r in &p.objectives {
        insert::<Objectives>(c, r)?;
    }
    for r in &p.value_propositions {
        insert::<ValuePropositions>(c, r)?;
    }
    for r in &p.stakeholders {
        insert::<Stakeholders>(c, r)?;
    }
    for r in &p.actions {
        insert::<Actions>(c, r)?;
    }
    for r in &p.risks {
        insert::<Risks>(c, r)?;
    }
    for r in &p.resources {
        insert::<Resources>(c, r)?;
    }
    for r in &p.reviews {
        insert::<Reviews>(c, r)?;
    }
    Ok(())
}
