//! Plans and their items through the store: every table round-trips, updates, writes a record
//! as it arrived, lists by plan, and tombstones (a plan with its items, an account with its
//! plans); the Actions query skips what is done or deleted.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use keyplan_domain::plan::{
    ActionInput, GoalInput, ObjectiveInput, PlanFields, PlanInput, ResourceInput, ReviewInput,
    RiskInput, Snapshot, StakeholderInput, TeamMember, ValuePropositionInput,
};
use keyplan_domain::{AccountFields, ContactInput, Meta, Record};
use keyplan_store::plans::{self, Item};
use keyplan_store::{accounts, contacts, Db, StoreError};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2027-01-10T09:00:00.000Z").unwrap().to_utc()
}

fn rec<F>(fields: F) -> Record<F> {
    Record { meta: Meta::new(now()), fields }
}

struct World {
    db: Db,
    account: Uuid,
    contact: Uuid,
    plan: Record<PlanFields>,
}

fn world() -> World {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    let a = rec(AccountFields {
        name: "华信科技".into(),
        industry: None,
        size_band: None,
        region: None,
        owner: None,
        tags: vec![],
        relationship_start: None,
        renewal_date: None,
        industry_influence: None,
        innovation_synergy: None,
        growth_potential: None,
        strategic_fit: None,
        notes: None,
    });
    accounts::insert(c, &a).unwrap();
    let contact =
        rec(ContactInput { name: "王总".into(), ..Default::default() }.validate(a.id()).unwrap());
    contacts::insert(c, &contact).unwrap();
    let plan = rec(PlanInput {
        title: "华信科技 FY2027".into(),
        period: "FY2027".into(),
        start_date: "2027-01-01".into(),
        end_date: "2027-12-31".into(),
        team: vec![TeamMember { name: "Li Wei".into(), role: "executive sponsor".into() }],
        next_review: Some("2027-03-31".into()),
        ..Default::default()
    }
    .validate(a.id())
    .unwrap());
    plans::insert::<plans::Plans>(c, &plan).unwrap();
    World { account: a.id(), contact: contact.id(), plan, db }
}

/// Inserts `r`, reads it back, updates it with `edit`, reads again, and tombstones it.
fn round_trip<I: Item>(
    db: &Db,
    plan: Uuid,
    r: &Record<I::Fields>,
    edit: impl FnOnce(&mut I::Fields),
) where
    I::Fields: PartialEq + std::fmt::Debug,
{
    let c = db.conn();
    plans::insert::<I>(c, r).unwrap();
    assert_eq!(&plans::get::<I>(c, r.id()).unwrap(), r, "{}", I::KIND);
    let mut f = r.fields.clone();
    edit(&mut f);
    let later = now() + chrono::Duration::hours(1);
    plans::update::<I>(c, r.id(), &f, later).unwrap();
    let got = plans::get::<I>(c, r.id()).unwrap();
    assert_eq!((got.fields.clone(), got.meta.updated_at, got.meta.created_at), (f, later, now()));
    assert_eq!(plans::list_for_plan::<I>(c, plan).unwrap(), [got], "{}", I::KIND);
    plans::soft_delete::<I>(c, r.id(), later).unwrap();
    assert!(matches!(plans::get::<I>(c, r.id()), Err(StoreError::NotFound { .. })));
    assert!(plans::list_for_plan::<I>(c, plan).unwrap().is_empty());
}

