-- Transactions are the one table that grows to millions of rows, and every backup is a copy of
-- the book, so they are kept compact and in the order the analytics read them:
--   * the id as its 16 bytes (the text form is 36);
--   * the account as a small integer key (account_keys) instead of its 36-character id;
--   * the day as days since 1970-01-01, the timestamps as milliseconds since 1970 (UTC), and
--     updated_at NULL while a row is as it was created (a million imported rows share a stamp);
--   * the rows themselves ordered by (account, day, id) (WITHOUT ROWID), so the analytics scan
--     reads the table front to back and no covering index is built or kept; a unique index
--     finds a row by its id.
-- Records still travel with their text ids and dates: the store converts at its edge.

-- A stable integer for each account (a rowid table's own rowid may change on VACUUM).
CREATE TABLE account_keys (
    key INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE REFERENCES accounts(id)
) STRICT;
INSERT INTO account_keys (id) SELECT id FROM accounts ORDER BY created_at, id;
-- Every way an account is made (the window, an import, a bundle) gets its key here.
CREATE TRIGGER account_keys_new AFTER INSERT ON accounts BEGIN
    INSERT OR IGNORE INTO account_keys (id) VALUES (NEW.id);
END;

CREATE TABLE transactions_lean (
    account      INTEGER NOT NULL REFERENCES account_keys(key),
    day          INTEGER NOT NULL,
    id           BLOB NOT NULL CHECK (length(id) = 16),
    revenue      INTEGER NOT NULL,
    profit       INTEGER,
    product_line TEXT,
    quantity     REAL CHECK (quantity >= 0),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER,
    deleted_at   INTEGER,
    PRIMARY KEY (account, day, id)
) STRICT, WITHOUT ROWID;

INSERT INTO transactions_lean (account, day, id, revenue, profit, product_line, quantity,
                               created_at, updated_at, deleted_at)
SELECT k.key,
       unixepoch(t.date) / 86400,
       unhex(replace(t.id, '-', '')),
       t.revenue, t.profit, t.product_line, t.quantity,
       CAST(round((julianday(t.created_at) - 2440587.5) * 86400000.0) AS INTEGER),
       nullif(CAST(round((julianday(t.updated_at) - 2440587.5) * 86400000.0) AS INTEGER),
              CAST(round((julianday(t.created_at) - 2440587.5) * 86400000.0) AS INTEGER)),
       CAST(round((julianday(t.deleted_at) - 2440587.5) * 86400000.0) AS INTEGER)
FROM transactions t JOIN account_keys k ON k.id = t.account_id
ORDER BY 1, 2, 3;

DROP TABLE transactions;
ALTER TABLE transactions_lean RENAME TO transactions;
CREATE UNIQUE INDEX transactions_id ON transactions(id);
