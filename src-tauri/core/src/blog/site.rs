//! What the blog's own generator makes of a post besides its text: the
//! date it gives it and whether it is in the published site (a draft, a
//! post dated in the future, an expired one, a file it skips). Read from
//! the generator's config where it has a say (Hugo's `[frontmatter]`,
//! `buildFuture`, `buildExpired`; Jekyll's `future`). Each rule names the
//! generator behaviour it follows, and the Hugo and Jekyll ones are tested
//! against the real generators (`tests/generators/record.sh`, the
//! fixtures' `generator.json`).

use std::path::Path;

use serde_json::Value;

use crate::date::{self, DateReader};
use crate::kind::BlogKind;
pub use crate::kind::DateSource as Source;
use crate::post::DATE_KEYS;

use super::renderer::{hugo_shortcodes, node_renderer, RendererConfig};

/// Whether the published site has the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Published,
    /// `draft: true` (`published: false` in Jekyll).
    Draft,
    /// Dated in the future: left out until then.
    Scheduled,
    /// Past its expiry date (Hugo's `expiryDate`).
    Expired,
    /// Not a post to the generator (a Jekyll `_posts` file without a date
    /// in its name or without front-matter).
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Published => "published",
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Expired => "expired",
            Status::Skipped => "skipped",
        }
    }
}

/// The date the generator gives a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    /// The key it came from, or `None` for the file name.
    pub key: Option<String>,
    /// As written (the file name's `YYYY-MM-DD` for a file-name date).
    pub written: String,
    pub at: jiff::Timestamp,
}

/// The generator's rules for one blog.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    kind: BlogKind,
    date: Vec<Source>,
    publish_date: Vec<Source>,
    expiry_date: Vec<Source>,
    build_future: bool,
    build_expired: bool,
    /// What the generator's config says about its markdown renderer
    /// (`None`: the generator's default).
    pub renderer: RendererConfig,
    /// The generator's config as read (`site.*` for Jekyll's Liquid);
    /// shared, so a render takes it without copying.
    pub config: std::sync::Arc<Value>,
    /// Hugo: the blog's own shortcodes (`layouts/shortcodes/`, its
    /// themes'), by name; `None` when they cannot all be known here (a
    /// theme or module that is not in the folder).
    pub shortcodes: Option<std::sync::Arc<Vec<String>>>,
    /// Why the generator's config could not be read (defaults are used).
    pub problem: Option<String>,
}

/// Hugo's `:default` lists (hugolib/pagemeta `frontMatterConfig`, 0.111).
const HUGO_DATE: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];
const HUGO_PUBLISH: &[&str] = &["publishdate", "pubdate", "published", "date"];
const HUGO_EXPIRY: &[&str] = &["expirydate", "unpublishdate"];

/// The config files Hugo looks for, in its order.
const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];
const JEKYLL_CONFIGS: &[&str] = &["_config.yml", "_config.yaml"];

/// A config larger than this is not the blog's config.
pub(super) const MAX_CONFIG_BYTES: u64 = 1 << 20;

fn keys(list: &[&str]) -> Vec<Source> {
    list.iter().map(|k| Source::Key((*k).to_owned())).collect()
}

impl Site {
    /// The generator's defaults for `kind`.
    pub fn defaults(kind: BlogKind) -> Site {
        let date = match kind {
            BlogKind::Hugo => keys(HUGO_DATE),
            // Jekyll: the front matter's `date` overrides the file name's
            // (Jekyll::Document#populate_data / `date` from the filename).
            BlogKind::Jekyll => vec![Source::Key("date".into()), Source::FileName],
            // blog-starter's template reads `date` (`post.date`); a fork
            // that dates posts otherwise is found out by its schema
            // (index::scan's `unfit`), and its list dated by `date_of`.
            BlogKind::BlogStarter | BlogKind::Astro => keys(&["date"]),
        };
        Site {
            kind,
            date,
            publish_date: keys(HUGO_PUBLISH),
            expiry_date: keys(HUGO_EXPIRY),
            build_future: false,
            build_expired: false,
            renderer: RendererConfig::default(),
            config: std::sync::Arc::new(Value::Null),
            shortcodes: None,
            problem: None,
        }
    }

