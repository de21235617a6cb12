use super::*;

/// A blog-starter blog (posts at `/posts/<slug>`) with an image in its
/// public folder, the post `_posts/other.md` (headings `## Setup`,
/// `## Running it`) and `post` as `_posts/this.md`.
fn blog(post: &str, config: &str) -> (tempfile::TempDir, Blog) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("public/assets")).unwrap();
    std::fs::write(root.join("package.json"), "{}").unwrap();
    std::fs::write(root.join("public/assets/there.png"), b"png").unwrap();
    std::fs::write(root.join("postdesk.toml"), config).unwrap();
    std::fs::write(
        root.join("_posts/other.md"),
        "---\ntitle: Other\n---\n\n## Setup\n\n## Running it\n",
    )
    .unwrap();
    std::fs::write(root.join("_posts/this.md"), post).unwrap();
    let blog = Blog::open(root).unwrap();
    (dir, blog)
}

fn issues_with(post: &str, config: &str, tracked: Option<&dyn Fn(&str) -> Tracked>) -> Vec<Issue> {
    let (_dir, blog) = blog(post, config);
    let options = RenderOptions::for_blog(&blog, "_posts/this.md".into(), post, Vec::new);
    let routes = Routes::new(vec![
        ("_posts/other.md", "/posts/other"),
        ("_posts/this.md", "/posts/this"),
    ]);
    let around = Around {
        blog: &blog,
        routes: &routes,
        tracked,
    };
    check(post, &options, &around)
}

fn issues(post: &str) -> Vec<Issue> {
    issues_with(post, "", None)
}

/// `code@line:col` of each issue.
fn found(issues: &[Issue]) -> Vec<String> {
    issues
        .iter()
        .map(|i| format!("{}@{}:{}", i.code, i.line, i.col))
        .collect()
}

#[test]
fn a_heading_that_skips_a_level_or_repeats_the_title_s_h1_is_a_warning() {
    let post = "---\ntitle: T\n---\n\n## Two\n\n#### Four\n\n### Three\n\n# One\n";
    let got = issues(post);
    assert_eq!(found(&got), ["heading-order@7:1", "heading-order@11:1"]);
    assert!(
        got[0].message.contains("make it `###`"),
        "{}",
        got[0].message
    );
    assert!(got[1].message.contains("second h1"), "{}", got[1].message);
    assert!(got.iter().all(|i| i.severity == Severity::Warning));
    // Starting at `###` skips `##` under the title.
    assert_eq!(found(&issues("### Three\n")), ["heading-order@1:1"]);
}

#[test]
fn an_image_without_alt_text_is_a_warning_but_html_decoration_is_not() {
    let post = "---\ntitle: T\n---\n\n![](/assets/there.png)\n\n![A chart](/assets/there.png)\n\n<img src=\"/assets/there.png\">\n\n<p><img src=\"/assets/there.png\" alt=\"\"></p>\n";
    assert_eq!(
        found(&issues(post)),
        ["missing-alt@5:5", "missing-alt@9:11"]
    );
}

#[test]
fn an_image_that_is_not_in_the_blog_is_an_error_that_says_where_it_looked() {
    let post = "---\ntitle: T\n---\n\nText ![a](/assets/gone.png) and ![b](pic.png) and <img alt=\"c\" src=\"../../outside.png\"> and ![d](https://example.com/x.png)\n";
    let got = issues(post);
    assert_eq!(
        found(&got),
        [
            "missing-image@5:11",
            "missing-image@5:38",
            "missing-image@5:69"
        ]
    );
    assert!(
        got[0].message.contains("public/assets/gone.png"),
        "{}",
        got[0].message
    );
    assert!(
        got[1].message.contains("_posts/pic.png"),
        "{}",
        got[1].message
    );
    assert!(
        got[2].message.contains("outside the blog"),
        "{}",
        got[2].message
    );
    assert!(got.iter().all(|i| i.severity == Severity::Error));
}

