//! Full-text search over the posts' titles and bodies.
//!
//! The texts are kept in memory (`Corpus`), refreshed from disk only for
//! files whose size or modification time changed, so a query is a scan of
//! memory: every word of the query must occur (case-insensitively, in every
//! script: É finds é), title matches rank first, then the number of
//! matches. Found with memchr's SIMD substring search.

use std::collections::HashSet;
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
    path: Arc<str>,
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
    /// Its place in the posts last refreshed from (the index's rows), so
    /// that a listing finds a match's row without a lookup; `u32::MAX`
    /// for a post inserted by hand.
    entry: u32,
}

/// The posts' texts.
#[derive(Default)]
pub struct Corpus {
    /// Sorted by path: a post's place here is its rank among equal matches,
    /// and a search's posts are numbers into it (no path is hashed, copied
    /// or compared per post and keystroke).
    docs: Vec<Doc>,
    /// The blog the posts were read from (snippets read them again).
    blog: Option<Blog>,
    /// The last search's words and the posts it found. A query that only
    /// narrows it — each of its words inside one of the new query's, as
    /// typing on does — looks at those posts alone; any change to the
    /// posts forgets it.
    last: Mutex<Option<Narrowing>>,
}

/// A search's folded words and the posts it found (places in `docs`),
/// each with where the words first occur in it.
type Narrowing = (Vec<Vec<u8>>, Arc<Vec<(u32, Firsts)>>);

/// How many of a query's words have their first place in each post kept.
const KEPT: usize = 4;

/// Where each of a query's first [`KEPT`] words first occurs in a post's
/// folded text (`u32::MAX`: not there, or not kept). Typing on starts each
/// new word's scan there: a word that holds an old one at offset `k`
/// cannot occur before the old one's first place minus `k`, so "pipe"
/// typed after "pip" resumes where "pip" was found, kilobytes in.
type Firsts = [u32; KEPT];

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
                self.doc(&p.path).is_none_or(|d| {
                    d.stamp != stamp(&blog.root().join(&p.path)) || d.title != p.title
                })
            })
            .collect();
        let read: Vec<Doc> = stale
            .par_iter()
            .filter_map(|p| {
                let file = blog.root().join(&p.path);
                let st = stamp(&file);
                let text = blog.read_post(&p.path).ok()?.text;
                let mut doc = Doc::new(&p.path, &p.title, text, st);
                doc.text = None;
                Some(doc)
            })
            .collect();
        self.forget_last();
        self.blog = Some(blog.clone());
        let keep: HashSet<&str> = posts.iter().map(|p| p.path.as_str()).collect();
        let replaced: HashSet<Arc<str>> = read.iter().map(|d| d.path.clone()).collect();
        self.docs
            .retain(|d| keep.contains(&*d.path) && !replaced.contains(&d.path));
        self.docs.extend(read);
        self.docs.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        self.docs.dedup_by(|a, b| a.path == b.path);
        for (i, p) in posts.iter().enumerate() {
            if let Ok(at) = self.place(&p.path) {
                self.docs[at].entry = i as u32;
            }
        }
    }

    /// Where the post at `path` is in `docs` (`Err`: where it would go).
    fn place(&self, path: &str) -> Result<usize, usize> {
        self.docs.binary_search_by(|d| (*d.path).cmp(path))
    }

    /// The post at `path`, if the corpus has it.
    fn doc(&self, path: &str) -> Option<&Doc> {
        self.docs.get(self.place(path).ok()?)
    }

    /// Adds or replaces one post (tests and benchmarks build corpora this way).
    pub fn insert(&mut self, path: &str, title: &str, text: String) {
        self.forget_last();
        let doc = Doc::new(path, title, text, (0, None));
        match self.place(path) {
            Ok(at) => self.docs[at] = doc,
            Err(at) => self.docs.insert(at, doc),
        }
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
            .map(|d| {
                d.path.len()
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
            .filter_map(|m| self.hit(m, query))
            .collect()
    }

    /// The posts containing every word of `query`, best first (title
    /// matches, then the number of words matched, then by path). No
    /// snippet is made here: [`Corpus::hit`] makes one for a row shown
    /// (a match names its post by place in this corpus, and by path should
    /// the corpus have changed since).
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
            .map(|(old, found)| {
                // For each new word, the kept old words inside it, and at
                // which offset.
                let inside: Vec<Vec<(usize, u32)>> = words
                    .iter()
                    .map(|v| {
                        let kept = old.iter().take(KEPT).enumerate();
                        kept.filter_map(|(i, w)| Some((i, memmem::find(v, w)? as u32)))
                            .collect()
                    })
                    .collect();
                (inside, found.clone())
            });
        let look = |doc: u32, known: &Firsts, inside: &[Vec<(usize, u32)>]| {
            let d = &self.docs[doc as usize];
            let mut in_title = true;
            let mut first = usize::MAX;
            let mut count = 0;
            let mut firsts = [u32::MAX; KEPT];
            for (j, f) in finders.iter().enumerate() {
                let t = f.find(&d.title_folded).is_some();
                in_title &= t;
                let from = inside.get(j).map_or(0, |old| {
                    let bounds = old.iter().filter(|(i, _)| known[*i] != u32::MAX);
                    bounds
                        .map(|&(i, k)| known[i].saturating_sub(k))
                        .max()
                        .unwrap_or(0)
                });
                let from = (from as usize).min(d.folded.len());
                match f.find(&d.folded[from..]) {
                    Some(at) => {
                        let at = from + at;
                        first = first.min(at);
                        count += 1;
                        if let Some(kept) = firsts.get_mut(j) {
                            *kept = u32::try_from(at).unwrap_or(u32::MAX);
                        }
                    }
                    None if t => {}
                    None => return None,
                }
            }
            Some(Match {
                path: d.path.clone(),
                doc,
                entry: d.entry,
                in_title,
                count,
                first,
                firsts,
            })
        };
        let mut found: Vec<Match> = match &narrowed {
            Some((inside, docs)) => docs
                .par_iter()
                .filter_map(|(d, known)| look(*d, known, inside))
                .collect(),
            None => (0..self.docs.len() as u32)
                .into_par_iter()
                .filter_map(|d| look(d, &[u32::MAX; KEPT], &[]))
                .collect(),
        };
        // Places in `docs` are in path order.
        found.sort_unstable_by(|a, b| {
            b.in_title
                .cmp(&a.in_title)
                .then(b.count.cmp(&a.count))
                .then(a.doc.cmp(&b.doc))
        });
        let docs = Arc::new(found.iter().map(|m| (m.doc, m.firsts)).collect());
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((words, docs));
        found
    }

    /// The hit for a match of `query`: the words around its first match
    /// in the body; a match only in the front-matter (the title) shows the
    /// body's opening instead. Where in the body is found here, for the
    /// rows shown only, not for every post a broad query matches.
    pub fn hit(&self, m: &Match, query: &str) -> Option<Hit> {
        let d = match self.docs.get(m.doc as usize) {
            Some(d) if d.path == m.path => d,
            _ => self.doc(&m.path)?,
        };
        let read;
        let text = match (&d.text, &self.blog) {
            (Some(text), _) => text,
            (None, Some(blog)) => {
                read = blog.read_post(&d.path).ok()?.text;
                &read
            }
            (None, None) => return None,
        };
        let body = &d.folded[d.body_folded.min(d.folded.len())..];
        let in_body = || {
            let words = query.split_whitespace().map(fold);
            let found = words.filter_map(|w| memmem::find(body, &w)).min()?;
            Some(d.body_folded + found)
        };
        let at = if m.first >= d.body_folded && m.first != usize::MAX {
            m.first
        } else {
            in_body().unwrap_or(d.body_folded)
        };
        Some(Hit {
            path: m.path.to_string(),
            title: d.title.clone(),
            snippet: snippet(text, unfold_at(text, d.body_folded), unfold_at(text, at)),
        })
    }
}

