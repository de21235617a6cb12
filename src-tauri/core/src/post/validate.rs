//! Checks a post's front-matter against the blog's schema.
//!
//! Validation never fails: it returns issues (error, warning, info), each
//! with the field, the line and column in the file, a stable code and a
//! message that says how to fix it.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::date::parse_date;
use crate::front_matter::locate::Located;
use crate::issue::{Issue, Severity};
use crate::kind::{BlogKind, DateSource};
use crate::post;
use crate::post::schema::{Field, FieldKind};

/// What the checks need to know about the blog around the post.
pub struct Context<'a> {
    pub kind: BlogKind,
    pub schema: &'a [Field],
    pub root: &'a Path,
    /// Where site paths (`/assets/…`) point, relative to the root.
    pub public_dir: &'a Path,
    /// Where the generator finds a post's date (`blog::site::Site`).
    pub date_sources: &'a [DateSource],
    /// Slug → the posts that have it.
    pub slugs: &'a HashMap<String, Vec<String>>,
    /// Image files already looked up (root-relative → exists), so that an
    /// author picture used by every post is looked up once.
    pub known_images: Option<&'a HashMap<String, bool>>,
}

/// An image a post refers to, checked against the disk at report time (the
/// file may appear or vanish without the post changing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRef {
    pub field: String,
    pub line: usize,
    pub col: usize,
    /// Relative to the blog root.
    pub file: String,
}

/// What one post's text says about itself, given the schema: every issue
/// except those that depend on other posts or on other files. Cacheable
/// with the post (keyed by its size, time and the schema).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostCheck {
    pub issues: Vec<Issue>,
    pub images: Vec<ImageRef>,
}

/// The parts of the blog that a single post's check depends on.
pub struct Local<'a> {
    pub kind: BlogKind,
    pub schema: &'a [Field],
    pub public_dir: &'a Path,
    /// Where the generator finds a post's date (`blog::site::Site`).
    pub date_sources: &'a [DateSource],
}

/// Every issue of one post. `located` is the result of [`locate`].
pub fn check(ctx: &Context, rel: &str, located: &Result<Located, Issue>) -> Vec<Issue> {
    let local = Local {
        kind: ctx.kind,
        schema: ctx.schema,
        public_dir: ctx.public_dir,
        date_sources: ctx.date_sources,
    };
    report(ctx, rel, &check_post(&local, rel, located))
}

/// The checks that need only the post and the schema.
pub fn check_post(ctx: &Local, rel: &str, located: &Result<Located, Issue>) -> PostCheck {
    let located = match located {
        Ok(l) => l,
        Err(issue) => {
            return PostCheck {
                issues: vec![issue.clone()],
                images: Vec::new(),
            }
        }
    };
    let mut out = PostCheck::default();
    let top = (located.front_matter_line, 1);
    // Jekyll's PostReader builds a `_posts` file only when it starts with
    // front-matter (`Utils.has_yaml_header?`): without it, nothing else
    // about the file matters to the site.
    let in_posts = rel.starts_with("_posts/") || rel.contains("/_posts/");
    if ctx.kind == BlogKind::Jekyll && in_posts && !located.has_front_matter {
        out.issues.push(Issue::new(
            Severity::Warning,
            "no-front-matter",
            None,
            top,
            "Jekyll builds a file in _posts only when it starts with front-matter, so this one is not on the site; add a `---` line, `title: …` and another `---` at the top".into(),
        ));
        return out;
    }
    check_level(
        ctx,
        rel,
        located,
        ctx.schema,
        &located.value,
        "",
        top,
        &mut out,
    );
    if ctx.kind.rules().date_in_file_name {
        check_jekyll_file_date(rel, located, &mut out.issues);
    }
    if located.body_is_empty {
        out.issues.push(Issue::new(
            Severity::Warning,
            "empty-body",
            None,
            top,
            "the post has no text after the front-matter; write the post or mark it as a draft"
                .into(),
        ));
    }
    out
}

