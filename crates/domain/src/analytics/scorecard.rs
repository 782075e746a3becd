//! The value scorecard 客户价值评分卡. Current value CV (0-100) is the mean of the account's
//! mid-rank percentile of rev12 and of profit12 among the portfolio's accounts; potential value
//! PV (0-100) the mean of the potential ratings that are set, each mapped (r-1)/4*100. The value
//! score is 0.6 CV + 0.4 PV; quadrants split each axis at 50. With no rating set, PV, the value
//! score and the quadrant are "unrated".

use serde::{Deserialize, Serialize};

crate::choice! {
    Quadrant {
        StrategicPartner = "strategic_partner", Growth = "growth", Profit = "profit",
        Basic = "basic", Unrated = "unrated",
    }
}

/// Editable weights and split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScorecardSettings {
    pub cv_weight: f64,
    pub pv_weight: f64,
    /// A score at or above this is "high" on its axis.
    pub split: f64,
}

impl Default for ScorecardSettings {
    fn default() -> Self {
        ScorecardSettings { cv_weight: 0.6, pv_weight: 0.4, split: 50.0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scorecard {
    pub rev12_percentile: f64,
    pub profit12_percentile: f64,
    pub current_value: f64,
    pub potential_value: Option<f64>,
    pub value_score: Option<f64>,
    pub quadrant: Quadrant,
}

/// Mid-rank percentile of each value among all of them: (count below + half the count equal) / N
/// × 100, so ties share a rank. O(N log N).
pub fn percentile_ranks(values: &[i64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = values.len() as f64;
    values
        .iter()
        .map(|x| {
            let below = sorted.partition_point(|v| v < x);
            let equal = sorted.partition_point(|v| v <= x) - below;
            (below as f64 + 0.5 * equal as f64) / n * 100.0
        })
        .collect()
}

/// PV from the four ratings (1-5 each, None = not rated).
pub fn potential_value(ratings: &[Option<u8>]) -> Option<f64> {
    let set: Vec<f64> =
        ratings.iter().flatten().map(|r| (f64::from(*r) - 1.0) / 4.0 * 100.0).collect();
    (!set.is_empty()).then(|| set.iter().sum::<f64>() / set.len() as f64)
}

/// Scores every account: `metrics` are (rev12, profit12) and `ratings` the four potential
/// ratings, both in the same order.
pub fn scorecard(
    metrics: &[(i64, i64)],
    ratings: &[[Option<u8>; 4]],
    s: ScorecardSettings,
) -> Vec<Scorecard> {
    let rev = percentile_ranks(&metrics.iter().map(|m| m.0).collect::<Vec<_>>());
    let profit = percentile_ranks(&metrics.iter().map(|m| m.1).collect::<Vec<_>>());
    rev.iter()
        .zip(&profit)
        .zip(ratings)
        .map(|((r, p), ratings)| {
            let cv = (r + p) / 2.0;
            let pv = potential_value(ratings);
            let quadrant = match pv {
                None => Quadrant::Unrated,
                Some(pv) => match (cv >= s.split, pv >= s.split) {
                    (true, true) => Quadrant::StrategicPartner,
                    (false, true) => Quadrant::Growth,
                    (true, false) => Quadrant::Profit,
                    (false, false) => Quadrant::Basic,
                },
            };
            Scorecard {
                rev12_percentile: *r,
                profit12_percentile: *p,
                current_value: cv,
                potential_value: pv,
                value_score: pv.map(|pv| s.cv_weight * cv + s.pv_weight * pv),
                quadrant,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_rank_percentiles_share_ties() {
        assert_eq!(percentile_ranks(&[10, 20, 20, 30]), [12.5, 50.0, 50.0, 87.5]);
        assert_eq!(percentile_ranks(&[5]), [50.0], "a single account sits in the middle");
        assert!(percentile_ranks(&[]).is_empty());
        let got = percentile_ranks(&[-3, 0, 0]);
        for (g, want) in got.iter().zip([100.0 / 6.0, 400.0 / 6.0, 400.0 / 6.0]) {
            assert!((g - want).abs() < 1e-9, "{got:?}");
        }
    }

    #[test]
    fn potential_maps_set_ratings_only() {
        assert_eq!(potential_value(&[None, None, None, None]), None);
        assert_eq!(potential_value(&[Some(5), None, Some(1), None]), Some(50.0));
        assert_eq!(potential_value(&[Some(3), Some(3), Some(3), Some(3)]), Some(50.0));
    }

    #[test]
    fn quadrants_split_at_fifty_inclusive() {
        let metrics = [(100, 100), (0, 0)];
        let high = [Some(5), Some(5), Some(5), Some(5)];
        let mid = [Some(3), None, None, None]; // PV exactly 50: high
        let low = [Some(1), None, None, None];
        let s = scorecard(&metrics, &[high, low], ScorecardSettings::default());
        assert_eq!((s[0].current_value, s[0].quadrant), (75.0, Quadrant::StrategicPartner));
        assert_eq!((s[1].current_value, s[1].quadrant), (25.0, Quadrant::Basic));
        assert_eq!(s[0].value_score, Some(0.6 * 75.0 + 0.4 * 100.0));
        let s = scorecard(&metrics, &[low, mid], ScorecardSettings::default());
        assert_eq!((s[0].quadrant, s[1].quadrant), (Quadrant::Profit, Quadrant::Growth));
        let s = scorecard(&metrics, &[[None; 4], high], ScorecardSettings::default());
        assert_eq!((s[0].quadrant, s[0].value_score), (Quadrant::Unrated, None));
    }
}
