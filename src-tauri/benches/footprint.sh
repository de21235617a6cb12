#!/usr/bin/env bash
# `make bench`: the window's footprint and start on the sample blog, release
# build under Xvfb — PSS of the app and its WebKit processes 8 s after start
# (median of 3 runs), and the time until the window exists — as Postdesk
# runs it (its renderer choice: env::choose_renderer) beside WebKit's
# DMA-BUF renderer forced on (what it would be without that choice); then
# the same on a blog of 10,000 posts (tests/large/make-blog.sh), side by
# side with the sample blog.
set -euo pipefail
cd "$(dirname "$0")/../.."
app=$(realpath target/release/postdesk-app)
[ -x "$app" ] || { echo "$app is missing: make bench builds it"; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
target/release/postdesk sample "$work/blog" >/dev/null
target/release/postdesk sample "$work/large" >/dev/null
tests/large/make-blog.sh "$work/large" 10000

run() { # $1: extra env (or empty), $2: the blog; prints "pss_app pss_web pss_net total_mb window_ms"
  rm -rf "$work/xdg"; mkdir -p "$work/xdg"
  XDG_DATA_HOME="$work/xdg/data" XDG_CONFIG_HOME="$work/xdg/config" XDG_CACHE_HOME="$work/xdg/cache" \
  xvfb-run -a -s "-screen 0 1280x800x24" env $1 bash -c '
    start=$(date +%s%N)
    "$0" "$1" >/dev/null 2>&1 & app=$!
    for i in $(seq 1 400); do
      xwininfo -root -tree 2>/dev/null | grep -q "\"Postdesk\"" && break; sleep 0.025
    done
    window=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 8
    pss() { awk "/^Pss:/{print \$2}" /proc/$1/smaps_rollup 2>/dev/null || echo 0; }
    a=$(pss $app); w=0; n=0
    for c in $(pgrep -P $app); do
      case "$(cat /proc/$c/comm)" in
        WebKitWebProces*) w=$((w + $(pss $c)));;
        WebKitNetworkPr*) n=$((n + $(pss $c)));;
      esac
    done
    kill $app; wait $app 2>/dev/null || true
    echo "$((a/1024)) $((w/1024)) $((n/1024)) $(((a+w+n)/1024)) $window"
  ' "$app" "$2"
}
median() { sort -n | sed -n 2p; }
row() { # $1 label, $2 env, $3 blog (default: the sample)
  local runs; runs=$(for i in 1 2 3; do run "$2" "${3:-$work/blog}"; done)
  local col; col() { awk "{print \$$1}" <<<"$runs" | median; }
  printf '| %s | %s MB | %s MB | %s MB | %s MB | %s ms |\n' "$1" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)"
}
echo "the window on the sample blog (release, Xvfb; PSS 8 s after start, median of 3)"
echo "| renderer | app | web process | network process | total (target < 330 MB) | time to window |"
echo "| --- | --- | --- | --- | --- | --- |"
row "as Postdesk chooses it$( [ -e /dev/dri ] && echo ' (GPU: DMA-BUF)' || echo ' (no GPU: DMA-BUF off)')" ""
row "DMA-BUF forced on" "WEBKIT_DISABLE_DMABUF_RENDERER=0"
echo
echo "the window on a blog of 10,000 posts (same measure; target: total ≤ 450 MB)"
echo "| blog | app | web process | network process | total | time to window |"
echo "| --- | --- | --- | --- | --- | --- |"
row "sample (2 posts)" ""
row "10,000 posts" "" "$work/large"
