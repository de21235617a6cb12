//! Creating a post: a slug from the title, the file where the blog's kind
//! wants it, and front-matter filled from the schema's defaults.

use serde_json::Value;

use crate::blog::{Blog, BlogKind};
use crate::date::{self, DateStyle};
use crate::disk::save::{self, SaveError};
use crate::front_matter::edit;
use crate::front_matter::yaml::Style;
use crate::post::schema::{Field, FieldKind};
use crate::post::PostSummary;

#[derive(Debug, thiserror::Error)]
pub enum NewPostError {
    #[error("the title is empty; give the post a title")]
    EmptyTitle,
    #[error("the title `{0}` has no letters or digits to make a file name from; add some")]
    NoSlug(String),
    #[error("the blog has no content folder `{0}`; create it or set `content` in postdesk.toml")]
    NoContentDir(String),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Writes a new draft post and returns its path relative to the root.
pub fn create(
    blog: &Blog,
    posts: &[PostSummary],
    schema: &[Field],
    title: &str,
    now: jiff::Timestamp,
) -> Result<String, NewPostError> {
    create_by(blog, posts, schema, title, now, None)
}

/// [`create`], with the writer's default author filled in (`author.name`
/// when the schema's author is a group, else `author`).
pub fn create_by(
    blog: &Blog,
    posts: &[PostSummary],
    schema: &[Field],
    title: &str,
    now: jiff::Timestamp,
    author: Option<&str>,
) -> Result<String, NewPostError> {
    let (base, dir, date) = prepare(blog, posts, title, now)?;
    let title = title.trim();
    let mut text = front_matter(blog.kind(), schema, title, &date);
    if let Some(name) = author.map(str::trim).filter(|a| !a.is_empty()) {
        let path: &[&str] = match schema.iter().find(|f| f.name == "author") {
            Some(f) if f.kind == crate::post::schema::FieldKind::Object => &["author", "name"],
            _ => &["author"],
        };
        let order = crate::post::schema::order_at(schema, &path[..path.len() - 1]);
        if let Ok(with) = crate::front_matter::edit::set(
            &text,
            path,
            &serde_json::Value::String(name.to_owned()),
            &order,
        ) {
            text = with;
        }
    }
    let slugs = slugs(posts);
    for n in 1.. {
        let rel = candidate(blog, &dir, &base, &date, n);
        if slugs.contains(crate::post::slug_of(&rel).as_str()) {
            continue;
        }
        match save::create(blog.root(), &rel, text.as_bytes()) {
            Ok(_) => return Ok(rel),
            Err(SaveError::Exists { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("the loop returns")
}

/// The file `create` would write for `title` now (the slug preview).
pub fn planned(
    blog: &Blog,
    posts: &[PostSummary],
    title: &str,
    now: jiff::Timestamp,
) -> Result<String, NewPostError> {
    let (base, dir, date) = prepare(blog, posts, title, now)?;
    let slugs = slugs(posts);
    for n in 1.. {
        let rel = candidate(blog, &dir, &base, &date, n);
        let slug = crate::post::slug_of(&rel);
        if !slugs.contains(slug.as_str()) && !blog.root().join(&rel).exists() {
            return Ok(rel);
        }
    }
    unreachable!("the loop returns")
}

/// The title's slug, the folder, and the date in the blog's own style.
fn prepare(
    blog: &Blog,
    posts: &[PostSummary],
    title: &str,
    now: jiff::Timestamp,
) -> Result<(String, String, String), NewPostError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(NewPostError::EmptyTitle);
    }
    let base = crate::text::slugify(title);
    if base.is_empty() {
        return Err(NewPostError::NoSlug(title.to_owned()));
    }
    let dir = content_dir(blog)?;
    let date_style = date_style_of(posts).unwrap_or(blog.kind().rules().new_date_style);
    Ok((base, dir, date::format_date(now, date_style)))
}

/// The `n`th candidate file (`slug.md`, `slug-2.md`, …; Jekyll's
/// `YYYY-MM-DD-slug.md`).
fn candidate(blog: &Blog, dir: &str, base: &str, date: &str, n: usize) -> String {
    let slug = if n == 1 {
        base.to_owned()
    } else {
        format!("{base}-{n}")
    };
    let name = if blog.kind().rules().dated_file_names {
        format!("{}-{slug}.md", date.get(..10).unwrap_or(date))
    } else {
        format!("{slug}.md")
    };
    format!("{dir}/{name}")
}

fn content_dir(blog: &Blog) -> Result<String, NewPostError> {
    let dirs = blog.content_dirs();
    let first = dirs.first().cloned().unwrap_or_default();
    // Hugo and Astro keep posts in a section folder when there is one.
    for sub in blog.kind().rules().sections {
        let candidate = format!("{first}/{sub}");
        if blog.root().join(&candidate).is_dir() {
            return Ok(candidate);
        }
    }
    if blog.root().join(&first).is_dir() {
        Ok(first)
    } else {
        Err(NewPostError::NoContentDir(first))
    }
}

/// The slugs the blog's posts have.
fn slugs(posts: &[PostSummary]) -> std::collections::HashSet<&str> {
    posts.iter().map(|p| p.slug.as_str()).collect()
}

/// The date style most posts use.
fn date_style_of(posts: &[PostSummary]) -> Option<DateStyle> {
    let mut counts: Vec<(DateStyle, usize)> = Vec::new();
    for p in posts {
        if let Some(style) = p.date.as_deref().and_then(date::parse_date) {
            match counts.iter_mut().find(|(s, _)| *s == style) {
                Some((_, n)) => *n += 1,
                None => counts.push((style, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s)
}

fn front_matter(kind: BlogKind, schema: &[Field], title: &str, date: &str) -> String {
    let style = if kind.rules().quotes_new_values {
        Style::DoubleQuoted
    } else {
        Style::Plain
    };
    let mut out = String::from("---\n");
    for field in schema {
        let value = match (field.name.as_str(), field.kind) {
            ("title", _) => Value::String(title.to_owned()),
            (_, FieldKind::Date | FieldKind::Datetime)
                if field.required || field.name == "date" =>
            {
                Value::String(date.to_owned())
            }
            ("status", FieldKind::Enum) if field.values.iter().any(|v| v == "draft") => {
                Value::String("draft".into())
            }
            ("draft", FieldKind::Bool) => Value::Bool(true),
            ("published", FieldKind::Bool) => Value::Bool(false),
            _ => match &field.default {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        let rendered = match &value {
            Value::Array(items) => {
                let inner: Vec<String> = items
                    .iter()
                    .map(|i| edit::render_scalar(i, style))
                    .collect();
                format!("[{}]", inner.join(", "))
            }
            v => edit::render_scalar(v, style),
        };
        out.push_str(&format!("{}: {rendered}\n", field.name));
    }
    out.push_str("---\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2024-05-06T07:08:09.123Z".parse().unwrap()
    }

    #[test]
    fn slugs_are_ascii_lower_case() {
        assert_eq!(
            crate::text::slugify("Héllo, Wörld! Ça va?"),
            "hello-world-ca-va"
        );
        assert_eq!(crate::text::slugify("  Rust & Tauri 2  "), "rust-tauri-2");
    }

    #[test]
    fn a_new_blog_starter_post_is_a_valid_draft() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        crate::app::sample::write(&root, 0).unwrap();
        let blog = Blog::open(&root).unwrap();
        let index = crate::index::scan(&blog, None).unwrap();
        let schema = index.schema.clone();
        let rel = create(&blog, &index.summaries(), &schema, "My First Post", now()).unwrap();
        assert_eq!(rel, "_posts/my-first-post.md");
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        assert_eq!(
            text,
            "---\ntitle: \"My First Post\"\ndate: \"2024-05-06T07:08:09.123Z\"\ntags: []\nfeatured: false\nstatus: \"draft\"\n---\n\n"
        );
        // Same title again: a new slug, never an overwrite.
        let index = crate::index::scan(&blog, None).unwrap();
        let rel2 = create(&blog, &index.summaries(), &schema, "My First Post", now()).unwrap();
        assert_eq!(rel2, "_posts/my-first-post-2.md");
        // The seed's slug is taken.
        let rel3 = create(
            &blog,
            &index.summaries(),
            &schema,
            "Building Scalable APIs",
            now(),
        )
        .unwrap();
        assert_eq!(rel3, "_posts/building-scalable-apis-2.md");
    }

    #[test]
    fn jekyll_files_carry_the_date() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::write(dir.path().join("_config.yml"), "").unwrap();
        let blog = Blog::open(dir.path()).unwrap();
        let index = crate::index::scan(&blog, None).unwrap();
        let schema = index.schema.clone();
        let rel = create(&blog, &index.summaries(), &schema, "Hello", now()).unwrap();
        assert_eq!(rel, "_posts/2024-05-06-hello.md");
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert_eq!(text, "---\nlayout: post\ntitle: Hello\ndate: 2024-05-06 07:08:09 +0000\npublished: false\n---\n\n");
    }

    #[test]
    fn the_default_author_and_the_planned_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        crate::app::sample::write(&root, 0).unwrap();
        let blog = Blog::open(&root).unwrap();
        let index = crate::index::scan(&blog, None).unwrap();
        let schema = index.schema.clone();
        let planned = planned(&blog, &index.summaries(), "By Ada", now()).unwrap();
        let rel = create_by(
            &blog,
            &index.summaries(),
            &schema,
            "By Ada",
            now(),
            Some("Ada Lovelace"),
        )
        .unwrap();
        assert_eq!(planned, rel, "the preview names the file that is made");
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        assert!(
            text.contains("author:\n  name: \"Ada Lovelace\"\n")
                || text.contains("author:\n  name: Ada Lovelace\n"),
            "{text}"
        );
    }
}
