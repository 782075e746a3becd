//! A stored item back as the input that would make it: what an edit starts from, so that the
//! fields it does not change are validated again as they are and kept.

use super::items::{
    ActionFields, ActionInput, GoalFields, GoalInput, ObjectiveFields, ObjectiveInput,
    ResourceFields, ResourceInput, RiskFields, RiskInput, StakeholderFields, StakeholderInput,
    ValuePropositionFields, ValuePropositionInput,
};

fn name<T: crate::validate::Choice>(v: T) -> Option<String> {
    Some(v.name().to_string())
}

impl From<&GoalFields> for GoalInput {
    fn from(f: &GoalFields) -> Self {
        GoalInput {
            kind: name(f.kind),
            text: f.text.clone(),
            source_contact_id: f.source_contact_id,
            source_date: f.source_date.map(|d| d.to_string()),
            confirmed: f.confirmed,
            share_with_customer: f.share_with_customer,
        }
    }
}

impl From<&ObjectiveFields> for ObjectiveInput {
    fn from(f: &ObjectiveFields) -> Self {
        let m = f.measure.as_ref();
        ObjectiveInput {
            title: f.title.clone(),
            metric: f.metric.clone(),
            unit: f.unit.clone(),
            baseline: Some(f.baseline),
            target: Some(f.target),
            current: f.current,
            due_date: f.due_date.map(|d| d.to_string()),
            status: name(f.status),
            measure: m.and_then(|m| name(m.kind)),
            product_line: m.and_then(|m| m.product_line.clone()),
            interaction_kind: m.and_then(|m| m.interaction_kind).and_then(name),
            share_with_customer: f.share_with_customer,
        }
    }
}

impl From<&ValuePropositionFields> for ValuePropositionInput {
    fn from(f: &ValuePropositionFields) -> Self {
        ValuePropositionInput {
            statement: f.statement.clone(),
            benefit: f.benefit.clone(),
            objective_id: f.objective_id,
            share_with_customer: f.share_with_customer,
        }
    }
}

impl From<&StakeholderFields> for StakeholderInput {
    fn from(f: &StakeholderFields) -> Self {
        StakeholderInput {
            contact_id: Some(f.contact_id),
            target_attitude: f.target_attitude.map(i64::from),
            target_strength: f.target_strength.map(i64::from),
            owner: f.owner.clone(),
            strategy: f.strategy.clone(),
        }
    }
}

impl From<&ActionFields> for ActionInput {
    fn from(f: &ActionFields) -> Self {
        ActionInput {
            title: f.title.clone(),
            owner: f.owner.clone(),
            due_date: f.due_date.map(|d| d.to_string()),
            status: name(f.status),
            objective_id: f.objective_id,
            contact_id: f.contact_id,
            done_on: f.done_on.map(|d| d.to_string()),
            share_with_customer: f.share_with_customer,
        }
    }
}

impl From<&RiskFields> for RiskInput {
    fn from(f: &RiskFields) -> Self {
        RiskInput {
            description: f.description.clone(),
            likelihood: Some(i64::from(f.likelihood)),
            impact: Some(i64::from(f.impact)),
            mitigation: f.mitigation.clone(),
            owner: f.owner.clone(),
            status: name(f.status),
        }
    }
}

impl From<&ResourceFields> for ResourceInput {
    fn from(f: &ResourceFields) -> Self {
        ResourceInput { team: f.team.clone(), ask: f.ask.clone(), status: name(f.status) }
    }
}

#[cfg(test)]
mod tests {
    use super::super::items::*;
    use uuid::Uuid;

    /// Every item's stored fields, as input again, validate to the same fields.
    #[test]
    fn fields_to_input_and_back() {
        let plan = Uuid::now_v7();
        let o = ObjectiveInput {
            title: "Revenue".into(),
            baseline: Some(1.0),
            target: Some(2.0),
            measure: Some("interactions".into()),
            interaction_kind: Some("visit".into()),
            due_date: Some("2027-06-30".into()),
            ..Default::default()
        }
        .validate(plan)
        .unwrap();
        assert_eq!(ObjectiveInput::from(&o).validate(plan).unwrap(), o);
        let a = ActionInput {
            title: "x".into(),
            status: Some("done".into()),
            done_on: Some("2027-01-02".into()),
            ..Default::default()
        }
        .validate(plan)
        .unwrap();
        assert_eq!(ActionInput::from(&a).validate(plan).unwrap(), a);
        let r = RiskInput {
            description: "x".into(),
            likelihood: Some(2),
            impact: Some(5),
            ..Default::default()
        }
        .validate(plan)
        .unwrap();
        assert_eq!(RiskInput::from(&r).validate(plan).unwrap(), r);
        let s = StakeholderInput {
            contact_id: Some(Uuid::now_v7()),
            target_attitude: Some(-1),
            ..Default::default()
        }
        .validate(plan)
        .unwrap();
        assert_eq!(StakeholderInput::from(&s).validate(plan).unwrap(), s);
        let g =
            GoalInput { text: "x".into(), kind: Some("challenge".into()), ..Default::default() }
                .validate(plan)
                .unwrap();
        assert_eq!(GoalInput::from(&g).validate(plan).unwrap(), g);
        let v = ValuePropositionInput { statement: "x".into(), ..Default::default() }
            .validate(plan)
            .unwrap();
        assert_eq!(ValuePropositionInput::from(&v).validate(plan).unwrap(), v);
        let res =
            ResourceInput { team: "x".into(), ask: "y".into(), status: Some("agreed".into()) }
                .validate(plan)
                .unwrap();
        assert_eq!(ResourceInput::from(&res).validate(plan).unwrap(), res);
    }
}
