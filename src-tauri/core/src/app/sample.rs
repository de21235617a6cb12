//! The sample blog that opens on first launch: a real Next.js blog-starter
//! layout with two posts, real images, a git repository with one commit and
//! an `origin` remote (a bare repository beside it) so that publishing works
//! offline out of the box.
//!
//! The files are embedded in the binary, so the sample needs no network and
//! no installed data.

use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Repository, RepositoryInitOptions, Signature, Time};

/// Every file of the sample blog, relative to its root.
pub const FILES: &[(&str, &[u8])] = &[
    (
        "_posts/building-scalable-apis.md",
        include_bytes!("../../sample/_posts/building-scalable-apis.md"),
    ),
    (
        "_posts/writing-with-postdesk.md",
        include_bytes!("../../sample/_posts/writing-with-postdesk.md"),
    ),
    (
        "public/assets/blog/apis/cover.jpg",
        include_bytes!("../../sample/public/assets/blog/apis/cover.jpg"),
    ),
    (
        "public/assets/blog/authors/cain.jpeg",
        include_bytes!("../../sample/public/assets/blog/authors/cain.jpeg"),
    ),
    (".gitignore", b"node_modules/\n.next/\n"),
];

const BRANCH: &str = "main";

#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("`{0}` already exists and is not empty; choose a new folder for the sample blog")]
    NotEmpty(String),
    #[error("could not write the sample blog into `{path}` ({source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not set up git for the sample blog in `{path}`: {source}")]
    Git {
        path: String,
        #[source]
        source: git2::Error,
    },
}

/// Where the sample blog and its remote were written.
#[derive(Debug, Clone)]
pub struct SampleBlog {
    pub root: PathBuf,
    pub origin: PathBuf,
}

/// The bare repository that serves as the sample's `origin`: a sibling folder
/// named `<blog>-origin.git`.
pub fn origin_path(root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sample-blog".to_owned());
    root.with_file_name(format!("{name}-origin.git"))
}

/// Writes the sample blog into `root` (which must be missing or empty),
/// commits it at `now` (seconds since the epoch) and pushes that commit to a
/// new bare `origin` beside it.
pub fn write(root: &Path, now: i64) -> Result<SampleBlog, SampleError> {
    let shown = root.display().to_string();
    let io = |source| SampleError::Io {
        path: shown.clone(),
        source,
    };
    if root.exists() && std::fs::read_dir(root).map_err(io)?.next().is_some() {
        return Err(SampleError::NotEmpty(shown));
    }
    let origin = origin_path(root);
    if origin.exists() {
        return Err(SampleError::NotEmpty(origin.display().to_string()));
    }
    for (rel, bytes) in FILES {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, bytes).map_err(io)?;
    }
    let git = |source| SampleError::Git {
        path: shown.clone(),
        source,
    };
    init_and_push(root, &origin, now).map_err(git)?;
    Ok(SampleBlog {
        root: root.to_path_buf(),
        origin,
    })
}

fn init_and_push(root: &Path, origin: &Path, now: i64) -> Result<(), git2::Error> {
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head(BRANCH);
    let repo = Repository::init_opts(root, &opts)?;
    let mut index = repo.index()?;
    index.add_all(["*"], IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    // The sample's first commit is Postdesk's, not the user's: their identity
    // may not be configured yet on a fresh machine.
    let who = Signature::new("Postdesk", "postdesk@localhost", &Time::new(now, 0))?;
    let commit = repo.commit(Some("HEAD"), &who, &who, "Sample blog", &tree, &[])?;

    let mut bare = RepositoryInitOptions::new();
    bare.bare(true).initial_head(BRANCH);
    Repository::init_opts(origin, &bare)?;
    // An absolute path: a relative one means nothing once the app runs
    // from another folder (and libgit2 cannot push to it).
    let origin = origin
        .canonicalize()
        .map_err(|e| git2::Error::from_str(&e.to_string()))?;
    let url = origin.to_string_lossy();
    let mut remote = repo.remote("origin", &url)?;
    let refspec = format!("refs/heads/{BRANCH}:refs/heads/{BRANCH}");
    remote.push(&[refspec.as_str()], None)?;
    repo.reference(
        &format!("refs/remotes/origin/{BRANCH}"),
        commit,
        true,
        "sample: origin has the first commit",
    )?;
    repo.find_branch(BRANCH, git2::BranchType::Local)?
        .set_upstream(Some(&format!("origin/{BRANCH}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The git blob id of `../shared/seed/building-scalable-apis.md`, the
    /// reference post the sample must carry byte for byte.
    const SEED_BLOB: &str = "c5752cee90fba06514b91162b77f1e023e60a381";

    #[test]
    fn the_seed_post_is_embedded_byte_identical() {
        let (_, bytes) = FILES[0];
        let id = git2::Oid::hash_object(git2::ObjectType::Blob, bytes).unwrap();
        assert_eq!(id.to_string(), SEED_BLOB);
        // Beside a checkout of the project the shared seed is at hand too.
        let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/seed/building-scalable-apis.md");
        if let Ok(seed) = std::fs::read(&shared) {
            assert_eq!(seed, bytes);
        }
    }

    #[test]
    fn writes_a_committed_blog_with_a_pushed_origin() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        let sample = write(&root, 1_700_000_000).unwrap();
        for (rel, bytes) in FILES {
            assert_eq!(&std::fs::read(root.join(rel)).unwrap(), bytes, "{rel}");
        }
        let repo = Repository::open(&root).unwrap();
        let head = repo.head().unwrap();
        assert_eq!(head.shorthand().unwrap(), "main");
        let statuses = repo.statuses(None).unwrap();
        assert!(statuses.is_empty(), "the sample is committed whole");
        let origin = Repository::open_bare(&sample.origin).unwrap();
        let remote_main = origin.find_reference("refs/heads/main").unwrap().target();
        assert_eq!(remote_main, head.target());
        let upstream = repo
            .find_branch("main", git2::BranchType::Local)
            .unwrap()
            .upstream()
            .unwrap();
        assert_eq!(upstream.name().unwrap(), Some("origin/main"));
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        let err = write(dir.path(), 0).unwrap_err();
        assert!(matches!(err, SampleError::NotEmpty(_)));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
            "mine"
        );
    }
}
