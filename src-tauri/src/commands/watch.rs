//! Changes made outside the app: `watch_blog` starts the core's watcher and
//! tells the window what changed — with the new text of posts the window
//! holds, and never for the app's own saves (their content hash is the one
//! the window wrote). `merge_post` merges the writer's edits with a change
//! made on disk; `save_post_as` keeps a deleted post's text in a new file.

use postdesk_core::disk::merge::{self, Merged};
use postdesk_core::disk::seen::DiskChange;
use postdesk_core::disk::watch::{BlogWatcher, Change, Mode};
use postdesk_core::wire::{ErrorCode, IpcError};
use postdesk_core::{disk::save, PostSummary};
use tauri::ipc::Channel;
use tauri::State;

use super::blocking;
use crate::desk::{lock, Desk};

/// Starts watching the open blog; answers how (events or polling, and why).
#[tauri::command]
pub(crate) async fn watch_blog(
    desk: State<'_, Desk>,
    channel: Channel<Vec<DiskChange>>,
) -> Result<Mode, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        let known = {
            let desk = desk.clone();
            move || {
                desk.index()
                    .map(|i| i.entries.iter().map(|e| e.summary.path.clone()).collect())
                    .unwrap_or_default()
            }
        };
        let on = {
            let desk = desk.clone();
            move |changes: Vec<Change>| {
                let out = desk.disk_changes(changes);
                if !out.is_empty() {
                    let _ = channel.send(out);
                }
            }
        };
        let polling = std::env::var_os("POSTDESK_WATCH_POLL").is_some();
        let watcher = BlogWatcher::start(blog.watch_scope(), polling, known, on)
            .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
        let mode = watcher.mode().clone();
        *lock(&desk.blog_watcher) = Some(watcher);
        Ok(mode)
    })
    .await
}

/// The three-way merge of the version the editor loaded (`base`), the
/// editor's text (`mine`) and the file's new content (`theirs`).
#[tauri::command]
pub(crate) async fn merge_post(
    base: String,
    mine: String,
    theirs: String,
) -> Result<Merged, IpcError> {
    blocking(move || Ok(merge::three_way(&base, &mine, &theirs))).await
}

/// Saves the editor's text as a new post file (after the original was
/// deleted or renamed on disk, or to keep a copy). Refuses an existing file
/// and anything that is not a post file in the blog's content folders.
#[tauri::command]
pub(crate) async fn save_post_as(
    desk: State<'_, Desk>,
    from: String,
    path: String,
    text: String,
) -> Result<PostSummary, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        if !blog.is_post_path(&path) {
            return Err(IpcError::new(
                ErrorCode::SaveFailed,
                format!(
                    "{path} is not a post file: choose a name ending in .md inside {}",
                    blog.content_dirs().join(" or ")
                ),
            ));
        }
        save::create(blog.root(), &path, text.as_bytes())?;
        desk.seen.saw(&path, &text);
        if let Some(journal) = desk.journal() {
            let now = crate::env::now();
            let _ = journal.drop_post(blog.root(), &from, now);
        }
        let _ = desk.rescan();
        Ok(Desk::summary_of(&blog, &path, &text))
    })
    .await
}
