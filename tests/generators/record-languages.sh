#!/usr/bin/env bash
# Records how Hugo groups a multilingual fixture blog's posts, as the
# reference the core's translation grouping and URLs are tested against
# (src-tauri/core/tests/core/translations.rs):
#
#   tests/generators/record-languages.sh FIXTURE > FIXTURE/generator.json
#
# The whole site is built once (Debian's hugo) with a one-line layout; for
# each page it records its file (relative to the fixture), the language
# Hugo gives it (`.Lang`), its URL (`.RelPermalink`) and the files of its
# translations (`.Translations`), sorted.
set -euo pipefail
fixture=$(cd "$1" && pwd)
export TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$fixture/." "$work/site"
rm -f "$work/site/generator.json"
mkdir -p "$work/site/layouts/_default"
printf '%s\n' 'PD-PAGE {{ jsonify (dict "file" .File.Filename "lang" .Lang "url" .RelPermalink "translations" (apply .Translations "partial" "file.html" ".")) }}' \
  > "$work/site/layouts/_default/single.html"
mkdir -p "$work/site/layouts/partials"
printf '%s' '{{ return .File.Filename }}' > "$work/site/layouts/partials/file.html"
: > "$work/site/layouts/_default/list.html"
: > "$work/site/layouts/index.html"
hugo --source "$work/site" --destination "$work/out" --noBuildLock --quiet >/dev/null
grep -rh --include='*.html' '^PD-PAGE ' "$work/out" \
  | sed -e 's/^PD-PAGE //' -e "s|$work/site/||g" \
  | jq -s 'map(.translations |= sort) | sort_by(.file)'
