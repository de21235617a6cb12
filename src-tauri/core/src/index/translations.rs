//! A post and its translations, in a blog of several languages: each
//! post's `lang` and `group` (`blog::languages` places it), made sure
//! that a group never holds two posts of one language.

use std::collections::HashMap;

use serde_json::Value;

use super::{Entry, Index};
use crate::blog::languages::Convention;
use crate::blog::Blog;
use crate::disk::save::SaveError;
use crate::issue::{Fix, Issue, Severity};
use crate::post::schema::Field;
use crate::post::PostSummary;

/// Gives each post that shares its group with another post of the same
/// language a group of its own (its path): two posts in one language are
/// never translations of each other, whatever their names say.
pub fn separate(entries: &mut [Entry]) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for e in entries.iter() {
        if let (Some(g), Some(l)) = (&e.summary.group, &e.summary.lang) {
            *seen.entry((g.as_str(), l.as_str())).or_default() += 1;
        }
    }
    let clashing: Vec<(String, String)> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((g, l), _)| (g.to_owned(), l.to_owned()))
        .collect();
    if clashing.is_empty() {
        return;
    }
    for e in entries.iter_mut() {
        let s = &mut e.summary;
        if let (Some(g), Some(l)) = (&s.group, &s.lang) {
            if clashing.iter().any(|(cg, cl)| cg == g && cl == l) {
                s.group = Some(format!("own:{}", s.path));
            }
        }
    }
}

impl Index {
    /// The post at `rel` and its translations (itself first), by language
    /// order of the blog; just itself in a blog of one language.
    pub fn translations(&self, rel: &str) -> Vec<&PostSummary> {
        let Some(me) = self.entries.iter().find(|e| e.summary.path == rel) else {
            return Vec::new();
        };
        let mut out = vec![&me.summary];
        if let Some(group) = &me.summary.group {
            out.extend(
                self.entries
                    .iter()
                    .filter(|e| e.summary.group.as_ref() == Some(group) && e.summary.path != rel)
                    .map(|e| &e.summary),
            );
        }
        out
    }
}

/// The fields a translation shares with its source post unless the schema
/// marks them otherwise (`shared = false`): the dates, the cover and og
/// images, the author and the tags. Title, excerpt and body are
/// translated.
pub const SHARED: &[&str] = &[
    "date",
    "publishedAt",
    "pubDate",
    "publishDate",
    "published_at",
    "coverImage",
    "cover",
    "heroImage",
    "image",
    "ogImage",
    "author",
    "tags",
];

/// The top-level fields translations share under `schema`.
pub fn shared_fields(schema: &[Field]) -> Vec<String> {
    let mut out: Vec<String> = SHARED
        .iter()
        .filter(|n| {
            schema
                .iter()
                .find(|f| f.name == **n)
                .is_none_or(|f| f.shared != Some(false))
        })
        .map(|n| (*n).to_owned())
        .collect();
    out.extend(
        schema
            .iter()
            .filter(|f| f.shared == Some(true) && !SHARED.contains(&f.name.as_str()))
            .map(|f| f.name.clone()),
    );
    out
}

