//! Loading what the analytics rules need, fast: one pass over each table, in index order, with
//! dates compared as ISO text (which sorts like the dates) or as day numbers, and nothing
//! allocated per transaction. At 10,000 accounts and 1,000,000 transactions the transactions
//! are the whole cost of `keyplan analyze`: their table is kept in (account, day) order, so the
//! scan reads it front to back.

use chrono::NaiveDate;
use keyplan_domain::analytics::{
    renewal_recorded, AccountFacts, AccountSnapshot, PeriodFacts, Windows,
};
use keyplan_domain::plan::{PlanStatus, Template};
use keyplan_domain::validate::{parse_iso_date, Choice};
use keyplan_domain::{InteractionKind, OpportunityKind, OpportunityStatus, SizeBand};
use rusqlite::{Connection, Row};
use std::collections::HashMap;

use crate::{codec, lean};
use crate::{Result, StoreError};

/// One live account: what the rules need, and the fields segments filter on.
#[derive(Debug, Clone, Default)]
pub struct LoadedAccount {
    pub snapshot: AccountSnapshot,
    pub industry: Option<String>,
    pub size_band: Option<SizeBand>,
    pub region: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
}

const ACCOUNTS: &str = "SELECT a.id, a.name, a.industry, a.size_band, a.region, a.owner, \
    a.renewal_date, a.industry_influence, a.innovation_synergy, a.growth_potential, \
    a.strategic_fit, o.tier, o.tier_reason, o.stage, o.stage_reason, o.marked_lost, \
    (SELECT group_concat(p.template) FROM plans p \
        WHERE p.account_id = a.id AND p.deleted_at IS NULL \
        AND p.status IN (SELECT value FROM json_each(?3)) \
        AND p.start_date <= ?1 AND p.end_date >= ?1) AS live_templates \
    FROM accounts a LEFT JOIN account_overrides o ON o.account_id = a.id \
    WHERE a.deleted_at IS NULL";

fn account(row: &Row<'_>) -> rusqlite::Result<LoadedAccount> {
    let tier = codec::opt_choice(row, "tier")?;
    let stage = codec::opt_choice(row, "stage")?;
    let tier_reason: Option<String> = row.get("tier_reason")?;
    let stage_reason: Option<String> = row.get("stage_reason")?;
    Ok(LoadedAccount {
        snapshot: AccountSnapshot {
            id: codec::id(row, "id")?,
            name: row.get("name")?,
            ratings: [
                row.get("industry_influence")?,
                row.get("innovation_synergy")?,
                row.get("growth_potential")?,
                row.get("strategic_fit")?,
            ],
            renewal_date: codec::opt_date(row, "renewal_date")?,
            tier_override: tier.map(|t| (t, tier_reason.unwrap_or_default())),
            stage_override: stage.map(|s| (s, stage_reason.unwrap_or_default())),
            marked_lost: row.get::<_, Option<bool>>("marked_lost")?.unwrap_or(false),
            live_plan: {
                let templates: Option<String> = row.get("live_templates")?;
                // The plan that covers the most is the one coverage counts (domain's rule).
                Template::strongest(
                    templates.iter().flat_map(|t| t.split(',')).filter_map(Template::parse),
                )
            },
            ..Default::default()
        },
        industry: row.get("industry")?,
        size_band: codec::opt_choice(row, "size_band")?,
        region: row.get("region")?,
        owner: row.get("owner")?,
        tags: Vec::new(),
    })
}

/// Live accounts by their id text, for the scans below.
struct Index(HashMap<String, usize>);

impl Index {
    fn of(accounts: &[LoadedAccount]) -> Index {
        Index(accounts.iter().enumerate().map(|(i, a)| (a.snapshot.id.to_string(), i)).collect())
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

/// The domain's window bounds as stored days: a day d is in the last N days when lo_N < d <= T.
struct Bounds {
    t: i64,
    y1: i64,
    y2: i64,
    q1: i64,
    q2: i64,
}

impl Bounds {
    fn new(t: NaiveDate) -> Bounds {
        let b = Windows::new(t).bounds();
        Bounds {
            t: lean::day(t),
            y1: lean::day(b.year),
            y2: lean::day(b.prior_year),
            q1: lean::day(b.quarter),
            q2: lean::day(b.prior_quarter),
        }
    }
}

/// A text column, borrowed from the row (no allocation per row).
fn text<'r>(row: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn date_of(s: &str) -> rusqlite::Result<NaiveDate> {
    parse_iso_date(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{s:?} is not a date").into(),
        )
    })
}

