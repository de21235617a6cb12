//! The front-matter form: generated from the schema, each control editing
//! only its value's bytes, issues inline beside their field.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::desk::editor_text;
use crate::harness::Session;

const SEED: &str = "_posts/building-scalable-apis.md";

async fn preview_title(s: &Session) -> String {
    s.client
        .execute(
            "const f = document.querySelector('iframe.preview'); const d = f && f.contentDocument; \
             const h = d && d.querySelector('h1.post-title'); return h ? h.textContent : '';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_edits_fields_and_shows_issues_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let before = std::fs::read_to_string(blog.join(SEED)).unwrap();

    let s = Session::start(&blog).await;
    crate::desk::open_seed(&s).await;
    s.find(r#"[data-testid="tab-form"]"#)
        .await
        .click()
        .await
        .unwrap();
    let title = s.find(r#"[data-key="title"]"#).await;
    assert_eq!(
        title.prop("value").await.unwrap().as_deref(),
        Some("Building Scalable APIs: Lessons from Production")
    );
    // The counter shows the SEO limit.
    let field = s.find(r#"[data-field="title"]"#).await;
    assert!(
        field.text().await.unwrap().contains("47/60"),
        "{}",
        field.text().await.unwrap()
    );

    // Title: typed in the form, seen in the preview heading and the text.
    title.clear().await.unwrap();
    title.send_keys("Scaling APIs, Revisited").await.unwrap();
    s.eventually("the preview heading follows the form", || async {
        preview_title(&s).await == "Scaling APIs, Revisited"
    })
    .await;
    let text = editor_text(&s).await;
    assert!(
        text.contains("title: \"Scaling APIs, Revisited\"\n"),
        "quoting kept: {text}"
    );
    // Only the title line changed.
    let changed: Vec<_> = before
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");

    // An invalid date: the error appears beside the field.
    s.find(r#"[data-key="date"]"#).await;
    // The field's new value is set and committed as one change, as typing
    // it and leaving the field does (typing after `clear()` raced the form
    // being rebuilt from the cleared text, a flaky test).
    set_field(&s, "date", "2024-13-45").await;
    let issue = s
        .find(r#"[data-field="date"] [data-testid="field-issue"]"#)
        .await;
    let said = issue.text().await.unwrap();
    assert!(said.to_lowercase().contains("date"), "{said}");
    s.eventually("the invalid date in the text", || async {
        editor_text(&s).await.contains("date: \"2024-13-45\"")
    })
    .await;
    s.screenshot("form-invalid-date").await;
    // Put it back through the picker's value format: the post's style kept.
    set_field(&s, "date", "2024-02-01T09:00:00.000Z").await;
    s.eventually("the date error goes away", || async {
        s.client
            .find(Locator::Css(
                r#"[data-field="date"] [data-testid="field-issue"]"#,
            ))
            .await
            .is_err()
    })
    .await;

    // Tags as chips: add one (Enter), remove one (×).
    let tags = s.find(r#"[data-key="tags"]"#).await;
    tags.send_keys(&format!("rust{}", &*Key::Enter))
        .await
        .unwrap();
    s.eventually("the new tag in the text", || async {
        editor_text(&s).await.contains("\"rust\"") || editor_text(&s).await.contains(" rust")
    })
    .await;
    s.find(r#"[data-field="tags"] button[aria-label="Remove api"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the removed tag gone from the text", || async {
        let t = editor_text(&s).await;
        let tags_line = t
            .lines()
            .find(|l| l.starts_with("tags:"))
            .unwrap_or("")
            .to_owned();
        !tags_line.contains("\"api\"") && tags_line.contains("rust")
    })
    .await;

    // A toggle and a choice.
    s.find(r#"[data-key="featured"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("featured: true", || async {
        editor_text(&s).await.contains("featured: true")
    })
    .await;
    s.select(r#"[data-key="status"]"#, "draft").await;
    s.eventually("status: draft", || async {
        editor_text(&s).await.contains("status: \"draft\"")
    })
    .await;
    // Nested group: author → social → github.
    let github = s.find(r#"[data-key="author.social.github"]"#).await;
    github.clear().await.unwrap();
    github.send_keys("postdesk").await.unwrap();
    s.eventually("the nested field in the text", || async {
        editor_text(&s).await.contains("    github: \"postdesk\"")
    })
    .await;
    s.screenshot("form").await;

    // Ctrl+Z in the text undoes the last field edit.
    s.find(r#"[data-testid="tab-text"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.stop().await;
}

/// An image dropped on the form's cover field runs the cover pipeline.
#[tokio::test(flavor = "multi_thread")]
async fn an_image_dropped_on_the_cover_field_becomes_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let photo = dir.path().join("new-cover.jpg");
    image::RgbImage::from_fn(1600, 900, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 80])
    })
    .save(&photo)
    .unwrap();
    let s = Session::start(&blog).await;
    crate::desk::open_seed(&s).await;
    s.find(r#"[data-testid="tab-form"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.drop_file_on(r#"[data-cover-field="coverImage"]"#, &photo)
        .await;
    s.eventually("the new cover in the text", || async {
        let t = editor_text(&s).await;
        let line = t
            .lines()
            .find(|l| l.starts_with("coverImage:"))
            .unwrap_or("")
            .to_owned();
        !line.contains("/assets/blog/apis/cover.jpg") && line.contains("cover")
    })
    .await;
    let t = editor_text(&s).await;
    let line = t.lines().find(|l| l.starts_with("coverImage:")).unwrap();
    let site = line
        .trim_start_matches("coverImage:")
        .trim()
        .trim_matches('"');
    assert!(
        blog.join("public")
            .join(site.trim_start_matches('/'))
            .is_file(),
        "{site}"
    );
    s.stop().await;
}

/// The author's picture (an image field other than the cover): chosen,
/// dropped or pasted, it becomes a square in the blog's authors folder named
/// after the author, and only that field's value changes.
#[tokio::test(flavor = "multi_thread")]
async fn the_author_picture_is_chosen_dropped_or_pasted_as_a_square() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join(SEED);
    let before = std::fs::read_to_string(&post).unwrap();
    let photo = |name: &str, rgb: [u8; 3]| {
        let path = dir.path().join(name);
        image::RgbImage::from_pixel(900, 600, image::Rgb(rgb))
            .save(&path)
            .unwrap();
        path
    };
    let red = photo("portrait.jpg", [200, 40, 40]);
    let blue = photo("other.jpg", [40, 40, 200]);
    let authors = blog.join("public/assets/blog/authors");
    let s = Session::start_with(&blog, &[("POSTDESK_E2E_PICK", red.as_path())]).await;
    crate::desk::open_seed(&s).await;
    s.find(r#"[data-testid="tab-form"]"#)
        .await
        .click()
        .await
        .unwrap();

    // Choose… (the dialog's answer is POSTDESK_E2E_PICK).
    s.find(r#"[data-choose-picture="author.picture"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the picture saved with the post", || async {
        std::fs::read_to_string(&post).unwrap()
            == before.replace(
                "picture: \"/assets/blog/authors/cain.jpeg\"",
                "picture: \"/assets/blog/authors/cain.jpg\"",
            )
    })
    .await;
    let pic = image::open(authors.join("cain.jpg")).unwrap().to_rgb8();
    assert_eq!(pic.dimensions(), (256, 256));
    assert!(pic.get_pixel(128, 128)[0] > 150, "the chosen red");
    assert!(
        authors.join("cain.jpeg").is_file(),
        "the old picture is kept"
    );
    // The editor takes the saved text a moment after the file is written.
    s.eventually("the editor to hold the new picture", || async {
        editor_text(&s)
            .await
            .contains("picture: \"/assets/blog/authors/cain.jpg\"")
    })
    .await;
    s.eventually("the status bar to say where the picture went", || async {
        let footer = s.find("footer").await.text().await.unwrap();
        footer.contains("Picture saved as cain.jpg (256×256)")
    })
    .await;
    s.screenshot("author-picture-chosen").await;
    s.eventually("the field's thumbnail to show the new picture", || async {
        s.client
            .execute(
                "const img = document.querySelector('[data-picture-field=\"author.picture\"] img');
                 return !!img && img.src.includes('cain.jpg') && img.complete && img.naturalWidth === 256;",
                vec![],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false)
    })
    .await;

    // Dropped on the field: another picture beside it, never over it.
    s.drop_file_on(r#"[data-picture-field="author.picture"]"#, &blue)
        .await;
    s.eventually("the dropped picture in the text", || async {
        editor_text(&s)
            .await
            .contains("picture: \"/assets/blog/authors/cain-2.jpg\"")
    })
    .await;
    let pic = image::open(authors.join("cain-2.jpg")).unwrap().to_rgb8();
    assert!(pic.get_pixel(128, 128)[2] > 150, "the dropped blue");
    assert!(
        image::open(authors.join("cain.jpg"))
            .unwrap()
            .to_rgb8()
            .get_pixel(128, 128)[0]
            > 150
    );

    // Pasted on the field, smaller than the picture: not enlarged, and said.
    s.paste_image(
        r#"[data-picture-field="author.picture"]"#,
        "small.png",
        (120, 80),
        "#10a040",
    )
    .await;
    let note = s.find(r#"[data-note="author.picture"]"#).await;
    let said = note.text().await.unwrap();
    assert!(
        said.contains("The pasted image is 120×80, smaller than the 256×256 picture"),
        "{said}"
    );
    let t = editor_text(&s).await;
    let line = t
        .lines()
        .find(|l| l.trim_start().starts_with("picture:"))
        .unwrap();
    let site = line
        .trim()
        .trim_start_matches("picture:")
        .trim()
        .trim_matches('"');
    let file = blog.join("public").join(site.trim_start_matches('/'));
    assert_eq!(image::image_dimensions(&file).unwrap(), (80, 80), "{site}");
    s.screenshot("author-picture").await;
    s.stop().await;
}

/// Gives the form field `key` a new value as one committed change (what
/// typing it and leaving the field does).
async fn set_field(s: &Session, key: &str, value: &str) {
    s.client
        .execute(
            "const el = document.querySelector(`[data-key=\"${arguments[0]}\"]`); el.value = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![key.into(), value.into()],
        )
        .await
        .unwrap();
}
