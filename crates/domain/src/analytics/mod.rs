//! What Keyplan computes about a portfolio as of a date T (product definition §2): per-account
//! metrics, ABC tiers, the value scorecard and quadrants, RFM, the lifecycle stage and churn
//! risk. Every function is pure — records and an as-of date in, results with their
//! explanations out — so the same numbers come out of the CLI, the app and the tests.

pub mod lifecycle;
pub mod metrics;
pub mod rfm;
pub mod risk;
pub mod scorecard;
pub mod tiers;

pub use lifecycle::{lifecycle, playbook, Stage, StageInput, StageReason};
pub use metrics::{AccountFacts, Windows};
pub use rfm::{rfm, Rfm, RfmSegment};
pub use risk::{
    risk, Evidence, Indicator, IndicatorResult, Risk, RiskInput, RiskLevel, RiskSettings,
};
pub use scorecard::{scorecard, Quadrant, Scorecard, ScorecardSettings};
pub use tiers::{abc, Tier, TierReason, TierResult, TierThresholds};
