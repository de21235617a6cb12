//! What a burst of raw file-system events means for the open blog: a post
//! changed, appeared, went away or was renamed, or git moved HEAD.
//!
//! A pure function over events the watcher collected (notify, debounced),
//! so it is tested on the sequences real editors and git produce: vim's
//! rename dance, VS Code's write-then-rename, `git checkout`, and Postdesk's
//! own atomic save. The app's own saves come out as `Changed`; the caller
//! drops those whose content hash matches what it wrote.

mod live;

pub use live::{BlogWatcher, Mode, WatchError, WatchScope, POLL_EVERY, SETTLE};

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// A raw event, as the watcher reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    pub op: Op,
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Create,
    Modify,
    Remove,
    /// A rename seen from one side only.
    RenameFrom,
    RenameTo,
    /// A rename with both paths: `[from, to]`.
    Rename,
    /// The watcher lost events (queue overflow): everything may have changed.
    Rescan,
    Other,
}

impl RawEvent {
    /// From a notify event.
    pub fn from_notify(event: &notify::Event) -> RawEvent {
        use notify::event::{EventKind, ModifyKind, RenameMode};
        let op = if event.need_rescan() {
            Op::Rescan
        } else {
            match event.kind {
                EventKind::Create(_) => Op::Create,
                EventKind::Remove(_) => Op::Remove,
                EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Op::RenameFrom,
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Op::RenameTo,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => Op::Rename,
                EventKind::Modify(_) => Op::Modify,
                _ => Op::Other,
            }
        };
        RawEvent {
            op,
            paths: event.paths.clone(),
        }
    }
}

/// What the app does something about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A known post's file changed on disk.
    Changed(String),
    /// A new post appeared.
    Added(String),
    /// A known post is gone.
    Removed(String),
    /// A known post now lives under another name.
    Renamed { from: String, to: String },
    /// HEAD, a branch or the index moved (checkout, pull, commit).
    Git,
    /// A file in the asset (public) folder changed.
    Assets,
    /// Events were lost: read everything again.
    Rescan,
}

/// Where the blog is and what counts as a post.
pub struct Scope<'a> {
    pub root: &'a Path,
    pub content_dirs: &'a [String],
    pub git_dir: Option<&'a Path>,
}

/// The asset folder, for `Change::Assets` (kept apart from `Scope` so the
/// recorded-event tests stay as they are).
fn in_assets(assets: Option<&Path>, path: &Path) -> bool {
    assets.is_some_and(|a| path.starts_with(a))
}

impl Scope<'_> {
    /// The blog-relative path of a post file, if `path` is one.
    fn post(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.root).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        crate::disk::paths::is_post_rel(self.content_dirs, &rel).then_some(rel)
    }

    fn is_git(&self, path: &Path) -> bool {
        let Some(git) = self.git_dir else {
            return false;
        };
        let Ok(rel) = path.strip_prefix(git) else {
            return false;
        };
        let rel = rel.to_string_lossy();
        !rel.ends_with(".lock")
            && (rel == "HEAD"
                || rel == "index"
                || rel == "packed-refs"
                || rel == "ORIG_HEAD"
                || rel == "FETCH_HEAD"
                || rel.starts_with("refs/"))
    }
}

