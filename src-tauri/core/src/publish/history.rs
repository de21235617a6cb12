//! A post's history from git: the commits that changed it, newest first,
//! following its renames as `git log --follow` does (each commit against
//! its first parent), and its text at each of them. Read only: restoring
//! a version is an edit in the window, never a reset.

use git2::{DiffFindOptions, DiffOptions, Oid, Repository, Tree};
use serde::Serialize;
use ts_rs::TS;

use super::{open, repo_path, PublishError};
use crate::blog::Blog;

/// How many commits a history reads at most (and lists at most).
const WALKED: usize = 20_000;
const LISTED: usize = 200;

/// One commit that changed the post.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub commit: String,
    pub short: String,
    pub author: String,
    /// When it was committed, in Unix seconds.
    #[ts(type = "number")]
    pub time: i64,
    /// The first line of its message.
    pub summary: String,
    /// The post's path in that commit (blog-relative): another than now
    /// when the post was renamed since.
    pub path: String,
    /// The commit renamed the post (from `path`'s previous name).
    pub renamed: bool,
}

/// The commits that changed `post` (blog-relative), newest first.
pub fn history(blog: &Blog, post: &str) -> Result<Vec<Version>, PublishError> {
    let repo = open(blog)?;
    let mut path = repo_path(&repo, blog, post)?;
    let prefix = path.strip_suffix(post).unwrap_or_default().to_owned();
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(Vec::new()); // no commit yet
    };
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    walk.simplify_first_parent()?;
    walk.push(head.id())?;
    let mut out = Vec::new();
    for id in walk.take(WALKED) {
        let commit = repo.find_commit(id?)?;
        let tree = commit.tree()?;
        let Some(now) = blob_at(&tree, &path) else {
            break; // not there any more: its history ended at a deletion
        };
        let parent = commit.parent(0).ok();
        let parent_tree = parent.as_ref().map(|p| p.tree()).transpose()?;
        let before = parent_tree.as_ref().and_then(|t| blob_at(t, &path));
        if before == Some(now) {
            continue;
        }
        let renamed_from = match (&before, &parent_tree) {
            (None, Some(old)) => renamed_from(&repo, old, &tree, &path)?,
            _ => None,
        };
        let shown = path.strip_prefix(&prefix).unwrap_or(&path).to_owned();
        out.push(Version {
            commit: commit.id().to_string(),
            short: commit.id().to_string()[..8].to_owned(),
            author: commit.author().name().unwrap_or("").to_owned(),
            time: commit.time().seconds(),
            summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
                .into_owned(),
            path: shown,
            renamed: renamed_from.is_some(),
        });
        if out.len() >= LISTED {
            break;
        }
        match renamed_from {
            Some(old) => path = old,
            // Added here (or changed in a commit with no parent): the start.
            None if before.is_none() => break,
            None => {}
        }
    }
    Ok(out)
}

/// A translation behind its source post: the source changed in a commit
/// after the translation's last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behind {
    /// The translation's last commit (the source's text there is what it
    /// was translated from).
    pub since: String,
    /// The newest commit that changed the source after it.
    pub source_commit: String,
    pub source_short: String,
    pub source_summary: String,
    pub source_time: i64,
}

/// Of `pairs` (translation, source; blog-relative), the translations
/// behind their source by git's history (HEAD's first parents, not file
/// times): the source changed in a commit newer than the translation's
/// last. A translation never committed is not behind. One walk for all.
pub fn behind(
    blog: &Blog,
    pairs: &[(String, String)],
) -> Result<std::collections::HashMap<String, Behind>, PublishError> {
    let mut out = std::collections::HashMap::new();
    if pairs.is_empty() {
        return Ok(out);
    }
    let repo = open(blog)?;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(out);
    };
    // (translation, source) in the repository, and the newest source change
    // seen so far (walking back from HEAD).
    let mut open_pairs: Vec<(String, String, String, Option<git2::Commit>)> = Vec::new();
    for (t, src) in pairs {
        open_pairs.push((
            t.clone(),
            repo_path(&repo, blog, t)?,
            repo_path(&repo, blog, src)?,
            None,
        ));
    }
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    walk.simplify_first_parent()?;
    walk.push(head.id())?;
    for id in walk.take(WALKED) {
        if open_pairs.is_empty() {
            break;
        }
        let commit = repo.find_commit(id?)?;
        let tree = commit.tree()?;
        let parent_tree = commit.parent(0).ok().map(|p| p.tree()).transpose()?;
        let changed = |path: &str| {
            blob_at(&tree, path) != parent_tree.as_ref().and_then(|t| blob_at(t, path))
        };
        open_pairs.retain_mut(|(rel, t, src, newest)| {
            if changed(t) {
                // The translation's last commit: behind if the source
                // changed since.
                if let Some(c) = newest.take() {
                    out.insert(
                        rel.clone(),
                        Behind {
                            since: commit.id().to_string(),
                            source_commit: c.id().to_string(),
                            source_short: c.id().to_string()[..8].to_owned(),
                            source_summary: String::from_utf8_lossy(
                                c.summary_bytes().unwrap_or_default(),
                            )
                            .into_owned(),
                            source_time: c.time().seconds(),
                        },
                    );
                }
                return false;
            }
            if newest.is_none() && changed(src) {
                *newest = Some(commit.clone());
            }
            true
        });
    }
    Ok(out)
}

