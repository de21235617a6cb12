//! Publishing a post: commit exactly the post and the images it references,
//! then push the branch — with git2, off the UI thread.
//!
//! **Invariants:** nothing but the published files enters the commit; the
//! rest of the index and the working tree stay as they were; a commit is
//! never lost (a failed push keeps it and says so); nothing is ever
//! force-pushed.

mod commit;
mod git_cli;
pub mod history;
mod push;
pub mod setup;
pub mod token;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use git2::{Repository, RepositoryState, Status, StatusOptions};
use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::issue::{Issue, Severity};
pub use commit::commit;
pub(crate) use commit::signature;

pub use push::{push, PushOptions, PushProgress, PushStage, TokenStore};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path} is not inside a git repository; run `git init` there (and add a remote) to publish from Postdesk")]
    NoRepository { path: String },
    #[error("HEAD is detached (not on a branch); check out the branch to publish on, e.g. `git switch main`")]
    Detached,
    #[error("the branch `{branch}` has no commits yet; make a first commit in a terminal (`git commit`), then publish")]
    Unborn { branch: String },
    #[error(
        "a {what} is in progress; finish it or abort it (`git {cmd} --abort`) before publishing"
    )]
    Busy {
        what: &'static str,
        cmd: &'static str,
    },
    #[error("git does not know who you are: {missing} is not set. Run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`")]
    NoIdentity { missing: String },
    #[error(
        "{post} has {count} error(s) to fix before publishing; the first: line {line}: {message}"
    )]
    Invalid {
        post: String,
        count: usize,
        line: usize,
        message: String,
    },
    #[error("{path}'s repository is redirected elsewhere ({why}), so Postdesk will not commit or push there; if that is what you want, publish from a terminal")]
    Redirected { path: String, why: String },
    #[error("{0}")]
    Post(#[from] crate::blog::BlogError),
    #[error("git: {0}")]
    Git(String),
    #[error("{0} is not a path inside the blog")]
    Outside(String),
    /// A first-run step (identity, first commit, remote) refused; says why.
    #[error("{0}")]
    Setup(String),
}

impl From<git2::Error> for PublishError {
    fn from(e: git2::Error) -> Self {
        PublishError::Git(e.message().to_owned())
    }
}

/// A file's state against HEAD (index and working tree together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FileState {
    New,
    Modified,
    Deleted,
    Clean,
    Conflicted,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangedFile {
    /// Relative to the repository's working folder.
    pub path: String,
    pub state: FileState,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RepoStatus {
    pub branch: Option<String>,
    /// `origin/main`, when the branch has one.
    pub upstream: Option<String>,
    pub ahead: usize,
    pub behind: usize,
    /// The open post's state, when one was asked about.
    pub post: Option<FileState>,
    /// The post's images that are new or changed.
    pub images: Vec<ChangedFile>,
    /// The other uncommitted changes (never committed by Publish), at most
    /// `OTHERS_LISTED` of them.
    pub others: Vec<ChangedFile>,
    /// There are more other changes than `others` lists.
    pub others_more: bool,
    /// Why publishing cannot start (detached HEAD, a merge in progress, …).
    pub problem: Option<String>,
}

/// What Publish would do, shown before it does it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub post: String,
    pub title: String,
    /// The files the commit will hold (the post and its new or changed images).
    pub files: Vec<ChangedFile>,
    /// A unified diff of the post against HEAD.
    pub diff: String,
    /// "Publish: <title>", or "Update: <title>" when HEAD has the post.
    pub message: String,
    /// Errors block publishing; warnings do not.
    pub issues: Vec<Issue>,
    /// Commits on the branch not on its upstream yet (pushed along).
    pub unpushed: usize,
    /// The post's translations with changes to publish (and their new or
    /// changed images), offered for the same commit.
    pub translations: Vec<ChangedFile>,
}

/// The repository that holds the blog.
pub fn open(blog: &Blog) -> Result<Repository, PublishError> {
    let repo = Repository::discover(blog.root()).map_err(|_| PublishError::NoRepository {
        path: blog.root().display().to_string(),
    })?;
    if let Some(why) = redirected(&repo, blog.root()) {
        return Err(PublishError::Redirected {
            path: blog.root().display().to_string(),
            why,
        });
    }
    Ok(repo)
}

