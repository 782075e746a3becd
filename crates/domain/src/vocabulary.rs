//! Keyplan's vocabulary in one place: the closed lists (size bands, buying roles, stages …), the
//! scales (ratings 1-5, attitude -2..+2, NPS 0-10 and its buckets) and the years a date may fall
//! in. The validators, the importer, the store's SQL checks and sorting, and the UI (through
//! [`Vocabulary`], which the app hands the window) all read them from here, and tests hold the
//! schema's CHECK constraints and the message catalogues to the same lists.

use serde::Serialize;

use crate::analytics::{
    Indicator, PlanLevel, Quadrant, RfmSegment, RiskLevel, Stage, Tier, TierMetric,
};
use crate::plan::{
    ActionStatus, Cadence, GoalKind, MeasureKind, Move, ObjectiveStatus, PlanStatus,
    ResourceStatus, RiskStatus, TeamRole, Template,
};
use crate::validate::Choice;
use crate::{
    BuyingRole, Currency, InteractionKind, OpportunityKind, OpportunityStatus, Severity, SizeBand,
};

/// The years a date may fall in (a typo such as 20233 or 1023 is refused, not stored).
pub const YEAR_MIN: i32 = 1900;
pub const YEAR_MAX: i32 = 2200;

/// An inclusive range of whole numbers a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
}

/// Potential ratings, influence, relationship strength and CSAT.
pub const RATING: Scale = Scale { min: 1, max: 5 };
/// A stakeholder's attitude: -2 opponent … +2 champion.
pub const ATTITUDE: Scale = Scale { min: -2, max: 2 };
/// An interaction's sentiment: -1 negative, 0 neutral, +1 positive.
pub const SENTIMENT: Scale = Scale { min: -1, max: 1 };
/// "How likely are you to recommend us?" 0-10.
pub const NPS: Scale = Scale { min: 0, max: 10 };
/// An opportunity's probability, in percent.
pub const PROBABILITY: Scale = Scale { min: 0, max: 100 };

crate::choice! {
    /// Where an NPS answer falls: promoters (9-10) minus detractors (0-6) is the NPS.
    NpsBucket { Promoter = "promoter", Passive = "passive", Detractor = "detractor" }
}

/// The lowest score of a promoter and of a passive.
pub const PROMOTER_MIN: u8 = 9;
pub const PASSIVE_MIN: u8 = 7;

impl NpsBucket {
    pub fn of(score: u8) -> NpsBucket {
        match score {
            s if s >= PROMOTER_MIN => NpsBucket::Promoter,
            s if s >= PASSIVE_MIN => NpsBucket::Passive,
            _ => NpsBucket::Detractor,
        }
    }
}

