//! One plan as a document: a title block and the plan's sections in order, each a few blocks
//! (text, lists, tables, objectives with their progress, figures), every word already in the
//! document's language. The renderers only lay it out and escape it.
//!
//! The customer-safe version is decided here: it keeps the goals, objectives, value propositions
//! and actions marked "share with customer" and the team; it leaves out the stakeholder map
//! (attitudes, influence, strength, strategies), gaps, opportunities, risks, resources, reviews,
//! health and everything not marked.

use keyplan_domain::plan::audience::DocSection;
use keyplan_domain::plan::view::{ObjectiveView, PlanView, StakeholderView};
use keyplan_domain::plan::{Gap, Track, TrackReason};
use keyplan_domain::validate::Choice;
use serde::Serialize;

use super::svg;
use super::text::{money, moved, number, percent, role_label, Labels};
use super::{Audience, DocLanguage, Options, Paper};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    pub language: DocLanguage,
    pub audience: Audience,
    pub paper: Paper,
    /// The plan's title and the account's name.
    pub title: String,
    pub account: String,
    /// The title block's lines: (label, value).
    pub facts: Vec<(String, String)>,
    pub sections: Vec<Section>,
    /// "Exported on … · Keyplan", and for the customer which version this is.
    pub footer: String,
    /// The running footer's "page" word (PDF).
    pub page_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// A stable name (`objectives`, `stakeholders` …) for anchors and tests.
    pub id: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Text {
        text: String,
    },
    /// Secondary text (an empty section, a total).
    Note {
        text: String,
    },
    List {
        items: Vec<String>,
    },
    Table(Table),
    /// Objectives under their four column titles (objective, progress, verdict, due).
    Objectives {
        head: Vec<String>,
        items: Vec<ObjectiveLine>,
    },
    /// A drawing, as SVG markup this module made (never user markup), and its natural width
    /// in CSS pixels (printed no wider).
    Figure {
        title: String,
        svg: String,
        width: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub head: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveLine {
    pub title: String,
    /// "CNY 10,700,000 of CNY 26,800,000 (from 0)".
    pub figures: String,
    /// Progress from baseline to target (may pass 1; None: nothing measured yet). Never below
    /// 0: under the baseline reads "0%" beside the sentence that says how far under it is.
    pub progress: Option<f64>,
    /// The share of the objective's time gone, 0..=1 (the bar's tick).
    pub elapsed: f64,
    pub track: Track,
    pub track_label: String,
    /// Why the verdict, with its numbers.
    pub why: String,
    pub due: String,
}

/// What the customer-safe version leaves out, by section: the export screen shows it first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// A section id (`goals`, `stakeholders` …) or `health`.
    pub section: &'static str,
    /// How many items (1 for the health score).
    pub count: usize,
}

/// What a customer-safe export of `v` leaves out (empty sections are not listed).
pub fn left_out(v: &PlanView) -> Vec<LeftOut> {
    left_out_many(std::slice::from_ref(v))
}

/// What the customer-safe exports of `views` leave out together, section by section, in the
/// documents' order (empty sections are not listed).
pub fn left_out_many(views: &[PlanView]) -> Vec<LeftOut> {
    let total = views.iter().map(left_out_counts).reduce(|mut total, counts| {
        for (t, (_, n)) in total.iter_mut().zip(counts) {
            t.1 += n;
        }
        total
    });
    total
        .into_iter()
        .flatten()
        .filter(|(_, n)| *n > 0)
        .map(|(section, count)| LeftOut { section, count })
        .collect()
}

/// Every part of a plan, with how many of `v`'s items a customer-safe export leaves out of it
/// (by the audience table, [`DocSection::shows_item`]).
fn left_out_counts(v: &PlanView) -> Vec<(&'static str, usize)> {
    DocSection::ALL
        .iter()
        .map(|s| {
            let shared = section_items(v, *s);
            (s.name(), shared.into_iter().filter(|shared| !s.shows_item(true, *shared)).count())
        })
        .collect()
}