/// The `translation-outdated` warnings of `posts` (blog-relative): each
/// translation among them whose source post (its group's post in the
/// default language) changed in git after the translation's last commit —
/// naming the source's commit, with the source as it was then (`since`)
/// for the window's "Show the source's changes".
pub fn outdated(
    blog: &Blog,
    index: &crate::index::Index,
    posts: &[&str],
) -> std::collections::HashMap<String, crate::issue::Issue> {
    let Some(default) = blog.languages().map(|l| l.default().to_owned()) else {
        return Default::default();
    };
    let mut sources = std::collections::HashMap::new();
    let pairs: Vec<(String, String)> = posts
        .iter()
        .filter_map(|rel| {
            let group = index.translations(rel);
            let me = group.first()?;
            if me.lang.as_deref() == Some(default.as_str()) {
                return None;
            }
            let source = group
                .iter()
                .find(|s| s.lang.as_deref() == Some(default.as_str()))?;
            sources.insert(rel.to_string(), source.path.clone());
            Some((rel.to_string(), source.path.clone()))
        })
        .collect();
    let Ok(behind) = behind(blog, &pairs) else {
        return Default::default();
    };
    behind
        .into_iter()
        .map(|(rel, b)| {
            let source = sources.get(&rel).cloned().unwrap_or_default();
            let when = jiff::Timestamp::from_second(b.source_time)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            let mut issue = crate::issue::Issue::new(
                crate::issue::Severity::Warning,
                "translation-outdated",
                None,
                (1, 1),
                format!(
                    "{source} changed after this translation was last committed (commit {} \"{}\", {when}): bring the translation up to date, then commit it",
                    b.source_short, b.source_summary
                ),
            );
            issue.since = Some(Box::new(crate::issue::Since {
                path: source,
                commit: b.since,
            }));
            (rel, issue)
        })
        .collect()
}

/// The id of the commit HEAD points at, if any.
pub fn head(blog: &Blog) -> Option<String> {
    let repo = open(blog).ok()?;
    let id = repo.head().ok()?.target()?;
    Some(id.to_string())
}

/// How many commits [`renames`] looks through.
pub const RENAMES_WALKED: usize = 300;

/// The files of the blog renamed in HEAD's recent history (its first
/// parents, the last [`RENAMES_WALKED`] commits, git's rename detection):
/// each old blog-relative path with the path it has now (renames in a row
/// followed to the last), for the links that still use an old name.
pub fn renames(blog: &Blog) -> Result<Vec<(String, String)>, PublishError> {
    let repo = open(blog)?;
    let prefix = repo_path(&repo, blog, "x")?
        .strip_suffix('x')
        .unwrap_or_default()
        .to_owned();
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(Vec::new());
    };
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    walk.simplify_first_parent()?;
    walk.push(head.id())?;
    // Newest first: a later rename (b → c) is known before an earlier
    // one (a → b), so `a` maps to `c`.
    let mut now_of: std::collections::HashMap<String, String> = Default::default();
    let mut out = Vec::new();
    for id in walk.take(RENAMES_WALKED) {
        let commit = repo.find_commit(id?)?;
        let Ok(parent) = commit.parent(0) else { break };
        let mut diff =
            repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        for d in diff.deltas().filter(|d| d.status() == git2::Delta::Renamed) {
            let (Some(old), Some(new)) = (
                d.old_file().path().and_then(|p| p.to_str()),
                d.new_file().path().and_then(|p| p.to_str()),
            ) else {
                continue;
            };
            let (Some(old), Some(new)) = (old.strip_prefix(&prefix), new.strip_prefix(&prefix))
            else {
                continue;
            };
            let now = now_of.get(new).cloned().unwrap_or_else(|| new.to_owned());
            now_of.insert(old.to_owned(), now.clone());
            out.push((old.to_owned(), now));
        }
    }
    Ok(out)
}

/// A version's text, and what changed from it to the text now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionText {
    pub text: String,
    /// The changes from the version to the current text, as unified diff
    /// hunks (`@@ … @@`, then lines starting with ` `, `-` or `+`); empty
    /// when they are the same.
    pub diff: String,
}

/// The post's text in `commit` (at `path`, its name then), and the changes
/// from it to `current`.
pub fn version(
    blog: &Blog,
    commit: &str,
    path: &str,
    current: &str,
) -> Result<VersionText, PublishError> {
    let text = text_at(blog, commit, path)?;
    let patch = diffy::create_patch(&text, current).to_string();
    // The hunks, without the `---`/`+++` header.
    let diff = patch
        .find("@@")
        .map_or(String::new(), |i| patch[i..].to_owned());
    Ok(VersionText { text, diff })
}

