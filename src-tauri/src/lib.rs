//! The Postdesk app: the Tauri builder, its managed state and the command
//! line. Domain logic lives in `postdesk-core`; this crate only wires it to
//! the window (see ARCHITECTURE.md).

pub mod cli;
mod commands;
mod navigation;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use postdesk_core::index::{self, Index};
use postdesk_core::preview::Renderer;
use postdesk_core::{app::settings, Blog};

/// What every command can reach: the open blog and its latest index.
/// Cloning is cheap (shared handles), so a command can hand it to a worker.
#[derive(Clone)]
pub struct Desk {
    blog: Arc<RwLock<Blog>>,
    index: Arc<Mutex<Option<Arc<Index>>>>,
    cache_dir: Option<PathBuf>,
    /// Keeps the highlighted-code cache across renders.
    renderer: Arc<Renderer>,
    /// Set to stop the running cover import.
    cover_cancel: Arc<AtomicBool>,
    /// Images the writer chose, dropped or pasted, by token.
    staged: Arc<Mutex<HashMap<String, Staged>>>,
    /// The files last dropped on the window.
    dropped: Arc<Mutex<Vec<PathBuf>>>,
    drop_channel: Arc<Mutex<Option<tauri::ipc::Channel<postdesk_core::wire::Dropped>>>>,
    /// Where the window hears of links handed to the system browser.
    link_channel: Arc<Mutex<Option<tauri::ipc::Channel<postdesk_core::wire::LinkOpened>>>>,
    /// Where the window hears of a second `postdesk BLOG`.
    start_channel: Arc<Mutex<Option<tauri::ipc::Channel<postdesk_core::wire::BlogAsked>>>>,
    /// Set to stop the running publish before it pushes.
    publish_cancel: Arc<AtomicBool>,
    /// The preview may load remote images (a remembered setting).
    remote_images: Arc<AtomicBool>,
    /// Where what the app remembers is kept.
    data_dir: Option<PathBuf>,
    /// What the window last read from or wrote to each post (a content
    /// hash): a change on disk with the same hash is the app's own, and a
    /// save over a file whose hash differs would overwrite someone else's
    /// change.
    seen: Arc<Mutex<HashMap<String, u64>>>,
    /// The posts' texts for full-text search, and whether the list moved
    /// since it was last brought in step.
    corpus: Arc<Mutex<postdesk_core::index::search::Corpus>>,
    corpus_stale: Arc<AtomicBool>,
    /// Watches the blog's folders and git while the window is open.
    blog_watcher: Arc<Mutex<Option<postdesk_core::disk::watch::BlogWatcher>>>,
}

/// A quick content hash (not for security: to tell versions of a post apart).
fn content_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A cover source the writer picked.
#[derive(Clone)]
struct Staged {
    path: PathBuf,
    /// A pasted image's temporary file, removed after the import.
    pasted: bool,
}

