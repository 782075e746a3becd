//! Churn-risk early warning 流失风险预警. Five indicators, each with a threshold and a weight and
//! each shown with its evidence. The score is the weight of the indicators firing over the
//! weight of all of them, ×100; the level is low below 30, medium below 60, else high. An
//! indicator with nothing to judge by does not fire, and its evidence says so.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::metrics::{AccountFacts, Windows};
use super::tiers::Tier;

crate::choice! {
    Indicator {
        NoContact = "no_contact", RevenueDrop = "revenue_drop", RenewalOverdue = "renewal_overdue",
        ComplaintsRising = "complaints_rising", NpsFalling = "nps_falling",
    }
}

crate::choice! {
    RiskLevel { Low = "low", Medium = "medium", High = "high" }
}

/// Thresholds and weights; every one editable in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskSettings {
    /// Contact cadence in days for tiers A, B, C.
    pub cadence_days: [i64; 3],
    /// Revenue in the last 90 days down by at least this percent on the 90 before.
    pub revenue_drop_pct: i64,
    /// Days past the renewal date with no renewal recorded.
    pub renewal_grace_days: i64,
    /// Complaints up by at least this percent on the 90 days before…
    pub complaint_rise_pct: i64,
    /// …and at least this many.
    pub complaint_min: u32,
    /// NPS down by at least this many points on the previous survey…
    pub nps_drop: i64,
    /// …or the latest NPS at most this (a detractor).
    pub detractor_max: u8,
    /// Weights, in the order of [`Indicator`].
    pub weights: [u32; 5],
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            cadence_days: [30, 60, 90],
            revenue_drop_pct: 50,
            renewal_grace_days: 30,
            complaint_rise_pct: 30,
            complaint_min: 2,
            nps_drop: 2,
            detractor_max: 6,
            weights: [20; 5],
        }
    }
}

impl RiskSettings {
    pub fn cadence(&self, tier: Tier) -> i64 {
        match tier {
            Tier::A => self.cadence_days[0],
            Tier::B => self.cadence_days[1],
            Tier::C => self.cadence_days[2],
        }
    }
}

/// The numbers behind one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Evidence {
    DaysSinceContact {
        days: i64,
        cadence: i64,
    },
    NoInteractionRecorded,
    RevenueChange {
        rev90: i64,
        prev90: i64,
    },
    NoRevenueBefore,
    /// The renewal date has come (`days_past` >= 0) and no renewal is recorded.
    Renewal {
        renewal_date: NaiveDate,
        days_past: i64,
    },
    /// The renewal date is still ahead.
    RenewalDue {
        renewal_date: NaiveDate,
        days_until: i64,
    },
    RenewalRecorded {
        renewal_date: NaiveDate,
    },
    NoRenewalDate,
    Complaints {
        last90: u32,
        prev90: u32,
    },
    Nps {
        latest: u8,
        previous: Option<u8>,
    },
    NoSurvey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorResult {
    pub indicator: Indicator,
    pub fired: bool,
    pub weight: u32,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub score: f64,
    pub level: RiskLevel,
    pub indicators: Vec<IndicatorResult>,
}

/// What the risk rules need beyond the account's facts.
#[derive(Debug, Clone, Copy)]
pub struct RiskInput<'a> {
    pub facts: &'a AccountFacts,
    pub tier: Tier,
    pub renewal_date: Option<NaiveDate>,
    /// A renewal was recorded on or after the renewal date (a won renewal opportunity).
    pub renewal_recorded: bool,
}

/// How long before the renewal date a won renewal still counts as the renewal recorded.
pub const RENEWAL_EARLY_DAYS: i64 = 90;

/// Whether a renewal won on `closed` records the renewal due on `renewal_date`: closed at most
/// [`RENEWAL_EARLY_DAYS`] before it, or any time after it, up to T.
pub fn renewal_recorded(renewal_date: NaiveDate, closed: NaiveDate, as_of: NaiveDate) -> bool {
    closed >= renewal_date - chrono::Duration::days(RENEWAL_EARLY_DAYS) && closed <= as_of
}

