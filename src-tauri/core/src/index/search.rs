//! Full-text search over the posts' titles and bodies.
//!
//! The texts are kept in memory (`Corpus`), refreshed from disk only for
//! files whose size or modification time changed, so a query is a scan of
//! memory: every word of the query must occur (case-insensitively, in every
//! script: É finds é), title matches rank first, then the number of
//! matches. Found with memchr's SIMD substring search.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use memchr::memmem;
use rayon::prelude::*;
use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::post::PostSummary;

/// One post found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    pub path: String,
    pub title: String,
    /// Words around the first match in the body (or the title's own text).
    pub snippet: String,
}

struct Doc {
    title: String,
    /// The text as written, for snippets — kept only for posts inserted
    /// by hand; a blog's posts are read again for the rows shown, so the
    /// corpus holds one folded copy of each post, not two.
    text: Option<String>,
    /// `text` lower-cased ([`fold`]); byte offsets differ from `text`'s
    /// only where a letter's lower case has another length ([`unfold_at`]).
    folded: Vec<u8>,
    title_folded: Vec<u8>,
    /// Where the body starts in `folded` (after the front-matter): snippets
    /// come from there, never from the raw front-matter.
    body_folded: usize,
    stamp: (u64, Option<SystemTime>),
}

/// The posts' texts, by path.
#[derive(Default)]
pub struct Corpus {
    docs: HashMap<String, Doc>,
    /// The blog the posts were read from (snippets read them again).
    blog: Option<Blog>,
    /// The last search's words and the posts it found. A query that only
    /// narrows it — each of its words inside one of the new query's, as
    /// typing on does — looks at those posts alone; any change to the
    /// posts forgets it.
    last: Mutex<Option<Narrowing>>,
}

/// A search's folded words and the paths of the posts it found.
type Narrowing = (Vec<Vec<u8>>, Arc<Vec<String>>);

fn stamp(file: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(file)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

impl Corpus {
    /// Brings the corpus in step with `posts`: new and changed files are
    /// read (in parallel), removed ones dropped.
    pub fn refresh(&mut self, blog: &Blog, posts: &[PostSummary]) {
        let stale: Vec<&PostSummary> = posts
            .iter()
            .filter(|p| {
                self.docs.get(&p.path).is_none_or(|d| {
                    d.stamp != stamp(&blog.root().join(&p.path)) || d.title != p.title
                })
            })
            .collect();
        let read: Vec<(String, Doc)> = stale
            .par_iter()
            .filter_map(|p| {
                let file = blog.root().join(&p.path);
                let st = stamp(&file);
                let text = blog.read_post(&p.path).ok()?.text;
                let mut doc = Doc::new(&p.title, text, st);
                doc.text = None;
                Some((p.path.clone(), doc))
            })
            .collect();
        self.docs.extend(read);
        self.forget_last();
        self.blog = Some(blog.clone());
        let keep: std::collections::HashSet<&str> = posts.iter().map(|p| p.path.as_str()).collect();
        self.docs.retain(|path, _| keep.contains(path.as_str()));
    }

    /// Adds or replaces one post (tests and benchmarks build corpora this way).
    pub fn insert(&mut self, path: &str, title: &str, text: String) {
        self.forget_last();
        self.docs
            .insert(path.to_owned(), Doc::new(title, text, (0, None)));
    }

    fn forget_last(&mut self) {
        *self.last.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The bytes the corpus holds on the heap (its texts and titles), for
    /// `make bench`'s bytes-per-post figure.
    pub fn heap_bytes(&self) -> usize {
        self.docs
            .iter()
            .map(|(path, d)| {
                path.capacity()
                    + d.title.capacity()
                    + d.text.as_ref().map_or(0, String::capacity)
                    + d.folded.capacity()
                    + d.title_folded.capacity()
                    + std::mem::size_of::<Doc>()
            })
            .sum()
    }

    /// The posts containing every word of `query`, best first, at most
    /// `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.matches(query)
            .iter()
            .take(limit)
            .filter_map(|m| self.hit(m))
            .collect()
    }

    /// The posts containing every word of `query`, best first (title
    /// matches, then the number of words matched, then by path). No
    /// snippet is made here: [`Corpus::hit`] makes one for a row shown.
    pub fn matches(&self, query: &str) -> Vec<Match> {
        let words: Vec<Vec<u8>> = query.split_whitespace().map(fold).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let finders: Vec<memmem::Finder> = words.iter().map(memmem::Finder::new).collect();
        let narrowed = self
            .last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|(old, _)| {
                old.iter()
                    .all(|w| words.iter().any(|v| memmem::find(v, w).is_some()))
            })
            .map(|(_, paths)| paths.clone());
        let look = |(path, d): (&String, &Doc)| {
            let mut in_title = true;
            let mut first = usize::MAX;
            // The first match in the body, for the snippet.
            let mut in_body = usize::MAX;
            let mut count = 0;
            for f in &finders {
                let t = f.find(&d.title_folded).is_some();
                in_title &= t;
                match f.find(&d.folded) {
                    Some(at) => {
                        first = first.min(at);
                        count += 1;
                        if let Some(b) = f.find(&d.folded[d.body_folded..]) {
                            in_body = in_body.min(d.body_folded + b);
                        }
                    }
                    None if t => {}
                    None => return None,
                }
            }
            Some(Match {
                path: path.clone(),
                in_title,
                count,
                first,
                in_body,
            })
        };
        let mut found: Vec<Match> = match &narrowed {
            Some(paths) => paths
                .par_iter()
                .filter_map(|p| self.docs.get_key_value(p))
                .filter_map(look)
                .collect(),
            None => self.docs.par_iter().filter_map(look).collect(),
        };
        found.sort_by(|a, b| {
            b.in_title
                .cmp(&a.in_title)
                .then(b.count.cmp(&a.count))
                .then_with(|| a.path.cmp(&b.path))
        });
        let paths = Arc::new(found.iter().map(|m| m.path.clone()).collect());
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((words, paths));
        found
    }

    /// The hit for a match: the words around it in the body; a match only
    /// in the front-matter (the title) shows the body's opening instead.
    pub fn hit(&self, m: &Match) -> Option<Hit> {
        let d = self.docs.get(&m.path)?;
        let read;
        let text = match (&d.text, &self.blog) {
            (Some(text), _) => text,
            (None, Some(blog)) => {
                read = blog.read_post(&m.path).ok()?.text;
                &read
            }
            (None, None) => return None,
        };
        let at = if m.in_body != usize::MAX {
            m.in_body
        } else if m.first >= d.body_folded {
            m.first
        } else {
            d.body_folded
        };
        Some(Hit {
            path: m.path.clone(),
            title: d.title.clone(),
            snippet: snippet(text, unfold_at(text, d.body_folded), unfold_at(text, at)),
        })
    }
}

