//! Account plans 客户计划: one account, one period, the sections a key-account manager runs the
//! account by (goals, objectives, value propositions, stakeholders, actions, risks, resources,
//! reviews), and the rules that judge them: status moves, objectives' progress, stakeholder
//! gaps and plan health. Pure, like the rest of the domain.

pub mod audience;
pub mod gaps;
pub mod health;
pub mod items;
pub mod patch;
pub mod period;
pub mod progress;
pub mod review;
pub mod status;
pub mod template;
pub mod view;

pub use gaps::{gaps, Gap, Person};
pub use health::{health, Health, HealthInput, HealthLevel, HealthReason};
pub use items::*;
pub use patch::{
    ActionPatch, GoalPatch, ObjectivePatch, PlanItemPatch, ResourcePatch, RiskPatch,
    StakeholderPatch, ValuePropositionPatch,
};
pub use progress::{track, Measured, Progress, Track, TrackReason};
pub use review::{compare, Comparison, Move, Review, ReviewFields, ReviewInput, Snapshot};
pub use status::{check_move, Cadence, PlanStatus};
pub use template::{prefill, roll_forward, Carried, Prefill, Section, Template};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Checker, Choice, Problem, ValidationErrors};
use crate::Record;

crate::choice! {
    /// The roles on our side a template asks a plan's team to fill. A team member's role is one
    /// of these codes (shown in the reader's language) or the user's own text, shown as typed.
    TeamRole { AccountManager = "account_manager", ExecutiveSponsor = "executive_sponsor" }
}

impl TeamRole {
    /// The exact code, if `role` is one (a role the user typed stays their text).
    pub fn of(role: &str) -> Option<TeamRole> {
        TeamRole::NAMES.iter().position(|n| *n == role).map(|i| TeamRole::ALL[i])
    }

    /// The message key of its label.
    pub fn label_key(self) -> String {
        format!("template.role.{}", self.name())
    }
}

/// Someone on our side of the plan: the account manager, the executive sponsor the A-tier
/// strategy asks for, a solution engineer …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFields {
    pub account_id: Uuid,
    pub title: String,
    /// The period's label, e.g. FY2027.
    pub period: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub owner: Option<String>,
    pub team: Vec<TeamMember>,
    pub status: PlanStatus,
    pub cadence: Cadence,
    /// How much plan this is (full, light or blank): a B account's strategy asks for a light
    /// plan at least.
    pub template: Template,
    pub next_review: Option<NaiveDate>,
    /// Why the plan closed as it did (required to close).
    pub outcome: Option<String>,
    /// The user said this plan may overlap another of the account's periods.
    pub allow_overlap: bool,
    /// The plan this one was rolled forward from.
    pub previous_plan_id: Option<Uuid>,
}

pub type Plan = Record<PlanFields>;

/// A plan as a form or the command line sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub title: String,
    pub period: String,
    pub start_date: String,
    pub end_date: String,
    pub owner: Option<String>,
    pub team: Vec<TeamMember>,
    pub status: Option<String>,
    pub cadence: Option<String>,
    /// full, light or blank (default full).
    pub template: Option<String>,
    pub next_review: Option<String>,
    pub outcome: Option<String>,
    pub allow_overlap: bool,
    pub previous_plan_id: Option<Uuid>,
}

const MAX_TEAM: usize = 20;