/// Everything above, as the UI receives it: its pickers and filters offer exactly these values,
/// in this order, and label each one from its catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    pub size_bands: &'static [&'static str],
    pub roles: &'static [&'static str],
    pub interaction_kinds: &'static [&'static str],
    pub severities: &'static [&'static str],
    pub opportunity_kinds: &'static [&'static str],
    pub opportunity_statuses: &'static [&'static str],
    pub currencies: &'static [&'static str],
    pub tiers: &'static [&'static str],
    pub tier_metrics: &'static [&'static str],
    pub quadrants: &'static [&'static str],
    pub stages: &'static [&'static str],
    pub rfm_segments: &'static [&'static str],
    pub risk_levels: &'static [&'static str],
    pub risk_indicators: &'static [&'static str],
    pub plan_levels: &'static [&'static str],
    pub nps_buckets: &'static [&'static str],
    pub plan_statuses: &'static [&'static str],
    /// The roles a template asks a plan's team to fill (codes; other roles are the user's text).
    pub team_roles: &'static [&'static str],
    pub cadences: &'static [&'static str],
    pub templates: &'static [&'static str],
    pub goal_kinds: &'static [&'static str],
    pub measure_kinds: &'static [&'static str],
    /// The measures counted in money (shown in the base currency).
    pub money_measures: Vec<&'static str>,
    pub objective_statuses: &'static [&'static str],
    pub action_statuses: &'static [&'static str],
    pub risk_statuses: &'static [&'static str],
    pub resource_statuses: &'static [&'static str],
    /// How a number moved between two reviews, and the mark shown for each.
    pub move_marks: std::collections::BTreeMap<&'static str, &'static str>,
    /// Each part of a plan's health and the most points it gives (they add up to 100).
    pub health_points: std::collections::BTreeMap<&'static str, u32>,
    /// What one stakeholder gap costs, and the lowest healthy and needs-care scores.
    pub health_points_per_gap: u32,
    pub health_green_min: u32,
    pub health_amber_min: u32,
    pub rating: Scale,
    pub attitude: Scale,
    pub sentiment: Scale,
    pub nps: Scale,
    pub probability: Scale,
    pub promoter_min: u8,
    pub passive_min: u8,
    pub year_min: i32,
    pub year_max: i32,
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        size_bands: SizeBand::NAMES,
        roles: BuyingRole::NAMES,
        interaction_kinds: InteractionKind::NAMES,
        severities: Severity::NAMES,
        opportunity_kinds: OpportunityKind::NAMES,
        opportunity_statuses: OpportunityStatus::NAMES,
        currencies: Currency::NAMES,
        tiers: Tier::NAMES,
        tier_metrics: TierMetric::NAMES,
        quadrants: Quadrant::NAMES,
        stages: Stage::NAMES,
        rfm_segments: RfmSegment::NAMES,
        risk_levels: RiskLevel::NAMES,
        risk_indicators: Indicator::NAMES,
        plan_levels: PlanLevel::NAMES,
        nps_buckets: NpsBucket::NAMES,
        plan_statuses: PlanStatus::NAMES,
        team_roles: TeamRole::NAMES,
        cadences: Cadence::NAMES,
        templates: Template::NAMES,
        goal_kinds: GoalKind::NAMES,
        measure_kinds: MeasureKind::NAMES,
        money_measures: MeasureKind::ALL
            .iter()
            .filter(|m| m.is_money())
            .map(|m| m.name())
            .collect(),
        objective_statuses: ObjectiveStatus::NAMES,
        action_statuses: ActionStatus::NAMES,
        risk_statuses: RiskStatus::NAMES,
        resource_statuses: ResourceStatus::NAMES,
        move_marks: Move::ALL.iter().map(|m| (m.name(), m.mark())).collect(),
        health_points: crate::plan::health::PARTS.into_iter().collect(),
        health_points_per_gap: crate::plan::health::POINTS_PER_GAP,
        health_green_min: crate::plan::health::GREEN_MIN,
        health_amber_min: crate::plan::health::AMBER_MIN,
        rating: RATING,
        attitude: ATTITUDE,
        sentiment: SENTIMENT,
        nps: NPS,
        probability: PROBABILITY,
        promoter_min: PROMOTER_MIN,
        passive_min: PASSIVE_MIN,
        year_min: YEAR_MIN,
        year_max: YEAR_MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_buckets_cover_every_score_once() {
        let buckets: Vec<NpsBucket> = (0..=10).map(NpsBucket::of).collect();
        assert_eq!(buckets[6], NpsBucket::Detractor);
        assert_eq!(buckets[7], NpsBucket::Passive);
        assert_eq!(buckets[8], NpsBucket::Passive);
        assert_eq!(buckets[9], NpsBucket::Promoter);
        assert_eq!(buckets.iter().filter(|b| **b == NpsBucket::Detractor).count(), 7);
    }

    #[test]
    fn the_ui_gets_every_list_in_order() {
        let v = serde_json::to_value(vocabulary()).unwrap();
        assert_eq!(v["size_bands"][0], "micro");
        assert_eq!(v["tiers"], serde_json::json!(["A", "B", "C"]));
        assert_eq!(v["attitude"], serde_json::json!({"min": -2, "max": 2}));
        assert_eq!((v["year_min"].as_i64(), v["year_max"].as_i64()), (Some(1900), Some(2200)));
    }
}
