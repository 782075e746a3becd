//! Reviews: a dated meeting on the plan with its notes, rating and decisions, and a snapshot of
//! every objective's progress and every stakeholder's attitude, influence and strength at that
//! moment, so that any two reviews can be compared: what moved (▲▼) in between.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::progress::Track;
use crate::validate::{Checker, ValidationErrors};
use crate::vocabulary::RATING;
use crate::Record;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveSnapshot {
    pub objective_id: Uuid,
    pub title: String,
    pub current: Option<f64>,
    pub progress: Option<f64>,
    pub track: Track,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StakeholderSnapshot {
    pub contact_id: Uuid,
    pub name: String,
    pub attitude: Option<i8>,
    pub influence: Option<u8>,
    pub strength: Option<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub objectives: Vec<ObjectiveSnapshot>,
    pub stakeholders: Vec<StakeholderSnapshot>,
    pub health: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewFields {
    pub plan_id: Uuid,
    pub date: NaiveDate,
    pub attendees: Vec<String>,
    pub notes: Option<String>,
    /// 1-5: how the account is going, as the meeting saw it.
    pub rating: Option<u8>,
    pub decisions: Option<String>,
    pub snapshot: Snapshot,
}

pub type Review = Record<ReviewFields>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub date: String,
    pub attendees: Vec<String>,
    pub notes: Option<String>,
    pub rating: Option<i64>,
    pub decisions: Option<String>,
}

impl ReviewInput {
    /// The review's own fields; the snapshot is taken by the use case when it is held.
    pub fn validate(
        &self,
        plan_id: Uuid,
        snapshot: Snapshot,
    ) -> Result<ReviewFields, ValidationErrors> {
        let mut c = Checker::new();
        let date = c.required_date("date", &self.date);
        let attendees: Vec<String> = self
            .attendees
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.trim().is_empty())
            .map(|(i, a)| c.required_text(&format!("attendees.{i}"), a))
            .collect();
        let f = ReviewFields {
            plan_id,
            date: date.unwrap_or_default(),
            attendees,
            notes: c.long_text("notes", self.notes.as_deref()),
            rating: c
                .optional_range("rating", self.rating, RATING.min, RATING.max)
                .and_then(|v| u8::try_from(v).ok()),
            decisions: c.long_text("decisions", self.decisions.as_deref()),
            snapshot,
        };
        c.finish(f)
    }
}

crate::choice! {
    /// Which way a number went between two reviews; `new` and `gone`: known in one review only.
    Move { Up = "up", Down = "down", Same = "same", New = "new", Gone = "gone" }
}

impl Move {
    /// The mark the window and every export show for it.
    pub fn mark(self) -> &'static str {
        match self {
            Move::Up => "▲",
            Move::Down => "▼",
            Move::Same => "=",
            Move::New => "+",
            Move::Gone => "−",
        }
    }
}