/// Which accounts a pass reads: all, or one (reloaded after an edit).
#[derive(Debug, Clone, Copy)]
enum Scope<'a> {
    All,
    One(&'a str),
}

impl Scope<'_> {
    /// `sql` with the scope's condition on `col` appended (bound as ?2); only fixed text is
    /// formatted in.
    fn sql(self, sql: &str, col: &str) -> String {
        match self {
            Scope::All => format!("{sql} AND ?2 IS NULL"),
            Scope::One(_) => format!("{sql} AND {col} = ?2"),
        }
    }

    fn bound(self) -> Option<String> {
        match self {
            Scope::All => None,
            Scope::One(s) => Some(s.to_string()),
        }
    }
}

/// Below this many accounts one thread is as fast as two.
const PARALLEL_MIN_ACCOUNTS: usize = 2000;

/// Every live account with its facts as of `as_of`, ordered by id. On a file with many
/// accounts the transaction scan runs on two threads, each with its own read connection.
pub fn load(db: &crate::Db, as_of: NaiveDate) -> Result<Vec<LoadedAccount>> {
    load_with_threshold(db, as_of, PARALLEL_MIN_ACCOUNTS)
}

/// [`load`] with the account count from which two threads scan; tests use it to check that
/// both ways give the same facts.
pub fn load_with_threshold(
    db: &crate::Db,
    as_of: NaiveDate,
    parallel_min: usize,
) -> Result<Vec<LoadedAccount>> {
    load_scoped(db.conn(), Some(db), as_of, Scope::All, parallel_min)
}

/// One live account with its facts, or None if it is gone: what an edit to it changed.
pub fn load_one(c: &Connection, as_of: NaiveDate, id: uuid::Uuid) -> Result<Option<LoadedAccount>> {
    let id = id.to_string();
    Ok(load_scoped(c, None, as_of, Scope::One(&id), usize::MAX)?.pop())
}

fn load_scoped(
    c: &Connection,
    db: Option<&crate::Db>,
    as_of: NaiveDate,
    scope: Scope<'_>,
    parallel_min: usize,
) -> Result<Vec<LoadedAccount>> {
    let t = as_of.to_string();
    let params = rusqlite::params![t, scope.bound()];
    let live: Vec<&str> =
        PlanStatus::ALL.iter().filter(|s| s.is_live()).map(|s| s.name()).collect();
    let live = serde_json::to_string(&live).map_err(|e| StoreError::Worker(e.to_string()))?;
    let mut accounts: Vec<LoadedAccount> = c
        .prepare_cached(&format!("{} ORDER BY a.id", scope.sql(ACCOUNTS, "a.id")))?
        .query_map(rusqlite::params![t, scope.bound(), live], account)?
        .collect::<rusqlite::Result<_>>()?;
    let index = Index::of(&accounts);

    let sql =
        scope.sql("SELECT account_id, tag FROM account_tags WHERE ?1 IS NOT NULL", "account_id");
    let mut stmt = c.prepare_cached(&format!("{sql} ORDER BY account_id, position"))?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        if let Some(i) = index.get(text(row, 0)?) {
            accounts[i].tags.push(row.get(1)?);
        }
    }

    let bounds = Bounds::new(as_of);
    let keys = keys_of(c, &index, scope)?;
    // Two halves need at least two accounts, whatever the threshold says.
    let reader = match db.filter(|_| accounts.len() >= parallel_min.max(2)) {
        Some(db) => db.open_reader()?,
        None => None,
    };
    let facts = match (reader, scope) {
        (Some(reader), Scope::All) => scan_in_two(c, reader, &bounds, &keys)?,
        (_, Scope::One(_)) => match keys.keys().next() {
            Some(&k) => scan_transactions(c, &bounds, &keys, (k, k + 1))?,
            None => Vec::new(),
        },
        _ => scan_transactions(c, &bounds, &keys, (i64::MIN, i64::MAX))?,
    };
    for (i, f) in facts {
        accounts[i].snapshot.facts = f;
    }

    let w = Windows::new(as_of);
    let sql = scope.sql(
        "SELECT account_id, date, kind = ?3 FROM interactions \
         WHERE deleted_at IS NULL AND date <= ?1",
        "account_id",
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let complaint = InteractionKind::Complaint.name();
    let mut rows = stmt.query(rusqlite::params![t, scope.bound(), complaint])?;
    while let Some(row) = rows.next()? {
        if let Some(i) = index.get(text(row, 0)?) {
            let date = date_of(text(row, 1)?)?;
            accounts[i].snapshot.facts.add_interaction(w, date, row.get(2)?);
        }
    }

    // Ordered so that the last two rows of an account are its previous and latest responses.
    let sql = scope.sql(
        "SELECT account_id, nps FROM surveys WHERE deleted_at IS NULL AND date <= ?1",
        "account_id",
    );
    let mut stmt = c.prepare_cached(&format!("{sql} ORDER BY account_id, date, id"))?;
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        if let Some(i) = index.get(text(row, 0)?) {
            let f = &mut accounts[i].snapshot.facts;
            f.previous_nps = f.latest_nps;
            f.latest_nps = Some(row.get(1)?);
        }
    }

    // Won renewals, for the domain's rule of when one records the renewal date.
    let sql = scope.sql(
        "SELECT account_id, coalesce(expected_close, substr(updated_at, 1, 10)) \
         FROM opportunities WHERE deleted_at IS NULL AND kind = ?3 AND status = ?4 \
         AND ?1 IS NOT NULL",
        "account_id",
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let (renewal, won) = (OpportunityKind::Renewal.name(), OpportunityStatus::Won.name());
    let mut rows = stmt.query(rusqlite::params![t, scope.bound(), renewal, won])?;
    while let Some(row) = rows.next()? {
        if let Some(i) = index.get(text(row, 0)?) {
            let closed = date_of(text(row, 1)?)?;
            let s = &mut accounts[i].snapshot;
            if s.renewal_date.is_some_and(|r| renewal_recorded(r, closed, as_of)) {
                s.renewal_recorded = true;
            }
        }
    }
    Ok(accounts)
}

