//! What Keyplan computes about a portfolio as of a date T (product definition §2): per-account
//! metrics, ABC tiers, the value scorecard and quadrants, RFM, the lifecycle stage and churn
//! risk, segments and KPIs. Every function is pure — records and an as-of date in, results with
//! their explanations out — so the same numbers come out of the CLI, the app and the tests.

pub mod kpi;
pub mod lifecycle;
pub mod metrics;
pub mod portfolio;
pub mod rfm;
pub mod risk;
pub mod scorecard;
pub mod segment;
pub mod settings;
pub mod tiers;

pub use kpi::{kpis, Kpis, Period, PeriodFacts};
pub use lifecycle::{lifecycle, playbook, Stage, StageInput, StageReason};
pub use metrics::{AccountFacts, Bounds, Windows, QUARTER_DAYS, YEAR_DAYS};
pub use portfolio::{
    analyze, key_account_check, AccountAnalysis, AccountSnapshot, KeyAccountCheck, Metrics,
};
pub use rfm::{rfm, Rfm, RfmSegment};
pub use risk::{
    renewal_recorded, risk, Evidence, Indicator, IndicatorResult, Risk, RiskInput, RiskLevel,
    RiskSettings, RENEWAL_EARLY_DAYS,
};
pub use scorecard::{scorecard, Quadrant, Scorecard, ScorecardSettings};
pub use segment::{
    cross_tab, GroupBy, GroupCell, MetricRange, RangeMetric, Segment, SegmentRule, Subject,
};
pub use settings::{AnalyticsSettings, PlanLevel, TierMetric, TierStrategy};
pub use tiers::{abc, share_bp, Tier, TierReason, TierResult, TierThresholds};
