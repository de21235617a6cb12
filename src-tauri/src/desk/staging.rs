//! Images the writer chose, dropped or pasted, kept by token until an
//! import takes them; and the files last dropped on the window (only these
//! may be staged from a drop).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use postdesk_core::wire::Dropped;
use tauri::ipc::Channel;

use super::lock;

/// A cover source the writer picked.
#[derive(Clone)]
pub(crate) struct Staged {
    pub(crate) path: PathBuf,
    /// A pasted image's temporary file, removed after the import.
    pub(crate) pasted: bool,
}

#[derive(Default)]
pub(crate) struct Staging {
    staged: Mutex<HashMap<String, Staged>>,
    dropped: Mutex<Vec<PathBuf>>,
    drop_channel: Mutex<Option<Channel<Dropped>>>,
}

static STAGE_COUNTER: AtomicU64 = AtomicU64::new(1);

impl Staging {
    /// Keeps `path` as a cover source and returns its token.
    pub(crate) fn stage(&self, path: PathBuf, pasted: bool) -> String {
        let token = format!("src-{}", STAGE_COUNTER.fetch_add(1, Ordering::Relaxed));
        lock(&self.staged).insert(token.clone(), Staged { path, pasted });
        token
    }

    pub(crate) fn take(&self, token: &str) -> Option<Staged> {
        lock(&self.staged).remove(token)
    }

    /// Forgets every staged image (another blog was opened).
    pub(crate) fn clear(&self) {
        lock(&self.staged).clear();
    }

    pub(crate) fn was_dropped(&self, path: &Path) -> bool {
        lock(&self.dropped).iter().any(|p| p == path)
    }

    pub(crate) fn set_drop_channel(&self, channel: Channel<Dropped>) {
        *lock(&self.drop_channel) = Some(channel);
    }

    /// Files dropped on the window: remembered (only these may be staged)
    /// and told to the page.
    pub(crate) fn on_drop(&self, paths: Vec<PathBuf>, x: f64, y: f64) {
        let shown = paths.iter().map(|p| p.display().to_string()).collect();
        *lock(&self.dropped) = paths;
        if let Some(channel) = lock(&self.drop_channel).as_ref() {
            let _ = channel.send(Dropped { paths: shown, x, y });
        }
    }
}
