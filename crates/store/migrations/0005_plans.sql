-- Keyplan schema 5: account plans 客户计划. A plan is one account's plan for one period; each
-- section's items are records of their own (own id, timestamps, tombstone), so two laptops can
-- edit different items of one plan and a merge tells them apart. Closed lists are checked here
-- as the domain's vocabulary defines them (a test holds the two together).

CREATE TABLE plans (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts(id),
    title            TEXT NOT NULL,
    period           TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL CHECK (end_date > start_date),
    owner            TEXT,
    team             TEXT NOT NULL DEFAULT '[]',   -- JSON [{name, role}]
    status           TEXT NOT NULL CHECK (status IN ('draft','active','under_review','closed')),
    cadence          TEXT NOT NULL CHECK (cadence IN ('monthly','quarterly','half_yearly')),
    template         TEXT NOT NULL CHECK (template IN ('full','light','blank')),
    next_review      TEXT,
    outcome          TEXT,
    allow_overlap    INTEGER NOT NULL DEFAULT 0 CHECK (allow_overlap IN (0, 1)),
    previous_plan_id TEXT REFERENCES plans(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT,
    CHECK (status <> 'closed' OR outcome IS NOT NULL)
) STRICT;
CREATE INDEX plans_account ON plans(account_id, start_date);
CREATE INDEX plans_live_status ON plans(status, next_review) WHERE deleted_at IS NULL;

CREATE TABLE plan_goals (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans(id),
    kind                TEXT NOT NULL CHECK (kind IN ('goal','challenge')),
    text                TEXT NOT NULL,
    source_contact_id   TEXT REFERENCES contacts(id),
    source_date         TEXT,
    confirmed           INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    share_with_customer INTEGER NOT NULL DEFAULT 0 CHECK (share_with_customer IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
) STRICT;
CREATE INDEX plan_goals_plan ON plan_goals(plan_id);

CREATE TABLE plan_objectives (
    id                       TEXT PRIMARY KEY,
    plan_id                  TEXT NOT NULL REFERENCES plans(id),
    title                    TEXT NOT NULL,
    metric                   TEXT,
    unit                     TEXT,
    baseline                 REAL NOT NULL,
    target                   REAL NOT NULL,
    current                  REAL,
    due_date                 TEXT,
    status                   TEXT NOT NULL CHECK (status IN ('open','achieved','missed','dropped')),
    measure_kind             TEXT CHECK (measure_kind IN ('revenue','profit','interactions','nps','pipeline')),
    measure_product_line     TEXT,
    measure_interaction_kind TEXT,
    share_with_customer      INTEGER NOT NULL DEFAULT 0 CHECK (share_with_customer IN (0, 1)),
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    deleted_at               TEXT
) STRICT;
CREATE INDEX plan_objectives_plan ON plan_objectives(plan_id);

CREATE TABLE plan_value_propositions (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans(id),
    statement           TEXT NOT NULL,
    benefit             TEXT,
    objective_id        TEXT REFERENCES plan_objectives(id),
    share_with_customer INTEGER NOT NULL DEFAULT 0 CHECK (share_with_customer IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
) STRICT;
CREATE INDEX plan_value_propositions_plan ON plan_value_propositions(plan_id);

CREATE TABLE plan_stakeholders (
    id              TEXT PRIMARY KEY,
    plan_id         TEXT NOT NULL REFERENCES plans(id),
    contact_id      TEXT NOT NULL REFERENCES contacts(id),
    target_attitude INTEGER CHECK (target_attitude BETWEEN -2 AND 2),
    target_strength INTEGER CHECK (target_strength BETWEEN 1 AND 5),
    owner           TEXT,
    strategy        TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE UNIQUE INDEX plan_stakeholders_live ON plan_stakeholders(plan_id, contact_id)
    WHERE deleted_at IS NULL;

CREATE TABLE plan_actions (
    id                  TEXT PRIMARY KEY,
    plan_id             TEXT NOT NULL REFERENCES plans(id),
    title               TEXT NOT NULL,
    owner               TEXT,
    due_date            TEXT,
    status              TEXT NOT NULL CHECK (status IN ('open','in_progress','done','cancelled')),
    objective_id        TEXT REFERENCES plan_objectives(id),
    contact_id          TEXT REFERENCES contacts(id),
    done_on             TEXT,
    share_with_customer INTEGER NOT NULL DEFAULT 0 CHECK (share_with_customer IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    CHECK (done_on IS NULL OR status = 'done')
) STRICT;
CREATE INDEX plan_actions_plan ON plan_actions(plan_id);
-- The Actions page: every open action across plans, by due date.
CREATE INDEX plan_actions_open_due ON plan_actions(due_date)
    WHERE deleted_at IS NULL AND status IN ('open','in_progress');

CREATE TABLE plan_risks (
    id          TEXT PRIMARY KEY,
    plan_id     TEXT NOT NULL REFERENCES plans(id),
    description TEXT NOT NULL,
    likelihood  INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact      INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    mitigation  TEXT,
    owner       TEXT,
    status      TEXT NOT NULL CHECK (status IN ('open','mitigated','occurred','closed')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX plan_risks_plan ON plan_risks(plan_id);

CREATE TABLE plan_resources (
    id         TEXT PRIMARY KEY,
    plan_id    TEXT NOT NULL REFERENCES plans(id),
    team       TEXT NOT NULL,
    ask        TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('requested','agreed','delivered','declined')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX plan_resources_plan ON plan_resources(plan_id);

CREATE TABLE plan_reviews (
    id         TEXT PRIMARY KEY,
    plan_id    TEXT NOT NULL REFERENCES plans(id),
    date       TEXT NOT NULL,
    attendees  TEXT NOT NULL DEFAULT '[]',   -- JSON [name]
    notes      TEXT,
    rating     INTEGER CHECK (rating BETWEEN 1 AND 5),
    decisions  TEXT,
    snapshot   TEXT NOT NULL,                 -- JSON: objectives' progress, stakeholders, health
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX plan_reviews_plan ON plan_reviews(plan_id, date);

-- An opportunity of the account may be linked to one of its plans.
ALTER TABLE opportunities ADD COLUMN plan_id TEXT REFERENCES plans(id);
