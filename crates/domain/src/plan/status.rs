//! A plan's life: draft → active → under review → closed. A review ends by going back to active
//! (the plan runs on) or by closing it, which needs an outcome note. Nothing else: a draft
//! cannot close without ever running, and a running plan is reviewed before it closes.

use crate::validate::{Choice, Problem};

crate::choice! {
    PlanStatus { Draft = "draft", Active = "active", UnderReview = "under_review", Closed = "closed" }
}

crate::choice! {
    /// How often the plan is reviewed.
    Cadence { Monthly = "monthly", Quarterly = "quarterly", HalfYearly = "half_yearly" }
}

impl Cadence {
    pub fn months(self) -> u32 {
        match self {
            Cadence::Monthly => 1,
            Cadence::Quarterly => 3,
            Cadence::HalfYearly => 6,
        }
    }
}

impl PlanStatus {
    /// The statuses a plan in `self` may move to.
    pub fn next(self) -> &'static [PlanStatus] {
        match self {
            PlanStatus::Draft => &[PlanStatus::Active],
            PlanStatus::Active => &[PlanStatus::UnderReview],
            PlanStatus::UnderReview => &[PlanStatus::Active, PlanStatus::Closed],
            PlanStatus::Closed => &[],
        }
    }

    /// Whether the plan counts as running (coverage, health, the Actions page).
    pub fn is_live(self) -> bool {
        matches!(self, PlanStatus::Active | PlanStatus::UnderReview)
    }
}

/// Checks a move from `from` to `to`; closing needs an `outcome`. Staying put is no move.
pub fn check_move(
    from: PlanStatus,
    to: PlanStatus,
    outcome: Option<&str>,
) -> Result<(), (&'static str, Problem)> {
    if from == to {
        return Ok(());
    }
    if !from.next().contains(&to) {
        let allowed: Vec<&'static str> = from.next().iter().map(|s| s.name()).collect();
        return Err(("status", Problem::NotAllowedMove { from: from.name(), allowed }));
    }
    if to == PlanStatus::Closed && outcome.is_none_or(|o| o.trim().is_empty()) {
        return Err(("outcome", Problem::Required));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlanStatus::*;

    #[test]
    fn only_the_four_moves_are_allowed() {
        let ok = [(Draft, Active), (Active, UnderReview), (UnderReview, Active)];
        for from in PlanStatus::ALL {
            for to in PlanStatus::ALL {
                let allowed = from == to
                    || ok.contains(&(*from, *to))
                    || (*from, *to) == (UnderReview, Closed);
                assert_eq!(
                    check_move(*from, *to, Some("won the tender")).is_ok(),
                    allowed,
                    "{from} → {to}"
                );
            }
        }
    }

    #[test]
    fn draft_straight_to_closed_is_refused_and_named() {
        let (field, problem) = check_move(Draft, Closed, Some("x")).unwrap_err();
        assert_eq!(field, "status");
        assert_eq!(problem, Problem::NotAllowedMove { from: "draft", allowed: vec!["active"] });
    }

    #[test]
    fn closing_asks_for_an_outcome() {
        assert_eq!(check_move(UnderReview, Closed, None).unwrap_err().0, "outcome");
        assert_eq!(check_move(UnderReview, Closed, Some("  ")).unwrap_err().0, "outcome");
        assert!(check_move(UnderReview, Closed, Some("renewed for 3 years")).is_ok());
    }

    #[test]
    fn live_plans_and_cadence_months() {
        assert!(Active.is_live() && UnderReview.is_live());
        assert!(!Draft.is_live() && !Closed.is_live());
        assert_eq!(Cadence::ALL.iter().map(|c| c.months()).collect::<Vec<_>>(), [1, 3, 6]);
    }
}
