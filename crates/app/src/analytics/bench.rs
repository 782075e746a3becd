//! Timing the analytics on a real database, phase by phase, for `keyplan bench`. The recompute
//! measured is the app's path after an edit: the edit commits, the cached analysis is stale, the
//! portfolio is analysed again and its changes kept. The edit re-saves one transaction
//! unchanged, so the data stays as it was (only that row's updated_at moves).

use chrono::NaiveDate;
use keyplan_domain::analytics::analyze as analyze_all;
use keyplan_domain::TransactionInput;
use keyplan_store::{self as store, Db};
use serde::Serialize;
use std::time::{Duration, Instant};

use super::{refresh, settings, AnalysisCache};
use crate::{update, Result, Transactions};

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub as_of: NaiveDate,
    pub accounts: u64,
    pub transactions: u64,
    pub runs: usize,
    /// Medians, in milliseconds.
    pub load_ms: f64,
    pub compute_ms: f64,
    pub json_ms: f64,
    /// None when there is no transaction to edit.
    pub recompute_after_edit_ms: Option<f64>,
    /// The Plans page and the Actions page from today's cached analysis (None: no plan).
    pub plans: u64,
    pub plans_page_ms: Option<f64>,
    pub actions_page_ms: Option<f64>,
}

fn median_ms(mut v: Vec<Duration>) -> f64 {
    v.sort_unstable();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

pub fn bench(db: &mut Db, as_of: NaiveDate, runs: usize) -> Result<BenchReport> {
    let runs = runs.max(1);
    let s = settings::load(db.conn())?;
    let (mut load, mut compute, mut json) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let accounts = store::analytics::load(db, as_of)?;
        load.push(t.elapsed());
        let snapshots: Vec<_> = accounts.into_iter().map(|a| a.snapshot).collect();
        let t = Instant::now();
        let results = analyze_all(&snapshots, as_of, &s);
        compute.push(t.elapsed());
        let t = Instant::now();
        let bytes = serde_json::to_vec_pretty(&results)
            .map_err(|e| crate::AppError::Internal(format!("bench results: {e}")))?;
        json.push(t.elapsed());
        std::hint::black_box(bytes);
    }

    let mut cache = AnalysisCache::default();
    let a = cache.get(db, as_of)?;
    refresh(db, &a)?;
    cache.note_write(db, None);
    let mut edit = Vec::new();
    if let Some(t) = store::transactions::first_live(db.conn())? {
        let input = TransactionInput::from(&t.fields);
        for _ in 0..runs {
            let start = Instant::now();
            update::<Transactions>(db, t.id(), &input)?;
            cache.note_write(db, Some(t.fields.account_id));
            let a = cache.get(db, as_of)?;
            refresh(db, &a)?;
            cache.note_write(db, None);
            edit.push(start.elapsed());
        }
    }
    let a = cache.get(db, as_of)?;
    let plans = u64::try_from(store::plans::list_all(db.conn())?.len()).unwrap_or(0);
    let (mut plan_page, mut action_page) = (Vec::new(), Vec::new());
    if plans > 0 {
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(crate::plans::view::plan_rows(db, None, &a)?);
            plan_page.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(crate::plans::view::action_rows(db, as_of, None, false)?);
            action_page.push(t.elapsed());
        }
    }
    Ok(BenchReport {
        plans,
        plans_page_ms: (!plan_page.is_empty()).then(|| median_ms(plan_page)),
        actions_page_ms: (!action_page.is_empty()).then(|| median_ms(action_page)),
        as_of,
        accounts: store::accounts::count(db.conn())?,
        transactions: store::transactions::count(db.conn())?,
        runs,
        load_ms: median_ms(load),
        compute_ms: median_ms(compute),
        json_ms: median_ms(json),
        recompute_after_edit_ms: (!edit.is_empty()).then(|| median_ms(edit)),
    })
}