#[test]
fn an_image_git_ignores_is_a_warning_and_one_not_committed_yet_is_said() {
    let post = "---\ntitle: T\n---\n\n![a](/assets/there.png)\n";
    let ignored = |_: &str| Tracked::Ignored;
    let got = issues_with(post, "", Some(&ignored));
    assert_eq!(found(&got), ["untracked-image@5:6"]);
    assert_eq!(got[0].severity, Severity::Warning);
    assert!(
        got[0].message.contains("public/assets/there.png"),
        "{}",
        got[0].message
    );
    let untracked = |_: &str| Tracked::Untracked;
    let got = issues_with(post, "", Some(&untracked));
    assert_eq!(got[0].severity, Severity::Info);
    assert!(
        got[0].message.contains("Publish commits it"),
        "{}",
        got[0].message
    );
    let tracked = |_: &str| Tracked::Yes;
    assert!(issues_with(post, "", Some(&tracked)).is_empty());
}

#[test]
fn a_link_to_no_post_or_no_heading_is_an_error_with_the_nearest_one() {
    let post = "---\ntitle: T\n---\n\n## Intro\n\n\
        [ok](/posts/other) [ok](/posts/other/) [ok](#intro) [ok](/posts/other#running-it) [ok](./other.md#setup)\n\
        [ok](/about) [ok](https://example.com/x) [ok](mailto:a@b.c) [ok](/assets/there.png)\n\
        [gone](/posts/othr) [bad](#intr) [bad](/posts/other#setupp) [gone](./gone.md) <a href=\"/posts/nothing-like-it\">x</a>\n";
    let got = issues(post);
    assert_eq!(
        found(&got),
        [
            "broken-link@9:8",
            "broken-link@9:27",
            "broken-link@9:40",
            "broken-link@9:68",
            "broken-link@9:88"
        ]
    );
    assert!(
        got[0].message.contains("did you mean /posts/other?"),
        "{}",
        got[0].message
    );
    assert!(
        got[1].message.contains("did you mean #intro?"),
        "{}",
        got[1].message
    );
    assert!(
        got[2].message.contains("of _posts/other.md"),
        "{}",
        got[2].message
    );
    assert!(
        got[2].message.contains("did you mean #setup?"),
        "{}",
        got[2].message
    );
    assert!(
        got[3].message.contains("gone.md is not a file of the blog"),
        "{}",
        got[3].message
    );
    assert!(
        !got[4].message.contains("did you mean"),
        "{}",
        got[4].message
    );
}

#[test]
fn a_relative_link_resolves_against_the_post_s_own_url() {
    let post = "---\ntitle: T\n---\n\n[ok](other) [gone](nothing)\n";
    assert_eq!(found(&issues(post)), ["broken-link@5:20"]);
}

#[test]
fn the_blog_turns_rules_off_in_postdesk_toml() {
    let post = "---\ntitle: T\n---\n\n#### Deep\n\n![](/assets/gone.png) [x](/posts/gone)\n";
    assert_eq!(
        found(&issues(post)),
        [
            "heading-order@5:1",
            "missing-alt@7:5",
            "missing-image@7:5",
            "broken-link@7:27"
        ]
    );
    let off = "[checks]\noff = [\"missing-alt\", \"heading-order\", \"broken-link\"]\n";
    assert_eq!(found(&issues_with(post, off, None)), ["missing-image@7:5"]);
}

#[test]
fn an_unknown_rule_in_postdesk_toml_is_refused_with_the_known_ones() {
    let err = crate::blog::config::parse("[checks]\noff = [\"missing-alts\"]\n").unwrap_err();
    let message = err.to_string();
    assert!(message.contains("missing-alts"), "{message}");
    assert!(message.contains("missing-alt"), "{message}");
    assert!(message.contains("postdesk.toml:2"), "{message}");
}

