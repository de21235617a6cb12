//! Every `#[tauri::command]`, each a few lines: unpack, call the core on a
//! blocking worker (never the UI thread), map the error to `IpcError`.

use postdesk_core::app::settings::Settings;
use postdesk_core::blog::assets;
use postdesk_core::blog::BlogInfo;
use postdesk_core::disk::journal::Recovered;
use postdesk_core::disk::save;
use postdesk_core::index::search::Hit;
use postdesk_core::issue::Issue;
use postdesk_core::post::form::{self, FieldEdit, Form};
use postdesk_core::preview::{self, PreviewPatch, RenderOptions};
use postdesk_core::wire::{ErrorCode, IpcError};
use postdesk_core::{PostSummary, PostText};
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, State, UriSchemeContext, UriSchemeResponder};
use tauri_plugin_opener::OpenerExt;

use crate::Desk;

pub(crate) mod cover;
pub(crate) mod files;
pub(crate) mod publish;
pub(crate) mod watch;

type Handler = dyn Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static;

pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    let inner: Box<Handler> = Box::new(tauri::generate_handler![
        blog_info,
        list_posts,
        read_post,
        render_preview,
        remote_images,
        set_remote_images,
        get_settings,
        set_settings,
        post_form,
        set_field,
        search_posts,
        crate::commands::files::new_post_path,
        crate::commands::files::new_post,
        crate::commands::files::rename_target,
        crate::commands::files::rename_post,
        crate::commands::files::delete_post,
        crate::commands::files::recent_blogs,
        crate::commands::files::open_blog,
        preview_stylesheet,
        watch_links,
        watch_starts,
        open_image,
        check_post,
        save_post,
        journal_write,
        journal_pending,
        journal_drop,
        crate::commands::cover::cover_state,
        crate::commands::cover::cover_pick,
        crate::commands::cover::cover_stage_paste,
        crate::commands::cover::cover_stage_drop,
        crate::commands::cover::cover_import,
        crate::commands::cover::cover_recrop,
        crate::commands::cover::body_image_import,
        crate::commands::cover::picture_import,
        crate::commands::cover::cover_cancel,
        crate::commands::cover::watch_drops,
        crate::commands::publish::repo_status,
        crate::commands::publish::publish_plan,
        crate::commands::publish::publish_post,
        crate::commands::publish::push_retry,
        crate::commands::publish::publish_cancel,
        crate::commands::publish::save_token,
        crate::commands::publish::open_terminal,
        crate::commands::watch::watch_blog,
        crate::commands::watch::save_post_as,
        crate::commands::watch::merge_post,
        #[cfg(debug_assertions)]
        e2e_ipc_log,
        #[cfg(debug_assertions)]
        e2e_drop
    ]);
    move |invoke| {
        #[cfg(debug_assertions)]
        e2e::record(invoke.message.command());
        inner(invoke)
    }
}

/// Debug builds only: every command the webview called, in order, so the
/// end-to-end tests can prove that nothing in a hostile post reached IPC.
#[cfg(debug_assertions)]
mod e2e {
    use std::sync::Mutex;

    static CALLS: Mutex<Vec<String>> = Mutex::new(Vec::new());

    pub(super) fn record(command: &str) {
        CALLS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(command.to_owned());
    }

    pub(super) fn calls() -> Vec<String> {
        CALLS.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(debug_assertions)]
#[tauri::command]
async fn e2e_ipc_log() -> Result<Vec<String>, IpcError> {
    Ok(e2e::calls())
}

/// Debug builds only: what the window does when the OS drops `paths` at
/// (`x`, `y`); WebDriver cannot perform a real file drop.
#[cfg(debug_assertions)]
#[tauri::command]
async fn e2e_drop(
    desk: State<'_, Desk>,
    paths: Vec<String>,
    x: f64,
    y: f64,
) -> Result<(), IpcError> {
    desk.on_drop(paths.into_iter().map(Into::into).collect(), x, y);
    Ok(())
}

/// Runs disk or CPU work off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
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
    force: Option<bool>,
) -> Result<PostSummary, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        // Never write over a change made elsewhere that the editor has not
        // seen; `force` is the writer's "Keep mine".
        if force != Some(true) {
            desk.unchanged_on_disk(&blog, &path)?;
        }
        save::save(blog.root(), &path, text.as_bytes())?;
        desk.saw(&path, &text);
        desk.corpus_stale
            .store(true, std::sync::atomic::Ordering::Relaxed);
        // Saved: the journal no longer needs to offer this post back.
        if let Some(journal) = desk.journal() {
            let _ = journal.drop_post(blog.root(), &path, crate::cli::now());
        }
        Ok(postdesk_core::post::summarize(&path, &text))
    })
    .await
}

