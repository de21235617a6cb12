//! The post list as the window shows it: the index seen through the
//! writer's query (search words, a sort, filters by status, tag and
//! category), as an order of rows the window asks for a page at a time.
//! The window holds only the rows on screen, so a blog of 10,000 posts
//! costs it no more than one of ten.

use std::collections::{BTreeSet, HashMap};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::search::{Corpus, Match};
use super::Index;
use crate::post::PostSummary;

/// What the list shows: every post, or those with every word of `search`
/// (ranked, title matches first), then filtered; an empty filter is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ListQuery {
    pub search: String,
    pub sort: Sort,
    pub status: String,
    pub tag: String,
    pub category: String,
    /// Only the posts in this language, each on its own row; empty: every
    /// language, a post and its translations on one row.
    pub lang: String,
}

/// The order of the list when it is not a search (a search is ranked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Sort {
    /// By the instant the generator dates each post at (undated last).
    #[default]
    Newest,
    /// The reverse.
    Oldest,
    /// By title, ignoring case.
    Title,
}

/// One row: the post and, in a search, the words around the match.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Row {
    pub post: PostSummary,
    pub snippet: Option<String>,
    /// In a blog of several languages, one per language: the post's
    /// translations (and itself), missing ones without a path.
    pub langs: Vec<LangChip>,
}

/// A language of a post: its translation into it, if there is one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LangChip {
    pub lang: String,
    pub path: Option<String>,
    /// The translation is behind its source post (git's history).
    pub outdated: bool,
}

/// Rows `start..start + rows.len()` of a query's `total`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ListPage {
    pub total: u32,
    pub start: u32,
    pub rows: Vec<Row>,
    /// Where the post asked about is in the whole list (for the keyboard
    /// and for scrolling to the selection), if the query shows it.
    pub at: Option<u32>,
}

/// What the list's filters offer, and how many posts the blog has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Facets {
    pub posts: u32,
    pub statuses: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    /// The blog's languages, the default first (empty: one language).
    pub languages: Vec<String>,
}

/// A query's rows, in order: positions in the index (newest first), each
/// with its search match when the query searched.
#[derive(Debug, Default)]
pub struct Listing {
    pub query: ListQuery,
    rows: Vec<(u32, Option<Match>)>,
    /// Each group's posts (positions in the index), in a blog of several
    /// languages.
    groups: HashMap<String, Vec<u32>>,
}

impl Index {
    /// The statuses, tags and categories the posts use (sorted), and the
    /// number of posts.
    pub fn facets(&self) -> Facets {
        let mut statuses = BTreeSet::new();
        let mut tags = BTreeSet::new();
        let mut categories = BTreeSet::new();
        for e in &self.entries {
            statuses.insert(e.summary.status.as_str());
            tags.extend(e.summary.tags.iter().map(String::as_str));
            categories.extend(e.summary.category.as_deref());
        }
        let owned = |set: BTreeSet<&str>| set.into_iter().map(str::to_owned).collect();
        Facets {
            posts: self.entries.len() as u32,
            statuses: owned(statuses),
            tags: owned(tags),
            categories: owned(categories),
            languages: self.languages.clone(),
        }
    }

