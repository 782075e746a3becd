//! The records a bundle carries and the fields they are merged by.
//!
//! A record is merged field group by field group: most groups are one field, but fields that
//! only make sense together (a plan's period label and its dates, an action's status and the
//! day it was done) form one group and always move as one. The names are the JSON field names,
//! which are also the store's column names. `deleted` is the tombstone.

pub use crate::kind::RecordKind;
use crate::validate::Choice;

/// One kind of record as a bundle carries it: the record it belongs to, its field groups.
#[derive(Debug)]
pub struct Kind {
    pub kind: RecordKind,
    /// The field naming the record this one belongs to, and that record's kind.
    pub parent: Option<(&'static str, RecordKind)>,
    pub groups: &'static [Group],
    /// Other fields holding another record's id (or a list of ids), and that record's kind.
    pub refs: &'static [(&'static str, RecordKind)],
}

/// Fields merged as one.
#[derive(Debug)]
pub struct Group {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

/// The tombstone group: `deleted_at`, set when the record is deleted.
pub const DELETED: &str = "deleted";

macro_rules! groups {
    ($($name:literal $(: [$($field:literal),+])?),+ $(,)?) => {
        &[$(Group { name: $name, fields: groups!(@fields $name $(, $($field),+)?) }),+]
    };
    (@fields $name:literal) => { &[$name] };
    (@fields $name:literal, $($field:literal),+) => { &[$($field),+] };
}

/// Each kind's fields (see [`RecordKind::schema`]).
pub const ACCOUNT: Kind = Kind {
    kind: RecordKind::Account,
    parent: None,
    groups: groups![
        "name", "industry", "size_band", "region", "owner", "relationship_start",
        "renewal_date", "industry_influence", "innovation_synergy", "growth_potential",
        "strategic_fit", "notes", "external_id", "tags",
        "tier": ["tier", "tier_reason"], "stage": ["stage", "stage_reason"], "marked_lost",
        "deleted": ["deleted_at"],
    ],
    refs: &[],
};

pub const CONTACT: Kind = Kind {
    kind: RecordKind::Contact,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "name", "title", "email", "phone", "role", "attitude", "influence",
        "relationship_strength", "reports_to", "last_contacted", "notes", "external_id",
        "deleted": ["deleted_at"],
    ],
    refs: &[("reports_to", RecordKind::Contact)],
};

pub const PLAN: Kind = Kind {
    kind: RecordKind::Plan,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "title", "period": ["period", "start_date", "end_date"], "owner",
        "team", "status": ["status", "outcome"], "cadence", "template", "next_review",
        "allow_overlap", "previous_plan_id", "deleted": ["deleted_at"],
    ],
    refs: &[("previous_plan_id", RecordKind::Plan)],
};

pub const INTERACTION: Kind = Kind {
    kind: RecordKind::Interaction,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "date", "kind", "summary", "sentiment", "next_step",
        "severity", "resolved_on", "contact_ids", "deleted": ["deleted_at"],
    ],
    refs: &[("contact_ids", RecordKind::Contact)],
};

pub const SURVEY: Kind = Kind {
    kind: RecordKind::Survey,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "contact_id", "date", "nps", "csat", "comment",
        "deleted": ["deleted_at"],
    ],
    refs: &[("contact_id", RecordKind::Contact)],
};

pub const OPPORTUNITY: Kind = Kind {
    kind: RecordKind::Opportunity,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "title", "kind", "estimated_value", "probability", "expected_close",
        "status", "plan_id", "deleted": ["deleted_at"],
    ],
    refs: &[("plan_id", RecordKind::Plan)],
};

pub const TRANSACTION: Kind = Kind {
    kind: RecordKind::Transaction,
    parent: Some(("account_id", RecordKind::Account)),
    groups: groups![
        "account_id", "date", "revenue", "profit", "product_line", "quantity",
        "deleted": ["deleted_at"],
    ],
    refs: &[],
};

pub const PLAN_GOAL: Kind = Kind {
    kind: RecordKind::PlanGoal,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "kind", "text", "source": ["source_contact_id", "source_date"],
        "confirmed", "share_with_customer", "deleted": ["deleted_at"],
    ],
    refs: &[("source_contact_id", RecordKind::Contact)],
};