#[test]
fn every_item_table_round_trips() {
    let w = world();
    let (db, p2) = (&w.db, w.plan.id());
    round_trip::<plans::Goals>(
        db,
        p2,
        &rec(GoalInput {
            text: "进入东南亚市场".into(),
            source_contact_id: Some(w.contact),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.confirmed = true,
    );
    let objective = rec(ObjectiveInput {
        title: "Revenue".into(),
        baseline: Some(1_000_000.0),
        target: Some(1_500_000.0),
        measure: Some("revenue".into()),
        product_line: Some("智能仓储".into()),
        ..Default::default()
    }
    .validate(p2)
    .unwrap());
    round_trip::<plans::Objectives>(db, p2, &objective, |f| f.current = Some(1_200_000.5));
    round_trip::<plans::ValuePropositions>(
        db,
        p2,
        &rec(ValuePropositionInput {
            statement: "Cut inventory cost".into(),
            benefit: Some("15%".into()),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.share_with_customer = true,
    );
    round_trip::<plans::Stakeholders>(
        db,
        p2,
        &rec(StakeholderInput {
            contact_id: Some(w.contact),
            target_attitude: Some(2),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.strategy = Some("Monthly lunch".into()),
    );
    round_trip::<plans::Actions>(
        db,
        p2,
        &rec(ActionInput {
            title: "Book the QBR".into(),
            due_date: Some("2027-02-01".into()),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.contact_id = Some(w.contact),
    );
    round_trip::<plans::Risks>(
        db,
        p2,
        &rec(RiskInput {
            description: "Budget freeze".into(),
            likelihood: Some(3),
            impact: Some(4),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.mitigation = Some("Phase the rollout".into()),
    );
    round_trip::<plans::Resources>(
        db,
        p2,
        &rec(ResourceInput {
            team: "Solutions".into(),
            ask: "A demo in March".into(),
            ..Default::default()
        }
        .validate(p2)
        .unwrap()),
        |f| f.ask = "Two demos".into(),
    );
    round_trip::<plans::Reviews>(
        db,
        p2,
        &rec(ReviewInput {
            date: "2027-03-31".into(),
            attendees: vec!["Li Wei".into()],
            rating: Some(4),
            ..Default::default()
        }
        .validate(p2, Snapshot { health: Some(72), ..Snapshot::default() })
        .unwrap()),
        |f| f.notes = Some("On track".into()),
    );
}

#[test]
fn a_plan_round_trips_and_lists_under_its_account() {
    let w = world();
    let c = w.db.conn();
    assert_eq!(plans::get::<plans::Plans>(c, w.plan.id()).unwrap(), w.plan);
    let mut f = w.plan.fields.clone();
    f.title = "FY2027 plan".into();
    f.team.push(TeamMember { name: "张敏".into(), role: "solution engineer".into() });
    plans::update::<plans::Plans>(c, w.plan.id(), &f, now()).unwrap();
    let next = rec(PlanInput {
        title: "FY2028".into(),
        period: "FY2028".into(),
        start_date: "2028-01-01".into(),
        end_date: "2028-12-31".into(),
        previous_plan_id: Some(w.plan.id()),
        ..Default::default()
    }
    .validate(w.account)
    .unwrap());
    plans::insert::<plans::Plans>(c, &next).unwrap();
    let listed = plans::list_for_account(c, w.account).unwrap();
    assert_eq!(
        listed.iter().map(|p| p.fields.period.as_str()).collect::<Vec<_>>(),
        ["FY2028", "FY2027"]
    );
    assert_eq!(listed[1].fields, f);
    assert_eq!(plans::list_all(c).unwrap().len(), 2);
    plans::soft_delete_plan(c, next.id(), now()).unwrap();
    assert_eq!(plans::list_all(c).unwrap().len(), 1);
}

#[test]
fn a_plan_goes_with_its_items_and_an_account_with_its_plans() {
    let w = world();
    let c = w.db.conn();
    let p = w.plan.id();
    let action =
        rec(ActionInput { title: "Call".into(), ..Default::default() }.validate(p).unwrap());
    plans::insert::<plans::Actions>(c, &action).unwrap();
    assert_eq!(plans::open_actions(c).unwrap().len(), 1);
    accounts::soft_delete(c, w.account, now()).unwrap();
    assert!(plans::list_for_account(c, w.account).unwrap().is_empty());
    assert!(matches!(
        plans::get::<plans::Actions>(c, action.id()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(plans::open_actions(c).unwrap().is_empty());
}

#[test]
fn open_actions_are_due_first_and_skip_done_ones() {
    let w = world();
    let c = w.db.conn();
    let p = w.plan.id();
    let add = |title: &str, due: Option<&str>, status: &str| {
        let r = rec(ActionInput {
            title: title.into(),
            due_date: due.map(Into::into),
            status: Some(status.into()),
            ..Default::default()
        }
        .validate(p)
        .unwrap());
        plans::insert::<plans::Actions>(c, &r).unwrap();
    };
    add("undated", None, "open");
    add("later", Some("2027-03-01"), "in_progress");
    add("done", Some("2027-01-01"), "done");
    add("sooner", Some("2027-02-01"), "open");
    let titles: Vec<String> =
        plans::open_actions(c).unwrap().into_iter().map(|a| a.fields.title).collect();
    assert_eq!(titles, ["sooner", "later", "undated"]);
}

#[test]
fn a_plan_written_as_fields_keeps_its_own_times_and_the_schema_still_checks_it() {
    let w = world();
    let c = w.db.conn();
    let kind = keyplan_domain::RecordKind::Plan.schema();
    let (created, mut values) = keyplan_store::sync::read(c, kind, w.plan.id()).unwrap().unwrap();
    values.insert("status".into(), serde_json::json!("active"));
    let at = "2027-02-01T00:00:00.000Z";
    keyplan_store::sync::write(c, kind, w.plan.id(), &created, at, &values).unwrap();
    let back = plans::get::<plans::Plans>(c, w.plan.id()).unwrap();
    assert_eq!(back.fields.status, keyplan_domain::plan::PlanStatus::Active);
    assert_eq!(back.meta.created_at, w.plan.meta.created_at);
    assert_eq!(back.meta.updated_at, DateTime::parse_from_rfc3339(at).unwrap().to_utc());
    values.insert("status".into(), serde_json::json!("closed"));
    values.insert("outcome".into(), serde_json::Value::Null);
    assert!(
        keyplan_store::sync::write(c, kind, w.plan.id(), &created, at, &values).is_err(),
        "closed without an outcome: the schema checks it too"
    );
}