#[test]
fn shortcodes_and_liquid_in_a_destination_are_left_to_their_own_checks() {
    let post = "---\ntitle: T\n---\n\n[x]({{< ref \"gone\" >}}) ![y]({{ site.url }}/gone.png)\n";
    assert!(issues(post).is_empty(), "{:?}", issues(post));
}

#[test]
fn the_body_is_read_as_the_preview_reads_it() {
    // An image in a code block is no image; one in a footnote is.
    let post = "---\ntitle: T\n---\n\n```\n![](/assets/gone.png)\n```\n\nText[^1].\n\n[^1]: ![](/assets/gone.png)\n";
    assert_eq!(
        found(&issues(post)),
        ["missing-alt@11:11", "missing-image@11:11"]
    );
}

/// Each fix, applied to the text as the window applies it: `len`
/// characters from its line and column replaced (by the answer, when it
/// asks one).
fn fixed(text: &str, issue: &Issue, answer: &str) -> String {
    let fix = issue.fix.as_ref().expect("a fix");
    let line_start: usize = text
        .split_inclusive('\n')
        .take(fix.line - 1)
        .map(str::len)
        .sum();
    let from = line_start
        + text[line_start..]
            .chars()
            .take(fix.col - 1)
            .map(char::len_utf8)
            .sum::<usize>();
    let to = from
        + text[from..]
            .chars()
            .take(fix.len)
            .map(char::len_utf8)
            .sum::<usize>();
    let insert = if fix.ask.is_some() {
        answer
    } else {
        &fix.insert
    };
    format!("{}{insert}{}", &text[..from], &text[to..])
}

#[test]
fn quick_fixes_put_in_the_route_heading_level_site_path_or_alt_text_meant() {
    let post = "---\ntitle: T\n---\n\n## Intro\n\n#### Déjà vu\n\n[a](/posts/othr#running) [b](#intr) ![](public/assets/there.png)\n";
    let got = issues(post);
    let codes: Vec<&str> = got.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "heading-order",
            "broken-link",
            "broken-link",
            "missing-alt",
            "missing-image"
        ]
    );
    assert!(fixed(post, &got[0], "").contains("\n### Déjà vu\n"));
    // The route first; once it is right, its anchor.
    let once = fixed(post, &got[1], "");
    assert!(once.contains("[a](/posts/other#running)"), "{once}");
    let again = issues(&once);
    let anchor = again
        .iter()
        .find(|i| i.message.contains("#running"))
        .unwrap();
    assert!(fixed(&once, anchor, "").contains("[a](/posts/other#running-it)"));
    assert!(fixed(post, &got[2], "").contains("[b](#intro)"));
    assert_eq!(
        got[3].fix.as_ref().unwrap().ask.as_deref(),
        Some("What does the image public/assets/there.png show?")
    );
    assert!(fixed(post, &got[3], "A chart").contains("![A chart](public/assets/there.png)"));
    assert!(fixed(post, &got[4], "").contains("![](/assets/there.png)"));
    // What a fix leaves is clean.
    let all = fixed(
        &fixed(&fixed(post, &got[4], ""), &got[3], "A chart"),
        &got[2],
        "",
    );
    let all = fixed(&all, &got[0], "");
    let left: Vec<String> = issues(&all).iter().map(|i| i.code.clone()).collect();
    assert_eq!(left, ["broken-link"], "{all}");
}

