//! The whole of §2 for a portfolio, composed in the order the rules depend on each other:
//! facts → scorecard (the value metric) → ABC tiers → risk (cadence by tier) → lifecycle
//! (decline on high risk); RFM stands alone. Pure: the store loads the snapshots, this decides.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::lifecycle::{lifecycle, Stage, StageInput, StageReason};
use super::metrics::{AccountFacts, Windows};
use super::rfm::{rfm, Rfm};
use super::risk::{risk, Risk, RiskInput};
use super::scorecard::{scorecard, Scorecard};
use super::settings::{AnalyticsSettings, PlanLevel, TierMetric};
use super::tiers::{abc, Tier, TierInput, TierReason};

/// What the rules need to know about one live account.
#[derive(Debug, Clone, Default)]
pub struct AccountSnapshot {
    pub id: Uuid,
    pub name: String,
    pub facts: AccountFacts,
    /// Industry influence, innovation synergy, growth potential, strategic fit (1-5 or unset).
    pub ratings: [Option<u8>; 4],
    pub renewal_date: Option<NaiveDate>,
    pub renewal_recorded: bool,
    pub tier_override: Option<(Tier, String)>,
    pub stage_override: Option<(Stage, String)>,
    pub marked_lost: bool,
    /// The fullest live plan (active or under review) whose period holds the as-of date.
    pub live_plan: Option<crate::plan::Template>,
}

/// The account's metrics as the CLI and UI show them (money in minor units).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metrics {
    pub rev12: i64,
    pub profit12: i64,
    pub prev12: i64,
    pub frequency: u32,
    pub recency_days: Option<i64>,
    pub rev90: i64,
    pub prev90: i64,
    pub days_since_interaction: Option<i64>,
    pub complaints90: u32,
    pub complaints_prev90: u32,
    pub latest_nps: Option<u8>,
    pub previous_nps: Option<u8>,
    pub first_purchase: Option<NaiveDate>,
}

/// The tier with everything that explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierView {
    pub tier: Tier,
    pub computed: Tier,
    pub rank: usize,
    pub share_bp: u32,
    pub reason: TierReason,
    /// The value ranked on: minor units, or the value score × 100 for the value metric.
    pub metric_value: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageView {
    pub stage: Stage,
    /// What the data suggests, ignoring any stage set by hand.
    pub suggested: Stage,
    pub reason: StageReason,
    pub suggested_reason: StageReason,
}

/// Where the account breaks its tier's service strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub cadence_days: i64,
    /// Days since the last interaction, when that is longer than the cadence (None: in cadence,
    /// or no interaction ever — then `never_contacted`).
    pub contact_overdue_days: Option<i64>,
    pub never_contacted: bool,
    pub plan: PlanLevel,
    pub plan_missing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountAnalysis {
    pub id: Uuid,
    pub name: String,
    pub tier: TierView,
    pub scorecard: Scorecard,
    pub rfm: Rfm,
    pub stage: StageView,
    pub risk: Risk,
    pub compliance: Compliance,
    pub metrics: Metrics,
}

/// The value score as an integer metric for ranking (two decimals kept); unrated ranks as 0.
fn value_metric(s: &Scorecard) -> i64 {
    s.value_score.map_or(0, |v| (v * 100.0).round() as i64)
}

