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
