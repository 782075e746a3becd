//! Templates that prefill a new plan from the account's tier and stage, and rolling a plan
//! forward into the next period. Texts are message keys: the app says them in the user's
//! language through the UI's catalogues.

use serde::Serialize;

use super::items::{ActionFields, ObjectiveFields, ObjectiveStatus, StakeholderFields};
use super::status::Cadence;
use super::TeamRole;
use crate::analytics::{playbook, PlanLevel, Stage};

crate::choice! {
    /// How much plan to start from: `auto` picks by tier (A full, B light, C blank).
    Template { Auto = "auto", Full = "full", Light = "light", Blank = "blank" }
}

crate::choice! {
    /// The sections of a plan.
    Section {
        Goals = "goals", Objectives = "objectives", ValuePropositions = "value_propositions",
        Stakeholders = "stakeholders", Opportunities = "opportunities", Actions = "actions",
        Risks = "risks", Resources = "resources",
    }
}

/// What a template fills in: the sections it asks for (health counts how many have content),
/// the review cadence, team slots to name, and starting items, as message keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prefill {
    pub template: Template,
    pub sections: &'static [Section],
    pub cadence: Cadence,
    /// Roles on our side to fill, e.g. the executive sponsor an A account needs.
    pub team_roles: &'static [TeamRole],
    /// Starting objectives and goal prompts (keys), to be edited.
    pub objectives: &'static [&'static str],
    pub goals: &'static [&'static str],
    /// The stage's playbook, as actions.
    pub actions: Vec<&'static str>,
}

const FULL: &[Section] = &[
    Section::Goals,
    Section::Objectives,
    Section::ValuePropositions,
    Section::Stakeholders,
    Section::Opportunities,
    Section::Actions,
    Section::Risks,
    Section::Resources,
];
const LIGHT: &[Section] =
    &[Section::Goals, Section::Objectives, Section::Stakeholders, Section::Actions];
const BLANK: &[Section] = &[Section::Objectives, Section::Actions];

impl Template {
    /// Of the templates of an account's live plans, the one that covers the most (full, then
    /// light, then blank): what plan coverage and the tier strategy count.
    pub fn strongest(templates: impl IntoIterator<Item = Template>) -> Option<Template> {
        let rank = |t: &Template| match t {
            Template::Full => 0,
            Template::Light => 1,
            Template::Blank | Template::Auto => 2,
        };
        templates.into_iter().min_by_key(rank).map(|t| match t {
            // A stored plan has a concrete template; `auto` is only ever a request.
            Template::Auto => Template::Blank,
            other => other,
        })
    }

    /// The sections a plan of this template is expected to fill (health counts them).
    pub fn sections(self) -> &'static [Section] {
        match self {
            Template::Full | Template::Auto => FULL,
            Template::Light => LIGHT,
            Template::Blank => BLANK,
        }
    }

    /// The template `auto` stands for, from the tier's service strategy.
    pub fn resolve(self, plan_level: PlanLevel) -> Template {
        match (self, plan_level) {
            (Template::Auto, PlanLevel::Full) => Template::Full,
            (Template::Auto, PlanLevel::Light) => Template::Light,
            (Template::Auto, PlanLevel::None) => Template::Blank,
            (t, _) => t,
        }
    }
}

/// The prefill for a new plan of an account in `tier` and `stage`, whose tier strategy asks for
/// `plan_level` and quarterly reviews when `quarterly_review`.
pub fn prefill(
    template: Template,
    plan_level: PlanLevel,
    stage: Stage,
    quarterly_review: bool,
) -> Prefill {
    let template = template.resolve(plan_level);
    let cadence = match (template, quarterly_review) {
        (Template::Full, _) | (_, true) => Cadence::Quarterly,
        _ => Cadence::HalfYearly,
    };
    let (sections, team_roles, objectives, goals): (
        _,
        &'static [TeamRole],
        &'static [&'static str],
        &'static [&'static str],
    ) = match template {
        Template::Full | Template::Auto => (
            FULL,
            &[TeamRole::AccountManager, TeamRole::ExecutiveSponsor],
            &["template.objective.revenue", "template.objective.nps"],
            &["template.goal.strategy", "template.goal.challenge"],
        ),
        Template::Light => (
            LIGHT,
            &[TeamRole::AccountManager],
            &["template.objective.revenue"],
            &["template.goal.strategy"],
        ),
        Template::Blank => (BLANK, &[], &[], &[]),
    };
    // A blank plan is what the user asked for: nothing prefilled.
    let actions = if template == Template::Blank { Vec::new() } else { playbook(stage).to_vec() };
    Prefill { template, sections, cadence, team_roles, objectives, goals, actions }
}

