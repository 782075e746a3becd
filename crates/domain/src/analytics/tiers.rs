//! ABC tiering 三级分级 (Pareto). Rank by the metric, descending, ties by name (code point order)
//! then id. Walk the ranking keeping the cumulative share, of the total of all positive metric
//! values, *before* each account: below 80% → A, below 95% → B, else C. Zero or negative → C.
//! So the top account is always A and the account that crosses 80% is still A.
//! Shares are compared in exact integer arithmetic: no float rounding decides a tier.

use serde::Serialize;
use uuid::Uuid;

crate::choice! {
    /// A: key accounts; B: standard; C: simple, automated service.
    Tier { A = "A", B = "B", C = "C" }
}

/// Thresholds in basis points of the positive total (8000 = 80%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TierThresholds {
    pub a_bp: u32,
    pub b_bp: u32,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds { a_bp: 8000, b_bp: 9500 }
    }
}

/// Why an account got its tier: the numbers that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TierReason {
    /// The cumulative share before it, against the threshold it fell under (or reached).
    Share { share_before_bp: u32, threshold_bp: u32, below: bool },
    /// Its metric is zero or negative.
    NonPositive,
    /// The user set it by hand.
    Override { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierResult {
    pub id: Uuid,
    pub tier: Tier,
    /// 1-based position in the ranking.
    pub rank: usize,
    /// The tier the rule gives, before any override.
    pub computed: Tier,
    pub reason: TierReason,
    /// The account's own share of the positive total, in basis points.
    pub share_bp: u32,
}

/// One account to tier: its id, name (for ties), metric, and any manual override with reason.
#[derive(Debug, Clone, Copy)]
pub struct TierInput<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub metric: i64,
    pub manual: Option<(Tier, &'a str)>,
}

/// `part` (negative counts as 0) as basis points of `total`; 0 when there is no total. Every
/// share Keyplan shows — tier thresholds, the Pareto curve, revenue per group — is this.
pub fn share_bp(part: i128, total: i128) -> u32 {
    if total <= 0 {
        return 0;
    }
    u32::try_from(part.max(0) * 10_000 / total).unwrap_or(u32::MAX)
}

/// Tiers every account; the result is in ranking order.
pub fn abc(items: &[TierInput<'_>], t: TierThresholds) -> Vec<TierResult> {
    let mut order: Vec<&TierInput<'_>> = items.iter().collect();
    order.sort_by(|x, y| {
        y.metric.cmp(&x.metric).then_with(|| x.name.cmp(y.name)).then_with(|| x.id.cmp(&y.id))
    });
    let total: i128 = items.iter().map(|i| i128::from(i.metric.max(0))).sum();
    let mut before: i128 = 0;
    order
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (computed, reason) = if item.metric <= 0 {
                (Tier::C, TierReason::NonPositive)
            } else {
                // share_before < threshold  ⇔  before * 10000 < threshold * total
                let under = |th: u32| before * 10_000 < i128::from(th) * total;
                let share_before_bp = share_bp(before, total);
                if under(t.a_bp) {
                    (
                        Tier::A,
                        TierReason::Share { share_before_bp, threshold_bp: t.a_bp, below: true },
                    )
                } else if under(t.b_bp) {
                    (
                        Tier::B,
                        TierReason::Share { share_before_bp, threshold_bp: t.b_bp, below: true },
                    )
                } else {
                    (
                        Tier::C,
                        TierReason::Share { share_before_bp, threshold_bp: t.b_bp, below: false },
                    )
                }
            };
            before += i128::from(item.metric.max(0));
            let (tier, reason) = match item.manual {
                Some((tier, why)) => (tier, TierReason::Override { reason: why.to_string() }),
                None => (computed, reason),
            };
            TierResult {
                id: item.id,
                tier,
                rank: i + 1,
                computed,
                reason,
                share_bp: share_bp(i128::from(item.metric), total),
            }
        })
        .collect()
}

