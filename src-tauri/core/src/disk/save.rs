//! Atomic saves: a post on disk is always either the old or the new version,
//! never truncated or mixed, whatever happens mid-save.
//!
//! The text goes to a temporary file in the same folder, is fsync'd, takes
//! the old file's permissions, is renamed over the old file, and the folder
//! is fsync'd so the rename itself survives a crash.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::disk::paths;

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Path(#[from] paths::PathError),
    #[error("{path} is read-only; make it writable (chmod u+w) or save under another name")]
    ReadOnly { path: String },
    #[error("{path} already exists; choose another name")]
    Exists { path: String },
    #[error("could not save {path} ({source}); the file on disk is unchanged")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Replaces (or creates) `rel` under `root` with `bytes`, atomically.
/// `root` must be canonical. The folder must already exist inside the blog.
pub fn save(root: &Path, rel: &str, bytes: &[u8]) -> Result<PathBuf, SaveError> {
    write(root, rel, bytes, false)
}

/// Like [`save`], but refuses to replace an existing file.
pub fn create(root: &Path, rel: &str, bytes: &[u8]) -> Result<PathBuf, SaveError> {
    write(root, rel, bytes, true)
}

fn write(root: &Path, rel: &str, bytes: &[u8], new_only: bool) -> Result<PathBuf, SaveError> {
    let rel_path = Path::new(rel);
    let name = rel_path
        .file_name()
        .ok_or_else(|| paths::PathError::Outside(rel.to_owned()))?;
    let parent_rel = rel_path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = if parent_rel.is_empty() {
        root.to_path_buf()
    } else {
        paths::confine(root, &parent_rel)?
    };
    let target = dir.join(name);
    let io = |source| SaveError::Io {
        path: rel.to_owned(),
        source,
    };
    // A symlink at the target could point outside the blog: refuse it too.
    let existing = match std::fs::symlink_metadata(&target) {
        Ok(meta) if meta.file_type().is_symlink() => {
            paths::confine(root, rel)?;
            Some(std::fs::metadata(&target).map_err(io)?)
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(meta) = &existing {
        if new_only {
            return Err(SaveError::Exists {
                path: rel.to_owned(),
            });
        }
        if meta.permissions().readonly() {
            return Err(SaveError::ReadOnly {
                path: rel.to_owned(),
            });
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if let Some(meta) = &existing {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(io)?;
    }
    if new_only {
        tmp.persist_noclobber(&target)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => SaveError::Exists {
                    path: rel.to_owned(),
                },
                _ => io(e.error),
            })?;
    } else {
        tmp.persist(&target).map_err(|e| io(e.error))?;
    }
    // Make the rename durable.
    std::fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(io)?;
    sweep_temps(&dir);
    Ok(target)
}

/// Creates `dir` (and its parents) for what only the writer may read —
/// the recovery journal's unsaved drafts, the settings: the folder is
/// 0700 whatever the umask.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Opens options for a file only the writer may read (0600).
pub fn private_file() -> std::fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.mode(0o600);
    options
}

/// How a save's temporary file is named: `.NAME.RANDOM.postdesk-tmp`.
pub const TEMP_SUFFIX: &str = ".postdesk-tmp";

/// A save's temporary file left behind (the process was killed between
/// writing it and renaming it) once it is this old.
pub const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `path` is a save's temporary file older than [`STALE_TEMP`]
/// (a younger one may be a save running now, in this or another process).
pub fn is_stale_temp(path: &Path) -> bool {
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.ends_with(TEMP_SUFFIX));
    named
        && std::fs::symlink_metadata(path).is_ok_and(|m| {
            m.file_type().is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > STALE_TEMP)
        })
}

/// Removes stale temporary files of killed saves in `dir` (not below it).
pub fn sweep_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if is_stale_temp(&path) {
            // Best effort: a temp file that cannot be removed harms nothing.
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        let root = dir.path().canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn replaces_and_keeps_permissions_and_leaves_no_temp_files() {
        let (_d, root) = blog();
        let file = root.join("_posts/a.md");
        std::fs::write(&file, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        save(&root, "_posts/a.md", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let names: Vec<_> = std::fs::read_dir(root.join("_posts"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn refuses_paths_outside_and_read_only_files() {
        let (_d, root) = blog();
        assert!(matches!(
            save(&root, "../x.md", b"x"),
            Err(SaveError::Path(_))
        ));
        assert!(matches!(
            save(&root, "nope/x.md", b"x"),
            Err(SaveError::Path(_))
        ));
        let file = root.join("_posts/ro.md");
        std::fs::write(&file, "mine").unwrap();
        let mut perms = std::fs::metadata(&file).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&file, perms).unwrap();
        let err = save(&root, "_posts/ro.md", b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "_posts/ro.md is read-only; make it writable (chmod u+w) or save under another name"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }

    #[test]
    fn create_never_overwrites() {
        let (_d, root) = blog();
        create(&root, "_posts/n.md", b"one").unwrap();
        assert!(matches!(
            create(&root, "_posts/n.md", b"two"),
            Err(SaveError::Exists { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(root.join("_posts/n.md")).unwrap(),
            "one"
        );
    }

    #[test]
    fn a_killed_save_s_temp_file_is_swept_once_it_is_stale() {
        let (_d, root) = blog();
        let old = root.join("_posts/.a.md.XyZ123.postdesk-tmp");
        let young = root.join("_posts/.b.md.AbC456.postdesk-tmp");
        let other = root.join("_posts/.notes.tmp");
        for f in [&old, &young, &other] {
            std::fs::write(f, "half a post").unwrap();
        }
        let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_minutes_ago)
            .unwrap();
        save(&root, "_posts/c.md", b"saved").unwrap();
        assert!(!old.exists(), "the stale temp file is gone");
        assert!(young.exists(), "a save may be writing this one now");
        assert!(other.exists(), "not ours");
    }
}
