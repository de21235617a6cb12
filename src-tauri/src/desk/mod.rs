//! The app's state, shared by every command (cheap to clone into a
//! worker): the open blog and its latest index, what the window has seen
//! of each post (`postdesk_core::disk::seen`), the search texts, the
//! watcher, staged images and the channels to the window.

pub(crate) mod list;
mod remote;
mod site;
mod site_view;
mod staging;
mod web_check;
mod window;

use postdesk_core::preview::checks::Routes;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use postdesk_core::app::settings;
use postdesk_core::blog::{Blog, BlogError};
use postdesk_core::disk::journal::Journal;
use postdesk_core::disk::seen::{DiskChange, Seen};
use postdesk_core::disk::watch::{BlogWatcher, Change};
use postdesk_core::index::search::Corpus;
use postdesk_core::index::{self, Index};
use postdesk_core::preview::Renderer;
use postdesk_core::wire::{ErrorCode, IpcError, ListEvent};
use tauri::ipc::Channel;

pub(crate) use site::LABEL as SITE_LABEL;
pub(crate) use staging::Staged;
pub(crate) use window::open_in_browser;

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What every command can reach. Cloning is cheap (shared handles), so a
/// command can hand it to a worker.
#[derive(Clone)]
pub struct Desk {
    blog: Arc<RwLock<Blog>>,
    /// The latest index, up to date with the last scan.
    index: Arc<Mutex<Option<Arc<Index>>>>,
    /// The cached index, shown while the first scan runs.
    stale: Arc<Mutex<Option<Arc<Index>>>>,
    /// Held while a scan runs: one at a time.
    scanning: Arc<Mutex<()>>,
    /// Where the window's list hears how far reading the posts has got.
    list_events: Arc<Mutex<Option<Channel<ListEvent>>>>,
    /// The list's last query and its rows.
    listed: Arc<Mutex<Option<list::Listed>>>,
    pub(crate) cache_dir: Option<PathBuf>,
    /// Where what the app remembers is kept.
    pub(crate) data_dir: Option<PathBuf>,
    /// Keeps the highlighted-code cache across renders.
    pub(crate) renderer: Arc<Renderer>,
    /// The preview may load remote images (a remembered setting).
    pub(crate) remote_images: Arc<AtomicBool>,
    /// Remote images the app fetched for the preview (while allowed).
    pub(crate) fetched: Arc<remote::RemoteImages>,
    /// What the window last read from or wrote to each post.
    pub(crate) seen: Arc<Seen>,
    /// The posts' texts for full-text search, and whether the list moved
    /// since it was last brought in step.
    corpus: Arc<Mutex<Corpus>>,
    corpus_stale: Arc<AtomicBool>,
    /// How many times the search texts were brought in step.
    corpus_made: Arc<AtomicU64>,
    /// Watches the blog's folders and git while the window is open.
    pub(crate) blog_watcher: Arc<Mutex<Option<BlogWatcher>>>,
    /// Set to stop the running cover import / publish.
    pub(crate) cover_cancel: Arc<AtomicBool>,
    pub(crate) publish_cancel: Arc<AtomicBool>,
    /// Images staged for an import, and files dropped on the window.
    pub(crate) staging: Arc<staging::Staging>,
    /// Where the window hears of links and second starts.
    pub(crate) channels: Arc<window::Channels>,
    /// The blog's own development server for the Site view.
    pub(crate) site: Arc<site::Site>,
    /// The post named on the command line (or by a second start), opened
    /// first by the window that asks next.
    pub(crate) open_post: Arc<Mutex<Option<String>>>,
    /// The posts git renamed (old path, path now), for the checks' links,
    /// as of the HEAD commit they were read at.
    renames: Arc<Mutex<Option<(String, Renames)>>>,
    /// The posts' routes for the body checks, kept while the index and
    /// git's renames they were made from stay the same.
    routes: Arc<Mutex<Option<KeptRoutes>>>,
    /// The window's web check of links (a setting, off by default).
    pub(crate) web: Arc<web_check::WebCheck>,
    /// The translations behind their source post, as of the HEAD commit
    /// they were read at.
    outdated: Arc<Mutex<Option<(String, Outdated)>>>,
}

/// Translation path → its `translation-outdated` warning.
type Outdated = Arc<std::collections::HashMap<String, postdesk_core::issue::Issue>>;

/// Old path → path now, for each post git renamed.
type Renames = Arc<Vec<(String, String)>>;
/// Routes, with the index and renames they were made from.
type KeptRoutes = (std::sync::Weak<Index>, Renames, Arc<Routes>);