pub fn risk(input: RiskInput<'_>, w: Windows, s: &RiskSettings) -> Risk {
    let f = input.facts;
    let no_contact = match f.last_interaction {
        None => (false, Evidence::NoInteractionRecorded),
        Some(d) => {
            let (days, cadence) = (w.days_since(d), s.cadence(input.tier));
            (days > cadence, Evidence::DaysSinceContact { days, cadence })
        }
    };
    let revenue = if f.prev90 > 0 {
        let fired = f.rev90 * 100 <= f.prev90 * (100 - s.revenue_drop_pct);
        (fired, Evidence::RevenueChange { rev90: f.rev90, prev90: f.prev90 })
    } else {
        (false, Evidence::NoRevenueBefore)
    };
    let renewal = match input.renewal_date {
        None => (false, Evidence::NoRenewalDate),
        Some(renewal_date) if input.renewal_recorded => {
            (false, Evidence::RenewalRecorded { renewal_date })
        }
        Some(renewal_date) => match w.days_since(renewal_date) {
            ahead if ahead < 0 => {
                (false, Evidence::RenewalDue { renewal_date, days_until: -ahead })
            }
            days_past => {
                (days_past >= s.renewal_grace_days, Evidence::Renewal { renewal_date, days_past })
            }
        },
    };
    let complaints = (
        f.complaints90 >= s.complaint_min
            && i64::from(f.complaints90) * 100
                >= i64::from(f.complaints_prev90) * (100 + s.complaint_rise_pct),
        Evidence::Complaints { last90: f.complaints90, prev90: f.complaints_prev90 },
    );
    let nps = match f.latest_nps {
        None => (false, Evidence::NoSurvey),
        Some(latest) => {
            let fell =
                f.previous_nps.is_some_and(|p| i64::from(p) - i64::from(latest) >= s.nps_drop);
            (fell || latest <= s.detractor_max, Evidence::Nps { latest, previous: f.previous_nps })
        }
    };
    let indicators: Vec<IndicatorResult> = [
        (Indicator::NoContact, no_contact),
        (Indicator::RevenueDrop, revenue),
        (Indicator::RenewalOverdue, renewal),
        (Indicator::ComplaintsRising, complaints),
        (Indicator::NpsFalling, nps),
    ]
    .into_iter()
    .zip(s.weights)
    .map(|((indicator, (fired, evidence)), weight)| IndicatorResult {
        indicator,
        fired,
        weight,
        evidence,
    })
    .collect();
    let all: u32 = indicators.iter().map(|i| i.weight).sum();
    let firing: u32 = indicators.iter().filter(|i| i.fired).map(|i| i.weight).sum();
    let score = if all == 0 { 0.0 } else { f64::from(firing) / f64::from(all) * 100.0 };
    let level = if score < 30.0 {
        RiskLevel::Low
    } else if score < 60.0 {
        RiskLevel::Medium
    } else {
        RiskLevel::High
    };
    Risk { score, level, indicators }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t() -> Windows {
        Windows::new(d("2026-11-22"))
    }

    fn run(facts: &AccountFacts, tier: Tier, renewal: Option<&str>) -> Risk {
        let input =
            RiskInput { facts, tier, renewal_date: renewal.map(d), renewal_recorded: false };
        risk(input, t(), &RiskSettings::default())
    }

    fn fired(r: &Risk) -> Vec<Indicator> {
        r.indicators.iter().filter(|i| i.fired).map(|i| i.indicator).collect()
    }

    #[test]
    fn nothing_to_judge_by_fires_nothing_and_says_so() {
        let r = run(&AccountFacts::default(), Tier::A, None);
        assert_eq!((r.score, r.level), (0.0, RiskLevel::Low));
        let evidence: Vec<&Evidence> = r.indicators.iter().map(|i| &i.evidence).collect();
        assert_eq!(
            evidence,
            [
                &Evidence::NoInteractionRecorded,
                &Evidence::NoRevenueBefore,
                &Evidence::NoRenewalDate,
                &Evidence::Complaints { last90: 0, prev90: 0 },
                &Evidence::NoSurvey
            ]
        );
    }

    #[test]
    fn contact_cadence_depends_on_the_tier() {
        let facts = AccountFacts { last_interaction: Some(d("2026-10-01")), ..Default::default() }; // 52 days
        assert_eq!(fired(&run(&facts, Tier::A, None)), [Indicator::NoContact]);
        assert!(fired(&run(&facts, Tier::B, None)).is_empty());
        let on_the_day =
            AccountFacts { last_interaction: Some(d("2026-10-23")), ..Default::default() }; // 30 days
        assert!(
            fired(&run(&on_the_day, Tier::A, None)).is_empty(),
            "longer than the cadence, not equal"
        );
    }

    #[test]
    fn revenue_drop_edges() {
        let half = AccountFacts { rev90: 50, prev90: 100, ..Default::default() };
        assert_eq!(
            fired(&run(&half, Tier::C, None)),
            [Indicator::RevenueDrop],
            "exactly 50% down fires"
        );
        let less = AccountFacts { rev90: 51, prev90: 100, ..Default::default() };
        assert!(fired(&run(&less, Tier::C, None)).is_empty());
        let negative = AccountFacts { rev90: -10, prev90: 100, ..Default::default() };
        assert_eq!(fired(&run(&negative, Tier::C, None)), [Indicator::RevenueDrop]);
    }

    #[test]
    fn renewal_overdue_by_thirty_days() {
        let f = AccountFacts::default();
        assert_eq!(fired(&run(&f, Tier::C, Some("2026-10-23"))), [Indicator::RenewalOverdue]); // 30 days
        assert!(fired(&run(&f, Tier::C, Some("2026-10-24"))).is_empty()); // 29 days
        let ahead = run(&f, Tier::C, Some("2027-05-24"));
        let ev = &ahead.indicators.iter().find(|i| i.indicator == Indicator::RenewalOverdue);
        assert_eq!(
            ev.map(|i| &i.evidence),
            Some(&Evidence::RenewalDue { renewal_date: d("2027-05-24"), days_until: 183 }),
            "a date ahead says how many days until it, never a negative count"
        );
        let recorded = RiskInput {
            facts: &f,
            tier: Tier::C,
            renewal_date: Some(d("2026-01-01")),
            renewal_recorded: true,
        };
        assert!(fired(&risk(recorded, t(), &RiskSettings::default())).is_empty());
    }

    #[test]
    fn complaints_rising_needs_thirty_percent_and_two() {
        let c = |last90, prev90| AccountFacts {
            complaints90: last90,
            complaints_prev90: prev90,
            ..Default::default()
        };
        assert_eq!(fired(&run(&c(2, 0), Tier::C, None)), [Indicator::ComplaintsRising]);
        assert!(fired(&run(&c(1, 0), Tier::C, None)).is_empty(), "at least 2");
        assert_eq!(
            fired(&run(&c(13, 10), Tier::C, None)),
            [Indicator::ComplaintsRising],
            "exactly +30%"
        );
        assert!(fired(&run(&c(12, 10), Tier::C, None)).is_empty());
    }

    #[test]
    fn nps_falling_or_detractor() {
        let n = |latest, previous| AccountFacts {
            latest_nps: Some(latest),
            previous_nps: previous,
            ..Default::default()
        };
        assert_eq!(fired(&run(&n(8, Some(10)), Tier::C, None)), [Indicator::NpsFalling]);
        assert!(fired(&run(&n(9, Some(10)), Tier::C, None)).is_empty());
        assert_eq!(fired(&run(&n(6, None), Tier::C, None)), [Indicator::NpsFalling], "a detractor");
        assert!(fired(&run(&n(7, None), Tier::C, None)).is_empty());
    }

    #[test]
    fn score_and_levels() {
        let facts = AccountFacts {
            last_interaction: Some(d("2026-01-01")),
            rev90: 0,
            prev90: 10,
            latest_nps: Some(3),
            ..Default::default()
        };
        let r = run(&facts, Tier::A, None);
        assert_eq!((r.score, r.level), (60.0, RiskLevel::High), "60 is high");
        let r = run(
            &AccountFacts { latest_nps: Some(3), prev90: 10, rev90: 0, ..Default::default() },
            Tier::A,
            None,
        );
        assert_eq!((r.score, r.level), (40.0, RiskLevel::Medium));
        let r = run(&AccountFacts { latest_nps: Some(3), ..Default::default() }, Tier::A, None);
        assert_eq!((r.score, r.level), (20.0, RiskLevel::Low));
    }
}