/// Each item of a part of `v`: whether it is marked "share with customer" (the health score
/// is one item, never marked).
fn section_items(v: &PlanView, s: DocSection) -> Vec<bool> {
    use DocSection as S;
    match s {
        S::Goals => v.goals.iter().map(|g| g.goal.fields.share_with_customer).collect(),
        S::Objectives => {
            v.objectives.iter().map(|o| o.objective.fields.share_with_customer).collect()
        }
        S::ValuePropositions => {
            v.value_propositions.iter().map(|p| p.fields.share_with_customer).collect()
        }
        S::Actions => v.actions.iter().map(|a| a.action.fields.share_with_customer).collect(),
        S::Stakeholders => vec![false; v.stakeholders.len()],
        S::Opportunities => vec![false; v.opportunities.len()],
        S::Risks => vec![false; v.risks.len()],
        S::Resources => vec![false; v.resources.len()],
        S::Reviews => vec![false; v.reviews.len()],
        S::Health => vec![false],
    }
}

/// The document of `v` for `o`'s language and audience.
pub fn build(v: &PlanView, o: &Options) -> Doc {
    let l = Labels { language: o.language };
    let customer = o.audience == Audience::Customer;
    let f = &v.plan.fields;
    let mut facts = vec![
        (
            l.text("field.period"),
            l.aside(&f.period, &format!("{} – {}", l.date(f.start_date), l.date(f.end_date))),
        ),
        (l.text("field.status"), l.code("plan.status", f.status.name())),
    ];
    if let Some(owner) = f.owner.as_deref().filter(|s| !s.is_empty()) {
        facts.push((l.text("field.owner"), owner.to_string()));
    }
    let team: Vec<String> = f
        .team
        .iter()
        .filter(|m| !m.name.is_empty())
        .map(|m| l.label_value(&role_label(l, &m.role), &m.name))
        .collect();
    if !team.is_empty() {
        facts.push((l.text("doc.team"), team.join(l.semicolon())));
    }
    if DocSection::Health.shown(customer) {
        let level = l.code("health.level", v.health.level.name());
        facts.push((l.text("doc.health"), l.aside(&format!("{} / 100", v.health.score), &level)));
    }
    // Reviews are our side's meetings on the plan.
    if let Some(next) = f.next_review.filter(|_| !customer) {
        facts.push((l.text("doc.next_review"), l.date(next)));
    }

    // What each version shows comes from the one audience table, as the "left out" list does.
    let share = |s: DocSection, shared: bool| s.shows_item(customer, shared);
    let shown = |s: DocSection| s.shown(customer);
    let mut sections = Vec::new();
    let mut section = |s: DocSection, key: &str, blocks: Vec<Block>| {
        let id = s.name();
        if !s.shown(customer) || (blocks.is_empty() && customer) {
            return; // the customer's version has no empty headings
        }
        let blocks = if blocks.is_empty() {
            vec![Block::Note { text: l.text("plan.empty") }]
        } else {
            blocks
        };
        sections.push(Section { id, heading: l.text(key), blocks });
    };

    // The customer's goals and challenges.
    let rows: Vec<Vec<String>> = v
        .goals
        .iter()
        .filter(|g| share(DocSection::Goals, g.goal.fields.share_with_customer))
        .map(|g| {
            let gf = &g.goal.fields;
            // The customer's words stay as they are; how old they are is ours, in its own column.
            let text = gf.text.clone();
            let stale = if g.stale { l.text("plan.stale") } else { String::new() };
            let source = gf
                .source_contact_id
                .and_then(|id| v.stakeholders.iter().find(|s| s.contact.id() == id))
                .map(|s| s.contact.fields.name.clone())
                .unwrap_or_default();
            let confirmed = l.text(if gf.confirmed { "common.yes" } else { "common.no" });
            let when = gf.source_date.map(|d| l.date(d)).unwrap_or_default();
            let mut row = vec![l.code("goal_kind", gf.kind.name()), text, source, when, confirmed];
            if !customer {
                row.push(stale);
            }
            row
        })
        .collect();
    let mut head =
        vec!["doc.kind", "field.text", "field.source_contact_id", "field.date", "doc.confirmed"];
    if !customer {
        head.push("doc.to_check");
    }
    section(DocSection::Goals, "plan.section.goals", table(l, &head, &[], rows));

    // Our objectives, with progress against time.
    let items: Vec<ObjectiveLine> = v
        .objectives
        .iter()
        .filter(|x| share(DocSection::Objectives, x.objective.fields.share_with_customer))
        .map(|x| objective(l, x, o))
        .collect();
    section(
        DocSection::Objectives,
        "plan.section.objectives",
        if items.is_empty() {
            vec![]
        } else {
            let head = ["doc.objective", "doc.progress", "field.status", "field.due_date"];
            vec![Block::Objectives { head: head.iter().map(|k| l.text(k)).collect(), items }]
        },
    );

    // Value propositions and the objective each serves.
    let rows = v
        .value_propositions
        .iter()
        .filter(|p| share(DocSection::ValuePropositions, p.fields.share_with_customer))
        .map(|p| {
            let serves = p
                .fields
                .objective_id
                .and_then(|id| v.objectives.iter().find(|x| x.objective.id() == id))
                .map(|x| x.objective.fields.title.clone())
                .unwrap_or_default();
            vec![p.fields.statement.clone(), p.fields.benefit.clone().unwrap_or_default(), serves]
        })
        .collect();
    let head = ["field.statement", "field.benefit", "doc.objective"];
    section(DocSection::ValuePropositions, "plan.section.values", table(l, &head, &[], rows));

    if shown(DocSection::Stakeholders) {
        section(DocSection::Stakeholders, "plan.section.stakeholders", stakeholders(l, v));
    }
    if shown(DocSection::Opportunities) {
        section(DocSection::Opportunities, "plan.section.opportunities", opportunities(l, v, o));
    }

    // Actions.
    let rows = v
        .actions
        .iter()
        .filter(|a| share(DocSection::Actions, a.action.fields.share_with_customer))
        .map(|a| {
            let af = &a.action.fields;
            let mut status = l.code("action.status", af.status.name());
            if a.overdue && !customer {
                status = format!("{status} · {}", l.text("actions.group.overdue"));
            }
            let objective = af
                .objective_id
                .and_then(|id| v.objectives.iter().find(|x| x.objective.id() == id))
                .filter(|x| share(DocSection::Objectives, x.objective.fields.share_with_customer))
                .map(|x| x.objective.fields.title.clone())
                .unwrap_or_default();
            let mut row = vec![
                af.title.clone(),
                af.owner.clone().unwrap_or_default(),
                af.due_date.map(|d| l.date(d)).unwrap_or_default(),
                status,
                objective,
            ];
            if !customer {
                let contact = af
                    .contact_id
                    .and_then(|id| v.stakeholders.iter().find(|s| s.contact.id() == id))
                    .map(|s| s.contact.fields.name.clone())
                    .unwrap_or_default();
                row.push(contact);
            }
            row
        })
        .collect();
    let mut head =
        vec!["doc.action", "field.owner", "field.due_date", "field.status", "doc.objective"];
    if !customer {
        head.push("doc.contact");
    }
    section(DocSection::Actions, "plan.section.actions", table(l, &head, &[], rows));

    if shown(DocSection::Risks) || shown(DocSection::Resources) || shown(DocSection::Reviews) {
        let rows = v
            .risks
            .iter()
            .map(|r| {
                let rf = &r.fields;
                vec![
                    rf.description.clone(),
                    format!("{} × {} = {}", rf.likelihood, rf.impact, rf.exposure()),
                    rf.mitigation.clone().unwrap_or_default(),
                    rf.owner.clone().unwrap_or_default(),
                    l.code("risk_status", rf.status.name()),
                ]
            })
            .collect();
        let head = ["doc.risk", "doc.exposure", "field.mitigation", "field.owner", "field.status"];
        section(DocSection::Risks, "plan.section.risks", table(l, &head, &[1], rows));

        let rows = v
            .resources
            .iter()
            .map(|r| {
                let rf = &r.fields;
                vec![rf.team.clone(), rf.ask.clone(), l.code("resource_status", rf.status.name())]
            })
            .collect();
        section(
            DocSection::Resources,
            "plan.section.resources",
            table(l, &["field.team", "field.ask", "field.status"], &[], rows),
        );
        section(DocSection::Reviews, "plan.section.reviews", reviews(l, v));
    }

    let mut footer = l.fill_each("doc.exported", |l| vec![("date", l.date(o.exported_on))]);
    if customer {
        footer = format!("{footer} · {}", l.text("doc.customer_version"));
    }
    Doc {
        language: o.language,
        audience: o.audience,
        paper: o.paper,
        title: v.name.clone(),
        account: v.account_name.clone(),
        facts,
        sections,
        footer,
        page_label: l.text("doc.page"),
    }
}

