//! The index as the window lists it: read first from the cache (shown at
//! once), brought up to date by a scan on a worker thread that tells the
//! window its progress; the list's rows for a query, a page at a time, with
//! the last query's order kept for the pages that follow.

use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use postdesk_core::blog::BlogError;
use postdesk_core::index::list::{Facets, ListPage, ListQuery, Listing};
use postdesk_core::index::search::Corpus;
use postdesk_core::index::{self, Index};
use postdesk_core::wire::{ListEvent, ListState};
use postdesk_core::PostSummary;
use tauri::ipc::Channel;

use super::{lock, Desk};

/// The index a list was last made from, the query, and its rows.
pub(super) struct Listed {
    index: Arc<Index>,
    corpus: u64,
    listing: Arc<Listing>,
}

impl Desk {
    /// The list for the window: the index when it is up to date; else the
    /// cached one (if any) at once, and a scan on a worker thread that
    /// reports to `events` and ends with `Ready` (or `Failed`).
    pub(crate) fn open_list(&self, events: Channel<ListEvent>) -> ListState {
        if let Some(index) = lock(&self.index).clone() {
            return state(&index, true);
        }
        let blog = self.blog();
        let stale = self
            .cache_dir
            .as_ref()
            .and_then(|d| index::cached(&blog, &index::cache_path(d, blog.root())))
            .map(|i| Arc::new(without_parsed(i)));
        *lock(&self.stale) = stale.clone();
        *lock(&self.list_events) = Some(events.clone());
        let desk = self.clone();
        // With a cached list on screen, reading the blog again is not what
        // the window waits for: it runs at a lower priority.
        let revalidating = stale.is_some();
        std::thread::spawn(move || {
            let told = telling(|e| drop(events.send(e)));
            match desk.first_scan(&told, revalidating) {
                Ok(index) => {
                    let _ = events.send(ListEvent::Ready {
                        state: state(&index, true),
                    });
                    // The search texts, read now so that the first search
                    // answers as fast as the next — at a lower priority,
                    // while the window draws its first rows and post.
                    drop(desk.texts(&index, true));
                }
                Err(e) => {
                    let _ = events.send(ListEvent::Failed { error: e.into() });
                }
            }
        });
        match stale {
            Some(index) => state(&index, false),
            None => ListState {
                facets: Facets::default(),
                fresh: false,
                note: None,
            },
        }
    }

    /// Reads the blog's posts as the app starts, while GTK and WebKit do:
    /// the list the window asks for a few hundred milliseconds later is
    /// then the blog as it is (no cached list first, no second reading),
    /// and the search texts follow. With an index cache (which the window
    /// can show meanwhile) at nice 10, so that WebKit's start and the
    /// page's first frames come first and the reading takes the CPU they
    /// leave idle. Its progress reaches the window's list once the
    /// window asks for it ([`Desk::open_list`]); a failure is reported by
    /// the list, which then reads the blog itself.
    pub(crate) fn read_ahead(&self) {
        let desk = self.clone();
        // Without an index cache the window waits for this reading: it
        // keeps its priority, as a scan the window started would (a nice
        // of 10 cannot be undone, and a busy machine would starve it).
        let root = self.blog().root().to_path_buf();
        let cached =
            (self.cache_dir.as_deref()).is_some_and(|d| index::cache_path(d, &root).is_file());
        std::thread::spawn(move || {
            let told = telling(desk.to_list());
            if let Ok(index) = desk.first_scan(&told, cached) {
                drop(desk.texts(&index, true));
                give_back_freed();
            }
        });
    }

