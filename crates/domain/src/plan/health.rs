//! Plan health 计划健康度 (0-100, green / amber / red): how well a plan is being run, from five
//! parts, each shown with its share so the score explains itself.

use chrono::NaiveDate;
use serde::Serialize;

use super::progress::Track;

crate::choice! {
    HealthLevel { Green = "green", Amber = "amber", Red = "red" }
}

/// The most each part adds to the score; they sum to 100.
pub const SECTIONS_POINTS: u32 = 25;
pub const OBJECTIVES_POINTS: u32 = 25;
pub const ACTIONS_POINTS: u32 = 20;
pub const REVIEW_POINTS: u32 = 15;
pub const STAKEHOLDER_POINTS: u32 = 15;
/// The parts by the name the window shows them under, with their most points.
pub const PARTS: [(&str, u32); 5] = [
    ("sections", SECTIONS_POINTS),
    ("objectives", OBJECTIVES_POINTS),
    ("actions", ACTIONS_POINTS),
    ("review", REVIEW_POINTS),
    ("stakeholders", STAKEHOLDER_POINTS),
];
/// Each stakeholder gap takes this much off its part (five gaps take it all).
pub const POINTS_PER_GAP: u32 = 3;
/// At or above: green; at or above AMBER_MIN: amber; below: red.
pub const GREEN_MIN: u32 = 70;
pub const AMBER_MIN: u32 = 40;

