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
    let written = postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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
    let files = git(
        &written.origin,
        &["show", "--name-only", "--format=%s", "main"],
    );
    let lines: Vec<&str> = files.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        ["Update: Writing with Postdesk: A Tour of the Desk", POST]
    );
    assert!(git(&written.origin, &["show", &format!("main:{POST}")])
        .contains("Published from the end-to-end test."));
    assert_eq!(
        git(&blog, &["status", "--porcelain"]).trim(),
        "?? notes.txt"
    );
    s.stop().await;
}
