//! The demo's account plans: what a key-account book looks like a few months into the year.
//! Most A accounts run a full plan (a few have none, one is still a draft, one is under review),
//! some carry last year's closed plan behind them, the first B accounts have light plans, and
//! the data holds what a KAM has to find: overdue actions, a missed review, stakeholder gaps,
//! goals nobody confirmed. Everything is derived from the accounts already generated, so the
//! plans agree with the revenue, surveys and contacts they are measured against.

use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::Rng;
use std::collections::HashMap;
use uuid::Uuid;

mod snapshot;

use super::{DemoPortfolio, Gen, PRODUCTS};
use crate::words::{
    ACTIONS, CHALLENGES, GOALS, OUTCOMES, RESOURCES, REVIEW_NOTES, RISKS, SPONSORS, STRATEGIES,
    VALUES,
};
use keyplan_domain::analytics::tiers::share_bp;
use keyplan_domain::plan::{
    self, ActionFields, ActionStatus, Cadence, GoalFields, GoalKind, Measure, MeasureKind,
    ObjectiveFields, ObjectiveStatus, PlanFields, PlanStatus, ResourceFields, ResourceStatus,
    ReviewFields, RiskFields, RiskStatus, StakeholderFields, TeamMember, TeamRole, Template,
    ValuePropositionFields,
};
use keyplan_domain::{Contact, InteractionKind, OpportunityStatus, Record};
use snapshot::snapshot;

/// Every plan record of the demo, one list per table.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoPlans {
    pub plans: Vec<plan::Plan>,
    pub goals: Vec<plan::Goal>,
    pub objectives: Vec<plan::Objective>,
    pub value_propositions: Vec<plan::ValueProposition>,
    pub stakeholders: Vec<plan::Stakeholder>,
    pub actions: Vec<plan::Action>,
    pub risks: Vec<plan::Risk>,
    pub resources: Vec<plan::Resource>,
    pub reviews: Vec<plan::Review>,
}

/// What the plans need to know about one account.
struct Facts<'a> {
    id: Uuid,
    owner: String,
    contacts: Vec<&'a Contact>,
    /// (date, revenue in minor units), in date order.
    sales: Vec<(NaiveDate, i64)>,
    /// (date, NPS), in date order.
    nps: Vec<(NaiveDate, u8)>,
    meetings: Vec<NaiveDate>,
    rev12: i64,
}

impl Facts<'_> {
    /// Revenue in major units over [from, to].
    fn revenue(&self, from: NaiveDate, to: NaiveDate) -> f64 {
        let minor: i64 =
            self.sales.iter().filter(|(d, _)| (from..=to).contains(d)).map(|(_, r)| r).sum();
        #[allow(clippy::cast_precision_loss)] // a demo's sums are far below 2^53
        let major = minor as f64 / 100.0;
        major
    }

    fn latest_nps(&self, as_of: NaiveDate) -> Option<u8> {
        self.nps.iter().rev().find(|(d, _)| *d <= as_of).map(|(_, n)| *n)
    }

    fn meetings(&self, from: NaiveDate, to: NaiveDate) -> usize {
        self.meetings.iter().filter(|d| (from..=to).contains(d)).count()
    }
}

/// The accounts ranked by last year's revenue, largest first, with the share of the total
/// before each (basis points): the default A/B/C rule reads the same ranking.
fn ranked<'a>(out: &'a DemoPortfolio, end: NaiveDate) -> Vec<(Facts<'a>, u32)> {
    let year_ago = end - Duration::days(365);
    let mut by_id: HashMap<Uuid, Facts<'a>> = out
        .accounts
        .iter()
        .map(|a| {
            let facts = Facts {
                id: a.id(),
                owner: a.fields.owner.clone().unwrap_or_default(),
                contacts: Vec::new(),
                sales: Vec::new(),
                nps: Vec::new(),
                meetings: Vec::new(),
                rev12: 0,
            };
            (a.id(), facts)
        })
        .collect();
    for t in &out.transactions {
        if let Some(f) = by_id.get_mut(&t.fields.account_id) {
            f.sales.push((t.fields.date, t.fields.revenue.minor()));
            if t.fields.date > year_ago {
                f.rev12 += t.fields.revenue.minor();
            }
        }
    }
    for c in &out.contacts {
        if let Some(f) = by_id.get_mut(&c.fields.account_id) {
            f.contacts.push(c);
        }
    }
    for s in &out.surveys {
        if let Some(f) = by_id.get_mut(&s.fields.account_id) {
            f.nps.push((s.fields.date, s.fields.nps));
        }
    }
    for i in &out.interactions {
        if i.fields.kind == InteractionKind::Meeting {
            if let Some(f) = by_id.get_mut(&i.fields.account_id) {
                f.meetings.push(i.fields.date);
            }
        }
    }
    let mut list: Vec<Facts<'a>> = out
        .accounts
        .iter()
        .filter_map(|a| by_id.remove(&a.id()))
        .map(|mut f| {
            f.sales.sort_unstable();
            f.nps.sort_unstable();
            f
        })
        .collect();
    list.sort_by_key(|f| std::cmp::Reverse(f.rev12));
    let total: i128 = list.iter().map(|f| i128::from(f.rev12.max(0))).sum();
    let mut before = 0i128;
    list.into_iter()
        .map(|f| {
            let share = share_bp(before, total);
            before += i128::from(f.rev12.max(0));
            (f, share)
        })
        .collect()
}

