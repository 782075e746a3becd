#!/usr/bin/env bash
# Writes the million-row transactions CSV the import benchmarks read, from a demo book:
#   bench/import-csv.sh BOOK.db OUT.csv
set -euo pipefail
sqlite3 -header -csv "$1" "SELECT date(t.day * 86400, 'unixepoch') AS date, a.name AS customer, \
  a.industry AS industry, a.region AS region, t.product_line AS product, t.quantity AS quantity, \
  printf('%.2f', t.revenue / 100.0) AS revenue, printf('%.2f', t.profit / 100.0) AS profit \
  FROM transactions t JOIN account_keys k ON k.key = t.account JOIN accounts a ON a.id = k.id \
  WHERE t.deleted_at IS NULL ORDER BY t.day, t.id LIMIT 1000000" > "$2"