/// Analyses every account as of `as_of`. The output is in the input's order.
pub fn analyze(
    accounts: &[AccountSnapshot],
    as_of: NaiveDate,
    s: &AnalyticsSettings,
) -> Vec<AccountAnalysis> {
    let w = Windows::new(as_of);
    let cards = scorecard(
        &accounts.iter().map(|a| (a.facts.rev12, a.facts.profit12)).collect::<Vec<_>>(),
        &accounts.iter().map(|a| a.ratings).collect::<Vec<_>>(),
        s.scorecard,
    );
    let metric: Vec<i64> = accounts
        .iter()
        .zip(&cards)
        .map(|(a, card)| match s.metric {
            TierMetric::Revenue => a.facts.rev12,
            TierMetric::Profit => a.facts.profit12,
            TierMetric::Value => value_metric(card),
        })
        .collect();
    let inputs: Vec<TierInput<'_>> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| TierInput {
            id: a.id,
            name: &a.name,
            metric: metric[i],
            manual: a.tier_override.as_ref().map(|(t, r)| (*t, r.as_str())),
        })
        .collect();
    // abc() returns ranking order; put each result back at its account's position.
    let mut tiers = vec![None; accounts.len()];
    let position: std::collections::HashMap<Uuid, usize> =
        accounts.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
    for r in abc(&inputs, s.tiers) {
        if let Some(&i) = position.get(&r.id) {
            tiers[i] = Some(r);
        }
    }
    let rfms = rfm(&accounts
        .iter()
        .map(|a| {
            let f = &a.facts;
            (f.frequency > 0).then(|| (f.recency_days(w).unwrap_or(0), f.frequency, f.rev12))
        })
        .collect::<Vec<_>>());

    accounts
        .iter()
        .enumerate()
        .zip(tiers)
        .zip(cards.into_iter().zip(rfms))
        .filter_map(|(((i, a), tier), (card, rfm))| {
            let tier = tier?;
            let f = &a.facts;
            let risk = risk(
                RiskInput {
                    facts: f,
                    tier: tier.tier,
                    renewal_date: a.renewal_date,
                    renewal_recorded: a.renewal_recorded,
                },
                w,
                &s.risk,
            );
            let stage_input =
                StageInput { facts: f, risk: risk.level, manual: None, marked_lost: a.marked_lost };
            let (suggested, suggested_reason) = lifecycle(stage_input, w);
            let manual = a.stage_override.as_ref().map(|(st, r)| (*st, r.as_str()));
            let (stage, reason) = lifecycle(StageInput { manual, ..stage_input }, w);
            let cadence = s.risk.cadence(tier.tier);
            let since = f.last_interaction.map(|d| w.days_since(d));
            let plan = s.strategy(tier.tier).plan;
            Some(AccountAnalysis {
                id: a.id,
                name: a.name.clone(),
                tier: TierView {
                    tier: tier.tier,
                    computed: tier.computed,
                    rank: tier.rank,
                    share_bp: tier.share_bp,
                    reason: tier.reason,
                    metric_value: metric[i],
                },
                scorecard: card,
                rfm,
                stage: StageView { stage, suggested, reason, suggested_reason },
                compliance: Compliance {
                    cadence_days: cadence,
                    contact_overdue_days: since.filter(|d| *d > cadence),
                    never_contacted: since.is_none(),
                    plan,
                    plan_missing: plan_missing(plan, a.live_plan),
                },
                risk,
                metrics: Metrics {
                    rev12: f.rev12,
                    profit12: f.profit12,
                    prev12: f.prev12,
                    frequency: f.frequency,
                    recency_days: f.recency_days(w),
                    rev90: f.rev90,
                    prev90: f.prev90,
                    days_since_interaction: since,
                    complaints90: f.complaints90,
                    complaints_prev90: f.complaints_prev90,
                    latest_nps: f.latest_nps,
                    previous_nps: f.previous_nps,
                    first_purchase: f.first_purchase,
                },
            })
        })
        .collect()
}

/// The key-account rule of thumb: how many A accounts, and whether that is outside the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyAccountCheck {
    pub a_count: u32,
    pub min: u32,
    pub max: u32,
    pub outside: bool,
}

pub fn key_account_check(results: &[AccountAnalysis], s: &AnalyticsSettings) -> KeyAccountCheck {
    let a_count = u32::try_from(results.iter().filter(|r| r.tier.tier == Tier::A).count())
        .unwrap_or(u32::MAX);
    KeyAccountCheck {
        a_count,
        min: s.key_accounts_min,
        max: s.key_accounts_max,
        outside: !results.is_empty()
            && !(s.key_accounts_min..=s.key_accounts_max).contains(&a_count),
    }
}

