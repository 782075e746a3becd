//! The portfolio at a glance (the analytics issue replaces this with tiers, quadrants, KPIs).

use chrono::{Duration, NaiveDate};
use keyplan_domain::Money;
use keyplan_store::{self as store, Db};
use serde::Serialize;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub as_of: NaiveDate,
    pub accounts: u64,
    /// Revenue in the 365 days ending `as_of`, and in the 365 days before.
    pub revenue_12m: Money,
    pub revenue_prev_12m: Money,
    pub open_pipeline: Money,
}

pub fn portfolio_overview(db: &Db, as_of: NaiveDate) -> Result<Overview> {
    let c = db.conn();
    let year = Duration::days(365);
    Ok(Overview {
        as_of,
        accounts: store::accounts::count(c)?,
        revenue_12m: Money(store::transactions::revenue_between(c, as_of - year, as_of)?),
        revenue_prev_12m: Money(store::transactions::revenue_between(
            c,
            as_of - year - year,
            as_of - year,
        )?),
        open_pipeline: Money(store::opportunities::open_pipeline(c)?),
    })
}
