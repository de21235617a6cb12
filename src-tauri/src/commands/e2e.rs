//! Debug builds only: what the end-to-end tests need from the app — the
//! record of every command the webview called, and an OS file drop
//! (WebDriver cannot perform one).

use postdesk_core::wire::IpcError;
use tauri::State;

use crate::desk::Desk;

#[tauri::command]
pub(crate) async fn e2e_ipc_log() -> Result<Vec<String>, IpcError> {
    Ok(calls())
}

/// Debug builds only: what the window does when the OS drops `paths` at
/// (`x`, `y`); WebDriver cannot perform a real file drop.
#[tauri::command]
pub(crate) async fn e2e_drop(
    desk: State<'_, Desk>,
    paths: Vec<String>,
    x: f64,
    y: f64,
) -> Result<(), IpcError> {
    desk.staging
        .on_drop(paths.into_iter().map(Into::into).collect(), x, y);
    Ok(())
}

static CALLS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Notes a command the webview called.
pub(crate) fn record(command: &str) {
    CALLS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(command.to_owned());
}

fn calls() -> Vec<String> {
    CALLS.lock().unwrap_or_else(|p| p.into_inner()).clone()
}