/// Whether the tier's strategy asks for more plan than the account has: a full-plan tier needs
/// a live plan, a light-plan tier one of at least the light template.
fn plan_missing(wanted: PlanLevel, live: Option<crate::plan::Template>) -> bool {
    use crate::plan::Template;
    match wanted {
        PlanLevel::Full => live.is_none(),
        PlanLevel::Light => !matches!(live, Some(Template::Full | Template::Light)),
        PlanLevel::None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tier_strategy_asks_for_enough_plan() {
        use crate::plan::Template;
        assert!(plan_missing(PlanLevel::Full, None));
        assert!(
            !plan_missing(PlanLevel::Full, Some(Template::Blank)),
            "A: any live plan covers it"
        );
        assert!(plan_missing(PlanLevel::Light, Some(Template::Blank)), "B: a light plan at least");
        assert!(!plan_missing(PlanLevel::Light, Some(Template::Light)));
        assert!(!plan_missing(PlanLevel::Light, Some(Template::Full)));
        assert!(!plan_missing(PlanLevel::None, None));
    }
    use crate::analytics::{Indicator, Quadrant, Stage};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn account(
        n: u128,
        rev12: i64,
        last_contact: Option<&str>,
        ratings: [Option<u8>; 4],
    ) -> AccountSnapshot {
        AccountSnapshot {
            id: Uuid::from_u128(n),
            name: format!("acct {n}"),
            facts: AccountFacts {
                rev12,
                profit12: rev12 / 5,
                frequency: u32::from(rev12 > 0),
                first_purchase: (rev12 > 0).then(|| d("2024-01-01")),
                last_purchase: (rev12 > 0).then(|| d("2026-11-01")),
                last_interaction: last_contact.map(d),
                ..Default::default()
            },
            ratings,
            ..Default::default()
        }
    }

    fn no_contact(r: &AccountAnalysis) -> bool {
        r.risk.indicators.iter().any(|i| i.indicator == Indicator::NoContact && i.fired)
    }

    #[test]
    fn empty_portfolio() {
        let s = AnalyticsSettings::default();
        assert!(analyze(&[], d("2026-11-22"), &s).is_empty());
        assert!(!key_account_check(&[], &s).outside, "no warning for an empty portfolio");
    }

    #[test]
    fn the_tier_sets_the_contact_cadence_the_risk_rule_uses() {
        // 45 days without contact: overdue for an A account (30), within cadence for B (60).
        let contact = Some("2026-10-08");
        let accounts = [
            account(1, 900, contact, [None; 4]),
            account(2, 60, contact, [None; 4]),
            account(3, 40, contact, [None; 4]),
        ];
        let r = analyze(&accounts, d("2026-11-22"), &AnalyticsSettings::default());
        assert_eq!(r[0].tier.tier, Tier::A);
        assert!(no_contact(&r[0]) && r[0].compliance.contact_overdue_days == Some(45));
        assert_eq!(r[1].tier.tier, Tier::B);
        assert!(!no_contact(&r[1]) && r[1].compliance.contact_overdue_days.is_none());
        assert!(r[0].compliance.plan_missing, "an A account without a plan breaks its strategy");
    }

    #[test]
    fn ranking_by_value_puts_unrated_accounts_last_and_a_manual_stage_wins() {
        let mut accounts = [
            account(1, 100, None, [Some(5); 4]),
            account(2, 10_000, None, [None; 4]),
            account(3, 50, None, [Some(1), None, None, None]),
        ];
        accounts[2].stage_override = Some((Stage::WinBack, "new sponsor".into()));
        let s = AnalyticsSettings { metric: TierMetric::Value, ..Default::default() };
        let r = analyze(&accounts, d("2026-11-22"), &s);
        assert_eq!(r[1].scorecard.quadrant, Quadrant::Unrated);
        assert_eq!((r[1].tier.tier, r[1].tier.reason.clone()), (Tier::C, TierReason::NonPositive));
        assert_eq!(r[0].tier.rank, 1);
        assert_eq!((r[2].stage.stage, r[2].stage.suggested), (Stage::WinBack, Stage::Mature));
    }
}