impl TierReason {
    /// The English sentence the CLI prints, e.g. "A: cumulative share before it 62.40% < 80.00%".
    pub fn describe(&self, tier: Tier, metric_name: &str) -> String {
        let pct = |bp: u32| format!("{}.{:02}%", bp / 100, bp % 100);
        match self {
            TierReason::Share { share_before_bp, threshold_bp, below: true } => format!(
                "{tier}: cumulative {metric_name} share before it {} < {}",
                pct(*share_before_bp),
                pct(*threshold_bp)
            ),
            TierReason::Share { share_before_bp, threshold_bp, below: false } => format!(
                "{tier}: cumulative {metric_name} share before it {} >= {}",
                pct(*share_before_bp),
                pct(*threshold_bp)
            ),
            TierReason::NonPositive => format!("{tier}: {metric_name} is zero or negative"),
            TierReason::Override { reason } => format!("{tier}: set by hand ({reason})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(n: u128, name: &'static str, metric: i64) -> TierInput<'static> {
        TierInput { id: Uuid::from_u128(n), name, metric, manual: None }
    }

    fn tiers(results: &[TierResult]) -> String {
        results.iter().map(|r| r.tier.to_string()).collect()
    }

    #[test]
    fn the_account_that_crosses_80_percent_is_still_a() {
        // Shares: 50, 30 (before: 50 → A), 10 (before: 80 → not < 80 → B), 6 (before 90 → B), 4 (before 96 → C)
        let items = [
            input(1, "a", 50),
            input(2, "b", 30),
            input(3, "c", 10),
            input(4, "d", 6),
            input(5, "e", 4),
        ];
        let r = abc(&items, TierThresholds::default());
        assert_eq!(tiers(&r), "AABBC");
        assert_eq!(
            r[1].reason,
            TierReason::Share { share_before_bp: 5000, threshold_bp: 8000, below: true }
        );
        assert_eq!(
            r[2].reason,
            TierReason::Share { share_before_bp: 8000, threshold_bp: 9500, below: true }
        );
        assert_eq!(
            r[4].reason,
            TierReason::Share { share_before_bp: 9600, threshold_bp: 9500, below: false }
        );
        assert_eq!(
            r[1].reason.describe(Tier::A, "revenue"),
            "A: cumulative revenue share before it 50.00% < 80.00%"
        );
    }

    #[test]
    fn the_top_account_is_always_a_even_alone() {
        assert_eq!(tiers(&abc(&[input(1, "solo", 1)], TierThresholds::default())), "A");
        assert_eq!(
            tiers(&abc(&[input(1, "x", 1_000_000), input(2, "y", 1)], TierThresholds::default())),
            "AC"
        );
    }

    #[test]
    fn zero_and_negative_metrics_are_c() {
        let r = abc(
            &[input(1, "a", 0), input(2, "b", -5), input(3, "c", 10)],
            TierThresholds::default(),
        );
        assert_eq!(tiers(&r), "ACC");
        assert_eq!(r[1].reason, TierReason::NonPositive);
        assert_eq!(r[2].id, Uuid::from_u128(2), "negative ranks last");
    }

    #[test]
    fn empty_portfolio_and_all_zero() {
        assert!(abc(&[], TierThresholds::default()).is_empty());
        assert_eq!(
            tiers(&abc(&[input(1, "a", 0), input(2, "b", 0)], TierThresholds::default())),
            "CC"
        );
    }

    #[test]
    fn ties_break_by_name_in_code_point_order_then_id() {
        let r = abc(
            &[input(3, "b", 10), input(2, "a", 10), input(1, "a", 10), input(4, "B", 10)],
            TierThresholds::default(),
        );
        let ids: Vec<u128> = r.iter().map(|x| x.id.as_u128()).collect();
        assert_eq!(ids, [4, 1, 2, 3], "'B' < 'a' < 'b' by code point; equal names by id");
    }

    #[test]
    fn an_override_wins_and_keeps_what_the_rule_said() {
        let items = [
            input(1, "a", 90),
            TierInput { manual: Some((Tier::A, "战略重要性")), ..input(2, "b", 1) },
        ];
        let r = abc(&items, TierThresholds::default());
        assert_eq!((r[1].tier, r[1].computed), (Tier::A, Tier::C));
        assert_eq!(r[1].reason, TierReason::Override { reason: "战略重要性".into() });
    }

    #[test]
    fn editable_thresholds() {
        let items = [input(1, "a", 50), input(2, "b", 30), input(3, "c", 20)];
        let r = abc(&items, TierThresholds { a_bp: 5000, b_bp: 8000 });
        assert_eq!(tiers(&r), "ABC");
    }

    proptest! {
        #[test]
        fn tiers_are_monotone_in_the_metric(metrics in proptest::collection::vec(-100i64..10_000, 0..60)) {
            let items: Vec<TierInput<'_>> = metrics.iter().enumerate()
                .map(|(i, m)| TierInput { id: Uuid::from_u128(i as u128), name: "x", metric: *m, manual: None })
                .collect();
            let r = abc(&items, TierThresholds::default());
            // Down the ranking, tiers never improve (A < B < C in this order).
            let rank = |t: Tier| match t { Tier::A => 0, Tier::B => 1, Tier::C => 2 };
            for pair in r.windows(2) {
                prop_assert!(rank(pair[0].tier) <= rank(pair[1].tier));
            }
            let positive: i64 = metrics.iter().filter(|m| **m > 0).sum();
            if positive > 0 {
                prop_assert_eq!(r[0].tier, Tier::A);
                // Own shares of positive metrics sum to ~100% (floor per account).
                let sum: u32 = r.iter().map(|x| x.share_bp).sum();
                let n = metrics.iter().filter(|m| **m > 0).count() as u32;
                prop_assert!(sum <= 10_000 && sum + n >= 10_000, "sum {} n {}", sum, n);
            }
            prop_assert_eq!(abc(&items, TierThresholds::default()), r, "recomputing changes nothing");
        }
    }
}
