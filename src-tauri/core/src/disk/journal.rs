//! The recovery journal: unsaved edits of open posts, appended as they are
//! typed, so that a crash loses nothing.
//!
//! One append-only file in the app's data folder. Each record is
//! `PDJ1`, the payload's length (u32 LE), its CRC-32 (u32 LE), then the
//! payload (JSON: blog, post, text or a "dropped" mark, time), and every
//! append is fsync'd. Reading stops at the first record that is torn or
//! fails its checksum (a crash mid-append), keeping everything before it.
//! The file is compacted — rewritten atomically with only what is still
//! unsaved — when it grows past its bound.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const FILE: &str = "journal.log";

/// Journals whose torn tail this process has already cut off.
static REPAIRED: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());
const MAGIC: &[u8; 4] = b"PDJ1";
/// Past this size the journal is compacted on the next append.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("could not write the recovery journal {path} ({source}); your edits are still in the editor — save them")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Record {
    blog: String,
    post: String,
    /// `None` marks the post as saved (its earlier records are dropped).
    text: Option<String>,
    time: i64,
}

/// An unsaved edit found in the journal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    pub blog: String,
    pub post: String,
    pub text: String,
    /// Seconds since the epoch when it was written.
    #[ts(type = "number")]
    pub time: i64,
}

/// An unsaved edit a previous run left, for the window's restore banner.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recovered {
    pub post: String,
    pub text: String,
    /// Seconds since the epoch when it was written.
    #[ts(type = "number")]
    pub time: i64,
    /// What restoring changes, as a unified diff against the file on disk
    /// (against nothing when the file is gone).
    pub diff: String,
    /// The post's file is no longer there.
    pub gone: bool,
}

/// The journal's unsaved edits for the blog at `root` that differ from the
/// files on disk (`read` gives a post's text on disk, `None` when it is
/// gone), each with its diff.
pub fn recover(
    journal: &Journal,
    root: &Path,
    read: impl Fn(&str) -> Option<String>,
) -> Vec<Recovered> {
    let root = root.display().to_string();
    journal
        .pending()
        .into_iter()
        .filter(|p| p.blog == root)
        .filter_map(|p| {
            let disk = read(&p.post);
            if disk.as_deref() == Some(p.text.as_str()) {
                return None;
            }
            let diff = crate::disk::merge::diff(
                &format!("{} (on disk)", p.post),
                disk.as_deref().unwrap_or(""),
                &format!("{} (unsaved)", p.post),
                &p.text,
            );
            Some(Recovered {
                gone: disk.is_none(),
                diff,
                post: p.post,
                text: p.text,
                time: p.time,
            })
        })
        .collect()
}

pub struct Journal {
    path: PathBuf,
    max_bytes: u64,
}

impl Journal {
    /// The journal in `data_dir` (created on the first write).
    pub fn new(data_dir: &Path) -> Journal {
        Journal {
            path: data_dir.join(FILE),
            max_bytes: MAX_BYTES,
        }
    }

    /// A journal compacted past `max_bytes` (for tests).
    pub fn with_bound(data_dir: &Path, max_bytes: u64) -> Journal {
        Journal {
            path: data_dir.join(FILE),
            max_bytes,
        }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> JournalError + '_ {
        move |source| JournalError::Io {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Records `text` as the unsaved state of `post` in `blog`.
    pub fn write(
        &self,
        blog: &Path,
        post: &str,
        text: &str,
        time: i64,
    ) -> Result<(), JournalError> {
        self.append(&Record {
            blog: blog.display().to_string(),
            post: post.to_owned(),
            text: Some(text.to_owned()),
            time,
        })
    }

    /// Marks `post` as saved: it is no longer offered for recovery.
    pub fn drop_post(&self, blog: &Path, post: &str, time: i64) -> Result<(), JournalError> {
        if !self.path.exists() {
            return Ok(());
        }
        self.append(&Record {
            blog: blog.display().to_string(),
            post: post.to_owned(),
            text: None,
            time,
        })
    }

    fn append(&self, record: &Record) -> Result<(), JournalError> {
        if let Some(dir) = self.path.parent() {
            crate::disk::save::private_dir(dir).map_err(self.io())?;
        }
        // A crash mid-append leaves a torn record at the end; reading stops
        // there, so anything appended after it would be invisible. The
        // first append of each process cuts such a tail off.
        {
            let mut repaired = REPAIRED.lock().unwrap_or_else(|p| p.into_inner());
            if !repaired.contains(&self.path) {
                self.repair()?;
                repaired.insert(self.path.clone());
            }
        }
        if std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0) > self.max_bytes {
            self.compact()?;
        }
        let mut file = crate::disk::save::private_file()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(self.io())?;
        // Unsaved drafts are the writer's alone (a journal made before
        // this rule is made private too).
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(self.io())?;
        }
        file.write_all(&encode(record)).map_err(self.io())?;
        file.sync_data().map_err(self.io())
    }

