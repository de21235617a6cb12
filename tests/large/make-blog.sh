#!/usr/bin/env bash
# Adds N posts (default 10,000) to the blog-starter blog in DIR (made by
# `postdesk sample DIR`), for the large-blog end-to-end test and `make bench`.
# Each post is made from the real posts of the fixtures (the sample blog's
# two posts and the fidelity corpus): the seed's front-matter with its own
# title, date, tags, category and status, and a body of about 9 KB (the
# size of the public blogs the issue measured: 10,000 posts, 89 MB). Post
# N/2 alone holds the word "zanzibar" (what the test searches for).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
n=${2:-10000}
[ -d "$dir/_posts" ] || { echo "$dir/_posts is missing: run \`postdesk sample $dir\` first" >&2; exit 2; }
body() { awk 'f>=2 {print} /^---$/ {f++}' "$1"; }
{
  body "$here/src-tauri/core/sample/_posts/building-scalable-apis.md"
  body "$here/src-tauri/core/sample/_posts/writing-with-postdesk.md"
  cat "$here"/tests/fidelity/corpus/gfm-*.md "$here"/tests/fidelity/corpus/blog-headings-code.md
  body "$here/src-tauri/core/sample/_posts/building-scalable-apis.md"
} > "$dir/.body"
awk -v n="$n" -v dir="$dir/_posts" '
  { body = body $0 "\n" }
  END {
    split("api backend writing rust design testing ops", tags, " ")
    split("backend meta frontend devops notes", cats, " ")
    split("Scaling Caching Testing Writing Shipping Profiling Designing Debugging", verbs, " ")
    split("APIs queues schemas posts builds services pipelines editors", things, " ")
    for (i = 0; i < n; i++) {
      f = sprintf("%s/post-%05d.md", dir, i)
      title = sprintf("%s %s, part %d", verbs[i % 8 + 1], things[int(i / 8) % 8 + 1], i)
      date = sprintf("%04d-%02d-%02dT%02d:00:00.000Z", 1995 + int(i / 336), 1 + int((i % 336) / 28), 1 + i % 28, i % 24)
      status = (i % 10 == 3) ? "draft" : "published"
      t1 = i % 7; t2 = int(i / 7) % 7; if (t2 == t1) t2 = (t2 + 1) % 7
      printf "---\ntitle: \"%s\"\nexcerpt: \"Post %d of the large blog.\"\ncoverImage: \"/assets/blog/apis/cover.jpg\"\ndate: \"%s\"\nauthor:\n  name: \"Cain\"\n  picture: \"/assets/blog/authors/cain.jpeg\"\nogImage:\n  url: \"/assets/blog/apis/cover.jpg\"\ntags: [\"%s\", \"%s\"]\ncategory: \"%s\"\nfeatured: false\nstatus: \"%s\"\n---\n", title, i, date, tags[t1 + 1], tags[t2 + 1], cats[i % 5 + 1], status > f
      if (i == int(n / 2)) printf "A stop in zanzibar on the way.\n\n" > f
      printf "%s", body > f
      close(f)
    }
  }' "$dir/.body"
rm "$dir/.body"
