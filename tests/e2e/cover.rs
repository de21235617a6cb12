//! Cover images in the window: choose an image (the file dialog's answer
//! given by POSTDESK_E2E_PICK, since WebDriver cannot drive a GTK dialog),
//! see the thumbnails and sizes, the front-matter set in the editor and on
//! disk, then pick a focal point and see the og image cropped again.

use crate::desk::editor_text;
use crate::harness::Session;

const POST: &str = "_posts/writing-with-postdesk.md";

#[tokio::test(flavor = "multi_thread")]
async fn choosing_a_cover_shows_thumbnails_and_sets_the_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    // A portrait photo stand-in: warm at the top, cool at the bottom, so the
    // og crop differs with the focal point.
    let photo = dir.path().join("portrait.jpg");
    image::RgbImage::from_fn(900, 1200, |x, y| {
        let t = y as f32 / 1200.0;
        image::Rgb([
            (230.0 * (1.0 - t)) as u8 + 20,
            ((x % 60) as f32 + 80.0) as u8,
            (230.0 * t) as u8 + 20,
        ])
    })
    .save(&photo)
    .unwrap();

    let s = Session::start_with(&blog, &[("POSTDESK_E2E_PICK", photo.as_path())]).await;
    s.find(&format!(r#"li[data-path="{POST}"]"#))
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the draft in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    // The sample's cover is shown before anything is chosen.
    s.eventually("the current cover's thumbnail", || async {
        thumb_src(&s, "cover-thumb")
            .await
            .contains("/assets/blog/apis/cover.jpg")
    })
    .await;

    s.find(r#"[data-testid="cover-choose"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the new cover's thumbnail, loaded", || async {
        thumb_src(&s, "cover-thumb")
            .await
            .contains("/writing-with-postdesk/cover.jpg")
            && loaded(&s, "cover-thumb").await
            && loaded(&s, "og-thumb").await
    })
    .await;
    let size = s
        .find(r#"[data-testid="cover-size"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        size.starts_with("900×1200 · ") && size.ends_with(" bytes"),
        "{size}"
    );
    let og_size = s
        .find(r#"[data-testid="og-size"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(og_size.starts_with("900×472 · "), "{og_size}");

    // The editor shows the new fields, and the post on disk has them.
    let text = editor_text(&s).await;
    assert!(
        text.contains(r#"coverImage: "/assets/blog/writing-with-postdesk/cover.jpg""#),
        "{text}"
    );
    assert!(
        text.contains(r#"url: "/assets/blog/writing-with-postdesk/og.jpg""#),
        "{text}"
    );
    let on_disk = std::fs::read_to_string(blog.join(POST)).unwrap();
    assert!(on_disk.contains(r#"coverImage: "/assets/blog/writing-with-postdesk/cover.jpg""#));
    let assets = blog.join("public/assets/blog/writing-with-postdesk");
    for name in ["cover.jpg", "og.jpg", "thumb.jpg"] {
        assert!(assets.join(name).is_file(), "{name} missing");
    }
    let footer = s.find("footer").await.text().await.unwrap();
    assert!(
        !footer.contains("edited"),
        "the import saved the post: {footer}"
    );

    // Pick a focal point near the bottom: the og image is cropped again
    // (new bytes, so a new name) and the field follows.
    let thumb = s.find(r#"[data-testid="cover-thumb"]"#).await;
    let rect = thumb.rectangle().await.unwrap();
    s.client
        .execute(
            "const img = document.querySelector('[data-testid=cover-thumb]'); const r = img.getBoundingClientRect(); img.parentElement.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height * 0.9}));",
            vec![],
        )
        .await
        .unwrap();
    let _ = rect;
    s.eventually("the og image re-cropped around the focal point", || async {
        editor_text(&s)
            .await
            .contains("/writing-with-postdesk/og-2.jpg")
    })
    .await;
    assert!(assets.join("og-2.jpg").is_file());
    let og = image::open(assets.join("og-2.jpg")).unwrap().to_rgb8();
    let px = og.get_pixel(450, 236);
    assert!(
        px[2] > px[0],
        "cropped near the bottom (cool colours): {px:?}"
    );
    s.screenshot("cover").await;

    // Paste an image (a PNG made by a canvas) on the cover strip.
    s.paste_image("[data-testid=cover]", "pasted.png", (300, 200), "#10a040")
        .await;
    s.eventually("the pasted image as the cover", || async {
        editor_text(&s)
            .await
            .contains("/writing-with-postdesk/cover-2.jpg")
    })
    .await;
    let pasted = image::open(assets.join("cover-2.jpg")).unwrap().to_rgb8();
    assert_eq!(pasted.dimensions(), (300, 200));
    assert!(pasted.get_pixel(150, 100)[1] > 120, "the pasted green");

    // A file dropped on the cover strip (through the same path as the OS
    // drop event) becomes the cover; dropped elsewhere it does not.
    let strip = s
        .find(r#"[data-testid="cover"]"#)
        .await
        .rectangle()
        .await
        .unwrap();
    let drop = |x: f64, y: f64| s.drop_file_at(&photo, x, y);
    let handled = s.marks("pd:drop-handled").await;
    drop(strip.0 + strip.2 + 300.0, strip.1 + 300.0).await;
    s.mark_after("pd:drop-handled", handled).await;
    assert!(
        editor_text(&s).await.contains("cover-2.jpg"),
        "a drop on the editor is not a cover"
    );
    drop(strip.0 + 10.0, strip.1 + 10.0).await;
    s.eventually("the dropped photo as the cover again", || async {
        editor_text(&s)
            .await
            .contains(r#"coverImage: "/assets/blog/writing-with-postdesk/cover.jpg""#)
    })
    .await;
    s.stop().await;
}

async fn thumb_src(s: &Session, testid: &str) -> String {
    let v = s
        .client
        .execute(
            &format!("const el = document.querySelector('[data-testid={testid}]'); return el ? el.getAttribute('src') : '';"),
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

async fn loaded(s: &Session, testid: &str) -> bool {
    let v = s
        .client
        .execute(
            &format!("const el = document.querySelector('[data-testid={testid}]'); return !!el && el.complete && el.naturalWidth > 0;"),
            vec![],
        )
        .await
        .unwrap();
    v.as_bool().unwrap_or(false)
}

/// An image dropped on the text, or pasted into it, is saved in the post's
/// asset folder (body size) and inserted with the alt text the writer gives.
#[tokio::test(flavor = "multi_thread")]
async fn an_image_dropped_or_pasted_into_the_text_is_saved_and_inserted() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let photo = dir.path().join("harbour-at-dusk.jpg");
    image::RgbImage::from_fn(2400, 1200, |x, _| image::Rgb([(x % 255) as u8, 90, 160]))
        .save(&photo)
        .unwrap();
    let s = Session::start(&blog).await;
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
    content
        .send_keys(&format!(
            "{}{}{}",
            &*fantoccini::key::Key::Control,
            &*fantoccini::key::Key::End,
            &*fantoccini::key::Key::Null
        ))
        .await
        .unwrap();
    content.send_keys("\n\n").await.unwrap();

    // Dropped from the file manager onto the text.
    s.drop_file_on(".editor-host", &photo).await;
    let alt = s.find(r#"[data-testid="alt-text"]"#).await;
    assert_eq!(
        alt.prop("value").await.unwrap().as_deref(),
        Some("harbour at dusk")
    );
    alt.clear().await.unwrap();
    alt.send_keys("The harbour at dusk").await.unwrap();
    s.screenshot("body-image-alt").await;
    s.find(r#"[data-testid="alt-confirm"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the image inserted", || async {
        editor_text(&s)
            .await
            .contains("![The harbour at dusk](/assets/blog/writing-with-postdesk/image.jpg)")
    })
    .await;
    let saved = blog.join("public/assets/blog/writing-with-postdesk/image.jpg");
    let (iw, ih) = image::image_dimensions(&saved).unwrap();
    assert_eq!((iw, ih), (1600, 800), "resized to the body width");

    // Pasted into the text.
    s.paste_image(".cm-content", "screenshot.png", (320, 240), "#a04010")
        .await;
    let alt = s.find(r#"[data-testid="alt-text"]"#).await;
    alt.send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    s.eventually("the pasted image inserted", || async {
        editor_text(&s)
            .await
            .contains("![screenshot](/assets/blog/writing-with-postdesk/image-2.jpg)")
    })
    .await;
    s.stop().await;
}