fn months(d: NaiveDate, n: i32) -> NaiveDate {
    let m = Months::new(n.unsigned_abs());
    let moved = if n >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) };
    moved.unwrap_or(d)
}

/// The plan year: it began on the first of the month five months before `end` (so the demo is
/// always a few months into it, with a review behind and the next ahead) and is named, as
/// companies do, by the year it ends in.
fn plan_year(end: NaiveDate, back: i32) -> (String, NaiveDate, NaiveDate) {
    let first = end.with_day(1).unwrap_or(end);
    let start = months(first, -5 - 12 * back);
    let last = months(start, 12) - Duration::days(1);
    (format!("FY{}", last.year()), start, last)
}

/// At most this many of the largest accounts get plans, however big the book.
const MAX_PLANNED: usize = 500;

/// How one plan is to come out.
#[derive(Clone, Copy)]
struct Shape {
    template: Template,
    status: PlanStatus,
    cadence: Cadence,
    /// How many reviews have been held (those whose day has come).
    reviews: usize,
    /// 0 = this year's, 1 = last year's.
    back: i32,
    /// Everyone on our side is the owner: the map is single-threaded.
    single_threaded: bool,
    /// Left alone since it was made: no stakeholder map, nothing done, no current values.
    neglected: bool,
}

/// Adds the plans to `out`: for each A account in turn a full plan (every seventh has none),
/// last year's closed plan behind every third, and light plans for the first B accounts.
pub(super) fn add_plans(g: &mut Gen<'_>, out: &mut DemoPortfolio) {
    let end = g.spec.end;
    let ranked = ranked(out, end);
    let mut plans = DemoPlans::default();
    let mut links: Vec<(Uuid, Uuid)> = Vec::new();
    let mut b_seen = 0usize;
    for (i, (facts, share)) in ranked.iter().enumerate() {
        if facts.rev12 <= 0 {
            break;
        }
        let this_year = if *share < 8000 {
            if i >= MAX_PLANNED {
                continue; // a 10,000-account book: the benchmarks' 500 largest carry plans
            }
            if i % 7 == 5 {
                continue; // an A account without a plan: the tier strategy flags it
            }
            // The largest account's plan is in its monthly review now.
            let status = match i {
                0 => PlanStatus::UnderReview,
                3 => PlanStatus::Draft,
                _ => PlanStatus::Active,
            };
            let previous = (i % 3 == 0).then(|| {
                let shape = Shape {
                    template: Template::Full,
                    status: PlanStatus::Closed,
                    cadence: Cadence::Quarterly,
                    reviews: 4,
                    back: 1,
                    single_threaded: false,
                    neglected: false,
                };
                add_plan(g, &mut plans, facts, shape, None, i)
            });
            // The largest account is reviewed monthly (every review so far held, four or five); every
            // fourth plan let its quarterly review slip past the cadence.
            let (cadence, held) = match status {
                _ if i == 0 => (Cadence::Monthly, 12),
                PlanStatus::Draft => (Cadence::Quarterly, 0),
                _ if i % 4 == 2 || i == 4 || i == 9 => (Cadence::Quarterly, 0),
                _ => (Cadence::Quarterly, 1),
            };
            let shape = Shape {
                template: Template::Full,
                status,
                cadence,
                reviews: held,
                back: 0,
                single_threaded: i % 5 == 4,
                neglected: i == 4 || i == 9,
            };
            add_plan(g, &mut plans, facts, shape, previous, i)
        } else if *share < 9500 && b_seen < 6 {
            b_seen += 1;
            let status = if b_seen == 2 { PlanStatus::Draft } else { PlanStatus::Active };
            let shape = Shape {
                template: Template::Light,
                status,
                cadence: Cadence::HalfYearly,
                reviews: 0,
                back: 0,
                single_threaded: true,
                neglected: false,
            };
            add_plan(g, &mut plans, facts, shape, None, i)
        } else {
            continue;
        };
        links.push((facts.id, this_year));
    }
    // Each planned account's open opportunities go into this year's plan, but for one in three
    // left unlinked (the plan counts those too).
    let plan_of: HashMap<Uuid, Uuid> = links.into_iter().collect();
    for (k, o) in out.opportunities.iter_mut().enumerate() {
        if o.fields.status == OpportunityStatus::Open && k % 3 != 0 {
            o.fields.plan_id = plan_of.get(&o.fields.account_id).copied();
        }
    }
    out.plans = plans;
}