/// A table block, or nothing when there are no rows.
pub(crate) fn table(
    l: Labels,
    head: &[&str],
    numeric: &[usize],
    rows: Vec<Vec<String>>,
) -> Vec<Block> {
    if rows.is_empty() {
        return Vec::new();
    }
    vec![Block::Table(Table {
        head: head.iter().map(|k| l.text(k)).collect(),
        numeric: (0..head.len()).map(|i| numeric.contains(&i)).collect(),
        rows,
    })]
}

fn objective(l: Labels, x: &ObjectiveView, o: &Options) -> ObjectiveLine {
    let f = &x.objective.fields;
    let is_money = f.measure.as_ref().is_some_and(|m| m.kind.is_money());
    let show = |v: f64| {
        if is_money {
            #[allow(clippy::cast_possible_truncation)] // plan targets are far inside i64
            let minor = (v * 100.0).round() as i64;
            money(l, minor, o.currency)
        } else {
            match f.unit.as_deref().filter(|u| !u.is_empty()) {
                // "46%", as the window writes it; a word unit after a space ("3 sites").
                Some("%") => format!("{}%", number(v)),
                Some(u) => format!("{} {u}", number(v)),
                None => number(v),
            }
        }
    };
    let now = x.value.map_or_else(|| l.text("common.none"), show);
    let figures = l.aside(
        &format!("{now} / {}", show(f.target)),
        &format!("{} {}", l.text("field.baseline"), show(f.baseline)),
    );
    let p = &x.progress;
    let pc = |v: f64| percent(v).trim_end_matches('%').to_string();
    let why = match &p.reason {
        TrackReason::Reached { progress } => {
            l.fill("track.why.reached", &[("progress", pc(*progress))])
        }
        // Under where it started: "-50% of the way" says nothing a reader can use.
        TrackReason::Pace { progress, .. } | TrackReason::Overdue { progress, .. }
            if *progress < 0.0 =>
        {
            let baseline = show(f.baseline);
            l.fill("track.why.below_baseline", &[("current", now.clone()), ("baseline", baseline)])
        }
        TrackReason::Pace { progress, elapsed } => {
            l.fill("track.why.pace", &[("progress", pc(*progress)), ("elapsed", pc(*elapsed))])
        }
        TrackReason::Overdue { progress, due } => l.fill_each("track.why.overdue", |l| {
            vec![("progress", pc(*progress)), ("due", l.date(*due))]
        }),
        TrackReason::NotStarted { start } => {
            l.fill_each("track.why.not_started", |l| vec![("start", l.date(*start))])
        }
        TrackReason::NoCurrent => l.text("track.why.no_current"),
    };
    ObjectiveLine {
        title: f.title.clone(),
        figures,
        progress: p.progress.map(|v| v.max(0.0)),
        elapsed: p.elapsed,
        track: p.track,
        track_label: l.code("track", p.track.name()),
        why,
        due: f.due_date.map(|d| l.date(d)).unwrap_or_default(),
    }
}

