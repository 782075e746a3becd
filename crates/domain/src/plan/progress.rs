//! How far an objective is, and whether that is on track: progress from baseline to target
//! against the share of the objective's time that has gone. Every verdict says why, with the
//! numbers, like every other label in Keyplan.

use chrono::NaiveDate;
use serde::Serialize;

crate::choice! {
    /// Where an objective stands, as of a date.
    Track {
        Achieved = "achieved", OnTrack = "on_track", Behind = "behind", AtRisk = "at_risk",
        NotStarted = "not_started", NoData = "no_data",
    }
}

/// Progress may trail the time gone by this much and still be on track…
pub const ON_TRACK_SLACK: f64 = 0.10;
/// …and by this much and be merely behind; further back is at risk.
pub const BEHIND_SLACK: f64 = 0.25;

/// The numbers behind a verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub track: Track,
    /// (current - baseline) / (target - baseline); may pass 1 or fall below 0.
    pub progress: Option<f64>,
    /// The share of the time from start to due date that has gone, 0..=1.
    pub elapsed: f64,
    pub reason: TrackReason,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TrackReason {
    /// The target is reached.
    Reached { progress: f64 },
    /// Progress against time gone (the gap is elapsed minus progress).
    Pace { progress: f64, elapsed: f64 },
    /// The due date has passed short of the target.
    Overdue { progress: f64, due: NaiveDate },
    /// The period has not begun.
    NotStarted { start: NaiveDate },
    /// No current value yet (nothing measured or typed).
    NoCurrent,
}

/// An objective's numbers: start of its time, due date, baseline, target and current value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
}

/// The share of [start, due] gone by `as_of`, clamped to 0..=1 (a one-day span is all gone on
/// its day).
pub fn elapsed(start: NaiveDate, due: NaiveDate, as_of: NaiveDate) -> f64 {
    let span = (due - start).num_days();
    if span <= 0 {
        return if as_of >= due { 1.0 } else { 0.0 };
    }
    #[allow(clippy::cast_precision_loss)] // day counts are far below 2^52
    let share = (as_of - start).num_days() as f64 / span as f64;
    share.clamp(0.0, 1.0)
}

/// The verdict for `m` as of `as_of`. Targets may lie below the baseline (fewer complaints):
/// progress is measured in the target's direction either way.
pub fn track(m: &Measured, as_of: NaiveDate) -> Progress {
    let elapsed = elapsed(m.start, m.due, as_of);
    let Some(current) = m.current else {
        return Progress {
            track: Track::NoData,
            progress: None,
            elapsed,
            reason: TrackReason::NoCurrent,
        };
    };
    let span = m.target - m.baseline;
    // Validation refuses target == baseline; a stored one degrades to "reached when met".
    let progress = if span == 0.0 {
        if current == m.target {
            1.0
        } else {
            0.0
        }
    } else {
        (current - m.baseline) / span
    };
    let progress = (progress * 10_000.0).round() / 10_000.0;
    let (track, reason) = if progress >= 1.0 {
        (Track::Achieved, TrackReason::Reached { progress })
    } else if as_of < m.start {
        (Track::NotStarted, TrackReason::NotStarted { start: m.start })
    } else if as_of > m.due {
        (Track::AtRisk, TrackReason::Overdue { progress, due: m.due })
    } else {
        let gap = elapsed - progress;
        let track = if gap <= ON_TRACK_SLACK {
            Track::OnTrack
        } else if gap <= BEHIND_SLACK {
            Track::Behind
        } else {
            Track::AtRisk
        };
        (track, TrackReason::Pace { progress, elapsed: (elapsed * 10_000.0).round() / 10_000.0 })
    };
    Progress { track, progress: Some(progress), elapsed, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A year from 2027-01-01 to 2027-12-31 (364 days), baseline 100 → target 200.
    fn year(current: Option<f64>) -> Measured {
        Measured {
            start: d("2027-01-01"),
            due: d("2027-12-31"),
            baseline: 100.0,
            target: 200.0,
            current,
        }
    }

    #[test]
    fn half_way_through_the_year() {
        let mid = d("2027-07-02"); // 182 of 364 days: exactly half
        assert_eq!(elapsed(d("2027-01-01"), d("2027-12-31"), mid), 0.5);
        let p = track(&year(Some(150.0)), mid);
        assert_eq!((p.track, p.progress), (Track::OnTrack, Some(0.5)));
        assert_eq!(p.reason, TrackReason::Pace { progress: 0.5, elapsed: 0.5 });
        // The edges of each verdict: a gap of exactly 10 points is on track, of 25 behind.
        assert_eq!(track(&year(Some(140.0)), mid).track, Track::OnTrack);
        assert_eq!(track(&year(Some(139.0)), mid).track, Track::Behind);
        assert_eq!(track(&year(Some(125.0)), mid).track, Track::Behind);
        assert_eq!(track(&year(Some(124.0)), mid).track, Track::AtRisk);
    }

    #[test]
    fn reached_early_overdue_late_and_not_started() {
        assert_eq!(track(&year(Some(200.0)), d("2027-03-01")).track, Track::Achieved);
        let late = track(&year(Some(190.0)), d("2028-01-01"));
        assert_eq!(late.track, Track::AtRisk);
        assert_eq!(late.reason, TrackReason::Overdue { progress: 0.9, due: d("2027-12-31") });
        let early = track(&year(Some(100.0)), d("2026-12-01"));
        assert_eq!(early.track, Track::NotStarted);
        assert_eq!(early.elapsed, 0.0);
        assert_eq!(track(&year(None), d("2027-06-01")).track, Track::NoData);
    }

    #[test]
    fn a_target_below_the_baseline_counts_down() {
        // Complaints from 20 a quarter down to 10: 15 half way is on track, 19 is at risk.
        let m = Measured {
            start: d("2027-01-01"),
            due: d("2027-12-31"),
            baseline: 20.0,
            target: 10.0,
            current: Some(15.0),
        };
        assert_eq!(track(&m, d("2027-07-02")).progress, Some(0.5));
        let worse = Measured { current: Some(22.0), ..m };
        let p = track(&worse, d("2027-07-02"));
        assert_eq!((p.track, p.progress), (Track::AtRisk, Some(-0.2)));
    }

    #[test]
    fn a_one_day_objective_is_all_elapsed_on_its_day() {
        assert_eq!(elapsed(d("2027-05-01"), d("2027-05-01"), d("2027-05-01")), 1.0);
        assert_eq!(elapsed(d("2027-05-01"), d("2027-05-01"), d("2027-04-30")), 0.0);
        // A due date before the start: all gone once the due date has passed.
        assert_eq!(elapsed(d("2027-05-01"), d("2027-04-01"), d("2027-04-15")), 1.0);
    }
}
