//! The index of a blog's posts: each post read and parsed once, in parallel,
//! and cached by path, size and modification time so that re-opening a large
//! blog reads only what changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::blog::{Blog, BlogError};
use crate::disk::paths;
use crate::front_matter::Located;
use crate::issue::{Issue, Severity};
use crate::kind::BlogKind;
use crate::post::schema::{self, Field};
use crate::post::validate::{self, PostCheck};
use crate::post::{self, PostSummary};

/// Bump when the cached data changes shape.
const CACHE_VERSION: u32 = 7;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub summary: PostSummary,
    /// The post's own issues under the index's schema.
    pub check: PostCheck,
    /// The parsed front-matter, when the post was read in this scan (not
    /// kept in the cache: only what the report needs is).
    #[serde(skip)]
    pub located: Option<Result<Located, Issue>>,
    size: u64,
    mtime_ns: u128,
}

impl Entry {
    /// A post known only by its row (saved here, not yet scanned).
    pub(super) fn listed(summary: PostSummary) -> Entry {
        Entry {
            summary,
            check: PostCheck::default(),
            located: None,
            size: 0,
            mtime_ns: 0,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    root: PathBuf,
    /// Of the schema and settings the checks were made under.
    fingerprint: u64,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Index {
    /// Newest first.
    pub entries: Vec<Entry>,
    /// How many posts were read from disk (the rest came from the cache).
    pub read: usize,
    /// The schema the posts were checked against (declared or inferred).
    pub schema: Vec<Field>,
    /// Said once for the whole blog: why the posts were checked against
    /// another schema than the built-in one.
    pub note: Option<String>,
    public_dir: PathBuf,
    /// The blog's languages, the default first (empty: one language).
    pub languages: Vec<String>,
    /// What its cache entries were made under (the blog's settings and
    /// schema): a later scan reuses them only under the same.
    fingerprint: u64,
}

impl Index {
    pub fn summaries(&self) -> Vec<PostSummary> {
        self.entries.iter().map(|e| e.summary.clone()).collect()
    }

    /// Each post's path and the URL its generator gives it (posts it
    /// gives none are left out): what the body checks' links resolve to.
    pub fn routes(&self) -> Vec<(&str, &str)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.summary.path.as_str(), e.summary.url.as_deref()?)))
            .collect()
    }

    /// Slug → the posts that have it.
    pub fn slugs(&self) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for e in &self.entries {
            map.entry(e.summary.slug.clone())
                .or_default()
                .push(e.summary.path.clone());
        }
        map
    }

    fn context<'a>(
        &'a self,
        blog: &'a Blog,
        slugs: &'a HashMap<String, Vec<String>>,
    ) -> validate::Context<'a> {
        validate::Context {
            kind: blog.kind(),
            schema: &self.schema,
            root: blog.root(),
            public_dir: &self.public_dir,
            date_sources: blog.site().date_sources(),
            slugs,
            known_images: None,
        }
    }

    /// Validates one post's current text (which may be unsaved) against the
    /// blog, as the editor shows it while the writer types.
    pub fn check_text(&self, blog: &Blog, rel: &str, text: &str) -> Vec<Issue> {
        let mut slugs = self.slugs();
        slugs.entry(post::slug_of(rel)).or_default();
        validate::check(
            &self.context(blog, &slugs),
            rel,
            &crate::front_matter::locate(text),
        )
    }

    /// Validates every post (in parallel). Posts in path order.
    pub fn check_all(&self, blog: &Blog) -> Vec<(String, Vec<Issue>)> {
        let slugs = self.slugs();
        // Each distinct image is looked up once, in parallel.
        let mut files: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|e| e.check.images.iter().map(|i| i.file.as_str()))
            .collect();
        files.sort_unstable();
        files.dedup();
        let known: HashMap<String, bool> = files
            .par_iter()
            .map(|f| ((*f).to_owned(), blog.root().join(f).is_file()))
            .collect();
        let mut ctx = self.context(blog, &slugs);
        ctx.known_images = Some(&known);
        let mut out: Vec<(String, Vec<Issue>)> = self
            .entries
            .par_iter()
            .map(|e| {
                (
                    e.summary.path.clone(),
                    validate::report(&ctx, &e.summary.path, &e.check),
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Reads every post of `blog`, reusing `cache` (a file path) where a post is
/// unchanged, and writes the cache back when anything was read.
pub fn scan(blog: &Blog, cache: Option<&Path>) -> Result<Index, BlogError> {
    scan_counting(blog, cache, &|_, _| {})
}

/// [`scan`], telling `progress` how many posts of how many are done (from
/// the worker threads, every few dozen posts and at the end).
pub fn scan_counting(
    blog: &Blog,
    cache: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Index, BlogError> {
    scan_after(blog, cache, None, progress)
}

/// [`scan_counting`] when the cache was already read into `prior` (by
/// [`cached`], for the list the window shows at once): its entries are
/// reused as the file's would be, without reading the file again.
pub fn scan_after(
    blog: &Blog,
    cache: Option<&Path>,
    prior: Option<&Index>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Index, BlogError> {
    let declared = blog.declared_schema();
    let builtin = declared.is_some() && blog.config().fields.is_empty();
    let index = scan_with(blog, cache, prior, declared, progress)?;
    // A built-in schema most posts do not follow is not this blog's: the
    // posts are checked against one inferred from them, and that is said
    // once instead of an error on every post.
    if builtin {
        if let Some(note) = unfit(blog, &index) {
            let mut inferred = scan_with(blog, None, None, None, progress)?;
            inferred.note = Some(note);
            return Ok(inferred);
        }
    }
    Ok(index)
}

/// Why the built-in schema does not fit the blog, when two thirds or more
/// of its posts (of at least five that parse) lack a field it requires.
fn unfit(blog: &Blog, index: &Index) -> Option<String> {
    let readable: Vec<&Entry> = index
        .entries
        .iter()
        .filter(|e| e.summary.problem.is_none())
        .collect();
    let total = readable.len();
    if total < 5 {
        return None;
    }
    let (field, missing) = index
        .schema
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let missing = readable
                .iter()
                .filter(|e| {
                    e.check.issues.iter().any(|i| {
                        i.code == "missing-required" && i.field.as_deref() == Some(f.name.as_str())
                    })
                })
                .count();
            (f.name.as_str(), missing)
        })
        .max_by_key(|(_, missing)| *missing)?;
    if missing * 3 < total * 2 {
        return None;
    }
    let kind = blog.kind().rules().name;
    let instead = if field == "date" {
        readable
            .iter()
            .find_map(|e| e.summary.date_key.clone())
            .filter(|k| k != "date")
            .map(|k| format!(" (they date posts with `{k}`)"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Some(format!(
        "{missing} of {total} posts have no `{field}`, which the built-in {kind} schema requires, so it is not this blog's schema: its posts are checked against one inferred from them instead{instead}. To keep that schema, run `postdesk schema --infer --write`."
    ))
}

/// Reads every post against `declared` (`None`: a schema inferred from the
/// posts).
fn scan_with(
    blog: &Blog,
    cache: Option<&Path>,
    prior: Option<&Index>,
    declared: Option<Vec<Field>>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Index, BlogError> {
    let files = blog.post_files()?;
    let public_dir = blog.public_dir();
    // An inferred schema depends on every post, so its checks are not cached.
    let cache = cache.filter(|_| declared.is_some());
    let fingerprint = fingerprint(blog, declared.as_deref().unwrap_or(&[]), &public_dir);
    // The entries the cache holds: `prior`'s (already read, under the same
    // fingerprint: `cached`) or the file's.
    let from_file: Option<CacheFile>;
    let known: &[Entry] = match (cache, prior) {
        (None, _) => &[],
        (Some(_), Some(prior)) if prior.fingerprint == fingerprint => &prior.entries,
        (Some(path), _) => {
            from_file = read_cache(path, blog.root(), fingerprint);
            from_file.as_ref().map_or(&[], |c| &c.entries)
        }
    };
    let cached: HashMap<&str, &Entry> =
        known.iter().map(|e| (e.summary.path.as_str(), e)).collect();

    let root = blog.root();
    let local = |schema: &[Field], rel: &str, located: &Result<Located, Issue>| {
        let ctx = validate::Local {
            kind: blog.kind(),
            schema,
            public_dir: &public_dir,
            date_sources: blog.site().date_sources(),
        };
        validate::check_post(&ctx, rel, located)
    };
    let now = jiff::Timestamp::now();
    let done = AtomicUsize::new(0);
    let total = files.len();
    let tick = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(64) || n == total {
            progress(n, total);
        }
    };
    let results: Vec<(Entry, bool)> = files
        .par_iter()
        .map(|file| {
            tick();
            let rel = paths::relative(root, file);
            let (size, mtime_ns) = stamp(file);
            if let Some(hit) = cached.get(rel.as_str()).filter(|e| {
                e.size == size
                    && e.mtime_ns == mtime_ns
                    && e.summary.until.is_none_or(|u| now.as_second() < u)
            })
            {
                return ((*hit).clone(), false);
            }
            let read = || {
                let located = match post::read_text(file, &rel) {
                    Ok(text) => crate::front_matter::locate(&text),
                    Err(e) => Err(problem("unreadable", e.to_string())),
                };
                let check = declared
                    .as_deref()
                    .map(|s| local(s, &rel, &located))
                    .unwrap_or_default();
                (located, check)
            };
            // One post must never take down the list: a failure of ours on
            // an odd post becomes that post's problem.
            let (located, check) =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
                    let issue = problem(
                        "unreadable",
                        format!("{rel} could not be read: Postdesk failed on it (a bug; please report it with the post's front-matter). The rest of the blog is listed."),
                    );
                    (Err(issue.clone()), PostCheck { issues: vec![issue], images: Vec::new() })
                });
            let mut summary = post::summary_from(&rel, &located);
            if let Ok(located) = &located {
                as_the_site_sees_it(blog, &mut summary, located, now);
            }
            if let Err(issue) = &located {
                if issue.code == "unreadable" {
                    summary.problem = Some(issue.message.clone());
                }
            }
            let entry = Entry {
                summary,
                check,
                located: Some(located),
                size,
                mtime_ns,
            };
            (entry, true)
        })
        .collect();
    let read = results.iter().filter(|(_, fresh)| *fresh).count();
    let mut entries: Vec<Entry> = results.into_iter().map(|(e, _)| e).collect();
    let schema = match declared {
        Some(s) => s,
        None => {
            let values: Vec<_> = entries
                .iter()
                .filter_map(|e| {
                    e.located
                        .as_ref()
                        .and_then(|l| l.as_ref().ok())
                        .map(|l| l.value.clone())
                })
                .collect();
            let inferred = schema::infer(&values);
            entries.par_iter_mut().for_each(|e| {
                if let Some(located) = &e.located {
                    e.check = local(&inferred, &e.summary.path, located);
                }
            });
            inferred
        }
    };
    // Newest first by the date the generator gives each post (undated
    // last), then as written, then by title.
    entries.sort_by(|a, b| {
        b.summary
            .at
            .cmp(&a.summary.at)
            .then_with(|| b.summary.date.cmp(&a.summary.date))
            .then_with(|| a.summary.title.cmp(&b.summary.title))
    });
    super::translations::separate(&mut entries);
    let index = Index {
        entries,
        read,
        schema,
        note: None,
        public_dir,
        languages: blog
            .languages()
            .map(|l| l.codes.clone())
            .unwrap_or_default(),
        fingerprint,
    };
    if let Some(path) = cache {
        if read > 0 || cached.len() != index.entries.len() {
            // A cache that cannot be written only costs speed next time.
            let _ = write_cache(path, blog.root(), fingerprint, &index.entries);
        }
    }
    Ok(index)
}

/// The index as the cache last recorded it, read without looking at the
/// posts (no file is listed or stat'ed): what the window shows at once
/// while [`scan`] brings it up to date. `None` when there is no cache of
/// this blog under its current schema and settings.
pub fn cached(blog: &Blog, cache: &Path) -> Option<Index> {
    let declared = blog.declared_schema()?;
    let public_dir = blog.public_dir();
    let fingerprint = fingerprint(blog, &declared, &public_dir);
    let c = read_cache(cache, blog.root(), fingerprint)?;
    Some(Index {
        entries: c.entries,
        read: 0,
        schema: declared,
        note: None,
        public_dir,
        languages: blog
            .languages()
            .map(|l| l.codes.clone())
            .unwrap_or_default(),
        fingerprint,
    })
}

fn read_cache(path: &Path, root: &Path, fingerprint: u64) -> Option<CacheFile> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice::<CacheFile>(&bytes)
        .ok()
        .filter(|c| c.version == CACHE_VERSION && c.root == root && c.fingerprint == fingerprint)
}

/// The list row for a post's text as the generator sees it (what the list
/// shows after a save: the same as a scan would give).
pub fn summary_of(blog: &Blog, rel: &str, text: &str, now: jiff::Timestamp) -> PostSummary {
    let located = crate::front_matter::locate(text);
    let mut summary = post::summary_from(rel, &located);
    if let Ok(located) = &located {
        as_the_site_sees_it(blog, &mut summary, located, now);
    }
    summary
}

/// The list row as the generator sees the post: the title and tags under
/// its key rules (Hugo's `Title:`), the title Jekyll makes from the file
/// name (`Utils.titleize_slug`), the date from its date sources, and
/// whether the published site has it.
fn as_the_site_sees_it(
    blog: &Blog,
    summary: &mut PostSummary,
    located: &Located,
    now: jiff::Timestamp,
) {
    let site = blog.site();
    let fm = &located.value;
    let rel = summary.path.clone();
    match site.lookup(fm, "title").map(|(_, v)| v) {
        Some(Value::String(t)) => summary.title = t.trim().to_owned(),
        Some(Value::Number(n)) => summary.title = n.to_string(),
        _ if blog.kind() == BlogKind::Jekyll => {
            summary.title = summary
                .slug
                .split('-')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| {
                            f.to_uppercase()
                                .chain(c.flat_map(char::to_lowercase))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect::<Vec<String>>()
                .join(" ");
        }
        _ => {}
    }
    if let Some((_, Value::Array(tags))) = site.lookup(fm, "tags") {
        summary.tags = tags
            .iter()
            .filter_map(|t| match t {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect();
    }
    match site.date_of(fm, &rel) {
        Some(dated) => {
            summary.date = Some(dated.written);
            summary.date_key = dated.key.filter(|k| k != "date");
            summary.at = Some(dated.at.as_second());
        }
        None => summary.at = None,
    }
    if let Some(status) = site.status_of(fm, &rel, located.has_front_matter, now) {
        summary.status = status.as_str().to_owned();
    }
    summary.until = site.next_change(fm, &rel, now).map(|t| t.as_second());
    if let Some(placed) = blog.placed(&rel, fm) {
        summary.lang = Some(placed.lang);
        summary.group = Some(placed.key);
    }
    summary.url = crate::blog::route::url_of(
        blog,
        &rel,
        fm,
        summary
            .at
            .and_then(|t| jiff::Timestamp::from_second(t).ok()),
    );
}

/// An error at the top of a post.
fn problem(code: &str, message: String) -> Issue {
    Issue::new(Severity::Error, code, None, (1, 1), message)
}

/// Changes whenever the checks of an unchanged post could change.
fn fingerprint(blog: &Blog, schema: &[Field], public_dir: &Path) -> u64 {
    let text = format!(
        "{:?}|{:?}|{:?}|{}|{}",
        blog.kind(),
        blog.site(),
        blog.languages(),
        serde_json::to_string(schema).unwrap_or_default(),
        public_dir.display()
    );
    fnv(text.as_bytes())
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn stamp(file: &Path) -> (u64, u128) {
    std::fs::metadata(file)
        .map(|m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), mtime)
        })
        .unwrap_or((0, 0))
}

fn write_cache(
    path: &Path,
    root: &Path,
    fingerprint: u64,
    entries: &[Entry],
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        root: &'a Path,
        fingerprint: u64,
        entries: &'a [Entry],
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(
        std::io::BufWriter::new(tmp.as_file_mut()),
        &Out {
            version: CACHE_VERSION,
            root,
            fingerprint,
            entries,
        },
    )
    .map_err(std::io::Error::other)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The cache file for a blog under an app cache folder.
pub fn cache_path(cache_dir: &Path, root: &Path) -> PathBuf {
    cache_dir.join(format!("index-{}.json", blog_key(root)))
}

/// A name for the blog at `root` in the app's cache (its index, the Site
/// view's scratch folder): FNV-1a of the root path, stable across runs.
pub fn blog_key(root: &Path) -> String {
    format!("{:016x}", fnv(root.as_os_str().as_encoded_bytes()))
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
