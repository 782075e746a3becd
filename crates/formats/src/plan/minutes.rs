//! Minutes of one review: who was there, the notes and decisions, what moved since the review
//! before it, and the actions that came out of it (made on or after its day, before the next
//! review); as a document like the plan's, and as a calendar of those actions and the next
//! review.

use chrono::NaiveDate;
use keyplan_domain::plan::view::{ActionView, PlanView};
use keyplan_domain::plan::Review;
use keyplan_domain::validate::Choice;
use uuid::Uuid;

use super::doc::{table, Block, Doc, Section};
use super::text::{moved, Labels};
use super::{ics, Audience, Options};

/// The review `id` of `v` and the one held before it, if any.
fn pair(v: &PlanView, id: Uuid) -> Option<(&Review, Option<&Review>)> {
    // Reviews are newest first: the one before is the next in the list.
    let i = v.reviews.iter().position(|r| r.id() == id)?;
    Some((&v.reviews[i], v.reviews.get(i + 1)))
}

/// The day after which actions belong to the next review: that review's date, if there is one.
fn until(v: &PlanView, review: &Review) -> Option<NaiveDate> {
    v.reviews.iter().filter(|r| r.fields.date > review.fields.date).map(|r| r.fields.date).min()
}

/// Whether `a` came out of `review`: made on or after its day, before the next review.
fn new_in(v: &PlanView, review: &Review, a: &ActionView) -> bool {
    let made = a.action.meta.created_at.date_naive();
    made >= review.fields.date && until(v, review).is_none_or(|next| made < next)
}

/// The minutes of review `id` (None: no such review in this plan).
pub fn build(v: &PlanView, id: Uuid, o: &Options) -> Option<Doc> {
    let (review, previous) = pair(v, id)?;
    let l = Labels { language: o.language };
    let customer = o.audience == Audience::Customer;
    let f = &review.fields;
    let mut facts = vec![
        (l.text("doc.plan"), l.aside(&v.name, &v.plan.fields.period)),
        (l.text("field.date"), l.date(f.date)),
    ];
    if !f.attendees.is_empty() {
        facts.push((l.text("doc.attendees"), f.attendees.join(", ")));
    }
    if let (Some(rating), false) = (f.rating, customer) {
        facts.push((l.text("doc.rating"), format!("{rating}/5")));
    }
    if let (Some(next), false) = (v.plan.fields.next_review, customer) {
        facts.push((l.text("doc.next_review"), next.to_string()));
    }
    let mut sections = Vec::new();
    let text = |s: &Option<String>| s.as_deref().filter(|t| !t.is_empty()).map(str::to_string);
    if let (Some(notes), false) = (text(&f.notes), customer) {
        sections.push(Section {
            id: "notes",
            heading: l.text("field.notes"),
            blocks: vec![Block::Text { text: notes }],
        });
    }
    if let Some(decisions) = text(&f.decisions) {
        sections.push(Section {
            id: "decisions",
            heading: l.text("doc.decisions"),
            blocks: vec![Block::Text { text: decisions }],
        });
    }
    if let (Some(before), false) = (previous, customer) {
        let c = keyplan_domain::plan::compare(&before.fields, &review.fields);
        let items = moved(l, &c, false);
        sections.push(Section {
            id: "moved",
            heading: l
                .fill_each("plan.since", |l| vec![("date", l.date(c.from)), ("to", l.date(c.to))]),
            blocks: vec![Block::List { items }],
        });
    }
    let rows: Vec<Vec<String>> = v
        .actions
        .iter()
        .filter(|a| new_in(v, review, a) && (!customer || a.action.fields.share_with_customer))
        .map(|a| {
            let af = &a.action.fields;
            vec![
                af.title.clone(),
                af.owner.clone().unwrap_or_default(),
                af.due_date.map(|d| l.date(d)).unwrap_or_default(),
                l.code("action.status", af.status.name()),
            ]
        })
        .collect();
    let blocks =
        table(l, &["doc.action", "field.owner", "field.due_date", "field.status"], &[], rows);
    sections.push(Section {
        id: "new_actions",
        heading: l.text("doc.new_actions"),
        blocks: if blocks.is_empty() {
            vec![Block::Note { text: l.text("plan.empty") }]
        } else {
            blocks
        },
    });
    let mut footer = l.fill_each("doc.exported", |l| vec![("date", l.date(o.exported_on))]);
    if customer {
        footer = format!("{footer} · {}", l.text("doc.customer_version"));
    }
    Some(Doc {
        language: o.language,
        audience: o.audience,
        paper: o.paper,
        title: l.fill_each("doc.minutes_title", |l| vec![("date", l.date(f.date))]),
        account: v.account_name.clone(),
        facts,
        sections,
        footer,
        page_label: l.text("doc.page"),
    })
}

/// The review's new actions (and, as events, the plan's next review) as a calendar (None: no
/// such review).
pub fn calendar(v: &PlanView, id: Uuid, o: &Options, kind: ics::Kind) -> Option<String> {
    let (review, _) = pair(v, id)?;
    Some(ics::render_actions(v, o, kind, |a| new_in(v, review, a)))
}
