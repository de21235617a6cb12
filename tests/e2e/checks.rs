//! The body checks in the window: a broken link and an image without alt
//! text in the Problems panel, each fixed with one click (the alt text
//! asked for first), each fix one undoable edit.

use fantoccini::key::Key;

use crate::desk::{editor_text, open_seed};
use crate::harness::Session;

/// The fix button of the (first) problem with `code`.
fn fix_of(code: &str) -> String {
    format!(r#".problems li:has([data-code="{code}"]) [data-testid="issue-fix"]"#)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_link_and_a_missing_alt_text_are_fixed_from_the_problems_panel() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join("_posts/building-scalable-apis.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str(
        "\nMore in [the other post](/posts/writing-with-postdesks).\n\n![](/assets/blog/apis/cover.jpg)\n",
    );
    std::fs::write(&post, &text).unwrap();

    let s = Session::start(&blog).await;
    open_seed(&s).await;
    let link = s.find(r#".problems [data-code="broken-link"]"#).await;
    let said = link.text().await.unwrap();
    assert!(
        said.contains("did you mean /posts/writing-with-postdesk?"),
        "{said}"
    );
    s.find(r#".problems [data-code="missing-alt"]"#).await;
    s.screenshot("checks-problems").await;

    // The link: one click puts in the post's route.
    s.click(&fix_of("broken-link")).await;
    s.eventually("the route fixed in the editor", || async {
        editor_text(&s)
            .await
            .contains("[the other post](/posts/writing-with-postdesk).")
    })
    .await;
    s.eventually("the broken link gone from the problems", || async {
        s.client
            .find(fantoccini::Locator::Css(
                r#".problems [data-code="broken-link"]"#,
            ))
            .await
            .is_err()
    })
    .await;

    // The alt text: asked for, then put between `![` and `]`.
    s.click(&fix_of("missing-alt")).await;
    let input = s.find(r#"[data-testid="issue-ask"] input"#).await;
    let asked = input.attr("placeholder").await.unwrap().unwrap_or_default();
    assert!(asked.contains("What does the image"), "{asked}");
    input.send_keys("The cover").await.unwrap();
    s.screenshot("checks-ask").await;
    input.send_keys(&Key::Enter).await.unwrap();
    s.eventually("the alt text in the editor", || async {
        editor_text(&s)
            .await
            .contains("![The cover](/assets/blog/apis/cover.jpg)")
    })
    .await;
    s.eventually("no body problem left", || async {
        s.client
            .find(fantoccini::Locator::Css(
                r#".problems [data-code="missing-alt"]"#,
            ))
            .await
            .is_err()
    })
    .await;

    // Each fix is one edit: undo takes the alt text back out at once.
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    let content = s.find(".cm-content").await;
    content
        .send_keys(&format!("{}z{}", &*Key::Control, &*Key::Null))
        .await
        .unwrap();
    s.eventually("the alt text undone", || async {
        editor_text(&s)
            .await
            .contains("\n![](/assets/blog/apis/cover.jpg)")
    })
    .await;
    assert!(editor_text(&s)
        .await
        .contains("(/posts/writing-with-postdesk)."));
    s.stop().await;
}