fn attitude(l: Labels, a: Option<i8>) -> String {
    a.map_or_else(|| l.text("common.none"), |a| l.code("attitude", &a.to_string()))
}

fn stakeholders(l: Labels, v: &PlanView) -> Vec<Block> {
    if v.stakeholders.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![
        figure(l.text("plan.map_label"), svg::grid(l, &v.stakeholders)),
        figure(l.text("plan.org_chart"), svg::org_chart(l, &v.stakeholders)),
    ];
    let rows = v.stakeholders.iter().map(|s| stakeholder_row(l, s)).collect();
    let head = [
        "field.name",
        "doc.job_title",
        "field.role",
        "field.attitude",
        "field.influence",
        "field.relationship_strength",
        "doc.relationship_owner",
        "field.strategy",
    ];
    blocks.extend(table(l, &head, &[4, 5], rows));
    let gaps: Vec<String> = v.gaps.iter().map(|g| gap(l, g)).collect();
    if gaps.is_empty() {
        blocks.push(Block::Note { text: l.text("plan.no_gaps") });
    } else {
        blocks.push(Block::Text { text: l.text("doc.gaps") });
        blocks.push(Block::List { items: gaps });
    }
    blocks
}

fn figure(title: String, (svg, width): (String, f64)) -> Block {
    Block::Figure { title, svg, width }
}

