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
echo "== tests"
cargo test --locked --workspace
echo "== exports opened by LibreOffice and headless Chromium"
cargo test --locked -p keyplan-app --test export --test plan_exports -- --ignored
echo "== end-to-end (real window under Xvfb)"
# The desktop and CLI binaries that the end-to-end tests start (built with the CSP active).
cargo build --locked -p keyplan-desktop -p keyplan-cli
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --locked -p keyplan-e2e --test e2e --test analytics_e2e --test exchange_e2e --test plans_e2e -- --ignored --test-threads=1