/// One plan with its items and held reviews; returns its id.
fn add_plan(
    g: &mut Gen<'_>,
    out: &mut DemoPlans,
    facts: &Facts<'_>,
    shape: Shape,
    previous: Option<Uuid>,
    rank: usize,
) -> Uuid {
    let end = g.spec.end;
    let (period, start, last) = plan_year(end, shape.back);
    let cadence = shape.cadence;
    let step = i32::try_from(cadence.months()).unwrap_or(3);
    let sponsor = g.text(SPONSORS[rank % SPONSORS.len()]);
    let owner = facts.owner.clone();
    let role = |r: TeamRole| keyplan_domain::validate::Choice::name(r).to_string();
    let mut team = vec![TeamMember { name: owner.clone(), role: role(TeamRole::AccountManager) }];
    if shape.template == Template::Full {
        team.push(TeamMember { name: sponsor.clone(), role: role(TeamRole::ExecutiveSponsor) });
    }
    let review_dates: Vec<NaiveDate> = (1..=i32::try_from(shape.reviews).unwrap_or(0))
        .map(|k| months(start, step * k) + Duration::days(3))
        .filter(|d| *d <= end)
        .collect();
    // As holding a review does: the next is one cadence after the last (or after the start).
    let next_review = match (shape.status, review_dates.last()) {
        (PlanStatus::Closed, _) => None,
        (_, Some(last_held)) => Some(months(*last_held, step)),
        (_, None) => Some(months(start, step)),
    };
    let title = match g.spec.language {
        super::Language::En => format!("{period} account plan"),
        super::Language::ZhCn => format!("{period} 客户计划"),
    };
    let plan = Record {
        meta: g.meta(),
        fields: PlanFields {
            account_id: facts.id,
            title,
            period,
            start_date: start,
            end_date: last,
            owner: Some(owner.clone()),
            team,
            status: shape.status,
            cadence,
            template: shape.template,
            next_review: next_review.map(|d| d.min(last)),
            outcome: (shape.status == PlanStatus::Closed).then(|| g.pick_text(OUTCOMES)),
            allow_overlap: false,
            previous_plan_id: previous,
        },
    };
    let plan_id = plan.id();
    let as_of = end.min(last);
    let closed = shape.status == PlanStatus::Closed;

    // The customer's goals, told by the top contact; the oldest unconfirmed one is stale.
    let top = facts.contacts.first().map(|c| c.id());
    let n_goals = if shape.template == Template::Full { 2 } else { 1 };
    for k in 0..n_goals {
        let told = start - Duration::days(if k == 0 { 20 } else { 200 });
        let goal = GoalFields {
            plan_id,
            kind: GoalKind::Goal,
            text: g.text(GOALS[(rank + k) % GOALS.len()]),
            source_contact_id: top,
            source_date: Some(told),
            confirmed: k == 0 && g.rng.random_bool(0.7),
            share_with_customer: k == 0,
        };
        out.goals.push(Record { meta: g.meta(), fields: goal });
    }
    if shape.template == Template::Full {
        let goal = GoalFields {
            plan_id,
            kind: GoalKind::Challenge,
            text: g.text(CHALLENGES[rank % CHALLENGES.len()]),
            source_contact_id: facts.contacts.get(1).map(|c| c.id()),
            source_date: Some(start + Duration::days(10)),
            confirmed: true,
            share_with_customer: false,
        };
        out.goals.push(Record { meta: g.meta(), fields: goal });
    }

    // Objectives: revenue measured from the ledger, NPS and meetings measured, wallet share typed.
    let done = |g: &mut Gen<'_>, reached: bool| {
        if !closed {
            ObjectiveStatus::Open
        } else if reached {
            ObjectiveStatus::Achieved
        } else if g.rng.random_bool(0.5) {
            ObjectiveStatus::Missed
        } else {
            ObjectiveStatus::Dropped
        }
    };
    let mut objectives: Vec<Record<ObjectiveFields>> = Vec::new();
    #[allow(clippy::cast_precision_loss)] // a demo's revenue is far below 2^53
    let target = (facts.rev12 as f64 / 100.0 * g.rng.random_range(1.05..1.25)).round().max(1.0);
    let reached = facts.revenue(start, as_of) >= target;
    let revenue = ObjectiveFields {
        plan_id,
        title: g.text(("Grow revenue over last year", "营收较去年增长")),
        metric: None,
        unit: None,
        baseline: 0.0,
        target,
        current: None,
        due_date: Some(last),
        status: done(g, reached),
        measure: Some(Measure {
            kind: MeasureKind::Revenue,
            product_line: None,
            interaction_kind: None,
        }),
        share_with_customer: false,
    };
    objectives.push(Record { meta: g.meta(), fields: revenue });
    let wallet_base = f64::from(g.rng.random_range(15..35u8));
    let wallet_now = wallet_base + f64::from(g.rng.random_range(0..14u8));
    let product = g.pick_text(PRODUCTS);
    let wallet = ObjectiveFields {
        plan_id,
        title: match g.spec.language {
            super::Language::En => format!("Share of wallet in {product}"),
            super::Language::ZhCn => format!("{product}钱包份额"),
        },
        metric: Some(g.text(("Share of their spend", "占客户采购比例"))),
        unit: Some("%".into()),
        baseline: wallet_base,
        target: wallet_base + 15.0,
        current: (!shape.neglected).then_some(wallet_now),
        due_date: Some(last),
        status: done(g, wallet_now >= wallet_base + 15.0),
        measure: None,
        share_with_customer: true,
    };
    objectives.push(Record { meta: g.meta(), fields: wallet });
    if shape.template == Template::Full {
        let nps = f64::from(facts.latest_nps(start).unwrap_or(7));
        if nps < 10.0 {
            let fields = ObjectiveFields {
                plan_id,
                title: g.text(("Lift their NPS", "提升客户净推荐值")),
                metric: None,
                unit: None,
                baseline: nps,
                target: (nps + 2.0).min(10.0),
                current: None,
                due_date: Some(last),
                status: done(g, false),
                measure: Some(Measure {
                    kind: MeasureKind::Nps,
                    product_line: None,
                    interaction_kind: None,
                }),
                share_with_customer: false,
            };
            objectives.push(Record { meta: g.meta(), fields });
        }
        let fields = ObjectiveFields {
            plan_id,
            title: g.text(("Executive meetings", "高层会晤")),
            metric: None,
            unit: None,
            baseline: 0.0,
            target: 4.0,
            current: None,
            due_date: Some(last),
            status: done(g, facts.meetings(start, as_of) >= 4),
            measure: Some(Measure {
                kind: MeasureKind::Interactions,
                product_line: None,
                interaction_kind: Some(InteractionKind::Meeting),
            }),
            share_with_customer: false,
        };
        objectives.push(Record { meta: g.meta(), fields });
    }
    let wallet_id = objectives[1].id();

    // A neglected plan never got past its objectives and actions.
    let full = shape.template == Template::Full && !shape.neglected;
    if full {
        let (statement, benefit) = VALUES[rank % VALUES.len()];
        let value = ValuePropositionFields {
            plan_id,
            statement: g.text(statement),
            benefit: Some(g.text(benefit)),
            objective_id: Some(wallet_id),
            share_with_customer: true,
        };
        out.value_propositions.push(Record { meta: g.meta(), fields: value });
    }

    // The stakeholder map: up to four contacts, each with a target one step up.
    let mapped: Vec<&Contact> =
        facts.contacts.iter().take(if shape.neglected { 0 } else { 4 }).copied().collect();
    for (k, c) in mapped.iter().enumerate() {
        let who = if shape.single_threaded || k % 2 == 0 { owner.clone() } else { sponsor.clone() };
        let entry = StakeholderFields {
            plan_id,
            contact_id: c.id(),
            target_attitude: c.fields.attitude.map(|a| (a + 1).min(2)),
            target_strength: c.fields.relationship_strength.map(|s| (s + 1).min(5)),
            owner: Some(who),
            strategy: Some(g.text(STRATEGIES[(rank + k) % STRATEGIES.len()])),
        };
        out.stakeholders.push(Record { meta: g.meta(), fields: entry });
    }

    // Actions spread over the period: those already due are mostly done, some left overdue.
    let n_actions = if shape.template == Template::Full { 6 } else { 3 };
    let span = (last - start).num_days().max(1);
    let mut actions: Vec<Record<ActionFields>> = Vec::new();
    for k in 0..n_actions {
        let due = start + Duration::days(span * (k as i64 + 1) / (n_actions as i64 + 1));
        let past = due < end;
        let status = if closed {
            if k == 2 {
                ActionStatus::Cancelled
            } else {
                ActionStatus::Done
            }
        } else if past && (shape.neglected || (k + rank) % 3 == 0) {
            ActionStatus::Open // overdue
        } else if past {
            ActionStatus::Done
        } else if k % 2 == 0 {
            ActionStatus::InProgress
        } else {
            ActionStatus::Open
        };
        let action = ActionFields {
            plan_id,
            title: g.text(ACTIONS[(rank + k) % ACTIONS.len()]),
            owner: Some(if k % 3 == 1 && !shape.single_threaded {
                sponsor.clone()
            } else {
                owner.clone()
            }),
            due_date: Some(due),
            status,
            objective_id: (k % 2 == 1).then(|| objectives[k % objectives.len()].id()),
            contact_id: mapped.get(k % 4).filter(|_| k % 2 == 0).map(|c| c.id()),
            done_on: (status == ActionStatus::Done)
                .then(|| (due - Duration::days(g.rng.random_range(0..10))).min(end)),
            share_with_customer: k == 0,
        };
        actions.push(Record { meta: g.meta(), fields: action });
    }

    if full {
        for k in 0..2 {
            let (description, mitigation) = RISKS[(rank + k) % RISKS.len()];
            let risk = RiskFields {
                plan_id,
                description: g.text(description),
                likelihood: g.rng.random_range(2..=5),
                impact: g.rng.random_range(2..=5),
                mitigation: Some(g.text(mitigation)),
                owner: Some(owner.clone()),
                status: if closed { RiskStatus::Closed } else { RiskStatus::Open },
            };
            out.risks.push(Record { meta: g.meta(), fields: risk });
        }
        let (team, ask) = RESOURCES[rank % RESOURCES.len()];
        let resource = ResourceFields {
            plan_id,
            team: g.text(team),
            ask: g.text(ask),
            status: if closed { ResourceStatus::Delivered } else { ResourceStatus::Agreed },
        };
        out.resources.push(Record { meta: g.meta(), fields: resource });
    }

    // Held reviews, each with the snapshot the app would have taken on the day.
    for (k, day) in review_dates.iter().enumerate() {
        let snapshot =
            snapshot(facts, &plan.fields, &objectives, &mapped, *day, review_dates.len() - k);
        let (notes, decisions) = REVIEW_NOTES[(rank + k) % REVIEW_NOTES.len()];
        let mut attendees = vec![owner.clone()];
        if shape.template == Template::Full {
            attendees.push(sponsor.clone());
        }
        attendees.extend(mapped.first().map(|c| c.fields.name.clone()));
        let review = ReviewFields {
            plan_id,
            date: *day,
            attendees,
            notes: Some(g.text(notes)),
            rating: Some(g.rng.random_range(2..=5)),
            decisions: Some(g.text(decisions)),
            snapshot,
        };
        out.reviews.push(Record { meta: g.meta(), fields: review });
    }
    out.objectives.extend(objectives);
    out.actions.extend(actions);
    out.plans.push(plan);
    plan_id
}
