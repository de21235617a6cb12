//! A blog someone else prepared: every file in it may be crafted. Each
//! test builds such a blog (posts, links, config, `.git`) and checks that
//! Postdesk refuses with a clear error instead of reading, writing or
//! running what the blog chose. (The credential helper and the `git push`
//! fallback are in `publish.rs`; postdesk.toml, FIFOs and /dev/zero beside
//! the code in `blog/config.rs` and `disk/paths.rs`; remote images in the
//! preview's tests; terminal escapes in the command line's tests; the IPC
//! commands in the end-to-end tests.)

use std::path::Path;
use std::process::Command;

use postdesk_core::app::sample;
use postdesk_core::blog::Blog;
use postdesk_core::publish::{self, PublishError};

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn a_repository_redirected_elsewhere_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    let blog = Blog::open(&root).unwrap();
    assert!(publish::open(&blog).is_ok());

    // core.worktree sends status and commits to another folder (one the
    // test owns: libgit2 refuses a work tree another user owns anyway).
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    git(
        &root,
        &["config", "core.worktree", elsewhere.to_str().unwrap()],
    );
    let Err(err) = publish::open(&blog) else {
        panic!("core.worktree was accepted")
    };
    assert!(matches!(err, PublishError::Redirected { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("{}'s repository is redirected elsewhere (its .git/config sets core.worktree = {}), so Postdesk will not commit or push there; if that is what you want, publish from a terminal", root.display(), elsewhere.display())
    );
    git(&root, &["config", "--unset", "core.worktree"]);

    // A `.git` file naming another repository (not a worktree of it).
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    git(&other, &["init", "-q"]);
    let blog2 = dir.path().join("blog2");
    sample::write(&blog2, 1_700_000_000).unwrap();
    std::fs::remove_dir_all(blog2.join(".git")).unwrap();
    std::fs::write(
        blog2.join(".git"),
        format!("gitdir: {}\n", other.join(".git").display()),
    )
    .unwrap();
    let Err(err) = publish::open(&Blog::open(&blog2).unwrap()) else {
        panic!("a .git file naming another repository was accepted")
    };
    assert!(matches!(err, PublishError::Redirected { .. }), "{err}");
    // (libgit2 takes the other repository's folder as the work tree.)
    assert!(err.to_string().contains("does not hold the blog"), "{err}");

    // A real `git worktree` of the blog's repository is fine.
    let tree = dir.path().join("tree");
    git(&root, &["worktree", "add", "-q", tree.to_str().unwrap()]);
    assert!(publish::open(&Blog::open(&tree).unwrap()).is_ok());
}

#[test]
fn open_image_never_hands_a_link_or_a_non_image_to_the_desktop() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    std::fs::create_dir_all(root.join("tools")).unwrap();
    std::fs::write(root.join("tools/payload.jar"), "PK\u{3}\u{4} not an image").unwrap();
    std::os::unix::fs::symlink("../tools/payload.jar", root.join("public/out.png")).unwrap();
    std::fs::write(
        root.join("public/assets/payload.jar"),
        "PK\u{3}\u{4} not an image",
    )
    .unwrap();
    std::os::unix::fs::symlink("assets/payload.jar", root.join("public/cover.png")).unwrap();
    std::fs::write(root.join("public/fake.png"), "#!/bin/sh\necho hi\n").unwrap();
    let blog = Blog::open(&root).unwrap();
    let post = "_posts/building-scalable-apis.md";
    // A link out of the public folder is no image of the site at all.
    assert_eq!(
        postdesk_core::cover::file_to_open(&blog, post, "/out.png").unwrap_err(),
        "/out.png: not a preview asset path: /site/out.png"
    );
    // A link inside it is still not opened.
    assert_eq!(
        postdesk_core::cover::file_to_open(&blog, post, "/cover.png").unwrap_err(),
        "/cover.png is a link to another file; Postdesk opens only the image itself"
    );
    assert_eq!(
        postdesk_core::cover::file_to_open(&blog, post, "/fake.png").unwrap_err(),
        "/fake.png is not an image (its content is something else)"
    );
    let real =
        postdesk_core::cover::file_to_open(&blog, post, "/assets/blog/apis/cover.jpg").unwrap();
    assert!(real.ends_with("public/assets/blog/apis/cover.jpg"));
}

