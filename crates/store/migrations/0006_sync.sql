-- Keyplan schema 6: merging edits between laptops, field by field.

-- The clock of each field group of each record that was edited since it was made (a group with
-- no row here still has the record's own: the row with field '', or for a record made on this
-- laptop none at all, meaning its creation time and this laptop). `stamp` orders edits
-- (hybrid logical clock, text that sorts as the stamps do); `seen`, space-separated stamps, is
-- per laptop the latest edit the value was made after, which tells one edit after another from
-- two concurrent ones.
CREATE TABLE field_clocks (
    record_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    stamp     TEXT NOT NULL,
    seen      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, field)
) STRICT, WITHOUT ROWID;
-- The clock starts above the latest stamp it has seen.
CREATE INDEX field_clocks_stamp ON field_clocks(stamp);

-- The latest stamp this laptop's clock made, so it never goes back, even if the wall clock does.
CREATE TABLE clock (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    last TEXT NOT NULL
) STRICT;

-- Edits that lost to a concurrent edit of the same field, or to a delete, kept so the user can
-- take them back. One per lost edit (record, field group, its stamp), on every laptop: the
-- list travels in bundles too. `settled`: the user kept the other value or dismissed it.
CREATE TABLE conflicts (
    record_id     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    field         TEXT NOT NULL,
    lost_stamp    TEXT NOT NULL,
    lost_value    TEXT NOT NULL,    -- JSON: the group's fields
    won_stamp     TEXT NOT NULL,
    won_value     TEXT NOT NULL,
    deleted       INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    settled       TEXT CHECK (settled IN ('kept', 'dismissed')),
    settled_stamp TEXT,
    PRIMARY KEY (record_id, field, lost_stamp),
    CHECK ((settled IS NULL) = (settled_stamp IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX conflicts_open ON conflicts(record_id) WHERE settled IS NULL;

-- The other laptops whose bundles were merged here: who they are, to name them in conflicts.
CREATE TABLE peers (
    instance  TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    last_seen TEXT NOT NULL
) STRICT;