    /// Cuts a torn or corrupt tail off the file (keeping every whole
    /// record before it).
    pub fn repair(&self) -> Result<(), JournalError> {
        let Ok(bytes) = std::fs::read(&self.path) else {
            return Ok(());
        };
        let mut at = 0;
        while let Some((_, next)) = decode(&bytes, at) {
            at = next;
        }
        if at < bytes.len() {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.path)
                .map_err(self.io())?;
            file.set_len(at as u64).map_err(self.io())?;
            file.sync_all().map_err(self.io())?;
        }
        Ok(())
    }

    /// Every post with unsaved edits, the newest text of each.
    pub fn pending(&self) -> Vec<Pending> {
        let mut latest: BTreeMap<(String, String), Record> = BTreeMap::new();
        for r in self.records() {
            let key = (r.blog.clone(), r.post.clone());
            if r.text.is_some() {
                latest.insert(key, r);
            } else {
                latest.remove(&key);
            }
        }
        latest
            .into_values()
            .filter_map(|r| {
                Some(Pending {
                    text: r.text?,
                    blog: r.blog,
                    post: r.post,
                    time: r.time,
                })
            })
            .collect()
    }

    /// The records up to the first torn or corrupt one.
    fn records(&self) -> Vec<Record> {
        let mut bytes = Vec::new();
        if let Ok(mut f) = std::fs::File::open(&self.path) {
            let _ = f.read_to_end(&mut bytes);
        }
        let mut out = Vec::new();
        let mut at = 0;
        while let Some((record, next)) = decode(&bytes, at) {
            out.push(record);
            at = next;
        }
        out
    }

    /// Rewrites the journal with only the pending posts, atomically.
    pub fn compact(&self) -> Result<(), JournalError> {
        let keep = self.pending();
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(self.io())?;
        for p in keep {
            let record = Record {
                blog: p.blog,
                post: p.post,
                text: Some(p.text),
                time: p.time,
            };
            tmp.write_all(&encode(&record)).map_err(self.io())?;
        }
        tmp.as_file().sync_all().map_err(self.io())?;
        tmp.persist(&self.path).map_err(|e| self.io()(e.error))?;
        // The rename itself must survive a crash.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn encode(record: &Record) -> Vec<u8> {
    let payload = serde_json::to_vec(record).unwrap_or_default();
    let mut out = Vec::with_capacity(payload.len() + 12);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

fn decode(bytes: &[u8], at: usize) -> Option<(Record, usize)> {
    let header = bytes.get(at..at + 12)?;
    if &header[..4] != MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(header[4..8].try_into().ok()?) as usize;
    let crc = u32::from_le_bytes(header[8..12].try_into().ok()?);
    let payload = bytes.get(at + 12..at + 12 + len)?;
    if crc32fast::hash(payload) != crc {
        return None;
    }
    let record = serde_json::from_slice(payload).ok()?;
    Some((record, at + 12 + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOG: &str = "/home/me/blog";

    fn journal() -> (tempfile::TempDir, Journal) {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        (dir, j)
    }

    #[test]
    fn recovery_offers_only_what_differs_from_disk_with_its_diff() {
        let (_d, j) = journal();
        let blog_dir = tempfile::tempdir().unwrap();
        let root = blog_dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join("_posts/same.md"), "same\n").unwrap();
        std::fs::write(root.join("_posts/edited.md"), "a\nb\n").unwrap();
        let blog = crate::Blog::open(&root).unwrap();
        j.write(&root, "_posts/same.md", "same\n", 1).unwrap();
        j.write(&root, "_posts/edited.md", "a\nc\n", 2).unwrap();
        j.write(&root, "_posts/gone.md", "lost?\n", 3).unwrap();
        j.write(Path::new(BLOG), "_posts/other-blog.md", "x", 4)
            .unwrap();
        let r = recover(&j, blog.root(), |p| blog.read_post(p).ok().map(|t| t.text));
        let names: Vec<_> = r.iter().map(|r| r.post.as_str()).collect();
        assert_eq!(names, ["_posts/edited.md", "_posts/gone.md"]);
        assert_eq!(r[0].diff, "--- _posts/edited.md (on disk)\n+++ _posts/edited.md (unsaved)\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
        assert!(!r[0].gone && r[1].gone);
        assert_eq!(
            r[1].diff,
            "--- _posts/gone.md (on disk)\n+++ _posts/gone.md (unsaved)\n@@ -0,0 +1 @@\n+lost?\n"
        );
    }

    #[test]
    fn the_newest_unsaved_text_of_each_post_is_pending_until_saved() {
        let (_d, j) = journal();
        assert!(j.pending().is_empty());
        j.write(Path::new(BLOG), "_posts/a.md", "one", 1).unwrap();
        j.write(Path::new(BLOG), "_posts/a.md", "one two", 2)
            .unwrap();
        j.write(Path::new(BLOG), "_posts/b.md", "bee", 3).unwrap();
        let p = j.pending();
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].post.as_str(), p[0].text.as_str(), p[0].time),
            ("_posts/a.md", "one two", 2)
        );
        j.drop_post(Path::new(BLOG), "_posts/a.md", 4).unwrap();
        let p = j.pending();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, "bee");
    }

    #[test]
    fn a_torn_or_corrupt_tail_keeps_everything_before_it() {
        let (_d, j) = journal();
        j.write(Path::new(BLOG), "_posts/a.md", "kept", 1).unwrap();
        j.write(Path::new(BLOG), "_posts/a.md", "torn away", 2)
            .unwrap();
        let full = std::fs::read(&j.path).unwrap();
        // Every cut inside the second record: the first survives.
        let first_len = encode(&Record {
            blog: BLOG.into(),
            post: "_posts/a.md".into(),
            text: Some("kept".into()),
            time: 1,
        })
        .len();
        for cut in first_len..full.len() {
            std::fs::write(&j.path, &full[..cut]).unwrap();
            assert_eq!(j.pending()[0].text, "kept", "cut at {cut}");
        }
        // A flipped bit in the second record's text fails its checksum.
        let mut bad = full.clone();
        let last = bad.len() - 5;
        bad[last] ^= 0x20;
        std::fs::write(&j.path, &bad).unwrap();
        assert_eq!(j.pending()[0].text, "kept");
    }

    #[test]
    fn records_appended_after_a_torn_tail_are_not_lost() {
        // Found by the SIGKILL harness: a run killed mid-append left a torn
        // record, the next run appended after it, and reading stopped at
        // the torn one, hiding every newer edit.
        let (_d, j) = journal();
        j.write(Path::new(BLOG), "_posts/a.md", "one", 1).unwrap();
        let mut bytes = std::fs::read(&j.path).unwrap();
        bytes.extend_from_slice(b"PDJ1\x40\x00\x00\x00torn");
        std::fs::write(&j.path, &bytes).unwrap();
        j.repair().unwrap();
        j.write(Path::new(BLOG), "_posts/a.md", "two", 2).unwrap();
        assert_eq!(j.pending()[0].text, "two");
        assert_eq!(j.records().len(), 2, "the torn bytes are gone");
    }

    #[test]
    fn unicode_and_crlf_come_back_byte_for_byte() {
        let (_d, j) = journal();
        let text = "---\r\ntitle: \"Ünïcödé ✓\"\r\n---\r\n\u{feff}body\r\n";
        j.write(Path::new(BLOG), "_posts/u.md", text, 1).unwrap();
        assert_eq!(j.pending()[0].text, text);
    }

    #[test]
    fn the_journal_stays_bounded_and_keeps_what_is_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::with_bound(dir.path(), 4096);
        let big = "x".repeat(1000);
        for i in 0..50 {
            j.write(Path::new(BLOG), "_posts/a.md", &format!("{big}{i}"), i)
                .unwrap();
            if i % 2 == 0 {
                j.write(Path::new(BLOG), "_posts/b.md", "b", i).unwrap();
                j.drop_post(Path::new(BLOG), "_posts/b.md", i).unwrap();
            }
        }
        let size = std::fs::metadata(&j.path).unwrap().len();
        assert!(size < 4096 + 2 * 1100, "{size} bytes");
        let p = j.pending();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, format!("{big}49"));
    }

    #[test]
    fn unsaved_drafts_are_the_writer_s_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("postdesk");
        let j = Journal::new(&data);
        j.write(Path::new("/blog"), "_posts/a.md", "draft", 1)
            .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(FILE)), 0o600);
    }
}
