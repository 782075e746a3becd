//! Plan item patches: laid over stored fields, validated field by field.

use super::*;
use chrono::NaiveDate;

fn plan() -> Uuid {
    Uuid::from_u128(7)
}

fn measured() -> ObjectiveFields {
    ObjectiveInput {
        title: "Revenue from 智能仓储".into(),
        baseline: Some(1.0),
        target: Some(2_000_000.0),
        measure: Some("revenue".into()),
        product_line: Some("智能仓储".into()),
        due_date: Some("2027-06-30".into()),
        share_with_customer: true,
        ..Default::default()
    }
    .validate(plan())
    .unwrap()
}

fn done_action() -> ActionFields {
    ActionInput {
        title: "Site visit".into(),
        owner: Some("王磊".into()),
        status: Some("done".into()),
        done_on: Some("2027-01-02".into()),
        ..Default::default()
    }
    .validate(plan())
    .unwrap()
}

fn field_problems(e: &ValidationErrors) -> Vec<(&str, &Problem)> {
    e.0.iter().map(|f| (f.field.as_str(), &f.problem)).collect()
}

/// A patch of every field gives what validating the same input gives, whatever it is laid over:
/// adding and editing share one validator per field.
#[test]
fn a_full_patch_over_any_item_is_the_input_validated() {
    let input = ObjectiveInput {
        title: "Visits".into(),
        target: Some(12.0),
        measure: Some("interactions".into()),
        interaction_kind: Some("visit".into()),
        ..Default::default()
    };
    let over = ObjectivePatch::of_all(&input).apply(&measured()).unwrap();
    assert_eq!(over, input.validate(plan()).unwrap());
    assert_eq!(over.measure.as_ref().and_then(|m| m.product_line.as_ref()), None);

    let input = ActionInput { title: "Call".into(), ..Default::default() };
    let over = ActionPatch::of_all(&input).apply(&done_action()).unwrap();
    assert_eq!(over, input.validate(plan()).unwrap());
    assert_eq!((over.status, over.done_on, over.owner), (ActionStatus::Open, None, None));
}

#[test]
fn fields_left_out_are_kept_as_stored() {
    let stored = measured();
    let patch = ObjectivePatch { title: Some("Grow 智能仓储".into()), ..Default::default() };
    let changed = patch.apply(&stored).unwrap();
    assert_eq!(changed.title, "Grow 智能仓储");
    assert_eq!(ObjectiveFields { title: stored.title.clone(), ..changed }, stored);
    assert_eq!(ObjectivePatch::default().apply(&stored).unwrap(), stored, "empty changes nothing");
}

#[test]
fn a_measure_keeps_its_source_unless_it_is_set_or_the_measure_cleared() {
    let stored = measured();
    let kind = ObjectivePatch { measure: Some(Some("profit".into())), ..Default::default() };
    let m = kind.apply(&stored).unwrap().measure.unwrap();
    assert_eq!((m.kind, m.product_line.as_deref()), (MeasureKind::Profit, Some("智能仓储")));
    let line = ObjectivePatch { product_line: Some(None), ..Default::default() };
    assert_eq!(line.apply(&stored).unwrap().measure.unwrap().product_line, None);
    let cleared = ObjectivePatch { measure: Some(None), ..Default::default() };
    assert_eq!(cleared.apply(&stored).unwrap().measure, None);
}

#[test]
fn status_moves_settle_the_done_date() {
    let reopened = ActionPatch { status: Some(Some("open".into())), ..Default::default() };
    let a = reopened.apply(&done_action()).unwrap();
    assert_eq!((a.status, a.done_on), (ActionStatus::Open, None));
    let title = ActionPatch { title: Some("Second visit".into()), ..Default::default() };
    let d = NaiveDate::from_ymd_opt(2027, 1, 2);
    assert_eq!(title.apply(&done_action()).unwrap().done_on, d, "a done action keeps its date");
}

#[test]
fn each_bad_value_names_its_field() {
    let e = ObjectivePatch {
        title: Some("  ".into()),
        target: Some(None),
        status: Some(Some("finished".into())),
        ..Default::default()
    }
    .apply(&measured())
    .unwrap_err();
    let fields: Vec<&str> = field_problems(&e).iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["title", "target", "status"]);
    assert_eq!(field_problems(&e)[1].1, &Problem::Required);

    let same = ObjectivePatch { baseline: Some(Some(2_000_000.0)), ..Default::default() };
    let e = same.apply(&measured()).unwrap_err();
    assert_eq!(field_problems(&e), [("target", &Problem::SameAs { other: "baseline" })]);

    let nan = ObjectivePatch { current: Some(Some(f64::NAN)), ..Default::default() };
    assert_eq!(field_problems(&nan.apply(&measured()).unwrap_err())[0].1, &Problem::NotANumber);

    let risk = RiskInput {
        description: "Churn".into(),
        likelihood: Some(2),
        impact: Some(3),
        ..Default::default()
    }
    .validate(plan())
    .unwrap();
    let e = RiskPatch { likelihood: Some(Some(9)), impact: Some(None), ..Default::default() }
        .apply(&risk)
        .unwrap_err();
    assert_eq!(
        field_problems(&e),
        [("likelihood", &Problem::OutOfRange { min: 1, max: 5 }), ("impact", &Problem::Required)]
    );

    let who = StakeholderInput { contact_id: Some(Uuid::from_u128(3)), ..Default::default() }
        .validate(plan())
        .unwrap();
    let e =
        StakeholderPatch { contact_id: Some(None), ..Default::default() }.apply(&who).unwrap_err();
    assert_eq!(field_problems(&e), [("contact_id", &Problem::Required)]);
}

/// The JSON a patch reads: a field given as null is cleared, a field left out kept, and a field
/// that no item of the kind has refused.
#[test]
fn json_clears_with_null_and_refuses_unknown_fields() {
    let p: ActionPatch = serde_json::from_value(serde_json::json!({"owner": null})).unwrap();
    assert_eq!(p.fields(), ["owner"]);
    assert_eq!(p.apply(&done_action()).unwrap().owner, None);
    let unknown = serde_json::from_value::<ActionPatch>(serde_json::json!({"colour": "red"}));
    assert!(unknown.unwrap_err().to_string().contains("colour"));
    let other = GoalPatch { confirmed: Some(true), ..Default::default() };
    assert_eq!(serde_json::to_value(&other).unwrap(), serde_json::json!({"confirmed": true}));
}
