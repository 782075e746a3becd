#!/usr/bin/env bash
# What SQLite alone takes to write a million already-parsed transactions into each shape of
# table, beside `sqlite3 .import` of the same rows as CSV: the floor under any Keyplan import,
# however its parsing is arranged. Needs target/bench/big.db and import-1m.csv (scripts/bench.sh
# makes both). Each variant runs in a fresh file, one transaction, a 96 MiB page cache.
#
#   bench/import-floor.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
OUT=target/bench/floor
BIG=target/bench/big.db
CSV=target/bench/import-1m.csv
[ -f "$BIG" ] && [ -f "$CSV" ] || { echo "run scripts/bench.sh first (it makes $BIG and $CSV)"; exit 1; }
mkdir -p "$OUT"

# The rows, parsed: the million the CSV holds, with each account's row number, in file order
# (by date) and in the analytics index's order (by account, then date).
if [ ! -f "$OUT/src.db" ]; then
  sqlite3 "$OUT/src.db" "ATTACH '$BIG' AS b;
    CREATE TABLE accts AS SELECT rowid AS k, id FROM b.accounts;
    CREATE TABLE by_date AS SELECT t.account_id, t.date, t.revenue, t.profit, t.product_line,
      t.quantity, a.rowid AS akey FROM b.transactions t JOIN b.accounts a ON a.id = t.account_id
      WHERE t.deleted_at IS NULL ORDER BY t.date, t.id LIMIT 1000000;
    CREATE TABLE by_account AS SELECT * FROM by_date ORDER BY akey, date;
    CREATE TABLE prints AS SELECT random() AS v FROM by_date ORDER BY 1;"
fi

HEAD="PRAGMA cache_size=-98304; PRAGMA foreign_keys=ON; ATTACH '$OUT/src.db' AS s;
CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT) STRICT;
INSERT INTO accounts SELECT id, 'x' FROM s.accts;
CREATE TABLE account_keys (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE REFERENCES accounts(id)) STRICT;
INSERT INTO account_keys SELECT k, id FROM s.accts;"

TODAY="CREATE TABLE transactions (id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
  date TEXT NOT NULL, revenue INTEGER NOT NULL, profit INTEGER, product_line TEXT,
  quantity REAL CHECK (quantity >= 0), created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  deleted_at TEXT) STRICT;"
TODAY_INDEX="CREATE INDEX transactions_facts ON transactions(account_id, date, revenue, profit) WHERE deleted_at IS NULL;"
TODAY_ROWS="INSERT INTO transactions (id, account_id, date, revenue, profit, product_line, quantity,
  created_at, updated_at) SELECT printf('0192f3a4-0000-7000-8000-%012d', r.rowid), account_id, date,
  revenue, profit, product_line, quantity, '2026-12-03T13:38:37.123Z', '2026-12-03T13:38:37.123Z'
  FROM s.by_account r;"

# Leaner: the id as 16 bytes (rows keyed by it, ids in time order as UUIDv7 are), the account
# as an integer, days and timestamps as integers.
LEAN="CREATE TABLE transactions (id BLOB PRIMARY KEY, account INTEGER NOT NULL REFERENCES account_keys(key),
  day INTEGER NOT NULL, revenue INTEGER NOT NULL, profit INTEGER, product_line TEXT,
  quantity REAL CHECK (quantity >= 0), created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  deleted_at INTEGER) STRICT, WITHOUT ROWID;"
LEAN_INDEX="CREATE INDEX transactions_facts ON transactions(account, day, revenue, profit) WHERE deleted_at IS NULL;"
LEAN_ROWS="INSERT INTO transactions (id, account, day, revenue, profit, product_line, quantity,
  created_at, updated_at) SELECT cast(printf('%016d', r.rowid) AS BLOB), akey,
  cast(unixepoch(date) / 86400 AS INTEGER), revenue, profit, product_line, quantity,
  1764770000000, 1764770000000 FROM s.by_date r;"
# Lean and clustered: the rows themselves kept in (account, day) order, so the analytics scan
# reads the table and no covering index is built at all; a unique index finds a row by its id.
CLUSTERED="CREATE TABLE transactions (account INTEGER NOT NULL REFERENCES account_keys(key),
  day INTEGER NOT NULL, id BLOB NOT NULL, revenue INTEGER NOT NULL, profit INTEGER,
  product_line TEXT, quantity REAL CHECK (quantity >= 0), created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL, deleted_at INTEGER, PRIMARY KEY (account, day, id)) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX transactions_id ON transactions(id);"
