#!/usr/bin/env bash
# Analytics speed at 10,000 accounts and ~1,000,000 transactions, side by side with DuckDB and
# pandas computing rev12, ABC and RFM from the same data. Not part of the tests (no timed
# assertions); the numbers go in the README.
#
#   scripts/bench.sh            # builds release, makes target/bench/big.db once, measures
set -euo pipefail
cd "$(dirname "$0")/.."
AS_OF=2026-11-20
OUT=target/bench
mkdir -p "$OUT"
cargo build --release --locked -p keyplan-cli
K=target/release/keyplan
if [ ! -f "$OUT/big.db" ]; then
  "$K" --db "$OUT/big.db" demo --accounts 10000 --end "$AS_OF" --order-scale 5
fi

echo "== keyplan analyze --json, process start to last byte (5 runs)"
"$K" --db "$OUT/big.db" analyze --as-of "$AS_OF" --json > /dev/null   # warm the page cache
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "  %e s, peak RSS %M KB" "$K" --db "$OUT/big.db" analyze --as-of "$AS_OF" --json > "$OUT/analyze.json"
done
echo "== keyplan bench (phases and the app's recompute after one edit)"
"$K" --db "$OUT/big.db" bench --as-of "$AS_OF" --runs 5

echo "== the same data as CSV, for DuckDB and pandas"
sqlite3 -header -csv "$OUT/big.db" \
  "SELECT k.id AS account_id, date(t.day * 86400, 'unixepoch') AS date, t.revenue, t.profit
   FROM transactions t JOIN account_keys k ON k.key = t.account WHERE t.deleted_at IS NULL" > "$OUT/tx.csv"
if python3 -c "import duckdb, pandas" 2>/dev/null; then
  for engine in duckdb pandas; do
    for _ in 1 2 3; do
      /usr/bin/time -f "  $engine process: %e s, peak RSS %M KB" python3 bench/compare.py "$OUT/tx.csv" "$AS_OF" "$engine"
    done
  done
else
  echo "  (pip install duckdb pandas to run the comparison)"
fi

echo "== import: 1,000,000 transaction rows (8 columns) from CSV, beside sqlite3 .import of the same file"
if [ ! -f "$OUT/import-1m.csv" ]; then
  bench/import-csv.sh "$OUT/big.db" "$OUT/import-1m.csv"
fi
ls -l "$OUT/import-1m.csv"
for _ in 1 2 3; do
  rm -f "$OUT/plain.db"
  /usr/bin/time -f "  sqlite3 .import (plain table, no checks): %e s, peak RSS %M KB" \
    sqlite3 "$OUT/plain.db" ".import --csv $OUT/import-1m.csv tx"
  rm -rf "$OUT/imp" && mkdir -p "$OUT/imp"
  /usr/bin/time -f "  keyplan import transactions (parse, validate, fingerprint, commit): %e s, peak RSS %M KB" \
    "$K" --db "$OUT/imp/k.db" import transactions "$OUT/import-1m.csv" > /dev/null
  echo "  the book afterwards: $(du -m "$OUT/imp/k.db" | cut -f1) MiB (sqlite3's plain table: $(du -m "$OUT/plain.db" | cut -f1) MiB)"
done
