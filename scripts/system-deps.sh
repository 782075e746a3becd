#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Keyplan needs, only those missing (idempotent).
#   system-deps.sh build   — to build and run the desktop app
#   system-deps.sh test    — also what the tests need (Xvfb, WebKitWebDriver, xdotool to answer
#                            the system save dialog, CJK fonts, tools,
#                            LibreOffice Calc to open exported spreadsheets, Chromium to open
#                            exported HTML, poppler-utils to read exported PDFs back, D-Bus and
#                            GNOME Keyring to unlock a book from a real Secret Service, the age
#                            tool to check that encrypted bundles are plain age files)
#   system-deps.sh node    — Node.js and npm, when the machine has none (they type-check and
#                            lint the UI's JavaScript; nothing from npm ships in the app)
set -euo pipefail

build_pkgs=(build-essential pkg-config libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev fonts-noto-cjk)
test_pkgs=(xvfb xauth xdotool webkit2gtk-driver procps imagemagick libreoffice-calc-nogui chromium poppler-utils dbus gnome-keyring age libayatana-appindicator3-1)

want=("${build_pkgs[@]}")
[[ "${1:-build}" == "test" ]] && want+=("${test_pkgs[@]}")
[[ "${1:-build}" == "node" ]] && want=(nodejs npm)

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "Keyplan needs these packages: ${missing[*]} (apt-get not found: install them with your package manager)" >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