/// A Hugo site's links, checked against the routes Hugo itself gives its
/// pages (the `hugo-routes` fixture, recorded from Hugo) and goldmark's
/// heading ids.
#[test]
fn a_hugo_site_s_links_follow_its_routes_and_goldmark_s_heading_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hugo-routes");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(&root)
        .status()
        .unwrap();
    assert!(copied.success());
    let post = "---\ntitle: Links\ndate: 2024-03-05T10:00:00Z\n---\n\n## Hello, World!\n\n\
        [a](/2024/03/custom-slug/) [b](/posts/plain) [c](../plain/) [d](#hello-world) [e](/custom/place/)\n\
        [f](/posts/plian/) [g](#hello-world-) [h](/posts/nested/deeper/)\n";
    std::fs::write(root.join("content/posts/links.md"), post).unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = crate::index::scan(&blog, None).unwrap();
    let routes = Routes::new(index.routes());
    let around = Around {
        blog: &blog,
        routes: &routes,
        tracked: None,
    };
    let options = RenderOptions::for_blog(&blog, "content/posts/links.md".into(), post, Vec::new);
    let got = check(post, &options, &around);
    assert_eq!(
        found(&got),
        ["broken-link@9:5", "broken-link@9:24", "broken-link@9:43"],
        "{got:#?}"
    );
    assert!(
        got[0].message.contains("did you mean /posts/plain/?"),
        "{}",
        got[0].message
    );
    assert!(
        got[1].message.contains("did you mean #hello-world?"),
        "{}",
        got[1].message
    );
    assert!(
        got[2].message.contains("/posts/nested/deeper/"),
        "{}",
        got[2].message
    );
}

/// A Jekyll site's links, checked against the URLs Jekyll itself gives its
/// posts (the `jekyll-routes` fixture: `/:categories/:year/:month/:title/`,
/// recorded from Jekyll) and kramdown's GFM heading ids.
#[test]
fn a_jekyll_site_s_links_follow_its_permalinks_and_kramdown_s_heading_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-routes");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(&root)
        .status()
        .unwrap();
    assert!(copied.success());
    let post = "---\ntitle: Links\n---\n\n## Hello, World!\n\n\
        [a](/tech/rust/2024/03/first-post/) [b](/fixed/place.html) [c](#hello-world)\n\
        [d](/2024/03/other-nam/) [e](#hello)\n";
    let rel = "_posts/2024-04-01-links.md";
    std::fs::write(root.join(rel), post).unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = crate::index::scan(&blog, None).unwrap();
    let routes = Routes::new(index.routes());
    let around = Around {
        blog: &blog,
        routes: &routes,
        tracked: None,
    };
    let options = RenderOptions::for_blog(&blog, rel.into(), post, Vec::new);
    let got = check(post, &options, &around);
    assert_eq!(
        found(&got),
        ["broken-link@8:5", "broken-link@8:30"],
        "{got:#?}"
    );
    assert!(
        got[0]
            .message
            .contains("did you mean /2024/03/other-name/?"),
        "{}",
        got[0].message
    );
    assert!(
        got[1].message.contains("did you mean #hello-world?"),
        "{}",
        got[1].message
    );
}

/// An Astro blog (the blog template: `/blog/<slug>/`), its links to posts
/// by route and by file, and github-slugger heading ids.
#[test]
fn an_astro_blog_s_links_follow_its_template_s_routes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/astro");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(&fixture)
        .arg(&root)
        .status()
        .unwrap();
    assert!(copied.success());
    let post = "---\ntitle: Links\npubDate: 2024-04-01\n---\n\n## Hello, World!\n\n\
        [a](/blog/post-1/) [b](../post-2/) [c](./post-3.mdx) [d](#hello-world)\n\
        [e](/blog/post-5/) [f](./post-9.mdx)\n";
    let rel = "src/content/blog/links.md";
    std::fs::write(root.join(rel), post).unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = crate::index::scan(&blog, None).unwrap();
    let routes = Routes::new(index.routes());
    let around = Around {
        blog: &blog,
        routes: &routes,
        tracked: None,
    };
    let options = RenderOptions::for_blog(&blog, rel.into(), post, Vec::new);
    let got = check(post, &options, &around);
    assert_eq!(
        found(&got),
        ["broken-link@9:5", "broken-link@9:24"],
        "{got:#?}"
    );
    assert!(
        got[0].message.contains("did you mean /blog/post-"),
        "{}",
        got[0].message
    );
    assert!(
        got[1]
            .message
            .contains("post-9.mdx is not a file of the blog"),
        "{}",
        got[1].message
    );
}
