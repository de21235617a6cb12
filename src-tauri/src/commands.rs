//! Every `#[tauri::command]`, each a few lines: unpack, call the core on a
//! blocking worker (never the UI thread), map the error to `IpcError`.

use postdesk_core::blog::BlogInfo;
use postdesk_core::preview::{self, Preview};
use postdesk_core::save;
use postdesk_core::validate::Issue;
use postdesk_core::wire::{ErrorCode, IpcError};
use postdesk_core::{PostSummary, PostText};
use tauri::State;

use crate::Desk;

pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        blog_info,
        list_posts,
        read_post,
        render_preview,
        check_post,
        save_post
    ]
}

/// Runs disk or CPU work off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                format!("the work stopped unexpectedly: {e}"),
            )
        })?
}

#[tauri::command]
async fn blog_info(desk: State<'_, Desk>) -> Result<BlogInfo, IpcError> {
    Ok(desk.blog().info())
}

#[tauri::command]
async fn list_posts(desk: State<'_, Desk>) -> Result<Vec<PostSummary>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.rescan()?.summaries())).await
}

#[tauri::command]
async fn check_post(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<Vec<Issue>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.index()?.check_text(&desk.blog(), &path, &text))).await
}

#[tauri::command]
async fn save_post(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<PostSummary, IpcError> {
    let blog = desk.blog();
    blocking(move || {
        save::save(blog.root(), &path, text.as_bytes())?;
        Ok(postdesk_core::post::summarize(&path, &text))
    })
    .await
}

#[tauri::command]
async fn read_post(desk: State<'_, Desk>, path: String) -> Result<PostText, IpcError> {
    let blog = desk.blog();
    blocking(move || Ok(blog.read_post(&path)?)).await
}

#[tauri::command]
async fn render_preview(text: String) -> Result<Preview, IpcError> {
    blocking(move || Ok(preview::render(&text))).await
}