/// Keeps the editor's unsaved text in the recovery journal (fsync'd).
#[tauri::command]
async fn journal_write(desk: State<'_, Desk>, path: String, text: String) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let Some(journal) = desk.journal() else {
            return Ok(());
        };
        journal
            .write(desk.blog().root(), &path, &text, crate::cli::now())
            .map_err(|e| IpcError::new(ErrorCode::SaveFailed, e.to_string()))
    })
    .await
}

/// Unsaved edits a previous run left in the journal for this blog (those
/// that differ from the file on disk), each with its diff.
#[tauri::command]
async fn journal_pending(desk: State<'_, Desk>) -> Result<Vec<Recovered>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        Ok(match desk.journal() {
            Some(journal) => {
                let blog = desk.blog();
                postdesk_core::disk::journal::recover(&journal, blog.root(), |p| {
                    blog.read_post(p).ok().map(|t| t.text)
                })
            }
            None => Vec::new(),
        })
    })
    .await
}

/// Forgets a post's journal entry (the writer discarded it).
#[tauri::command]
async fn journal_drop(desk: State<'_, Desk>, path: String) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        if let Some(journal) = desk.journal() {
            journal
                .drop_post(desk.blog().root(), &path, crate::cli::now())
                .map_err(|e| IpcError::new(ErrorCode::SaveFailed, e.to_string()))?;
        }
        Ok(())
    })
    .await
}

#[tauri::command]
async fn read_post(desk: State<'_, Desk>, path: String) -> Result<PostText, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let post = desk.blog().read_post(&path)?;
        // What the editor now holds as this post's disk content.
        desk.saw(&post.path, &post.text);
        Ok(post)
    })
    .await
}

#[tauri::command]
async fn render_preview(
    desk: State<'_, Desk>,
    path: String,
    source: preview::Source,
    have: Option<u32>,
) -> Result<PreviewPatch, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let text = desk.renderer.resolve(source, &path)?;
        let blog = desk.blog();
        let options = RenderOptions {
            post_path: path,
            asset_urls: true,
            // Remote images load only when the writer has allowed them.
            allow_remote_images: desk
                .remote_images
                .load(std::sync::atomic::Ordering::Relaxed),
            smart_punctuation: blog.config().smart_punctuation,
            math: blog.config().math,
            relative_lines: true,
        };
        Ok(desk.renderer.render_patch(&text, &options, have))
    })
    .await
}

/// The front-matter form for the post's current text, under the blog's
/// schema (declared or inferred).
#[tauri::command]
async fn post_form(desk: State<'_, Desk>, path: String, text: String) -> Result<Form, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(form::form(&desk.index()?.schema, &path, &text))).await
}

/// One form control's edit applied to the text (only that value's bytes
/// change); the window shows the result as an undoable change.
#[tauri::command]
async fn set_field(
    desk: State<'_, Desk>,
    text: String,
    key: String,
    edit: FieldEdit,
) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        form::apply(&desk.index()?.schema, &text, &key, &edit)
            .map_err(|e| IpcError::new(ErrorCode::InvalidPost, e.to_string()))
    })
    .await
}

/// Full-text search over the posts' titles and bodies.
#[tauri::command]
async fn search_posts(desk: State<'_, Desk>, query: String) -> Result<Vec<Hit>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.search(&query)?)).await
}

/// The writer's settings (autosave interval, theme).
#[tauri::command]
async fn get_settings(desk: State<'_, Desk>) -> Result<Settings, IpcError> {
    Ok(desk.settings())
}

/// Changes the settings: remembered, and the theme applied to the window.
#[tauri::command]
async fn set_settings(
    window: tauri::WebviewWindow,
    desk: State<'_, Desk>,
    settings: Settings,
) -> Result<(), IpcError> {
    settings
        .check()
        .map_err(|m| IpcError::new(ErrorCode::Internal, m))?;
    let desk = desk.inner().clone();
    crate::apply_theme(&window, settings.theme);
    blocking(move || desk.remember(|r| r.settings = settings)).await
}

