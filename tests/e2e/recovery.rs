//! The recovery journal across runs: what was typed and never saved is
//! offered back when the app starts again.

use fantoccini::key::Key;

use crate::desk::editor_text;
use crate::harness::Session;

/// Typing leaves the unsaved text in the recovery journal within a second;
/// when the app goes away before saving, the next start offers it back.
#[tokio::test(flavor = "multi_thread")]
async fn unsaved_edits_survive_the_app_closing_and_are_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join("_posts/writing-with-postdesk.md");
    let before = std::fs::read_to_string(&post).unwrap();

    let s = Session::start_in(&blog, tempfile::tempdir().unwrap(), &[]).await;
    s.find(r#"li[data-path="_posts/writing-with-postdesk.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the draft in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    let ctrl_end = format!("{}{}{}", &*Key::Control, &*Key::End, &*Key::Null);
    content.send_keys(&ctrl_end).await.unwrap();
    content.send_keys("Typed, never saved.").await.unwrap();
    // The journal has it within 0.4 s; autosave would come at 2 s.
    s.journal_holds("Typed, never saved.").await;
    let home = s.stop_keeping_home().await;
    assert_eq!(std::fs::read_to_string(&post).unwrap(), before, "not saved");

    let s = Session::start_in(&blog, home, &[]).await;
    let banner = s.find(r#"[data-testid="recover"]"#).await;
    assert!(banner
        .text()
        .await
        .unwrap()
        .contains("_posts/writing-with-postdesk.md"));
    s.screenshot("recover").await;
    banner
        .find(fantoccini::Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.eventually("the recovered text in the editor", || async {
        editor_text(&s).await.contains("Typed, never saved.")
    })
    .await;
    // Autosave then writes it to disk.
    s.eventually("the recovered text saved", || async {
        std::fs::read_to_string(&post)
            .unwrap()
            .contains("Typed, never saved.")
    })
    .await;
    s.stop().await;
}
