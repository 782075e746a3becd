//! The schema's CHECK constraints hold the same lists and scales as the domain's vocabulary:
//! a value the validators accept is one the database stores, and the other way round.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_domain::analytics::{RiskLevel, Tier};
use keyplan_domain::validate::Choice;
use keyplan_domain::vocabulary::{Scale, ATTITUDE, NPS, PROBABILITY, RATING, SENTIMENT};
use keyplan_domain::SizeBand;
use keyplan_store::Db;

/// The CREATE TABLE text of `table`, with runs of spaces folded.
fn schema(db: &Db, table: &str) -> String {
    let sql: String = db
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The values of `CHECK (column IN ('a','b'))` in `table`.
fn check_in(db: &Db, table: &str, column: &str) -> Vec<String> {
    let sql = schema(db, table);
    let start = format!("CHECK ({column} IN (");
    let at = sql.find(&start).unwrap_or_else(|| panic!("{table}.{column}: no IN check in {sql}"));
    let rest = &sql[at + start.len()..];
    let list = &rest[..rest.find(')').unwrap()];
    list.split(',').map(|v| v.trim().trim_matches('\'').to_string()).collect()
}

/// The bounds of `CHECK (column BETWEEN a AND b)` in `table`.
fn check_between(db: &Db, table: &str, column: &str) -> Scale {
    let sql = schema(db, table);
    let start = format!("CHECK ({column} BETWEEN ");
    let at = sql.find(&start).unwrap_or_else(|| panic!("{table}.{column}: no range check"));
    let rest = &sql[at + start.len()..];
    let rest = &rest[..rest.find(')').unwrap()];
    let (min, max) = rest.split_once(" AND ").unwrap();
    Scale { min: min.trim().parse().unwrap(), max: max.trim().parse().unwrap() }
}

#[test]
fn closed_lists_match_the_vocabulary() {
    let db = Db::open_in_memory().unwrap();
    assert_eq!(check_in(&db, "accounts", "size_band"), SizeBand::NAMES);
    assert_eq!(check_in(&db, "account_overrides", "tier"), Tier::NAMES);
    assert_eq!(check_in(&db, "alerts", "level"), RiskLevel::NAMES);
}

#[test]
fn plan_lists_match_the_domain() {
    use keyplan_domain::plan::{
        ActionStatus, Cadence, GoalKind, MeasureKind, ObjectiveStatus, PlanStatus, ResourceStatus,
        RiskStatus, Template,
    };
    let db = Db::open_in_memory().unwrap();
    assert_eq!(check_in(&db, "plans", "status"), PlanStatus::NAMES);
    assert_eq!(check_in(&db, "plans", "cadence"), Cadence::NAMES);
    let stored: Vec<&str> = Template::NAMES.iter().copied().filter(|t| *t != "auto").collect();
    assert_eq!(check_in(&db, "plans", "template"), stored);
    assert_eq!(check_in(&db, "plan_goals", "kind"), GoalKind::NAMES);
    assert_eq!(check_in(&db, "plan_objectives", "status"), ObjectiveStatus::NAMES);
    assert_eq!(check_in(&db, "plan_objectives", "measure_kind"), MeasureKind::NAMES);
    assert_eq!(check_in(&db, "plan_actions", "status"), ActionStatus::NAMES);
    assert_eq!(check_in(&db, "plan_risks", "status"), RiskStatus::NAMES);
    assert_eq!(check_in(&db, "plan_resources", "status"), ResourceStatus::NAMES);
    assert_eq!(check_between(&db, "plan_stakeholders", "target_attitude"), ATTITUDE);
    assert_eq!(check_between(&db, "plan_stakeholders", "target_strength"), RATING);
    assert_eq!(check_between(&db, "plan_risks", "likelihood"), RATING);
    assert_eq!(check_between(&db, "plan_risks", "impact"), RATING);
    assert_eq!(check_between(&db, "plan_reviews", "rating"), RATING);
}

#[test]
fn scales_match_the_vocabulary() {
    let db = Db::open_in_memory().unwrap();
    for column in ["industry_influence", "innovation_synergy", "growth_potential", "strategic_fit"]
    {
        assert_eq!(check_between(&db, "accounts", column), RATING, "accounts.{column}");
    }
    assert_eq!(check_between(&db, "contacts", "attitude"), ATTITUDE);
    assert_eq!(check_between(&db, "contacts", "influence"), RATING);
    assert_eq!(check_between(&db, "contacts", "relationship_strength"), RATING);
    assert_eq!(check_between(&db, "interactions", "sentiment"), SENTIMENT);
    assert_eq!(check_between(&db, "surveys", "nps"), NPS);
    assert_eq!(check_between(&db, "surveys", "csat"), RATING);
    assert_eq!(check_between(&db, "opportunities", "probability"), PROBABILITY);
}
