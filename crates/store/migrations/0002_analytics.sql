-- Keyplan schema 2: what the user decides about the computed labels, and what changed over time.
-- Tiers, quadrants, RFM, stages and risk are computed on demand and never stored per account;
-- only manual decisions and the history of changes are kept.

-- Manual tier and stage, each with its reason, and "marked lost". One row per account that has any.
CREATE TABLE account_overrides (
    account_id   TEXT PRIMARY KEY REFERENCES accounts(id),
    tier         TEXT CHECK (tier IN ('A','B','C')),
    tier_reason  TEXT,
    stage        TEXT,
    stage_reason TEXT,
    marked_lost  INTEGER NOT NULL DEFAULT 0 CHECK (marked_lost IN (0, 1)),
    updated_at   TEXT NOT NULL,
    CHECK ((tier IS NULL) = (tier_reason IS NULL)),
    CHECK ((stage IS NULL) = (stage_reason IS NULL))
) STRICT;

-- Every tier change: the first tier seen (from NULL), each recompute that moved it, each override.
CREATE TABLE tier_history (
    seq        INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    date       TEXT NOT NULL,
    at         TEXT NOT NULL,
    from_tier  TEXT,
    to_tier    TEXT NOT NULL,
    cause      TEXT NOT NULL CHECK (cause IN ('recompute','override','override_cleared')),
    reason     TEXT
) STRICT;
CREATE INDEX tier_history_account ON tier_history(account_id, seq);

CREATE TABLE stage_history (
    seq        INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    date       TEXT NOT NULL,
    at         TEXT NOT NULL,
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    cause      TEXT NOT NULL CHECK (cause IN ('recompute','override','override_cleared','confirmed')),
    reason     TEXT
) STRICT;
CREATE INDEX stage_history_account ON stage_history(account_id, seq);

-- Churn-risk alerts: raised when an account's risk reaches the alert level, closed when it falls
-- back. The user acknowledges one or snoozes it until a date.
CREATE TABLE alerts (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    raised_on       TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('low','medium','high')),
    score           REAL NOT NULL,
    indicators      TEXT NOT NULL,          -- the indicators firing when raised, comma-separated
    acknowledged_at TEXT,
    snoozed_until   TEXT,
    closed_on       TEXT
) STRICT;
CREATE UNIQUE INDEX alerts_open ON alerts(account_id) WHERE closed_on IS NULL;

-- Saved segments 细分: a name and a rule (JSON) that re-evaluates as data changes.
CREATE TABLE segments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    rule       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX segments_live_name ON segments(name) WHERE deleted_at IS NULL;

-- The analytics scan reads each live account's transactions in order from this index alone.
CREATE INDEX transactions_facts ON transactions(account_id, date, revenue, profit)
    WHERE deleted_at IS NULL;
DROP INDEX transactions_account_date;
