//! Portfolio analytics use cases: analyse as of a date, keep what changed (tier and stage
//! history, alerts), and the views built on the analysis (dashboard, KPIs, segments, the
//! accounts table's labels). Labels are computed on demand, never stored per account.

mod bench;
mod dashboard;
mod kpis;
mod labels;
mod refresh;
mod segments;
mod settings;
mod table;

pub use bench::{bench, BenchReport};
pub use dashboard::{dashboard, Dashboard, ScatterPoint, TierSlice};
pub use kpis::{kpi_groups, KpiGroup};
pub use labels::{
    account_insights, confirm_stage, set_marked_lost, set_stage_override, set_tier_override,
    AccountInsights,
};
pub use refresh::Refreshed;
pub use refresh::{acknowledge_alert, alert_list, refresh, snooze_alert, AlertView};
pub use segments::{create_segment, delete_segment, list_segments, update_segment, SegmentInput};
pub use settings::{analytics_settings, reset_analytics_settings, save_analytics_settings};
pub use table::{account_rows, AccountRow, LabelSort, TableQuery};

use chrono::NaiveDate;
use keyplan_domain::analytics::{
    analyze as analyze_all, key_account_check, AccountAnalysis, AnalyticsSettings, KeyAccountCheck,
    Subject, TierMetric,
};
use keyplan_store::analytics::LoadedAccount;
use keyplan_store::Db;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

use crate::Result;

/// The portfolio analysed as of a date: every live account's fields beside its labels.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub as_of: NaiveDate,
    pub settings: AnalyticsSettings,
    pub accounts: Vec<LoadedAccount>,
    /// In the same order as `accounts`.
    pub results: Vec<AccountAnalysis>,
    pub key_accounts: KeyAccountCheck,
    position: HashMap<Uuid, usize>,
}

impl Analysis {
    pub fn get(&self, id: Uuid) -> Option<(&LoadedAccount, &AccountAnalysis)> {
        self.position.get(&id).map(|&i| (&self.accounts[i], &self.results[i]))
    }

    /// Each account as a segment rule sees it.
    pub fn subjects(&self) -> Vec<Subject<'_>> {
        self.accounts
            .iter()
            .zip(&self.results)
            .map(|(a, r)| Subject {
                industry: a.industry.as_deref(),
                size_band: a.size_band,
                region: a.region.as_deref(),
                owner: a.owner.as_deref(),
                tags: &a.tags,
                analysis: r,
            })
            .collect()
    }
}

/// Analyses the portfolio as of `as_of`. Reads only; the CLI's `analyze` is exactly this.
pub fn analyze(db: &Db, as_of: NaiveDate) -> Result<Analysis> {
    analyze_by(db, as_of, None)
}

/// [`analyze`], ranking tiers by `metric` instead of the saved one (the saved settings are not
/// changed): the CLI's `--metric`.
pub fn analyze_by(db: &Db, as_of: NaiveDate, metric: Option<TierMetric>) -> Result<Analysis> {
    let mut settings = settings::load(db.conn())?;
    if let Some(m) = metric {
        settings.metric = m;
    }
    Ok(compose(as_of, settings, keyplan_store::analytics::load(db, as_of)?))
}

/// The last analysis, reused until anything is committed to the database (by this process or
/// another) or the date changes, so paging the accounts table does not recompute the portfolio.
/// A write that the caller declares with [`AnalysisCache::note_write`] as touching one account
/// only reloads that account's facts: the recompute after an edit stays well under the time a
/// person notices, at 10,000 accounts and a million transactions.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    last: Option<Cached>,
}

#[derive(Debug)]
struct Cached {
    marker: (u64, i64),
    analysis: Arc<Analysis>,
    /// Accounts whose facts changed since `analysis` was made.
    dirty: Vec<Uuid>,
}

impl AnalysisCache {
    pub fn get(&mut self, db: &Db, as_of: NaiveDate) -> Result<Arc<Analysis>> {
        let marker = db.change_marker()?;
        let usable = self.last.take().filter(|c| c.marker == marker && c.analysis.as_of == as_of);
        let analysis = match usable {
            Some(c) if c.dirty.is_empty() => c.analysis,
            Some(c) => Arc::new(reanalyze(db, &c.analysis, &c.dirty)?),
            None => Arc::new(analyze(db, as_of)?),
        };
        self.last = Some(Cached { marker, analysis: Arc::clone(&analysis), dirty: Vec::new() });
        Ok(analysis)
    }

    /// Declares the one write just committed: it changed only `account`'s facts (None: no
    /// account's facts, e.g. history or an alert). Anything else empties the cache.
    pub fn note_write(&mut self, db: &Db, account: Option<Uuid>) {
        let Ok(now) = db.change_marker() else {
            self.last = None;
            return;
        };
        match &mut self.last {
            Some(c) if (c.marker.0 + 1, c.marker.1) == now => {
                c.marker = now;
                c.dirty.extend(account);
            }
            _ => self.last = None,
        }
    }

    /// Forgets everything (after settings change, a delete, a demo load…).
    pub fn clear(&mut self) {
        self.last = None;
    }
}

/// The analysis again with only `dirty` accounts' facts reloaded; the rules run over all.
fn reanalyze(db: &Db, before: &Analysis, dirty: &[Uuid]) -> Result<Analysis> {
    let mut accounts = before.accounts.clone();
    for id in dirty {
        let fresh = keyplan_store::analytics::load_one(db.conn(), before.as_of, *id)?;
        match (before.position.get(id), fresh) {
            (Some(&i), Some(a)) => accounts[i] = a,
            (None, None) => {}
            // An account appeared or went: positions change, so start afresh.
            _ => return analyze(db, before.as_of),
        }
    }
    Ok(compose(before.as_of, before.settings, accounts))
}

fn compose(
    as_of: NaiveDate,
    settings: AnalyticsSettings,
    accounts: Vec<LoadedAccount>,
) -> Analysis {
    let snapshots: Vec<_> = accounts.iter().map(|a| a.snapshot.clone()).collect();
    let results = analyze_all(&snapshots, as_of, &settings);
    let key_accounts = key_account_check(&results, &settings);
    let position = results.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    Analysis { as_of, settings, accounts, results, key_accounts, position }
}

/// A count and revenue per label value, for the dashboard's small charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelCount {
    pub label: String,
    pub count: u32,
}
