#!/usr/bin/env bash
# What encryption at rest costs, side by side in one run: analyze at 10,000 accounts / ~1M
# transactions, the Plans and Actions pages (keyplan bench), the million-row import, and opening
# a book (the passphrase's Argon2id), each on the same data plain and encrypted, interleaved.
# Not part of the tests (no timed assertions); the numbers go in docs/measurements.md.
#
#   bench/encryption.sh [KEYPLAN_BINARY]     # default: builds target/release/keyplan
set -euo pipefail
cd "$(dirname "$0")/.."
AS_OF=2026-11-20
OUT=target/bench-encryption
mkdir -p "$OUT"
K=${1:-}
if [ -z "$K" ]; then
  cargo build --release --locked -p keyplan-cli
  K=target/release/keyplan
fi
PASS="$OUT/passphrase"
printf 'bench passphrase, not a secret\n' > "$PASS"

if [ ! -f "$OUT/plain.db" ]; then
  "$K" --db "$OUT/plain.db" demo --accounts 10000 --end "$AS_OF" --order-scale 5 > /dev/null
  rm -rf "$OUT/backups"
fi
if [ ! -f "$OUT/enc/k.db" ]; then
  mkdir -p "$OUT/enc"
  sqlite3 "$OUT/plain.db" ".backup $OUT/enc/k.db"
  "$K" --db "$OUT/enc/k.db" encrypt --passphrase-file "$PASS" > /dev/null
fi
ls -l "$OUT/plain.db" "$OUT/enc/k.db"

echo "== analyze --json, process start to last byte (5 runs each, interleaved)"
"$K" --db "$OUT/plain.db" analyze --as-of "$AS_OF" --json > "$OUT/plain.json"
"$K" --db "$OUT/enc/k.db" --passphrase-file "$PASS" analyze --as-of "$AS_OF" --json > "$OUT/enc.json"
cmp "$OUT/plain.json" "$OUT/enc.json" && echo "  the same bytes, plain and encrypted"
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "  plain:     %e s, peak RSS %M KB" "$K" --db "$OUT/plain.db" analyze --as-of "$AS_OF" --json > /dev/null
  /usr/bin/time -f "  encrypted: %e s, peak RSS %M KB (with unlocking)" \
    "$K" --db "$OUT/enc/k.db" --passphrase-file "$PASS" analyze --as-of "$AS_OF" --json > /dev/null
done

# Unlocked from the login keyring instead (no Argon2id): measured when a keyring answers, e.g.
#   dbus-run-session -- sh -c "printf x | gnome-keyring-daemon --unlock --components=secrets; bench/encryption.sh"
if "$K" --db "$OUT/enc/k.db" --passphrase-file "$PASS" keyring on > /dev/null 2>&1; then
  echo "== analyze --json, the encrypted book unlocked from the login keyring (5 runs each, interleaved)"
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "  plain:     %e s, peak RSS %M KB" "$K" --db "$OUT/plain.db" analyze --as-of "$AS_OF" --json > /dev/null
    /usr/bin/time -f "  encrypted: %e s, peak RSS %M KB (unlocked from the keyring)" \
      "$K" --db "$OUT/enc/k.db" analyze --as-of "$AS_OF" --json > /dev/null
  done
  "$K" --db "$OUT/enc/k.db" --passphrase-file "$PASS" keyring off > /dev/null
else
  echo "== (no login keyring answered: run in a D-Bus session with one to time unlocking from it)"
fi

echo "== opening alone: accounts list on an empty book (5 runs each)"
rm -rf "$OUT/empty-plain" "$OUT/empty-enc" && mkdir -p "$OUT/empty-plain" "$OUT/empty-enc"
"$K" --db "$OUT/empty-plain/k.db" init > /dev/null
"$K" --db "$OUT/empty-enc/k.db" init > /dev/null
"$K" --db "$OUT/empty-enc/k.db" encrypt --passphrase-file "$PASS" > /dev/null
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "  plain:     %e s" "$K" --db "$OUT/empty-plain/k.db" accounts list > /dev/null
  /usr/bin/time -f "  encrypted: %e s (Argon2id unwrap + keyed open)" \
    "$K" --db "$OUT/empty-enc/k.db" --passphrase-file "$PASS" accounts list > /dev/null
done

echo "== keyplan bench: the Plans and Actions pages and the analysis phases"
"$K" --db "$OUT/plain.db" bench --as-of "$AS_OF" --runs 5 | sed 's/^/  plain:     /'
"$K" --db "$OUT/enc/k.db" --passphrase-file "$PASS" bench --as-of "$AS_OF" --runs 5 | sed 's/^/  encrypted: /'

echo "== import of 1,000,000 transaction rows into an empty book (3 runs each, interleaved)"
if [ ! -f "$OUT/import-1m.csv" ]; then
  bench/import-csv.sh "$OUT/plain.db" "$OUT/import-1m.csv"
fi
for _ in 1 2 3; do
  rm -rf "$OUT/imp-plain" "$OUT/imp-enc" && mkdir -p "$OUT/imp-plain" "$OUT/imp-enc"
  "$K" --db "$OUT/imp-plain/k.db" init > /dev/null
  "$K" --db "$OUT/imp-enc/k.db" init > /dev/null
  "$K" --db "$OUT/imp-enc/k.db" encrypt --passphrase-file "$PASS" > /dev/null
  /usr/bin/time -f "  plain:     %e s, peak RSS %M KB" \
    "$K" --db "$OUT/imp-plain/k.db" import transactions "$OUT/import-1m.csv" > /dev/null
  /usr/bin/time -f "  encrypted: %e s, peak RSS %M KB" \
    "$K" --db "$OUT/imp-enc/k.db" --passphrase-file "$PASS" import transactions "$OUT/import-1m.csv" > /dev/null
done
ls -l "$OUT/imp-plain/k.db" "$OUT/imp-enc/k.db"
