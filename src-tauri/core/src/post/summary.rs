//! One post on disk: reading it safely and summarising its front-matter for
//! the post list.
//!
//! Summaries are lenient: a post whose front-matter does not parse is still
//! listed (titled by its file name) with the problem attached, so one broken
//! file never hides the rest of the blog.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::front_matter::locate::{self, Located, MAX_FRONT_MATTER_BYTES};
use crate::front_matter::{self, SplitError};
use crate::issue::Issue;

/// Posts larger than this are refused: nobody writes 10 MiB of markdown, and
/// the editor would choke on it.
pub const MAX_POST_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("{path}: could not read the file ({source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is {size} bytes, over the 10 MiB limit for a post; split it or move large content out")]
    TooLarge { path: String, size: u64 },
    #[error("{path}: the file is not UTF-8 text (byte {offset}); save it as UTF-8 in your editor")]
    NotText { path: String, offset: usize },
    #[error("{path}:{source}")]
    Split {
        path: String,
        #[source]
        source: SplitError,
    },
    #[error("{path}: front-matter is {size} bytes, over the 1 MiB limit; move large data out of the front-matter")]
    FrontMatterTooLarge { path: String, size: usize },
    #[error("{path}:{line}:{col}: {message}")]
    FrontMatter {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
}

/// The whole text of a post, as written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PostText {
    /// Relative to the blog root, `/`-separated.
    pub path: String,
    pub text: String,
}

/// One row of the post list.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PostSummary {
    /// Relative to the blog root, `/`-separated.
    pub path: String,
    pub slug: String,
    pub title: String,
    /// The date as the writer wrote it.
    pub date: Option<String>,
    /// Whether the published site has it, as the generator decides
    /// (`blog::site`): `published`, `draft`, `scheduled`, `expired`,
    /// `skipped` — or the post's own `status` (blog-starter).
    pub status: String,
    pub tags: Vec<String>,
    /// `category` (blog-starter) or the first of `categories` (Jekyll, Hugo).
    #[serde(default)]
    pub category: Option<String>,
    /// Why the front-matter could not be read, if it could not.
    pub problem: Option<String>,
    /// The key the date came from, when it is not `date`
    /// (`publishedAt`, `pubDate`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub date_key: Option<String>,
    /// The instant the generator dates the post at (Unix seconds), for
    /// sorting and showing; `None` when it gives it no date (`date` may
    /// still hold text it does not read).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    /// When `status` next changes by itself (a scheduled post's publish
    /// date, an expiry date), in Unix seconds: a cached summary is read
    /// afresh from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(skip)]
    pub until: Option<i64>,
    /// Where the generator puts the post's page (`/posts/x/`), by its
    /// routing rules (`blog::route`).
    #[serde(default)]
    pub url: Option<String>,
    /// The post's language, in a blog of several (`blog::languages`).
    #[serde(default)]
    pub lang: Option<String>,
    /// A key the post shares with its translations and no other post (in
    /// a blog of several languages).
    #[serde(default)]
    pub group: Option<String>,
}

/// The keys a post's date is read from, in order: `date`, then what forks
/// and generators use instead (blog-starter forks' `publishedAt`, Astro's
/// blog template's `pubDate`, Hugo's `publishDate`).
pub const DATE_KEYS: &[&str] = &[
    "date",
    "publishedAt",
    "pubDate",
    "publishDate",
    "published_at",
];