/// The transactions table's key of each live account in `index` (of the one account when
/// `scope` is one), to its place in the list.
fn keys_of(c: &Connection, index: &Index, scope: Scope<'_>) -> Result<HashMap<i64, usize>> {
    let sql = match scope {
        Scope::One(_) => "SELECT key, id FROM account_keys WHERE id = ?1",
        _ => "SELECT key, id FROM account_keys WHERE ?1 IS NULL",
    };
    let mut stmt = c.prepare_cached(sql)?;
    let mut rows = stmt.query([scope.bound()])?;
    let mut keys = HashMap::new();
    while let Some(row) = rows.next()? {
        if let Some(i) = index.get(text(row, 1)?) {
            keys.insert(row.get(0)?, i);
        }
    }
    Ok(keys)
}

/// Splits the accounts at their middle key: this thread scans the upper half of the table while
/// a second one, on its own read-only connection, scans the lower.
fn scan_in_two(
    c: &Connection,
    reader: Connection,
    b: &Bounds,
    keys: &HashMap<i64, usize>,
) -> Result<Vec<(usize, AccountFacts)>> {
    let mut sorted: Vec<i64> = keys.keys().copied().collect();
    sorted.sort_unstable();
    let pivot = sorted.get(sorted.len() / 2).copied().unwrap_or(i64::MAX);
    std::thread::scope(|s| {
        let worker = s.spawn(move || scan_transactions(&reader, b, keys, (i64::MIN, pivot)));
        let mut upper = scan_transactions(c, b, keys, (pivot, i64::MAX))?;
        let lower = worker
            .join()
            .map_err(|_| StoreError::Worker("the transaction scan stopped".into()))??;
        upper.extend(lower);
        Ok(upper)
    })
}