    /// Sends to the window's list, once it asked for one.
    fn to_list(&self) -> impl Fn(ListEvent) + Sync + '_ {
        |e| {
            if let Some(events) = lock(&self.list_events).as_ref() {
                let _ = events.send(e);
            }
        }
    }

    /// The index, scanning with `progress` (on the background threads
    /// when `background`) unless another caller's scan (one that started
    /// first) already made it.
    fn first_scan(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
        background: bool,
    ) -> Result<Arc<Index>, BlogError> {
        // Taken here, never on a pool's thread (see `in_background`).
        let _one = lock(&self.scanning);
        if let Some(index) = lock(&self.index).clone() {
            progress(index.entries.len(), index.entries.len());
            return Ok(index);
        }
        if background {
            in_background(|| self.scan_now(progress))
        } else {
            self.scan_now(progress)
        }
    }

    /// Reads the blog's posts (through the on-disk cache), telling
    /// `progress`, and keeps the result. The caller holds `scanning`: one
    /// scan at a time. Blocking: call it on a worker thread.
    pub(super) fn scan_now(
        &self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Arc<Index>, BlogError> {
        let blog = self.blog();
        let cache = self
            .cache_dir
            .as_ref()
            .map(|d| index::cache_path(d, blog.root()));
        // The cached list the window shows meanwhile was read from the
        // cache file: its entries are used again, not read twice.
        let prior = lock(&self.stale).clone();
        let fresh = Arc::new(without_parsed(index::scan_after(
            &blog,
            cache.as_deref(),
            prior.as_deref(),
            progress,
        )?));
        // Another blog was opened while this one was read: this index is
        // not its (the window asks for the new blog's list itself). The
        // blog stays read-locked while the index is kept, so a switch
        // (which write-locks it, then drops the index) comes after.
        let open = self.blog.read().unwrap_or_else(|p| p.into_inner());
        if open.root() != blog.root() {
            return Ok(fresh);
        }
        *lock(&self.index) = Some(fresh.clone());
        *lock(&self.stale) = None;
        self.corpus_stale.store(true, Ordering::Relaxed);
        drop(open);
        Ok(fresh)
    }

    /// What the list shows now: the index, or the cached one while the
    /// first scan runs (scanning when there is neither).
    pub(crate) fn listed_index(&self) -> Result<Arc<Index>, BlogError> {
        if let Some(index) = lock(&self.index).clone() {
            return Ok(index);
        }
        if let Some(index) = lock(&self.stale).clone() {
            return Ok(index);
        }
        self.index()
    }

    /// Rows `start..start + count` of `query`, and where `selected` is in
    /// it. The order is kept for the next page of the same query; a search
    /// brings the search texts in step first. Blocking.
    pub(crate) fn list_page(
        &self,
        query: &ListQuery,
        start: u32,
        count: u32,
        selected: Option<&str>,
    ) -> Result<ListPage, BlogError> {
        let index = self.listed_index()?;
        let searching = !query.search.trim().is_empty();
        // Only a search waits for the search texts (read after each scan).
        let texts = searching.then(|| self.search_texts(&index));
        let made = self.corpus_made.load(Ordering::Relaxed);
        let corpus = texts.as_deref();
        let mut last = lock(&self.listed);
        let listing = match &*last {
            Some(l)
                if Arc::ptr_eq(&l.index, &index)
                    && l.listing.query == *query
                    && (!searching || l.corpus == made) =>
            {
                l.listing.clone()
            }
            _ => {
                let listing = Arc::new(index.listing(query, corpus));
                *last = Some(Listed {
                    index: index.clone(),
                    corpus: made,
                    listing: listing.clone(),
                });
                listing
            }
        };
        drop(last);
        let mut page = index.page(&listing, corpus, start, count, selected);
        // Translations behind their source post (git's history; a blog of
        // several languages only).
        if !index.languages.is_empty() {
            let outdated = self.outdated(&index);
            for chip in page.rows.iter_mut().flat_map(|r| r.langs.iter_mut()) {
                chip.outdated = chip.path.as_ref().is_some_and(|p| outdated.contains_key(p));
            }
        }
        Ok(page)
    }

    /// The search texts, brought in step with `index` when it moved.
    pub(crate) fn search_texts(&self, index: &Index) -> MutexGuard<'_, Corpus> {
        self.texts(index, false)
    }

    /// [`Desk::search_texts`], read on the background threads when
    /// `background`.
    fn texts(&self, index: &Index, background: bool) -> MutexGuard<'_, Corpus> {
        // Taken here, never on a pool's thread (see `in_background`).
        let mut corpus = lock(&self.corpus);
        if self.corpus_stale.swap(false, Ordering::Relaxed) || corpus.is_empty() {
            let (blog, posts) = (self.blog(), index.summaries());
            let texts: &mut Corpus = &mut corpus;
            if background {
                in_background(|| texts.refresh(&blog, &posts));
            } else {
                texts.refresh(&blog, &posts);
            }
            self.corpus_made.fetch_add(1, Ordering::Relaxed);
        }
        corpus
    }

    /// One post's row as the list has it.
    pub(crate) fn row(&self, path: &str) -> Result<Option<PostSummary>, BlogError> {
        Ok(self.listed_index()?.row(path).cloned())
    }

    /// A post was saved here with this row: the list shows it at once (the
    /// next scan puts it in its place by date).
    pub(crate) fn set_row(&self, summary: PostSummary) {
        // The last listing holds the index too: let it go first, so that
        // the row is replaced in place instead of the whole index (10,000
        // entries on a large blog) being copied on every save. The next
        // page asks for a new listing, which also puts an added post in.
        *lock(&self.listed) = None;
        // The saved post may be at another URL now.
        self.forget_routes();
        let mut slot = lock(&self.index);
        if let Some(index) = slot.as_mut() {
            Arc::make_mut(index).set_row(summary);
        }
    }
}

