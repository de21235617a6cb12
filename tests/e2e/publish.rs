//! Publish from the window to the sample blog's local remote, then check
//! with git that the remote has the commit with exactly the expected files.

use std::process::Command;

use fantoccini::key::Key;

use crate::desk::editor_text;
use crate::harness::Session;

const POST: &str = "_posts/writing-with-postdesk.md";

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_commits_exactly_the_post_and_pushes_it() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    let origin = crate::harness::sample(&blog);
    git(&blog, &["config", "user.name", "E2E Writer"]);
    git(&blog, &["config", "user.email", "e2e@example.com"]);
    // An unrelated change that must stay out of the commit.
    std::fs::write(blog.join("notes.txt"), "private notes\n").unwrap();

    let s = Session::start(&blog).await;
    s.find(&format!(r#"li[data-path="{POST}"]"#))
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the draft in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    s.eventually("the git line in the status bar", || async {
        match s
            .client
            .find(fantoccini::Locator::Css(r#"[data-testid="git-status"]"#))
            .await
        {
            Ok(el) => el
                .text()
                .await
                .unwrap_or_default()
                .contains("main → origin/main"),
            Err(_) => false,
        }
    })
    .await;

    // Type a line (unsaved), then Ctrl+Shift+P: the post is saved first.
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    let ctrl_end = format!("{}{}{}", &*Key::Control, &*Key::End, &*Key::Null);
    content.send_keys(&ctrl_end).await.unwrap();
    content
        .send_keys("\nPublished from the end-to-end test.")
        .await
        .unwrap();
    let shortcut = format!("{}{}p{}", &*Key::Control, &*Key::Shift, &*Key::Null);
    content.send_keys(&shortcut).await.unwrap();

    s.find(r#"[data-testid="publish-files"]"#).await;
    let files = s
        .find(r#"[data-testid="publish-files"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        files.contains(POST) && !files.contains("notes.txt"),
        "{files}"
    );
    let message = s.find(r#"[data-testid="publish-message"]"#).await;
    assert_eq!(
        message.prop("value").await.unwrap().as_deref(),
        Some("Update: Writing with Postdesk: A Tour of the Desk")
    );
    s.screenshot("publish-dialog").await;
    s.find(r#"[data-testid="publish-go"]"#)
        .await
        .click()
        .await
        .unwrap();
    let outcome = s.find(r#"[data-testid="publish-outcome"]"#).await;
    assert_eq!(
        outcome.attr("data-kind").await.unwrap().as_deref(),
        Some("pushed"),
        "{}",
        outcome.text().await.unwrap()
    );
    s.screenshot("publish-done").await;

    // The remote has the commit, with exactly the post in it.
    let files = git(&origin, &["show", "--name-only", "--format=%s", "main"]);
    let lines: Vec<&str> = files.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        ["Update: Writing with Postdesk: A Tour of the Desk", POST]
    );
    assert!(git(&origin, &["show", &format!("main:{POST}")])
        .contains("Published from the end-to-end test."));
    assert_eq!(
        git(&blog, &["status", "--porcelain"]).trim(),
        "?? notes.txt"
    );
    s.stop().await;
}

/// A new writer on a fresh HOME, with a blog folder that is no repository:
/// Publish asks who they are, makes the repository and its first commit,
/// asks where to push (a wrong address is refused, nothing saved), then
/// publishes — all in the dialog, no terminal.
#[tokio::test(flavor = "multi_thread")]
async fn a_first_publish_needs_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    std::fs::remove_dir_all(blog.join(".git")).unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let server = dir.path().join("server/blog.git");
    git(
        dir.path(),
        &["init", "--bare", "-b", "main", server.to_str().unwrap()],
    );

    let s = Session::start_with(&blog, &[("HOME", home.as_path())]).await;
    crate::desk::open_post(&s, POST, "This post is a **draft**").await;
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    let shortcut = format!("{}{}p{}", &*Key::Control, &*Key::Shift, &*Key::Null);
    content.send_keys(&shortcut).await.unwrap();

    // Who you are (for every repository: ~/.gitconfig).
    s.find(r#"[data-testid="identity-form"]"#).await;
    s.screenshot("first-run-identity").await;
    s.find(r#"[data-testid="identity-name"]"#)
        .await
        .send_keys("Ada Lovelace")
        .await
        .unwrap();
    let email = s.find(r#"[data-testid="identity-email"]"#).await;
    email.send_keys("ada@example").await.unwrap();
    s.click(r#"[data-testid="identity-form"] button[type="submit"]"#)
        .await;
    let error = s.find(r#"[data-testid="first-run-error"]"#).await;
    assert!(error.text().await.unwrap().contains("not an email address"));
    email.send_keys(".org").await.unwrap();
    s.click(r#"[data-testid="identity-form"] button[type="submit"]"#)
        .await;

    // Not a repository: made one, with a first commit.
    s.find(r#"[data-testid="init-form"]"#).await;
    let global = std::fs::read_to_string(home.join(".gitconfig")).unwrap();
    assert!(
        global.contains("Ada Lovelace") && global.contains("ada@example.org"),
        "{global}"
    );
    s.click(r#"[data-testid="init-go"]"#).await;

    // Where to push: a wrong address is refused, the right one saved.
    let url = s.find(r#"[data-testid="remote-url"]"#).await;
    assert_eq!(
        git(&blog, &["log", "--format=%an <%ae>", "-1"]).trim(),
        "Ada Lovelace <ada@example.org>"
    );
    url.send_keys(dir.path().join("server/nothing.git").to_str().unwrap())
        .await
        .unwrap();
    s.click(r#"[data-testid="remote-form"] button[type="submit"]"#)
        .await;
    let error = s.find(r#"[data-testid="first-run-error"]"#).await;
    assert!(error.text().await.unwrap().contains("git init --bare"));
    assert!(git(&blog, &["remote"]).trim().is_empty(), "nothing saved");
    url.clear().await.unwrap();
    url.send_keys(server.to_str().unwrap()).await.unwrap();
    s.screenshot("first-run-remote").await;
    s.click(r#"[data-testid="remote-form"] button[type="submit"]"#)
        .await;

    // Ready: the usual dialog, and the post goes to the server.
    s.click(r#"[data-testid="publish-go"]"#).await;
    let outcome = s.find(r#"[data-testid="publish-outcome"]"#).await;
    s.eventually("published", || async {
        outcome.attr("data-kind").await.ok().flatten().as_deref() == Some("pushed")
            || outcome.attr("data-kind").await.ok().flatten().as_deref() == Some("nothing")
    })
    .await;
    let on_server = git(&server, &["log", "--format=%s", "main"]);
    assert!(
        on_server.contains("First commit of the blog"),
        "{on_server}"
    );
    s.stop().await;
}

/// A repository with thousands of untracked files: the status bar says
/// "1,000+ other changes" (Rust lists 1,000 and says there are more).
#[tokio::test(flavor = "multi_thread")]
async fn thousands_of_other_changes_are_counted_as_1000_plus() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let junk = blog.join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    for i in 0..1500 {
        std::fs::write(junk.join(format!("f{i}.txt")), "x").unwrap();
    }
    let s = Session::start(&blog).await;
    s.eventually("the capped count in the status bar", || async {
        s.client
            .execute(
                "return document.querySelector('[data-testid=other-changes]')?.textContent ?? '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .is_some_and(|t| t == "1,000+ other changes")
    })
    .await;
    s.stop().await;
}
