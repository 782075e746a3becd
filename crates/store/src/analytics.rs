//! Loading what the analytics rules need, fast: one pass over each table, in index order, with
//! dates compared as ISO text (which sorts like the dates) and nothing allocated per
//! transaction. At 10,000 accounts and 1,000,000 transactions this is the whole cost of
//! `keyplan analyze`, so it reads only the covering index `transactions_facts`.

use chrono::NaiveDate;
use keyplan_domain::analytics::{
    renewal_recorded, AccountFacts, AccountSnapshot, PeriodFacts, Windows,
};
use keyplan_domain::plan::{PlanStatus, Template};
use keyplan_domain::validate::{parse_iso_date, Choice};
use keyplan_domain::{InteractionKind, OpportunityKind, OpportunityStatus, SizeBand};
use rusqlite::{Connection, Row};
use std::collections::HashMap;

use crate::codec;
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

/// The domain's window bounds as ISO text: a date d is in the last N days when lo_N < d <= T.
struct Bounds {
    y1: String,
    y2: String,
    q1: String,
    q2: String,
}

impl Bounds {
    /// The domain's windows as of `t`, as text.
    fn new(t: NaiveDate) -> Bounds {
        let b = Windows::new(t).bounds();
        Bounds {
            y1: b.year.to_string(),
            y2: b.prior_year.to_string(),
            q1: b.quarter.to_string(),
            q2: b.prior_quarter.to_string(),
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

/// Which accounts a pass reads. The halves split the id order at a pivot so that two threads
/// can scan the transactions at once; `One` reloads a single account after an edit.
#[derive(Debug, Clone, Copy)]
enum Scope<'a> {
    All,
    Below(&'a str),
    From(&'a str),
    One(&'a str),
}

impl Scope<'_> {
    /// `sql` with the scope's condition on `col` appended (bound as ?2); only fixed text is
    /// formatted in.
    fn sql(self, sql: &str, col: &str) -> String {
        match self {
            Scope::All => format!("{sql} AND ?2 IS NULL"),
            Scope::Below(_) => format!("{sql} AND {col} < ?2"),
            Scope::From(_) => format!("{sql} AND {col} >= ?2"),
            Scope::One(_) => format!("{sql} AND {col} = ?2"),
        }
    }

    fn bound(self) -> Option<String> {
        match self {
            Scope::All => None,
            Scope::Below(s) | Scope::From(s) | Scope::One(s) => Some(s.to_string()),
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
    // Two halves need at least two accounts, whatever the threshold says.
    let reader = match db.filter(|_| accounts.len() >= parallel_min.max(2)) {
        Some(db) => db.open_reader()?,
        None => None,
    };
    match reader {
        Some(reader) => scan_in_two(c, reader, &t, &bounds, &index, &mut accounts)?,
        None => scan_transactions(c, &t, &bounds, &index, (0, &mut accounts), scope)?,
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

/// Splits the accounts (ordered by id) in two at the middle id; this thread scans the upper
/// half's transactions while a second one, on its own read-only connection, scans the lower.
fn scan_in_two(
    c: &Connection,
    reader: Connection,
    t: &str,
    b: &Bounds,
    index: &Index,
    accounts: &mut [LoadedAccount],
) -> Result<()> {
    let mid = accounts.len() / 2;
    let pivot = accounts[mid].snapshot.id.to_string();
    let (lower, upper) = accounts.split_at_mut(mid);
    let below = Scope::Below(&pivot);
    std::thread::scope(|s| {
        let worker = s.spawn(move || -> Result<()> {
            scan_transactions(&reader, t, b, index, (0, lower), below)
        });
        scan_transactions(c, t, b, index, (mid, upper), Scope::From(&pivot))?;
        worker.join().map_err(|_| StoreError::Worker("the transaction scan stopped".into()))?
    })
}

/// One pass over the covering index, account by account, dates ascending within each: the
/// first row is the first purchase, the last row the last, and equal dates are adjacent.
/// `accounts` is a slice of the full list starting at position `base`.
fn scan_transactions(
    c: &Connection,
    t: &str,
    b: &Bounds,
    index: &Index,
    (base, accounts): (usize, &mut [LoadedAccount]),
    scope: Scope<'_>,
) -> Result<()> {
    let sql = scope.sql(
        "SELECT account_id, date, revenue, profit FROM transactions INDEXED BY transactions_facts \
         WHERE deleted_at IS NULL AND date <= ?1",
        "account_id",
    );
    let mut stmt = c.prepare_cached(&format!("{sql} ORDER BY account_id, date"))?;
    let mut rows = stmt.query(rusqlite::params![t, scope.bound()])?;
    let mut current: Option<(String, Option<usize>)> = None;
    let mut last_date = String::new();
    let mut first_date = String::new();
    let finish = |accounts: &mut [LoadedAccount], i: Option<usize>, first: &str, last: &str| {
        if let Some(f) = i.map(|i| &mut accounts[i].snapshot.facts) {
            f.first_purchase = parse_iso_date(first);
            f.last_purchase = parse_iso_date(last);
        }
    };
    while let Some(row) = rows.next()? {
        let id = text(row, 0)?;
        let date = text(row, 1)?;
        if current.as_ref().is_none_or(|(cur, _)| cur != id) {
            if let Some((_, i)) = current.take() {
                finish(accounts, i, &first_date, &last_date);
            }
            current = Some((
                id.to_string(),
                index.get(id).and_then(|i| i.checked_sub(base)).filter(|i| *i < accounts.len()),
            ));
            first_date.clear();
            first_date.push_str(date);
            last_date.clear();
        }
        let Some(Some(i)) = current.as_ref().map(|c| c.1) else { continue };
        let f: &mut AccountFacts = &mut accounts[i].snapshot.facts;
        let revenue: i64 = row.get(2)?;
        if date > b.y1.as_str() {
            f.rev12 += revenue;
            f.profit12 += row.get::<_, Option<i64>>(3)?.unwrap_or(0);
            if date != last_date {
                f.frequency += 1;
            }
        } else if date > b.y2.as_str() {
            f.prev12 += revenue;
        }
        if date > b.q1.as_str() {
            f.rev90 += revenue;
        } else if date > b.q2.as_str() {
            f.prev90 += revenue;
        }
        if date != last_date {
            last_date.clear();
            last_date.push_str(date);
        }
    }
    if let Some((_, i)) = current {
        finish(accounts, i, &first_date, &last_date);
    }
    Ok(())
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
        "SELECT t.account_id, min(t.date), max(CASE WHEN t.date <= ?1 THEN t.date END), \
         max(t.date), sum(CASE WHEN t.date > ?1 THEN t.revenue ELSE 0 END), \
         sum(CASE WHEN t.date > ?1 THEN coalesce(t.profit, 0) ELSE 0 END) \
         FROM transactions t INDEXED BY transactions_facts \
         WHERE t.deleted_at IS NULL AND t.date <= ?2 GROUP BY t.account_id",
    )?;
    let mut rows = stmt.query([&s, &e])?;
    while let Some(row) = rows.next()? {
        let f = out.entry(codec::id(row, "account_id")?).or_default();
        let opt = |i| -> rusqlite::Result<Option<NaiveDate>> {
            match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                _ => date_of(text(row, i)?).map(Some),
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