CLUSTERED_ROWS="INSERT INTO transactions (account, day, id, revenue, profit, product_line, quantity,
  created_at, updated_at) SELECT akey, cast(unixepoch(date) / 86400 AS INTEGER),
  cast(printf('%016d', r.rowid) AS BLOB), revenue, profit, product_line, quantity,
  1764770000000, 1764770000000 FROM s.by_account r;"
# The same clustering with today's column types (text ids, dates and timestamps), and with only
# the account kept as text: what each part of the lean table's saving comes from.
TEXT_CLUSTERED="CREATE TABLE transactions (id TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id),
  date TEXT NOT NULL, revenue INTEGER NOT NULL, profit INTEGER, product_line TEXT,
  quantity REAL CHECK (quantity >= 0), created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  deleted_at TEXT, PRIMARY KEY (account_id, date, id)) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX transactions_id ON transactions(id);"
TEXT_CLUSTERED_ROWS="${TODAY_ROWS}"
HALF_CLUSTERED="CREATE TABLE transactions (id BLOB NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id),
  day INTEGER NOT NULL, revenue INTEGER NOT NULL, profit INTEGER, product_line TEXT,
  quantity REAL CHECK (quantity >= 0), created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  deleted_at INTEGER, PRIMARY KEY (account_id, day, id)) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX transactions_id ON transactions(id);"
HALF_CLUSTERED_ROWS="INSERT INTO transactions (id, account_id, day, revenue, profit, product_line, quantity,
  created_at, updated_at) SELECT cast(printf('%016d', r.rowid) AS BLOB), account_id,
  cast(unixepoch(date) / 86400 AS INTEGER), revenue, profit, product_line, quantity,
  1764770000000, 1764770000000 FROM s.by_account r;"
BARE="CREATE TABLE transactions (id BLOB NOT NULL, account INTEGER NOT NULL, day INTEGER NOT NULL,
  revenue INTEGER NOT NULL, profit INTEGER, product_line TEXT, quantity REAL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER) STRICT;"

FINGERPRINTS="CREATE TABLE import_fingerprints (fingerprint INTEGER PRIMARY KEY) STRICT;"

# name | schema | what the one timed transaction does
run() {
  local name=$1 schema=$2 body=$3
  for _ in $(seq "$RUNS"); do
    rm -f "$OUT/t.db"
    sqlite3 "$OUT/t.db" "$HEAD $schema" > /dev/null
    /usr/bin/time -f "$name: %e s (user %U s)" sqlite3 "$OUT/t.db" \
      "PRAGMA cache_size=-98304; PRAGMA foreign_keys=ON; ATTACH '$OUT/src.db' AS s; BEGIN; $body COMMIT;"
  done
  ls -l "$OUT/t.db" | awk -v n="$name" '{ printf "%s: file %.0f MiB\n", n, $5 / 1048576 }'
}

for _ in $(seq "$RUNS"); do
  rm -f "$OUT/plain.db"
  /usr/bin/time -f "sqlite3 .import of the CSV (plain table): %e s (user %U s)" \
    sqlite3 "$OUT/plain.db" ".import --csv $CSV tx"
done
run "today's table, index grown row by row (rows in index order)" "$TODAY $TODAY_INDEX" "$TODAY_ROWS"
run "today's table, index built after" "$TODAY" "$TODAY_ROWS $TODAY_INDEX"
run "lean table, index built after" "$LEAN" "$LEAN_ROWS $LEAN_INDEX"
run "lean table, no index" "$LEAN" "$LEAN_ROWS"
run "today's columns, clustered by (account, date, id), unique id index" "$TEXT_CLUSTERED" "$TEXT_CLUSTERED_ROWS"
run "lean but the account as text, clustered, unique id index" "$HALF_CLUSTERED" "$HALF_CLUSTERED_ROWS"
run "lean clustered table (rows in (account, day) order, unique id index)" "$CLUSTERED" "$CLUSTERED_ROWS"
run "the bare rows (no key, no index, no foreign key)" "$BARE" "${LEAN_ROWS}"
run "a million fingerprints, sorted" "$FINGERPRINTS" "INSERT INTO import_fingerprints SELECT v FROM s.prints;"