/// What in the repository's own config a git-aware shell prompt would run
/// as a program (`core.fsmonitor`), if anything: a terminal opened in the
/// blog folder would run it before the writer types a thing.
pub fn terminal_hazard(blog: &Blog) -> Option<String> {
    let repo = Repository::discover(blog.root()).ok()?;
    let local = repo
        .config()
        .ok()?
        .open_level(git2::ConfigLevel::Local)
        .ok()?;
    let monitor = local.get_string("core.fsmonitor").ok()?;
    // `true`/`false` switch git's built-in monitor; anything else is a
    // program.
    (!matches!(monitor.as_str(), "true" | "false")).then(|| format!("core.fsmonitor = {monitor}"))
}

/// Why a repository found for the blog is not the blog's own, if it is
/// not: its own config moves the work tree (`core.worktree`), a `.git`
/// file sends git to another repository that is not a `git worktree` of
/// it, or the work tree does not hold the blog. Status would walk another
/// folder, commits land elsewhere and a rebase writes files outside.
fn redirected(repo: &Repository, blog: &Path) -> Option<String> {
    let local = repo
        .config()
        .ok()?
        .open_level(git2::ConfigLevel::Local)
        .ok();
    if let Some(worktree) = local.and_then(|c| c.get_string("core.worktree").ok()) {
        return Some(format!("its .git/config sets core.worktree = {worktree}"));
    }
    let dot_git = repo.workdir().map(|w| w.join(".git"));
    if let Some(dot_git) = dot_git.filter(|p| p.is_file()) {
        // A real worktree's gitdir is `<common>/worktrees/<name>`.
        let real_worktree = repo.is_worktree()
            && repo
                .path()
                .parent()
                .is_some_and(|p| p.ends_with("worktrees"))
            && repo.path().starts_with(repo.commondir());
        if !real_worktree {
            return Some(format!(
                "{} is a file naming another repository ({})",
                dot_git.display(),
                repo.path().display()
            ));
        }
    }
    let workdir = repo.workdir()?.canonicalize().ok()?;
    (!blog.starts_with(&workdir))
        .then(|| format!("its work tree {} does not hold the blog", workdir.display()))
}

fn workdir(repo: &Repository) -> Result<PathBuf, PublishError> {
    let dir = repo
        .workdir()
        .ok_or_else(|| PublishError::Git("the repository is bare; open a clone of it".into()))?;
    Ok(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()))
}

/// A blog-relative path as a path in the repository.
fn repo_path(repo: &Repository, blog: &Blog, rel: &str) -> Result<String, PublishError> {
    let work = workdir(repo)?;
    let abs = blog.root().join(rel);
    let inside = abs
        .strip_prefix(&work)
        .map_err(|_| PublishError::Git(format!("{rel} is outside the repository")))?;
    Ok(crate::disk::paths::relative(Path::new(""), inside))
}

/// Refuses states in which a commit would be wrong.
fn check_state(repo: &Repository) -> Result<String, PublishError> {
    let busy = |what, cmd| Err(PublishError::Busy { what, cmd });
    match repo.state() {
        RepositoryState::Clean => {}
        RepositoryState::Merge => return busy("merge", "merge"),
        RepositoryState::Revert | RepositoryState::RevertSequence => {
            return busy("revert", "revert")
        }
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
            return busy("cherry-pick", "cherry-pick")
        }
        RepositoryState::Bisect => return busy("bisect", "bisect"),
        _ => return busy("rebase", "rebase"),
    }
    match repo.head() {
        Ok(head) => {
            if repo.head_detached().unwrap_or(false) {
                return Err(PublishError::Detached);
            }
            Ok(head.shorthand().unwrap_or("HEAD").to_owned())
        }
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {
            let branch = repo
                .find_reference("HEAD")
                .ok()
                .and_then(|r| r.symbolic_target().ok().flatten().map(str::to_owned))
                .map(|t| t.trim_start_matches("refs/heads/").to_owned())
                .unwrap_or_else(|| "main".to_owned());
            Err(PublishError::Unborn { branch })
        }
        Err(e) => Err(e.into()),
    }
}

