//! The preview: renders (as patches on the one shown), remote images,
//! the highlight stylesheet, links clicked in it, and the blog's images
//! served through the asset scheme.

use postdesk_core::blog::assets;
use postdesk_core::preview::{self, PreviewPatch, RenderOptions};
use postdesk_core::wire::{ErrorCode, IpcError};
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, State, UriSchemeContext, UriSchemeResponder};
use tauri_plugin_opener::OpenerExt;

use super::blocking;
use crate::desk::Desk;

#[tauri::command]
pub(crate) async fn render_preview(
    desk: State<'_, Desk>,
    path: String,
    source: preview::Source,
    have: Option<u32>,
) -> Result<PreviewPatch, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let text = desk.renderer.resolve(source, &path)?;
        let blog = desk.blog();
        // Every post's URL, only for a post with shortcodes or Liquid.
        let index = std::cell::OnceCell::new();
        let options = RenderOptions {
            asset_urls: true,
            // Remote images load only when the writer has allowed them.
            allow_remote_images: desk
                .remote_images
                .load(std::sync::atomic::Ordering::Relaxed),
            relative_lines: true,
            // The blog's renderer's rules (typography, raw HTML, footnotes).
            ..RenderOptions::for_blog(&blog, path, &text, || {
                index
                    .get_or_init(|| desk.index().ok())
                    .iter()
                    .flat_map(|i| i.entries.iter().map(|e| &e.summary))
                    .collect()
            })
        };
        Ok(desk.renderer.render_patch(&text, &options, have))
    })
    .await
}

/// Whether the preview may load remote images (remembered between runs).
#[tauri::command]
pub(crate) async fn remote_images(desk: State<'_, Desk>) -> Result<bool, IpcError> {
    Ok(desk
        .remote_images
        .load(std::sync::atomic::Ordering::Relaxed))
}

#[tauri::command]
pub(crate) async fn set_remote_images(desk: State<'_, Desk>, allow: bool) -> Result<(), IpcError> {
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
pub(crate) async fn preview_stylesheet() -> Result<String, IpcError> {
    blocking(|| Ok(preview::highlight_stylesheet())).await
}

/// The window asks to hear of links clicked in the preview (they arrive
/// as navigations, see `navigation.rs`).
#[tauri::command]
pub(crate) async fn watch_links(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<postdesk_core::wire::LinkOpened>,
) -> Result<(), IpcError> {
    desk.channels.set_links(channel);
    Ok(())
}

/// The window asks to hear of its web check's progress (links still being
/// asked, one answered).
#[tauri::command]
pub(crate) async fn watch_web_links(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<postdesk_core::wire::WebLinksAsked>,
) -> Result<(), IpcError> {
    desk.web.set_channel(channel);
    Ok(())
}

/// Opens an image a front-matter field names in the system's image viewer
/// (only files inside the blog; images only).
#[tauri::command]
pub(crate) async fn open_image(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    path: String,
    value: String,
) -> Result<(), IpcError> {
    let blog = desk.blog();
    let file = blocking(move || {
        postdesk_core::cover::file_to_open(&blog, &path, &value)
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
    if path.starts_with(postdesk_core::url::REMOTE_PATH) {
        tauri::async_runtime::spawn(async move {
            if let Ok(response) = remote_image(&desk, &path).await {
                responder.respond(response);
            }
        });
        return;
    }
    tauri::async_runtime::spawn_blocking(move || {
        let blog = desk.blog();
        let response = match assets::resolve(&blog, &path)
            .and_then(|(file, mime)| assets::read(&file, &path).map(|bytes| (bytes, mime)))
        {
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

/// A remote image, fetched by the app (`…/remote/URL`): only while the
/// writer allows remote images — a post naming such a URL itself gets
/// nothing otherwise.
async fn remote_image(desk: &Desk, path: &str) -> tauri::http::Result<Response<Vec<u8>>> {
    let refuse = |status: StatusCode, message: String| {
        Response::builder()
            .status(status)
            .header("Content-Type", "text/plain")
            .body(message.into_bytes())
    };
    if !desk
        .remote_images
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        return refuse(StatusCode::FORBIDDEN, "remote images are off".into());
    }
    let Some(target) = postdesk_core::url::remote_target(path) else {
        return refuse(StatusCode::FORBIDDEN, "not a web image URL".into());
    };
    match desk.fetched.get(&target).await {
        Ok((mime, bytes)) => Response::builder()
            .header("Content-Type", mime)
            .header("Cache-Control", "max-age=600")
            // An SVG shown as an image runs nothing; opened any other way
            // it may not either.
            .header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'",
            )
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes.as_ref().clone()),
        Err(message) => refuse(StatusCode::BAD_GATEWAY, message),
    }
}
