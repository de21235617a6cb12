//! Each fixture blog has an `expected.txt` with every issue its posts must
//! produce (`path:line:col: severity[code] field`); info issues about known
//! fields are listed too. A missing or extra issue fails the test.

use postdesk_core::index;
use postdesk_core::issue::Severity;
use postdesk_core::Blog;

fn issues_of(name: &str) -> (String, String) {
    let root = crate::fixture(name);
    let blog = Blog::open(&root).unwrap();
    let index = index::scan(&blog, None).unwrap();
    let mut lines = Vec::new();
    for (path, issues) in index.check_all(&blog) {
        for i in issues {
            let level = match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let field = i.field.map_or("-".to_owned(), |f| format!("`{f}`"));
            lines.push(format!(
                "{path}:{}:{}: {level}[{}] {field}",
                i.line, i.col, i.code
            ));
        }
    }
    let expected = std::fs::read_to_string(root.join("expected.txt")).unwrap();
    (lines.join("\n"), expected.trim_end().to_owned())
}

#[test]
fn blog_starter_fixtures() {
    let (got, expected) = issues_of("blog-starter");
    assert_eq!(got, expected);
}

#[test]
fn jekyll_fixtures() {
    let (got, expected) = issues_of("jekyll");
    assert_eq!(got, expected);
}

#[test]
fn hugo_fixtures() {
    let (got, expected) = issues_of("hugo");
    assert_eq!(got, expected);
}

#[test]
fn astro_fixtures_with_an_inferred_schema() {
    let (got, expected) = issues_of("astro");
    assert_eq!(got, expected);
}

/// The body checks' fixture: every issue of every post's body, with the
/// label of its quick fix (`… fix: Link to /posts/x`).
#[test]
fn body_checks_fixture() {
    use postdesk_core::preview::checks::{Around, Routes};
    let root = crate::fixture("body-checks");
    let blog = Blog::open(&root).unwrap();
    let index = index::scan(&blog, None).unwrap();
    let routes = Routes::new(index.routes());
    let around = Around {
        blog: &blog,
        routes: &routes,
        tracked: None,
    };
    let mut lines = Vec::new();
    for (path, mut issues) in index.check_all(&blog) {
        let text = std::fs::read_to_string(root.join(&path)).unwrap();
        let options =
            postdesk_core::preview::RenderOptions::for_blog(&blog, path.clone(), &text, Vec::new);
        issues.extend(postdesk_core::preview::problems(
            &text,
            &options,
            Some(&around),
        ));
        for i in issues {
            let level = match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let fix = i
                .fix
                .map(|f| format!(" fix: {}", f.label))
                .unwrap_or_default();
            lines.push(format!(
                "{path}:{}:{}: {level}[{}]{fix}",
                i.line, i.col, i.code
            ));
        }
    }
    let got = lines.join("\n");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(root.join("expected.txt"), format!("{got}\n")).unwrap();
    }
    let expected = std::fs::read_to_string(root.join("expected.txt")).unwrap();
    assert_eq!(got, expected.trim_end());
}

#[test]
fn front_matter_over_the_cap_is_refused_with_its_own_code() {
    let big = format!(
        "---\ntitle: \"{}\"\n---\nBody\n",
        "x".repeat(1024 * 1024 + 1)
    );
    let issue = postdesk_core::front_matter::locate(&big).unwrap_err();
    assert_eq!(issue.code, "front-matter-too-large");
    assert!(issue.message.contains("1 MiB"), "{}", issue.message);
}

#[test]
fn every_message_says_how_to_fix_it() {
    let blog = Blog::open(&crate::fixture("blog-starter")).unwrap();
    let index = index::scan(&blog, None).unwrap();
    for (path, issues) in index.check_all(&blog) {
        for i in issues {
            assert!(
                i.message.len() > 20 && (i.message.contains(';') || i.message.contains(':')),
                "{path}: {}",
                i.message
            );
        }
    }
}

/// A blog-starter fork whose posts all use `publishedAt` instead of `date`:
/// the built-in schema does not fit, which is said once (not once per
/// post), the posts are checked against the schema they follow, and the
/// list is dated and sorted by `publishedAt`.
#[test]
fn a_fork_that_dates_posts_another_way_is_not_flooded() {
    let blog = Blog::open(&crate::fixture("published-at")).unwrap();
    let index = index::scan(&blog, None).unwrap();
    assert_eq!(
        index.note.as_deref(),
        Some("5 of 5 posts have no `date`, which the built-in blog-starter schema requires, so it is not this blog's schema: its posts are checked against one inferred from them instead (they date posts with `publishedAt`). To keep that schema, run `postdesk schema --infer --write`.")
    );
    let errors: Vec<_> = index
        .check_all(&blog)
        .into_iter()
        .flat_map(|(_, issues)| issues)
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert_eq!(errors, []);
    let dates: Vec<_> = index
        .summaries()
        .into_iter()
        .map(|s| s.date.unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        [
            "2024-05-10",
            "2024-04-10",
            "2024-03-10",
            "2024-02-10",
            "2024-01-10"
        ]
    );
}

#[test]
fn hugo_fixtures_with_frontmatter_settings() {
    let (got, expected) = issues_of("hugo-frontmatter");
    assert_eq!(got, expected);
}