/// Whether the preview may load remote images (remembered between runs).
#[tauri::command]
async fn remote_images(desk: State<'_, Desk>) -> Result<bool, IpcError> {
    Ok(desk
        .remote_images
        .load(std::sync::atomic::Ordering::Relaxed))
}

#[tauri::command]
async fn set_remote_images(desk: State<'_, Desk>, allow: bool) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        desk.remote_images
            .store(allow, std::sync::atomic::Ordering::Relaxed);
        // Rendered blocks depend on the setting: render them afresh.
        desk.renderer.forget_blocks();
        desk.remember(|r| r.allow_remote_images = allow)
    })
    .await
}

#[tauri::command]
async fn preview_stylesheet() -> Result<String, IpcError> {
    blocking(|| Ok(preview::highlight_stylesheet())).await
}

/// The window asks to hear of links clicked in the preview (they arrive
/// as navigations, see `navigation.rs`).
#[tauri::command]
async fn watch_links(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<postdesk_core::wire::LinkOpened>,
) -> Result<(), IpcError> {
    desk.set_link_channel(channel);
    Ok(())
}

/// The window asks to hear of a second `postdesk BLOG` (see `lib.rs`).
#[tauri::command]
async fn watch_starts(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<postdesk_core::wire::BlogAsked>,
) -> Result<(), IpcError> {
    desk.set_start_channel(channel);
    Ok(())
}

/// Opens a web or mail link in the system browser, off the UI thread, and
/// tells the window. With `POSTDESK_E2E_OPENED` set (end-to-end tests) the
/// link is written to that file instead.
pub(crate) fn open_in_browser(app: tauri::AppHandle, url: String) {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || {
        let opened = match std::env::var_os("POSTDESK_E2E_OPENED") {
            Some(file) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(file)
                .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{url}\n").as_bytes()))
                .map_err(|e| e.to_string()),
            None => app
                .opener()
                .open_url(&url, None::<&str>)
                .map_err(|e| e.to_string()),
        };
        let error = opened.err().map(|e| {
            format!("Could not open {url} in the browser: {e}. Is a default browser set (xdg-settings get default-web-browser)?")
        });
        app.state::<Desk>().link_opened(url, error);
    });
}

/// Opens an image a front-matter field names in the system's image viewer
/// (only files inside the blog; images only).
#[tauri::command]
async fn open_image(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    path: String,
    value: String,
) -> Result<(), IpcError> {
    let blog = desk.blog();
    let file = blocking(move || {
        postdesk_core::cover::file_of(&blog, &path, &value)
            .map(|(file, _)| file)
            .map_err(|m| IpcError::new(ErrorCode::NotFound, m))
    })
    .await?;
    app.opener()
        .open_path(file.display().to_string(), None::<&str>)
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                format!("could not open {}: {e}", file.display()),
            )
        })
}

/// Serves the blog's images to the preview (`postdesk-asset://localhost/…`),
/// off the UI thread.
pub(crate) fn serve_asset(
    ctx: UriSchemeContext<'_, tauri::Wry>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let desk = ctx.app_handle().state::<Desk>().inner().clone();
    let path = percent_encoding::percent_decode_str(request.uri().path())
        .decode_utf8_lossy()
        .into_owned();
    tauri::async_runtime::spawn_blocking(move || {
        let blog = desk.blog();
        let response = match assets::resolve(&blog, &path).and_then(|(file, mime)| {
            std::fs::read(&file)
                .map(|bytes| (bytes, mime))
                .map_err(|_| assets::AssetError::Missing(path.clone()))
        }) {
            Ok((bytes, mime)) => Response::builder()
                .header("Content-Type", mime)
                .header("Cache-Control", "no-cache")
                .body(bytes),
            Err(e) => Response::builder()
                .status(match e {
                    assets::AssetError::Missing(_) => StatusCode::NOT_FOUND,
                    _ => StatusCode::FORBIDDEN,
                })
                .header("Content-Type", "text/plain")
                .body(e.to_string().into_bytes()),
        };
        if let Ok(response) = response {
            responder.respond(response);
        }
    });
}