fn moved<T: PartialOrd>(before: Option<T>, after: Option<T>) -> Move {
    match (before, after) {
        (Some(b), Some(a)) if a > b => Move::Up,
        (Some(b), Some(a)) if a < b => Move::Down,
        (Some(_), Some(_)) | (None, None) => Move::Same,
        (None, Some(_)) => Move::New,
        (Some(_), None) => Move::Gone,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveChange {
    pub objective_id: Uuid,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub progress: Move,
    pub track_before: Option<Track>,
    pub track_after: Option<Track>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StakeholderChange {
    pub contact_id: Uuid,
    pub name: String,
    pub attitude: Move,
    pub influence: Move,
    pub strength: Move,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub objectives: Vec<ObjectiveChange>,
    pub stakeholders: Vec<StakeholderChange>,
    pub health: Move,
}

/// What moved from `earlier` to `later`: every objective and stakeholder in either, in the
/// later review's order, then those only the earlier one had.
pub fn compare(earlier: &ReviewFields, later: &ReviewFields) -> Comparison {
    let (a, b) = (&earlier.snapshot, &later.snapshot);
    let mut objectives: Vec<ObjectiveChange> = b
        .objectives
        .iter()
        .map(|o| {
            let old = a.objectives.iter().find(|x| x.objective_id == o.objective_id);
            ObjectiveChange {
                objective_id: o.objective_id,
                title: o.title.clone(),
                before: old.and_then(|x| x.progress),
                after: o.progress,
                progress: if old.is_none() {
                    Move::New
                } else {
                    moved(old.and_then(|x| x.progress), o.progress)
                },
                track_before: old.map(|x| x.track),
                track_after: Some(o.track),
            }
        })
        .collect();
    objectives.extend(
        a.objectives
            .iter()
            .filter(|o| !b.objectives.iter().any(|x| x.objective_id == o.objective_id))
            .map(|o| ObjectiveChange {
                objective_id: o.objective_id,
                title: o.title.clone(),
                before: o.progress,
                after: None,
                progress: Move::Gone,
                track_before: Some(o.track),
                track_after: None,
            }),
    );
    let mut stakeholders: Vec<StakeholderChange> = b
        .stakeholders
        .iter()
        .map(|s| {
            let old = a.stakeholders.iter().find(|x| x.contact_id == s.contact_id);
            let pick = |f: fn(&StakeholderSnapshot) -> Option<i16>| match old {
                None => Move::New,
                Some(o) => moved(f(o), f(s)),
            };
            StakeholderChange {
                contact_id: s.contact_id,
                name: s.name.clone(),
                attitude: pick(|x| x.attitude.map(i16::from)),
                influence: pick(|x| x.influence.map(i16::from)),
                strength: pick(|x| x.strength.map(i16::from)),
            }
        })
        .collect();
    stakeholders.extend(
        a.stakeholders
            .iter()
            .filter(|s| !b.stakeholders.iter().any(|x| x.contact_id == s.contact_id))
            .map(|s| StakeholderChange {
                contact_id: s.contact_id,
                name: s.name.clone(),
                attitude: Move::Gone,
                influence: Move::Gone,
                strength: Move::Gone,
            }),
    );
    Comparison {
        from: earlier.date,
        to: later.date,
        objectives,
        stakeholders,
        health: moved(a.health, b.health),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn review(date: &str, snapshot: Snapshot) -> ReviewFields {
        ReviewInput { date: date.into(), rating: Some(4), ..Default::default() }
            .validate(Uuid::nil(), snapshot)
            .unwrap()
    }

    #[test]
    fn what_moved_between_two_reviews() {
        let (o1, o2, o3) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let (ceo, cfo, cto) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let obj = |id, progress: f64, track| ObjectiveSnapshot {
            objective_id: id,
            title: "o".into(),
            current: Some(progress),
            progress: Some(progress),
            track,
        };
        let who = |id, attitude: i8, influence: u8, strength: u8| StakeholderSnapshot {
            contact_id: id,
            name: "s".into(),
            attitude: Some(attitude),
            influence: Some(influence),
            strength: Some(strength),
        };
        let q1 = review(
            "2027-03-31",
            Snapshot {
                objectives: vec![obj(o1, 0.2, Track::Behind), obj(o2, 0.5, Track::OnTrack)],
                stakeholders: vec![who(ceo, 0, 5, 2), who(cfo, 1, 4, 3)],
                health: Some(60),
            },
        );
        let q2 = review(
            "2027-06-30",
            Snapshot {
                objectives: vec![obj(o1, 0.45, Track::OnTrack), obj(o3, 0.1, Track::AtRisk)],
                stakeholders: vec![who(ceo, 1, 5, 3), who(cfo, 1, 4, 2), who(cto, -1, 3, 1)],
                health: Some(55),
            },
        );
        let c = compare(&q1, &q2);
        assert_eq!((c.from, c.to), (d("2027-03-31"), d("2027-06-30")));
        let moves: Vec<(Uuid, Move)> =
            c.objectives.iter().map(|o| (o.objective_id, o.progress)).collect();
        assert_eq!(moves, [(o1, Move::Up), (o3, Move::New), (o2, Move::Gone)]);
        assert_eq!(c.objectives[0].track_before, Some(Track::Behind));
        let s: Vec<(Move, Move, Move)> =
            c.stakeholders.iter().map(|s| (s.attitude, s.influence, s.strength)).collect();
        assert_eq!(
            s,
            [
                (Move::Up, Move::Same, Move::Up),
                (Move::Same, Move::Same, Move::Down),
                (Move::New, Move::New, Move::New),
            ]
        );
        assert_eq!(c.health, Move::Down);
    }

    #[test]
    fn a_review_needs_a_date_and_a_rating_on_the_scale() {
        let e = ReviewInput { rating: Some(0), ..Default::default() }
            .validate(Uuid::nil(), Snapshot::default())
            .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["date", "rating"]);
        let r = review("2027-01-15", Snapshot::default());
        assert_eq!(r.rating, Some(4));
        let blanks = ReviewInput {
            date: "2027-01-15".into(),
            attendees: vec![" ".into(), "Li Wei".into()],
            ..Default::default()
        };
        assert_eq!(
            blanks.validate(Uuid::nil(), Snapshot::default()).unwrap().attendees,
            ["Li Wei"]
        );
    }
}
