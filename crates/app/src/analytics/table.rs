//! The accounts table with its computed columns: each row's tier, quadrant, RFM segment, stage
//! and risk beside its fields, filterable and sortable by those labels and by a saved segment.

use keyplan_domain::account::Page;
use keyplan_domain::analytics::{
    AccountAnalysis, Quadrant, RfmSegment, RiskLevel, SegmentRule, Stage, Subject, Tier,
};
use keyplan_domain::{Account, AccountQuery};
use keyplan_store::{accounts, Db};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{segments, Analysis};
use crate::Result;

keyplan_domain::choice! {
    /// Computed columns the table can sort by.
    LabelSort {
        Tier = "tier", Quadrant = "quadrant", ValueScore = "value_score", Rfm = "rfm",
        Stage = "stage", Risk = "risk", Rev12 = "rev12",
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TableQuery {
    #[serde(flatten)]
    pub accounts: AccountQuery,
    pub segment: Option<Uuid>,
    pub tier: Option<Tier>,
    pub quadrant: Option<Quadrant>,
    pub stage: Option<Stage>,
    pub rfm_segment: Option<RfmSegment>,
    pub risk_level: Option<RiskLevel>,
    /// Sorts by a computed column instead of `accounts.sort` when set.
    pub label_sort: Option<LabelSort>,
    /// Only accounts short of the plan their tier's strategy asks for (the dashboard's plan
    /// coverage tile opens these).
    pub plan_missing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountRow {
    #[serde(flatten)]
    pub account: Account,
    pub labels: Option<AccountAnalysis>,
}

impl TableQuery {
    /// The label filters as a segment rule (one value per field).
    fn label_rule(&self) -> SegmentRule {
        SegmentRule {
            tier: self.tier.into_iter().collect(),
            quadrant: self.quadrant.into_iter().collect(),
            stage: self.stage.into_iter().collect(),
            rfm_segment: self.rfm_segment.into_iter().collect(),
            risk_level: self.risk_level.into_iter().collect(),
            ..SegmentRule::default()
        }
    }
}

/// Sort key of a label: higher value first when descending, as the user reads the column.
fn sort_key(s: LabelSort, r: &AccountAnalysis) -> (i64, f64) {
    match s {
        LabelSort::Tier => (r.tier.rank as i64, 0.0),
        LabelSort::Quadrant => (r.scorecard.quadrant as i64, 0.0),
        LabelSort::ValueScore => (0, r.scorecard.value_score.unwrap_or(-1.0)),
        LabelSort::Rfm => {
            (i64::from(r.rfm.r) * 100 + i64::from(r.rfm.f) * 10 + i64::from(r.rfm.m), 0.0)
        }
        LabelSort::Stage => (r.stage.stage as i64, 0.0),
        LabelSort::Risk => (0, r.risk.score),
        LabelSort::Rev12 => (r.metrics.rev12, 0.0),
    }
}

pub fn account_rows(db: &Db, a: &Analysis, q: &TableQuery) -> Result<Page<AccountRow>> {
    let label = |acc: &Account| a.get(acc.id()).map(|(_, r)| r.clone());
    let rule = q.label_rule();
    let segment = q.segment.map(|id| segments::get(db, id)).transpose()?;
    let simple = segment.is_none()
        && rule == SegmentRule::default()
        && q.label_sort.is_none()
        && !q.plan_missing;
    if simple {
        let page = accounts::list(db.conn(), &q.accounts)?;
        let items = page
            .items
            .into_iter()
            .map(|acc| AccountRow { labels: label(&acc), account: acc })
            .collect();
        return Ok(Page { items, total: page.total, offset: page.offset });
    }
    // Label filters and sorts need every matching account: filter and sort here, then page.
    let all =
        accounts::list(db.conn(), &AccountQuery { offset: 0, limit: 0, ..q.accounts.clone() })?;
    let mut rows: Vec<AccountRow> = all
        .items
        .into_iter()
        .filter_map(|acc| {
            let (loaded, r) = a.get(acc.id())?;
            let subject = Subject {
                industry: loaded.industry.as_deref(),
                size_band: loaded.size_band,
                region: loaded.region.as_deref(),
                owner: loaded.owner.as_deref(),
                tags: &loaded.tags,
                analysis: r,
            };
            let keep = rule.matches(&subject)
                && segment.as_ref().is_none_or(|s| s.rule.matches(&subject))
                && (!q.plan_missing || r.compliance.plan_missing);
            keep.then(|| AccountRow { labels: Some(r.clone()), account: acc })
        })
        .collect();
    if let Some(s) = q.label_sort {
        // Stable: ties keep the name order the store returned.
        rows.sort_by(|x, y| {
            let (kx, ky) = (
                x.labels.as_ref().map(|r| sort_key(s, r)),
                y.labels.as_ref().map(|r| sort_key(s, r)),
            );
            let ord = kx.partial_cmp(&ky).unwrap_or(std::cmp::Ordering::Equal);
            if q.accounts.descending {
                ord.reverse()
            } else {
                ord
            }
        });
    }
    let total = rows.len() as u64;
    let start = (q.accounts.offset as usize).min(rows.len());
    let end = if q.accounts.limit == 0 {
        rows.len()
    } else {
        (start + q.accounts.limit as usize).min(rows.len())
    };
    let items = rows.drain(start..end).collect();
    Ok(Page { items, total, offset: q.accounts.offset })
}
