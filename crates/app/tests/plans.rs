//! Account plans through the session: a plan from the A-tier template, periods that may not
//! overlap, the life cycle, measured objectives against a hand-computed value, item references,
//! reviews and their comparison, rolling forward, coverage on the dashboard, the Actions page.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate};
use keyplan_app::demo::{DemoSpec, Language};
use keyplan_app::domain::analytics::Tier;
use keyplan_app::domain::plan::{
    ActionInput, Move, ObjectiveInput, PlanInput, PlanStatus, ReviewInput, StakeholderInput,
    Template, Track,
};
use keyplan_app::domain::{Problem, TransactionInput};
use keyplan_app::plans::NewPlan;
use keyplan_app::{AppError, Session, Transactions};
use keyplan_store::plans::{Actions, Objectives, Stakeholders};
use uuid::Uuid;

// Opportunities linked to plans, and the standard demo's plans.
#[path = "plans/linked.rs"]
mod linked;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let mut s = s.with_today(today());
    let spec = DemoSpec {
        accounts: 60,
        seed: 11,
        language: Language::ZhCn,
        end: today(),
        now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
        order_scale: 1.0,
        plans: false,
    };
    s.load_demo(&spec).unwrap();
    (dir, s)
}

fn year(title: &str, start: &str, end: &str) -> PlanInput {
    PlanInput {
        title: title.into(),
        period: title.into(),
        start_date: start.into(),
        end_date: end.into(),
        owner: Some("Li Wei".into()),
        ..PlanInput::default()
    }
}

/// A blank FY2026 plan for `account`; its id.
fn blank_fy2026(s: &mut Session, account: Uuid) -> Uuid {
    let req = NewPlan {
        input: year("FY2026", "2026-01-01", "2026-12-31"),
        template: Some("blank".into()),
        roll_forward: None,
    };
    s.create_plan(account, &req).unwrap().plan.id()
}

fn a_account(s: &mut Session) -> Uuid {
    let a = s.analyze(None, None).unwrap();
    a.results.iter().filter(|r| r.tier.tier == Tier::A).map(|r| r.id).next().unwrap()
}