/// A scan's progress as `Reading` events to `tell`: at most every 50 ms,
/// and at the end.
fn telling(tell: impl Fn(ListEvent) + Sync) -> impl Fn(usize, usize) + Sync {
    let last = std::sync::Mutex::new(Instant::now());
    move |done: usize, total: usize| {
        let mut last = lock(&last);
        if done == total || last.elapsed() >= Duration::from_millis(50) {
            *last = Instant::now();
            tell(ListEvent::Reading {
                done: done as u32,
                total: total as u32,
            });
        }
    }
}

/// The list as `index` has it.
pub(crate) fn state(index: &Index, fresh: bool) -> ListState {
    ListState {
        facets: index.facets(),
        fresh,
        note: index.note.clone(),
    }
}

/// The window's index keeps no parsed front-matter (only the CLI's
/// schema inference uses it): memory stays what the rows need.
fn without_parsed(mut index: Index) -> Index {
    for e in &mut index.entries {
        e.located = None;
    }
    index
}

/// Runs `work` on the background threads: reading the whole blog again (a
/// cached list's revalidating scan, the search texts) at nice 10, so that
/// on a machine with few cores the window's first frames, drawn by WebKit
/// meanwhile, are not starved of CPU. Work `work` splits (rayon) stays on
/// those threads. Where they cannot be made, `work` runs here.
///
/// **Invariant:** `work` takes no lock another job may hold across a
/// parallel step (the scan's, the search texts'): those are taken by the
/// caller, outside the pool. A pool thread that waits in a join runs
/// other queued jobs meanwhile, so a job waiting for a lock held further
/// down its own stack would wait for ever.
fn in_background<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("postdesk-background-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Gives the memory a reading freed back to the system. Reading a blog
/// frees as much as it keeps (each post's text, once folded for search),
/// in holes between what stays, on each reading thread's heap: glibc keeps
/// those pages until asked, and on 10,000 posts the app held about 30 MB
/// of them as its own (`footprint.sh`: 266 MB before, 237 MB after).
pub(crate) fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes an integer and only releases free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lowers the calling thread's priority (nice 10). On Linux the nice value
/// belongs to the thread, so the window's own threads keep theirs.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    /// The calling thread's nice value.
    #[cfg(target_os = "linux")]
    fn nice() -> i32 {
        // SAFETY: getpriority only reads its integer arguments.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn background_work_runs_at_a_lower_priority_and_leaves_the_caller_s() {
        let before = nice();
        let (inside, split) = super::in_background(|| {
            use rayon::prelude::*;
            let split: Vec<i32> = (0..64).into_par_iter().map(|_| nice()).collect();
            (nice(), split)
        });
        assert_eq!(inside, (before + 10).min(19));
        assert!(split.iter().all(|&n| n == inside), "{split:?}");
        assert_eq!(nice(), before);
    }

    use std::sync::atomic::AtomicBool;

    use postdesk_core::Blog;

    use super::*;

    /// Waits up to 20 s for `done`; fails saying `what` otherwise.
    fn eventually(what: &str, done: impl Fn() -> bool) {
        let waited = Instant::now();
        while !done() {
            assert!(waited.elapsed() < Duration::from_secs(20), "{what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The posts read as the app starts are the list the window gets: no
    /// second reading, and the search texts follow. Progress reaches the
    /// list once the window asked for it.
    #[test]
    fn the_posts_read_ahead_are_the_list_the_window_gets() {
        let dir = tempfile::tempdir().unwrap();
        postdesk_core::app::sample::write(&dir.path().join("blog"), 0).unwrap();
        let blog = Blog::open(&dir.path().join("blog")).unwrap();
        let desk = Desk::new(blog, Some(dir.path().join("cache")), None);
        desk.read_ahead();
        eventually("never read", || lock(&desk.index).is_some());
        let read = lock(&desk.index).clone().unwrap();
        assert_eq!(read.read, 2, "both posts read from disk");
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let events = {
            let heard = heard.clone();
            Channel::new(move |body| {
                if let tauri::ipc::InvokeResponseBody::Json(json) = body {
                    lock(&heard).push(json);
                }
                Ok(())
            })
        };
        let state = desk.open_list(events.clone());
        assert!(state.fresh, "the window got a cached or empty list first");
        assert_eq!(state.facets.posts, 2);
        assert!(Arc::ptr_eq(&read, &desk.index().unwrap()), "read twice");
        eventually("no search texts", || {
            desk.corpus_made.load(Ordering::Relaxed) > 0
        });
        // A reading the window asked for tells it how far it got.
        *lock(&desk.list_events) = Some(events);
        telling(desk.to_list())(2, 2);
        let heard = lock(&heard).clone();
        assert_eq!(heard.len(), 1, "{heard:?}");
        assert!(heard[0].contains(r#""done":2"#), "{heard:?}");
    }

    /// The reading ahead and the window's own reading, at once and both on
    /// the background threads, end: no pool job waits for a lock another
    /// job on its own thread holds (see `in_background`).
    #[test]
    fn readings_at_once_on_the_background_threads_all_end() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        postdesk_core::app::sample::write(&root, 0).unwrap();
        for i in 0..400 {
            let post = format!("---\ntitle: Post {i}\ndate: 2024-01-01\n---\nText {i}\n");
            std::fs::write(root.join(format!("_posts/p{i}.md")), post).unwrap();
        }
        for round in 0..5 {
            let desk = Desk::new(Blog::open(&root).unwrap(), None, None);
            let (done, ended) = std::sync::mpsc::channel();
            for _ in 0..3 {
                let (desk, done) = (desk.clone(), done.clone());
                std::thread::spawn(move || {
                    let index = desk.first_scan(&|_, _| {}, true).unwrap();
                    drop(desk.texts(&index, true));
                    done.send(index.entries.len()).unwrap();
                });
            }
            for _ in 0..3 {
                let posts = ended
                    .recv_timeout(Duration::from_secs(60))
                    .unwrap_or_else(|_| panic!("round {round}: a reading never ended"));
                assert_eq!(posts, 402);
            }
        }
    }

    #[test]
    fn a_scan_of_a_blog_switched_away_from_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        postdesk_core::app::sample::write(&a, 0).unwrap();
        postdesk_core::app::sample::write(&b, 0).unwrap();
        let desk = Desk::new(Blog::open(&a).unwrap(), None, None);
        let other = Blog::open(&b).unwrap();
        // Another blog opened while the first one's posts are read.
        let switched = AtomicBool::new(false);
        let read = desk
            .scan_now(&|_, _| {
                if !switched.swap(true, Ordering::SeqCst) {
                    desk.switch(other.clone()).unwrap();
                }
            })
            .unwrap();
        assert!(switched.load(Ordering::SeqCst));
        assert_eq!(read.entries.len(), 2, "the first blog was read");
        assert!(
            lock(&desk.index).is_none(),
            "the first blog's index was kept for the second"
        );
        // Without a switch, the scan is kept.
        let kept = desk.scan_now(&|_, _| {}).unwrap();
        assert!(Arc::ptr_eq(&kept, &desk.index().unwrap()));
        assert_eq!(desk.blog().root(), b.canonicalize().unwrap_or(b.clone()));
    }

    #[test]
    fn the_checks_routes_are_made_once_per_index() {
        let dir = tempfile::tempdir().unwrap();
        postdesk_core::app::sample::write(dir.path(), 0).unwrap();
        let desk = Desk::new(Blog::open(dir.path()).unwrap(), None, None);
        let index = desk.index().unwrap();
        let routes = desk.routes(&index);
        assert!(
            Arc::ptr_eq(&routes, &desk.routes(&index)),
            "made again for the same index"
        );
        // A new index (a post saved, a scan): new routes.
        let fresh = desk.scan_now(&|_, _| {}).unwrap();
        assert!(!Arc::ptr_eq(&fresh, &index));
        let routes = desk.routes(&fresh);
        assert!(!Arc::ptr_eq(&routes, &desk.routes(&index)));
        // A saved post (its row replaced in place) may be at another URL.
        let routes = desk.routes(&fresh);
        let mut row = fresh.entries[0].summary.clone();
        row.url = Some("/somewhere/else".into());
        desk.set_row(row);
        let now = desk.routes(&desk.index().unwrap());
        assert!(!Arc::ptr_eq(&routes, &now), "kept after a save");
    }

    #[test]
    fn a_saved_row_replaces_the_old_one_without_copying_the_index() {
        let dir = tempfile::tempdir().unwrap();
        postdesk_core::app::sample::write(dir.path(), 0).unwrap();
        let desk = Desk::new(Blog::open(dir.path()).unwrap(), None, None);
        let before = Arc::as_ptr(&desk.index().unwrap());
        // A page listed: the listing holds the index too.
        let page = desk.list_page(&ListQuery::default(), 0, 50, None).unwrap();
        let mut row = page.rows[0].post.clone();
        row.title = "Saved just now".into();
        desk.set_row(row.clone());
        assert_eq!(
            Arc::as_ptr(&desk.index().unwrap()),
            before,
            "the index was copied to change one row"
        );
        assert_eq!(
            desk.row(&row.path).unwrap().unwrap().title,
            "Saved just now"
        );
        let page = desk.list_page(&ListQuery::default(), 0, 50, None).unwrap();
        assert!(page.rows.iter().any(|r| r.post.title == "Saved just now"));
    }
}
