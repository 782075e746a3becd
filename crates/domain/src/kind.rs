//! Every kind of record Keyplan keeps, named once. A bundle, a conflict and the window call a
//! kind by its wire name (`plan_value_proposition`); the command line and the plan's IPC call a
//! plan's items by their item name (`value_proposition`). Both come from here, and every place
//! that handles each kind differently does so in a `match` the compiler checks, so a new kind is
//! a compile error wherever it must be handled. Table names are the store's alone.

use crate::sync::schema::{self, Kind};

crate::choice! {
    /// A kind of record, by its wire name. Parents come before their children: the order a
    /// bundle lists records in.
    RecordKind {
        Account = "account",
        Contact = "contact",
        Plan = "plan",
        Interaction = "interaction",
        Survey = "survey",
        Opportunity = "opportunity",
        Transaction = "transaction",
        PlanGoal = "plan_goal",
        PlanObjective = "plan_objective",
        PlanValueProposition = "plan_value_proposition",
        PlanStakeholder = "plan_stakeholder",
        PlanAction = "plan_action",
        PlanRisk = "plan_risk",
        PlanResource = "plan_resource",
        PlanReview = "plan_review",
    }
}

crate::choice! {
    /// A kind of item kept in a plan, by the name the command line and the window use for it.
    PlanItemKind {
        Goal = "goal",
        Objective = "objective",
        ValueProposition = "value_proposition",
        Stakeholder = "stakeholder",
        Action = "action",
        Risk = "risk",
        Resource = "resource",
        Review = "review",
    }
}

impl RecordKind {
    /// Its fields and references, as a bundle carries and a merge writes them.
    pub fn schema(self) -> &'static Kind {
        use RecordKind as K;
        match self {
            K::Account => &schema::ACCOUNT,
            K::Contact => &schema::CONTACT,
            K::Plan => &schema::PLAN,
            K::Interaction => &schema::INTERACTION,
            K::Survey => &schema::SURVEY,
            K::Opportunity => &schema::OPPORTUNITY,
            K::Transaction => &schema::TRANSACTION,
            K::PlanGoal => &schema::PLAN_GOAL,
            K::PlanObjective => &schema::PLAN_OBJECTIVE,
            K::PlanValueProposition => &schema::PLAN_VALUE_PROPOSITION,
            K::PlanStakeholder => &schema::PLAN_STAKEHOLDER,
            K::PlanAction => &schema::PLAN_ACTION,
            K::PlanRisk => &schema::PLAN_RISK,
            K::PlanResource => &schema::PLAN_RESOURCE,
            K::PlanReview => &schema::PLAN_REVIEW,
        }
    }

    /// The plan item this kind is, if it is one.
    pub fn plan_item(self) -> Option<PlanItemKind> {
        use PlanItemKind as I;
        use RecordKind as K;
        match self {
            K::Account
            | K::Contact
            | K::Plan
            | K::Interaction
            | K::Survey
            | K::Opportunity
            | K::Transaction => None,
            K::PlanGoal => Some(I::Goal),
            K::PlanObjective => Some(I::Objective),
            K::PlanValueProposition => Some(I::ValueProposition),
            K::PlanStakeholder => Some(I::Stakeholder),
            K::PlanAction => Some(I::Action),
            K::PlanRisk => Some(I::Risk),
            K::PlanResource => Some(I::Resource),
            K::PlanReview => Some(I::Review),
        }
    }

    /// Its position in [`Choice::ALL`](crate::validate::Choice): parents before children.
    pub fn order(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Choice;

    #[test]
    fn each_kind_has_its_own_schema_and_item_names_round_trip() {
        for (i, k) in RecordKind::ALL.iter().enumerate() {
            assert_eq!(k.schema().kind, *k, "{k}");
            assert_eq!(k.order(), i);
            if let Some(item) = k.plan_item() {
                assert_eq!(format!("plan_{item}"), k.to_string(), "one name, with its prefix");
            }
        }
        let items: Vec<_> = RecordKind::ALL.iter().filter_map(|k| k.plan_item()).collect();
        assert_eq!(items, PlanItemKind::ALL, "every item kind is one record kind");
    }
}
