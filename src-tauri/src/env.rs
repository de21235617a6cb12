//! What the app takes from its environment: the clock and its folders. One
//! place, so the window and the command line agree.

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
