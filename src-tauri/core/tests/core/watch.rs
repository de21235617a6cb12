//! Real inotify event sequences, recorded by notify while this test does
//! what vim, VS Code, Postdesk's own save and git do to a post, then mapped
//! by `watch::changes`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use postdesk_core::disk::watch::{self, Change, RawEvent, Scope};

/// Runs `act` in a watched blog and returns what the events mean.
fn record(act: impl FnOnce(&Path)) -> Vec<Change> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join(".git/refs/heads")).unwrap();
    std::fs::write(root.join("_posts/a.md"), "old\n").unwrap();
    std::fs::write(root.join("_posts/gone.md"), "bye\n").unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e {
            let _ = tx.send(e);
        }
    })
    .unwrap();
    watcher.watch(&root, RecursiveMode::Recursive).unwrap();
    act(&root);
    let mut events = Vec::new();
    while let Ok(e) = rx.recv_timeout(Duration::from_millis(300)) {
        events.push(RawEvent::from_notify(&e));
    }
    let dirs = vec!["_posts".to_owned()];
    let git = root.join(".git");
    let scope = Scope {
        root: &root,
        content_dirs: &dirs,
        git_dir: Some(&git),
    };
    let known: HashSet<String> = ["_posts/a.md", "_posts/gone.md"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    watch::changes(&scope, &events, &known, &|rel| root.join(rel).exists())
}

fn changed(p: &str) -> Change {
    Change::Changed(p.to_owned())
}

#[test]
fn vim_style_save_by_rename() {
    let got = record(|root| {
        let posts = root.join("_posts");
        std::fs::write(posts.join("4913"), "").unwrap();
        std::fs::remove_file(posts.join("4913")).unwrap();
        std::fs::rename(posts.join("a.md"), posts.join("a.md~")).unwrap();
        std::fs::write(posts.join("a.md"), "new\n").unwrap();
        std::fs::remove_file(posts.join("a.md~")).unwrap();
    });
    assert_eq!(got, [changed("_posts/a.md")]);
}

#[test]
fn vs_code_style_and_postdesk_atomic_saves() {
    let got = record(|root| {
        let posts = root.join("_posts");
        std::fs::write(posts.join(".a.md.tmp"), "new\n").unwrap();
        std::fs::rename(posts.join(".a.md.tmp"), posts.join("a.md")).unwrap();
    });
    assert_eq!(got, [changed("_posts/a.md")]);
    let got = record(|root| {
        postdesk_core::disk::save::save(root, "_posts/a.md", b"saved by postdesk\n").unwrap();
    });
    assert_eq!(got, [changed("_posts/a.md")]);
}

#[test]
fn a_checkout_that_changes_adds_and_removes_posts() {
    let got = record(|root| {
        let posts = root.join("_posts");
        std::fs::write(root.join(".git/index.lock"), "x").unwrap();
        std::fs::write(posts.join("a.md"), "other branch\n").unwrap();
        std::fs::write(posts.join("new.md"), "hi\n").unwrap();
        std::fs::remove_file(posts.join("gone.md")).unwrap();
        std::fs::rename(root.join(".git/index.lock"), root.join(".git/index")).unwrap();
        std::fs::write(root.join(".git/HEAD.lock"), "ref: refs/heads/other\n").unwrap();
        std::fs::rename(root.join(".git/HEAD.lock"), root.join(".git/HEAD")).unwrap();
    });
    assert_eq!(
        got,
        [
            changed("_posts/a.md"),
            Change::Added("_posts/new.md".into()),
            Change::Removed("_posts/gone.md".into()),
            Change::Git
        ]
    );
}

#[test]
fn renaming_a_post() {
    let got = record(|root| {
        std::fs::rename(root.join("_posts/a.md"), root.join("_posts/b.md")).unwrap();
    });
    assert_eq!(
        got,
        [Change::Renamed {
            from: "_posts/a.md".into(),
            to: "_posts/b.md".into()
        }]
    );
}

// ---- the running watcher (notify-debouncer-full), on a real blog ----

mod live {
    use std::collections::HashSet;
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use postdesk_core::disk::watch::{BlogWatcher, Change, Mode};
    use postdesk_core::Blog;

