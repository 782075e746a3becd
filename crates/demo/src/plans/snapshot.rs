//! The snapshot a held review keeps, as the app would have taken it on the day.

use chrono::NaiveDate;
use keyplan_domain::plan::review::{ObjectiveSnapshot, StakeholderSnapshot};
use keyplan_domain::plan::{self, MeasureKind, ObjectiveFields, PlanFields, Snapshot};
use keyplan_domain::{Contact, Record};

use super::Facts;

/// What a review on `day` would have recorded. Attitudes were lower `ago` reviews back: the
/// relationships have moved since, which comparing two reviews shows.
pub(super) fn snapshot(
    facts: &Facts<'_>,
    plan: &PlanFields,
    objectives: &[Record<ObjectiveFields>],
    mapped: &[&Contact],
    day: NaiveDate,
    ago: usize,
) -> Snapshot {
    let objectives = objectives
        .iter()
        .map(|o| {
            let f = &o.fields;
            let current = match f.measure.as_ref().map(|m| m.kind) {
                Some(MeasureKind::Revenue) => Some(facts.revenue(plan.start_date, day)),
                Some(MeasureKind::Nps) => facts.latest_nps(day).map(f64::from),
                #[allow(clippy::cast_precision_loss)] // a handful of meetings
                Some(MeasureKind::Interactions) => {
                    Some(facts.meetings(plan.start_date, day) as f64)
                }
                _ => f.current.map(|c| f.baseline + (c - f.baseline) / (ago as f64 + 1.0)),
            };
            let measured = plan::Measured {
                start: plan.start_date,
                due: f.due_date.unwrap_or(plan.end_date),
                baseline: f.baseline,
                target: f.target,
                current,
            };
            let p = plan::track(&measured, day);
            ObjectiveSnapshot {
                objective_id: o.id(),
                title: f.title.clone(),
                current,
                progress: p.progress,
                track: p.track,
            }
        })
        .collect();
    let lower = |v: Option<i8>| v.map(|a| if ago > 1 { (a - 1).max(-2) } else { a });
    let stakeholders = mapped
        .iter()
        .enumerate()
        .map(|(k, c)| StakeholderSnapshot {
            contact_id: c.id(),
            name: c.fields.name.clone(),
            attitude: if k == 0 { lower(c.fields.attitude) } else { c.fields.attitude },
            influence: c.fields.influence,
            strength: c.fields.relationship_strength,
        })
        .collect();
    Snapshot { objectives, stakeholders, health: None }
}
