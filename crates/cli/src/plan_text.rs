//! `plans show` for a person: every section with each item's id (what `plans update` and
//! `plans remove` take), the gaps in words.

use std::io::Write;

use keyplan_app::domain::plan::view::PlanView;
use keyplan_app::domain::validate::Choice;
use keyplan_app::formats::plan::doc::gap_text;
use keyplan_app::formats::Language;

/// Writes `v` as text.
pub fn write(w: &mut dyn Write, v: &PlanView) -> std::io::Result<()> {
    let f = &v.plan.fields;
    writeln!(w, "{}  {} — {}", v.plan.id(), v.name, v.account_name)?;
    writeln!(w, "period {} ({} to {})", f.period, f.start_date, f.end_date)?;
    let review = f.next_review.map_or_else(|| "none".to_string(), |d| d.to_string());
    writeln!(
        w,
        "status {}, health {} ({}), next review {review}",
        f.status.name(),
        v.health.score,
        v.health.level.name()
    )?;
    section(
        w,
        "objectives",
        v.objectives.iter().map(|o| {
            let of = &o.objective.fields;
            let now = o.value.map_or_else(|| "—".to_string(), |x| x.to_string());
            let pct =
                o.progress.progress.map_or_else(String::new, |p| format!(" ({:.0}%)", p * 100.0));
            let line = format!(
                "{}: {now} of {} from {}{pct}, {}",
                of.title,
                of.target,
                of.baseline,
                o.progress.track.name()
            );
            (o.objective.id(), line)
        }),
    )?;
    section(
        w,
        "actions",
        v.actions.iter().map(|a| {
            let af = &a.action.fields;
            let due = af.due_date.map_or_else(String::new, |d| format!(", due {d}"));
            let late = if a.overdue { " (overdue)" } else { "" };
            (a.action.id(), format!("{}: {}{due}{late}", af.title, af.status.name()))
        }),
    )?;
    section(
        w,
        "goals",
        v.goals.iter().map(|g| {
            let gf = &g.goal.fields;
            let stale = if g.stale { " (unconfirmed for 180+ days)" } else { "" };
            (g.goal.id(), format!("{}: {}{stale}", gf.kind.name(), gf.text))
        }),
    )?;
    section(
        w,
        "value propositions",
        v.value_propositions.iter().map(|p| (p.id(), p.fields.statement.clone())),
    )?;
    section(
        w,
        "stakeholders",
        v.stakeholders.iter().filter_map(|s| {
            let entry = s.entry.as_ref()?;
            let c = &s.contact.fields;
            let role = c.role.map_or_else(String::new, |r| format!(" ({})", r.name()));
            Some((entry.id(), format!("{}{role}", c.name)))
        }),
    )?;
    section(
        w,
        "risks",
        v.risks.iter().map(|r| {
            let rf = &r.fields;
            let line = format!(
                "{} (likelihood {}, impact {}): {}",
                rf.description,
                rf.likelihood,
                rf.impact,
                rf.status.name()
            );
            (r.id(), line)
        }),
    )?;
    section(
        w,
        "resources",
        v.resources.iter().map(|r| {
            let rf = &r.fields;
            (r.id(), format!("{}: {} ({})", rf.team, rf.ask, rf.status.name()))
        }),
    )?;
    section(
        w,
        "reviews",
        v.reviews.iter().map(|r| {
            let rating = r.fields.rating.map_or_else(String::new, |n| format!(", rated {n}/5"));
            (r.id(), format!("{}{rating}", r.fields.date))
        }),
    )?;
    if !v.gaps.is_empty() {
        writeln!(w, "gaps")?;
        for g in &v.gaps {
            writeln!(w, "  {}", gap_text(g, Language::En))?;
        }
    }
    Ok(())
}

/// A heading and its items, one a line after its id; nothing for an empty section.
fn section(
    w: &mut dyn Write,
    heading: &str,
    items: impl Iterator<Item = (uuid::Uuid, String)>,
) -> std::io::Result<()> {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return Ok(());
    }
    writeln!(w, "{heading}")?;
    for (id, line) in items {
        writeln!(w, "  {id}  {line}")?;
    }
    Ok(())
}
