#!/usr/bin/env bash
# Records how the real generators render a post under a config of their own
# (Hugo's heading-id types, goldmark's switches; Jekyll's kramdown options,
# kramdown's own input, jekyll-commonmark), the reference the preview's
# fidelity test holds `Markup::for_blog` to (src-tauri/core/tests/core/
# fidelity.rs, `preview_follows_the_generator_s_config`):
#
#   tests/generators/render-variants.sh > tests/generators/variants.json
#
# Each folder of tests/generators/variants/ holds one config (`hugo.toml`
# for Hugo, `_config.yml` for Jekyll) and `post.md`; each becomes a site of
# its own, built with Debian's hugo 0.111 or jekyll 4.3 (and
# ruby-jekyll-commonmark). For each: {name, file, config, markdown, html}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

first=1
echo "["
for dir in "$here"/variants/*/; do
  name=$(basename "$dir")
  site="$work/$name"
  mkdir -p "$site"
  if [ -f "$dir/hugo.toml" ]; then
    file=hugo.toml
    cp "$dir/hugo.toml" "$site/"
    mkdir -p "$site/content/posts" "$site/layouts/_default"
    { printf -- '---\ntitle: "post"\n---\n'; cat "$dir/post.md"; } > "$site/content/posts/post.md"
    printf '{{ .Content }}' > "$site/layouts/_default/single.html"
    : > "$site/layouts/_default/list.html"
    : > "$site/layouts/index.html"
    hugo --source "$site" --destination "$site/out" --noBuildLock >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    out="$site/out/posts/post/index.html"
  elif [ -f "$dir/_config.yml" ]; then
    file=_config.yml
    cp "$dir/_config.yml" "$site/"
    mkdir -p "$site/_posts" "$site/_layouts"
    { printf -- '---\nlayout: plain\n---\n'; cat "$dir/post.md"; } > "$site/_posts/2024-01-01-post.md"
    printf '{{ content }}' > "$site/_layouts/plain.html"
    jekyll build --source "$site" --destination "$site/out" --quiet >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    out="$site/out/2024/01/01/post.html"
  else
    echo "$dir: no hugo.toml or _config.yml" >&2
    exit 2
  fi
  [ $first -eq 1 ] || echo ","
  first=0
  jq -cn --arg name "$name" --arg file "$file" --rawfile config "$dir/$file" \
    --rawfile markdown "$dir/post.md" --rawfile html "$out" \
    '{name: $name, file: $file, config: $config, markdown: $markdown, html: $html}' | tr -d '\n'
done
echo
echo "]"