fn state_of(s: Status) -> FileState {
    if s.is_conflicted() {
        FileState::Conflicted
    } else if s.intersects(Status::WT_NEW | Status::INDEX_NEW) {
        if s.intersects(Status::WT_DELETED) {
            FileState::Clean
        } else {
            FileState::New
        }
    } else if s.intersects(Status::WT_DELETED | Status::INDEX_DELETED) {
        FileState::Deleted
    } else if s.intersects(
        Status::WT_MODIFIED
            | Status::INDEX_MODIFIED
            | Status::WT_TYPECHANGE
            | Status::INDEX_TYPECHANGE
            | Status::WT_RENAMED
            | Status::INDEX_RENAMED,
    ) {
        FileState::Modified
    } else {
        FileState::Clean
    }
}

fn file_state(repo: &Repository, path: &str) -> FileState {
    match repo.status_file(Path::new(path)) {
        Ok(s) => state_of(s),
        Err(_) => FileState::Clean,
    }
}

/// The images a post references that live in the blog: the cover and og
/// fields, the author's picture, and every image in the body.
pub fn referenced_images(blog: &Blog, post: &str, text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for field in [
        "coverImage",
        "ogImage.url",
        "author.picture",
        "image",
        "heroImage",
        "cover.image",
    ] {
        let path: Vec<&str> = field.split('.').collect();
        if let Ok(Some(serde_json::Value::String(v))) = crate::front_matter::edit::get(text, &path)
        {
            values.push(v);
        }
    }
    // The body's images as the preview reads them, raw HTML's `<img>` too.
    let options = crate::preview::RenderOptions::for_blog(blog, post.to_owned(), text, Vec::new);
    values.extend(
        crate::preview::checks::read(text, &options)
            .images
            .into_iter()
            .map(|i| i.dest),
    );
    let mut files = BTreeSet::new();
    for v in values {
        if let Ok((file, _)) = crate::cover::file_of(blog, post, &v) {
            if let Some(rel) = blog.relative(&file) {
                files.insert(rel);
            }
        }
    }
    files.into_iter().collect()
}

/// How git holds a file of the blog (blog-relative), for the body checks'
/// `untracked-image`; `None` when the blog is in no repository.
pub fn file_tracking(blog: &Blog) -> Option<impl Fn(&str) -> crate::preview::checks::Tracked> {
    use crate::preview::checks::Tracked;
    let repo = open(blog).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let root = blog.root().to_path_buf();
    // The files git tracks, read from its index once (a status per file
    // would read it again each time).
    let tracked: std::collections::HashSet<Vec<u8>> =
        repo.index().ok()?.iter().map(|e| e.path).collect();
    Some(move |rel: &str| {
        let file = root.join(rel);
        let Some(in_repo) = file.strip_prefix(&workdir).ok().and_then(|p| p.to_str()) else {
            return Tracked::Yes;
        };
        let in_repo = in_repo.replace(std::path::MAIN_SEPARATOR, "/");
        if tracked.contains(in_repo.as_bytes()) {
            Tracked::Yes
        } else if repo.is_path_ignored(&in_repo).unwrap_or(false) {
            Tracked::Ignored
        } else {
            Tracked::Untracked
        }
    })
}

/// The branch's upstream and how far the branch is ahead of and behind it
/// (from local refs; nothing is fetched).
fn tracking(
    repo: &Repository,
    branch: Option<&str>,
) -> Result<(Option<String>, usize, usize), PublishError> {
    let Some(b) = branch.and_then(|n| repo.find_branch(n, git2::BranchType::Local).ok()) else {
        return Ok((None, 0, 0));
    };
    let Ok(up) = b.upstream() else {
        return Ok((None, 0, 0));
    };
    let name = up.name().ok().flatten().map(str::to_owned);
    let (ahead, behind) = match (b.get().target(), up.get().target()) {
        (Some(local), Some(remote)) => repo.graph_ahead_behind(local, remote)?,
        _ => (0, 0),
    };
    Ok((name, ahead, behind))
}

/// How many other changes the status lists (the status bar says "1,000+").
pub const OTHERS_LISTED: usize = 1000;