/// A post's full report: its own issues plus those that depend on the rest
/// of the blog (slugs used twice, images missing on disk), in file order.
pub fn report(ctx: &Context, rel: &str, check: &PostCheck) -> Vec<Issue> {
    let mut issues = check.issues.clone();
    let slug = post::slug_of(rel);
    if let Some(others) = ctx.slugs.get(&slug) {
        let others: Vec<&str> = others
            .iter()
            .map(String::as_str)
            .filter(|p| *p != rel)
            .collect();
        if !others.is_empty() {
            issues.push(Issue::new(
                Severity::Error,
                "duplicate-slug",
                None,
                (1, 1),
                format!(
                    "the slug `{slug}` is also used by {}; rename one of the files",
                    others.join(", ")
                ),
            ));
        }
    }
    for image in &check.images {
        let exists = match ctx.known_images.and_then(|k| k.get(&image.file)) {
            Some(known) => *known,
            None => ctx.root.join(&image.file).is_file(),
        };
        if !exists {
            let path = &image.field;
            issues.push(Issue::new(
                Severity::Error,
                "missing-image",
                Some(path),
                (image.line, image.col),
                format!(
                    "`{path}` points to {}, which does not exist; add the image there or fix the path",
                    image.file
                ),
            ));
        }
    }
    issues.sort_by_key(|i| (i.line, i.col, i.severity));
    issues
}

