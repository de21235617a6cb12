//! Real inotify event sequences, recorded by notify while this test does
//! what vim, VS Code, Postdesk's own save and git do to a post, then mapped
//! by `watch::changes`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use postdesk_core::watch::{self, Change, RawEvent, Scope};

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
        postdesk_core::save::save(root, "_posts/a.md", b"saved by postdesk\n").unwrap();
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