/// The repository's state, and the open post's when `post` is given.
pub fn status(blog: &Blog, post: Option<(&str, &str)>) -> Result<RepoStatus, PublishError> {
    let repo = open(blog)?;
    let problem = check_state(&repo).err().map(|e| e.to_string());
    let head = repo.head().ok();
    let branch = head
        .as_ref()
        .filter(|_| !repo.head_detached().unwrap_or(false))
        .and_then(|h| h.shorthand().ok().map(str::to_owned));
    let (upstream, ahead, behind) = tracking(&repo, branch.as_deref())?;
    let mut mine = BTreeSet::new();
    let mut post_state = None;
    let mut images = Vec::new();
    if let Some((rel, text)) = post {
        let p = repo_path(&repo, blog, rel)?;
        post_state = Some(file_state(&repo, &p));
        mine.insert(p);
        for img in referenced_images(blog, rel, text) {
            let p = repo_path(&repo, blog, &img)?;
            let state = file_state(&repo, &p);
            if state != FileState::Clean {
                images.push(ChangedFile {
                    path: p.clone(),
                    state,
                });
            }
            mine.insert(p);
        }
    }
    let mut opts = StatusOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let mut others: Vec<ChangedFile> = repo
        .statuses(Some(&mut opts))?
        .iter()
        .filter_map(|e| {
            let path = e.path().ok()?.to_owned();
            let state = state_of(e.status());
            (state != FileState::Clean && !mine.contains(&path))
                .then_some(ChangedFile { path, state })
        })
        .take(OTHERS_LISTED + 1)
        .collect();
    // Thousands of untracked files would cross the IPC on every refresh.
    let others_more = others.len() > OTHERS_LISTED;
    others.truncate(OTHERS_LISTED);
    Ok(RepoStatus {
        branch,
        upstream,
        ahead,
        behind,
        post: post_state,
        images,
        others,
        others_more,
        problem,
    })
}

/// What publishing `post` (as saved on disk) would commit.
pub fn plan(blog: &Blog, index: &crate::index::Index, post: &str) -> Result<Plan, PublishError> {
    let repo = open(blog)?;
    let text = blog.read_post(post)?.text;
    let issues = index.check_text(blog, post, &text);
    let summary = crate::post::summarize(post, &text);
    let post_path = repo_path(&repo, blog, post)?;
    let mut files = Vec::new();
    let state = file_state(&repo, &post_path);
    if state != FileState::Clean {
        files.push(ChangedFile {
            path: post_path.clone(),
            state,
        });
    }
    for img in referenced_images(blog, post, &text) {
        let p = repo_path(&repo, blog, &img)?;
        let state = file_state(&repo, &p);
        if state != FileState::Clean && state != FileState::Deleted {
            files.push(ChangedFile { path: p, state });
        }
    }
    // Its translations' changes, offered along (a blog of several languages).
    let mut translations = Vec::new();
    for t in index.translations(post).iter().skip(1) {
        let p = repo_path(&repo, blog, &t.path)?;
        let state = file_state(&repo, &p);
        if state == FileState::Clean || state == FileState::Deleted {
            continue;
        }
        translations.push(ChangedFile { path: p, state });
        let text = blog.read_post(&t.path)?.text;
        for img in referenced_images(blog, &t.path, &text) {
            let p = repo_path(&repo, blog, &img)?;
            let state = file_state(&repo, &p);
            let listed = files.iter().chain(&translations).any(|f| f.path == p);
            if !listed && state != FileState::Clean && state != FileState::Deleted {
                translations.push(ChangedFile { path: p, state });
            }
        }
    }
    let in_head = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_tree().ok())
        .is_some_and(|t| t.get_path(Path::new(&post_path)).is_ok());
    let verb = if in_head { "Update" } else { "Publish" };
    // Only the ahead count: no second scan of the whole working tree.
    let branch = repo
        .head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_owned));
    let unpushed = match tracking(&repo, branch.as_deref()) {
        Ok((Some(_), ahead, _)) => ahead,
        // No upstream yet (a first push): every commit of the branch goes.
        _ => commits_on_head(&repo),
    };
    Ok(Plan {
        post: post.to_owned(),
        message: format!("{verb}: {}", summary.title),
        title: summary.title,
        diff: diff_against_head(&repo, &post_path)?,
        files,
        issues,
        unpushed,
        translations,
    })
}

/// The post's diff against HEAD (all of it as added when HEAD lacks it).
fn diff_against_head(repo: &Repository, path: &str) -> Result<String, PublishError> {
    let tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    let mut opts = git2::DiffOptions::new();
    opts.pathspec(path)
        .include_untracked(true)
        .show_untracked_content(true)
        .recurse_untracked_dirs(true)
        .disable_pathspec_match(true);
    let diff = repo.diff_tree_to_workdir_with_index(tree.as_ref(), Some(&mut opts))?;
    let mut out = String::new();
    diff.print(git2::DiffFormat::Patch, |_, _, line| {
        let origin = line.origin();
        if matches!(origin, '+' | '-' | ' ') {
            out.push(origin);
        }
        out.push_str(&String::from_utf8_lossy(line.content()));
        true
    })?;
    Ok(out)
}