impl Desk {
    /// The posts git renamed, read again only when HEAD moved (reading
    /// them walks the last few hundred commits).
    pub(crate) fn renames(&self) -> Renames {
        let blog = self.blog();
        let head = postdesk_core::publish::history::head(&blog).unwrap_or_default();
        let mut slot = lock(&self.renames);
        if let Some((at, renames)) = slot.as_ref() {
            if *at == head {
                return renames.clone();
            }
        }
        let renames = Arc::new(postdesk_core::publish::history::renames(&blog).unwrap_or_default());
        *slot = Some((head, renames.clone()));
        renames
    }

    /// Where `index`'s posts are on the site, with the routes git's
    /// renames left behind: made once per index and renames, not for each
    /// check (10,000 posts' routes, and a read of each renamed post).
    pub(crate) fn routes(&self, index: &Arc<Index>) -> Arc<Routes> {
        let renames = self.renames();
        let mut slot = lock(&self.routes);
        if let Some((of, with, routes)) = slot.as_ref() {
            if of.ptr_eq(&Arc::downgrade(index)) && Arc::ptr_eq(with, &renames) {
                return routes.clone();
            }
        }
        let routes = Arc::new(Routes::new(index.routes()).with_renames(&self.blog(), &renames));
        *slot = Some((Arc::downgrade(index), renames, routes.clone()));
        routes
    }

    /// The routes are made again at the next check.
    pub(crate) fn forget_routes(&self) {
        *lock(&self.routes) = None;
    }

    /// The blog's translations behind their source post (git's history),
    /// read again only when HEAD moved (one walk for the whole blog).
    pub(crate) fn outdated(&self, index: &Index) -> Outdated {
        let blog = self.blog();
        if blog.languages().is_none() {
            return Outdated::default();
        }
        let head = postdesk_core::publish::history::head(&blog).unwrap_or_default();
        let mut slot = lock(&self.outdated);
        if let Some((at, found)) = slot.as_ref() {
            if *at == head {
                return found.clone();
            }
        }
        let posts: Vec<&str> = index
            .entries
            .iter()
            .map(|e| e.summary.path.as_str())
            .collect();
        let found = Arc::new(postdesk_core::publish::history::outdated(
            &blog, index, &posts,
        ));
        *slot = Some((head, found.clone()));
        found
    }

    pub fn new(blog: Blog, cache_dir: Option<PathBuf>, data_dir: Option<PathBuf>) -> Desk {
        let remembered = data_dir.as_deref().map(settings::load);
        let web = web_check::WebCheck::new(
            remembered
                .as_ref()
                .is_some_and(|r| r.settings.check_web_links),
            cache_dir.as_deref(),
        );
        Desk {
            blog: Arc::new(RwLock::new(blog)),
            index: Arc::new(Mutex::new(None)),
            stale: Arc::default(),
            scanning: Arc::default(),
            list_events: Arc::default(),
            listed: Arc::default(),
            cache_dir,
            remote_images: Arc::new(AtomicBool::new(
                remembered.as_ref().is_some_and(|r| r.allow_remote_images),
            )),
            web: Arc::new(web),
            outdated: Arc::default(),
            fetched: Arc::default(),
            data_dir,
            renderer: Arc::new(Renderer::default()),
            renames: Arc::default(),
            routes: Arc::default(),
            seen: Arc::new(Seen::default()),
            corpus: Arc::new(Mutex::new(Corpus::default())),
            corpus_stale: Arc::new(AtomicBool::new(true)),
            corpus_made: Arc::default(),
            blog_watcher: Arc::new(Mutex::new(None)),
            cover_cancel: Arc::new(AtomicBool::new(false)),
            publish_cancel: Arc::new(AtomicBool::new(false)),
            staging: Arc::default(),
            channels: Arc::default(),
            site: Arc::default(),
            open_post: Arc::default(),
        }
    }

    /// The window opens `post` first (named on the command line).
    pub fn opening(self, post: Option<String>) -> Desk {
        *lock(&self.open_post) = post;
        self
    }