/// What health is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthInput {
    /// Sections the plan's template asks for, and how many of them have content.
    pub sections_expected: u32,
    pub sections_filled: u32,
    /// Each objective's verdict.
    pub objectives: Vec<Track>,
    /// Open actions (open or in progress), and those past their due date.
    pub open_actions: u32,
    pub overdue_actions: u32,
    pub next_review: Option<NaiveDate>,
    pub stakeholder_gaps: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum HealthReason {
    Sections {
        filled: u32,
        expected: u32,
        points: u32,
    },
    /// `not_started`: objectives whose period has not begun; not behind, so they score as on
    /// track, but they are not called on track.
    Objectives {
        on_track: u32,
        not_started: u32,
        total: u32,
        points: u32,
    },
    NoObjectives,
    Actions {
        overdue: u32,
        open: u32,
        points: u32,
    },
    Review {
        next: NaiveDate,
        points: u32,
    },
    ReviewOverdue {
        next: NaiveDate,
        days: i64,
    },
    NoReviewDate,
    Stakeholders {
        gaps: u32,
        points: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub score: u32,
    pub level: HealthLevel,
    pub reasons: Vec<HealthReason>,
}

/// `part` of `max` points for `num` of `den`, rounded; `den` = 0 gives `empty`.
fn share(max: u32, num: u32, den: u32, empty: u32) -> u32 {
    if den == 0 {
        return empty;
    }
    (max * num.min(den) + den / 2) / den
}

pub fn health(h: &HealthInput, as_of: NaiveDate) -> Health {
    let mut reasons = Vec::new();
    let sections = share(SECTIONS_POINTS, h.sections_filled, h.sections_expected, SECTIONS_POINTS);
    reasons.push(HealthReason::Sections {
        filled: h.sections_filled,
        expected: h.sections_expected,
        points: sections,
    });

    let total = u32::try_from(h.objectives.len()).unwrap_or(u32::MAX);
    let count = |f: fn(&Track) -> bool| {
        u32::try_from(h.objectives.iter().filter(|t| f(t)).count()).unwrap_or(u32::MAX)
    };
    let on_track = count(|t| matches!(t, Track::Achieved | Track::OnTrack));
    let not_started = count(|t| matches!(t, Track::NotStarted));
    let objectives = share(OBJECTIVES_POINTS, on_track.saturating_add(not_started), total, 0);
    reasons.push(if total == 0 {
        HealthReason::NoObjectives
    } else {
        HealthReason::Objectives { on_track, not_started, total, points: objectives }
    });

    // No open action means nothing is late: the part is whole.
    let actions = ACTIONS_POINTS - share(ACTIONS_POINTS, h.overdue_actions, h.open_actions, 0);
    reasons.push(HealthReason::Actions {
        overdue: h.overdue_actions,
        open: h.open_actions,
        points: actions,
    });

    let review = match h.next_review {
        Some(next) if next >= as_of => {
            reasons.push(HealthReason::Review { next, points: REVIEW_POINTS });
            REVIEW_POINTS
        }
        Some(next) => {
            reasons.push(HealthReason::ReviewOverdue { next, days: (as_of - next).num_days() });
            0
        }
        None => {
            reasons.push(HealthReason::NoReviewDate);
            0
        }
    };

    let stakeholders = STAKEHOLDER_POINTS.saturating_sub(h.stakeholder_gaps * POINTS_PER_GAP);
    reasons.push(HealthReason::Stakeholders { gaps: h.stakeholder_gaps, points: stakeholders });

    let score = sections + objectives + actions + review + stakeholders;
    // A plan with nothing to aim at is not well run however tidy the rest: a new plan from a
    // template fills its sections and has nothing late, yet has not begun.
    let level = if score >= GREEN_MIN && total > 0 {
        HealthLevel::Green
    } else if score >= AMBER_MIN {
        HealthLevel::Amber
    } else {
        HealthLevel::Red
    };
    Health { score, level, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn good() -> HealthInput {
        HealthInput {
            sections_expected: 8,
            sections_filled: 8,
            objectives: vec![Track::OnTrack, Track::Achieved],
            open_actions: 4,
            overdue_actions: 0,
            next_review: Some(d("2027-04-01")),
            stakeholder_gaps: 0,
        }
    }

    #[test]
    fn a_plan_run_well_is_100_and_green() {
        let h = health(&good(), d("2027-03-01"));
        assert_eq!((h.score, h.level), (100, HealthLevel::Green));
        assert_eq!(h.reasons.len(), 5);
        assert_eq!(
            SECTIONS_POINTS
                + OBJECTIVES_POINTS
                + ACTIONS_POINTS
                + REVIEW_POINTS
                + STAKEHOLDER_POINTS,
            100
        );
    }

    #[test]
    fn a_plan_without_objectives_is_never_green() {
        let empty = HealthInput { objectives: vec![], ..good() };
        let h = health(&empty, d("2027-03-01"));
        assert_eq!((h.score, h.level), (75, HealthLevel::Amber));
    }

    #[test]
    fn each_part_takes_off_its_share() {
        let as_of = d("2027-03-01");
        let half = HealthInput { sections_filled: 4, ..good() };
        assert_eq!(health(&half, as_of).score, 100 - 12, "4 of 8 sections: 12.5 rounds to 13 kept");
        let behind = HealthInput {
            objectives: vec![Track::OnTrack, Track::Behind, Track::AtRisk, Track::NoData],
            ..good()
        };
        assert_eq!(health(&behind, as_of).score, 100 - 19, "1 of 4 on track: 6 of 25");
        let late = HealthInput { overdue_actions: 1, ..good() };
        assert_eq!(health(&late, as_of).score, 95, "1 of 4 actions overdue: 5 of 20 lost");
        let gaps = HealthInput { stakeholder_gaps: 2, ..good() };
        assert_eq!(health(&gaps, as_of).score, 94);
        let many = HealthInput { stakeholder_gaps: 9, ..good() };
        assert_eq!(health(&many, as_of).score, 85, "the part bottoms out at 0");
    }

    #[test]
    fn objectives_not_started_are_not_behind_and_not_called_on_track() {
        let future =
            HealthInput { objectives: vec![Track::NotStarted, Track::NotStarted], ..good() };
        let h = health(&future, d("2027-03-01"));
        assert_eq!(h.score, 100, "a period that has not begun is not behind");
        assert!(h.reasons.contains(&HealthReason::Objectives {
            on_track: 0,
            not_started: 2,
            total: 2,
            points: OBJECTIVES_POINTS
        }));
        let parts: u32 = PARTS.iter().map(|(_, p)| p).sum();
        assert_eq!(parts, 100);
    }

    #[test]
    fn a_review_is_due_on_its_day_and_overdue_after() {
        let on_the_day = health(&good(), d("2027-04-01"));
        assert_eq!(on_the_day.score, 100);
        let after = health(&good(), d("2027-04-11"));
        assert_eq!(after.score, 85);
        assert!(after
            .reasons
            .contains(&HealthReason::ReviewOverdue { next: d("2027-04-01"), days: 10 }));
        let none = HealthInput { next_review: None, ..good() };
        assert!(health(&none, d("2027-03-01")).reasons.contains(&HealthReason::NoReviewDate));
    }

    #[test]
    fn levels_at_their_edges() {
        let as_of = d("2027-03-01");
        // No objectives (0 of 25) and review overdue (0 of 15): 60, amber.
        let amber =
            HealthInput { objectives: vec![], next_review: Some(d("2027-02-01")), ..good() };
        let h = health(&amber, as_of);
        assert_eq!((h.score, h.level), (60, HealthLevel::Amber));
        assert!(h.reasons.contains(&HealthReason::NoObjectives));
        let empty = HealthInput {
            sections_expected: 8,
            sections_filled: 0,
            objectives: vec![],
            open_actions: 0,
            overdue_actions: 0,
            next_review: None,
            stakeholder_gaps: 5,
        };
        let h = health(&empty, as_of);
        assert_eq!(
            (h.score, h.level),
            (20, HealthLevel::Red),
            "only the actions part: nothing is late"
        );
        let green_edge = HealthInput {
            objectives: vec![Track::OnTrack, Track::AtRisk],
            next_review: None,
            ..good()
        };
        let h = health(&green_edge, as_of);
        assert_eq!((h.score, h.level), (73, HealthLevel::Green));
    }
}