/// One pass over the table from account key `lo` to before `hi`, account by account and days
/// ascending within each (the table's own order): the first row is the first purchase, the last
/// row the last, and equal days are adjacent. Gives each live account's facts by its place.
fn scan_transactions(
    c: &Connection,
    b: &Bounds,
    keys: &HashMap<i64, usize>,
    (lo, hi): (i64, i64),
) -> Result<Vec<(usize, AccountFacts)>> {
    let mut stmt = c.prepare_cached(
        "SELECT account, day, revenue, profit FROM transactions \
         WHERE account >= ?2 AND account < ?3 AND deleted_at IS NULL AND day <= ?1 \
         ORDER BY account, day",
    )?;
    let mut rows = stmt.query([b.t, lo, hi])?;
    let mut out = Vec::with_capacity(keys.len());
    // The account being read (its key and place, if live), its facts, first and last day.
    let mut current: Option<(i64, Option<usize>)> = None;
    let mut f = AccountFacts::default();
    let (mut first, mut last) = (0_i64, i64::MIN);
    let finish = |out: &mut Vec<(usize, AccountFacts)>,
                  i: Option<usize>,
                  mut f: AccountFacts,
                  first,
                  last| {
        if let Some(i) = i {
            f.first_purchase = lean::date_of(first);
            f.last_purchase = lean::date_of(last);
            out.push((i, f));
        }
    };
    while let Some(row) = rows.next()? {
        let key: i64 = row.get(0)?;
        let day: i64 = row.get(1)?;
        if current.is_none_or(|(k, _)| k != key) {
            if let Some((_, i)) = current.take() {
                finish(&mut out, i, std::mem::take(&mut f), first, last);
            }
            current = Some((key, keys.get(&key).copied()));
            (first, last) = (day, i64::MIN);
        }
        if current.is_some_and(|(_, i)| i.is_none()) {
            continue;
        }
        let revenue: i64 = row.get(2)?;
        if day > b.y1 {
            f.rev12 += revenue;
            f.profit12 += row.get::<_, Option<i64>>(3)?.unwrap_or(0);
            if day != last {
                f.frequency += 1;
            }
        } else if day > b.y2 {
            f.prev12 += revenue;
        }
        if day > b.q1 {
            f.rev90 += revenue;
        } else if day > b.q2 {
            f.prev90 += revenue;
        }
        last = day;
    }
    if let Some((_, i)) = current {
        finish(&mut out, i, f, first, last);
    }
    Ok(out)
}

/// Each live account's history over the period (start, end], by account id.
pub fn period_facts(
    c: &Connection,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<HashMap<uuid::Uuid, PeriodFacts>> {
    let (s, e) = (start.to_string(), end.to_string());
    let mut out: HashMap<uuid::Uuid, PeriodFacts> = HashMap::new();
    let mut stmt = c.prepare(
        "SELECT k.id AS account_id, min(t.day), max(CASE WHEN t.day <= ?1 THEN t.day END), \
         max(t.day), sum(CASE WHEN t.day > ?1 THEN t.revenue ELSE 0 END), \
         sum(CASE WHEN t.day > ?1 THEN coalesce(t.profit, 0) ELSE 0 END) \
         FROM transactions t JOIN account_keys k ON k.key = t.account \
         WHERE t.deleted_at IS NULL AND t.day <= ?2 GROUP BY t.account",
    )?;
    let mut rows = stmt.query([lean::day(start), lean::day(end)])?;
    while let Some(row) = rows.next()? {
        let f = out.entry(codec::id(row, "account_id")?).or_default();
        let opt = |i| -> rusqlite::Result<Option<NaiveDate>> {
            match row.get::<_, Option<i64>>(i)? {
                None => Ok(None),
                Some(day) => lean::date_of(day)
                    .map(Some)
                    .ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(i, day)),
            }
        };
        f.first_purchase = opt(1)?;
        f.last_purchase_by_start = opt(2)?;
        f.last_purchase_by_end = opt(3)?;
        f.revenue = row.get(4)?;
        f.profit = row.get(5)?;
    }
    let mut stmt = c.prepare(
        "SELECT account_id, nps FROM surveys WHERE deleted_at IS NULL AND date > ?1 AND date <= ?2",
    )?;
    let mut rows = stmt.query([&s, &e])?;
    while let Some(row) = rows.next()? {
        out.entry(codec::id(row, "account_id")?).or_default().nps_scores.push(row.get(1)?);
    }
    let mut stmt = c.prepare(
        "SELECT account_id, kind, date, resolved_on FROM interactions WHERE deleted_at IS NULL \
         AND ((kind = ?3 AND date > ?1 AND date <= ?2) \
           OR (kind = ?4 AND resolved_on > ?1 AND resolved_on <= ?2))",
    )?;
    let (referral, complaint) =
        (InteractionKind::Referral.name(), InteractionKind::Complaint.name());
    let mut rows = stmt.query([s.as_str(), e.as_str(), referral, complaint])?;
    while let Some(row) = rows.next()? {
        let f = out.entry(codec::id(row, "account_id")?).or_default();
        if text(row, 1)? == referral {
            f.referrals += 1;
        } else {
            let raised = date_of(text(row, 2)?)?;
            let resolved = date_of(text(row, 3)?)?;
            f.resolution_days.push((resolved - raised).num_days().max(0));
        }
    }
    Ok(out)
}
