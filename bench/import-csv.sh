#!/usr/bin/env bash
# Writes the million-row transactions CSV the import benchmarks read, from a demo book:
#   bench/import-csv.sh BOOK.db OUT.csv
set -euo pipefail
sqlite3 -header -csv "$1" "SELECT t.date AS date, a.name AS customer, a.industry AS industry, \
  a.region AS region, t.product_line AS product, t.quantity AS quantity, \
  printf('%.2f', t.revenue / 100.0) AS revenue, printf('%.2f', t.profit / 100.0) AS profit \
  FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE t.deleted_at IS NULL \
  ORDER BY t.date, t.id LIMIT 1000000" > "$2"
