-- Keyplan schema 4: which database this is. Each database gets one id when it is created (or
-- first upgraded), kept for ever: a bundle says which laptop wrote it, and a merge breaks a tie
-- between two edits made at the same moment by this id. A backup restored later is the same
-- database and keeps it. A random UUID (version 4 layout), made by SQLite itself so that the
-- id is written in the same transaction as the schema.
CREATE TABLE instance (
    only       INTEGER PRIMARY KEY CHECK (only = 1),
    id         TEXT NOT NULL CHECK (length(id) = 36),
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO instance (only, id, created_at)
SELECT 1,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
       substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
       lower(hex(randomblob(6))),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