pub const PLAN_OBJECTIVE: Kind = Kind {
    kind: RecordKind::PlanObjective,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "title", "metric", "unit", "baseline", "target", "current", "due_date",
        "status",
        "measure": ["measure_kind", "measure_product_line", "measure_interaction_kind"],
        "share_with_customer", "deleted": ["deleted_at"],
    ],
    refs: &[],
};

pub const PLAN_VALUE_PROPOSITION: Kind = Kind {
    kind: RecordKind::PlanValueProposition,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "statement", "benefit", "objective_id", "share_with_customer",
        "deleted": ["deleted_at"],
    ],
    refs: &[("objective_id", RecordKind::PlanObjective)],
};

pub const PLAN_STAKEHOLDER: Kind = Kind {
    kind: RecordKind::PlanStakeholder,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "contact_id", "target_attitude", "target_strength", "owner", "strategy",
        "deleted": ["deleted_at"],
    ],
    refs: &[("contact_id", RecordKind::Contact)],
};

pub const PLAN_ACTION: Kind = Kind {
    kind: RecordKind::PlanAction,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "title", "owner", "due_date", "status": ["status", "done_on"],
        "objective_id", "contact_id", "share_with_customer", "deleted": ["deleted_at"],
    ],
    refs: &[("objective_id", RecordKind::PlanObjective), ("contact_id", RecordKind::Contact)],
};

pub const PLAN_RISK: Kind = Kind {
    kind: RecordKind::PlanRisk,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "description", "likelihood", "impact", "mitigation", "owner", "status",
        "deleted": ["deleted_at"],
    ],
    refs: &[],
};

pub const PLAN_RESOURCE: Kind = Kind {
    kind: RecordKind::PlanResource,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups!["plan_id", "team", "ask", "status", "deleted": ["deleted_at"]],
    refs: &[],
};

pub const PLAN_REVIEW: Kind = Kind {
    kind: RecordKind::PlanReview,
    parent: Some(("plan_id", RecordKind::Plan)),
    groups: groups![
        "plan_id", "date", "attendees", "notes", "rating", "decisions", "snapshot",
        "deleted": ["deleted_at"],
    ],
    refs: &[],
};

impl Kind {
    /// Its wire name.
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    pub fn group(&self, name: &str) -> Option<&'static Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// The group a field belongs to.
    pub fn group_of(&self, field: &str) -> Option<&'static Group> {
        self.groups.iter().find(|g| g.fields.contains(&field))
    }

    /// Every field, in group order.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> {
        self.groups.iter().flat_map(|g| g.fields.iter().copied())
    }

    /// Every field that names another record, with that record's kind (the parent first).
    pub fn references(&self) -> impl Iterator<Item = (&'static str, RecordKind)> + '_ {
        self.parent.into_iter().chain(self.refs.iter().copied())
    }
}

/// The fields that hold a list (of texts, or of record ids) rather than one value.
pub fn is_list(field: &str) -> bool {
    matches!(field, "tags" | "contact_ids")
}

/// The kind called exactly `name` in a bundle.
pub fn kind(name: &str) -> Option<&'static Kind> {
    let at = RecordKind::NAMES.iter().position(|n| *n == name)?;
    Some(RecordKind::ALL[at].schema())
}

/// Every kind, parents before children (the order a bundle lists them in).
pub fn kinds() -> impl Iterator<Item = &'static Kind> {
    RecordKind::ALL.iter().map(|k| k.schema())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_references_point_at_kinds_listed_before_or_at_them() {
        for (i, k) in kinds().enumerate() {
            let mut fields = HashSet::new();
            let mut groups = HashSet::new();
            for g in k.groups {
                assert!(groups.insert(g.name), "{}.{} twice", k.name(), g.name);
                for f in g.fields {
                    assert!(fields.insert(*f), "{}.{f} in two groups", k.name());
                }
            }
            assert!(k.group(DELETED).is_some_and(|g| g.fields == ["deleted_at"]), "{}", k.name());
            for (field, target) in k.references() {
                assert!(k.group_of(field).is_some(), "{}.{field} is not a field", k.name());
                assert!(target.order() <= i || k.refs.contains(&(field, target)));
            }
            if let Some((field, parent)) = k.parent {
                assert!(parent.order() < i, "{} comes after its parent", k.name());
                assert_eq!(k.group(field).map(|g| g.fields), Some(&[field][..]));
            }
        }
    }
}