#[test]
fn an_image_path_that_climbs_out_is_never_looked_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    std::fs::write(
        root.join("_posts/probe.md"),
        "---\ntitle: \"Probe\"\ndate: \"2024-01-15T08:30:00.000Z\"\ncoverImage: \"../../../../../../etc/passwd\"\n---\nText\n",
    )
    .unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = postdesk_core::index::scan(&blog, None).unwrap();
    let issues: Vec<_> = index
        .check_all(&blog)
        .into_iter()
        .filter(|(p, _)| p == "_posts/probe.md")
        .flat_map(|(_, i)| i)
        .map(|i| (i.code, i.message))
        .collect();
    assert_eq!(
        issues,
        [(
            "image-outside-blog".to_owned(),
            "`coverImage` points outside the blog (../../../../../../etc/passwd); put the image inside the blog and point to it there".to_owned()
        )]
    );
}

#[test]
fn a_terminal_is_not_opened_on_a_repository_whose_prompt_would_run_a_program() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    let blog = Blog::open(&root).unwrap();
    assert_eq!(publish::terminal_hazard(&blog), None);
    git(&root, &["config", "core.fsmonitor", "true"]);
    assert_eq!(publish::terminal_hazard(&blog), None, "git's own monitor");
    git(
        &root,
        &["config", "core.fsmonitor", "touch /tmp/pwned; echo"],
    );
    assert_eq!(
        publish::terminal_hazard(&blog).as_deref(),
        Some("core.fsmonitor = touch /tmp/pwned; echo")
    );
}

#[test]
fn a_cover_import_never_reads_a_link_where_its_file_would_go() {
    use postdesk_core::cover::{self, OutputKind, Request};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    let assets = root.join("public/assets/blog/writing-with-postdesk");
    std::fs::create_dir_all(&assets).unwrap();
    // Reading it to compare bytes would never end.
    std::os::unix::fs::symlink("/dev/zero", assets.join("cover.jpg")).unwrap();
    let blog = Blog::open(&root).unwrap();
    let request = Request {
        post: "_posts/writing-with-postdesk.md",
        source: &crate::fixture("images").join("orient-1.jpg"),
        focal: (0.5, 0.5),
        text: None,
        outputs: &[OutputKind::Cover],
        field: None,
    };
    let done = cover::import(
        &blog,
        &request,
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(
        done.files[0].path,
        "public/assets/blog/writing-with-postdesk/cover-2.jpg"
    );
    assert!(std::fs::symlink_metadata(assets.join("cover.jpg"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A remote on this machine keeps its own rules: its `pre-receive` hook
/// runs (libgit2 alone would write the refs and skip it) and its refusal is
/// reported as one; the blog's own hooks never run.
#[test]
fn a_local_remote_s_hooks_run_and_its_refusal_is_reported() {
    use postdesk_core::publish::{Outcome, PushOptions};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    let written = sample::write(&root, 1_700_000_000).unwrap();
    git(&root, &["config", "user.name", "Test Writer"]);
    git(&root, &["config", "user.email", "writer@example.com"]);
    let hook = |path: &Path, body: &str| {
        std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    let refusal = written.origin.join("hooks/pre-receive");
    hook(&refusal, "echo 'no pushes on Fridays' >&2\nexit 1");
    let blog_hook_ran = dir.path().join("blog-hook-ran");
    hook(
        &root.join(".git/hooks/pre-push"),
        &format!("touch {}", blog_hook_ran.display()),
    );
    let post = root.join("_posts/writing-with-postdesk.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{text}\nA new line.\n")).unwrap();
    let blog = Blog::open(&root).unwrap();
    let index = postdesk_core::index::scan(&blog, None).unwrap();
    let options = PushOptions::default();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let outcome = publish::publish(
        &blog,
        &index,
        "_posts/writing-with-postdesk.md",
        None,
        &options,
        &|_| {},
        &cancel,
    )
    .unwrap();
    let Outcome::Rejected { reason, .. } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(reason.contains("no pushes on Fridays"), "{reason}");
    assert!(!blog_hook_ran.exists(), "the blog's own pre-push hook ran");
    // The remote's rules allow it now: pushed by the git command.
    hook(&refusal, "exit 0");
    let outcome = publish::push(
        &blog,
        &["_posts/writing-with-postdesk.md".to_owned()],
        &options,
        &|_| {},
        &cancel,
    );
    assert!(
        matches!(&outcome, Outcome::Pushed { via, .. } if via == "git"),
        "{outcome:?}"
    );
    assert!(!blog_hook_ran.exists(), "the blog's own pre-push hook ran");
}
