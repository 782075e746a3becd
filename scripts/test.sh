#!/usr/bin/env bash
# Every check and test: formatting, lints, unit/integration/IPC/CLI tests, then the end-to-end
# tests that drive the real window under Xvfb. Installs what it needs first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "Keyplan is built with Rust: install it from https://rustup.rs, then run this again." >&2
  exit 1
fi
bash scripts/system-deps.sh test
if ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
fi
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v npm >/dev/null; then
  # Node.js only type-checks and lints the UI's JavaScript; nothing from npm ships in the app.
  bash scripts/system-deps.sh node
fi

echo "== format"
cargo fmt --all -- --check
echo "== lints"
cargo clippy --locked --workspace --all-targets -- -D warnings
echo "== UI: type check (tsc --checkJs) and lint (ESLint)"
npm ci --no-audit --no-fund --loglevel=error
npx --no-install tsc -p jsconfig.json
npx --no-install eslint ui/js
# The window's dates and currency symbols against the cases the documents are held to.
node --test tests/ui/
# One feature resolution for every step: each command below selects the whole workspace, so
# Cargo builds once (Typst and Tauri are the long part) and the later steps only run tests.
# Selecting fewer packages or targets would resolve other features and rebuild much of it.
echo "== tests"
cargo test --locked --workspace
echo "== exports opened by LibreOffice, headless Chromium and poppler"
cargo test --locked --workspace --tests -- --ignored readback::
echo "== end-to-end (real window under Xvfb)"
# The desktop and CLI binaries they start are the ones `cargo test` built above
# (target/debug/keyplan-desktop, target/debug/keyplan), with the production CSP live.
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --locked --workspace --tests -- --ignored --test-threads=1 --skip readback:: --skip startup_and_memory
