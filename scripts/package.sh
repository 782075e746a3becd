#!/usr/bin/env bash
# Builds Keyplan's Debian package with Tauri's bundler:
#   target/release/bundle/deb/Keyplan_<version>_amd64.deb
# It holds the window (/usr/bin/keyplan-desktop, its icons and a desktop entry under Office) and
# the command-line tool (/usr/bin/keyplan). Its dependencies are WebKitGTK and GTK (found by the
# bundler from the binary) and fonts-noto-cjk (declared in tauri.conf.json, so Chinese text and
# PDF exports have their glyphs). scripts/package-test.sh installs it in a clean Debian 12.
#   scripts/package.sh          (the first run installs tauri-cli: about 16 minutes, once)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "Keyplan is built with Rust: install it from https://rustup.rs, then run this again." >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/system-deps.sh build
# The bundler comes from tauri-cli; pinned to the Tauri 2 line the app is built with.
if ! cargo tauri --version 2>/dev/null | grep -q '^tauri-cli 2\.'; then
  echo "Installing Tauri's bundler (cargo install tauri-cli)…"
  cargo install tauri-cli --locked --version "^2.12" --quiet
fi
# The CLI first: the bundle's files section copies target/release/keyplan into /usr/bin.
cargo build --release --locked -p keyplan-cli
TAURI_APP_PATH=src-tauri cargo tauri build --bundles deb -- --locked
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
echo "Built $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