impl PlanInput {
    /// Checks the plan's own fields. A status change is checked against the stored status by
    /// [`check_move`]; an overlap with the account's other plans needs the store.
    pub fn validate(&self, account_id: Uuid) -> Result<PlanFields, ValidationErrors> {
        let mut c = Checker::new();
        let title = c.required_text("title", &self.title);
        let period = c.required_text("period", &self.period);
        let start = c.required_date("start_date", &self.start_date);
        let end = c.required_date("end_date", &self.end_date);
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                c.fail("end_date", Problem::BeforeDate { other: "start_date" });
            }
        }
        let status = match self.status.as_deref() {
            None => Some(PlanStatus::Draft),
            Some(s) => c.required_choice("status", s),
        };
        let cadence = match self.cadence.as_deref() {
            None => Some(Cadence::Quarterly),
            Some(s) => c.required_choice("cadence", s),
        };
        let template = match self.template.as_deref() {
            None => Some(Template::Full),
            // `auto` is resolved against the tier before a plan is made; a stored plan is one.
            Some("auto") => {
                c.fail(
                    "template",
                    Problem::InvalidChoice { allowed: vec!["full", "light", "blank"] },
                );
                None
            }
            Some(s) => c.required_choice("template", s),
        };
        let next_review = c.optional_date("next_review", self.next_review.as_deref());
        if self.team.len() > MAX_TEAM {
            c.fail("team", Problem::OutOfRange { min: 0, max: MAX_TEAM as i64 });
        }
        let team: Vec<TeamMember> = self
            .team
            .iter()
            .enumerate()
            .map(|(i, m)| TeamMember {
                // A role with no name yet is a slot to fill (the executive sponsor to find).
                name: c.optional_text(&format!("team.{i}.name"), Some(&m.name)).unwrap_or_default(),
                role: c.required_text(&format!("team.{i}.role"), &m.role),
            })
            .collect();
        let owner = c.optional_text("owner", self.owner.as_deref());
        let outcome = c.long_text("outcome", self.outcome.as_deref());
        match (start, end, status, cadence, template) {
            (Some(start_date), Some(end_date), Some(status), Some(cadence), Some(template)) => c
                .finish(PlanFields {
                    account_id,
                    title,
                    period,
                    start_date,
                    end_date,
                    owner,
                    team,
                    status,
                    cadence,
                    template,
                    next_review,
                    outcome,
                    allow_overlap: self.allow_overlap,
                    previous_plan_id: self.previous_plan_id,
                }),
            // Each missing one was reported by the checker as it was read.
            _ => c
                .finish(())
                .and_then(|()| Err(ValidationErrors::single("start_date", Problem::Required))),
        }
    }
}

impl From<&PlanFields> for PlanInput {
    fn from(f: &PlanFields) -> Self {
        PlanInput {
            title: f.title.clone(),
            period: f.period.clone(),
            start_date: f.start_date.to_string(),
            end_date: f.end_date.to_string(),
            owner: f.owner.clone(),
            team: f.team.clone(),
            status: Some(f.status.name().to_string()),
            cadence: Some(f.cadence.name().to_string()),
            template: Some(f.template.name().to_string()),
            next_review: f.next_review.map(|d| d.to_string()),
            outcome: f.outcome.clone(),
            allow_overlap: f.allow_overlap,
            previous_plan_id: f.previous_plan_id,
        }
    }
}

/// Whether two periods share a day (both ends inclusive).
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlanInput {
        PlanInput {
            title: "华信科技 FY2027".into(),
            period: "FY2027".into(),
            start_date: "2027-01-01".into(),
            end_date: "2027-12-31".into(),
            team: vec![TeamMember { name: "Li Wei".into(), role: "executive sponsor".into() }],
            ..PlanInput::default()
        }
    }

    #[test]
    fn a_new_plan_is_a_quarterly_draft() {
        let f = input().validate(Uuid::nil()).unwrap();
        assert_eq!((f.status, f.cadence), (PlanStatus::Draft, Cadence::Quarterly));
        assert_eq!(PlanInput::from(&f).validate(Uuid::nil()).unwrap(), f, "round trip");
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = PlanInput {
            title: " ".into(),
            end_date: "2026-12-31".into(),
            status: Some("finished".into()),
            team: vec![TeamMember { name: "Li".into(), role: " ".into() }],
            ..input()
        };
        let e = bad.validate(Uuid::nil()).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "end_date", "status", "team.0.role"]);
        let e = PlanInput { start_date: "2027-02-30".into(), ..input() }
            .validate(Uuid::nil())
            .unwrap_err();
        assert_eq!(e.0[0].field, "start_date");
    }

    #[test]
    fn periods_overlap_when_they_share_a_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let y27 = (d("2027-01-01"), d("2027-12-31"));
        assert!(overlaps(y27, (d("2027-12-31"), d("2028-12-31"))));
        assert!(!overlaps(y27, (d("2028-01-01"), d("2028-12-31"))));
        assert!(overlaps(y27, (d("2027-03-01"), d("2027-03-31"))));
    }
}
