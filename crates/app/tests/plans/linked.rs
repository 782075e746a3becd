//! Opportunities linked to one of their account's plans, and the standard demo as a book of
//! plans to run.

use super::*;
use keyplan_app::domain::OpportunityInput;
use keyplan_app::Opportunities;

#[test]
fn opportunities_link_to_one_of_their_accounts_plans() {
    let (_d, mut s) = session();
    let accounts: Vec<Uuid> =
        s.analyze(None, None).unwrap().results.iter().map(|r| r.id).take(2).collect();
    let blank = |t: &str, from: &str, to: &str| NewPlan {
        input: year(t, from, to),
        template: Some("blank".into()),
        roll_forward: None,
    };
    let last_year = s.create_plan(accounts[0], &blank("FY2025", "2025-01-01", "2025-12-31"));
    let last_year = last_year.unwrap().plan.id();
    let this_year = blank_fy2026(&mut s, accounts[0]);
    let other = s.create_plan(accounts[1], &blank("FY2026", "2026-01-01", "2026-12-31"));
    let other = other.unwrap().plan.id();
    let before = s.plan(this_year).unwrap().pipeline;
    let opp = s
        .create::<Opportunities>(
            accounts[0],
            &OpportunityInput {
                title: "Line 3 retrofit".into(),
                kind: "upsell".into(),
                estimated_value: Some("200000".into()),
                probability: Some(30),
                ..Default::default()
            },
        )
        .unwrap();
    // In no plan: every plan of the account counts it.
    let v = s.plan(this_year).unwrap();
    assert_eq!(v.pipeline.open, before.open + 1);
    assert_eq!(v.pipeline.total, before.total + 20_000_000);
    assert_eq!(v.pipeline.weighted, before.weighted + 6_000_000);

    // Linked to last year's plan: this year's no longer counts it.
    s.link_opportunity(opp.id(), Some(last_year)).unwrap();
    assert_eq!(s.plan(this_year).unwrap().pipeline, before);
    let old = s.plan(last_year).unwrap();
    assert!(old.opportunities.iter().any(|o| o.id() == opp.id()));

    let err = s.link_opportunity(opp.id(), Some(other)).unwrap_err();
    assert_eq!(fields(&err), [("plan_id".into(), Problem::OtherAccount)]);
    let err = s.link_opportunity(opp.id(), Some(Uuid::now_v7())).unwrap_err();
    assert_eq!(fields(&err), [("plan_id".into(), Problem::NotFound)]);

    // The form's edit keeps (or changes) the link like any other field.
    let mut input =
        OpportunityInput::from(&s.link_opportunity(opp.id(), Some(this_year)).unwrap().fields);
    input.probability = Some(60);
    let edited = s.update::<Opportunities>(opp.id(), &input).unwrap();
    assert_eq!(edited.fields.plan_id, Some(this_year));

    // Deleting a plan leaves its opportunities with the account, in no plan.
    s.delete_plan(this_year).unwrap();
    let left = s.account_detail(accounts[0]).unwrap();
    let kept = left.opportunities.iter().find(|o| o.id() == opp.id()).unwrap();
    assert_eq!(kept.fields.plan_id, None);
    assert_eq!(left.plans.len(), 1, "last year's plan is still there");
}

#[test]
fn the_standard_demo_is_a_key_account_book_with_plans_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("k.db")).unwrap();
    let mut s = s.with_today(today());
    let spec = s.demo_spec(keyplan_app::DEMO_ACCOUNTS, keyplan_app::DEMO_SEED, Language::En, None);
    let loaded = s.load_demo(&spec).unwrap();
    assert_eq!(loaded.accounts, 120);

    // Pareto-shaped: the 5-25 key-account rule of thumb holds on it.
    let a = s.analyze(None, None).unwrap();
    let key = a.results.iter().filter(|r| r.tier.tier == Tier::A).count();
    assert!((5..=25).contains(&key), "{key} A accounts");

    // Plans in every status, some healthy and some not, with reviews and overdue work.
    let rows = s.plans(None).unwrap();
    assert_eq!(rows.len(), loaded.plans);
    for status in
        [PlanStatus::Draft, PlanStatus::Active, PlanStatus::UnderReview, PlanStatus::Closed]
    {
        assert!(rows.iter().any(|r| r.status == status), "a plan {status}");
    }
    let levels: std::collections::HashSet<_> = rows.iter().map(|r| r.health.level).collect();
    assert_eq!(levels.len(), 3, "green, amber and red plans: {levels:?}");
    assert!(rows.iter().any(|r| r.review_overdue), "a review past its cadence");
    assert!(rows.iter().any(|r| r.overdue_actions > 0));
    assert!(s.actions(None, true).unwrap().len() >= 5, "the Actions page has overdue work");

    // Every plan's view reads, gaps are there to find, and the largest account's reviews compare.
    let mut gaps = 0;
    let mut compared = false;
    for r in &rows {
        let v = s.plan(r.id).unwrap();
        assert_eq!(v.health, r.health);
        gaps += v.gaps.len();
        if v.reviews.len() >= 2 {
            let c = s.compare_reviews(v.reviews[1].id(), v.reviews[0].id()).unwrap();
            compared |= c.stakeholders.iter().any(|m| m.attitude == Move::Up);
        }
    }
    assert!(gaps >= rows.len(), "{gaps} stakeholder gaps");
    assert!(compared, "a review pair shows an attitude that moved up");

    // Coverage is real: some A accounts are covered, some are not (and a draft does not count).
    let d = s.dashboard(None, None).unwrap();
    let coverage = d.kpis.plan_coverage.unwrap();
    assert!(coverage > 0.5 && coverage < 1.0, "{coverage}");
    assert!(d.plan_missing > 0);
}