/// A post that has every word of a query, and where (offsets in its
/// folded text).
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub path: Arc<str>,
    /// Its place in the corpus that found it.
    doc: u32,
    /// Its row in the posts the corpus was refreshed from, if they are
    /// still in that order (`u32::MAX`: inserted by hand).
    pub entry: u32,
    in_title: bool,
    count: usize,
    /// The first match of any word in the folded text.
    first: usize,
    firsts: Firsts,
}

impl Doc {
    fn new(path: &str, title: &str, text: String, stamp: (u64, Option<SystemTime>)) -> Doc {
        let body = crate::front_matter::split(&text)
            .map(|s| s.body.start)
            .unwrap_or(0);
        Doc {
            path: path.into(),
            title: title.to_owned(),
            body_folded: fold(&text[..body]).len(),
            folded: fold(&text),
            title_folded: fold(title),
            text: Some(text),
            stamp,
            entry: u32::MAX,
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Law: whatever was searched before, a query finds what it finds
        /// from scratch — the same posts, ranks and first places (where a
        /// narrowing query resumes each word's scan).
        #[test]
        fn a_search_finds_the_same_whatever_was_searched_before(
            texts in proptest::collection::vec("[ab ]{0,40}", 1..8),
            queries in proptest::collection::vec("[ab ]{0,6}", 1..8),
        ) {
            let build = || {
                let mut c = Corpus::default();
                for (i, t) in texts.iter().enumerate() {
                    c.insert(&format!("_posts/{i}.md"), "T", format!("---\ntitle: T\n---\n{t}\n"));
                }
                c
            };
            let typed = build();
            for q in &queries {
                // Typed on key by key, then the whole query after another.
                for n in 0..=q.len() {
                    let got = typed.matches(&q[..n]);
                    proptest::prop_assert_eq!(&got, &build().matches(&q[..n]), "{:?} after {:?}", &q[..n], queries);
                }
            }
        }
    }

    #[test]
    fn typing_on_narrows_the_last_search_and_a_change_forgets_it() {
        let paths = |c: &Corpus, q: &str| -> Vec<String> {
            c.matches(q)
                .into_iter()
                .map(|m| m.path.to_string())
                .collect()
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