/// Reads a post's text, refusing huge and non-UTF-8 files with a clear error.
pub fn read_text(file: &Path, display: &str) -> Result<String, PostError> {
    let io = |source| PostError::Io {
        path: display.to_owned(),
        source,
    };
    let size = std::fs::metadata(file).map_err(io)?.len();
    if size > MAX_POST_BYTES {
        return Err(PostError::TooLarge {
            path: display.to_owned(),
            size,
        });
    }
    // A regular file only (never a device or FIFO), and never past the cap.
    let bytes = crate::disk::paths::read_capped(file, MAX_POST_BYTES).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| PostError::NotText {
        path: display.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Parses the front-matter of `text` into a generic value (an empty object
/// when there is none).
pub fn front_matter_value(text: &str, display: &str) -> Result<Value, PostError> {
    let split = front_matter::split(text).map_err(|source| PostError::Split {
        path: display.to_owned(),
        source,
    })?;
    let size = split.front_matter.len();
    if size > MAX_FRONT_MATTER_BYTES {
        return Err(PostError::FrontMatterTooLarge {
            path: display.to_owned(),
            size,
        });
    }
    let (value, _) = locate::values(text, &split).map_err(|e| PostError::FrontMatter {
        path: display.to_owned(),
        line: e.line,
        col: e.col,
        message: e.message,
    })?;
    Ok(value)
}

/// The slug a site would give this file: the file stem, without a Jekyll
/// `YYYY-MM-DD-` prefix; a page bundle's `index.md` takes its folder's name.
pub fn slug_of(rel_path: &str) -> String {
    let path = Path::new(rel_path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = if stem == "index" || stem == "_index" {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    };
    strip_date_prefix(&stem).to_owned()
}

fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-';
    if dated {
        &stem[11..]
    } else {
        stem
    }
}

/// Builds the list row for a post from its text.
pub fn summarize(rel_path: &str, text: &str) -> PostSummary {
    summary_from(rel_path, &locate::locate(text))
}

/// Builds the list row from an already parsed front-matter.
pub fn summary_from(rel_path: &str, located: &Result<Located, Issue>) -> PostSummary {
    let slug = slug_of(rel_path);
    let mut summary = PostSummary {
        path: rel_path.to_owned(),
        slug: slug.clone(),
        title: slug,
        date: None,
        status: "published".to_owned(),
        tags: Vec::new(),
        category: None,
        problem: None,
        date_key: None,
        at: None,
        until: None,
        url: None,
        lang: None,
        group: None,
    };
    let fm = match located {
        Ok(l) => &l.value,
        Err(issue) => {
            summary.problem = Some(format!(
                "{rel_path}:{}:{}: {}",
                issue.line, issue.col, issue.message
            ));
            return summary;
        }
    };
    if let Some(t) = fm.get("title").and_then(scalar_text) {
        summary.title = t;
    }
    if let Some((key, date)) = DATE_KEYS
        .iter()
        .find_map(|k| fm.get(*k).and_then(scalar_text).map(|d| (*k, d)))
    {
        summary.date = Some(date);
        summary.date_key = (key != "date").then(|| key.to_owned());
    }
    let draft = fm.get("draft").and_then(Value::as_bool) == Some(true)
        || fm.get("published").and_then(Value::as_bool) == Some(false);
    summary.status = match fm.get("status").and_then(Value::as_str) {
        Some(s) => s.to_owned(),
        None if draft => "draft".to_owned(),
        None => "published".to_owned(),
    };
    summary.tags = match fm.get("tags") {
        Some(Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
        // Jekyll accepts `tags: a b c`.
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    summary.category =
        fm.get("category")
            .and_then(scalar_text)
            .or_else(|| match fm.get("categories") {
                Some(Value::Array(items)) => items.first().and_then(scalar_text),
                Some(Value::String(s)) => s.split_whitespace().next().map(str::to_owned),
                _ => None,
            });
    summary
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../sample/_posts/building-scalable-apis.md");

    #[test]
    fn the_seed_post_summarises() {
        let s = summarize("_posts/building-scalable-apis.md", SEED);
        assert_eq!(s.title, "Building Scalable APIs: Lessons from Production");
        assert_eq!(s.slug, "building-scalable-apis");
        assert_eq!(s.date.as_deref(), Some("2024-01-15T08:30:00.000Z"));
        assert_eq!(s.status, "published");
        assert_eq!(
            s.tags,
            [
                "api",
                "scalability",
                "backend",
                "microservices",
                "performance"
            ]
        );
        assert_eq!(s.problem, None);
    }

    #[test]
    fn jekyll_and_bundle_slugs() {
        assert_eq!(slug_of("_posts/2024-01-15-hello-world.md"), "hello-world");
        assert_eq!(slug_of("content/posts/trip/index.md"), "trip");
        assert_eq!(slug_of("_posts/2024-notes.md"), "2024-notes");
    }

    #[test]
    fn hugo_toml_draft() {
        let s = summarize(
            "content/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-02T03:04:05Z\ndraft = true\n+++\nx",
        );
        assert_eq!(s.title, "A");
        assert_eq!(s.status, "draft");
        assert_eq!(s.date.as_deref(), Some("2024-01-02T03:04:05Z"));
    }

    #[test]
    fn broken_yaml_is_listed_with_its_problem_and_line() {
        let s = summarize("_posts/bad.md", "---\ntitle: A\ntags: [a, b\n---\nx");
        assert_eq!(s.title, "bad");
        let problem = s.problem.unwrap();
        assert!(problem.starts_with("_posts/bad.md:3:"), "{problem}");
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = front_matter_value("---\ntitle: A\ntitle: B\n---\n", "p.md").unwrap_err();
        assert!(matches!(err, PostError::FrontMatter { .. }), "{err}");
    }

    #[test]
    fn non_utf8_and_huge_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin.md");
        std::fs::write(&bin, b"ok\xff\xfe").unwrap();
        let err = read_text(&bin, "bin.md").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bin.md: the file is not UTF-8 text (byte 2); save it as UTF-8 in your editor"
        );
        let big = dir.path().join("big.md");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_POST_BYTES + 1)
            .unwrap();
        assert!(matches!(
            read_text(&big, "big.md"),
            Err(PostError::TooLarge { .. })
        ));
    }
}
