//! Every threshold and weight of §2, in one value the user edits in Settings. The defaults are
//! the product definition's; `validate` names the field of any value that makes no sense.

use serde::{Deserialize, Serialize};

use super::risk::{RiskLevel, RiskSettings};
use super::scorecard::ScorecardSettings;
use super::tiers::TierThresholds;
use crate::validate::{FieldError, Problem, ValidationErrors};

crate::choice! {
    /// What ABC tiering ranks by.
    TierMetric { Revenue = "revenue", Profit = "profit", Value = "value" }
}

crate::choice! {
    /// How much account plan a tier's service strategy asks for.
    PlanLevel { Full = "full", Light = "light", None = "none" }
}

/// A tier's service strategy 分级服务策略 beyond its contact cadence (which lives in
/// [`RiskSettings::cadence_days`], the one number both the strategy and the risk rule use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStrategy {
    pub dedicated_manager: bool,
    pub quarterly_review: bool,
    pub executive_sponsor: bool,
    pub plan: PlanLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalyticsSettings {
    pub metric: TierMetric,
    pub tiers: TierThresholds,
    /// The rule of thumb: warn when the A count falls outside this range.
    pub key_accounts_min: u32,
    pub key_accounts_max: u32,
    /// Strategies for A, B and C.
    pub strategies: [TierStrategy; 3],
    pub scorecard: ScorecardSettings,
    pub risk: RiskSettings,
    /// An account at this risk level or above raises an alert.
    pub alert_level: RiskLevel,
    /// Expected customer lifetime is 1 / annual churn rate, capped at this many years.
    pub clv_cap_years: u32,
}

impl Default for AnalyticsSettings {
    fn default() -> Self {
        let strategy = |manager, review, sponsor, plan| TierStrategy {
            dedicated_manager: manager,
            quarterly_review: review,
            executive_sponsor: sponsor,
            plan,
        };
        AnalyticsSettings {
            metric: TierMetric::Revenue,
            tiers: TierThresholds::default(),
            key_accounts_min: 5,
            key_accounts_max: 25,
            strategies: [
                strategy(true, true, true, PlanLevel::Full),
                strategy(false, false, false, PlanLevel::Light),
                strategy(false, false, false, PlanLevel::None),
            ],
            scorecard: ScorecardSettings::default(),
            risk: RiskSettings::default(),
            alert_level: RiskLevel::Medium,
            clv_cap_years: 10,
        }
    }
}

impl AnalyticsSettings {
    /// Checks every value; errors name the field as the Settings form does (`tiers.a_bp`).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let range = |errors: &mut Vec<FieldError>, field: &str, v: i64, min: i64, max: i64| {
            if !(min..=max).contains(&v) {
                errors.push(FieldError::new(field, Problem::OutOfRange { min, max }));
            }
        };
        range(&mut errors, "tiers.a_bp", i64::from(self.tiers.a_bp), 1, 10_000);
        range(
            &mut errors,
            "tiers.b_bp",
            i64::from(self.tiers.b_bp),
            i64::from(self.tiers.a_bp),
            10_000,
        );
        range(&mut errors, "key_accounts_min", i64::from(self.key_accounts_min), 0, 10_000);
        range(
            &mut errors,
            "key_accounts_max",
            i64::from(self.key_accounts_max),
            i64::from(self.key_accounts_min),
            10_000,
        );
        for (i, field) in
            ["risk.cadence_days.0", "risk.cadence_days.1", "risk.cadence_days.2"].iter().enumerate()
        {
            range(&mut errors, field, self.risk.cadence_days[i], 1, 3650);
        }
        range(&mut errors, "risk.revenue_drop_pct", self.risk.revenue_drop_pct, 1, 100);
        range(&mut errors, "risk.renewal_grace_days", self.risk.renewal_grace_days, 0, 3650);
        range(&mut errors, "risk.complaint_rise_pct", self.risk.complaint_rise_pct, 0, 1000);
        range(&mut errors, "risk.complaint_min", i64::from(self.risk.complaint_min), 1, 1000);
        range(&mut errors, "risk.nps_drop", self.risk.nps_drop, 1, 10);
        range(&mut errors, "risk.detractor_max", i64::from(self.risk.detractor_max), 0, 10);
        for (i, w) in self.risk.weights.iter().enumerate() {
            range(&mut errors, &format!("risk.weights.{i}"), i64::from(*w), 0, 1000);
        }
        if self.risk.weights.iter().all(|w| *w == 0) {
            errors
                .push(FieldError::new("risk.weights.0", Problem::OutOfRange { min: 1, max: 1000 }));
        }
        range(&mut errors, "clv_cap_years", i64::from(self.clv_cap_years), 1, 100);
        let s = self.scorecard;
        let unit = |field: &str, v: f64, max: f64, errors: &mut Vec<FieldError>| {
            if !v.is_finite() || !(0.0..=max).contains(&v) {
                // Weights are shown as percent in the form, so the range says 0-100.
                errors.push(FieldError::new(field, Problem::OutOfRange { min: 0, max: 100 }));
            }
        };
        unit("scorecard.cv_weight", s.cv_weight, 1.0, &mut errors);
        unit("scorecard.pv_weight", s.pv_weight, 1.0, &mut errors);
        unit("scorecard.split", s.split, 100.0, &mut errors);
        if errors.is_empty() && (s.cv_weight + s.pv_weight - 1.0).abs() > 1e-9 {
            errors.push(FieldError::new(
                "scorecard.pv_weight",
                Problem::OutOfRange { min: 0, max: 100 },
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    pub fn strategy(&self, tier: super::Tier) -> TierStrategy {
        self.strategies[tier_index(tier)]
    }
}

pub(crate) fn tier_index(tier: super::Tier) -> usize {
    match tier {
        super::Tier::A => 0,
        super::Tier::B => 1,
        super::Tier::C => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_product_definition_and_valid() {
        let s = AnalyticsSettings::default();
        assert!(s.validate().is_ok());
        assert_eq!((s.tiers.a_bp, s.tiers.b_bp), (8000, 9500));
        assert_eq!(s.risk.cadence_days, [30, 60, 90]);
        assert_eq!((s.key_accounts_min, s.key_accounts_max), (5, 25));
        assert_eq!(s.strategies[0].plan, PlanLevel::Full);
    }

    #[test]
    fn bad_values_name_their_field() {
        let mut s = AnalyticsSettings::default();
        s.tiers.b_bp = 7000; // below A's
        s.risk.cadence_days[1] = 0;
        s.scorecard.split = f64::NAN;
        let fields: Vec<String> =
            s.validate().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["tiers.b_bp", "risk.cadence_days.1", "scorecard.split"]);
    }

    #[test]
    fn weights_must_sum_to_one_and_not_all_be_zero() {
        let mut s = AnalyticsSettings::default();
        s.scorecard.cv_weight = 0.7;
        assert_eq!(s.validate().unwrap_err().0[0].field, "scorecard.pv_weight");
        let mut s = AnalyticsSettings::default();
        s.risk.weights = [0; 5];
        assert_eq!(s.validate().unwrap_err().0[0].field, "risk.weights.0");
    }

    #[test]
    fn missing_keys_take_defaults_so_old_saved_settings_still_load() {
        let s: AnalyticsSettings = serde_json::from_str(r#"{"metric":"profit"}"#).unwrap();
        assert_eq!(s.metric, TierMetric::Profit);
        assert_eq!(s.tiers, TierThresholds::default());
    }
}