#[derive(Debug, thiserror::Error)]
pub enum TranslateError {
    #[error("this blog has one language; name its languages (languages = [\"en\", \"ja\"] in postdesk.toml, or the generator's own config) to translate its posts")]
    OneLanguage,
    #[error(
        "{lang:?} is not one of the blog's languages ({known}); add it to the blog's config first"
    )]
    UnknownLanguage { lang: String, known: String },
    #[error("{path} is already in {lang}; choose another language")]
    SameLanguage { path: String, lang: String },
    #[error("{path} already has a translation into {lang}: {existing}; open that one instead")]
    Exists {
        path: String,
        lang: String,
        existing: String,
    },
    #[error("{0} is not a post of the blog")]
    NotAPost(String),
    #[error(transparent)]
    Read(#[from] crate::post::PostError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Starts the translation of the post at `rel` into `lang`: a copy of the
/// post (every field, the body too, for translating in place) where the
/// blog's convention puts it, its `lang:` set where the blog names the
/// language so. Never writes over a file. Returns the new post's path.
pub fn translate(
    blog: &Blog,
    index: &Index,
    rel: &str,
    lang: &str,
) -> Result<String, TranslateError> {
    let languages = blog.languages().ok_or(TranslateError::OneLanguage)?;
    if !languages.codes.iter().any(|c| c == lang) {
        return Err(TranslateError::UnknownLanguage {
            lang: lang.to_owned(),
            known: languages.codes.join(", "),
        });
    }
    let group = index.translations(rel);
    let me = group
        .first()
        .ok_or_else(|| TranslateError::NotAPost(rel.to_owned()))?;
    if me.lang.as_deref() == Some(lang) {
        return Err(TranslateError::SameLanguage {
            path: rel.to_owned(),
            lang: lang.to_owned(),
        });
    }
    if let Some(existing) = group.iter().find(|s| s.lang.as_deref() == Some(lang)) {
        return Err(TranslateError::Exists {
            path: rel.to_owned(),
            lang: lang.to_owned(),
            existing: existing.path.clone(),
        });
    }
    let text = crate::post::read_text(&blog.root().join(rel), rel)?;
    let fm = crate::front_matter::locate(&text)
        .map(|l| l.value)
        .unwrap_or(Value::Null);
    let placed = languages.place(&blog.content_dirs(), rel, &fm);
    let target = languages.translation_path(rel, &placed, lang);
    // The language said by a field: the copy says its own.
    let by_field =
        fm.get("lang").is_some() || languages.conventions.first() == Some(&Convention::Field);
    let text = if by_field {
        crate::front_matter::edit::set(&text, &["lang"], &Value::String(lang.to_owned()), &[])
            .unwrap_or(text)
    } else {
        text
    };
    if let Some((dir, _)) = target.rsplit_once('/') {
        crate::disk::paths::make_dirs(blog.root(), dir).map_err(SaveError::from)?;
    }
    match crate::disk::save::create(blog.root(), &target, text.as_bytes()) {
        Ok(_) => Ok(target),
        Err(SaveError::Exists { .. }) => Err(TranslateError::Exists {
            path: rel.to_owned(),
            lang: lang.to_owned(),
            existing: target,
        }),
        Err(e) => Err(e.into()),
    }
}

/// What is wrong between the post at `rel` (its text now) and its
/// translations: a shared field that differs from the source post's (the
/// post in the default language) — `translation-differs`, fixed by taking
/// the source's value — and, when the blog asks for it, a language the
/// source has no translation into (`missing-translation`).
pub fn check(blog: &Blog, index: &Index, rel: &str, text: &str) -> Vec<Issue> {
    let Some(languages) = blog.languages() else {
        return Vec::new();
    };
    let group = index.translations(rel);
    let Some(me) = group.first() else {
        return Vec::new();
    };
    let default = languages.default();
    let mut out = Vec::new();
    if me.lang.as_deref() == Some(default) {
        let wanted = blog
            .config()
            .checks
            .as_ref()
            .is_some_and(|c| c.missing_translations);
        if wanted {
            for code in &languages.codes[1..] {
                if !group
                    .iter()
                    .any(|s| s.lang.as_deref() == Some(code.as_str()))
                {
                    out.push(Issue::new(
                        Severity::Warning,
                        "missing-translation",
                        None,
                        (1, 1),
                        format!("no translation into {code} yet: Translate… (or postdesk translate {rel} --lang {code}) starts one"),
                    ));
                }
            }
        }
        return out;
    }
    let Some(source) = group.iter().find(|s| s.lang.as_deref() == Some(default)) else {
        return out;
    };
    let Ok(source_text) = crate::post::read_text(&blog.root().join(&source.path), &source.path)
    else {
        return out;
    };
    let (Ok(theirs), Ok(mine)) = (
        crate::front_matter::locate(&source_text),
        crate::front_matter::locate(text),
    ) else {
        return out;
    };
    for name in shared_fields(&index.schema) {
        let Some(value) = theirs.value.get(&name) else {
            continue;
        };
        for (path, leaf) in leaves(vec![name.clone()], value) {
            let here = path.iter().try_fold(&mine.value, |v, k| v.get(k.as_str()));
            if here == Some(&leaf) {
                continue;
            }
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            let shown = path.join(".");
            let theirs_shown = match &leaf {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let fixed = crate::front_matter::edit::set(text, &keys, &leaf, &[]).ok();
            let fix = fixed
                .as_deref()
                .and_then(|f| span_fix(text, f, &source.path));
            let at = fix.as_ref().map_or((1, 1), |f| (f.line, f.col));
            let mut issue = Issue::new(
                Severity::Warning,
                "translation-differs",
                Some(&shown),
                at,
                format!(
                    "`{shown}` is {} here but {theirs_shown} in the source post {}: translations share it — take the source's value, or mark the field `shared = false` in the schema",
                    here.map_or("missing".to_owned(), |v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }),
                    source.path
                ),
            );
            issue.fix = fix.map(Box::new);
            out.push(issue);
        }
    }
    out
}

/// Every leaf of `value` with its path (objects are walked into).
fn leaves(path: Vec<String>, value: &Value) -> Vec<(Vec<String>, Value)> {
    match value {
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .flat_map(|(k, v)| {
                let mut p = path.clone();
                p.push(k.clone());
                leaves(p, v)
            })
            .collect(),
        _ => vec![(path, value.clone())],
    }
}

/// The one span where `after` differs from `before`, as a quick fix.
fn span_fix(before: &str, after: &str, source: &str) -> Option<Fix> {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let suffix = before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    // The whole value, not the characters that differ (`2024-03-09`, not
    // `9`): widened on both sides over what the two texts share.
    let stop = |c: char| c.is_whitespace() || matches!(c, ':' | '"' | '\'' | '[' | ']' | ',');
    let mut prefix = prefix;
    while let Some(c) = before[..prefix].chars().next_back().filter(|c| !stop(*c)) {
        prefix -= c.len_utf8();
    }
    let mut suffix = suffix;
    while let Some(c) = before[before.len() - suffix..]
        .chars()
        .next()
        .filter(|c| !stop(*c))
    {
        suffix -= c.len_utf8();
    }
    let old = &before[prefix..before.len() - suffix];
    let new = &after[prefix..after.len() - suffix];
    if old.is_empty() && new.is_empty() {
        return None;
    }
    let (line, col) = crate::text::line_col(before, prefix);
    Some(Fix {
        label: format!("Take the value of {source}"),
        line,
        col,
        len: old.chars().count(),
        insert: new.to_owned(),
        ask: None,
    })
}
