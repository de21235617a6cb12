//! The running watcher: notify + notify-debouncer-full on the blog's
//! content folders (recursive), its asset folder (recursive) and git's
//! HEAD, refs and index. Each debounced burst goes through
//! [`changes_with_assets`](super::changes_with_assets) and reaches the
//! caller as a list of [`Change`]s.
//!
//! When the system's inotify limits are reached (too many watches or
//! instances), it falls back to polling and says so in [`Mode`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache,
};
use serde::Serialize;
use ts_rs::TS;

use super::{changes_with_assets, Change, Op, RawEvent, Scope};

/// How long a burst of events settles before it is reported.
pub const SETTLE: Duration = Duration::from_millis(80);
/// How often the polling fallback looks at the folders.
pub const POLL_EVERY: Duration = Duration::from_millis(500);

/// How the blog is being watched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(rename = "WatchMode")]
pub enum Mode {
    /// The system's file events (inotify).
    Events,
    /// Looking at the files every half second, because `reason`.
    Polling { reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {path}: {message}")]
    Watch { path: String, message: String },
}

/// What to watch, owned so the event thread can keep it.
struct Targets {
    root: PathBuf,
    content_dirs: Vec<String>,
    assets: PathBuf,
    /// The repository's own folder (HEAD, index) and the shared one (refs).
    git_dir: Option<PathBuf>,
    common_dir: Option<PathBuf>,
}

/// The folders of a blog the watcher looks at (`Blog::watch_scope`).
#[derive(Debug, Clone)]
pub struct WatchScope {
    pub root: PathBuf,
    pub content_dirs: Vec<String>,
    /// Where the blog's images are.
    pub assets: PathBuf,
}

impl Targets {
    fn of(scope: WatchScope) -> Targets {
        let repo = git2::Repository::discover(&scope.root).ok();
        Targets {
            root: scope.root,
            content_dirs: scope.content_dirs,
            assets: scope.assets,
            git_dir: repo.as_ref().map(|r| r.path().to_path_buf()),
            common_dir: repo.as_ref().map(|r| r.commondir().to_path_buf()),
        }
    }

    /// The folders to watch and how; the asset folder is the last one
    /// when `with_assets`.
    fn folders(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out = self.text_folders();
        if self.assets.is_dir()
            && self.inside(&self.assets)
            && !out.iter().any(|(d, _)| self.assets.starts_with(d))
        {
            out.push((self.assets.clone(), RecursiveMode::Recursive));
        }
        out
    }

    /// Whether `dir` is in the blog once links are followed (a watched
    /// folder that is itself a link out is not watched at all).
    fn inside(&self, dir: &Path) -> bool {
        match (dir.canonicalize(), self.root.canonicalize()) {
            (Ok(dir), Ok(root)) => dir.starts_with(root),
            _ => false,
        }
    }

    /// The posts' and git's folders (small files, compared by content when
    /// polling).
    fn text_folders(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for d in &self.content_dirs {
            let dir = self.root.join(d.trim_end_matches('/'));
            if dir.is_dir() && self.inside(&dir) {
                out.push((dir, RecursiveMode::Recursive));
            }
        }
        if let Some(git) = &self.git_dir {
            out.push((git.clone(), RecursiveMode::NonRecursive));
        }
        if let Some(common) = &self.common_dir {
            let refs = common.join("refs");
            if refs.is_dir() {
                out.push((refs, RecursiveMode::Recursive));
            }
            if Some(common) != self.git_dir.as_ref() {
                out.push((common.clone(), RecursiveMode::NonRecursive));
            }
        }
        out
    }

    /// The changes in a debounced burst. notify 8 reports every open of a
    /// file (inotify's `IN_OPEN`, which it cannot be told to leave out):
    /// reading the blog (the scan, the search texts) makes one per post, in
    /// bursts of hundreds. Those are dropped first, so that the posts the
    /// app knows (`known`: 10,000 paths on a large blog) are only asked for
    /// when something changed.
    fn changes(
        &self,
        events: &[DebouncedEvent],
        known: &dyn Fn() -> HashSet<String>,
    ) -> Vec<Change> {
        let raw: Vec<RawEvent> = events
            .iter()
            .map(|e| RawEvent::from_notify(e))
            .filter(|e| e.op != Op::Other)
            .collect();
        if raw.is_empty() {
            return Vec::new();
        }
        self.map(&raw, &known())
    }

