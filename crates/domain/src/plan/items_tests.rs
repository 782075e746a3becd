//! The plan items' validators.

use super::*;
use crate::Problem;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn an_objective_needs_a_target_that_is_not_its_baseline() {
    let o = ObjectiveInput {
        title: "Grow revenue".into(),
        baseline: Some(5.0),
        target: Some(5.0),
        ..Default::default()
    };
    let e = o.validate(Uuid::nil()).unwrap_err();
    assert_eq!(e.0[0].field, "target");
    assert_eq!(e.0[0].problem, Problem::SameAs { other: "baseline" });
    let e = ObjectiveInput { title: "x".into(), ..Default::default() }
        .validate(Uuid::nil())
        .unwrap_err();
    assert_eq!((e.0[0].field.as_str(), &e.0[0].problem), ("target", &Problem::Required));
    let e = ObjectiveInput { title: "x".into(), target: Some(f64::NAN), ..Default::default() }
        .validate(Uuid::nil())
        .unwrap_err();
    assert_eq!(e.0[0].problem, Problem::NotANumber);
}

#[test]
fn a_measured_objective_names_its_source() {
    let o = ObjectiveInput {
        title: "Revenue from 智能仓储".into(),
        target: Some(2_000_000.0),
        measure: Some("revenue".into()),
        product_line: Some("智能仓储".into()),
        ..Default::default()
    }
    .validate(Uuid::nil())
    .unwrap();
    let m = o.measure.unwrap();
    assert_eq!((m.kind, m.product_line.as_deref()), (MeasureKind::Revenue, Some("智能仓储")));
    let e = ObjectiveInput {
        title: "x".into(),
        target: Some(1.0),
        measure: Some("mood".into()),
        ..Default::default()
    }
    .validate(Uuid::nil())
    .unwrap_err();
    assert_eq!(e.0[0].field, "measure");
}

#[test]
fn risks_rate_1_to_5_and_actions_keep_a_done_date_only_when_done() {
    let e = RiskInput {
        description: "Budget cut".into(),
        likelihood: Some(6),
        impact: None,
        ..Default::default()
    }
    .validate(Uuid::nil())
    .unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["likelihood", "impact"]);
    let r = RiskInput {
        description: "x".into(),
        likelihood: Some(4),
        impact: Some(5),
        ..Default::default()
    };
    assert_eq!(r.validate(Uuid::nil()).unwrap().exposure(), 20);
    let open = ActionInput {
        title: "Call the CFO".into(),
        done_on: Some("2027-01-05".into()),
        ..Default::default()
    };
    assert_eq!(open.validate(Uuid::nil()).unwrap().done_on, None);
    let done = ActionInput { status: Some("done".into()), ..open };
    assert_eq!(done.validate(Uuid::nil()).unwrap().done_on, Some(d("2027-01-05")));
}

#[test]
fn a_stakeholder_needs_a_contact_and_targets_on_the_scales() {
    let e = StakeholderInput { target_attitude: Some(3), ..Default::default() }
        .validate(Uuid::nil())
        .unwrap_err();
    let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["contact_id", "target_attitude"]);
}

#[test]
fn unconfirmed_goals_go_stale_after_180_days() {
    let g = GoalInput {
        text: "Enter the EU market".into(),
        source_date: Some("2027-01-01".into()),
        ..Default::default()
    }
    .validate(Uuid::nil())
    .unwrap();
    assert!(!g.stale(d("2027-01-01"), d("2027-06-30")), "180 days: not yet");
    assert!(g.stale(d("2027-01-01"), d("2027-07-01")), "181 days");
    let confirmed = GoalFields { confirmed: true, ..g };
    assert!(!confirmed.stale(d("2027-01-01"), d("2030-01-01")));
}
