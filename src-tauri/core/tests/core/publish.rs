//! Publishing to real remotes on 127.0.0.1: a bare repository over a file
//! path, `git daemon`, and smart HTTP behind lighttpd with basic auth. SSH
//! is tested through the command line (it needs its own environment for
//! ssh-agent): src-tauri/tests/cli.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use postdesk_core::index;
use postdesk_core::publish::{self, Outcome, PublishError, PushOptions};
use postdesk_core::{app::sample, Blog};

use crate::servers;

pub(crate) const POST: &str = "_posts/writing-with-postdesk.md";
const OTHER: &str = "_posts/building-scalable-apis.md";

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
    pub(crate) origin: PathBuf,
    pub(crate) blog: Blog,
}

pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    let written = sample::write(&root, 1_700_000_000).unwrap();
    git(&root, &["config", "user.name", "Test Writer"]);
    git(&root, &["config", "user.email", "writer@example.com"]);
    let blog = Blog::open(&root).unwrap();
    Fixture {
        root: blog.root().to_path_buf(),
        origin: written.origin,
        blog,
        dir,
    }
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn edit(root: &Path, rel: &str, line: &str) {
    let path = root.join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

pub(crate) fn options() -> PushOptions {
    PushOptions {
        git_fallback: false,
        ssh_dir: None,
        ..PushOptions::default()
    }
}

pub(crate) fn publish_with(f: &Fixture, opts: &PushOptions) -> Result<Outcome, PublishError> {
    let index = index::scan(&f.blog, None).unwrap();
    publish::publish(
        &f.blog,
        &index,
        POST,
        None,
        opts,
        &|_| {},
        &AtomicBool::new(false),
    )
}

/// The files the remote's newest commit changed.
fn remote_head_files(origin: &Path) -> Vec<String> {
    let out = git(origin, &["show", "--name-only", "--format=", "main"]);
    out.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn add_cover(f: &Fixture) {
    let source = crate::fixture("images").join("gps.jpg");
    let req = postdesk_core::cover::Request {
        post: POST,
        source: &source,
        focal: (0.5, 0.5),
        text: None,
        outputs: &[
            postdesk_core::cover::OutputKind::Cover,
            postdesk_core::cover::OutputKind::Og,
            postdesk_core::cover::OutputKind::Thumbnail,
        ],
        field: None,
    };
    postdesk_core::cover::import(&f.blog, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
}

#[test]
fn publishes_exactly_the_post_and_its_new_images_and_leaves_the_rest() {
    let f = fixture();
    add_cover(&f);
    std::fs::write(f.root.join("notes.txt"), "not for publishing\n").unwrap();
    std::fs::write(f.root.join("staged.txt"), "staged by the writer\n").unwrap();
    git(&f.root, &["add", "staged.txt"]);
    edit(&f.root, OTHER, "\nAn unrelated edit.\n");

    let index = index::scan(&f.blog, None).unwrap();
    let plan = publish::plan(&f.blog, &index, POST).unwrap();
    assert_eq!(
        plan.message,
        "Update: Writing with Postdesk: A Tour of the Desk"
    );
    let planned: Vec<&str> = plan.files.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        planned,
        [
            POST,
            "public/assets/blog/writing-with-postdesk/cover.jpg",
            "public/assets/blog/writing-with-postdesk/og.jpg"
        ]
    );
    assert!(
        plan.diff
            .contains("+coverImage: \"/assets/blog/writing-with-postdesk/cover.jpg\""),
        "{}",
        plan.diff
    );
    let status = publish::status(&f.blog, None).unwrap();
    let others: Vec<&str> = status.others.iter().map(|c| c.path.as_str()).collect();
    assert!(
        others.contains(&"notes.txt") && others.contains(&OTHER),
        "{others:?}"
    );

    let outcome = publish_with(&f, &options()).unwrap();
    let Outcome::Pushed { via, branch, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    // The sample's origin is on this machine: pushed through receive-pack
    // by the git command, so the remote's own hooks run.
    assert_eq!((via.as_str(), branch.as_str()), ("git", "main"));
    assert_eq!(
        remote_head_files(&f.origin),
        [
            POST,
            "public/assets/blog/writing-with-postdesk/cover.jpg",
            "public/assets/blog/writing-with-postdesk/og.jpg"
        ]
    );
    // Everything else is as the writer left it.
    let short = git(&f.root, &["status", "--porcelain"]);
    let mut lines: Vec<&str> = short.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            " M _posts/building-scalable-apis.md",
            "?? notes.txt",
            "?? public/assets/blog/writing-with-postdesk/thumb.jpg",
            "A  staged.txt",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(f.root.join("notes.txt")).unwrap(),
        "not for publishing\n"
    );
    let log = git(&f.root, &["log", "-1", "--format=%an <%ae>|%s"]);
    assert_eq!(
        log.trim(),
        "Test Writer <writer@example.com>|Update: Writing with Postdesk: A Tour of the Desk"
    );
    // Published: nothing more to do.
    assert_eq!(
        publish_with(&f, &options()).unwrap(),
        Outcome::NothingToPublish
    );
    let status = publish::status(&f.blog, None).unwrap();
    assert_eq!((status.ahead, status.behind), (0, 0));
    assert_eq!(status.upstream.as_deref(), Some("origin/main"));
}

#[test]
fn a_new_post_is_published_with_a_publish_message() {
    let f = fixture();
    // The remote by a file:// URL this time.
    let url = format!("file://{}", f.origin.display());
    git(&f.root, &["remote", "set-url", "origin", &url]);
    let index = index::scan(&f.blog, None).unwrap();
    let schema = f.blog.declared_schema().unwrap();
    let now = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let rel = postdesk_core::blog::new_post::create(
        &f.blog,
        &index.summaries(),
        &schema,
        "A Fresh Post",
        now,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let index = index::scan(&f.blog, None).unwrap();
    let plan = publish::plan(&f.blog, &index, &rel).unwrap();
    assert_eq!(plan.message, "Publish: A Fresh Post");
    assert_eq!(plan.files[0].state, publish::FileState::New);
    let outcome = publish::publish(
        &f.blog,
        &index,
        &rel,
        Some("My own message"),
        &options(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    assert_eq!(
        git(&f.origin, &["log", "-1", "--format=%s", "main"]).trim(),
        "My own message"
    );
}

#[test]
fn a_missing_email_is_a_clear_error_and_nothing_is_committed() {
    let f = fixture();
    git(&f.root, &["config", "user.email", ""]);
    edit(&f.root, POST, "\nMore.\n");
    let head = git(&f.root, &["rev-parse", "HEAD"]);
    let err = publish_with(&f, &options()).unwrap_err().to_string();
    assert!(
        err.contains("user.email is not set") && err.contains("git config --global user.email"),
        "{err}"
    );
    assert_eq!(git(&f.root, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&f.root, &["status", "--porcelain"]).trim(),
        format!("M {POST}")
    );
}

#[test]
fn detached_head_and_a_merge_in_progress_are_refused() {
    let f = fixture();
    edit(&f.root, POST, "\nMore.\n");
    git(&f.root, &["checkout", "--detach", "-q"]);
    let err = publish_with(&f, &options()).unwrap_err().to_string();
    assert!(
        err.contains("HEAD is detached") && err.contains("git switch"),
        "{err}"
    );
    git(&f.root, &["checkout", "-q", "main"]);
    let head = git(&f.root, &["rev-parse", "HEAD"]);
    std::fs::write(f.root.join(".git/MERGE_HEAD"), &head).unwrap();
    let err = publish_with(&f, &options()).unwrap_err().to_string();
    assert!(
        err.contains("a merge is in progress") && err.contains("git merge --abort"),
        "{err}"
    );
}

#[test]
fn an_unborn_branch_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(
        root.join(POST),
        "---\ntitle: \"A\"\ndate: \"2024-01-01\"\n---\nHi\n",
    )
    .unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    let f = Fixture {
        blog: Blog::open(&root).unwrap(),
        root: root.clone(),
        origin: root.clone(),
        dir,
    };
    let err = publish_with(&f, &options()).unwrap_err().to_string();
    assert!(err.contains("`main` has no commits yet"), "{err}");
}

#[test]
fn errors_in_the_post_block_publishing_and_warnings_do_not() {
    let f = fixture();
    let path = f.root.join(POST);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("date: \"2024-02-01T09:00:00.000Z\"", "date: \"yesterday\""),
    )
    .unwrap();
    let head = git(&f.root, &["rev-parse", "HEAD"]);
    let err = publish_with(&f, &options()).unwrap_err().to_string();
    assert!(
        err.contains(POST) && err.contains("error(s) to fix before publishing"),
        "{err}"
    );
    assert_eq!(git(&f.root, &["rev-parse", "HEAD"]), head);
}

#[test]
fn git_daemon_remote_survives_the_server_being_down_and_a_rejecting_hook() {
    let f = fixture();
    let base = f.origin.parent().unwrap().to_path_buf();
    let name = f.origin.file_name().unwrap().to_string_lossy().into_owned();
    let port = servers::free_port();
    git(
        &f.root,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("git://127.0.0.1:{port}/{name}"),
        ],
    );

    // Server down: the commit is kept and the outcome says so.
    edit(&f.root, POST, "\nWritten offline.\n");
    let outcome = publish_with(&f, &options()).unwrap();
    let Outcome::CommittedNotPushed { commit, reason } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(reason.contains("Retry"), "{reason}");
    assert_eq!(git(&f.root, &["rev-parse", "HEAD"]).trim(), commit);
    assert_eq!(publish::status(&f.blog, None).unwrap().ahead, 1);

    // The server is back: Retry (push) sends the kept commit.
    let mut daemon = servers::git_daemon_on(&base, port);
    let outcome = publish::push(
        &f.blog,
        &[POST.to_owned()],
        &options(),
        &|_| {},
        &AtomicBool::new(false),
    );
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    assert_eq!(
        git(&f.origin, &["rev-parse", "main"]),
        git(&f.root, &["rev-parse", "HEAD"])
    );

    // A pre-receive hook that refuses: an error, never a success.
    let hook = f.origin.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'main is protected' >&2\nexit 1\n").unwrap();
    make_executable(&hook);
    edit(&f.root, POST, "\nRefused.\n");
    let outcome = publish_with(&f, &options()).unwrap();
    let Outcome::Rejected { reason, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(reason.contains("pre-receive hook declined"), "{reason}");
    assert_ne!(
        git(&f.origin, &["rev-parse", "main"]),
        git(&f.root, &["rev-parse", "HEAD"])
    );
    daemon.stop();
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Another writer pushes first: a commit that leaves the post alone is
/// published on top of; one that changes the post stops with the local
/// commit kept.
#[test]
fn non_fast_forward_rebases_when_the_files_differ_and_stops_when_they_clash() {
    let f = fixture();
    let other = f.dir.path().join("other");
    git(
        f.dir.path(),
        &[
            "clone",
            "-q",
            f.origin.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    );
    git(&other, &["config", "user.name", "Other"]);
    git(&other, &["config", "user.email", "other@example.com"]);
    edit(&other, OTHER, "\nThe other writer's line.\n");
    git(&other, &["commit", "-qam", "Other post"]);
    git(&other, &["push", "-q", "origin", "main"]);

    edit(&f.root, POST, "\nMy line.\n");
    let outcome = publish_with(&f, &options()).unwrap();
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    let log = git(&f.origin, &["log", "--format=%s", "main"]);
    assert_eq!(
        log.lines().take(2).collect::<Vec<_>>(),
        [
            "Update: Writing with Postdesk: A Tour of the Desk",
            "Other post"
        ]
    );
    // The other writer's change arrived in the working tree too.
    assert!(std::fs::read_to_string(f.root.join(OTHER))
        .unwrap()
        .contains("The other writer's line."));
    assert_eq!(git(&f.root, &["status", "--porcelain"]).trim(), "");

    // Now both change the post.
    git(&other, &["pull", "-q", "--rebase", "origin", "main"]);
    edit(&other, POST, "\nTheir edit of the post.\n");
    git(&other, &["commit", "-qam", "Their post edit"]);
    git(&other, &["push", "-q", "origin", "main"]);
    edit(&f.root, POST, "\nMine again.\n");
    let outcome = publish_with(&f, &options()).unwrap();
    let Outcome::Rejected { commit, reason } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        reason.contains(POST) && reason.contains("is kept"),
        "{reason}"
    );
    assert_eq!(
        git(&f.root, &["rev-parse", "HEAD"]).trim(),
        commit,
        "the local commit stays"
    );
    assert_eq!(
        git(&f.origin, &["log", "-1", "--format=%s", "main"]).trim(),
        "Their post edit"
    );
}

/// A new writer's first Publish, step by step, as the Publish dialog's forms
/// do it: a blog folder that is no repository gets one with the writer's
/// identity for this blog, a first commit of the blog as it is (with a
/// `.gitignore` for the generator's output), and `origin` once it answers;
/// then a post publishes to it.
#[test]
fn a_blog_that_is_no_repository_is_made_ready_to_publish() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    let written = sample::write(&root, 1_700_000_000).unwrap();
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("node_modules/x")).unwrap();
    std::fs::write(root.join("node_modules/x/index.js"), "x").unwrap();
    let blog = Blog::open(&root).unwrap();
    use publish::setup;

    let ready = setup::readiness(&blog);
    assert!(!ready.repository && !ready.committed && ready.remote.is_none());

    // Refused as git would refuse it; nothing is made.
    let e = setup::set_identity(&blog, "Ada <x>", "ada@example.org", false, dir.path());
    assert!(e.unwrap_err().to_string().contains("cannot hold <, >"));
    assert!(!root.join(".git").exists());
    setup::set_identity(&blog, "Ada Lovelace", "ada@example.org", false, dir.path()).unwrap();
    let ready = setup::readiness(&blog);
    assert!(ready.repository && ready.identity && !ready.committed);

    let commit = setup::first_commit(&blog).unwrap();
    assert_eq!(git(&root, &["rev-parse", "HEAD"]).trim(), commit);
    assert_eq!(git(&root, &["branch", "--show-current"]).trim(), "main");
    let files = git(&root, &["ls-files"]);
    assert!(
        files.contains(POST) && files.contains(".gitignore"),
        "{files}"
    );
    assert!(!files.contains("node_modules"), "{files}");
    assert!(git(&root, &["status", "--porcelain"]).is_empty());
    assert!(setup::first_commit(&blog).is_err(), "only a first commit");

    // A remote that does not answer is not saved; one that does is.
    let nowhere = dir.path().join("nowhere.git");
    let e = setup::add_remote(&blog, nowhere.to_str().unwrap(), &options()).unwrap_err();
    assert!(e.to_string().contains("git init --bare"), "{e}");
    let e = setup::add_remote(&blog, "ext::sh -c touch% /tmp/pwned", &options()).unwrap_err();
    assert!(e.to_string().contains("not an address"), "{e}");
    assert!(setup::readiness(&blog).remote.is_none());
    // A new, empty repository on the server (as GitHub's "new repository").
    let empty = dir.path().join("empty.git");
    git(
        dir.path(),
        &["init", "--bare", "-b", "main", empty.to_str().unwrap()],
    );
    let origin = empty.to_str().unwrap();
    setup::add_remote(&blog, origin, &options()).unwrap();
    assert_eq!(setup::readiness(&blog).remote.as_deref(), Some(origin));

    // The global identity goes to the writer's ~/.gitconfig.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    setup::set_identity(&blog, "Ada", "ada@example.org", true, &home).unwrap();
    let global = std::fs::read_to_string(home.join(".gitconfig")).unwrap();
    assert!(
        global.contains("name = Ada") && global.contains("email = ada@example.org"),
        "{global}"
    );

    // And the first Publish goes through.
    edit(&root, POST, "\nA first publish.\n");
    let f = Fixture {
        root: root.clone(),
        origin: empty.clone(),
        blog: Blog::open(&root).unwrap(),
        dir,
    };
    let outcome = publish_with(&f, &options()).unwrap();
    assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");
    assert_eq!(remote_head_files(&f.origin), [POST]);
    drop(written);
}

/// Thousands of untracked files: the status lists 1,000 and says there are
/// more, instead of sending them all to the window on every refresh.
#[test]
fn other_changes_are_listed_up_to_a_thousand() {
    let f = fixture();
    let junk = f.root.join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    for i in 0..1005 {
        std::fs::write(junk.join(format!("f{i}.txt")), "x").unwrap();
    }
    let status = publish::status(&f.blog, None).unwrap();
    assert_eq!(status.others.len(), publish::OTHERS_LISTED);
    assert!(status.others_more);
    std::fs::remove_dir_all(&junk).unwrap();
    std::fs::write(f.root.join("one.txt"), "x").unwrap();
    let status = publish::status(&f.blog, None).unwrap();
    assert_eq!(status.others.len(), 1);
    assert!(!status.others_more);
}

/// The body's images as git holds them: an image in raw HTML is one of the
/// post's images (Publish commits it), one not committed yet is said
/// before publishing, one a `.gitignore` hides is a warning.
#[test]
fn the_body_checks_say_which_images_git_would_not_publish() {
    use postdesk_core::issue::Severity;
    use postdesk_core::preview::checks::{Around, Routes, Tracked};
    let f = fixture();
    std::fs::create_dir_all(f.root.join("public/assets/blog/new")).unwrap();
    std::fs::create_dir_all(f.root.join("public/assets/drafts")).unwrap();
    std::fs::write(f.root.join("public/assets/blog/new/inline.png"), b"png").unwrap();
    std::fs::write(f.root.join("public/assets/drafts/hidden.png"), b"png").unwrap();
    std::fs::write(f.root.join(".gitignore"), "public/assets/drafts/\n").unwrap();
    edit(
        &f.root,
        POST,
        "\n<p><img src=\"/assets/blog/new/inline.png\" alt=\"Inline\"></p>\n\n![Hidden](/assets/drafts/hidden.png)\n",
    );
    let text = std::fs::read_to_string(f.root.join(POST)).unwrap();

    let images = publish::referenced_images(&f.blog, POST, &text);
    assert!(
        images.contains(&"public/assets/blog/new/inline.png".to_owned()),
        "{images:?}"
    );

    let tracking = publish::file_tracking(&f.blog).expect("a repository");
    assert_eq!(
        tracking("public/assets/blog/new/inline.png"),
        Tracked::Untracked
    );
    assert_eq!(
        tracking("public/assets/drafts/hidden.png"),
        Tracked::Ignored
    );
    assert_eq!(tracking(OTHER), Tracked::Yes);

    let index = index::scan(&f.blog, None).unwrap();
    let routes = Routes::new(index.routes());
    let around = Around {
        blog: &f.blog,
        routes: &routes,
        tracked: Some(&tracking),
    };
    let options =
        postdesk_core::preview::RenderOptions::for_blog(&f.blog, POST.into(), &text, Vec::new);
    let found: Vec<(String, Severity)> =
        postdesk_core::preview::problems(&text, &options, Some(&around))
            .into_iter()
            .filter(|i| i.code == "untracked-image")
            .map(|i| (i.message, i.severity))
            .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, Severity::Info);
    assert!(
        found[0].0.contains("inline.png is not committed yet"),
        "{found:?}"
    );
    assert_eq!(found[1].1, Severity::Warning);
    assert!(
        found[1].0.contains("hidden.png is ignored by git"),
        "{found:?}"
    );
}
