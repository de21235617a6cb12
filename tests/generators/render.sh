#!/usr/bin/env bash
# Records how the real generators render markdown, as the reference the
# preview's per-kind fidelity test compares with
# (src-tauri/core/tests/core/fidelity.rs):
#
#   tests/generators/render.sh hugo   > tests/generators/hugo.json
#   tests/generators/render.sh jekyll > tests/generators/jekyll.json
#
# The documents: every one of tests/fidelity/expected.json (the CommonMark
# spec examples and the corpus recorded for remark) and the posts in
# tests/generators/corpus/ (typography, raw HTML, footnotes, heading ids…).
# Each becomes a post of one site, built once with the generator's defaults
# (Debian's hugo 0.111, jekyll 4.3 with kramdown) and a layout that prints
# only the post's content. For each document: {name, section, markdown, html}.
set -euo pipefail
kind=$1
here=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/site"
mkdir -p "$site"

# name, section and markdown of each document, one JSON object per line.
{
  jq -c '.[] | {name, section, markdown}' "$here/../fidelity/expected.json"
  for f in "$here"/corpus/*.md; do
    # `hugo-*.md` and `jekyll-*.md` hold a generator's own syntax (shortcodes,
    # Liquid): that generator's only.
    case $(basename "$f") in
      hugo-*) [ "$kind" = hugo ] || continue ;;
      jekyll-*) [ "$kind" = jekyll ] || continue ;;
    esac
    jq -cn --arg name "$(basename "$f")" --rawfile markdown "$f" '{name: $name, section: "generators", markdown: $markdown}'
  done
} > "$work/docs.jsonl"

n=0
while IFS= read -r doc; do
  n=$((n + 1))
  id=$(printf 'd%04d' "$n")
  markdown=$(jq -r '.markdown' <<<"$doc"; echo x)
  markdown=${markdown%x}
  case $kind in
    hugo)
      mkdir -p "$site/content/posts"
      printf -- '---\ntitle: "%s"\n---\n%s' "$id" "$markdown" > "$site/content/posts/$id.md"
      ;;
    jekyll)
      mkdir -p "$site/_posts"
      printf -- '---\nlayout: plain\ntitle: "%s"\n---\n%s' "$id" "$markdown" > "$site/_posts/2024-01-01-$id.md"
      ;;
  esac
done < "$work/docs.jsonl"

case $kind in
  hugo)
    : > "$site/hugo.toml"
    mkdir -p "$site/layouts/_default"
    printf '{{ .Content }}' > "$site/layouts/_default/single.html"
    : > "$site/layouts/_default/list.html"
    : > "$site/layouts/index.html"
    hugo --source "$site" --destination "$work/out" --noBuildLock >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    page() { cat "$work/out/posts/$1/index.html"; }
    ;;
  jekyll)
    : > "$site/_config.yml"
    mkdir -p "$site/_layouts"
    printf '{{ content }}' > "$site/_layouts/plain.html"
    jekyll build --source "$site" --destination "$work/out" --quiet >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    page() { cat "$work/out/2024/01/01/$1.html"; }
    ;;
  *) echo "unknown kind: $kind (hugo or jekyll)" >&2; exit 2 ;;
esac

n=0
echo "["
while IFS= read -r doc; do
  n=$((n + 1))
  id=$(printf 'd%04d' "$n")
  html=$(page "$id" 2>/dev/null | tr -d '\000'; echo x)
  html=${html%x}
  [ $n -eq 1 ] || echo ","
  jq -c --arg html "$html" '. + {html: $html}' <<<"$doc" | tr -d '\n'
done < "$work/docs.jsonl"
echo
echo "]"
