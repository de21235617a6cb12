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
