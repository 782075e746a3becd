//! The transactions table keeps its values compact (migration 9): the id as 16 bytes, the
//! account as its `account_keys` integer, the day as days since 1970-01-01 and timestamps as
//! milliseconds since 1970 (UTC), `updated_at` NULL until the row changes. Everything outside
//! the store, and every other table, speaks text: ids, `YYYY-MM-DD` days and RFC 3339 timestamps. These are the SQL pieces that convert
//! between the two for the paths that see a record's fields by name (bundles, merges, the sync
//! triggers, deletes); the transactions module reads and writes its own columns directly.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Whether `table` keeps its values in the compact forms.
pub(crate) fn is_lean(table: &str) -> bool {
    table == "transactions"
}

/// The column that holds `field`.
pub(crate) fn column<'a>(table: &str, field: &'a str) -> &'a str {
    match field {
        "account_id" if is_lean(table) => "account",
        "date" if is_lean(table) => "day",
        other => other,
    }
}

fn is_timestamp(field: &str) -> bool {
    matches!(field, "created_at" | "updated_at" | "deleted_at")
}

/// Whether `field` is kept in another form than its text one.
pub(crate) fn converted(table: &str, field: &str) -> bool {
    is_lean(table) && (matches!(field, "id" | "account_id" | "date") || is_timestamp(field))
}

/// SQL that reads `field` of the row `row` (an alias, `NEW` or `OLD`) in its text form.
pub(crate) fn read(table: &str, field: &str, row: &str) -> String {
    if !is_lean(table) {
        return format!("{row}.{field}");
    }
    match field {
        "id" => {
            let part = |from: u8, len: u8| format!("substr(hex({row}.id), {from}, {len})");
            format!(
                "lower({} || '-' || {} || '-' || {} || '-' || {} || '-' || {})",
                part(1, 8),
                part(9, 4),
                part(13, 4),
                part(17, 4),
                part(21, 12)
            )
        }
        "account_id" => format!("(SELECT k.id FROM account_keys k WHERE k.key = {row}.account)"),
        "date" => format!("date({row}.day * 86400, 'unixepoch')"),
        // Not stamped again since it was made: the creation time.
        "updated_at" => format!(
            "strftime('%Y-%m-%dT%H:%M:%fZ', coalesce({row}.updated_at, {row}.created_at) / 1000.0, \
             'unixepoch')"
        ),
        f if is_timestamp(f) => {
            format!("strftime('%Y-%m-%dT%H:%M:%fZ', {row}.{f} / 1000.0, 'unixepoch')")
        }
        f => format!("{row}.{f}"),
    }
}

/// SQL that stores the text value `hole` (a parameter, or `excluded.x`) in `field`'s column.
/// A text that is not what the field holds becomes NULL, which the column refuses.
pub(crate) fn write(table: &str, field: &str, hole: &str) -> String {
    if !is_lean(table) {
        return hole.to_string();
    }
    match field {
        "id" => format!("unhex(replace({hole}, '-', ''))"),
        "account_id" => format!("(SELECT k.key FROM account_keys k WHERE k.id = {hole})"),
        "date" => format!("(unixepoch({hole}) / 86400)"),
        f if is_timestamp(f) => {
            format!("CAST(round((julianday({hole}) - 2440587.5) * 86400000.0) AS INTEGER)")
        }
        _ => hole.to_string(),
    }
}

/// 1970-01-01 as days from the common era's first day (chrono's day count).
const EPOCH_CE_DAYS: i64 = 719_163;

/// A day as stored.
pub(crate) fn day(d: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d)) - EPOCH_CE_DAYS
}

/// A stored day, if it is one.
pub(crate) fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + EPOCH_CE_DAYS).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// A timestamp as stored (whole milliseconds, as the text form keeps).
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// A stored timestamp, if it is one.
pub(crate) fn time_of(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

/// An id as stored.
pub(crate) fn id_bytes(id: Uuid) -> [u8; 16] {
    id.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn the_sql_and_the_rust_forms_agree_both_ways() {
        let c = Connection::open_in_memory().unwrap();
        let id = Uuid::now_v7();
        let d = NaiveDate::from_ymd_opt(1961, 2, 28).unwrap();
        let t = DateTime::parse_from_rfc3339("2026-12-03T13:38:37.123Z").unwrap().to_utc();
        let (text_id, text_day, text_t): (String, String, String) = c
            .query_row(
                &format!(
                    "SELECT {}, {}, {} FROM (SELECT ?1 AS id, ?2 AS day, ?3 AS created_at) r",
                    read("transactions", "id", "r"),
                    read("transactions", "date", "r"),
                    read("transactions", "created_at", "r")
                ),
                rusqlite::params![id_bytes(id).to_vec(), day(d), millis(t)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(text_id, id.to_string());
        assert_eq!(text_day, "1961-02-28");
        assert_eq!(text_t, "2026-12-03T13:38:37.123Z");
        let unchanged: String = c
            .query_row(
                &format!(
                    "SELECT {} FROM (SELECT ?1 AS created_at, NULL AS updated_at) r",
                    read("transactions", "updated_at", "r")
                ),
                [millis(t)],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unchanged, text_t, "a row not changed since it was made");
        let (b, dd, ms): (Vec<u8>, i64, i64) = c
            .query_row(
                &format!(
                    "SELECT {}, {}, {}",
                    write("transactions", "id", "?1"),
                    write("transactions", "date", "?2"),
                    write("transactions", "created_at", "?3")
                ),
                rusqlite::params![id.to_string(), "1961-02-28", "2026-12-03T13:38:37.123Z"],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((b, dd, ms), (id_bytes(id).to_vec(), day(d), millis(t)));
        assert_eq!((date_of(dd), time_of(ms)), (Some(d), Some(t)));
    }

    #[test]
    fn other_tables_keep_their_columns() {
        assert_eq!(read("contacts", "id", "r"), "r.id");
        assert_eq!(write("contacts", "date", "?1"), "?1");
        assert_eq!(column("surveys", "date"), "date");
        assert_eq!(column("transactions", "date"), "day");
    }
}
