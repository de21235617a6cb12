//! `postdesk check` and the post list against what the real generators do
//! with the same posts. Each fixture blog's `generator.json` was recorded
//! by `tests/generators/record.sh` with Debian's `hugo` (0.111) and
//! `jekyll` (4.3), building each post alone (`make test` records them
//! again and fails if they no longer match). The laws:
//! - a post has an error exactly when the generator fails or logs an error
//!   for it ("a check means the site would break"), its front-matter and
//!   its body alike (a shortcode with no template, a `ref` to no page,
//!   Liquid that does not parse, a `post_url` to no post);
//! - the list dates it at the instant the generator does, titles it as
//!   the generator does, calls it published exactly when the published
//!   site has it, and puts it at the URL the generator puts it.

use postdesk_core::index;
use postdesk_core::issue::Severity;
use postdesk_core::preview::{self, RenderOptions};
use postdesk_core::Blog;
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    path: String,
    error: bool,
    message: String,
    published: bool,
    title: String,
    date: String,
    /// The page's path as the generator writes it (`.RelPermalink`,
    /// `page.url`).
    url: String,
}

fn agree(name: &str) {
    let root = crate::fixture(name);
    let records: Vec<Record> =
        serde_json::from_str(&std::fs::read_to_string(root.join("generator.json")).unwrap())
            .unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = index::scan(&blog, None).unwrap();
    let mut checks = index.check_all(&blog);
    // What the body holds that would stop the build (shortcodes, Liquid),
    // as the window's Problems panel and `postdesk check` add it.
    for (rel, issues) in &mut checks {
        let text = std::fs::read_to_string(root.join(&*rel)).unwrap();
        let options = RenderOptions::for_blog(&blog, rel.clone(), &text, || {
            index.entries.iter().map(|e| &e.summary).collect()
        });
        issues.extend(preview::problems(&text, &options, None));
    }
    let summaries = index.summaries();
    assert_eq!(
        records.len(),
        summaries.len(),
        "{name}: every post is recorded (run tests/generators/record.sh)"
    );
    let mut disagree = Vec::new();
    for r in &records {
        let errors: Vec<String> = checks
            .iter()
            .filter(|(p, _)| *p == r.path)
            .flat_map(|(_, issues)| issues)
            .filter(|i| i.severity == Severity::Error)
            .map(|i| format!("{}: {}", i.code, i.message))
            .collect();
        if errors.is_empty() == r.error {
            disagree.push(format!(
                "{}: the generator {} ({}), Postdesk says {:?}",
                r.path,
                if r.error { "fails" } else { "builds it" },
                r.message,
                errors
            ));
        }
        if r.error {
            continue;
        }
        let s = summaries.iter().find(|s| s.path == r.path).unwrap();
        if r.published != (s.status == "published") {
            disagree.push(format!(
                "{}: the generator {} it, Postdesk calls it {}",
                r.path,
                if r.published {
                    "publishes"
                } else {
                    "leaves out"
                },
                s.status
            ));
        }
        // A post the generator skips entirely has no title or date there.
        if r.title.is_empty() && r.date.is_empty() {
            continue;
        }
        if s.title != r.title {
            disagree.push(format!(
                "{}: titled {:?}, Postdesk {:?}",
                r.path, r.title, s.title
            ));
        }
        if !r.url.is_empty() && s.url.as_deref() != Some(r.url.as_str()) {
            disagree.push(format!("{}: at {}, Postdesk {:?}", r.path, r.url, s.url));
        }
        let at = (r.date != "0001-01-01T00:00:00Z")
            .then(|| r.date.parse::<jiff::Timestamp>().unwrap().as_second());
        if s.at != at {
            disagree.push(format!(
                "{}: dated {}, Postdesk {:?} ({:?})",
                r.path,
                r.date,
                s.at.map(|t| jiff::Timestamp::from_second(t).unwrap().to_string()),
                s.date
            ));
        }
    }
    assert!(disagree.is_empty(), "{name}:\n{}", disagree.join("\n"));
}

#[test]
fn hugo_agrees_with_hugo() {
    agree("hugo");
}

#[test]
fn hugo_with_frontmatter_settings_agrees_with_hugo() {
    agree("hugo-frontmatter");
}

#[test]
fn jekyll_agrees_with_jekyll() {
    agree("jekyll");
}

#[test]
fn hugo_routes_agree_with_hugo() {
    agree("hugo-routes");
}

#[test]
fn jekyll_routes_agree_with_jekyll() {
    agree("jekyll-routes");
}
