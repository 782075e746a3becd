#!/usr/bin/env bash
# Installs Keyplan's .deb in a clean Debian 12 (bookworm) made with debootstrap and starts it there
# under Xvfb, as a new user would: apt resolves the declared dependencies from Debian's archive,
# the CLI is on the PATH, the desktop entry is valid, and the window opens with its database in
# the user's data folder. A screenshot of that window is left in target/pkgtest/window.png.
#   scripts/package-test.sh [FILE.deb]   (as root; default: the newest from scripts/package.sh)
# The clean base is made once (target/pkgtest/base) and copied for every run; downloaded
# packages are kept in target/pkgtest/apt-cache.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "package-test.sh makes a chroot: run it as root" >&2; exit 1; }
deb="${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -n 1)}"
[[ -f "$deb" ]] || { echo "No .deb found: run scripts/package.sh first, or name one" >&2; exit 1; }
work=target/pkgtest
base=$work/base
root=$work/root
mkdir -p "$work/apt-cache"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
command -v convert >/dev/null || apt-get install -y -qq --no-install-recommends imagemagick >/dev/null
if [[ ! -f $base/.complete ]]; then
  rm -rf "$base"
  echo "Making a clean Debian 12 root (debootstrap, once)…"
  debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian >/dev/null
  touch "$base/.complete"
fi

cleanup() {
  for m in var/cache/apt/archives dev/pts dev/shm dev sys proc; do
    umount -l "$root/$m" 2>/dev/null || true
  done
}
trap cleanup EXIT
cleanup
rm -rf "$root"
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs shm "$root/dev/shm"
mount --bind "$work/apt-cache" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/keyplan.deb"
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "Installing $(basename "$deb") and Xvfb in the clean root…"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/keyplan.deb xvfb xauth x11-utils x11-apps desktop-file-utils >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }
in_root dpkg -s fonts-noto-cjk >/dev/null || fail "fonts-noto-cjk was not installed with the package"
in_root sh -c 'dpkg -s keyplan | grep -q "^Depends:.*libwebkit2gtk-4.1-0"' ||
  fail "the package does not declare WebKitGTK"
[[ $(in_root sh -c 'command -v keyplan') == /usr/bin/keyplan ]] || fail "keyplan is not on the PATH"
entry=$(in_root sh -c 'ls /usr/share/applications/*.desktop' | head -n 1)
[[ -n "$entry" ]] || fail "no desktop entry"
in_root desktop-file-validate "$entry" || fail "$entry does not validate"
in_root sh -c "grep -q '^Exec=keyplan-desktop' '$entry' && grep -q '^Icon=' '$entry'" || fail "$entry: Exec or Icon"
in_root sh -c 'ls /usr/share/icons/hicolor/*/apps/*.png' >/dev/null || fail "no icon installed"
in_root keyplan --version
in_root keyplan --db /tmp/cli.db demo --accounts 20 >/dev/null || fail "keyplan demo"
in_root keyplan --db /tmp/cli.db accounts list --json | grep -q '"name"' || fail "keyplan accounts list"

echo "Starting the window under Xvfb…"
# Run inside the clean root as the desktop would: no arguments, so the database goes to the
# user's data folder.
cat > "$root/tmp/start-window.sh" <<'INNER'
#!/bin/sh
keyplan-desktop > /tmp/app.log 2>&1 &
app=$!
i=0
while [ $i -lt 60 ] && ! xwininfo -root -tree | grep -q '"Keyplan"'; do sleep 0.5; i=$((i + 1)); done
sleep 3
xwininfo -root -tree | grep '"Keyplan"' > /tmp/window.txt || true
xwd -root -silent > /tmp/window.xwd
if kill -0 "$app" 2>/dev/null; then echo running > /tmp/alive; fi
kill "$app" 2>/dev/null
wait "$app" 2>/dev/null || true
INNER
chmod +x "$root/tmp/start-window.sh"
in_root xvfb-run -a -s "-screen 0 1280x800x24" /tmp/start-window.sh
[[ -f "$root/tmp/alive" ]] || { cat "$root/tmp/app.log" >&2; fail "the app did not keep running"; }
[[ -s "$root/tmp/window.txt" ]] || { cat "$root/tmp/app.log" >&2; fail "no Keyplan window appeared"; }
db="$root/root/.local/share/keyplan/keyplan.db"
[[ -s "$db" ]] || fail "no database in the user's data folder (~/.local/share/keyplan/keyplan.db)"
convert "xwd:$root/tmp/window.xwd" "$work/window.png"
echo "PASS: installed on Debian 12 with its dependencies, CLI on the PATH, desktop entry valid,"
echo "      window opened ($(tr -s ' ' < "$root/tmp/window.txt" | head -n 1 | cut -c1-80)),"
echo "      database at ~/.local/share/keyplan/keyplan.db; screenshot: $work/window.png"