#[allow(clippy::too_many_arguments)]
fn check_level(
    ctx: &Local,
    rel: &str,
    located: &Located,
    fields: &[Field],
    value: &Value,
    prefix: &str,
    parent_pos: (usize, usize),
    out: &mut PostCheck,
) {
    let Some(obj) = value.as_object() else { return };
    let rules = ctx.kind.rules();
    // Hugo's keys are matched without regard to case (top level only).
    let fold = rules.keys_ignore_case && prefix.is_empty();
    let find = |name: &str| -> Option<(&String, &Value)> {
        obj.get_key_value(name)
            .or_else(|| fold.then(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))?)
    };
    let pos_of = |path: &str| located.positions.get(path).copied().unwrap_or(parent_pos);
    for field in fields {
        let path = join(prefix, &field.name);
        let found = find(&field.name);
        let path = match found {
            Some((key, _)) if key != &field.name => join(prefix, key),
            _ => path,
        };
        match found.map(|(_, v)| v) {
            None | Some(Value::Null) => {
                let top = prefix.is_empty();
                // The generator finds the date elsewhere (the file name, or
                // Hugo's other date keys), or makes a title itself.
                let is_date = top && field.name == "date";
                let date_elsewhere = is_date
                    && ctx.date_sources.iter().any(|s| match s {
                        DateSource::FileName => file_date(rel).is_some(),
                        DateSource::Key(k) => k != "date" && find(k).is_some(),
                    });
                let title_made = top && field.name == "title" && rules.title_optional;
                if date_elsewhere {
                    // Nothing to say: the generator dates the post anyway.
                } else if is_date && rules.coerces_values {
                    // Hugo builds an undated page with the zero date; a
                    // Jekyll file without a date in its name is skipped,
                    // which `undated-post-file` says.
                    if !rules.date_in_file_name {
                        out.issues.push(Issue::new(
                            Severity::Warning,
                            "missing-date",
                            Some(&path),
                            parent_pos,
                            format!("the post has no date {} reads, so it is dated 0001-01-01, sorts last and shows no date; add `date: 2024-01-15`", rules.name),
                        ));
                    }
                } else if field.required && title_made {
                    out.issues.push(Issue::new(
                        Severity::Warning,
                        "missing-title",
                        Some(&path),
                        parent_pos,
                        "the post has no `title`; the site makes one from the file name or leaves it empty, so add `title: …`".to_owned(),
                    ));
                } else if field.required {
                    out.issues.push(Issue::new(
                        Severity::Error,
                        "missing-required",
                        Some(&path),
                        parent_pos,
                        format!("`{path}` is required; add `{}: …`", field.name),
                    ));
                } else if field.usually {
                    out.issues.push(Issue::new(
                        Severity::Warning,
                        "usually-present",
                        Some(&path),
                        parent_pos,
                        format!("`{path}` is in almost every other post but missing here; add it if it was forgotten"),
                    ));
                }
            }
            Some(v) => {
                let pos = pos_of(&path);
                check_value(ctx, rel, field, &path, v, pos, out);
                if field.kind == FieldKind::Object && v.is_object() {
                    check_level(
                        ctx,
                        rel,
                        located,
                        &field.fields,
                        v,
                        &path,
                        pos_of(&path),
                        out,
                    );
                }
            }
        }
    }
    for key in obj.keys() {
        let known = |f: &Field| &f.name == key || (fold && f.name.eq_ignore_ascii_case(key));
        if !fields.iter().any(known) {
            let path = join(prefix, key);
            out.issues.push(Issue::new(
                Severity::Info,
                "unknown-field",
                Some(&path),
                pos_of(&path),
                format!("`{path}` is not in the blog's schema; it is kept as written"),
            ));
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A value of the wrong type: an error, except where the generator reads
/// it anyway (`Rules::coerces_values`), where the theme may still trip on it.
fn wrong_type(kind: BlogKind, path: &str, pos: (usize, usize), expected: &str, fix: &str) -> Issue {
    let rules = kind.rules();
    if rules.coerces_values {
        Issue::new(
            Severity::Warning,
            "wrong-type",
            Some(path),
            pos,
            format!(
                "`{path}` should be {expected}; {} reads it anyway, but a theme may not: {fix}",
                rules.name
            ),
        )
    } else {
        Issue::new(
            Severity::Error,
            "wrong-type",
            Some(path),
            pos,
            format!("`{path}` should be {expected}; {fix}"),
        )
    }
}

fn check_value(
    ctx: &Local,
    rel: &str,
    field: &Field,
    path: &str,
    v: &Value,
    pos: (usize, usize),
    out: &mut PostCheck,
) {
    match field.kind {
        FieldKind::String | FieldKind::Text => match v.as_str() {
            None => out.issues.push(wrong_type(
                ctx.kind,
                path,
                pos,
                "text",
                "put the value in quotes",
            )),
            Some(s) => check_text(field, path, s, pos, &mut out.issues),
        },
        FieldKind::Number => {
            if !v.is_number() {
                out.issues.push(wrong_type(
                    ctx.kind,
                    path,
                    pos,
                    "a number",
                    "write digits without quotes, like 3 or 2.5",
                ));
            }
        }
        FieldKind::Bool => {
            if !v.is_boolean() {
                out.issues.push(wrong_type(
                    ctx.kind,
                    path,
                    pos,
                    "true or false",
                    "write true or false without quotes",
                ));
            }
        }
        FieldKind::Date | FieldKind::Datetime => {
            check_date(ctx.kind, path, v, pos, &mut out.issues)
        }
        FieldKind::Enum => match v.as_str() {
            Some(s) if field.values.iter().any(|x| x == s) => {}
            _ => out.issues.push(Issue::new(
                Severity::Error,
                "invalid-enum",
                Some(path),
                pos,
                format!("`{path}` must be one of: {}", field.values.join(", ")),
            )),
        },
        FieldKind::List => match v.as_array() {
            None if v.is_string()
                && path == field.name
                && ctx.kind.rules().word_lists.contains(&field.name.as_str()) => {}
            None => out.issues.push(wrong_type(
                ctx.kind,
                path,
                pos,
                "a list",
                "write it like [\"a\", \"b\"]",
            )),
            Some(items) => {
                if items.iter().any(|i| !i.is_string()) {
                    out.issues.push(wrong_type(
                        ctx.kind,
                        path,
                        pos,
                        "a list of text",
                        "put each item in quotes",
                    ));
                }
            }
        },
        FieldKind::Url => match v.as_str() {
            None => out.issues.push(wrong_type(
                ctx.kind,
                path,
                pos,
                "a URL",
                "write it like \"https://example.com\"",
            )),
            Some(s) => {
                let ok = url::Url::parse(s)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"));
                if !ok {
                    out.issues.push(Issue::new(
                        Severity::Error,
                        "invalid-url",
                        Some(path),
                        pos,
                        format!("`{path}` is not a web address; write it in full, like https://example.com/"),
                    ));
                }
            }
        },
        FieldKind::Image => match v.as_str() {
            None => out.issues.push(wrong_type(
                ctx.kind,
                path,
                pos,
                "an image path",
                "write it like \"/assets/blog/post/cover.jpg\"",
            )),
            Some(s) => check_image(ctx, rel, path, s, pos, out),
        },
        FieldKind::Object => {
            if !v.is_object() {
                out.issues.push(wrong_type(
                    ctx.kind,
                    path,
                    pos,
                    "a group of fields",
                    "indent its fields under it",
                ));
            }
        }
    }
}

fn check_text(field: &Field, path: &str, s: &str, pos: (usize, usize), issues: &mut Vec<Issue>) {
    let len = s.chars().count();
    if let Some(min) = field.min_length.filter(|m| len < *m) {
        issues.push(Issue::new(
            Severity::Error,
            "too-short",
            Some(path),
            pos,
            format!("`{path}` has {len} characters; it needs at least {min}"),
        ));
    }
    if let Some(max) = field.max_length.filter(|m| len > *m) {
        issues.push(Issue::new(
            Severity::Error,
            "too-long",
            Some(path),
            pos,
            format!("`{path}` has {len} characters; shorten it to {max} or fewer"),
        ));
    }
    if let Some(seo) = field.seo_length.filter(|m| len > *m) {
        issues.push(Issue::new(
            Severity::Warning,
            "seo-length",
            Some(path),
            pos,
            format!(
                "`{path}` has {len} characters; search engines show about {seo}, so shorten it"
            ),
        ));
    }
    if let Some(pattern) = &field.pattern {
        match regex::Regex::new(&format!("^(?:{pattern})$")) {
            Ok(re) if !re.is_match(s) => issues.push(Issue::new(
                Severity::Error,
                "pattern-mismatch",
                Some(path),
                pos,
                format!("`{path}` does not match the pattern `{pattern}` set in postdesk.toml"),
            )),
            Ok(_) => {}
            Err(e) => issues.push(Issue::new(
                Severity::Error,
                "bad-pattern",
                Some(path),
                pos,
                format!("the pattern for `{path}` in postdesk.toml is not a valid regular expression ({e})"),
            )),
        }
    }
}

fn check_image(
    ctx: &Local,
    rel: &str,
    path: &str,
    s: &str,
    pos: (usize, usize),
    out: &mut PostCheck,
) {
    if s.starts_with("http://") || s.starts_with("https://") || s.is_empty() {
        return;
    }
    let joined = if let Some(site) = s.strip_prefix('/') {
        ctx.public_dir.join(site)
    } else {
        Path::new(rel).parent().unwrap_or(Path::new("")).join(s)
    };
    // Resolved by the text alone: a path that climbs out of the blog is
    // never looked up (the answer would tell whether a file outside
    // exists).
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if parts.pop().is_some() => {}
            _ => {
                out.issues.push(Issue::new(
                    Severity::Error,
                    "image-outside-blog",
                    Some(path),
                    pos,
                    format!("`{path}` points outside the blog ({s}); put the image inside the blog and point to it there"),
                ));
                return;
            }
        }
    }
    out.images.push(ImageRef {
        field: path.to_owned(),
        line: pos.0,
        col: pos.1,
        file: parts.join("/"),
    });
}

