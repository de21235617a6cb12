//! What the app takes from its environment: the clock, its folders, the
//! renderer and an already running window. One place, so the window and the
//! command line agree.

use std::path::PathBuf;

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Postdesk's cache folder (XDG cache home on Linux), if there is one.
pub(crate) fn cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("postdesk"))
}

/// Postdesk's own data folder (XDG data home on Linux).
pub(crate) fn data_dir() -> Result<PathBuf, String> {
    dirs::data_dir()
        .map(|d| d.join("postdesk"))
        .ok_or_else(|| "no data folder: set HOME or XDG_DATA_HOME".to_owned())
}

/// Picks WebKitGTK's renderer before the window starts. With no GPU render
/// node (`/dev/dri/renderD*`: most virtual machines, remote desktops), its
/// DMA-BUF renderer falls back to drawing in software through buffers that
/// cost the web process ~120 MB (274 → 156 MB PSS with the sample blog) and
/// half the frame rate; the older renderer is used there instead. A value
/// the writer set is kept either way.
pub(crate) fn choose_renderer() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(VAR).is_some() || has_render_node() {
        return;
    }
    std::env::set_var(VAR, "1");
}

fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// A second start while a window runs: hands the arguments to that window
/// over D-Bus — the same name, path and method the single-instance plugin
/// serves in the running app — before this process starts GTK or WebKit.
/// True when the running window took them (this process then just exits).
/// False without a session bus or a running window: this process becomes the
/// window (and the plugin still checks once more).
///
/// The plugin alone would also forward them, but only after GTK and WebKit
/// are up, and it then leaves with `exit(0)` through their exit handlers; a
/// start handed off here is quicker and never runs them.
#[cfg(target_os = "linux")]
pub(crate) fn hand_to_running_window(identifier: &str) -> bool {
    let name = format!("{identifier}.SingleInstance");
    let path = format!("/{}", name.replace('.', "/").replace('-', "_"));
    let Ok(bus) = zbus::blocking::Connection::session() else {
        return false;
    };
    let owned: Result<bool, _> = bus
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "NameHasOwner",
            &(name.as_str(),),
        )
        .and_then(|reply| reply.body().deserialize::<bool>());
    if owned != Ok(true) {
        return false;
    }
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    bus.call_method(
        Some(name.as_str()),
        path.as_str(),
        Some("org.SingleInstance.DBus"),
        "ExecuteCallback",
        &(args, cwd.to_string_lossy().as_ref()),
    )
    .is_ok()
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn hand_to_running_window(_identifier: &str) -> bool {
    false
}
