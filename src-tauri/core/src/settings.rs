//! What the app remembers between runs: the last blog opened and whether
//! the preview may load remote images.
//!
//! Stored as JSON in the app's data folder, which the caller passes in; the
//! file is written atomically so a crash never leaves it half-written.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE: &str = "state.json";

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Remembered {
    pub last_blog: Option<PathBuf>,
    /// Whether the preview may load `http(s)` images.
    #[serde(default)]
    pub allow_remote_images: bool,
}

/// Reads what was remembered; a missing or unreadable file means nothing was.
pub fn load(data_dir: &Path) -> Remembered {
    std::fs::read(data_dir.join(FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

pub fn save(data_dir: &Path, remembered: &Remembered) -> std::io::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let json = serde_json::to_vec_pretty(remembered).map_err(std::io::Error::other)?;
    let tmp = data_dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, json)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, data_dir.join(FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Remembered::default());
        let r = Remembered {
            last_blog: Some("/home/me/blog".into()),
            allow_remote_images: true,
        };
        save(dir.path(), &r).unwrap();
        assert_eq!(load(dir.path()), r);
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert_eq!(load(dir.path()), Remembered::default());
    }
}