static STAGE_COUNTER: AtomicU64 = AtomicU64::new(1);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Desk {
    pub fn new(blog: Blog, cache_dir: Option<PathBuf>, data_dir: Option<PathBuf>) -> Desk {
        Desk {
            blog: Arc::new(RwLock::new(blog)),
            index: Arc::new(Mutex::new(None)),
            cache_dir,
            renderer: Arc::new(Renderer::default()),
            cover_cancel: Arc::new(AtomicBool::new(false)),
            staged: Arc::new(Mutex::new(HashMap::new())),
            dropped: Arc::new(Mutex::new(Vec::new())),
            drop_channel: Arc::new(Mutex::new(None)),
            link_channel: Arc::new(Mutex::new(None)),
            start_channel: Arc::new(Mutex::new(None)),
            publish_cancel: Arc::new(AtomicBool::new(false)),
            remote_images: Arc::new(AtomicBool::new(
                data_dir
                    .as_deref()
                    .is_some_and(|d| settings::load(d).allow_remote_images),
            )),
            data_dir,
            seen: Arc::new(Mutex::new(HashMap::new())),
            corpus: Arc::new(Mutex::new(postdesk_core::index::search::Corpus::default())),
            corpus_stale: Arc::new(AtomicBool::new(true)),
            blog_watcher: Arc::new(Mutex::new(None)),
        }
    }

    /// Notes that the window now holds `text` as `path`'s content on disk.
    fn saw(&self, path: &str, text: &str) {
        lock(&self.seen).insert(path.to_owned(), content_hash(text));
    }

    /// The post moved from `from` to `to` (a rename made here).
    fn renamed(&self, from: &str, to: &str) {
        let held = lock(&self.seen).remove(from);
        if let Some(hash) = held {
            lock(&self.seen).insert(to.to_owned(), hash);
        }
    }

    /// Opens another blog in this window: everything known about the old
    /// one (index, search texts, staged images, the watcher) is dropped.
    fn switch(&self, blog: Blog) -> Result<(), postdesk_core::wire::IpcError> {
        let root = blog.root().to_path_buf();
        *self.blog.write().unwrap_or_else(|p| p.into_inner()) = blog;
        *lock(&self.index) = None;
        lock(&self.seen).clear();
        *lock(&self.corpus) = postdesk_core::index::search::Corpus::default();
        self.corpus_stale.store(true, Ordering::Relaxed);
        lock(&self.staged).clear();
        *lock(&self.blog_watcher) = None;
        self.remember(|r| r.opened(&root))
    }

    /// The hash the window holds for `path`, if it read or wrote it.
    fn seen(&self, path: &str) -> Option<u64> {
        lock(&self.seen).get(path).copied()
    }

    /// Refuses to write over `path` when the file changed on disk (or went
    /// away) since the window read or wrote it.
    fn unchanged_on_disk(
        &self,
        blog: &Blog,
        path: &str,
    ) -> Result<(), postdesk_core::wire::IpcError> {
        use postdesk_core::wire::{ErrorCode, IpcError};
        let Some(hash) = self.seen(path) else {
            return Ok(());
        };
        match blog.read_post(path) {
            Ok(disk) if content_hash(&disk.text) == hash => Ok(()),
            Ok(_) => Err(IpcError::new(
                ErrorCode::ChangedOnDisk,
                format!(
                    "{path} was changed outside Postdesk since you opened it, so it was not \
                     overwritten; your text is kept — choose Keep mine, Take theirs or Merge"
                ),
            )),
            Err(_) if !blog.root().join(path).exists() => Err(IpcError::new(
                ErrorCode::GoneFromDisk,
                format!(
                    "{path} was deleted or renamed outside Postdesk; your text is kept — \
                     use Save as… to keep it in a file"
                ),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The recovery journal in the app's data folder.
    fn journal(&self) -> Option<postdesk_core::disk::journal::Journal> {
        self.data_dir
            .as_deref()
            .map(postdesk_core::disk::journal::Journal::new)
    }

    /// The writer's settings as remembered (defaults when nothing is).
    fn settings(&self) -> settings::Settings {
        self.data_dir
            .as_deref()
            .map(|d| settings::load(d).settings)
            .unwrap_or_default()
    }

    /// Changes what the app remembers, keeping the rest.
    fn remember(
        &self,
        change: impl FnOnce(&mut settings::Remembered),
    ) -> Result<(), postdesk_core::wire::IpcError> {
        let Some(dir) = &self.data_dir else {
            return Ok(());
        };
        let mut r = settings::load(dir);
        change(&mut r);
        settings::save(dir, &r).map_err(|e| {
            postdesk_core::wire::IpcError::new(
                postdesk_core::wire::ErrorCode::SaveFailed,
                format!("could not remember the setting in {} ({e})", dir.display()),
            )
        })
    }

    /// Keeps `path` as a cover source and returns its token.
    fn stage(&self, path: PathBuf, pasted: bool) -> String {
        let token = format!("src-{}", STAGE_COUNTER.fetch_add(1, Ordering::Relaxed));
        lock(&self.staged).insert(token.clone(), Staged { path, pasted });
        token
    }

    fn take_staged(&self, token: &str) -> Option<Staged> {
        lock(&self.staged).remove(token)
    }

    fn was_dropped(&self, path: &Path) -> bool {
        lock(&self.dropped).iter().any(|p| p == path)
    }

    fn set_drop_channel(&self, channel: tauri::ipc::Channel<postdesk_core::wire::Dropped>) {
        *lock(&self.drop_channel) = Some(channel);
    }

    fn set_link_channel(&self, channel: tauri::ipc::Channel<postdesk_core::wire::LinkOpened>) {
        *lock(&self.link_channel) = Some(channel);
    }

    /// Tells the window a link went to the browser (or why it could not).
    fn link_opened(&self, url: String, error: Option<String>) {
        self.tell_link(postdesk_core::wire::LinkOpened {
            url,
            error,
            post: None,
        });
    }

    fn set_start_channel(&self, channel: tauri::ipc::Channel<postdesk_core::wire::BlogAsked>) {
        *lock(&self.start_channel) = Some(channel);
    }

    /// A second `postdesk [BLOG]` started (its command line and folder):
    /// when it names another blog than this one, the window is asked to
    /// open it. Off the UI thread (the blog folder is read).
    fn second_start(self, args: Vec<String>, cwd: String) {
        tauri::async_runtime::spawn_blocking(move || {
            let Some(dir) = cli::blog_named(&args) else {
                return;
            };
            let dir = Path::new(&cwd).join(dir);
            let asked = match Blog::open(&dir) {
                Ok(blog) => blog,
                Err(e) => {
                    return self.tell_start(postdesk_core::wire::BlogAsked {
                        blog: None,
                        error: Some(format!(
                            "postdesk {} did not open: {e} — name the folder that holds the blog",
                            dir.display()
                        )),
                    })
                }
            };
            let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            };
            if same(asked.root(), self.blog().root()) {
                return;
            }
            self.tell_start(postdesk_core::wire::BlogAsked {
                blog: Some(asked.root().display().to_string()),
                error: None,
            });
        });
    }

    fn tell_start(&self, asked: postdesk_core::wire::BlogAsked) {
        if let Some(channel) = lock(&self.start_channel).as_ref() {
            let _ = channel.send(asked);
        }
    }

    fn tell_link(&self, link: postdesk_core::wire::LinkOpened) {
        if let Some(channel) = lock(&self.link_channel).as_ref() {
            let _ = channel.send(link);
        }
    }

    /// A link in the preview that is neither the page's nor the web's: the
    /// post of the blog it names (by slug, whatever the site's route), else
    /// a message saying why nothing opened. Off the UI thread (the index
    /// may need a scan).
    fn follow_link(self, url: tauri::Url) {
        tauri::async_runtime::spawn_blocking(move || {
            let shown = navigation::shown(&url);
            let post = navigation::linked_slug(&url).and_then(|slug| {
                let index = self.index().ok()?;
                index.slugs().remove(&slug)?.into_iter().next()
            });
            let error = post.is_none().then(|| {
                format!("The link `{shown}` names no post of this blog, and only web (http, https) and mail links leave the app. Check the link, or open the post from the list.")
            });
            self.tell_link(postdesk_core::wire::LinkOpened {
                url: shown,
                error,
                post,
            });
        });
    }

    /// Files dropped on the window: remembered (only these may be staged)
    /// and told to the page.
    fn on_drop(&self, paths: Vec<PathBuf>, x: f64, y: f64) {
        let shown = paths.iter().map(|p| p.display().to_string()).collect();
        *lock(&self.dropped) = paths;
        if let Some(channel) = lock(&self.drop_channel).as_ref() {
            let _ = channel.send(postdesk_core::wire::Dropped { paths: shown, x, y });
        }
    }

    /// Reads the blog's posts again (through the on-disk cache) and keeps the
    /// result for validation. Blocking: call it on a worker thread.
    fn rescan(&self) -> Result<Arc<Index>, postdesk_core::BlogError> {
        let blog = self.blog();
        let cache = self
            .cache_dir
            .as_ref()
            .map(|d| index::cache_path(d, blog.root()));
        let fresh = Arc::new(index::scan(&blog, cache.as_deref())?);
        *self.index.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh.clone());
        self.corpus_stale.store(true, Ordering::Relaxed);
        Ok(fresh)
    }

    /// Posts whose title or body has every word of `query`. Blocking.
    fn search(
        &self,
        query: &str,
    ) -> Result<Vec<postdesk_core::index::search::Hit>, postdesk_core::BlogError> {
        let index = self.index()?;
        let mut corpus = lock(&self.corpus);
        if self.corpus_stale.swap(false, Ordering::Relaxed) || corpus.is_empty() {
            corpus.refresh(&self.blog(), &index.summaries());
        }
        Ok(corpus.search(query, 200))
    }

    /// The latest index, scanning once if there is none yet.
    fn index(&self) -> Result<Arc<Index>, postdesk_core::BlogError> {
        let current = self.index.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match current {
            Some(index) => Ok(index),
            None => self.rescan(),
        }
    }

    /// A copy of the open blog (a path and a kind) to hand to a worker thread.
    fn blog(&self) -> Blog {
        self.blog
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// Opens the window on the chosen blog.
pub(crate) fn gui(asked: Option<PathBuf>) -> ExitCode {
    let opened = cli::data_dir().and_then(|data| {
        let blog = cli::choose_blog(asked, &data)?;
        let mut remembered = settings::load(&data);
        remembered.opened(blog.root());
        // Not remembering is no reason to refuse to start.
        if let Err(e) = settings::save(&data, &remembered) {
            eprintln!(
                "postdesk: could not remember the blog in {} ({e})",
                data.display()
            );
        }
        Ok(blog)
    });
    let blog = match opened {
        Ok(blog) => blog,
        Err(message) => {
            eprintln!("postdesk: {message}");
            return ExitCode::from(2);
        }
    };
    match app(blog).run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("postdesk: the window could not start: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Light, dark, or the system's choice, for the window and (through the
/// webview's prefers-color-scheme) the preview.
pub(crate) fn apply_theme(window: &tauri::WebviewWindow, theme: settings::Theme) {
    let theme = match theme {
        settings::Theme::System => None,
        settings::Theme::Light => Some(tauri::Theme::Light),
        settings::Theme::Dark => Some(tauri::Theme::Dark),
    };
    // Not fatal: the window keeps the system's look.
    if let Err(e) = window.set_theme(theme) {
        eprintln!("postdesk: could not set the theme: {e}");
    }
}

static WINDOW_MOVES: AtomicU64 = AtomicU64::new(0);

/// Remembers the window's size and position once it has been still for
/// half a second — not only at a clean exit, so a crash or a kill keeps it.
fn save_window_state_soon(app: tauri::AppHandle) {
    let this = WINDOW_MOVES.fetch_add(1, Ordering::Relaxed) + 1;
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        if WINDOW_MOVES.load(Ordering::Relaxed) == this {
            use tauri_plugin_window_state::{AppHandleExt, StateFlags};
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                eprintln!("postdesk: could not remember the window's size: {e}");
            }
        }
    });
}

/// The builder, without a context, so tests can run it on the mock runtime.
pub fn app(blog: Blog) -> tauri::Builder<tauri::Wry> {
    tauri::Builder::default()
        // A second `postdesk [BLOG]` while one runs brings the running
        // window to the front, and has it open BLOG (over D-Bus; without a
        // session bus both simply run).
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
            if let Some(desk) = app.try_state::<Desk>() {
                desk.inner().clone().second_start(args, cwd);
            }
        }))
        // Size, position and maximized state come back on the next start.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                apply_theme(&window, app.state::<Desk>().settings().theme);
            }
            Ok(())
        })
        .plugin(tauri_plugin_opener::init())
        // The window and the preview frame never leave the app's pages; a
        // web link clicked in the preview opens in the system browser.
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("postdesk-navigation")
                .on_navigation(|webview, url| {
                    use tauri::Manager;
                    match navigation::decide(url) {
                        navigation::Navigation::Allow => true,
                        navigation::Navigation::Browser => {
                            commands::open_in_browser(
                                webview.app_handle().clone(),
                                url.to_string(),
                            );
                            false
                        }
                        navigation::Navigation::Stay => {
                            // Only a link clicked in the preview gets here.
                            webview
                                .state::<Desk>()
                                .inner()
                                .clone()
                                .follow_link(url.clone());
                            false
                        }
                    }
                })
                .build(),
        )
        // Used from Rust only (the cover file dialog); the page has no
        // dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            use tauri::Manager;
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) =
                event
            {
                let scale = window.scale_factor().unwrap_or(1.0);
                let at = position.to_logical::<f64>(scale);
                window.state::<Desk>().on_drop(paths.clone(), at.x, at.y);
            }
            if matches!(
                event,
                tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
            ) {
                save_window_state_soon(window.app_handle().clone());
            }
        })
        .manage(Desk::new(blog, cli::cache_dir(), cli::data_dir().ok()))
        .register_asynchronous_uri_scheme_protocol(
            postdesk_core::preview::ASSET_SCHEME,
            commands::serve_asset,
        )
        .invoke_handler(commands::handler())
}