/// The date a Jekyll post's file name carries (`2024-01-15-title.md`).
fn file_date(rel: &str) -> Option<String> {
    let name = Path::new(rel).file_name()?.to_string_lossy().into_owned();
    name.get(..10)
        .filter(|d| parse_date(d).is_some() && name.get(10..11) == Some("-"))
        .map(str::to_owned)
}

/// Jekyll's two dates: the file name's, which the front matter's `date`
/// overrides (an info when they differ: the post is published, and its
/// URL dated, by `date`); a file in `_posts` with no date in its name is
/// not built as a post at all.
fn check_jekyll_file_date(rel: &str, located: &Located, issues: &mut Vec<Issue>) {
    let in_posts = rel.starts_with("_posts/") || rel.contains("/_posts/");
    let Some(file_date) = file_date(rel) else {
        if in_posts {
            issues.push(Issue::new(
                Severity::Warning,
                "undated-post-file",
                None,
                (1, 1),
                "Jekyll builds a file in _posts only when its name starts with a date; rename it like 2024-01-15-title.md".to_owned(),
            ));
        }
        return;
    };
    let Some(date) = located.value.get("date").and_then(Value::as_str) else {
        return;
    };
    // The same day however it is written (`March 5, 2024`, `2024/03/05`);
    // a date Jekyll cannot read has its own error.
    let Some(at) = crate::date::read(crate::date::DateReader::Ruby, date) else {
        return;
    };
    if at.strftime("%Y-%m-%d").to_string() != file_date {
        let pos = located.positions.get("date").copied().unwrap_or((1, 1));
        issues.push(Issue::new(
            Severity::Info,
            "file-date-differs",
            Some("date"),
            pos,
            format!("the file name says {file_date} but `date` says {date}; Jekyll publishes the post, and dates its URL, by `date`"),
        ));
    }
}