    fn map(&self, events: &[RawEvent], known: &HashSet<String>) -> Vec<Change> {
        let scope = Scope {
            root: &self.root,
            content_dirs: &self.content_dirs,
            git_dir: self.common_dir.as_deref().or(self.git_dir.as_deref()),
        };
        let mut events = events.to_vec();
        // Refs live in the common folder, HEAD and the index in the
        // worktree's own: name both as the scope's git folder.
        if let (Some(git), Some(common)) = (&self.git_dir, &self.common_dir) {
            if git != common {
                for e in &mut events {
                    for p in &mut e.paths {
                        if let Ok(rest) = p.strip_prefix(git) {
                            *p = common.join(rest);
                        }
                    }
                }
            }
        }
        let root = self.root.clone();
        changes_with_assets(&scope, Some(&self.assets), &events, known, &|rel| {
            root.join(rel).is_file()
        })
    }
}

/// Kept only to be dropped with the watcher (dropping stops it).
#[allow(dead_code)]
enum Running {
    Events(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Posts and git compared by content (the poller's modification times
    /// have one-second steps, which would miss quick edits), assets by time.
    Polling(Vec<Debouncer<PollWatcher, NoCache>>),
}

/// Watches a blog until dropped.
pub struct BlogWatcher {
    _running: Running,
    mode: Mode,
}

impl BlogWatcher {
    /// Starts watching `blog`. `known` answers the posts the app knows (read
    /// at each burst); `on` receives each burst's changes on the watcher's
    /// thread. With `polling`, polls from the start (a setting, and tests).
    pub fn start(
        scope: WatchScope,
        polling: bool,
        known: impl Fn() -> HashSet<String> + Send + Sync + 'static,
        on: impl FnMut(Vec<Change>) + Send + 'static,
    ) -> Result<BlogWatcher, WatchError> {
        let targets = std::sync::Arc::new(Targets::of(scope));
        let known = std::sync::Arc::new(known);
        let on = std::sync::Arc::new(std::sync::Mutex::new(on));
        let handler = {
            let (targets, known, on) = (targets.clone(), known.clone(), on.clone());
            move |result: DebounceEventResult| {
                let changes = match result {
                    Ok(events) => targets.changes(&events, &*known),
                    // Events were lost or a new folder could not be
                    // watched: read everything again.
                    Err(_) => vec![Change::Rescan],
                };
                if !changes.is_empty() {
                    let mut on = on.lock().unwrap_or_else(|p| p.into_inner());
                    (on)(changes);
                }
            }
        };
        if !polling {
            match start_events(&targets, handler.clone()) {
                Ok(d) => {
                    return Ok(BlogWatcher {
                        _running: Running::Events(d),
                        mode: Mode::Events,
                    })
                }
                Err(Failure::Limit(reason)) => {
                    let d = start_polling(&targets, handler)?;
                    return Ok(BlogWatcher {
                        _running: Running::Polling(d),
                        mode: Mode::Polling { reason },
                    });
                }
                Err(Failure::Other(e)) => return Err(e),
            }
        }
        let d = start_polling(&targets, handler)?;
        Ok(BlogWatcher {
            _running: Running::Polling(d),
            mode: Mode::Polling {
                reason: "polling was asked for".into(),
            },
        })
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }
}

enum Failure {
    /// The system's watch or instance limit: poll instead.
    Limit(String),
    Other(WatchError),
}

/// Is this the system saying it has no more watches or instances to give?
fn is_limit(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(24 | 28)),
        _ => false,
    }
}

fn limit_reason(e: &notify::Error) -> String {
    format!(
        "the system's limit on file watches is reached ({e}); \
         raise it with `sudo sysctl fs.inotify.max_user_watches=524288` \
         (and fs.inotify.max_user_instances) to get instant updates"
    )
}

fn failure(path: &Path, e: notify::Error) -> Failure {
    if is_limit(&e) {
        Failure::Limit(limit_reason(&e))
    } else {
        Failure::Other(WatchError::Watch {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }
}

fn start_events(
    targets: &Targets,
    handler: impl FnMut(DebounceEventResult) + Send + 'static,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, Failure> {
    let mut d = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
        SETTLE,
        Some(SETTLE / 4),
        handler,
        RecommendedCache::new(),
        // Never through a link: `public/x -> /` would walk the whole disk
        // and use up the inotify watches.
        notify::Config::default().with_follow_symlinks(false),
    )
    .map_err(|e| failure(&targets.root, e))?;
    for (dir, mode) in targets.folders() {
        d.watch(&dir, mode).map_err(|e| failure(&dir, e))?;
    }
    Ok(d)
}

fn start_polling(
    targets: &Targets,
    handler: impl FnMut(DebounceEventResult) + Clone + Send + 'static,
) -> Result<Vec<Debouncer<PollWatcher, NoCache>>, WatchError> {
    let fail = |path: &Path, e: notify::Error| WatchError::Watch {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let text = targets.text_folders();
    let assets: Vec<_> = targets
        .folders()
        .into_iter()
        .filter(|f| !text.contains(f))
        .collect();
    let mut out = Vec::new();
    for (folders, by_content) in [(text, true), (assets, false)] {
        if folders.is_empty() {
            continue;
        }
        let mut d = new_debouncer_opt::<_, PollWatcher, NoCache>(
            SETTLE,
            Some(SETTLE / 4),
            handler.clone(),
            NoCache,
            notify::Config::default()
                .with_follow_symlinks(false)
                .with_poll_interval(POLL_EVERY)
                .with_compare_contents(by_content),
        )
        .map_err(|e| fail(&targets.root, e))?;
        for (dir, mode) in folders {
            d.watch(&dir, mode).map_err(|e| fail(&dir, e))?;
        }
        out.push(d);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_are_recognised() {
        let e = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(is_limit(&e));
        let e = notify::Error::io(std::io::Error::from_raw_os_error(24));
        assert!(is_limit(&e));
        let e = notify::Error::io(std::io::Error::from_raw_os_error(13));
        assert!(!is_limit(&e));
        assert!(
            limit_reason(&notify::Error::new(notify::ErrorKind::MaxFilesWatch))
                .contains("max_user_watches")
        );
    }

    /// Reading the blog opens every post: a burst of opens changes nothing
    /// and never asks for the posts the app knows; a change in the same
    /// burst is reported.
    #[test]
    fn a_burst_of_opens_is_not_a_change_and_does_not_list_the_posts() {
        use notify::event::{AccessKind, DataChange, EventKind, ModifyKind};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join("_posts/a.md"), "x").unwrap();
        let targets = Targets::of(WatchScope {
            root: root.clone(),
            content_dirs: vec!["_posts".into()],
            assets: root.join("public"),
        });
        let event = |kind, name: &str| {
            let e = notify::Event::new(kind).add_path(root.join("_posts").join(name));
            DebouncedEvent::new(e, std::time::Instant::now())
        };
        let opens: Vec<DebouncedEvent> = (0..500)
            .map(|i| event(EventKind::Access(AccessKind::Any), &format!("p{i}.md")))
            .collect();
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let known = || {
            asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            HashSet::from(["_posts/a.md".to_string()])
        };
        assert!(targets.changes(&opens, &known).is_empty());
        assert_eq!(asked.load(std::sync::atomic::Ordering::Relaxed), 0);
        let mut burst = opens;
        burst.push(event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            "a.md",
        ));
        assert_eq!(
            targets.changes(&burst, &known),
            [Change::Changed("_posts/a.md".into())]
        );
        assert_eq!(asked.load(std::sync::atomic::Ordering::Relaxed), 1);
    }

    /// `public -> /` (or a content folder linked out) would walk the whole
    /// disk and use up the inotify watches: a watched folder that leads out
    /// of the blog is not watched at all.
    #[test]
    fn a_folder_that_leads_out_of_the_blog_is_not_watched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("public")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("drafts")).unwrap();
        let targets = Targets::of(WatchScope {
            root: root.clone(),
            content_dirs: vec!["_posts".into(), "drafts".into()],
            assets: root.join("public"),
        });
        let folders: Vec<PathBuf> = targets.folders().into_iter().map(|(d, _)| d).collect();
        assert_eq!(folders, [root.join("_posts")]);
    }
}
