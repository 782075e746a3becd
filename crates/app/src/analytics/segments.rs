//! Saved segments 细分: a name and a rule; members are found by evaluating the rule each time.

use keyplan_domain::analytics::segment::validate_segment;
use keyplan_domain::analytics::{Segment, SegmentRule};
use keyplan_domain::Problem;
use keyplan_store::{segments, Db};
use serde::Deserialize;
use uuid::Uuid;

use crate::{now, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SegmentInput {
    pub name: String,
    pub rule: SegmentRule,
}

pub fn list_segments(db: &Db) -> Result<Vec<Segment>> {
    Ok(segments::list(db.conn())?)
}

fn checked(db: &Db, input: &SegmentInput, me: Option<Uuid>) -> Result<String> {
    let name = validate_segment(&input.name, &input.rule)?;
    if segments::name_taken(db.conn(), &name, me)? {
        return Err(AppError::field("name", Problem::Duplicate));
    }
    Ok(name)
}

pub fn create_segment(db: &mut Db, input: &SegmentInput) -> Result<Segment> {
    let name = checked(db, input, None)?;
    let s = Segment { id: Uuid::now_v7(), name, rule: input.rule.clone() };
    db.write(|c| segments::insert(c, &s, now()))?;
    Ok(s)
}

pub fn update_segment(db: &mut Db, id: Uuid, input: &SegmentInput) -> Result<Segment> {
    let name = checked(db, input, Some(id))?;
    let s = Segment { id, name, rule: input.rule.clone() };
    db.write(|c| segments::update(c, &s, now()))?;
    Ok(s)
}

pub fn delete_segment(db: &mut Db, id: Uuid) -> Result<()> {
    db.write(|c| segments::soft_delete(c, id, now()))?;
    Ok(())
}

/// The segment by id, for filtering views.
pub(crate) fn get(db: &Db, id: Uuid) -> Result<Segment> {
    Ok(segments::get(db.conn(), id)?)
}
