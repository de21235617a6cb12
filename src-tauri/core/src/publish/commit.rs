//! The commit of a publish: exactly the published files, on a private
//! index made from HEAD's tree, the real index told only of those paths.

use std::path::Path;

use git2::Repository;

use super::{check_state, open, workdir, ChangedFile, PublishError};
use crate::blog::Blog;

/// Commits exactly `files` (repository paths) on the current branch with
/// `message`; the rest of the index and the working tree are untouched.
/// Returns the new commit, or `None` when the files match HEAD already.
pub fn commit(
    blog: &Blog,
    files: &[ChangedFile],
    message: &str,
) -> Result<Option<git2::Oid>, PublishError> {
    let repo = open(blog)?;
    check_state(&repo)?;
    let sig = signature(&repo)?;
    let head = repo.head()?.peel_to_commit()?;
    let head_tree = head.tree()?;
    let work = workdir(&repo)?;
    // A private index: HEAD's tree plus the published files, nothing else.
    let mut index = git2::Index::new()?;
    index.read_tree(&head_tree)?;
    for f in files {
        let abs = work.join(&f.path);
        match std::fs::read(&abs) {
            Ok(bytes) => {
                let meta = std::fs::metadata(&abs).map_err(|e| PublishError::Git(e.to_string()))?;
                let mut entry = entry_for(&f.path, &meta);
                entry.id = repo.blob(&bytes)?;
                index.add(&entry)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                index.remove_path(Path::new(&f.path))?;
            }
            Err(e) => return Err(PublishError::Git(format!("{}: {e}", f.path))),
        }
    }
    let tree_id = index.write_tree_to(&repo)?;
    if tree_id == head_tree.id() {
        return Ok(None);
    }
    let tree = repo.find_tree(tree_id)?;
    let oid = repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head])?;
    // The real index learns the published files' new state; its other
    // entries (anything the writer staged) stay as they were.
    let mut real = repo.index()?;
    for f in files {
        if work.join(&f.path).exists() {
            real.add_path(Path::new(&f.path))?;
        } else {
            let _ = real.remove_path(Path::new(&f.path));
        }
    }
    real.write()?;
    Ok(Some(oid))
}

pub(crate) fn signature(repo: &Repository) -> Result<git2::Signature<'static>, PublishError> {
    let config = repo.config()?;
    let name = config
        .get_string("user.name")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let email = config
        .get_string("user.email")
        .ok()
        .filter(|s| !s.trim().is_empty());
    match (name, email) {
        (Some(n), Some(e)) => Ok(git2::Signature::now(&n, &e)?),
        (None, None) => Err(PublishError::NoIdentity {
            missing: "user.name and user.email".into(),
        }),
        (None, _) => Err(PublishError::NoIdentity {
            missing: "user.name".into(),
        }),
        (_, None) => Err(PublishError::NoIdentity {
            missing: "user.email".into(),
        }),
    }
}

fn entry_for(path: &str, meta: &std::fs::Metadata) -> git2::IndexEntry {
    use std::os::unix::fs::PermissionsExt;
    let mode = if meta.permissions().mode() & 0o111 != 0 {
        0o100755
    } else {
        0o100644
    };
    let zero = git2::IndexTime::new(0, 0);
    git2::IndexEntry {
        ctime: zero,
        mtime: zero,
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: meta.len() as u32,
        id: git2::Oid::ZERO_SHA1,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
