//! Lifecycle stage 生命周期阶段, suggested from data, first match wins: a stage set by hand
//! (win-back is only ever set by hand); churned; decline; prospect; onboarding; growth; mature.
//! The user confirms or overrides the suggestion; each stage has a playbook of actions.

use chrono::NaiveDate;
use serde::Serialize;

use super::metrics::{AccountFacts, Windows};
use super::risk::RiskLevel;

crate::choice! {
    Stage {
        Prospect = "prospect", Onboarding = "onboarding", Growth = "growth", Mature = "mature",
        Decline = "decline", Churned = "churned", WinBack = "win_back",
    }
}

/// Why the stage was suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum StageReason {
    SetByHand { reason: String },
    MarkedLost,
    NoPurchaseInAYear { last_purchase: NaiveDate },
    HighRisk,
    RevenueDown { rev12: i64, prev12: i64 },
    NoPurchaseYet,
    FirstPurchase { first_purchase: NaiveDate, days_ago: i64 },
}

/// What the stage rules need beyond the account's facts.
#[derive(Debug, Clone, Copy)]
pub struct StageInput<'a> {
    pub facts: &'a AccountFacts,
    pub risk: RiskLevel,
    pub manual: Option<(Stage, &'a str)>,
    pub marked_lost: bool,
}

pub fn lifecycle(input: StageInput<'_>, w: Windows) -> (Stage, StageReason) {
    let f = input.facts;
    if let Some((stage, reason)) = input.manual {
        return (stage, StageReason::SetByHand { reason: reason.to_string() });
    }
    if input.marked_lost {
        return (Stage::Churned, StageReason::MarkedLost);
    }
    if let Some(last) = f.last_purchase.filter(|d| !w.last(super::YEAR_DAYS, *d)) {
        return (Stage::Churned, StageReason::NoPurchaseInAYear { last_purchase: last });
    }
    if input.risk == RiskLevel::High {
        return (Stage::Decline, StageReason::HighRisk);
    }
    // rev12 <= 0.7 × prev12, in integers.
    if f.prev12 > 0 && f.rev12 * 10 <= f.prev12 * 7 {
        return (Stage::Decline, StageReason::RevenueDown { rev12: f.rev12, prev12: f.prev12 });
    }
    let Some(first) = f.first_purchase else {
        return (Stage::Prospect, StageReason::NoPurchaseYet);
    };
    let days_ago = w.days_since(first);
    let reason = StageReason::FirstPurchase { first_purchase: first, days_ago };
    let stage = match days_ago {
        d if d < 90 => Stage::Onboarding,
        d if d < 365 => Stage::Growth,
        _ => Stage::Mature,
    };
    (stage, reason)
}

/// The playbook 行动手册 of a stage: i18n keys of recommended actions (from the seed documents).
pub fn playbook(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::Prospect => {
            &["playbook.qualify_needs", "playbook.map_decision_makers", "playbook.first_proposal"]
        }
        Stage::Onboarding => &[
            "playbook.onboarding_training",
            "playbook.regular_check_ins",
            "playbook.success_criteria",
        ],
        Stage::Growth => {
            &["playbook.value_verification", "playbook.success_cases", "playbook.expand_contacts"]
        }
        Stage::Mature => {
            &["playbook.upsell_cross_sell", "playbook.advisory_board", "playbook.executive_review"]
        }
        Stage::Decline => {
            &["playbook.root_cause", "playbook.executive_escalation", "playbook.service_recovery"]
        }
        Stage::Churned | Stage::WinBack => {
            &["playbook.root_cause", "playbook.renewal_incentives", "playbook.win_back_offer"]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    // Tests build facts inline; taking them by value keeps each case one line.
    #[allow(clippy::needless_pass_by_value)]
    fn stage(facts: AccountFacts, risk: RiskLevel) -> Stage {
        let facts = &facts;
        let input = StageInput { facts, risk, manual: None, marked_lost: false };
        lifecycle(input, Windows::new(d("2026-11-22"))).0
    }

    fn bought(first: &str, last: &str) -> AccountFacts {
        AccountFacts {
            first_purchase: Some(d(first)),
            last_purchase: Some(d(last)),
            rev12: 100,
            ..Default::default()
        }
    }

    #[test]
    fn first_match_wins_in_order() {
        assert_eq!(stage(AccountFacts::default(), RiskLevel::Low), Stage::Prospect);
        assert_eq!(
            stage(AccountFacts::default(), RiskLevel::High),
            Stage::Decline,
            "risk outranks prospect"
        );
        assert_eq!(stage(bought("2026-09-01", "2026-11-01"), RiskLevel::Low), Stage::Onboarding);
        assert_eq!(
            stage(bought("2026-08-24", "2026-11-01"), RiskLevel::Low),
            Stage::Growth,
            "90 days is growth"
        );
        assert_eq!(stage(bought("2025-11-23", "2026-11-01"), RiskLevel::Low), Stage::Growth);
        assert_eq!(
            stage(bought("2025-11-22", "2026-11-01"), RiskLevel::Low),
            Stage::Mature,
            "365 days is mature"
        );
        assert_eq!(
            stage(bought("2020-01-01", "2025-11-22"), RiskLevel::High),
            Stage::Churned,
            "churned outranks decline"
        );
    }

    #[test]
    fn decline_at_seventy_percent() {
        let f =
            |rev12, prev12| AccountFacts { rev12, prev12, ..bought("2020-01-01", "2026-11-01") };
        assert_eq!(stage(f(70, 100), RiskLevel::Low), Stage::Decline);
        assert_eq!(stage(f(71, 100), RiskLevel::Low), Stage::Mature);
        assert_eq!(stage(f(0, 0), RiskLevel::Low), Stage::Mature, "no previous year: no decline");
    }

    #[test]
    fn by_hand_and_marked_lost() {
        let facts = bought("2020-01-01", "2026-11-01");
        let w = Windows::new(d("2026-11-22"));
        let manual = StageInput {
            facts: &facts,
            risk: RiskLevel::Low,
            manual: Some((Stage::WinBack, "new CFO")),
            marked_lost: true,
        };
        assert_eq!(
            lifecycle(manual, w),
            (Stage::WinBack, StageReason::SetByHand { reason: "new CFO".into() })
        );
        let lost = StageInput { manual: None, ..manual };
        assert_eq!(lifecycle(lost, w), (Stage::Churned, StageReason::MarkedLost));
        assert!(!playbook(Stage::Mature).is_empty());
    }
}
