#!/usr/bin/env bash
# Fuzzes every reader of outside bytes (or those named in TARGETS) for SECONDS each (default 1800),
# JOBS at a time (default 2), seeded
# from fuzz/seeds, the schema-1 fixture (for the backup check) and, given CSV_SPECTRUM=DIR, the
# csv-spectrum cases. A crash lands in fuzz/artifacts/TARGET/; copy it into
# fuzz/regressions/TARGET/ and `cargo test -p keyplan-formats --test fuzz_regressions` replays it.
#   fuzz/run.sh [SECONDS]          (needs the nightly toolchain and `cargo install cargo-fuzz`)
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-1800}"
targets="${TARGETS:-import bundle backup ipc_args key_file sealed}"
for t in import bundle backup ipc_args key_file sealed; do
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  cp -n regressions/"$t"/* "corpus/$t/" 2>/dev/null || true
done
cp -n ../crates/store/tests/fixtures/v1.db corpus/backup/ 2>/dev/null || true
if [[ -n "${CSV_SPECTRUM:-}" ]]; then cp -n "$CSV_SPECTRUM"/*.csv corpus/import/; fi
cargo +nightly fuzz build
run() { cargo +nightly fuzz run "$1" "corpus/$1" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -25 > "logs/$1.txt"; }
mkdir -p logs
export -f run; export secs
printf '%s\n' $targets | xargs -P "${JOBS:-2}" -I{} bash -c 'run {}' || true
for t in $targets; do
  echo "== $t"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|crash-" "logs/$t.txt" || true
done