/// The post's text as it was in `commit`, at its path then (`path`, as a
/// [`Version`] gives it).
pub fn text_at(blog: &Blog, commit: &str, path: &str) -> Result<String, PublishError> {
    // A path inside the blog only (it names a blob of the tree, never a
    // file on disk, but the repository may hold more than the blog).
    let inside = std::path::Path::new(path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || path.is_empty() {
        return Err(PublishError::Outside(path.to_owned()));
    }
    let repo = open(blog)?;
    let id = Oid::from_str(commit)
        .map_err(|_| PublishError::Git(format!("{commit} is not a commit id")))?;
    let tree = repo.find_commit(id)?.tree()?;
    let in_repo = repo_path(&repo, blog, path)?;
    let blob = blob_at(&tree, &in_repo)
        .ok_or_else(|| PublishError::Git(format!("{path} is not in commit {commit}")))?;
    let blob = repo.find_blob(blob)?;
    String::from_utf8(blob.content().to_vec())
        .map_err(|_| PublishError::Git(format!("{path} in {commit} is not UTF-8 text")))
}

fn blob_at(tree: &Tree, path: &str) -> Option<Oid> {
    tree.get_path(std::path::Path::new(path))
        .ok()
        .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
        .map(|e| e.id())
}

/// The path `path` had in `old` when the change from `old` to `new`
/// renamed it (git's rename detection: 50 % similar or more).
fn renamed_from(
    repo: &Repository,
    old: &Tree,
    new: &Tree,
    path: &str,
) -> Result<Option<String>, PublishError> {
    let mut options = DiffOptions::new();
    let mut diff = repo.diff_tree_to_tree(Some(old), Some(new), Some(&mut options))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    Ok(diff.deltas().find_map(|d| {
        let to = d.new_file().path()?.to_str()?;
        (d.status() == git2::Delta::Renamed && to == path)
            .then(|| d.old_file().path()?.to_str().map(str::to_owned))
            .flatten()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &std::path::Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn the_commits_that_changed_a_post_follow_its_rename() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(root.join("package.json"), "{}").unwrap();
        let long = "A paragraph long enough for git to see a rename.\n".repeat(8);
        std::fs::write(
            root.join("_posts/old.md"),
            format!("---\ntitle: One\n---\n{long}"),
        )
        .unwrap();
        git(root, &["init", "-q", "-b", "main"]);
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "First draft"]);
        std::fs::write(root.join("_posts/other.md"), "---\ntitle: Other\n---\n").unwrap();
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "Another post"]);
        git(root, &["mv", "_posts/old.md", "_posts/new.md"]);
        git(root, &["commit", "-q", "-m", "Rename"]);
        std::fs::write(
            root.join("_posts/new.md"),
            format!("---\ntitle: Two\n---\n{long}"),
        )
        .unwrap();
        git(root, &["commit", "-q", "-am", "Retitle\n\nWith a body."]);
        let blog = Blog::open(root).unwrap();

        let versions = history(&blog, "_posts/new.md").unwrap();
        let seen: Vec<(&str, &str, bool)> = versions
            .iter()
            .map(|v| (v.summary.as_str(), v.path.as_str(), v.renamed))
            .collect();
        assert_eq!(
            seen,
            [
                ("Retitle", "_posts/new.md", false),
                ("Rename", "_posts/new.md", true),
                ("First draft", "_posts/old.md", false),
            ]
        );
        assert_eq!(versions[0].author, "Ada");
        assert_eq!(versions[0].short.len(), 8);
        let first = text_at(&blog, &versions[2].commit, &versions[2].path).unwrap();
        assert!(first.contains("title: One"), "{first}");
        assert!(text_at(&blog, &versions[2].commit, "_posts/new.md").is_err());
        assert!(text_at(&blog, "nonsense", "_posts/new.md").is_err());
        assert!(text_at(&blog, &versions[2].commit, "../_posts/old.md").is_err());
        // What changed since, as hunks.
        let now = std::fs::read_to_string(root.join("_posts/new.md")).unwrap();
        let shown = version(&blog, &versions[2].commit, &versions[2].path, &now).unwrap();
        assert_eq!(shown.text, first);
        assert!(
            shown.diff.starts_with("@@ -1,5 +1,5 @@\n"),
            "{}",
            shown.diff
        );
        assert!(
            shown.diff.contains("\n-title: One\n+title: Two\n"),
            "{}",
            shown.diff
        );
        assert!(version(&blog, &versions[0].commit, "_posts/new.md", &now)
            .unwrap()
            .diff
            .is_empty());
        // The renames, to the name now.
        assert_eq!(
            renames(&blog).unwrap(),
            [("_posts/old.md".to_owned(), "_posts/new.md".to_owned())]
        );
        // A post no commit has yet has no history.
        std::fs::write(root.join("_posts/fresh.md"), "---\ntitle: F\n---\n").unwrap();
        assert!(history(&blog, "_posts/fresh.md").unwrap().is_empty());
    }
}