/// A post that has every word of a query, and where (offsets in its
/// folded text).
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub path: String,
    in_title: bool,
    count: usize,
    first: usize,
    in_body: usize,
}

impl Doc {
    fn new(title: &str, text: String, stamp: (u64, Option<SystemTime>)) -> Doc {
        let body = crate::front_matter::split(&text)
            .map(|s| s.body.start)
            .unwrap_or(0);
        Doc {
            title: title.to_owned(),
            body_folded: fold(&text[..body]).len(),
            folded: fold(&text),
            title_folded: fold(title),
            text: Some(text),
            stamp,
        }
    }
}

/// Lower case for every script (É finds é, not only E finds e); ASCII text,
/// the common case, takes the fast path.
fn fold(text: &str) -> Vec<u8> {
    if text.is_ascii() {
        return text.as_bytes().to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .into_bytes()
}

/// The offset in `text` of offset `at` of `fold(text)` (they differ only
/// after a letter whose lower case has another length, such as İ).
fn unfold_at(text: &str, at: usize) -> usize {
    if at == usize::MAX || text.is_ascii() {
        return at;
    }
    let mut folded = 0;
    for (i, c) in text.char_indices() {
        if folded >= at {
            return i;
        }
        folded += c.to_lowercase().map(char::len_utf8).sum::<usize>();
    }
    text.len()
}

/// About 60 characters before and 100 after `at`, on character
/// boundaries, on one line, never before `from` (the body's start).
fn snippet(text: &str, from: usize, at: usize) -> String {
    if at == usize::MAX || at >= text.len() {
        return String::new();
    }
    let mut start = at.saturating_sub(60).max(from.min(at));
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 100).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut s = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if start > from {
        s.insert(0, '…');
    }
    if end < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let mut c = Corpus::default();
        c.insert(
            "_posts/a.md",
            "Rust in production",
            "---\ntitle: Rust in production\n---\nWe moved our API to Rust.\n".into(),
        );
        c.insert("_posts/b.md", "Gardening", "---\ntitle: Gardening\n---\nTomatoes need sun. Rust appears on leaves; so does API talk.\n".into());
        c.insert(
            "_posts/c.md",
            "Cooking",
            "---\ntitle: Cooking\n---\nPasta, café crème.\n".into(),
        );
        c
    }

    #[test]
    fn typing_on_narrows_the_last_search_and_a_change_forgets_it() {
        let paths = |c: &Corpus, q: &str| -> Vec<String> {
            c.matches(q).into_iter().map(|m| m.path).collect()
        };
        let mut c = corpus();
        // Each query typed on finds what a search from scratch finds.
        for q in [
            "r",
            "ru",
            "rus",
            "rust",
            "rust a",
            "rust ap",
            "rust api",
            "rust api t",
        ] {
            assert_eq!(paths(&c, q), paths(&corpus(), q), "{q}");
        }
        // Not a narrowing (a word dropped, another one): all posts again.
        assert_eq!(paths(&c, "pasta"), ["_posts/c.md"]);
        assert_eq!(paths(&c, "rust"), ["_posts/a.md", "_posts/b.md"]);
        // A post added after "rust" is found by "rusty", which narrows it.
        c.insert(
            "_posts/d.md",
            "Rusty",
            "---\ntitle: Rusty\n---\nOld rusty nails.\n".into(),
        );
        assert_eq!(paths(&c, "rusty"), ["_posts/d.md"]);
    }

    #[test]
    fn every_word_must_occur_and_title_matches_rank_first() {
        let c = corpus();
        let hits: Vec<_> = c
            .search("rust api", 10)
            .into_iter()
            .map(|h| h.path)
            .collect();
        assert_eq!(hits, ["_posts/a.md", "_posts/b.md"]);
        let hits: Vec<_> = c
            .search("TOMATOES", 10)
            .into_iter()
            .map(|h| h.path)
            .collect();
        assert_eq!(hits, ["_posts/b.md"]);
        assert!(c.search("tomatoes pasta", 10).is_empty());
        assert!(c.search("   ", 10).is_empty());
    }

    #[test]
    fn a_title_match_shows_the_body_never_the_raw_front_matter() {
        let mut c = Corpus::default();
        c.insert(
            "_posts/a.md",
            "Rust in production",
            "---\ntitle: \"Rust in production\"\nexcerpt: \"What we learned\"\n---\n\nWe moved three services last spring.\n".into(),
        );
        c.insert(
            "_posts/b.md",
            "Notes",
            "---\ntitle: \"Notes\"\ntags: [rust]\n---\n\nSome notes. Later: rust everywhere.\n"
                .into(),
        );
        let hits = c.search("rust", 10);
        let a = hits.iter().find(|h| h.path == "_posts/a.md").unwrap();
        assert_eq!(a.snippet, "We moved three services last spring.");
        let b = hits.iter().find(|h| h.path == "_posts/b.md").unwrap();
        assert!(
            b.snippet.contains("Later: rust everywhere."),
            "{}",
            b.snippet
        );
        assert!(!b.snippet.contains("tags:"), "{}", b.snippet);
    }

    #[test]
    fn the_snippet_shows_the_words_around_the_match_on_char_boundaries() {
        let c = corpus();
        let hit = &c.search("crème", 10)[0];
        assert!(hit.snippet.contains("café crème"), "{}", hit.snippet);
        let long = format!("{}needle{}", "é".repeat(100), "ü".repeat(100));
        let s = snippet(&long, 0, long.find("needle").unwrap());
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("needle"));
    }

    #[test]
    fn letters_beyond_ascii_match_in_either_case() {
        let mut c = corpus();
        // İ lower-cases to two chars (i + combining dot): offsets move.
        c.insert(
            "_posts/d.md",
            "ÉTÉ À PARIS",
            "---\ntitle: x\n---\nİstanbul İİİ, puis l'ÉTÉ à Paris.\n".into(),
        );
        let hits = c.search("été", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path, "_posts/d.md");
        assert!(
            hits[0].snippet.contains("l'ÉTÉ à Paris"),
            "{}",
            hits[0].snippet
        );
        assert_eq!(c.search("CAFÉ CRÈME", 10)[0].path, "_posts/c.md");
        let text = "İİ été";
        assert_eq!(
            unfold_at(text, fold(text).len() - "été".len()),
            text.find("été").unwrap()
        );
    }

    #[test]
    fn refresh_reads_only_what_changed_and_drops_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join("_posts/a.md"), "---\ntitle: A\n---\nalpha\n").unwrap();
        std::fs::write(root.join("_posts/b.md"), "---\ntitle: B\n---\nbeta\n").unwrap();
        let blog = Blog::open(&root).unwrap();
        let mut c = Corpus::default();
        c.refresh(&blog, &crate::index::scan(&blog, None).unwrap().summaries());
        assert_eq!(c.search("beta", 5).len(), 1);
        std::fs::write(
            root.join("_posts/b.md"),
            "---\ntitle: B\n---\ngamma, longer now\n",
        )
        .unwrap();
        std::fs::remove_file(root.join("_posts/a.md")).unwrap();
        c.refresh(&blog, &crate::index::scan(&blog, None).unwrap().summaries());
        assert_eq!(c.len(), 1);
        assert!(c.search("beta", 5).is_empty());
        assert_eq!(c.search("gamma", 5).len(), 1);
    }
}
