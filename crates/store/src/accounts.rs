//! The `accounts` table and its tags.

use chrono::{DateTime, Utc};
use keyplan_domain::account::{AccountFacets, Page};
use keyplan_domain::validate::Choice;
use keyplan_domain::{Account, AccountFields, AccountQuery, AccountSort, Record, SizeBand};
use rusqlite::{named_params, Connection, Row};
use uuid::Uuid;

use crate::codec::{self, Params, Table};
use crate::Result;

const SELECT: &str = "SELECT a.id, a.name, a.industry, a.size_band, a.region, a.owner, \
    a.relationship_start, a.renewal_date, a.industry_influence, a.innovation_synergy, \
    a.growth_potential, a.strategic_fit, a.notes, a.created_at, a.updated_at, a.deleted_at, \
    (SELECT json_group_array(tag) FROM \
        (SELECT tag FROM account_tags t WHERE t.account_id = a.id ORDER BY position)) AS tags \
    FROM accounts a";

/// The filters of [`AccountQuery`], as one fixed clause: an absent filter binds NULL.
const WHERE_LIVE_MATCHING: &str = "WHERE a.deleted_at IS NULL \
    AND (:search IS NULL OR a.name_key LIKE '%' || :search || '%' ESCAPE '\\') \
    AND (:industry IS NULL OR a.industry = :industry) \
    AND (:size_band IS NULL OR a.size_band = :size_band) \
    AND (:region IS NULL OR a.region = :region) \
    AND (:owner IS NULL OR a.owner = :owner) \
    AND (:tag IS NULL OR EXISTS \
        (SELECT 1 FROM account_tags t WHERE t.account_id = a.id AND t.tag = :tag))";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let tags: String = row.get("tags")?;
    let tags: Vec<String> = serde_json::from_str(&tags).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let rating = |col: &str| -> rusqlite::Result<Option<u8>> { row.get(col) };
    Ok(Record {
        meta: codec::meta(row)?,
        fields: AccountFields {
            name: row.get("name")?,
            industry: row.get("industry")?,
            size_band: codec::opt_choice(row, "size_band")?,
            region: row.get("region")?,
            owner: row.get("owner")?,
            tags,
            relationship_start: codec::opt_date(row, "relationship_start")?,
            renewal_date: codec::opt_date(row, "renewal_date")?,
            industry_influence: rating("industry_influence")?,
            innovation_synergy: rating("innovation_synergy")?,
            growth_potential: rating("growth_potential")?,
            strategic_fit: rating("strategic_fit")?,
            notes: row.get("notes")?,
        },
    })
}

const INSERT: &str = "INSERT INTO accounts (id, name, name_key, industry, size_band, region, \
    owner, relationship_start, renewal_date, industry_influence, innovation_synergy, \
    growth_potential, strategic_fit, notes, created_at, updated_at) VALUES (:id, :name, :name_key, \
    :industry, :size_band, :region, :owner, :relationship_start, :renewal_date, \
    :industry_influence, :innovation_synergy, :growth_potential, :strategic_fit, :notes, :now, :now)";

const UPDATE: &str = "UPDATE accounts SET name = :name, name_key = :name_key, \
    industry = :industry, size_band = :size_band, region = :region, owner = :owner, \
    relationship_start = :relationship_start, renewal_date = :renewal_date, \
    industry_influence = :industry_influence, innovation_synergy = :innovation_synergy, \
    growth_potential = :growth_potential, strategic_fit = :strategic_fit, notes = :notes, \
    updated_at = :now WHERE id = :id AND deleted_at IS NULL";

fn bind(id: Uuid, f: &AccountFields, now: DateTime<Utc>) -> Params {
    vec![
        (":id", Box::new(id.to_string())),
        (":name", Box::new(f.name.clone())),
        (":name_key", Box::new(keyplan_domain::text::name_key(&f.name))),
        (":industry", Box::new(f.industry.clone())),
        (":size_band", Box::new(f.size_band.map(Choice::name))),
        (":region", Box::new(f.region.clone())),
        (":owner", Box::new(f.owner.clone())),
        (":relationship_start", Box::new(codec::date_text(f.relationship_start))),
        (":renewal_date", Box::new(codec::date_text(f.renewal_date))),
        (":industry_influence", Box::new(f.industry_influence)),
        (":innovation_synergy", Box::new(f.innovation_synergy)),
        (":growth_potential", Box::new(f.growth_potential)),
        (":strategic_fit", Box::new(f.strategic_fit)),
        (":notes", Box::new(f.notes.clone())),
        (":now", Box::new(codec::ts_text(now))),
    ]
}

/// Inserts a new account (created and updated at the same moment) with its tags.
pub fn insert(c: &Connection, a: &Account) -> Result<()> {
    codec::run(c, INSERT, &bind(a.id(), &a.fields, a.meta.updated_at))?;
    crate::sync::replace_tags(c, a.id(), &a.fields.tags)
}

/// Replaces a live account's fields and tags and stamps `updated_at`.
pub fn update(c: &Connection, id: Uuid, f: &AccountFields, now: DateTime<Utc>) -> Result<()> {
    codec::touched(codec::run(c, UPDATE, &bind(id, f, now))?, Table::Accounts, id)?;
    crate::sync::replace_tags(c, id, &f.tags)
}

