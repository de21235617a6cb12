//! The index of a blog's posts: each post read and parsed once, in parallel,
//! and cached by path, size and modification time so that re-opening a large
//! blog reads only what changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::blog::{Blog, BlogError};
use crate::paths;
use crate::post::{self, PostSummary};
use crate::schema::{self, Field};
use crate::validate::{self, Issue, Located, Severity};

/// Bump when the cached data changes shape.
const CACHE_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub summary: PostSummary,
    pub located: Result<Located, Issue>,
    size: u64,
    mtime_ns: u128,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    root: PathBuf,
    entries: Vec<Entry>,
}

#[derive(Debug)]
pub struct Index {
    /// Newest first.
    pub entries: Vec<Entry>,
    /// How many posts were read from disk (the rest came from the cache).
    pub read: usize,
}

impl Index {
    pub fn summaries(&self) -> Vec<PostSummary> {
        self.entries.iter().map(|e| e.summary.clone()).collect()
    }

    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.summary.path == rel)
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

    /// The blog's schema: declared, else inferred from these posts.
    pub fn schema(&self, blog: &Blog) -> Vec<Field> {
        blog.declared_schema().unwrap_or_else(|| {
            let values: Vec<_> = self
                .entries
                .iter()
                .filter_map(|e| e.located.as_ref().ok().map(|l| l.value.clone()))
                .collect();
            schema::infer(&values)
        })
    }

    /// Validates one post's current text (which may be unsaved) against the
    /// blog, as the editor shows it while the writer types.
    pub fn check_text(&self, blog: &Blog, rel: &str, text: &str) -> Vec<Issue> {
        let schema = self.schema(blog);
        let mut slugs = self.slugs();
        slugs.entry(post::slug_of(rel)).or_default();
        let public = blog.public_dir();
        let ctx = validate::Context {
            kind: blog.kind(),
            schema: &schema,
            root: blog.root(),
            public_dir: &public,
            slugs: &slugs,
        };
        validate::check(&ctx, rel, &validate::locate(rel, text))
    }

    /// Validates every post (in parallel). Posts in path order.
    pub fn check_all(&self, blog: &Blog) -> Vec<(String, Vec<Issue>)> {
        let schema = self.schema(blog);
        let slugs = self.slugs();
        let public = blog.public_dir();
        let ctx = validate::Context {
            kind: blog.kind(),
            schema: &schema,
            root: blog.root(),
            public_dir: &public,
            slugs: &slugs,
        };
        let mut out: Vec<(String, Vec<Issue>)> = self
            .entries
            .par_iter()
            .map(|e| {
                (
                    e.summary.path.clone(),
                    validate::check(&ctx, &e.summary.path, &e.located),
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
    let files = blog.post_files()?;
    let cached: HashMap<String, Entry> = cache
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
        .filter(|c| c.version == CACHE_VERSION && c.root == blog.root())
        .map(|c| {
            c.entries
                .into_iter()
                .map(|e| (e.summary.path.clone(), e))
                .collect()
        })
        .unwrap_or_default();

    let root = blog.root();
    let results: Vec<(Entry, bool)> = files
        .par_iter()
        .map(|file| {
            let rel = paths::relative(root, file);
            let (size, mtime_ns) = stamp(file);
            if let Some(hit) = cached
                .get(&rel)
                .filter(|e| e.size == size && e.mtime_ns == mtime_ns)
            {
                return (hit.clone(), false);
            }
            let located = match post::read_text(file, &rel) {
                Ok(text) => validate::locate(&rel, &text),
                Err(e) => Err(Issue {
                    severity: Severity::Error,
                    code: "unreadable".into(),
                    field: None,
                    line: 1,
                    col: 1,
                    message: e.to_string(),
                }),
            };
            let mut summary = post::summary_from(&rel, &located);
            if let Err(issue) = &located {
                if issue.code == "unreadable" {
                    summary.problem = Some(issue.message.clone());
                }
            }
            (
                Entry {
                    summary,
                    located,
                    size,
                    mtime_ns,
                },
                true,
            )
        })
        .collect();
    let read = results.iter().filter(|(_, fresh)| *fresh).count();
    let mut entries: Vec<Entry> = results.into_iter().map(|(e, _)| e).collect();
    entries.sort_by(|a, b| {
        b.summary
            .date
            .cmp(&a.summary.date)
            .then_with(|| a.summary.title.cmp(&b.summary.title))
    });
    let index = Index { entries, read };
    if let Some(path) = cache {
        if read > 0 || cached.len() != index.entries.len() {
            // A cache that cannot be written only costs speed next time.
            let _ = write_cache(path, blog.root(), &index.entries);
        }
    }
    Ok(index)
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

fn write_cache(path: &Path, root: &Path, entries: &[Entry]) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        root: &'a Path,
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
            entries,
        },
    )
    .map_err(std::io::Error::other)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The cache file for a blog under an app cache folder.
pub fn cache_path(cache_dir: &Path, root: &Path) -> PathBuf {
    // FNV-1a of the root path: stable across runs, no extra dependency.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in root.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    cache_dir.join(format!("index-{hash:016x}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_is_used_until_a_post_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        crate::sample::write(&root, 0).unwrap();
        let blog = Blog::open(&root).unwrap();
        let cache = dir.path().join("cache/index.json");
        let first = scan(&blog, Some(&cache)).unwrap();
        assert_eq!(first.read, 2);
        let second = scan(&blog, Some(&cache)).unwrap();
        assert_eq!(second.read, 0);
        assert_eq!(second.summaries(), first.summaries());
        std::fs::write(root.join("_posts/new.md"), "---\ntitle: New\n---\nx\n").unwrap();
        std::fs::write(
            root.join("_posts/writing-with-postdesk.md"),
            "---\ntitle: Changed\n---\nText\n",
        )
        .unwrap();
        let third = scan(&blog, Some(&cache)).unwrap();
        assert_eq!(third.read, 2);
        assert!(third.summaries().iter().any(|p| p.title == "Changed"));
    }

    #[test]
    fn the_sample_blog_has_no_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        crate::sample::write(&root, 0).unwrap();
        let blog = Blog::open(&root).unwrap();
        let index = scan(&blog, None).unwrap();
        for (path, issues) in index.check_all(&blog) {
            let errors: Vec<_> = issues
                .iter()
                .filter(|i| i.severity != Severity::Info)
                .collect();
            assert!(errors.is_empty(), "{path}: {errors:?}");
        }
    }
}