    /// A blog-starter blog in git with one post.
    fn blog() -> (tempfile::TempDir, Blog) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::create_dir_all(root.join("public/assets")).unwrap();
        std::fs::write(
            root.join("package.json"),
            r#"{"dependencies":{"next":"15"}}"#,
        )
        .unwrap();
        std::fs::write(root.join("_posts/a.md"), "---\ntitle: A\n---\nold\n").unwrap();
        git(&root, &["init", "-q", "-b", "main"]);
        git(&root, &["add", "."]);
        git(&root, &["commit", "-q", "-m", "one"]);
        let blog = Blog::open(&root).unwrap();
        (dir, blog)
    }

    fn git(root: &Path, args: &[&str]) {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(root)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }

    fn start(blog: &Blog, polling: bool) -> (BlogWatcher, mpsc::Receiver<Vec<Change>>) {
        let (tx, rx) = mpsc::channel();
        let w = BlogWatcher::start(
            blog.watch_scope(),
            polling,
            || HashSet::from(["_posts/a.md".to_owned()]),
            move |c| {
                let _ = tx.send(c);
            },
        )
        .unwrap();
        (w, rx)
    }

    /// Everything reported until `want` is among it (or 5 s pass).
    fn until(rx: &mpsc::Receiver<Vec<Change>>, want: &Change) -> Vec<Change> {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !seen.contains(want) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(c) => {
                    eprintln!("watch: {c:?}");
                    seen.extend(c)
                }
                Err(_) => break,
            }
        }
        seen
    }

    #[test]
    fn edits_new_posts_renames_assets_and_commits_are_reported() {
        let (_dir, blog) = blog();
        let root = blog.root().to_path_buf();
        let (w, rx) = start(&blog, false);
        assert_eq!(w.mode(), &Mode::Events);

        std::fs::write(root.join("_posts/a.md"), "---\ntitle: A\n---\nnew\n").unwrap();
        let want = Change::Changed("_posts/a.md".into());
        assert!(until(&rx, &want).contains(&want));

        std::fs::write(root.join("_posts/b.md"), "---\ntitle: B\n---\n").unwrap();
        let want = Change::Added("_posts/b.md".into());
        assert!(until(&rx, &want).contains(&want));

        std::fs::write(root.join("public/assets/x.jpg"), "not really").unwrap();
        assert!(until(&rx, &Change::Assets).contains(&Change::Assets));

        git(&root, &["add", "-A"]);
        git(&root, &["commit", "-q", "-m", "two"]);
        assert!(until(&rx, &Change::Git).contains(&Change::Git));

        std::fs::rename(root.join("_posts/a.md"), root.join("_posts/c.md")).unwrap();
        let want = Change::Renamed {
            from: "_posts/a.md".into(),
            to: "_posts/c.md".into(),
        };
        assert!(until(&rx, &want).contains(&want));
    }

    #[test]
    fn polling_sees_the_same_edits() {
        let (_dir, blog) = blog();
        let root = blog.root().to_path_buf();
        let (w, rx) = start(&blog, true);
        assert!(matches!(w.mode(), Mode::Polling { .. }));
        // The poller's first look must come before the edit.
        std::thread::sleep(Duration::from_millis(700));
        std::fs::write(
            root.join("_posts/a.md"),
            "---\ntitle: A\n---\npolled edit\n",
        )
        .unwrap();
        let want = Change::Changed("_posts/a.md".into());
        assert!(until(&rx, &want).contains(&want));
        std::fs::remove_file(root.join("_posts/a.md")).unwrap();
        let want = Change::Removed("_posts/a.md".into());
        assert!(until(&rx, &want).contains(&want));
    }

    /// In a user namespace whose inotify watch limit is 1 (set by the test
    /// through `unshare`), the watcher falls back to polling, says why, and
    /// still sees edits.
    #[test]
    fn the_watch_limit_falls_back_to_polling() {
        if std::env::var_os("POSTDESK_WATCH_LIMIT_CHILD").is_some() {
            let (_dir, blog) = blog();
            let (w, rx) = start(&blog, false);
            let Mode::Polling { reason } = w.mode().clone() else {
                panic!("expected polling, got {:?}", w.mode());
            };
            assert!(reason.contains("max_user_watches"), "{reason}");
            std::thread::sleep(Duration::from_millis(700));
            std::fs::write(blog.root().join("_posts/a.md"), "changed\n").unwrap();
            let want = Change::Changed("_posts/a.md".into());
            assert!(until(&rx, &want).contains(&want));
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new("unshare")
            .args(["-U", "-r", "sh", "-c"])
            .arg(
                "echo 1 > /proc/sys/user/max_inotify_watches || exit 97; \
                 exec \"$0\" \"$@\"",
            )
            .arg(&exe)
            .args([
                "--exact",
                "watch::live::the_watch_limit_falls_back_to_polling",
                "--test-threads=1",
            ])
            .env("POSTDESK_WATCH_LIMIT_CHILD", "1")
            .output()
            .expect("unshare (util-linux) runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "the child failed:\n{said}");
        assert!(said.contains("1 passed"), "{said}");
    }
}
