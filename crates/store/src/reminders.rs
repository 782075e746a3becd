//! The `reminder_state` table: what this laptop's reminders showed and what the user put off.
//! Kinds and ids are the app's; a row whose `due` is not the item's current due day no longer
//! applies (the app asks with the day it has).

use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};

use crate::Result;

/// A reminder's state for one due day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub notified_on: Option<NaiveDate>,
    pub dismissed: bool,
    /// RFC 3339, UTC.
    pub snoozed_until: Option<String>,
}

/// The state of (`kind`, `item`) for the day it is due now; default when none applies.
pub fn get(c: &Connection, kind: &str, item: &str, due: NaiveDate) -> Result<State> {
    let row = c
        .prepare_cached(
            "SELECT notified_on, dismissed, snoozed_until FROM reminder_state \
             WHERE kind = ?1 AND item_id = ?2 AND due = ?3",
        )?
        .query_row([kind, item, &due.to_string()], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .optional()?;
    let Some((notified, dismissed, snoozed_until)) = row else { return Ok(State::default()) };
    let notified_on = notified.and_then(|d| keyplan_domain::validate::parse_iso_date(&d));
    Ok(State { notified_on, dismissed, snoozed_until })
}

/// Writes the state of (`kind`, `item`) for the day it is due; a row for an earlier due day is
/// replaced.
pub fn put(c: &Connection, kind: &str, item: &str, due: NaiveDate, state: &State) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO reminder_state (kind, item_id, due, notified_on, dismissed, snoozed_until) \
         VALUES (:kind, :item, :due, :notified, :dismissed, :snoozed) \
         ON CONFLICT (kind, item_id) DO UPDATE SET due = excluded.due, \
         notified_on = excluded.notified_on, dismissed = excluded.dismissed, \
         snoozed_until = excluded.snoozed_until",
    )?
    .execute(named_params! {
        ":kind": kind,
        ":item": item,
        ":due": due.to_string(),
        ":notified": state.notified_on.map(|d| d.to_string()),
        ":dismissed": state.dismissed,
        ":snoozed": state.snoozed_until,
    })?;
    Ok(())
}