    /// Reads the generator's config in `root` (only a regular file of at
    /// most 1 MiB; a config that does not parse leaves the defaults, and
    /// says so in `problem`).
    pub fn read(root: &Path, kind: BlogKind) -> Site {
        let mut site = Site::defaults(kind);
        let names = match kind {
            BlogKind::Hugo => HUGO_CONFIGS,
            BlogKind::Jekyll => JEKYLL_CONFIGS,
            BlogKind::BlogStarter | BlogKind::Astro => {
                site.renderer = node_renderer(root, kind);
                return site;
            }
        };
        let Some((name, bytes)) = names.iter().find_map(|n| {
            crate::disk::paths::read_capped(&root.join(n), MAX_CONFIG_BYTES)
                .ok()
                .map(|b| (*n, b))
        }) else {
            return site;
        };
        let text = String::from_utf8_lossy(&bytes);
        let config = match parse_config(name, &text) {
            Ok(v) => v,
            Err(e) => {
                site.problem = Some(format!(
                    "{name} does not parse ({e}); {} would not build the site either, so fix it first",
                    kind.rules().name
                ));
                return site;
            }
        };
        site.config = std::sync::Arc::new(config.clone());
        // Hugo's config keys are case-insensitive; Jekyll's are not.
        let get = |obj: &Value, key: &str| -> Option<Value> {
            let map = obj.as_object()?;
            map.get(key).cloned().or_else(|| {
                (kind == BlogKind::Hugo)
                    .then(|| {
                        map.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(key))
                            .map(|(_, v)| v.clone())
                    })
                    .flatten()
            })
        };
        match kind {
            BlogKind::Hugo => {
                site.shortcodes = hugo_shortcodes(
                    root,
                    &get(&config, "theme"),
                    get(&config, "module").is_some(),
                );
                site.build_future = get(&config, "buildFuture").is_some_and(|v| truthy(&v));
                site.build_expired = get(&config, "buildExpired").is_some_and(|v| truthy(&v));
                let at = |path: &[&str]| -> Option<Value> {
                    path.iter().try_fold(config.clone(), |v, k| get(&v, k))
                };
                site.renderer = super::renderer::hugo(&at, &get);
                if let Some(fm) = get(&config, "frontmatter") {
                    let list = |key: &str, default: &[&str]| -> Option<Vec<Source>> {
                        let items = get(&fm, key)?;
                        let items: Vec<String> = match items {
                            Value::String(s) => vec![s],
                            Value::Array(a) => a
                                .iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect(),
                            _ => return None,
                        };
                        Some(hugo_sources(&items, default))
                    };
                    if let Some(l) = list("date", HUGO_DATE) {
                        site.date = l;
                    }
                    if let Some(l) = list("publishDate", HUGO_PUBLISH) {
                        site.publish_date = l;
                    }
                    if let Some(l) = list("expiryDate", HUGO_EXPIRY) {
                        site.expiry_date = l;
                    }
                }
            }
            BlogKind::Jekyll => {
                site.build_future = get(&config, "future").is_some_and(|v| v == Value::Bool(true));
                site.renderer = super::renderer::jekyll(&config, &get);
            }
            BlogKind::BlogStarter | BlogKind::Astro => {}
        }
        site
    }

    /// Where the generator looks for a post's date, in order.
    pub fn date_sources(&self) -> &[Source] {
        &self.date
    }

    /// The date the generator gives the post at `rel` with front-matter
    /// `fm`: the first source that has a date the generator reads. Hugo
    /// passes over a value it cannot read (a post with `date: last week`
    /// and a `lastmod` is dated by `lastmod`); Jekyll fails on one
    /// ("Invalid date"), so there it is no date.
    pub fn date_of(&self, fm: &Value, rel: &str) -> Option<Dated> {
        let reader = self.kind.rules().dates;
        // The list also dates blog-starter and Astro forks by the keys they
        // use instead (`publishedAt`, `pubDate`, …).
        let forks;
        let sources = match self.kind {
            BlogKind::BlogStarter | BlogKind::Astro => {
                forks = keys(DATE_KEYS);
                &forks
            }
            BlogKind::Hugo | BlogKind::Jekyll => &self.date,
        };
        for source in sources {
            match source {
                Source::FileName => {
                    if let Some(written) = file_name_date(rel) {
                        let at = date::read(DateReader::Iso, &written)?;
                        return Some(Dated {
                            key: None,
                            written,
                            at,
                        });
                    }
                }
                Source::Key(key) => {
                    let Some((found, value)) = self.lookup(fm, key) else {
                        continue;
                    };
                    let Some(written) = scalar(value) else {
                        continue;
                    };
                    match date::read(reader, &written) {
                        Some(at) => {
                            return Some(Dated {
                                key: Some(found.to_owned()),
                                written,
                                at,
                            })
                        }
                        None if self.kind == BlogKind::Hugo => continue,
                        None => return None,
                    }
                }
            }
        }
        None
    }

    /// Whether the published site has the post, at `now`; `None` where the
    /// generator has no rule of its own.
    pub fn status_of(
        &self,
        fm: &Value,
        rel: &str,
        has_front_matter: bool,
        now: jiff::Timestamp,
    ) -> Option<Status> {
        Some(match self.kind {
            BlogKind::Hugo => {
                // Hugo reads `draft` through cast.ToBool: true, "true", "1",
                // "t", 1 are true; anything else ("yes", "no") false.
                if self.lookup(fm, "draft").is_some_and(|(_, v)| cast_bool(v)) {
                    return Some(Status::Draft);
                }
                let first = |sources: &[Source]| self.first_date(sources, fm, rel);
                // Left out when its publish date is in the future
                // (`buildFuture`) or its expiry date has passed
                // (`buildExpired`), as `hugo` does by default.
                if !self.build_future && first(&self.publish_date).is_some_and(|t| t > now) {
                    return Some(Status::Scheduled);
                }
                if !self.build_expired && first(&self.expiry_date).is_some_and(|t| t <= now) {
                    return Some(Status::Expired);
                }
                Status::Published
            }
            BlogKind::Jekyll => {
                // Jekyll's PostReader reads only `YYYY-MM-DD-title` files
                // with front-matter; `published: false` leaves a post out
                // (any other value, even "false", is truthy to Ruby); a
                // future date too, unless `future: true`.
                let in_posts = rel.starts_with("_posts/") || rel.contains("/_posts/");
                if in_posts && (!has_front_matter || file_name_date(rel).is_none()) {
                    return Some(Status::Skipped);
                }
                if fm.get("published") == Some(&Value::Bool(false)) {
                    return Some(Status::Draft);
                }
                if !self.build_future && self.date_of(fm, rel).is_some_and(|d| d.at > now) {
                    return Some(Status::Scheduled);
                }
                Status::Published
            }
            // blog-starter and Astro templates list every post: the post's
            // own `status` / `draft` says (the summary reads it).
            BlogKind::BlogStarter | BlogKind::Astro => return None,
        })
    }

    /// When the post's status next changes by itself after `now`: its
    /// publish date while scheduled, its expiry date while published.
    pub fn next_change(
        &self,
        fm: &Value,
        rel: &str,
        now: jiff::Timestamp,
    ) -> Option<jiff::Timestamp> {
        let first = |sources: &[Source]| self.first_date(sources, fm, rel);
        let candidates = match self.kind {
            BlogKind::Hugo => [first(&self.publish_date), first(&self.expiry_date)],
            BlogKind::Jekyll => [self.date_of(fm, rel).map(|d| d.at), None],
            BlogKind::BlogStarter | BlogKind::Astro => [None, None],
        };
        candidates.into_iter().flatten().filter(|t| *t > now).min()
    }

    /// The first date among `sources` the generator reads.
    fn first_date(&self, sources: &[Source], fm: &Value, rel: &str) -> Option<jiff::Timestamp> {
        sources.iter().find_map(|s| match s {
            Source::Key(k) => self
                .lookup(fm, k)
                .and_then(|(_, v)| scalar(v))
                .and_then(|w| date::read(self.kind.rules().dates, &w)),
            Source::FileName => file_name_date(rel).and_then(|w| date::read(DateReader::Iso, &w)),
        })
    }

    /// The front-matter value at a top-level `key`, and the key as written
    /// (Hugo matches keys without regard to case).
    pub fn lookup<'v>(&self, fm: &'v Value, key: &str) -> Option<(&'v str, &'v Value)> {
        let map = fm.as_object()?;
        map.get_key_value(key)
            .or_else(|| {
                (self.kind.rules().keys_ignore_case)
                    .then(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
                    .flatten()
            })
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.as_str(), v))
    }
}