/// How a publish ended. Expected endings are data, not errors.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Outcome {
    /// Committed (or nothing new) and pushed.
    Pushed {
        commit: String,
        remote: String,
        branch: String,
        /// `git2`, or `git` when the `git` command pushed after git2 could
        /// not authenticate.
        via: String,
    },
    /// The commit is kept locally; pushing later (Retry) sends it.
    CommittedNotPushed { commit: String, reason: String },
    /// The server refused the push (a hook, a protected branch, or new
    /// remote commits that change the same files).
    Rejected { commit: String, reason: String },
    /// No credential worked; the commit is kept locally.
    NeedsCredentials {
        commit: String,
        url: String,
        reason: String,
    },
    /// The post and its images match HEAD and nothing is waiting to be pushed.
    NothingToPublish,
}

/// Publish `post`: validate, commit the plan's files with `message` (the
/// plan's default when `None`), then push unless `options.push` is false.
pub fn publish(
    blog: &Blog,
    index: &crate::index::Index,
    post: &str,
    message: Option<&str>,
    options: &PushOptions,
    progress: &dyn Fn(push::PushProgress),
    cancel: &AtomicBool,
) -> Result<Outcome, PublishError> {
    publish_with(blog, index, post, message, options, progress, cancel, false)
}

/// [`publish`], with the post's changed translations (and their images)
/// in the same commit when `translations` is set — each checked as the
/// post is: an error in one stops the publish.
#[allow(clippy::too_many_arguments)]
pub fn publish_with(
    blog: &Blog,
    index: &crate::index::Index,
    post: &str,
    message: Option<&str>,
    options: &PushOptions,
    progress: &dyn Fn(push::PushProgress),
    cancel: &AtomicBool,
    translations: bool,
) -> Result<Outcome, PublishError> {
    let repo = open(blog)?;
    check_state(&repo)?;
    let mut plan = plan(blog, index, post)?;
    let mut checked = vec![(post.to_owned(), std::mem::take(&mut plan.issues))];
    if translations {
        for t in index.translations(post).iter().skip(1) {
            let p = repo_path(&repo, blog, &t.path)?;
            if plan.translations.iter().any(|f| f.path == p) {
                let text = blog.read_post(&t.path)?.text;
                checked.push((t.path.clone(), index.check_text(blog, &t.path, &text)));
            }
        }
        plan.files.append(&mut plan.translations);
    }
    for (path, issues) in &checked {
        let errors: Vec<&Issue> = issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        if let Some(first) = errors.first() {
            return Err(PublishError::Invalid {
                post: path.clone(),
                count: errors.len(),
                line: first.line,
                message: first.message.clone(),
            });
        }
    }
    let message = message
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .unwrap_or(&plan.message);
    let committed = if plan.files.is_empty() {
        None
    } else {
        commit(blog, &plan.files, message)?
    };
    let head = repo.head()?.peel_to_commit()?.id();
    if committed.is_none() && plan.unpushed == 0 && has_upstream(&repo) {
        return Ok(Outcome::NothingToPublish);
    }
    if !options.push {
        return Ok(match committed {
            Some(_) => Outcome::CommittedNotPushed {
                commit: head.to_string(),
                reason: "not pushed (--no-push)".into(),
            },
            None => Outcome::NothingToPublish,
        });
    }
    let files: Vec<String> = plan.files.iter().map(|f| f.path.clone()).collect();
    Ok(push(blog, &files, options, progress, cancel))
}

/// How many commits HEAD has (a branch never pushed sends them all).
fn commits_on_head(repo: &Repository) -> usize {
    let Ok(mut walk) = repo.revwalk() else {
        return 0;
    };
    if walk.push_head().is_err() {
        return 0;
    }
    walk.take(100_000).count()
}

fn has_upstream(repo: &Repository) -> bool {
    repo.head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_owned))
        .and_then(|b| repo.find_branch(&b, git2::BranchType::Local).ok())
        .is_some_and(|b| b.upstream().is_ok())
}
