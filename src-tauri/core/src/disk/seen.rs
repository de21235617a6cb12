//! What the window has seen of each post on disk, and the rule that
//! follows from it: **nothing on disk is overwritten that the window has
//! not seen** (unless the writer chose "Keep mine").
//!
//! The window holds, for each post it read or wrote, a hash of that
//! content. A save over a file whose content now differs would lose
//! someone else's change, so it is refused; a change the watcher reports
//! with the hash the window holds is the app's own save (or a touch) and is
//! not reported at all.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Mutex;

use serde::Serialize;
use ts_rs::TS;

use super::watch::Change;

/// A quick content hash (not for security: to tell versions of a post
/// apart). Hashes the bytes, so a file can be compared without decoding.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// A change made on disk outside the app, as the window hears of it.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DiskChange {
    /// A post's file changed. `text` is its new content when the window
    /// has the post open (or opened it before); the app's own saves never
    /// come here.
    Changed {
        path: String,
        text: Option<String>,
    },
    Added {
        path: String,
    },
    Removed {
        path: String,
    },
    Renamed {
        from: String,
        to: String,
    },
    /// HEAD, a branch or the index moved (checkout, pull, commit).
    Git,
    /// A file in the asset folder changed.
    Assets,
    /// Events were lost: read everything again.
    Rescan,
}

/// Why a write was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{0} was changed outside Postdesk since you opened it, so it was not overwritten; your text is kept — choose Keep mine, Take theirs or Merge")]
    Changed(String),
    #[error("{0} was deleted or renamed outside Postdesk; your text is kept — use Save as… to keep it in a file")]
    Gone(String),
    #[error("{path} could not be read to check it is unchanged ({message}); your text is kept")]
    Unreadable { path: String, message: String },
}

/// The content hash of what the window last read from or wrote to each
/// post. Shared between the commands and the watcher's thread.
#[derive(Debug, Default)]
pub struct Seen {
    hashes: Mutex<HashMap<String, u64>>,
}

