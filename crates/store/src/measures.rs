//! What a measured objective reads from Keyplan's own records: one account's revenue or
//! profit over a span (optionally one product line), its interactions of a kind, its latest NPS
//! and its open pipeline. Dates are ISO text, so the comparisons are the index's own order.

use chrono::NaiveDate;
use keyplan_domain::plan::MeasureKind;
use keyplan_domain::validate::Choice;
use keyplan_domain::{InteractionKind, OpportunityStatus};
use rusqlite::{named_params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::Result;

/// What to measure, for whom, over which days (both ends included).
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    pub account_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub product_line: Option<&'a str>,
    pub interaction_kind: Option<InteractionKind>,
}

/// The value of `kind` over `s`: money in minor units, counts as counts, NPS 0-10. None when
/// there is nothing to measure (no survey yet).
pub fn measure(c: &Connection, kind: MeasureKind, s: &Span<'_>) -> Result<Option<i64>> {
    let account = s.account_id.to_string();
    let (from, to) = (s.from.to_string(), s.to.to_string());
    let value = match kind {
        MeasureKind::Revenue | MeasureKind::Profit => {
            let column = if kind == MeasureKind::Revenue { "revenue" } else { "coalesce(profit, 0)" };
            // The table keeps days as numbers (`lean`), in (account, day) order.
            let sql = format!(
                "SELECT coalesce(sum({column}), 0) FROM transactions \
                 WHERE account = (SELECT key FROM account_keys WHERE id = :account) \
                 AND day >= :from AND day <= :to AND deleted_at IS NULL \
                 AND (:product IS NULL OR product_line = :product)"
            );
            let (from, to) = (crate::lean::day(s.from), crate::lean::day(s.to));
            c.prepare_cached(&sql)?.query_row(
                named_params! {":account": account, ":from": from, ":to": to, ":product": s.product_line},
                |r| r.get(0),
            )?
        }
        MeasureKind::Interactions => c
            .prepare_cached(
                "SELECT count(*) FROM interactions WHERE account_id = :account AND deleted_at IS NULL \
                 AND date >= :from AND date <= :to AND (:kind IS NULL OR kind = :kind)",
            )?
            .query_row(
                named_params! {
                    ":account": account, ":from": from, ":to": to,
                    ":kind": s.interaction_kind.map(Choice::name),
                },
                |r| r.get(0),
            )?,
        MeasureKind::Nps => {
            return Ok(c
                .prepare_cached(
                    "SELECT nps FROM surveys WHERE account_id = :account AND deleted_at IS NULL \
                     AND date <= :to ORDER BY date DESC, id DESC LIMIT 1",
                )?
                .query_row(named_params! {":account": account, ":to": to}, |r| r.get(0))
                .optional()?)
        }
        MeasureKind::Pipeline => c
            .prepare_cached(
                "SELECT coalesce(sum(estimated_value), 0) FROM opportunities \
                 WHERE account_id = :account AND deleted_at IS NULL AND status = :open",
            )?
            .query_row(
                named_params! {":account": account, ":open": OpportunityStatus::Open.name()},
                |r| r.get(0),
            )?,
    };
    Ok(Some(value))
}
