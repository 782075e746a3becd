//! The TEMP triggers that note which field groups a write changed. Made per connection from the
//! domain's list of kinds and groups (fixed names, never user text), so a new field is stamped
//! the moment it is listed there, with no migration.

use keyplan_domain::sync::schema::{self, Kind, RecordKind, DELETED};
use rusqlite::Connection;

use crate::Result;

/// What of a kind's record is kept outside its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extras {
    /// An account's tags (`account_tags`) and its manual labels (`account_overrides`).
    AccountTagsAndLabels,
    /// The contacts an interaction was with (`interaction_contacts`).
    InteractionContacts,
    /// Nothing: every field is a column of its table.
    None,
}

/// The one place that says, for each kind, what lives outside its table.
pub(super) fn extras(kind: RecordKind) -> Extras {
    use RecordKind as K;
    match kind {
        K::Account => Extras::AccountTagsAndLabels,
        K::Interaction => Extras::InteractionContacts,
        K::Contact
        | K::Plan
        | K::Survey
        | K::Opportunity
        | K::Transaction
        | K::PlanGoal
        | K::PlanObjective
        | K::PlanValueProposition
        | K::PlanStakeholder
        | K::PlanAction
        | K::PlanRisk
        | K::PlanResource
        | K::PlanReview => Extras::None,
    }
}

/// Fields kept outside the record's own table, by kind.
pub(super) fn outside(kind: &Kind, field: &str) -> bool {
    match extras(kind.kind) {
        Extras::AccountTagsAndLabels => matches!(
            field,
            "tags" | "tier" | "tier_reason" | "stage" | "stage_reason" | "marked_lost"
        ),
        Extras::InteractionContacts => field == "contact_ids",
        Extras::None => false,
    }
}

/// The statement that notes `group` of the row as changed when `when` holds.
fn note(id: &str, group: &str, deleting: &str, when: &str) -> String {
    format!(
        "INSERT OR REPLACE INTO temp.sync_changed (record_id, field, deleting) \
         SELECT {id}, '{group}', {deleting} WHERE {when};"
    )
}

fn changed(columns: &[&str]) -> String {
    columns.iter().map(|c| format!("OLD.{c} IS NOT NEW.{c}")).collect::<Vec<_>>().join(" OR ")
}

fn update_trigger(kind: &Kind) -> String {
    let t = super::records::table(kind.kind);
    let id = crate::lean::read(t, "id", "NEW");
    let mut body = String::new();
    for g in kind.groups {
        let columns: Vec<&str> = g
            .fields
            .iter()
            .copied()
            .filter(|f| !outside(kind, f))
            .map(|f| crate::lean::column(t, f))
            .collect();
        if columns.is_empty() {
            continue;
        }
        let deleting = if g.name == DELETED { "NEW.deleted_at IS NOT NULL" } else { "0" };
        body.push_str(&note(&id, g.name, deleting, &changed(&columns)));
    }
    format!("CREATE TEMP TRIGGER IF NOT EXISTS sync_{t} AFTER UPDATE ON main.{t} BEGIN {body} END;")
}

/// Tags, labels and an interaction's contacts live in tables of their own.
const OUTSIDE: &str = "
CREATE TEMP TRIGGER IF NOT EXISTS sync_account_tags_in AFTER INSERT ON main.account_tags BEGIN
  INSERT OR REPLACE INTO temp.sync_changed VALUES (NEW.account_id, 'tags', 0); END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_account_tags_out AFTER DELETE ON main.account_tags BEGIN
  INSERT OR REPLACE INTO temp.sync_changed VALUES (OLD.account_id, 'tags', 0); END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_interaction_contacts_in
  AFTER INSERT ON main.interaction_contacts BEGIN
  INSERT OR REPLACE INTO temp.sync_changed VALUES (NEW.interaction_id, 'contact_ids', 0); END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_interaction_contacts_out
  AFTER DELETE ON main.interaction_contacts BEGIN
  INSERT OR REPLACE INTO temp.sync_changed VALUES (OLD.interaction_id, 'contact_ids', 0); END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_overrides_in AFTER INSERT ON main.account_overrides BEGIN
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'tier', 0
    WHERE NEW.tier IS NOT NULL OR NEW.tier_reason IS NOT NULL;
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'stage', 0
    WHERE NEW.stage IS NOT NULL OR NEW.stage_reason IS NOT NULL;
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'marked_lost', 0
    WHERE NEW.marked_lost <> 0; END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_overrides_change AFTER UPDATE ON main.account_overrides BEGIN
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'tier', 0
    WHERE OLD.tier IS NOT NEW.tier OR OLD.tier_reason IS NOT NEW.tier_reason;
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'stage', 0
    WHERE OLD.stage IS NOT NEW.stage OR OLD.stage_reason IS NOT NEW.stage_reason;
  INSERT OR REPLACE INTO temp.sync_changed SELECT NEW.account_id, 'marked_lost', 0
    WHERE OLD.marked_lost IS NOT NEW.marked_lost; END;
CREATE TEMP TRIGGER IF NOT EXISTS sync_overrides_out AFTER DELETE ON main.account_overrides BEGIN
  INSERT OR REPLACE INTO temp.sync_changed SELECT OLD.account_id, 'tier', 0
    WHERE OLD.tier IS NOT NULL OR OLD.tier_reason IS NOT NULL;
  INSERT OR REPLACE INTO temp.sync_changed SELECT OLD.account_id, 'stage', 0
    WHERE OLD.stage IS NOT NULL OR OLD.stage_reason IS NOT NULL;
  INSERT OR REPLACE INTO temp.sync_changed SELECT OLD.account_id, 'marked_lost', 0
    WHERE OLD.marked_lost <> 0; END;
";

/// Makes this connection's TEMP table and triggers (once; again after a restore is harmless).
/// Only a database at the latest schema has every table they watch.
pub(crate) fn install(c: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS sync_changed (record_id TEXT NOT NULL, \
         field TEXT NOT NULL, deleting INTEGER NOT NULL, PRIMARY KEY (record_id, field));",
    );
    for kind in schema::kinds() {
        sql.push_str(&update_trigger(kind));
    }
    sql.push_str(OUTSIDE);
    c.execute_batch(&sql)?;
    Ok(())
}
