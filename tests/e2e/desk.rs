//! The first window: the post list, the editor and the preview, fed from a
//! real sample blog on disk.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::Session;

const TITLE: &str = "Building Scalable APIs: Lessons from Production";

#[tokio::test(flavor = "multi_thread")]
async fn lists_the_sample_posts_and_opens_one_in_editor_and_preview() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::sample::write(&blog, 1_700_000_000).unwrap();

    let s = Session::start(&blog).await;

    // The list shows both sample posts, draft badge included.
    let item = s
        .find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;
    assert!(item.text().await.unwrap().contains(TITLE));
    let draft = s
        .find(r#"li[data-path="_posts/writing-with-postdesk.md"] .badge"#)
        .await;
    assert_eq!(draft.text().await.unwrap().to_lowercase(), "draft");

    // Open the draft first, then the reference post: the editor follows.
    draft.click().await.unwrap();
    s.eventually("the draft's text in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    item.click().await.unwrap();
    s.eventually("the seed post's body in the editor", || async {
        editor_text(&s)
            .await
            .contains("After spending months working on various API projects")
    })
    .await;

    // The preview shows the rendered body, not the front-matter.
    s.eventually("the rendered heading in the preview", || async {
        preview_html(&s)
            .await
            .contains("The Foundation: Design Principles")
    })
    .await;
    let html = preview_html(&s).await;
    assert!(html.contains("<h2>"), "{html}");
    assert!(
        !html.contains("coverImage"),
        "front-matter leaked into the preview: {html}"
    );

    // Typing in the editor reaches the preview: real keystrokes, Ctrl+End
    // first to get below the last line.
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    let ctrl_end = format!("{}{}{}", &*Key::Control, &*Key::End, &*Key::Null);
    content.send_keys(&ctrl_end).await.unwrap();
    let enter: &str = &Key::Enter;
    content
        .send_keys(&format!("{enter}{enter}## Typed in the test{enter}"))
        .await
        .unwrap();
    s.eventually("the typed heading in the preview", || async {
        preview_html(&s).await.contains("Typed in the test")
    })
    .await;
    let status = s.find("footer").await.text().await.unwrap();
    assert!(status.contains("edited"), "{status}");

    s.screenshot("first-window").await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_post_is_listed_with_its_problem() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::sample::write(&blog, 1_700_000_000).unwrap();
    std::fs::write(
        blog.join("_posts/broken.md"),
        "---\ntitle: [unclosed\n---\nBody\n",
    )
    .unwrap();

    let s = Session::start(&blog).await;
    let problem = s.find(r#"li[data-path="_posts/broken.md"] .problem"#).await;
    let text = problem.attr("title").await.unwrap().unwrap_or_default();
    s.screenshot("broken-post").await;
    assert!(text.starts_with("_posts/broken.md:2:8: "), "{text}");
    // The writer sees the message itself, not only a tooltip.
    let shown = s
        .client
        .execute(
            "return document.querySelector('li[data-path=\"_posts/broken.md\"] .problem').innerText;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown.as_str().unwrap_or_default(), format!("⚠ {text}"));
    // It still opens: the writer can fix it in the editor.
    s.client
        .find(Locator::Css(r#"li[data-path="_posts/broken.md"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.eventually("the broken post's text in the editor", || async {
        editor_text(&s).await.contains("title: [unclosed")
    })
    .await;
    s.stop().await;
}

async fn editor_text(s: &Session) -> String {
    let v = s
        .client
        .execute(
            "const el = document.querySelector('.cm-content'); return el ? el.innerText : '';",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

async fn preview_html(s: &Session) -> String {
    let v = s
        .client
        .execute(
            "const f = document.querySelector('iframe.preview'); const a = f && f.contentDocument && f.contentDocument.querySelector('article.post'); return a ? a.innerHTML : '';",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn problems_follow_typing_and_ctrl_s_saves_exactly_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::sample::write(&blog, 1_700_000_000).unwrap();
    let post = blog.join("_posts/building-scalable-apis.md");
    let before = std::fs::read_to_string(&post).unwrap();

    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the seed post in the editor", || async {
        editor_text(&s).await.contains("After spending months")
    })
    .await;
    let content = s.find(".cm-content").await;
    let (ctrl, end, enter, null): (&str, &str, &str, &str) =
        (&Key::Control, &Key::End, &Key::Enter, &Key::Null);

    // A duplicate key: the Problems panel shows the error as it is typed.
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    content.send_keys(end).await.unwrap();
    content
        .send_keys(&format!("{enter}title: \"Dup\""))
        .await
        .unwrap();
    let problem = s
        .find(r#".problems [data-code="front-matter-syntax"]"#)
        .await;
    let text = problem.text().await.unwrap();
    assert!(text.contains("appears twice"), "{text}");
    s.screenshot("problems").await;

    // Undo removes it again.
    for _ in 0..3 {
        content.send_keys(&format!("{ctrl}z{null}")).await.unwrap();
    }
    s.eventually("the problem to go away", || async {
        s.client
            .find(fantoccini::Locator::Css(
                r#".problems [data-code="front-matter-syntax"]"#,
            ))
            .await
            .is_err()
    })
    .await;
    assert_eq!(editor_text(&s).await.matches("title:").count(), 1);

    // A valid new field, then Ctrl+S: the file holds exactly that one new line.
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    content.send_keys(end).await.unwrap();
    content
        .send_keys(&format!("{enter}mood: \"calm\""))
        .await
        .unwrap();
    content.send_keys(&format!("{ctrl}s{null}")).await.unwrap();
    s.eventually("the post saved to disk", || async {
        std::fs::read_to_string(&post).unwrap() != before
    })
    .await;
    let after = std::fs::read_to_string(&post).unwrap();
    assert_eq!(after, before.replacen("---\n", "---\nmood: \"calm\"\n", 1));
    let footer = s.find("footer").await.text().await.unwrap();
    assert!(!footer.contains("edited"), "{footer}");
    s.stop().await;
}
