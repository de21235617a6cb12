#!/usr/bin/env bash
# Installs a Postdesk .deb and runs what it installed, as a new user would:
# the command line (--version, a check of the sample blog, its start time
# without GUI libraries) and the window under Xvfb (a screenshot). Needs
# root or sudo (apt-get); removes the package at the end.
set -euo pipefail
deb=$(realpath "$1")
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
art=$(dirname "$0")/../../target/e2e-artifacts; mkdir -p "$art"; art=$(realpath "$art")
work=$(mktemp -d); trap 'rm -rf "$work"; $sudo apt-get remove -y -qq postdesk >/dev/null 2>&1 || true' EXIT

fail() { echo "package check: $*" >&2; exit 1; }

# What the package holds and needs.
files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||')
has() { grep -qx "$1" <<<"$files"; }
has usr/bin/postdesk || fail "no /usr/bin/postdesk (the command line)"
has usr/bin/postdesk-app || fail "no /usr/bin/postdesk-app (the window)"
for size in 16x16 32x32 48x48 64x64 128x128 256x256 512x512; do
  has "usr/share/icons/hicolor/$size/apps/postdesk-app.png" || fail "no $size icon"
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0 libssl3 libdbus-1-3; do
  [[ "$depends" == *"$d"* ]] || fail "Depends lacks $d: $depends"
done
dpkg-deb -x "$deb" "$work/x"
desktop="$work/x/usr/share/applications/Postdesk.desktop"
grep -qx 'Exec=postdesk-app %F' "$desktop" || fail "the desktop entry does not open files: $(grep Exec "$desktop")"
grep -qx 'MimeType=text/markdown;text/x-markdown;' "$desktop" || fail "the desktop entry names no markdown type"
command -v desktop-file-validate >/dev/null && desktop-file-validate "$desktop"

# Installed with its dependencies, as a user would.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
version=$(/usr/bin/postdesk --version)
want=$(sed -n 's/^version = "\(.*\)"/\1/p' "$(dirname "$0")/../../Cargo.toml" | head -1)
[ "$version" = "postdesk $want" ] || fail "--version says '$version', Cargo.toml $want"
ldd /usr/bin/postdesk | grep -qi 'gtk\|webkit' && fail "the command line links GUI libraries"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
/usr/bin/postdesk sample "$work/blog" >/dev/null
/usr/bin/postdesk check "$work/blog" || fail "postdesk check failed on the sample blog"
/usr/bin/postdesk url "$work/blog/_posts/building-scalable-apis.md" | grep -qx '/posts/building-scalable-apis' || fail "postdesk url"

# The window, from the command line a user types, on the sample blog.
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  /usr/bin/postdesk "$1" >"$2/app.log" 2>&1 & app=$!
  for i in $(seq 1 100); do
    xwininfo -root -tree 2>/dev/null | grep -q "\"Postdesk\"" && break
    kill -0 $app 2>/dev/null || { cat "$2/app.log"; exit 1; }
    sleep 0.2
  done
  xwininfo -root -tree | grep -q "\"Postdesk\"" || { echo "no Postdesk window"; cat "$2/app.log"; exit 1; }
  sleep 4
  import -window root "$3/installed.png"
  kill $app; wait $app 2>/dev/null || true
' _ "$work/blog" "$work" "$art" || fail "the installed window did not open"
echo "package check: $(basename "$deb") installs; postdesk ($version), check, url and the window work (target/e2e-artifacts/installed.png)"
