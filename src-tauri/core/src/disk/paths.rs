//! Keeps every path the app touches inside the blog folder.
//!
//! Paths from the UI or the command line are relative to the blog root. They
//! are refused when they climb out (`..`), are absolute, or reach outside
//! through a symbolic link.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error(
        "`{0}` is outside the blog folder; give a path inside the blog, like `_posts/my-post.md`"
    )]
    Outside(String),
    #[error("`{0}` is a file, not a folder; move it away")]
    NotAFolder(String),
    #[error("`{path}` could not be found in the blog folder ({source})")]
    Missing {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Creates the folder `rel` and any missing parents, each inside the blog
/// (an existing one must be a folder, and a link may not lead out).
/// Returns the folders it created, parents first.
pub fn make_dirs(root: &Path, rel: &str) -> Result<Vec<PathBuf>, PathError> {
    let mut path = root.to_path_buf();
    let mut shown = String::new();
    let mut created = Vec::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        match std::fs::symlink_metadata(&path) {
            Ok(_) => {
                if !confine(root, &shown)?.is_dir() {
                    return Err(PathError::NotAFolder(shown));
                }
            }
            Err(_) => {
                if !Path::new(&shown)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    return Err(PathError::Outside(shown));
                }
                std::fs::create_dir(&path).map_err(|source| PathError::Missing {
                    path: shown.clone(),
                    source,
                })?;
                created.push(path.clone());
            }
        }
    }
    Ok(created)
}

/// Resolves `relative` under `root` and proves the result stays inside it.
/// `root` must already be canonical.
pub fn confine(root: &Path, relative: &str) -> Result<PathBuf, PathError> {
    let rel = Path::new(relative);
    let lexically_inside = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !lexically_inside || relative.is_empty() {
        return Err(PathError::Outside(relative.to_owned()));
    }
    let joined = root.join(rel);
    let real = joined.canonicalize().map_err(|source| PathError::Missing {
        path: relative.to_owned(),
        source,
    })?;
    if !real.starts_with(root) {
        return Err(PathError::Outside(relative.to_owned()));
    }
    Ok(real)
}

/// The path of `file` relative to `root`, with `/` separators, for display
/// and for the wire.
pub fn relative(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the blog-relative `rel` names a post file: a markdown file,
/// not hidden, inside one of `content_dirs`, with no `..` (the blog's
/// `is_post_path` and the watcher's event mapping).
pub fn is_post_rel(content_dirs: &[String], rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or("");
    let hidden_or_backup = name.starts_with('.') || name.ends_with('~');
    let in_content = content_dirs
        .iter()
        .any(|d| rel.starts_with(&format!("{}/", d.trim_end_matches('/'))));
    let climbs = rel.split('/').any(|part| part == ".." || part.is_empty());
    is_post_file(Path::new(name)) && !hidden_or_backup && in_content && !climbs
}

pub(crate) fn is_post_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

/// Reads a file Postdesk was told about by the blog (a post, its config,
/// an image): only a regular file (never a device, FIFO or socket, which
/// could block or never end — `postdesk.toml -> /dev/zero`), and only up
/// to `cap` bytes (a file growing while it is read stops there too).
pub fn read_capped(file: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(file)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("{} bytes, over the {cap}-byte limit", meta.len()),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(file)?
        .take(cap + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("grew past the {cap}-byte limit while it was read"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::write(dir.path().join("_posts/a.md"), "x").unwrap();
        let root = dir.path().canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn a_path_inside_resolves() {
        let (_d, root) = blog();
        assert_eq!(
            confine(&root, "_posts/a.md").unwrap(),
            root.join("_posts/a.md")
        );
    }

    #[test]
    fn parent_and_absolute_paths_are_refused() {
        let (_d, root) = blog();
        for bad in ["../etc/passwd", "_posts/../../x", "/etc/passwd", ""] {
            assert!(
                matches!(confine(&root, bad), Err(PathError::Outside(_))),
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_that_escapes_is_refused() {
        let (_d, root) = blog();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("_posts/link.md"))
            .unwrap();
        assert!(matches!(
            confine(&root, "_posts/link.md"),
            Err(PathError::Outside(_))
        ));
    }

    #[test]
    fn a_missing_file_says_so() {
        let (_d, root) = blog();
        let err = confine(&root, "_posts/nope.md").unwrap_err();
        assert_eq!(err.to_string(), "`_posts/nope.md` could not be found in the blog folder (No such file or directory (os error 2))");
    }

    #[test]
    fn only_regular_files_are_read_and_only_so_far() {
        let (_d, root) = blog();
        assert_eq!(read_capped(&root.join("_posts/a.md"), 10).unwrap(), b"x");
        let dev = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(dev.kind(), std::io::ErrorKind::InvalidInput);
        std::fs::write(root.join("big"), "0123456789a").unwrap();
        let big = read_capped(&root.join("big"), 10).unwrap_err();
        assert_eq!(big.kind(), std::io::ErrorKind::FileTooLarge);
        let fifo = root.join("x.png");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        assert_eq!(
            read_capped(&fifo, 10).unwrap_err().kind(),
            std::io::ErrorKind::InvalidInput
        );
    }
}