    /// The rows of `query`. A search needs the posts' texts (`corpus`, in
    /// step with this index); without one a search finds nothing.
    pub fn listing(&self, query: &ListQuery, corpus: Option<&Corpus>) -> Listing {
        let keep = |s: &PostSummary| {
            (query.lang.is_empty() || s.lang.as_deref() == Some(query.lang.as_str()))
                && (query.status.is_empty() || s.status == query.status)
                && (query.tag.is_empty() || s.tags.contains(&query.tag))
                && (query.category.is_empty() || s.category.as_deref() == Some(&query.category))
        };
        let rows = if query.search.trim().is_empty() {
            let mut rows: Vec<(u32, Option<Match>)> = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| keep(&e.summary))
                .map(|(i, _)| (i as u32, None))
                .collect();
            match query.sort {
                // The index is newest first already (`scan`).
                Sort::Newest => {}
                Sort::Oldest => rows.reverse(),
                Sort::Title => {
                    let key = |i: u32| self.entries[i as usize].summary.title.to_lowercase();
                    let mut keyed: Vec<(String, (u32, Option<Match>))> =
                        rows.into_iter().map(|r| (key(r.0), r)).collect();
                    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1 .0.cmp(&b.1 .0)));
                    rows = keyed.into_iter().map(|(_, r)| r).collect();
                }
            }
            rows
        } else {
            // A match's row is where the corpus was refreshed from (it is,
            // unless a row was added since); else it is looked up.
            let mut at: Option<HashMap<&str, u32>> = None;
            corpus
                .map(|c| c.matches(&query.search))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|m| {
                    let i = match self.entries.get(m.entry as usize) {
                        Some(e) if *e.summary.path == *m.path => m.entry,
                        _ => *at
                            .get_or_insert_with(|| {
                                let rows = self.entries.iter().enumerate();
                                rows.map(|(i, e)| (e.summary.path.as_str(), i as u32))
                                    .collect()
                            })
                            .get(&*m.path)?,
                    };
                    keep(&self.entries[i as usize].summary).then_some((i, Some(m)))
                })
                .collect()
        };
        let mut groups: HashMap<String, Vec<u32>> = HashMap::new();
        if !self.languages.is_empty() {
            for (i, e) in self.entries.iter().enumerate() {
                if let Some(g) = &e.summary.group {
                    groups.entry(g.clone()).or_default().push(i as u32);
                }
            }
        }
        // Every language: a post and its translations on one row — where
        // the first of them comes in the order, the one in the default
        // language (a search shows the translation it matched).
        let rows = if query.lang.is_empty() && !groups.is_empty() {
            let searched = !query.search.trim().is_empty();
            let default = self.languages.first().map(String::as_str);
            let mut shown = std::collections::HashSet::new();
            rows.into_iter()
                .filter_map(|(i, m)| {
                    let s = &self.entries[i as usize].summary;
                    let Some(g) = &s.group else {
                        return Some((i, m));
                    };
                    if !shown.insert(g.clone()) {
                        return None;
                    }
                    if searched {
                        return Some((i, m));
                    }
                    let lead = groups[g]
                        .iter()
                        .copied()
                        .find(|&j| {
                            let t = &self.entries[j as usize].summary;
                            t.lang.as_deref() == default && keep(t)
                        })
                        .unwrap_or(i);
                    Some((lead, m))
                })
                .collect()
        } else {
            rows
        };
        Listing {
            query: query.clone(),
            rows,
            groups,
        }
    }

    /// A post's languages: each of the blog's, with its translation into
    /// it if there is one (empty in a blog of one language).
    fn chips(&self, groups: &HashMap<String, Vec<u32>>, post: &PostSummary) -> Vec<LangChip> {
        if self.languages.is_empty() {
            return Vec::new();
        }
        let members: Vec<&PostSummary> = match post.group.as_ref().and_then(|g| groups.get(g)) {
            Some(m) => m
                .iter()
                .map(|&j| &self.entries[j as usize].summary)
                .collect(),
            None => vec![post],
        };
        self.languages
            .iter()
            .map(|lang| LangChip {
                lang: lang.clone(),
                path: members
                    .iter()
                    .find(|s| s.lang.as_deref() == Some(lang.as_str()))
                    .map(|s| s.path.clone()),
                outdated: false,
            })
            .collect()
    }

    /// The languages of the post at `rel` (as a row of the list shows them).
    pub fn langs_of(&self, rel: &str) -> Vec<LangChip> {
        let Some(post) = self.row(rel) else {
            return Vec::new();
        };
        let mut groups: HashMap<String, Vec<u32>> = HashMap::new();
        if let Some(g) = &post.group {
            for (i, e) in self.entries.iter().enumerate() {
                if e.summary.group.as_ref() == Some(g) {
                    groups.entry(g.clone()).or_default().push(i as u32);
                }
            }
        }
        self.chips(&groups, post)
    }

    /// Rows `start..start + count` of `listing` (made from this index),
    /// and where `selected` is in it.
    pub fn page(
        &self,
        listing: &Listing,
        corpus: Option<&Corpus>,
        start: u32,
        count: u32,
        selected: Option<&str>,
    ) -> ListPage {
        let total = listing.rows.len() as u32;
        let start = start.min(total);
        let end = start.saturating_add(count).min(total);
        let rows = listing.rows[start as usize..end as usize]
            .iter()
            .filter_map(|(i, m)| {
                let post = self.entries.get(*i as usize)?.summary.clone();
                let snippet = m
                    .as_ref()
                    .and_then(|m| corpus?.hit(m, &listing.query.search))
                    .map(|h| h.snippet)
                    .filter(|s| !s.is_empty());
                let langs = self.chips(&listing.groups, &post);
                Some(Row {
                    post,
                    snippet,
                    langs,
                })
            })
            .collect();
        // The selected post's row — or its translation's, on one row.
        let at = selected.and_then(|path| {
            let group = self.row(path).and_then(|s| s.group.as_ref());
            let row = |i: &u32| &self.entries[*i as usize].summary;
            listing
                .rows
                .iter()
                .position(|(i, _)| row(i).path == path)
                .or_else(|| {
                    group.and_then(|g| {
                        listing
                            .rows
                            .iter()
                            .position(|(i, _)| row(i).group.as_ref() == Some(g))
                    })
                })
                .map(|p| p as u32)
        });
        ListPage {
            total,
            start,
            rows,
            at,
        }
    }

    /// Posts whose title has the letters of `query` in order (fuzzy, as
    /// fzf matches: nucleo's matcher), best first, at most `limit`; with no
    /// query, the newest.
    pub fn quick_open(&self, query: &str, limit: usize) -> Vec<PostSummary> {
        if query.trim().is_empty() {
            return self
                .entries
                .iter()
                .take(limit)
                .map(|e| e.summary.clone())
                .collect();
        }
        struct Title<'a>(usize, &'a str);
        impl AsRef<str> for Title<'_> {
            fn as_ref(&self) -> &str {
                self.1
            }
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
            .match_list(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, e)| Title(i, &e.summary.title)),
                &mut matcher,
            )
            .into_iter()
            .take(limit)
            .map(|(t, _)| self.entries[t.0].summary.clone())
            .collect()
    }

    /// The row of one post, if the index has it.
    pub fn row(&self, path: &str) -> Option<&PostSummary> {
        self.entries
            .iter()
            .map(|e| &e.summary)
            .find(|s| s.path == path)
    }

    /// Puts a post's new row in place of its old one (after a save), keeping
    /// the list's order until the next scan sorts it again; a post the
    /// index did not have is added first.
    pub fn set_row(&mut self, summary: PostSummary) {
        match self
            .entries
            .iter_mut()
            .find(|e| e.summary.path == summary.path)
        {
            Some(e) => e.summary = summary,
            None => self.entries.insert(0, super::Entry::listed(summary)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blog::Blog;

    fn blog(posts: &[(&str, &str)]) -> (tempfile::TempDir, Blog) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::write(dir.path().join("package.json"), "{}").unwrap();
        for (name, text) in posts {
            std::fs::write(dir.path().join("_posts").join(name), text).unwrap();
        }
        let blog = Blog::open(dir.path()).unwrap();
        (dir, blog)
    }

    fn post(title: &str, date: &str, status: &str, tags: &str, body: &str) -> String {
        format!("---\ntitle: \"{title}\"\ndate: \"{date}\"\nstatus: {status}\ntags: [{tags}]\ncategory: notes\n---\n{body}\n")
    }

    fn paths(index: &Index, listing: &Listing) -> Vec<String> {
        index
            .page(listing, None, 0, 100, None)
            .rows
            .into_iter()
            .map(|r| r.post.path)
            .collect()
    }

    #[test]
    fn sorts_filters_and_pages_in_rust() {
        let (_dir, blog) = blog(&[
            (
                "a.md",
                &post("banana", "2024-01-01", "published", "x", "one"),
            ),
            ("b.md", &post("Apple", "2024-03-01", "draft", "x, y", "two")),
            (
                "c.md",
                &post("cherry", "2024-02-01", "published", "y", "three"),
            ),
        ]);
        let index = super::super::scan(&blog, None).unwrap();
        let q = |f: fn(&mut ListQuery)| {
            let mut q = ListQuery::default();
            f(&mut q);
            index.listing(&q, None)
        };
        assert_eq!(
            paths(&index, &q(|_| {})),
            ["_posts/b.md", "_posts/c.md", "_posts/a.md"]
        );
        assert_eq!(
            paths(&index, &q(|q| q.sort = Sort::Oldest)),
            ["_posts/a.md", "_posts/c.md", "_posts/b.md"]
        );
        // Case is ignored, as the window's old `localeCompare` did.
        assert_eq!(
            paths(&index, &q(|q| q.sort = Sort::Title)),
            ["_posts/b.md", "_posts/a.md", "_posts/c.md"]
        );
        assert_eq!(
            paths(&index, &q(|q| q.status = "draft".into())),
            ["_posts/b.md"]
        );
        assert_eq!(
            paths(&index, &q(|q| q.tag = "y".into())),
            ["_posts/b.md", "_posts/c.md"]
        );
        assert!(paths(&index, &q(|q| q.category = "other".into())).is_empty());

        let all = q(|_| {});
        let page = index.page(&all, None, 1, 1, Some("_posts/a.md"));
        assert_eq!(page.total, 3);
        assert_eq!(page.start, 1);
        assert_eq!(page.rows.len(), 1);
        assert_eq!(page.rows[0].post.path, "_posts/c.md");
        assert_eq!(page.at, Some(2));
        // Past the end: no rows, never a panic.
        let page = index.page(&all, None, 7, 50, Some("_posts/none.md"));
        assert_eq!((page.start, page.rows.len(), page.at), (3, 0, None));

        let facets = index.facets();
        assert_eq!(facets.posts, 3);
        assert_eq!(facets.statuses, ["draft", "published"]);
        assert_eq!(facets.tags, ["x", "y"]);
        assert_eq!(facets.categories, ["notes"]);
    }

    #[test]
    fn a_search_is_ranked_filtered_and_gives_snippets_for_the_page_only() {
        let (_dir, blog) = blog(&[
            (
                "a.md",
                &post(
                    "Gardening",
                    "2024-01-01",
                    "published",
                    "x",
                    "Rust on the leaves.",
                ),
            ),
            (
                "b.md",
                &post("Rust at work", "2024-03-01", "draft", "x", "We write Rust."),
            ),
            (
                "c.md",
                &post("Cooking", "2024-02-01", "published", "y", "Pasta."),
            ),
        ]);
        let index = super::super::scan(&blog, None).unwrap();
        let mut corpus = Corpus::default();
        corpus.refresh(&blog, &index.summaries());
        let query = ListQuery {
            search: "rust".into(),
            ..ListQuery::default()
        };
        let listing = index.listing(&query, Some(&corpus));
        let page = index.page(&listing, Some(&corpus), 0, 10, None);
        let got: Vec<_> = page
            .rows
            .iter()
            .map(|r| (r.post.path.as_str(), r.snippet.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("_posts/b.md", "We write Rust."),
                ("_posts/a.md", "Rust on the leaves.")
            ]
        );
        let drafts = ListQuery {
            status: "published".into(),
            ..query
        };
        assert_eq!(
            paths(&index, &index.listing(&drafts, Some(&corpus))),
            ["_posts/a.md"]
        );
        // Without the texts a search finds nothing (rather than everything).
        assert!(index.listing(&drafts, None).rows.is_empty());

        // A post saved since the texts were read takes the first row, so
        // every match's row moved: each is still the right post's.
        let mut index = index;
        let mut saved = index.row("_posts/c.md").unwrap().clone();
        saved.path = "_posts/new.md".into();
        index.set_row(saved);
        let listing = index.listing(&drafts.clone(), Some(&corpus));
        assert_eq!(paths(&index, &listing), ["_posts/a.md"]);
        let all = ListQuery {
            status: String::new(),
            ..drafts
        };
        assert_eq!(
            paths(&index, &index.listing(&all, Some(&corpus))),
            ["_posts/b.md", "_posts/a.md"]
        );
    }

    #[test]
    fn quick_open_matches_titles_fuzzily_best_first() {
        let (_dir, blog) = blog(&[
            (
                "a.md",
                &post(
                    "Building Scalable APIs: Lessons from Production",
                    "2024-01-01",
                    "published",
                    "x",
                    "one",
                ),
            ),
            (
                "b.md",
                &post("Less is more", "2024-03-01", "draft", "x", "two"),
            ),
            (
                "c.md",
                &post("Cooking", "2024-02-01", "published", "y", "three"),
            ),
        ]);
        let index = super::super::scan(&blog, None).unwrap();
        let titles = |q: &str| -> Vec<String> {
            index
                .quick_open(q, 10)
                .into_iter()
                .map(|p| p.title)
                .collect()
        };
        assert_eq!(
            titles("lessprod"),
            ["Building Scalable APIs: Lessons from Production"]
        );
        assert_eq!(titles("LESS")[0], "Less is more");
        assert!(titles("zzz").is_empty());
        // No query: the newest first, at most the limit.
        assert_eq!(index.quick_open("", 2).len(), 2);
        assert_eq!(index.quick_open(" ", 10)[0].title, "Less is more");
    }

    #[test]
    fn a_saved_row_replaces_the_old_one_in_place() {
        let (_dir, blog) = blog(&[
            ("a.md", &post("A", "2024-01-01", "published", "x", "one")),
            ("b.md", &post("B", "2024-03-01", "draft", "x", "two")),
        ]);
        let mut index = super::super::scan(&blog, None).unwrap();
        let mut row = index.row("_posts/a.md").unwrap().clone();
        row.title = "A, renamed".into();
        index.set_row(row);
        assert_eq!(index.entries[1].summary.title, "A, renamed");
        let mut new = index.row("_posts/a.md").unwrap().clone();
        new.path = "_posts/new.md".into();
        index.set_row(new);
        assert_eq!(index.entries[0].summary.path, "_posts/new.md");
        assert_eq!(index.entries.len(), 3);
    }
}