/// A date the generator cannot read breaks the build (or the page): an
/// error — except in Hugo, which passes over it (`unreadable_date_breaks`),
/// where the post silently loses its date: a warning that says so. One it
/// reads that is not ISO 8601 is a warning, since other tools (feeds, the
/// form's date picker) may not.
fn check_date(kind: BlogKind, path: &str, v: &Value, pos: (usize, usize), issues: &mut Vec<Issue>) {
    let rules = kind.rules();
    let generator = rules.date_reader_name;
    let Some(s) = v.as_str() else {
        let severity = if rules.unreadable_date_breaks {
            Severity::Error
        } else {
            Severity::Warning
        };
        issues.push(Issue::new(
            severity,
            "invalid-date",
            Some(path),
            pos,
            format!("`{path}` is not a date; write an ISO-8601 date like 2024-01-15T08:30:00.000Z or 2024-01-15"),
        ));
        return;
    };
    if parse_date(s).is_some() {
        return;
    }
    if crate::date::generator_reads(rules.dates, s) {
        issues.push(Issue::new(
            Severity::Warning,
            "date-format",
            Some(path),
            pos,
            format!("`{path}`: {generator} reads `{s}`, but it is not an ISO-8601 date, which feeds and the form's date picker need; write it like 2024-01-15T08:30:00Z"),
        ));
    } else if !rules.unreadable_date_breaks {
        issues.push(Issue::new(
            Severity::Warning,
            "unread-date",
            Some(path),
            pos,
            format!("`{path}`: {generator} cannot read `{s}` as a date and passes over it, so the post takes its date from the next date field or shows none (0001-01-01); write it like 2024-01-15"),
        ));
    } else {
        issues.push(Issue::new(
            Severity::Error,
            "invalid-date",
            Some(path),
            pos,
            format!("`{path}`: {generator} cannot read `{s}` as a date, so the site would break; write an ISO-8601 date like 2024-01-15T08:30:00.000Z or 2024-01-15"),
        ));
    }
}