    /// A copy of the open blog (a path and a kind) to hand to a worker thread.
    pub(crate) fn blog(&self) -> Blog {
        self.blog
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Opens another blog in this window: everything known about the old
    /// one (index, search texts, staged images, the watcher) is dropped.
    pub(crate) fn switch(&self, blog: Blog) -> Result<(), IpcError> {
        let root = blog.root().to_path_buf();
        *self.blog.write().unwrap_or_else(|p| p.into_inner()) = blog;
        *lock(&self.index) = None;
        *lock(&self.stale) = None;
        *lock(&self.listed) = None;
        *lock(&self.outdated) = None;
        *lock(&self.renames) = None;
        self.seen.clear();
        *lock(&self.corpus) = Corpus::default();
        self.corpus_stale.store(true, Ordering::Relaxed);
        self.staging.clear();
        *lock(&self.blog_watcher) = None;
        list::give_back_freed();
        self.remember(|r| r.opened(&root))
    }

    /// Reads the blog's posts again (through the on-disk cache) and keeps the
    /// result for validation. Blocking: call it on a worker thread.
    pub(crate) fn rescan(&self) -> Result<Arc<Index>, BlogError> {
        let _one = lock(&self.scanning);
        self.scan_now(&|_, _| {})
    }

    /// The latest index, scanning once if there is none yet (or waiting
    /// for the scan that runs).
    pub(crate) fn index(&self) -> Result<Arc<Index>, BlogError> {
        if let Some(index) = lock(&self.index).clone() {
            return Ok(index);
        }
        let _one = lock(&self.scanning);
        if let Some(index) = lock(&self.index).clone() {
            return Ok(index);
        }
        self.scan_now(&|_, _| {})
    }

    /// A post was saved here: its text is what the window holds now, and
    /// the search texts are out of date.
    pub(crate) fn saved(&self, path: &str, text: &str) {
        self.seen.saw(path, text);
        self.corpus_stale.store(true, Ordering::Relaxed);
    }

    /// The list row for a post just written, as the generator sees it (its
    /// date, status and URL), the same as the next scan gives.
    pub(crate) fn summary_of(blog: &Blog, path: &str, text: &str) -> postdesk_core::PostSummary {
        let now = jiff::Timestamp::from_second(crate::env::now())
            .unwrap_or_else(|_| jiff::Timestamp::now());
        index::summary_of(blog, path, text, now)
    }

    /// Only a post's path is accepted by the commands that read or write a
    /// post (never `.git/config`, `postdesk.toml` or the blog root, even
    /// from a page that was made to ask).
    pub(crate) fn a_post(&self, path: &str) -> Result<(), IpcError> {
        let blog = self.blog();
        if blog.is_post_path(path) {
            return Ok(());
        }
        Err(IpcError::new(
            ErrorCode::OutsideBlog,
            format!(
                "`{path}` is not a post of this blog (a markdown file in {}); Postdesk reads and writes only posts there",
                blog.content_dirs().join(" or ")
            ),
        ))
    }

    /// Refuses to write over `path` when the file changed on disk (or went
    /// away) since the window read or wrote it.
    pub(crate) fn may_write(&self, blog: &Blog, path: &str) -> Result<(), IpcError> {
        Ok(self.seen.may_write_file(blog.root(), path)?)
    }

    /// What the window hears of a burst of the watcher's changes (the list
    /// is read again when it moved). Runs on the watcher's thread.
    pub(crate) fn disk_changes(&self, changes: Vec<Change>) -> Vec<DiskChange> {
        let blog = self.blog();
        let (heard, list_moved) = self.seen.hear(
            changes,
            |path| blog.root().join(path).is_file(),
            |path| blog.read_post(path).ok().map(|p| p.text),
        );
        if list_moved {
            // The list is read again through the cache (changed files only).
            let _ = self.rescan();
        }
        heard
    }

    /// The recovery journal in the app's data folder.
    pub(crate) fn journal(&self) -> Option<Journal> {
        self.data_dir.as_deref().map(Journal::new)
    }

    /// The writer's settings as remembered (defaults when nothing is).
    pub(crate) fn settings(&self) -> settings::Settings {
        self.data_dir
            .as_deref()
            .map(|d| settings::load(d).settings)
            .unwrap_or_default()
    }

    /// Changes what the app remembers, keeping the rest.
    pub(crate) fn remember(
        &self,
        change: impl FnOnce(&mut settings::Remembered),
    ) -> Result<(), IpcError> {
        let Some(dir) = &self.data_dir else {
            return Ok(());
        };
        let mut r = settings::load(dir);
        change(&mut r);
        settings::save(dir, &r).map_err(|e| {
            IpcError::new(
                ErrorCode::SaveFailed,
                format!("could not remember the setting in {} ({e})", dir.display()),
            )
        })
    }
}