fn fields(e: &AppError) -> Vec<(String, Problem)> {
    match e {
        AppError::Invalid(v) => v.0.iter().map(|f| (f.field.clone(), f.problem.clone())).collect(),
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn an_a_account_gets_the_full_template_in_its_language() {
    let (_d, mut s) = session();
    let zh = keyplan_app::SettingsPatch { language: Some("zh-CN".into()), ..Default::default() };
    s.update_settings(&zh).unwrap();
    let id = a_account(&mut s);
    let v = s
        .create_plan(
            id,
            &NewPlan { input: year("FY2026", "2026-01-01", "2026-12-31"), ..Default::default() },
        )
        .unwrap();
    let f = &v.plan.fields;
    assert_eq!((f.template, f.status), (Template::Full, PlanStatus::Draft));
    assert_eq!(
        f.next_review,
        NaiveDate::from_ymd_opt(2026, 12, 31),
        "the next quarterly date not already past, at the period's end at the latest"
    );
    assert!(
        f.team.iter().any(|m| m.role == "executive_sponsor" && m.name.is_empty()),
        "a code, shown in each reader's language: {:?}",
        f.team
    );
    assert_eq!(v.goals.len(), 2);
    assert_eq!(v.objectives.len(), 2);
    assert!(v.objectives.iter().all(|o| o.objective.fields.measure.is_some()));
    assert_eq!(v.actions.len(), 3, "the stage's playbook");
    assert!(v.actions.iter().all(|a| a.action.fields.due_date.is_some()));
    assert!(v.health.score <= 100);
    assert_eq!(v.name, "FY2026");
}

#[test]
fn periods_may_not_overlap_unless_allowed() {
    let (_d, mut s) = session();
    let id = a_account(&mut s);
    let blank = |input| NewPlan { input, template: Some("blank".into()), roll_forward: None };
    s.create_plan(id, &blank(year("FY2026", "2026-01-01", "2026-12-31"))).unwrap();
    let err = s.create_plan(id, &blank(year("H2", "2026-07-01", "2027-06-30"))).unwrap_err();
    assert_eq!(
        fields(&err),
        [("start_date".into(), Problem::Overlaps { period: "FY2026".into() })]
    );
    let mut both = year("H2", "2026-07-01", "2027-06-30");
    both.allow_overlap = true;
    s.create_plan(id, &blank(both)).unwrap();
    s.create_plan(id, &blank(year("FY2027", "2027-07-01", "2027-12-31"))).unwrap();
    assert_eq!(s.plans(Some(id)).unwrap().len(), 3);
}

#[test]
fn the_life_cycle_and_a_measured_objective_against_its_records() {
    let (_d, mut s) = session();
    let id = a_account(&mut s);
    let v = s
        .create_plan(
            id,
            &NewPlan {
                input: year("FY2026", "2026-01-01", "2026-12-31"),
                template: Some("blank".into()),
                roll_forward: None,
            },
        )
        .unwrap();
    let plan = v.plan.id();
    let objective = s
        .add_plan_item::<Objectives>(
            plan,
            &ObjectiveInput {
                title: "Revenue".into(),
                baseline: Some(0.0),
                target: Some(50_000_000.0),
                measure: Some("revenue".into()),
                ..Default::default()
            },
        )
        .unwrap();
    // The hand-computed value: the account's revenue dated in the period up to today.
    let detail = s.account_detail(id).unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let minor: i64 = detail
        .transactions
        .iter()
        .filter(|t| t.fields.date >= from && t.fields.date <= today())
        .map(|t| t.fields.revenue.minor())
        .sum();
    let view = s.plan(plan).unwrap();
    let o = view.objectives.iter().find(|o| o.objective.id() == objective.id()).unwrap();
    #[allow(clippy::cast_precision_loss)]
    let expected = minor as f64 / 100.0;
    assert_eq!(o.value, Some(expected));
    assert!(matches!(
        o.progress.track,
        Track::OnTrack | Track::Behind | Track::AtRisk | Track::Achieved
    ));

    let mut input = PlanInput::from(&view.plan.fields);
    input.status = Some("closed".into());
    input.outcome = Some("x".into());
    let err = s.update_plan(plan, &input).unwrap_err();
    assert_eq!(fields(&err)[0].0, "status", "draft straight to closed");
    input.status = Some("active".into());
    input.outcome = None;
    s.create::<Transactions>(
        id,
        &TransactionInput {
            date: "2026-11-20".into(),
            revenue: "1000.00".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let active = s.update_plan(plan, &input).unwrap();
    let frozen = active.objectives.iter().find(|o| o.objective.id() == objective.id()).unwrap();
    assert_eq!(
        frozen.objective.fields.baseline,
        expected + 1000.0,
        "the baseline is frozen at activation"
    );
    input.status = Some("under_review".into());
    s.update_plan(plan, &input).unwrap();
    input.status = Some("closed".into());
    let err = s.update_plan(plan, &input).unwrap_err();
    assert_eq!(fields(&err), [("outcome".into(), Problem::Required)]);
    input.outcome = Some("Renewed for three years".into());
    assert_eq!(s.update_plan(plan, &input).unwrap().plan.fields.status, PlanStatus::Closed);
}

#[test]
fn items_point_inside_their_plan_and_account() {
    let (_d, mut s) = session();
    let accounts: Vec<Uuid> =
        s.analyze(None, None).unwrap().results.iter().map(|r| r.id).take(2).collect();
    let blank = |t: &str| NewPlan {
        input: year(t, "2026-01-01", "2026-12-31"),
        template: Some("blank".into()),
        roll_forward: None,
    };
    let p1 = s.create_plan(accounts[0], &blank("P1")).unwrap().plan.id();
    let p2 = s.create_plan(accounts[1], &blank("P2")).unwrap().plan.id();
    let o2 = s
        .add_plan_item::<Objectives>(
            p2,
            &ObjectiveInput { title: "x".into(), target: Some(1.0), ..Default::default() },
        )
        .unwrap();
    let err = s
        .add_plan_item::<Actions>(
            p1,
            &ActionInput { title: "t".into(), objective_id: Some(o2.id()), ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(fields(&err)[0].0, "objective_id");
    let other_contact = s.account_detail(accounts[1]).unwrap().contacts[0].id();
    let err = s
        .add_plan_item::<Stakeholders>(
            p1,
            &StakeholderInput { contact_id: Some(other_contact), ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(fields(&err), [("contact_id".into(), Problem::OtherAccount)]);
    let mine = s.account_detail(accounts[0]).unwrap().contacts[0].id();
    let entry = StakeholderInput {
        contact_id: Some(mine),
        target_attitude: Some(2),
        owner: Some("Li".into()),
        ..Default::default()
    };
    s.add_plan_item::<Stakeholders>(p1, &entry).unwrap();
    let err = s.add_plan_item::<Stakeholders>(p1, &entry).unwrap_err();
    assert_eq!(fields(&err), [("contact_id".into(), Problem::Duplicate)]);
    let done = s
        .add_plan_item::<Actions>(
            p1,
            &ActionInput {
                title: "Call".into(),
                status: Some("done".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(done.fields.done_on, Some(today()), "done without a date: today");
    let err = s
        .add_plan_item::<Actions>(
            Uuid::now_v7(),
            &ActionInput { title: "t".into(), ..Default::default() },
        )
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
}

#[test]
fn a_review_keeps_a_snapshot_and_two_compare() {
    let (_d, mut s) = session();
    let id = a_account(&mut s);
    let plan = blank_fy2026(&mut s, id);
    let o = s
        .add_plan_item::<Objectives>(
            plan,
            &ObjectiveInput {
                title: "Pilots".into(),
                baseline: Some(0.0),
                target: Some(10.0),
                current: Some(2.0),
                ..Default::default()
            },
        )
        .unwrap();
    let contact = s.account_detail(id).unwrap().contacts[0].clone();
    s.add_plan_item::<Stakeholders>(
        plan,
        &StakeholderInput { contact_id: Some(contact.id()), ..Default::default() },
    )
    .unwrap();
    let q1 = s
        .hold_review(
            plan,
            &ReviewInput { date: "2026-09-30".into(), rating: Some(3), ..Default::default() },
        )
        .unwrap();
    assert_eq!(q1.fields.snapshot.objectives[0].progress, Some(0.2));
    assert_eq!(q1.fields.snapshot.stakeholders.len(), 1);
    assert_eq!(
        s.plan(plan).unwrap().plan.fields.next_review,
        NaiveDate::from_ymd_opt(2026, 12, 30),
        "one quarter on"
    );
    let mut more = ObjectiveInput {
        title: "Pilots".into(),
        baseline: Some(0.0),
        target: Some(10.0),
        current: Some(6.0),
        ..Default::default()
    };
    s.update_plan_item::<Objectives>(o.id(), &more).unwrap();
    more.current = Some(6.0);
    let q2 = s
        .hold_review(
            plan,
            &ReviewInput { date: "2026-11-20".into(), rating: Some(4), ..Default::default() },
        )
        .unwrap();
    let c = s.compare_reviews(q2.id(), q1.id()).unwrap();
    assert_eq!(
        (c.from, c.to),
        (q1.fields.date, q2.fields.date),
        "earlier first, whatever the order asked"
    );
    assert_eq!(c.objectives[0].progress, Move::Up);
    let v = s.plan(plan).unwrap();
    assert_eq!(
        v.reviews.iter().map(|r| r.id()).collect::<Vec<_>>(),
        [q2.id(), q1.id()],
        "newest first"
    );
}

#[test]
fn rolling_forward_carries_what_is_open() {
    let (_d, mut s) = session();
    let id = a_account(&mut s);
    let old = s
        .create_plan(
            id,
            &NewPlan {
                input: year("FY2026", "2026-01-01", "2026-12-31"),
                template: Some("light".into()),
                roll_forward: None,
            },
        )
        .unwrap();
    let objective = s
        .add_plan_item::<Objectives>(
            old.plan.id(),
            &ObjectiveInput {
                title: "Seats".into(),
                baseline: Some(10.0),
                target: Some(50.0),
                current: Some(30.0),
                ..Default::default()
            },
        )
        .unwrap();
    s.add_plan_item::<Actions>(
        old.plan.id(),
        &ActionInput {
            title: "Train the new team".into(),
            objective_id: Some(objective.id()),
            ..Default::default()
        },
    )
    .unwrap();
    s.add_plan_item::<Actions>(
        old.plan.id(),
        &ActionInput {
            title: "Done already".into(),
            status: Some("done".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let open_before = s
        .plan(old.plan.id())
        .unwrap()
        .actions
        .iter()
        .filter(|a| a.action.fields.status.is_open())
        .count();
    let new = s
        .create_plan(
            id,
            &NewPlan {
                input: year("FY2027", "2027-01-01", "2027-12-31"),
                template: None,
                roll_forward: Some(old.plan.id()),
            },
        )
        .unwrap();
    assert_eq!(new.plan.fields.previous_plan_id, Some(old.plan.id()));
    assert_eq!(new.plan.fields.template, Template::Light, "the last plan's template");
    let seats = new.objectives.iter().find(|o| o.objective.fields.title == "Seats").unwrap();
    assert_eq!(seats.objective.fields.baseline, 30.0, "starts where the last period ended");
    assert_eq!(new.actions.len(), open_before);
    let train = new.actions.iter().find(|a| a.action.fields.title == "Train the new team").unwrap();
    assert_eq!(
        train.action.fields.objective_id,
        Some(seats.objective.id()),
        "linked to the carried objective"
    );
    assert!(new.actions.iter().all(|a| a.action.fields.title != "Done already"));
}

#[test]
fn an_active_plan_covers_its_account_on_the_dashboard() {
    let (_d, mut s) = session();
    let before = s.dashboard(None, None).unwrap();
    let id = a_account(&mut s);
    let v = s
        .create_plan(
            id,
            &NewPlan { input: year("FY2026", "2026-01-01", "2026-12-31"), ..Default::default() },
        )
        .unwrap();
    assert_eq!(
        s.dashboard(None, None).unwrap().plan_missing,
        before.plan_missing,
        "a draft covers nothing"
    );
    let mut input = PlanInput::from(&v.plan.fields);
    input.status = Some("active".into());
    s.update_plan(v.plan.id(), &input).unwrap();
    let after = s.dashboard(None, None).unwrap();
    assert_eq!(after.plan_missing, before.plan_missing - 1);
    let short = keyplan_app::analytics::TableQuery { plan_missing: true, ..Default::default() };
    let rows = s.account_rows(&short).unwrap();
    assert_eq!(rows.total, u64::from(after.plan_missing), "the tile's list is the tile's count");
    assert!(rows.items.iter().all(|r| r.account.id() != id), "the covered account is not in it");
    assert!(after.kpis.plan_coverage.unwrap() > before.kpis.plan_coverage.unwrap_or(0.0));
}

#[test]
fn the_actions_page_puts_overdue_first() {
    let (_d, mut s) = session();
    let id = a_account(&mut s);
    let plan = blank_fy2026(&mut s, id);
    let add = |s: &mut Session, title: &str, due: &str| {
        s.add_plan_item::<Actions>(
            plan,
            &ActionInput { title: title.into(), due_date: Some(due.into()), ..Default::default() },
        )
        .unwrap();
    };
    add(&mut s, "next week", "2026-11-25");
    add(&mut s, "late", "2026-11-01");
    add(&mut s, "later", "2026-12-20");
    let rows = s.actions(None, false).unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r.action.fields.title.as_str()).collect();
    assert_eq!(titles, ["late", "next week", "later"]);
    assert!(rows[0].overdue && rows[1].due_this_week && !rows[2].due_this_week);
    assert_eq!(s.actions(None, true).unwrap().len(), 1);
    assert_eq!(s.actions(NaiveDate::from_ymd_opt(2026, 11, 30), false).unwrap().len(), 2);
}

#[test]
fn the_plans_page_read_in_one_pass_agrees_with_each_plan() {
    let (_d, mut s) = session();
    let accounts: Vec<Uuid> =
        s.analyze(None, None).unwrap().results.iter().map(|r| r.id).take(3).collect();
    for (i, id) in accounts.iter().enumerate() {
        let template = ["full", "light", "blank"][i];
        let v = s
            .create_plan(
                *id,
                &NewPlan {
                    input: year("FY2026", "2026-01-01", "2026-12-31"),
                    template: Some(template.into()),
                    roll_forward: None,
                },
            )
            .unwrap();
        let contact = s.account_detail(*id).unwrap().contacts[0].id();
        s.add_plan_item::<Stakeholders>(
            v.plan.id(),
            &StakeholderInput {
                contact_id: Some(contact),
                owner: Some("Li".into()),
                ..Default::default()
            },
        )
        .unwrap();
        s.add_plan_item::<Actions>(
            v.plan.id(),
            &ActionInput {
                title: "late".into(),
                due_date: Some("2026-02-01".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let rows = s.plans(None).unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        let one = s.plan(r.id).unwrap();
        assert_eq!(r.health, one.health, "{}", r.account_name);
        assert_eq!(r.overdue_actions as usize, one.actions.iter().filter(|a| a.overdue).count());
        assert!(r.overdue_actions >= 1);
    }
}
