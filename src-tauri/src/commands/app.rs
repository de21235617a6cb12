//! The app around the blog: which blog is open, the writer's settings
//! (and the theme they choose), and a second `postdesk BLOG`.

use postdesk_core::app::settings::{self, Settings};
use postdesk_core::blog::BlogInfo;
use postdesk_core::wire::{ErrorCode, IpcError};
use tauri::State;

use super::blocking;
use crate::desk::Desk;

/// The open blog, with what the window should say once about its site
/// (what it says about the posts comes with the list: `list_open`). Never
/// waits for the posts to be read.
#[tauri::command]
pub(crate) async fn blog_info(desk: State<'_, Desk>) -> Result<BlogInfo, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let mut info = desk.blog().info();
        let blog = desk.blog();
        info.renderer = Some(postdesk_core::preview::markup::Markup::for_blog(&blog).describe());
        info.open_post = crate::desk::lock(&desk.open_post).take();
        info.note = blog.site().problem.clone();
        Ok(info)
    })
    .await
}

/// The writer's settings (autosave interval, theme).
#[tauri::command]
pub(crate) async fn get_settings(desk: State<'_, Desk>) -> Result<Settings, IpcError> {
    Ok(desk.settings())
}

/// Changes the settings: remembered, and the theme applied to the window.
#[tauri::command]
pub(crate) async fn set_settings(
    window: tauri::Window,
    desk: State<'_, Desk>,
    settings: Settings,
) -> Result<(), IpcError> {
    settings
        .check()
        .map_err(|m| IpcError::new(ErrorCode::Internal, m))?;
    let desk = desk.inner().clone();
    apply_theme(&window, settings.theme);
    desk.web.set_on(settings.check_web_links);
    blocking(move || desk.remember(|r| r.settings = settings)).await
}

/// The window asks to hear of a second `postdesk BLOG` (see `lib.rs`).
#[tauri::command]
pub(crate) async fn watch_starts(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<postdesk_core::wire::BlogAsked>,
) -> Result<(), IpcError> {
    desk.channels.set_starts(channel);
    Ok(())
}

/// Light, dark, or the system's choice, for the window and (through the
/// webview's prefers-color-scheme) the preview.
pub(crate) fn apply_theme(window: &tauri::Window, theme: settings::Theme) {
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
