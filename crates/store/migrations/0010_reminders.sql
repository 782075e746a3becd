-- Keyplan schema 10: what this laptop's reminders have shown, and what the user put off.

-- One row per thing due that a reminder has touched, by its kind (action, review, renewal,
-- alert) and its own id. `due`: the day it was due when the row was written; a new due day (an
-- action moved, the next review) makes it a new reminder, and the row no longer applies.
-- `notified_on`: the local day a notification last showed it (once a day). `dismissed`: the user
-- is done with it for this due day. `snoozed_until`: put off until then (UTC, RFC 3339). This is
-- the laptop's own state, never a record: no bundle carries it.
CREATE TABLE reminder_state (
    kind          TEXT NOT NULL,
    item_id       TEXT NOT NULL,
    due           TEXT NOT NULL,
    notified_on   TEXT,
    dismissed     INTEGER NOT NULL DEFAULT 0,
    snoozed_until TEXT,
    PRIMARY KEY (kind, item_id)
) STRICT, WITHOUT ROWID;