/// The changes a burst of `events` amounts to. `known` holds the posts the
/// app knows; `exists` says whether a blog-relative path is there now.
pub fn changes(
    scope: &Scope,
    events: &[RawEvent],
    known: &HashSet<String>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Change> {
    changes_with_assets(scope, None, events, known, exists)
}

/// `changes`, also reporting `Change::Assets` for files under `assets`.
pub fn changes_with_assets(
    scope: &Scope,
    assets: Option<&Path>,
    events: &[RawEvent],
    known: &HashSet<String>,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Change> {
    if events.iter().any(|e| e.op == Op::Rescan) {
        return vec![Change::Rescan];
    }
    let mut out = BTreeSet::new();
    let mut touched: Vec<String> = Vec::new();
    let mut renamed: HashSet<String> = HashSet::new();
    // Reads and opens (notify reports them as "other") change nothing.
    for e in events.iter().filter(|e| e.op != Op::Other) {
        if e.paths.iter().any(|p| scope.is_git(p)) {
            out.insert(Change::Git);
        }
        if e.paths
            .iter()
            .any(|p| in_assets(assets, p) && scope.post(p).is_none())
        {
            out.insert(Change::Assets);
        }
        if e.op == Op::Rename && e.paths.len() == 2 {
            let (from, to) = (scope.post(&e.paths[0]), scope.post(&e.paths[1]));
            if let (Some(from), Some(to)) = (&from, &to) {
                if known.contains(from) && !known.contains(to) && exists(to) && !exists(from) {
                    out.insert(Change::Renamed {
                        from: from.clone(),
                        to: to.clone(),
                    });
                    renamed.insert(from.clone());
                    renamed.insert(to.clone());
                    continue;
                }
            }
        }
        for p in &e.paths {
            if let Some(post) = scope.post(p) {
                if !touched.contains(&post) {
                    touched.push(post);
                }
            }
        }
    }
    for post in touched {
        if renamed.contains(&post) {
            continue;
        }
        match (known.contains(&post), exists(&post)) {
            (true, true) => out.insert(Change::Changed(post)),
            (false, true) => out.insert(Change::Added(post)),
            (true, false) => out.insert(Change::Removed(post)),
            (false, false) => false,
        };
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "/b";

    fn ev(op: Op, paths: &[&str]) -> RawEvent {
        RawEvent {
            op,
            paths: paths.iter().map(|p| Path::new(ROOT).join(p)).collect(),
        }
    }

    fn run(events: &[RawEvent], known: &[&str], present: &[&str]) -> Vec<Change> {
        let dirs = vec!["_posts".to_owned()];
        let git = Path::new(ROOT).join(".git");
        let scope = Scope {
            root: Path::new(ROOT),
            content_dirs: &dirs,
            git_dir: Some(&git),
        };
        let known: HashSet<String> = known.iter().map(|s| s.to_string()).collect();
        let present: HashSet<String> = present.iter().map(|s| s.to_string()).collect();
        changes(&scope, events, &known, &|p| present.contains(p))
    }

    const A: &str = "_posts/a.md";

    #[test]
    fn vim_saving_by_rename_is_one_change() {
        // vim: probe file 4913, rename a.md → a.md~, write a new a.md,
        // remove the backup.
        let events = [
            ev(Op::Create, &["_posts/4913"]),
            ev(Op::Remove, &["_posts/4913"]),
            ev(Op::Rename, &[A, "_posts/a.md~"]),
            ev(Op::Create, &[A]),
            ev(Op::Modify, &[A]),
            ev(Op::Remove, &["_posts/a.md~"]),
        ];
        assert_eq!(run(&events, &[A], &[A]), [Change::Changed(A.into())]);
    }

    #[test]
    fn vs_code_and_postdesk_write_a_temporary_file_and_rename_it_over() {
        let code = [
            ev(Op::Create, &["_posts/.a.md.tmp-123"]),
            ev(Op::Modify, &["_posts/.a.md.tmp-123"]),
            ev(Op::Rename, &["_posts/.a.md.tmp-123", A]),
        ];
        assert_eq!(run(&code, &[A], &[A]), [Change::Changed(A.into())]);
        let ours = [
            ev(Op::Create, &["_posts/.a.md.XYZ.postdesk-tmp"]),
            ev(Op::Rename, &["_posts/.a.md.XYZ.postdesk-tmp", A]),
        ];
        assert_eq!(run(&ours, &[A], &[A]), [Change::Changed(A.into())]);
    }

    #[test]
    fn git_checkout_moves_head_and_changes_posts() {
        let events = [
            ev(Op::Create, &[".git/index.lock"]),
            ev(Op::Modify, &[A]),
            ev(Op::Create, &["_posts/new.md"]),
            ev(Op::Remove, &["_posts/old.md"]),
            ev(Op::Rename, &[".git/index.lock", ".git/index"]),
            ev(Op::Rename, &[".git/HEAD.lock", ".git/HEAD"]),
        ];
        assert_eq!(
            run(&events, &[A, "_posts/old.md"], &[A, "_posts/new.md"]),
            [
                Change::Changed(A.into()),
                Change::Added("_posts/new.md".into()),
                Change::Removed("_posts/old.md".into()),
                Change::Git,
            ]
        );
    }

    #[test]
    fn a_rename_of_an_open_post_is_reported_as_such() {
        let events = [ev(Op::Rename, &[A, "_posts/b.md"])];
        assert_eq!(
            run(&events, &[A], &["_posts/b.md"]),
            [Change::Renamed {
                from: A.into(),
                to: "_posts/b.md".into()
            }]
        );
        // Deleted, not renamed.
        assert_eq!(
            run(&[ev(Op::Remove, &[A])], &[A], &[]),
            [Change::Removed(A.into())]
        );
    }

    #[test]
    fn files_outside_the_posts_and_lost_events() {
        let events = [
            ev(Op::Modify, &["README.md"]),
            ev(Op::Modify, &["_posts/notes.txt"]),
            ev(Op::Modify, &[".git/objects/ab/cdef"]),
        ];
        assert!(run(&events, &[A], &[A]).is_empty());
        let lost = [ev(Op::Modify, &[A]), ev(Op::Rescan, &[])];
        assert_eq!(run(&lost, &[A], &[A]), [Change::Rescan]);
    }
}