/// A live account by id.
pub fn get(c: &Connection, id: Uuid) -> Result<Account> {
    let sql = format!("{SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL");
    codec::found(c.prepare_cached(&sql)?.query_row([id.to_string()], from_row), Table::Accounts, id)
}

/// The id of the live account whose name matches `name` after normalising, if any.
pub fn find_by_name(c: &Connection, name: &str) -> Result<Option<Uuid>> {
    let key = keyplan_domain::text::name_key(name);
    let mut stmt =
        c.prepare_cached("SELECT id FROM accounts WHERE name_key = ?1 AND deleted_at IS NULL")?;
    let mut rows = stmt.query([key])?;
    match rows.next()? {
        Some(row) => Ok(Some(codec::id(row, "id")?)),
        None => Ok(None),
    }
}

/// Size bands sort smallest first, in the vocabulary's order: `CASE a.size_band WHEN 'micro'
/// THEN 0 … END`, made once from the closed list's names (constants, never user input).
fn size_band_order() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let arms: String = SizeBand::NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| format!(" WHEN '{name}' THEN {i}"))
            .collect();
        format!("CASE a.size_band{arms} END")
    })
}

/// ORDER BY for a sort column: (expression, whether it can be NULL). Blank values sort last
/// either way; ties fall back to the name, then the id, so paging is stable.
fn order_by(sort: AccountSort, descending: bool) -> String {
    let (expr, nullable) = match sort {
        AccountSort::Name => ("a.name_key", false),
        AccountSort::Industry => ("a.industry COLLATE NOCASE", true),
        AccountSort::SizeBand => (size_band_order(), true),
        AccountSort::Region => ("a.region COLLATE NOCASE", true),
        AccountSort::Owner => ("a.owner COLLATE NOCASE", true),
        AccountSort::RenewalDate => ("a.renewal_date", true),
        AccountSort::CreatedAt => ("a.created_at", false),
        AccountSort::UpdatedAt => ("a.updated_at", false),
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let nulls = if nullable { format!("({expr}) IS NULL, ") } else { String::new() };
    format!("ORDER BY {nulls}{expr} {dir}, a.name_key, a.id")
}

/// Escapes LIKE's wildcards so a search for "50%" means the text "50%".
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// One page of the live accounts matching the query, and how many match in all.
pub fn list(c: &Connection, q: &AccountQuery) -> Result<Page<Account>> {
    let search = q
        .search
        .as_deref()
        .map(keyplan_domain::text::name_key)
        .filter(|s| !s.is_empty())
        .map(|s| like_escape(&s));
    let blank = |v: &Option<String>| {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    let (industry, region, owner, tag) =
        (blank(&q.industry), blank(&q.region), blank(&q.owner), blank(&q.tag));
    let size_band = q.size_band.map(Choice::name);
    let params = named_params! {
        ":search": search, ":industry": industry, ":size_band": size_band,
        ":region": region, ":owner": owner, ":tag": tag,
    };
    let count_sql = format!("SELECT count(*) FROM accounts a {WHERE_LIVE_MATCHING}");
    let total: i64 = c.prepare_cached(&count_sql)?.query_row(params, |r| r.get(0))?;
    let limit = if q.limit == 0 { -1 } else { i64::from(q.limit) };
    let sql = format!(
        "{SELECT} {WHERE_LIVE_MATCHING} {} LIMIT {limit} OFFSET {}",
        order_by(q.sort.unwrap_or(AccountSort::Name), q.descending),
        q.offset
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let items = stmt.query_map(params, from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0), offset: q.offset })
}

/// Distinct industries, regions, owners and tags in use, for the filter menus.
pub fn facets(c: &Connection) -> Result<AccountFacets> {
    let distinct = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = c.prepare_cached(sql)?;
        let v = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    };
    let col = |name: &str| {
        format!(
            "SELECT DISTINCT {name} FROM accounts WHERE deleted_at IS NULL AND {name} IS NOT NULL \
             ORDER BY {name} COLLATE NOCASE"
        )
    };
    Ok(AccountFacets {
        industries: distinct(&col("industry"))?,
        regions: distinct(&col("region"))?,
        owners: distinct(&col("owner"))?,
        tags: distinct(
            "SELECT DISTINCT t.tag FROM account_tags t JOIN accounts a ON a.id = t.account_id \
             WHERE a.deleted_at IS NULL ORDER BY t.tag COLLATE NOCASE",
        )?,
    })
}

/// Tombstones the account and everything recorded under it, in the caller's transaction.
pub fn soft_delete(c: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    codec::soft_delete(c, Table::Accounts, id, now)?;
    for child in [
        Table::Contacts,
        Table::Interactions,
        Table::Transactions,
        Table::Surveys,
        Table::Opportunities,
    ] {
        codec::soft_delete_children(c, child, id, now)?;
    }
    crate::plans::soft_delete_for_account(c, id, now)
}

/// How many live accounts there are.
pub fn count(c: &Connection) -> Result<u64> {
    let n: i64 = c
        .prepare_cached("SELECT count(*) FROM accounts WHERE deleted_at IS NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Decodes the row with this id, live or deleted: an error if a value is not what its column
/// holds (how a merge checks what it wrote).
pub(crate) fn check(c: &Connection, id: Uuid, incoming: Option<&codec::Incoming>) -> Result<()> {
    let sql = codec::over(incoming, &format!("{SELECT} WHERE a.id = ?1"));
    codec::by_id_over(c, &sql, incoming, Table::Accounts, id, from_row).map(drop)
}
