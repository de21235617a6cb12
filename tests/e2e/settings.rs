//! The Settings dialog: the autosave interval (and off), the theme applied
//! to the window and the preview, remembered across runs.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::desk::editor_text;
use crate::harness::Session;

async fn body_background(s: &Session) -> String {
    s.client
        .execute(
            "return getComputedStyle(document.body).backgroundColor;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

async fn preview_background(s: &Session) -> String {
    s.client
        .execute(
            "const f = document.querySelector('iframe.preview'); const d = f && f.contentDocument; return d ? getComputedStyle(d.documentElement).backgroundColor : '';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn autosave_interval_and_theme_are_set_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let rel = "_posts/writing-with-postdesk.md";
    let file = blog.join(rel);
    let before = std::fs::read_to_string(&file).unwrap();

    let s = Session::start_in(&blog, tempfile::tempdir().unwrap(), &[]).await;
    s.find(&format!(r#"li[data-path="{rel}"]"#))
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the draft in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    let light = body_background(&s).await;

    // Ctrl+, opens Settings; autosave off.
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    content
        .send_keys(&format!("{},{}", &*Key::Control, &*Key::Null))
        .await
        .unwrap();
    let dialog = s.find(r#"[data-testid="settings"]"#).await;
    let select = dialog
        .find(Locator::Css(r#"[data-testid="autosave"]"#))
        .await
        .unwrap();
    select.select_by_value("0").await.unwrap();
    dialog
        .find(Locator::Css(r#"[data-testid="theme-dark"]"#))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.eventually("the window turns dark", || async {
        body_background(&s).await != light
    })
    .await;
    let dark = body_background(&s).await;
    assert_eq!(dark, "rgb(22, 24, 29)", "the app's dark background");
    s.eventually("the preview turns dark too", || async {
        preview_background(&s).await == "rgb(17, 19, 24)"
    })
    .await;
    s.screenshot("dark-theme").await;
    dialog
        .find(Locator::Css("button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.screenshot("readme-dark").await;

    // With autosave off, typing is not saved (but journaled).
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    content
        .send_keys(&format!("{}{}{}", &*Key::Control, &*Key::End, &*Key::Null))
        .await
        .unwrap();
    let off = s.marks("pd:autosave-off").await;
    content.send_keys(" Not saved by itself.").await.unwrap();
    // The window decided not to autosave (and journaled the text).
    s.mark_after("pd:autosave-off", off).await;
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "autosave is off"
    );

    // Both settings are remembered by the next run.
    let home = s.stop_keeping_home().await;
    let s = Session::start_in(&blog, home, &[]).await;
    s.find(&format!(r#"li[data-path="{rel}"]"#)).await;
    s.eventually("the dark theme again", || async {
        body_background(&s).await == dark
    })
    .await;
    s.find(r#"[data-testid="open-settings"]"#)
        .await
        .click()
        .await
        .unwrap();
    let value = s
        .find(r#"[data-testid="autosave"]"#)
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("0"));
    // Autosave after 1 s: typing reaches the disk on its own.
    s.select(r#"[data-testid="autosave"]"#, "1").await;
    s.find(r#"[data-testid="settings"] button.primary"#)
        .await
        .click()
        .await
        .unwrap();
    s.find(&format!(r#"li[data-path="{rel}"]"#))
        .await
        .click()
        .await
        .unwrap();
    if let Ok(b) = s
        .client
        .find(Locator::Css(r#"[data-testid="recover"] button"#))
        .await
    {
        b.click().await.unwrap();
    }
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    content
        .send_keys(&format!("{}{}{}", &*Key::Control, &*Key::End, &*Key::Null))
        .await
        .unwrap();
    content.send_keys(" Saved after a second.").await.unwrap();
    s.eventually("autosaved after a second", || async {
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(" Saved after a second.")
    })
    .await;
    s.stop().await;
}

/// The window's size comes back on the next start (window-state plugin).
#[tokio::test(flavor = "multi_thread")]
async fn the_window_size_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let s = Session::start_in(&blog, tempfile::tempdir().unwrap(), &[]).await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;
    s.client.set_window_size(900, 600).await.unwrap();
    s.eventually("the window is 900×600", || async {
        s.client
            .get_window_size()
            .await
            .map(|(w, h)| (w, h) == (900, 600))
            .unwrap_or(false)
    })
    .await;
    s.screenshot("small-window").await;
    // The editor | preview split, moved with the keyboard.
    let splitter = s.find(r#"[data-testid="splitter"]"#).await;
    splitter
        .send_keys(&format!("{}{}", &*Key::Left, &*Key::Left))
        .await
        .unwrap();
    assert_eq!(
        splitter.attr("aria-valuenow").await.unwrap().as_deref(),
        Some("40")
    );
    // The split is remembered with the settings.
    let remembered = s.home().join("data/postdesk/state.json");
    s.eventually("the split remembered", || async {
        std::fs::read_to_string(&remembered)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["settings"]["split"].as_f64())
            == Some(0.4)
    })
    .await;
    // The window-state plugin has written the new size (half a second
    // after the window was last resized).
    let state = s
        .home()
        .join("config/dev.postdesk.editor/.window-state.json");
    s.eventually("the window's size remembered", || async {
        std::fs::read_to_string(&state)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["main"]["width"].as_u64())
            == Some(900)
    })
    .await;
    let home = s.stop_keeping_home().await;
    let s = Session::start_in(&blog, home, &[]).await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;
    let (w, h) = s.client.get_window_size().await.unwrap();
    assert_eq!((w, h), (900, 600), "the size of the last run");
    let splitter = s.find(r#"[data-testid="splitter"]"#).await;
    assert_eq!(
        splitter.attr("aria-valuenow").await.unwrap().as_deref(),
        Some("40"),
        "the split of the last run"
    );
    s.stop().await;
}