/// What a new period's plan takes from the last one: objectives still open (reset to start from
/// where they stand), actions not done or cancelled, and every stakeholder's targets, owner and
/// strategy. Ids are the caller's to give; the returned items still carry the old plan's.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    pub objectives: Vec<ObjectiveFields>,
    pub actions: Vec<ActionFields>,
    pub stakeholders: Vec<StakeholderFields>,
}

pub fn roll_forward(
    objectives: &[ObjectiveFields],
    actions: &[ActionFields],
    stakeholders: &[StakeholderFields],
) -> Carried {
    Carried {
        objectives: objectives
            .iter()
            .filter(|o| o.status == ObjectiveStatus::Open)
            .map(|o| ObjectiveFields {
                // The new period starts where the old one ended; a measured objective's baseline
                // is frozen again when the new plan goes active.
                baseline: o.current.unwrap_or(o.baseline),
                due_date: None,
                ..o.clone()
            })
            .filter(|o| o.baseline != o.target)
            .collect(),
        actions: actions.iter().filter(|a| a.status.is_open()).cloned().collect(),
        stakeholders: stakeholders.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::items::ActionStatus;
    use super::*;
    use uuid::Uuid;

    #[test]
    fn auto_follows_the_tier_strategy() {
        let a = prefill(Template::Auto, PlanLevel::Full, Stage::Mature, true);
        assert_eq!(
            (a.template, a.cadence, a.sections.len()),
            (Template::Full, Cadence::Quarterly, 8)
        );
        assert!(a.team_roles.contains(&TeamRole::ExecutiveSponsor));
        assert_eq!(a.actions, playbook(Stage::Mature));
        let b = prefill(Template::Auto, PlanLevel::Light, Stage::Growth, false);
        assert_eq!(
            (b.template, b.cadence, b.sections.len()),
            (Template::Light, Cadence::HalfYearly, 4)
        );
        let c = prefill(Template::Auto, PlanLevel::None, Stage::Growth, false);
        assert_eq!((c.template, c.sections.len()), (Template::Blank, 2));
        assert!(c.actions.is_empty());
        let chosen = prefill(Template::Light, PlanLevel::Full, Stage::Decline, true);
        assert_eq!(
            (chosen.template, chosen.cadence),
            (Template::Light, Cadence::Quarterly),
            "the user's choice wins"
        );
        assert_eq!(chosen.actions[0], "playbook.root_cause");
    }

    #[test]
    fn rolling_forward_carries_what_is_still_open() {
        let plan = Uuid::now_v7();
        let objective = |status, current: Option<f64>| ObjectiveFields {
            plan_id: plan,
            title: "Revenue".into(),
            metric: None,
            unit: Some("CNY".into()),
            baseline: 1_000.0,
            target: 2_000.0,
            current,
            due_date: chrono::NaiveDate::from_ymd_opt(2027, 12, 31),
            status,
            measure: None,
            share_with_customer: false,
        };
        let action = |status| ActionFields {
            plan_id: plan,
            title: "QBR".into(),
            owner: None,
            due_date: None,
            status,
            objective_id: None,
            contact_id: None,
            done_on: None,
            share_with_customer: false,
        };
        let carried = roll_forward(
            &[
                objective(ObjectiveStatus::Open, Some(1_600.0)),
                objective(ObjectiveStatus::Achieved, Some(2_100.0)),
                objective(ObjectiveStatus::Open, Some(2_000.0)),
            ],
            &[
                action(ActionStatus::Open),
                action(ActionStatus::Done),
                action(ActionStatus::InProgress),
                action(ActionStatus::Cancelled),
            ],
            &[],
        );
        assert_eq!(carried.objectives.len(), 1, "achieved ones and those at target stay behind");
        assert_eq!(
            (carried.objectives[0].baseline, carried.objectives[0].due_date),
            (1_600.0, None)
        );
        let statuses: Vec<ActionStatus> = carried.actions.iter().map(|a| a.status).collect();
        assert_eq!(statuses, [ActionStatus::Open, ActionStatus::InProgress]);
    }
}
