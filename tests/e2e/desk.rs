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
    crate::harness::sample(&blog);

    let s = Session::start(&blog).await;

    // The list shows both sample posts, draft badge included.
    let item = s
        .find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;
    // (innerText: WebKit's WebDriver leaves a height-capped title out of
    // an element's text; the screenshots show it.)
    let text = s
        .client
        .execute(
            "return document.querySelector('li[data-path=\"_posts/building-scalable-apis.md\"] .title').innerText;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(text.as_str(), Some(TITLE), "the row's title");
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
    assert!(
        html.contains(
            "<h2 id=\"the-foundation-design-principles\" data-line=\"0\" data-base=\"24\">"
        ),
        "{html}"
    );
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
    crate::harness::sample(&blog);
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

/// Opens the sample's seed post and waits for it in the editor.
pub(crate) async fn open_seed(s: &Session) {
    open_post(
        s,
        "_posts/building-scalable-apis.md",
        "After spending months",
    )
    .await;
}

/// Opens the post at `path` from the list and waits for the editor to hold
/// `words` of it.
pub(crate) async fn open_post(s: &Session, path: &str, words: &str) {
    s.click(&format!(r#"li[data-path="{path}"]"#)).await;
    s.eventually(&format!("{path} in the editor"), || async {
        editor_text(s).await.contains(words)
    })
    .await;
}

pub(crate) async fn editor_text(s: &Session) -> String {
    let v = s
        .client
        .execute(
            "const el = document.querySelector('.cm-content'); if (!el) return ''; const view = el.cmTile && el.cmTile.root && el.cmTile.root.view; return view ? view.state.doc.toString() : el.innerText;",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn preview_html(s: &Session) -> String {
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
    crate::harness::sample(&blog);
    let post = blog.join("_posts/building-scalable-apis.md");
    let before = std::fs::read_to_string(&post).unwrap();

    let s = Session::start(&blog).await;
    open_seed(&s).await;
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
    // (Autosave may have written the states in between; the last save is
    // exactly the text typed.)
    let expected = before.replacen("---\n", "---\nmood: \"calm\"\n", 1);
    s.eventually("the post saved to disk", || async {
        std::fs::read_to_string(&post).unwrap() == expected
    })
    .await;
    // The status bar drops "edited" once the save is confirmed.
    s.eventually("the status bar to show the post as saved", || async {
        let footer = s.find("footer").await.text().await.unwrap();
        !footer.contains("edited") && !footer.contains("Saving")
    })
    .await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_loads_blog_images_highlights_code_and_follows_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="_posts/writing-with-postdesk.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    // The cover image comes from public/ through the asset scheme, decoded.
    s.eventually("the cover image to load in the preview", || async {
        let v = s
            .client
            .execute(
                "const f = document.querySelector('iframe.preview'); const d = f && f.contentDocument; const i = d && d.querySelector('article img'); return i ? i.naturalWidth : 0;",
                vec![],
            )
            .await
            .unwrap();
        v.as_u64() == Some(1200)
    })
    .await;
    s.eventually("highlighted code", || async {
        preview_html(&s)
            .await
            .contains("class=\"hl-source hl-rust\"")
    })
    .await;
    s.screenshot("preview-image-and-code").await;

    // Scrolling the editor to the end scrolls the preview along.
    s.client
        .execute(
            "const sc = document.querySelector('.cm-scroller'); sc.scrollTop = sc.scrollHeight;",
            vec![],
        )
        .await
        .unwrap();
    s.eventually("the preview to follow the editor", || async {
        let v = s
            .client
            .execute(
                "return document.querySelector('iframe.preview').contentWindow.scrollY;",
                vec![],
            )
            .await
            .unwrap();
        v.as_f64().unwrap_or(0.0) > 200.0
    })
    .await;
    s.stop().await;
}

/// The editor's top line, as the writer sees it.
async fn editor_top_line(s: &Session) -> u64 {
    s.client
        .execute(
            "const v = document.querySelector('.cm-content').cmTile.root.view; \
             const b = v.lineBlockAtHeight(v.scrollDOM.getBoundingClientRect().top - v.documentTop + 1); \
             return v.state.doc.lineAt(b.from).number;",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

/// The preview frame's scroll position and where its document lives.
async fn frame_state(s: &Session) -> (f64, String) {
    let v = s
        .client
        .execute(
            "const f = document.querySelector('iframe.preview'); \
             return [f.contentWindow.scrollY, f.contentDocument.URL.split('#')[0] + ' ' + !!f.contentDocument.querySelector('article.post p')];",
            vec![],
        )
        .await
        .unwrap();
    (v[0].as_f64().unwrap(), v[1].as_str().unwrap().to_string())
}

/// How far below the preview's top edge the element `id` starts (px).
async fn preview_top_of(s: &Session, id: &str) -> f64 {
    s.client
        .execute(
            "return document.querySelector('iframe.preview').contentDocument \
               .getElementById(arguments[0]).getBoundingClientRect().top;",
            vec![serde_json::json!(id)],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// Clicks the link named `text` inside the preview frame, as the writer
/// would (WebDriver scrolls it into view and clicks its middle).
pub(crate) async fn click_preview_link(s: &Session, text: &str) {
    s.find("iframe.preview").await.enter_frame().await.unwrap();
    let link = s
        .client
        .find(fantoccini::Locator::LinkText(text))
        .await
        .unwrap();
    link.click().await.unwrap();
    s.client.enter_parent_frame().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_leads_the_editor_and_its_links_stay_in_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let opened = dir.path().join("opened.txt");
    let s = Session::start_with(&blog, &[("POSTDESK_E2E_OPENED", opened.as_path())]).await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the list item in the preview", || async {
        preview_html(&s).await.contains("CDN Level")
    })
    .await;
    assert_eq!(editor_top_line(&s).await, 1);

    // The editor scrolled so line 77 ("### Database Optimization") is on
    // top brings that heading to the top of the preview.
    s.client
        .execute(
            "const v = document.querySelector('.cm-content').cmTile.root.view; \
             v.dispatch({effects: v.constructor.scrollIntoView(v.state.doc.line(77).from, {y: 'start', yMargin: 0})});",
            vec![],
        )
        .await
        .unwrap();
    s.eventually(
        "the preview to follow the editor to the heading",
        || async { (0.0..=20.0).contains(&preview_top_of(&s, "database-optimization").await) },
    )
    .await;
    assert_eq!(editor_top_line(&s).await, 77);

    // "3. **CDN Level**" is line 74 of the post, the third item of a list
    // that starts on line 72: its data-line counts from the list's start,
    // the list's start travels beside it, and the editor adds them up.
    s.client
        .execute(
            r#"
            const d = document.querySelector('iframe.preview').contentDocument;
            const li = [...d.querySelectorAll('li')].find((l) => l.textContent.startsWith('CDN Level'));
            d.defaultView.scrollTo({ top: li.getBoundingClientRect().top + d.defaultView.scrollY - 2 });
            "#,
            vec![],
        )
        .await
        .unwrap();
    s.eventually("the editor to follow the preview to line 74", || async {
        editor_top_line(&s).await == 74
    })
    .await;

    // Links: in-page ones scroll the preview, web ones open in the browser,
    // anything else stays put; the preview itself never navigates away.
    s.client
        .execute(
            "const v = document.querySelector('.cm-content').cmTile.root.view; \
             v.dispatch({changes: {from: v.state.doc.length, insert: \
               '\\n[Back to caching](#caching-layers) [Example](https://example.com/x) [Other post](other-post) [The tour](/posts/writing-with-postdesk)\\n'}});",
            vec![],
        )
        .await
        .unwrap();
    s.eventually("the links in the preview", || async {
        preview_html(&s).await.contains("Other post")
    })
    .await;
    let (_, page) = frame_state(&s).await;
    click_preview_link(&s, "Back to caching").await;
    s.eventually("the preview scrolled to the heading", || async {
        (0.0..40.0).contains(&preview_top_of(&s, "caching-layers").await)
    })
    .await;
    assert_eq!(frame_state(&s).await.1, page, "the preview stays the post");
    s.eventually("the editor to follow the jump to line 68", || async {
        editor_top_line(&s).await == 68
    })
    .await;

    click_preview_link(&s, "Example").await;
    s.eventually("the web link handed to the browser", || async {
        std::fs::read_to_string(&opened).unwrap_or_default() == "https://example.com/x\n"
    })
    .await;
    s.eventually("the status bar to say where the link went", || async {
        s.find("footer")
            .await
            .text()
            .await
            .unwrap()
            .contains("Opened https://example.com/x in the browser")
    })
    .await;
    click_preview_link(&s, "Other post").await;
    let banner = s.find(r#"[role="alert"]"#).await.text().await.unwrap();
    assert!(
        banner.contains("`other-post` names no post of this blog"),
        "{banner}"
    );
    assert_eq!(frame_state(&s).await.1, page, "the preview stays the post");
    s.screenshot("preview-link-stays").await;

    // A link to another post of the blog (by the site's route) opens it.
    click_preview_link(&s, "The tour").await;
    s.eventually("the linked post in the editor", || async {
        editor_text(&s).await.contains("This post is a **draft**")
    })
    .await;
    let selected = s
        .find(r#"li[data-path="_posts/writing-with-postdesk.md"]"#)
        .await
        .attr("aria-selected")
        .await
        .unwrap();
    assert_eq!(selected.as_deref(), Some("true"));
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        "https://example.com/x\n",
        "only web and mail links leave the app"
    );
    s.stop().await;
}

/// A web server on 127.0.0.1 for the remote-image test: `/chart.png` is a
/// 40×30 PNG, anything else a web page. It notes each request's path and
/// user agent, and stops with the test (bounded: it answers at most 64).
fn image_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut png = Vec::new();
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 30, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let noted = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&request).into_owned();
            let path = text.split(' ').nth(1).unwrap_or("").to_owned();
            let agent = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("user-agent: ")
                        .or(l.strip_prefix("User-Agent: "))
                })
                .unwrap_or("")
                .to_owned();
            noted.lock().unwrap().push(format!("{path} {agent}"));
            let (kind, body): (&str, &[u8]) = if path.starts_with("/chart.png") {
                ("image/png", &png)
            } else {
                ("image/png", b"<html><body>not an image</body></html>")
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    (port, seen)
}

/// The natural width of the preview's image whose alt is `alt` (0 while it
/// has not loaded or could not be).
async fn preview_image_width(s: &Session, alt: &str) -> f64 {
    s.client
        .execute(
            "const f = document.querySelector('iframe.preview'); const d = f && f.contentDocument; \
             const i = d && d.querySelector(`img[alt=\"${arguments[0]}\"]`); \
             return i && i.complete ? i.naturalWidth : 0;",
            vec![serde_json::json!(alt)],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}

/// Math (when postdesk.toml turns it on) is typeset by KaTeX in the
/// preview; a remote image waits until the writer allows remote images,
/// and the choice is remembered. Once allowed, the app fetches it (the
/// window's CSP lets the web view load no image from the web): only
/// images are shown, and the web view itself still reaches no web server.
#[tokio::test(flavor = "multi_thread")]
async fn math_is_typeset_and_remote_images_wait_for_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    std::fs::write(blog.join("postdesk.toml"), "math = true\n").unwrap();
    let (port, seen) = image_server();
    std::fs::write(
        blog.join("_posts/math.md"),
        format!("---\ntitle: \"Math\"\ndate: \"2024-03-01\"\n---\n\nEuler: $e^{{i\\pi}} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n![A chart](http://127.0.0.1:{port}/chart.png)\n\n<img alt=\"A page\" src=\"http://127.0.0.1:{port}/page.png\">\n"),
    )
    .unwrap();
    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="_posts/math.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("KaTeX output in the preview", || async {
        let html = preview_html(&s).await;
        html.contains("class=\"katex\"") && html.contains("katex-display")
    })
    .await;
    let html = preview_html(&s).await;
    assert!(
        !html.contains("src=\"http") && !html.contains("/remote/"),
        "the remote image loaded without the setting"
    );
    let blocked = s.find(r#"[data-testid="remote-blocked"]"#).await;
    assert!(blocked
        .text()
        .await
        .unwrap()
        .contains("2 remote images not loaded"));
    s.screenshot("math-and-remote-blocked").await;
    assert!(seen.lock().unwrap().is_empty(), "nothing was fetched");
    blocked
        .find(fantoccini::Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.eventually("the remote image shown once allowed", || async {
        preview_image_width(&s, "A chart").await == 40.0
    })
    .await;
    let html = preview_html(&s).await;
    assert!(
        html.contains(&format!(
            "src=\"postdesk-asset://localhost/remote/http%3A%2F%2F127%2E0%2E0%2E1%3A{port}%2Fchart%2Epng\""
        )),
        "{html}"
    );
    s.eventually("the page that calls itself a PNG asked for", || async {
        seen.lock()
            .unwrap()
            .iter()
            .any(|r| r.starts_with("/page.png "))
    })
    .await;
    assert_eq!(
        preview_image_width(&s, "A page").await,
        0.0,
        "not an image: not shown"
    );
    for request in seen.lock().unwrap().iter() {
        assert!(
            request.contains(" Postdesk/"),
            "fetched by the app: {request}"
        );
    }
    s.screenshot("math-and-remote-loaded").await;

    // The web view itself may load no image and no frame from the web: a
    // script of the window's own trying it reaches nothing.
    s.client
        .execute(
            "new Image().src = arguments[0] + '/by-the-window.png'; \
             const f = document.createElement('iframe'); f.src = arguments[0] + '/framed'; \
             document.body.append(f);",
            vec![serde_json::json!(format!("http://127.0.0.1:{port}"))],
        )
        .await
        .unwrap();
    // Let the window paint twice, then a last request of the app's own
    // shows the server has answered everything asked before it.
    s.painted().await;
    s.client
        .execute(
            "const v = document.querySelector('.cm-content').cmTile.root.view; \
             v.dispatch({changes: {from: v.state.doc.length, insert: arguments[0]}});",
            vec![serde_json::json!(format!(
                "\n![Last](http://127.0.0.1:{port}/chart.png?last)\n"
            ))],
        )
        .await
        .unwrap();
    s.eventually("the last image shown", || async {
        preview_image_width(&s, "Last").await == 40.0
    })
    .await;
    let requests = seen.lock().unwrap().clone();
    assert!(
        !requests
            .iter()
            .any(|r| r.starts_with("/by-the-window.png") || r.starts_with("/framed")),
        "the CSP let the web view reach the web: {requests:?}"
    );
    s.stop().await;
}
