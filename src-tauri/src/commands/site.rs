//! The Site view: the blog's own development server and its page for the
//! open post (see `desk/site.rs`). Starting runs the blog's code, so it is
//! refused until the writer trusted the blog — checked here, whatever the
//! page asks.

use postdesk_core::wire::{Bounds, IpcError, SiteEvent, SiteState};
use tauri::{AppHandle, Manager, State};

use super::blocking;
use crate::desk::Desk;

/// The command that would serve the blog, and whether it is trusted/running.
#[tauri::command]
pub(crate) async fn site_state(desk: State<'_, Desk>) -> Result<SiteState, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.site_state())).await
}

/// Trusts the open blog to run its command, or withdraws the trust.
#[tauri::command]
pub(crate) async fn site_trust(desk: State<'_, Desk>, trusted: bool) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || desk.set_site_trust(trusted)).await
}

/// Every blog trusted to run its own code, for Settings.
#[tauri::command]
pub(crate) async fn site_trusted(
    desk: State<'_, Desk>,
) -> Result<Vec<postdesk_core::app::settings::TrustedSite>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        Ok(desk
            .data_dir
            .as_deref()
            .map(|d| postdesk_core::app::settings::load(d).trusted_sites)
            .unwrap_or_default())
    })
    .await
}

/// Withdraws the trust in the blog at `blog` (from Settings); a server it
/// runs stops.
#[tauri::command]
pub(crate) async fn site_withdraw(
    app: AppHandle,
    desk: State<'_, Desk>,
    blog: String,
) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = std::path::PathBuf::from(blog);
        if desk.blog().root() == blog {
            desk.close_site(&app, "Postdesk no longer trusts this blog to run its code.");
        }
        desk.remember(|r| r.set_trust(&blog, None))
    })
    .await
}

/// Starts the server (trusted blogs only; `install` agrees to `npm install`
/// first) and shows the post at `path` at `bounds`.
#[tauri::command]
pub(crate) async fn site_open(
    app: AppHandle,
    desk: State<'_, Desk>,
    path: String,
    bounds: Bounds,
    install: bool,
) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    desk.a_post(&path)?;
    blocking(move || {
        desk.start_site(install)?;
        let url = desk.site_url(&path)?;
        desk.show_site(&app, url.clone(), bounds)?;
        Ok(url.to_string())
    })
    .await
}

/// Moves the site view over the preview pane, or hides it (`null`).
#[tauri::command]
pub(crate) async fn site_place(
    app: AppHandle,
    desk: State<'_, Desk>,
    bounds: Option<Bounds>,
) -> Result<(), IpcError> {
    desk.place_site(&app, bounds);
    Ok(())
}

/// Reloads the page (after a save, for servers that do not reload it).
#[tauri::command]
pub(crate) async fn site_reload(app: AppHandle) -> Result<(), IpcError> {
    if let Some(webview) = app.get_webview(crate::desk::SITE_LABEL) {
        let _ = webview.reload();
    }
    Ok(())
}

/// Opens the page the site view shows in the system browser.
#[tauri::command]
pub(crate) async fn site_browser(app: AppHandle) -> Result<(), IpcError> {
    if let Some(url) = app
        .get_webview(crate::desk::SITE_LABEL)
        .and_then(|w| w.url().ok())
    {
        crate::desk::open_in_browser(app, url.to_string());
    }
    Ok(())
}

/// The end of the server's log.
#[tauri::command]
pub(crate) async fn site_log(desk: State<'_, Desk>) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.site_log())).await
}

/// Stops the server and closes the view.
#[tauri::command]
pub(crate) async fn site_stop(app: AppHandle, desk: State<'_, Desk>) -> Result<(), IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        desk.close_site(&app, "Stopped.");
        Ok(())
    })
    .await
}

/// The window asks to hear what the Site view does.
#[tauri::command]
pub(crate) async fn watch_site(
    desk: State<'_, Desk>,
    channel: tauri::ipc::Channel<SiteEvent>,
) -> Result<(), IpcError> {
    desk.site.set_channel(channel);
    Ok(())
}