fn stakeholder_row(l: Labels, s: &StakeholderView) -> Vec<String> {
    let c = &s.contact.fields;
    let e = s.entry.as_ref().map(|e| &e.fields);
    let mut att = attitude(l, c.attitude);
    if let Some(target) = e.and_then(|e| e.target_attitude).filter(|t| Some(*t) != c.attitude) {
        att = format!("{att} → {}", attitude(l, Some(target)));
    }
    let mut strength = c.relationship_strength.map(|v| v.to_string()).unwrap_or_default();
    if let Some(target) =
        e.and_then(|e| e.target_strength).filter(|t| Some(*t) != c.relationship_strength)
    {
        strength = format!("{strength} → {target}");
    }
    vec![
        c.name.clone(),
        c.title.clone().unwrap_or_default(),
        c.role.map(|r| l.code("role", r.name())).unwrap_or_default(),
        att,
        c.influence.map(|v| v.to_string()).unwrap_or_default(),
        strength,
        e.and_then(|e| e.owner.clone()).unwrap_or_default(),
        e.and_then(|e| e.strategy.clone()).unwrap_or_default(),
    ]
}

/// A gap in words, as the plan tab says it.
/// A gap in the map as a sentence in `language` (the command line's `plans show`).
pub fn gap_text(g: &Gap, language: crate::Language) -> String {
    gap(Labels { language: DocLanguage::of(language) }, g)
}

pub(crate) fn gap(l: Labels, g: &Gap) -> String {
    match g {
        Gap::NoSupportingBuyer => l.text("gap.no_supporting_buyer"),
        Gap::InfluentialOpponent { name, influence, .. } => l.fill(
            "gap.influential_opponent",
            &[("name", name.clone()), ("influence", influence.to_string())],
        ),
        Gap::KeyPlayerNotContacted { name, days, cadence, .. } => {
            l.fill_each("gap.key_player_not_contacted", |one| {
                vec![
                    ("name", name.clone()),
                    ("days", days.map_or_else(|| one.text("plan.never"), |d| d.to_string())),
                    ("cadence", cadence.to_string()),
                ]
            })
        }
        Gap::SingleThreaded { owners } => {
            l.fill("gap.single_threaded", &[("owners", owners.to_string())])
        }
        Gap::EmptyRole { role } => {
            l.fill_each("gap.empty_role", |one| vec![("role", one.code("role", role.name()))])
        }
    }
}

fn opportunities(l: Labels, v: &PlanView, o: &Options) -> Vec<Block> {
    let rows: Vec<Vec<String>> = v
        .opportunities
        .iter()
        .map(|x| {
            let f = &x.fields;
            vec![
                f.title.clone(),
                l.code("opp_kind", f.kind.name()),
                money(l, f.estimated_value.minor(), o.currency),
                format!("{}%", f.probability),
                f.expected_close.map(|d| l.date(d)).unwrap_or_default(),
                l.code("status", f.status.name()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let head = [
        "doc.opportunity",
        "doc.opportunity_kind",
        "field.estimated_value",
        "field.probability",
        "field.expected_close",
        "field.status",
    ];
    let mut blocks = table(l, &head, &[2, 3], rows);
    blocks.push(Block::Note {
        text: l.fill(
            "plan.pipeline",
            &[
                ("n", v.pipeline.open.to_string()),
                ("total", money(l, v.pipeline.total, o.currency)),
                ("weighted", money(l, v.pipeline.weighted, o.currency)),
            ],
        ),
    });
    blocks
}

fn reviews(l: Labels, v: &PlanView) -> Vec<Block> {
    let mut blocks = Vec::new();
    for r in &v.reviews {
        let f = &r.fields;
        let mut head = l.date(f.date);
        if let Some(rating) = f.rating {
            head = format!("{head} · {} {rating}/5", l.text("doc.rating"));
        }
        blocks.push(Block::Text { text: head });
        let mut items = Vec::new();
        if !f.attendees.is_empty() {
            items.push(format!("{}: {}", l.text("doc.attendees"), f.attendees.join(", ")));
        }
        if let Some(n) = f.notes.as_deref().filter(|s| !s.is_empty()) {
            items.push(format!("{}: {n}", l.text("field.notes")));
        }
        if let Some(d) = f.decisions.as_deref().filter(|s| !s.is_empty()) {
            items.push(format!("{}: {d}", l.text("doc.decisions")));
        }
        if !items.is_empty() {
            blocks.push(Block::List { items });
        }
    }
    // What moved since the review before the latest.
    if let [latest, previous, ..] = v.reviews.as_slice() {
        let c = keyplan_domain::plan::compare(&previous.fields, &latest.fields);
        blocks.push(Block::Text {
            text: l
                .fill_each("plan.since", |l| vec![("date", l.date(c.from)), ("to", l.date(c.to))]),
        });
        let items = moved(l, &c, true);
        blocks.push(Block::List { items });
        // What the marks mean, under them.
        blocks.push(Block::Note { text: l.text("plan.marks") });
    }
    blocks
}
