-- Keyplan schema 1: settings and the records of the product definition, section 1.
-- Ids are UUID v7 text; dates are ISO 'YYYY-MM-DD'; timestamps RFC 3339 UTC; money integer minor units.
-- Rows are never deleted: deleted_at is a tombstone.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    name_key           TEXT NOT NULL,          -- name normalised for matching (case, width, spaces)
    industry           TEXT,
    size_band          TEXT CHECK (size_band IN ('micro','small','medium','large','enterprise')),
    region             TEXT,
    owner              TEXT,
    relationship_start TEXT,
    renewal_date       TEXT,
    industry_influence INTEGER CHECK (industry_influence BETWEEN 1 AND 5),
    innovation_synergy INTEGER CHECK (innovation_synergy BETWEEN 1 AND 5),
    growth_potential   INTEGER CHECK (growth_potential BETWEEN 1 AND 5),
    strategic_fit      INTEGER CHECK (strategic_fit BETWEEN 1 AND 5),
    notes              TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
) STRICT;
CREATE UNIQUE INDEX accounts_live_name ON accounts(name_key) WHERE deleted_at IS NULL;

CREATE TABLE account_tags (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    tag        TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (account_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX account_tags_tag ON account_tags(tag);

CREATE TABLE contacts (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts(id),
    name                  TEXT NOT NULL,
    title                 TEXT,
    email                 TEXT,
    phone                 TEXT,
    role                  TEXT,
    attitude              INTEGER CHECK (attitude BETWEEN -2 AND 2),
    influence             INTEGER CHECK (influence BETWEEN 1 AND 5),
    relationship_strength INTEGER CHECK (relationship_strength BETWEEN 1 AND 5),
    reports_to            TEXT REFERENCES contacts(id),
    last_contacted        TEXT,
    notes                 TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    deleted_at            TEXT
) STRICT;
CREATE INDEX contacts_account ON contacts(account_id);

CREATE TABLE interactions (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    summary     TEXT,
    sentiment   INTEGER NOT NULL DEFAULT 0 CHECK (sentiment BETWEEN -1 AND 1),
    next_step   TEXT,
    severity    TEXT,
    resolved_on TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX interactions_account_date ON interactions(account_id, date);

CREATE TABLE interaction_contacts (
    interaction_id TEXT NOT NULL REFERENCES interactions(id),
    contact_id     TEXT NOT NULL REFERENCES contacts(id),
    PRIMARY KEY (interaction_id, contact_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE transactions (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    date         TEXT NOT NULL,
    revenue      INTEGER NOT NULL,
    profit       INTEGER,
    product_line TEXT,
    quantity     REAL CHECK (quantity >= 0),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX transactions_account_date ON transactions(account_id, date);

CREATE TABLE surveys (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    contact_id TEXT REFERENCES contacts(id),
    date       TEXT NOT NULL,
    nps        INTEGER NOT NULL CHECK (nps BETWEEN 0 AND 10),
    csat       INTEGER CHECK (csat BETWEEN 1 AND 5),
    comment    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX surveys_account_date ON surveys(account_id, date);

CREATE TABLE opportunities (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    estimated_value INTEGER NOT NULL,
    probability     INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    expected_close  TEXT,
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE INDEX opportunities_account ON opportunities(account_id);