impl Seen {
    fn hashes(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.hashes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The window now holds `text` as `path`'s content on disk.
    pub fn saw(&self, path: &str, text: &str) {
        self.hashes()
            .insert(path.to_owned(), content_hash(text.as_bytes()));
    }

    /// The post moved from `from` to `to`: what the window held as `from`
    /// is now `to`'s content.
    pub fn renamed(&self, from: &str, to: &str) {
        let mut hashes = self.hashes();
        if let Some(hash) = hashes.remove(from) {
            hashes.insert(to.to_owned(), hash);
        }
    }

    /// Forgets everything (another blog was opened).
    pub fn clear(&self) {
        self.hashes().clear();
    }

    /// The posts the window holds, in path order.
    pub fn held(&self) -> Vec<String> {
        let mut held: Vec<String> = self.hashes().keys().cloned().collect();
        held.sort();
        held
    }

    /// Whether `path` may be written over. `disk` reads the file's bytes
    /// now. A post the window never read is not guarded (it is new, or not
    /// the window's); one it read must still hold what it read.
    pub fn may_write(
        &self,
        path: &str,
        disk: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> Result<(), Refused> {
        let Some(held) = self.hashes().get(path).copied() else {
            return Ok(());
        };
        match disk() {
            Ok(bytes) if content_hash(&bytes) == held => Ok(()),
            Ok(_) => Err(Refused::Changed(path.to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(Refused::Gone(path.to_owned()))
            }
            Err(e) => Err(Refused::Unreadable {
                path: path.to_owned(),
                message: e.to_string(),
            }),
        }
    }

    /// [`Seen::may_write`] for the file `rel` of the blog at `root`.
    pub fn may_write_file(&self, root: &std::path::Path, rel: &str) -> Result<(), Refused> {
        self.may_write(rel, || {
            let file = super::paths::confine(root, rel).map_err(|e| match e {
                super::paths::PathError::Missing { source, .. } => source,
                outside => {
                    std::io::Error::new(std::io::ErrorKind::PermissionDenied, outside.to_string())
                }
            })?;
            std::fs::read(file)
        })
    }

    /// A post's file changed on disk: what the window hears, unless the
    /// content is the one it holds (its own save, or a touch). `read` gives
    /// the post's text now (`None` when it cannot be read as a post).
    pub fn changed(&self, path: &str, read: impl FnOnce() -> Option<String>) -> Option<DiskChange> {
        let Some(held) = self.hashes().get(path).copied() else {
            return Some(DiskChange::Changed {
                path: path.to_owned(),
                text: None,
            });
        };
        let text = read()?;
        (content_hash(text.as_bytes()) != held).then(|| DiskChange::Changed {
            path: path.to_owned(),
            text: Some(text),
        })
    }

    /// A burst of the watcher's changes as the window hears them, and
    /// whether the post list moved (the index must be read again).
    /// `exists` says whether a post's file is there; `read` gives its text.
    pub fn hear(
        &self,
        changes: Vec<Change>,
        exists: impl Fn(&str) -> bool,
        read: impl Fn(&str) -> Option<String>,
    ) -> (Vec<DiskChange>, bool) {
        let mut out = Vec::new();
        let mut list_moved = false;
        for change in changes {
            match change {
                Change::Changed(path) => {
                    list_moved = true;
                    out.extend(self.changed(&path, || read(&path)));
                }
                Change::Added(path) => {
                    list_moved = true;
                    out.push(DiskChange::Added { path });
                }
                Change::Removed(path) => {
                    list_moved = true;
                    out.push(DiskChange::Removed { path });
                }
                Change::Renamed { from, to } => {
                    list_moved = true;
                    self.renamed(&from, &to);
                    out.push(DiskChange::Renamed { from, to });
                }
                Change::Assets => out.push(DiskChange::Assets),
                Change::Git | Change::Rescan => {
                    list_moved = true;
                    // Every post the window holds may have changed.
                    for path in self.held() {
                        if exists(&path) {
                            out.extend(self.changed(&path, || read(&path)));
                        } else {
                            out.push(DiskChange::Removed { path });
                        }
                    }
                    out.push(if change == Change::Git {
                        DiskChange::Git
                    } else {
                        DiskChange::Rescan
                    });
                }
            }
        }
        (out, list_moved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &str) -> impl FnOnce() -> std::io::Result<Vec<u8>> + '_ {
        move || Ok(bytes.as_bytes().to_vec())
    }

    fn gone() -> std::io::Result<Vec<u8>> {
        Err(std::io::ErrorKind::NotFound.into())
    }

    #[test]
    fn a_post_the_window_never_read_may_be_written() {
        let seen = Seen::default();
        assert_eq!(seen.may_write("_posts/new.md", ok("anything")), Ok(()));
        assert_eq!(seen.may_write("_posts/new.md", gone), Ok(()));
    }

    #[test]
    fn a_write_over_a_change_made_elsewhere_is_refused() {
        let seen = Seen::default();
        seen.saw("_posts/a.md", "mine");
        assert_eq!(seen.may_write("_posts/a.md", ok("mine")), Ok(()));
        assert_eq!(
            seen.may_write("_posts/a.md", ok("theirs")),
            Err(Refused::Changed("_posts/a.md".into()))
        );
        assert_eq!(
            seen.may_write("_posts/a.md", gone),
            Err(Refused::Gone("_posts/a.md".into()))
        );
        let denied = seen.may_write("_posts/a.md", || {
            Err(std::io::ErrorKind::PermissionDenied.into())
        });
        assert!(
            matches!(denied, Err(Refused::Unreadable { .. })),
            "{denied:?}"
        );
        // The window read the new version: writing is allowed again.
        seen.saw("_posts/a.md", "theirs");
        assert_eq!(seen.may_write("_posts/a.md", ok("theirs")), Ok(()));
    }

    #[test]
    fn the_app_s_own_save_is_not_reported_and_a_rename_is_followed() {
        let seen = Seen::default();
        seen.saw("_posts/a.md", "saved here");
        assert_eq!(
            seen.changed("_posts/a.md", || Some("saved here".into())),
            None
        );
        assert_eq!(
            seen.changed("_posts/a.md", || Some("edited in vim".into())),
            Some(DiskChange::Changed {
                path: "_posts/a.md".into(),
                text: Some("edited in vim".into())
            })
        );
        // A post the window does not hold: reported without its text.
        assert_eq!(
            seen.changed("_posts/b.md", || panic!("not read")),
            Some(DiskChange::Changed {
                path: "_posts/b.md".into(),
                text: None
            })
        );
        seen.renamed("_posts/a.md", "_posts/c.md");
        assert_eq!(seen.held(), ["_posts/c.md"]);
        assert_eq!(seen.may_write("_posts/c.md", ok("saved here")), Ok(()));
    }

    #[test]
    fn a_checkout_reports_each_held_post_that_changed_or_went() {
        let seen = Seen::default();
        seen.saw("_posts/a.md", "same");
        seen.saw("_posts/b.md", "old");
        seen.saw("_posts/c.md", "here");
        let (heard, moved) = seen.hear(
            vec![Change::Git],
            |p| p != "_posts/c.md",
            |p| Some(if p == "_posts/b.md" { "new" } else { "same" }.into()),
        );
        assert!(moved);
        assert_eq!(
            heard,
            [
                DiskChange::Changed {
                    path: "_posts/b.md".into(),
                    text: Some("new".into())
                },
                DiskChange::Removed {
                    path: "_posts/c.md".into()
                },
                DiskChange::Git,
            ]
        );
        let (heard, moved) = seen.hear(vec![Change::Assets], |_| true, |_| None);
        assert_eq!((heard, moved), (vec![DiskChange::Assets], false));
        let (heard, _) = seen.hear(
            vec![Change::Renamed {
                from: "_posts/a.md".into(),
                to: "_posts/z.md".into(),
            }],
            |_| true,
            |_| None,
        );
        assert_eq!(
            heard,
            [DiskChange::Renamed {
                from: "_posts/a.md".into(),
                to: "_posts/z.md".into()
            }]
        );
        // A removed post stays held: its text is still in the window.
        assert_eq!(seen.held(), ["_posts/b.md", "_posts/c.md", "_posts/z.md"]);
    }
}
