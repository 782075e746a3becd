#!/usr/bin/env bash
# Builds Keyplan (release, CSP active) and opens the window. The database lives in the user's
# data folder (~/.local/share/keyplan/keyplan.db on Linux) unless --db PATH or $KEYPLAN_DB says
# otherwise. Extra arguments go to the app, e.g. scripts/run.sh --db /tmp/try.db
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "Keyplan is built with Rust: install it from https://rustup.rs, then run this again." >&2
  exit 1
fi
bash scripts/system-deps.sh build
cargo build --release --locked -p keyplan-desktop -p keyplan-cli
exec target/release/keyplan-desktop "$@"