/// Hugo's list of date sources: `:default` is the built-in list, `:filename`
/// the file name's date; `:fileModTime` and `:git` need the file system or
/// the history and are passed over here.
fn hugo_sources(items: &[String], default: &[&str]) -> Vec<Source> {
    let mut out = Vec::new();
    for item in items {
        match item.to_ascii_lowercase().as_str() {
            ":default" => out.extend(keys(default)),
            ":filename" => out.push(Source::FileName),
            ":filemodtime" | ":git" => {}
            key => out.push(Source::Key(key.to_owned())),
        }
    }
    out
}

fn parse_config(name: &str, text: &str) -> Result<Value, String> {
    if name.ends_with(".toml") {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        Ok(crate::front_matter::edit::toml_to_json(
            &toml::Value::Table(table),
        ))
    } else if name.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else if text.trim().is_empty() {
        Ok(Value::Object(Default::default()))
    } else {
        crate::front_matter::yaml::parse(text)
            .map(|n| n.to_json())
            .map_err(|e| format!("line {}: {}", e.line, e.message))
    }
}

pub(super) fn truthy(v: &Value) -> bool {
    cast_bool(v)
}

/// Go's strconv.ParseBool through spf13/cast, as Hugo reads booleans.
fn cast_bool(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True"),
        _ => false,
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `YYYY-MM-DD` a file name starts with, followed by `-`.
pub fn file_name_date(rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next()?;
    let date = name.get(..10)?;
    (name.get(10..11) == Some("-") && date::parse_date(date) == Some(date::DateStyle::Date))
        .then(|| date.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> jiff::Timestamp {
        "2026-01-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn hugo_dates_come_from_its_list_and_pass_over_what_it_cannot_read() {
        let site = Site::defaults(BlogKind::Hugo);
        let at = |fm: Value| {
            site.date_of(&fm, "content/posts/a.md")
                .map(|d| (d.key, d.at.to_string()))
        };
        assert_eq!(
            at(json!({"Date": "2024-01-02"})),
            Some((Some("Date".into()), "2024-01-02T00:00:00Z".into()))
        );
        assert_eq!(
            at(json!({"date": "last week", "lastmod": "2024-01-01"})),
            Some((Some("lastmod".into()), "2024-01-01T00:00:00Z".into()))
        );
        assert_eq!(at(json!({"date": "January 2, 2006"})), None);
        assert_eq!(at(json!({"title": "x"})), None);
    }

    #[test]
    fn hugo_config_names_the_date_sources() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "buildFuture = true\n[frontmatter]\ndate = [\":filename\", \":default\"]\n",
        )
        .unwrap();
        let site = Site::read(dir.path(), BlogKind::Hugo);
        assert_eq!(site.problem, None);
        assert!(site.build_future);
        assert_eq!(site.date[0], Source::FileName);
        let d = site
            .date_of(
                &json!({"date": "2024-04-01"}),
                "content/posts/2024-03-02-x.md",
            )
            .unwrap();
        assert_eq!((d.key, d.written.as_str()), (None, "2024-03-02"));
        std::fs::write(dir.path().join("hugo.toml"), "[frontmatter\n").unwrap();
        let broken = Site::read(dir.path(), BlogKind::Hugo);
        assert!(broken
            .problem
            .as_deref()
            .unwrap()
            .starts_with("hugo.toml does not parse"));
        assert_eq!(broken.date, Site::defaults(BlogKind::Hugo).date);
    }

    #[test]
    fn what_each_generator_leaves_out() {
        let hugo = Site::defaults(BlogKind::Hugo);
        let st = |fm: Value| {
            hugo.status_of(&fm, "content/posts/a.md", true, now())
                .unwrap()
        };
        assert_eq!(st(json!({"draft": "true"})), Status::Draft);
        assert_eq!(st(json!({"Draft": 1})), Status::Draft);
        assert_eq!(st(json!({"draft": "no"})), Status::Published);
        assert_eq!(st(json!({"date": "2099-01-01"})), Status::Scheduled);
        assert_eq!(
            st(json!({"date": "2000-01-01", "expiryDate": "2001-01-01"})),
            Status::Expired
        );
        let jekyll = Site::defaults(BlogKind::Jekyll);
        let st = |fm: Value, rel: &str| jekyll.status_of(&fm, rel, true, now()).unwrap();
        assert_eq!(
            st(json!({"published": false}), "_posts/2024-01-01-a.md"),
            Status::Draft
        );
        assert_eq!(
            st(json!({"published": "false"}), "_posts/2024-01-01-a.md"),
            Status::Published
        );
        assert_eq!(st(json!({}), "_posts/2099-01-01-a.md"), Status::Scheduled);
        assert_eq!(st(json!({}), "_posts/notes.md"), Status::Skipped);
        assert_eq!(
            jekyll.status_of(&json!({}), "_posts/2024-01-01-a.md", false, now()),
            Some(Status::Skipped)
        );
        let starter = Site::defaults(BlogKind::BlogStarter);
        assert_eq!(
            starter.status_of(&json!({"status": "draft"}), "_posts/a.md", true, now()),
            None
        );
    }
}
