#!/usr/bin/env bash
# Records what the blog's own generator does with each post of a fixture
# blog, as the reference `postdesk check` is tested against
# (src-tauri/core/tests/core/generators.rs):
#
#   tests/generators/record.sh FIXTURE KIND > FIXTURE/generator.json
#
# KIND is `hugo` or `jekyll` (Debian's packages; `make test` installs them
# and checks the recorded files still hold). Each post is built alone, in a
# fresh copy of the fixture's config with a one-line layout, twice: as the
# site is published (drafts, future and expired posts left out) and, if it
# was left out, with everything in, to learn the title and date the
# generator gives it. For each post it records:
#   error      the generator failed or logged an ERROR for it
#   message    the first such line (temporary paths taken out)
#   published  the page is in the published site
#   title, date  as the generator's templates see them (with TZ=UTC; Hugo's
#                zero date, 0001-01-01, is "no date")
set -euo pipefail
fixture=$(cd "$1" && pwd)
kind=$2
export TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $kind in
  hugo)
    cd "$fixture"
    mapfile -d '' posts < <(find content -type f -name '*.md' -print0 | sort -z)
    ;;
  jekyll)
    cd "$fixture"
    mapfile -d '' posts < <(find . -path ./_site -prune -o -type f -path '*_posts/*' -name '*.md' -printf '%P\0' | sort -z)
    ;;
  *) echo "unknown kind: $kind (hugo or jekyll)" >&2; exit 2 ;;
esac

# One line per page, so a page is found whatever path the generator gives it.
marker='PD-PAGE'

build() { # site out [flags…] → prints the log, returns the exit code
  local site=$1 out=$2; shift 2
  case $kind in
    hugo) hugo --source "$site" --destination "$out" --noBuildLock "$@" 2>&1 ;;
    jekyll) jekyll build --source "$site" --destination "$out" --quiet "$@" 2>&1 ;;
  esac
}

page() { # out → the page's four lines (marker, title, date, URL), if built
  grep -rh --include='*.html' -A3 "^$marker\$" "$1" 2>/dev/null | head -4 || true
}

echo "["
first=1
for post in "${posts[@]}"; do
  site="$work/site"
  rm -rf "$site" "$work/out" "$work/all"
  mkdir -p "$site"
  case $kind in
    hugo)
      cp "$fixture/hugo.toml" "$site/hugo.toml"
      # The blog's own shortcodes, which its posts may call.
      if [ -d "$fixture/layouts/shortcodes" ]; then
        mkdir -p "$site/layouts" && cp -r "$fixture/layouts/shortcodes" "$site/layouts/"
      fi
      [ -d "$fixture/archetypes" ] || true
      mkdir -p "$site/layouts/_default" "$site/$(dirname "$post")"
      printf '%s\n{{ .Title | jsonify }}\n{{ .Date.UTC.Format "2006-01-02T15:04:05Z07:00" }}\n{{ .RelPermalink }}\n' "$marker" \
        > "$site/layouts/_default/single.html"
      : > "$site/layouts/_default/list.html"
      : > "$site/layouts/index.html"
      cp "$fixture/$post" "$site/$post"
      all=(--buildDrafts --buildFuture --buildExpired)
      ;;
    jekyll)
      cp "$fixture/_config.yml" "$site/_config.yml"
      mkdir -p "$site/_layouts" "$site/$(dirname "$post")"
      for layout in default post; do
        printf '%s\n{{ page.title | jsonify }}\n{{ page.date | date: "%%Y-%%m-%%dT%%H:%%M:%%S%%:z" }}\n{{ page.url }}\n' "$marker" \
          > "$site/_layouts/$layout.html"
      done
      cp "$fixture/$post" "$site/$post"
      all=(--future --unpublished --drafts)
      ;;
  esac
  set +e
  log=$(build "$site" "$work/out")
  rc=$?
  set -e
  error=false
  message=""
  if [ $rc -ne 0 ] || grep -qE '^(ERROR|Error|\s*Error|.*[Ee]rror:)' <<<"$log"; then
    error=true
    # Without colours or the time of day (Hugo's `ERROR 2024/01/02 10:00:00`),
    # so that a second recording is the same.
    message=$(grep -m1 -iE 'error' <<<"$log" | sed -e "s|$site/||g" -e "s|$work/||g" \
      -e 's/\x1b\[[0-9;]*m//g' -e 's|^ERROR [0-9/]* [0-9:]* |ERROR |' || true)
    [ -n "$message" ] || message=$(head -1 <<<"$log")
  fi
  shown=$(page "$work/out")
  published=false
  [ -n "$shown" ] && published=true
  if [ -z "$shown" ] && [ $rc -eq 0 ]; then
    build "$site" "$work/all" "${all[@]}" >/dev/null 2>&1 || true
    shown=$(page "$work/all")
  fi
  title=$(sed -n 2p <<<"$shown" | jq -r '. // ""' 2>/dev/null || true)
  date=$(sed -n 3p <<<"$shown")
  url=$(sed -n 4p <<<"$shown")
  [ $first -eq 1 ] || echo ","
  first=0
  jq -cn --arg path "$post" --argjson error $error --arg message "$message" \
    --argjson published $published --arg title "$title" --arg date "$date" --arg url "$url" \
    '{path: $path, error: $error, message: $message, published: $published, title: $title, date: $date, url: $url}' \
    | tr -d '\n'
done
echo
echo "]"
