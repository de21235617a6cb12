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
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();

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
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the seed post in the editor", || async {
        editor_text(s).await.contains("After spending months")
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
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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
                "const d = document.querySelector('iframe.preview').contentDocument; const i = d && d.querySelector('article img'); return i ? i.naturalWidth : 0;",
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
async fn click_preview_link(s: &Session, text: &str) {
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
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_post_runs_nothing_and_reaches_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../src-tauri/core/tests/fixtures/hostile.md"
    ))
    .unwrap();
    // Every vector also tries to reach a command that only this test knows.
    let probe = "<img src=x onerror=\"window.__pwned=1;window.parent.__pwned=1;window.parent.__TAURI_INTERNALS__.invoke('e2e_probe')\">";
    std::fs::write(
        blog.join("_posts/hostile.md"),
        format!("{corpus}\n{probe}\n"),
    )
    .unwrap();

    let s = Session::start(&blog).await;
    let url_before = s.client.current_url().await.unwrap();
    s.find(r#"li[data-path="_posts/hostile.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the hostile post in the preview", || async {
        preview_html(&s).await.contains("Text after everything.")
    })
    .await;
    // Every image has loaded or failed (when an onerror/onload handler
    // would fire) and the frame has painted since: any script, handler or
    // refresh the post carried would have run by now.
    s.eventually("every image of the preview settled", || async {
        s.client
            .execute(
                "const d = document.querySelector('iframe.preview').contentDocument; return [...d.images].every((i) => i.complete);",
                vec![],
            )
            .await
            .unwrap()
            == serde_json::json!(true)
    })
    .await;
    s.painted().await;
    let pwned = s
        .client
        .execute(
            "const f = document.querySelector('iframe.preview').contentWindow; return [window.__pwned === undefined, f.__pwned === undefined];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(pwned, serde_json::json!([true, true]), "a script ran");
    assert_eq!(
        s.client.current_url().await.unwrap(),
        url_before,
        "the window navigated"
    );
    let log = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('e2e_ipc_log').then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    let calls: Vec<String> =
        serde_json::from_value(log.clone()).unwrap_or_else(|_| panic!("{log}"));
    // What the window itself calls when a post opens; nothing else may come.
    let allowed = [
        "blog_info",
        "list_posts",
        "read_post",
        "render_preview",
        "preview_stylesheet",
        "check_post",
        "cover_state",
        "repo_status",
        "watch_drops",
        "watch_links",
        "watch_starts",
        "watch_blog",
        "remote_images",
        "get_settings",
        "journal_pending",
        "e2e_ipc_log",
    ];
    for call in &calls {
        assert!(
            allowed.contains(&call.as_str()),
            "an unexpected IPC call arrived: {call} (all: {calls:?})"
        );
    }
    assert!(calls.iter().any(|c| c == "render_preview"));
    s.screenshot("hostile-post").await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keystroke_to_painted_preview_on_a_50_kb_post() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
    let seed = std::fs::read_to_string(blog.join("_posts/building-scalable-apis.md")).unwrap();
    let body = seed.split_once("\n---\n").unwrap().1;
    let mut big = seed.clone();
    while big.len() < 50 * 1024 {
        big.push_str(body);
    }
    std::fs::write(blog.join("_posts/big.md"), &big).unwrap();

    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="_posts/big.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the big post in the preview", || async {
        preview_html(&s).await.contains("The Foundation")
    })
    .await;
    // For each keystroke (from its keydown): the frame that shows the typed
    // character in the editor (its echo), the frame that shows it in the
    // preview, and the app's own marks on the way (change seen by the
    // editor, render back from Rust, preview patched). A frame is taken as
    // the requestAnimationFrame after the DOM changed.
    s.client
        .execute(
            r#"
            window.__keys = []; let cur = null;
            // The editor shows the typed character in the first frame after
            // the keydown: CodeMirror updates its DOM within the key's task.
            document.addEventListener('keydown', () => {
              const k = { t0: performance.now() }; cur = k; window.__keys.push(k);
              requestAnimationFrame(() => { k.echo = performance.now() - k.t0; });
            }, true);
            const frameAfter = (field) => {
              const k = cur; if (!k || field in k) return; k[field] = null;
              requestAnimationFrame(() => { k[field] = performance.now() - k.t0; });
            };
            const art = document.querySelector('iframe.preview').contentDocument.querySelector('article.post');
            const watch = { childList: true, subtree: true, characterData: true };
            new MutationObserver(() => frameAfter('preview')).observe(art, watch);
            "#,
            vec![],
        )
        .await
        .unwrap();
    // Type in the middle of the body, where a change moves everything after
    // it in the preview: to the end of the post, ten pages up, the end of
    // that line.
    let content = s.find(".cm-content").await;
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    let (ctrl, end, page_up): (&str, &str, &str) = (&Key::Control, &Key::End, &Key::PageUp);
    content
        .send_keys(&format!("{ctrl}{end}{ctrl}"))
        .await
        .unwrap();
    for _ in 0..10 {
        content.send_keys(page_up).await.unwrap();
    }
    content.send_keys(end).await.unwrap();
    // CodeMirror has scrolled to the cursor (its measure runs in a frame).
    s.painted().await;
    s.painted().await;
    // Letters, then Enter and a letter in turn (each Enter moves every line
    // after it, so every later block's source line changes).
    let letters = measure_keys(&s, &content, &["a", "b"], 40).await;
    let typed = s
        .client
        .execute(
            "return document.querySelector('iframe.preview').contentDocument.body.textContent.includes('abababab');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        typed,
        serde_json::json!(true),
        "the typing reached the preview"
    );
    let enter: &str = &Key::Enter;
    let lines = measure_keys(&s, &content, &[enter, "c"], 20).await;
    let kb = big.len() / 1024;
    let preview = letters.report(&format!("keystroke to painted preview, {kb} KB post"));
    lines.report(&format!(
        "Enter / Backspace to painted preview, {kb} KB post"
    ));
    let report = format!(
        "{{\"p50_ms\": {:.1}, \"p95_ms\": {:.1}, \"echo_p50_ms\": {:.1}, \"echo_p95_ms\": {:.1}, \"lines_p50_ms\": {:.1}, \"lines_p95_ms\": {:.1}, \"samples\": {}}}\n",
        preview.0,
        preview.1,
        pct(&letters.column("echo"), 0.5),
        pct(&letters.column("echo"), 0.95),
        pct(&lines.column("preview"), 0.5),
        pct(&lines.column("preview"), 0.95),
        letters.0.len()
    );
    std::fs::write(
        crate::harness::artifacts_dir().join("keystroke-latency.json"),
        report,
    )
    .unwrap();
    s.stop().await;
}

fn pct(v: &[f64], q: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * q).round() as usize]
}

/// Per keystroke: its keydown time and, relative to it, the frames and the
/// app's marks (see `keystroke_to_painted_preview_on_a_50_kb_post`).
struct Keys(Vec<serde_json::Value>);

impl Keys {
    fn column(&self, name: &str) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .0
            .iter()
            .filter_map(|k| k.get(name).and_then(|x| x.as_f64()))
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    }

    fn between(&self, from: &str, to: &str) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .0
            .iter()
            .filter_map(|k| Some(k.get(to)?.as_f64()? - k.get(from)?.as_f64()?))
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    }

    /// Prints the figures (reported, not asserted: speed is judged by
    /// benchmarks, never by tests); returns the preview's p50 and p95.
    fn report(&self, what: &str) -> (f64, f64) {
        let preview = self.column("preview");
        let echo = self.column("echo");
        assert!(
            preview.len() >= self.0.len() / 2 && echo.len() >= self.0.len() / 2,
            "too few measured keystrokes: {:?}",
            self.0
        );
        println!(
            "{what}, {} keystrokes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            preview.len(),
            pct(&preview, 0.5),
            pct(&preview, 0.95),
            preview[preview.len() - 1]
        );
        println!(
            "  the editor's own echo of the keystroke (the floor for any preview): p50 {:.1} ms, p95 {:.1} ms",
            pct(&echo, 0.5),
            pct(&echo, 0.95)
        );
        for (phase, from, to) in [
            ("keydown → editor change", "t0", "pd:change"),
            (
                "change → render back from Rust",
                "pd:change",
                "pd:render-done",
            ),
            (
                "render back → preview patched",
                "pd:render-done",
                "pd:patched",
            ),
            ("patched → painted", "pd:patched", "preview"),
            ("echo painted → preview painted", "echo", "preview"),
        ] {
            let v = if from == "t0" {
                self.column(to)
            } else {
                self.between(from, to)
            };
            if !v.is_empty() {
                println!(
                    "  {phase}: p50 {:.1} ms, p95 {:.1} ms",
                    pct(&v, 0.5),
                    pct(&v, 0.95)
                );
            }
        }
        (pct(&preview, 0.5), pct(&preview, 0.95))
    }
}

/// Sends `count` keystrokes (cycling through `keys`) 120 ms apart and reads
/// back what the page recorded for each.
async fn measure_keys(
    s: &Session,
    content: &fantoccini::elements::Element,
    keys: &[&str],
    count: usize,
) -> Keys {
    s.client
        .execute("window.__keys = []; performance.clearMarks();", vec![])
        .await
        .unwrap();
    // 120 ms apart is the measurement's typing rhythm (a writer's pace),
    // not a wait for the app.
    for i in 0..count {
        content.send_keys(keys[i % keys.len()]).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    }
    // Until the last keystroke's change has been painted in the preview.
    s.eventually("the last keystroke in the preview", || async {
        s.client
            .execute(
                "const k = window.__keys; return k.length > 0 && typeof k[k.length - 1].preview === 'number';",
                vec![],
            )
            .await
            .unwrap()
            == serde_json::json!(true)
    })
    .await;
    // The app's marks, read afterwards (no observer runs while typing),
    // each given to the keystroke it follows.
    let keys = s
        .client
        .execute(
            r#"
            const keys = window.__keys;
            for (const e of performance.getEntriesByType('mark')) {
              const k = keys.findLast((k) => k.t0 <= e.startTime);
              if (k && !(e.name in k)) k[e.name] = e.startTime - k.t0;
            }
            return keys;
            "#,
            vec![],
        )
        .await
        .unwrap();
    Keys(keys.as_array().cloned().unwrap_or_default())
}

/// Math (when postdesk.toml turns it on) is typeset by KaTeX in the
/// preview; a remote image waits until the writer allows remote images,
/// and the choice is remembered.
#[tokio::test(flavor = "multi_thread")]
async fn math_is_typeset_and_remote_images_wait_for_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
    std::fs::write(blog.join("postdesk.toml"), "math = true\n").unwrap();
    // Port 1 on the loopback: nothing listens, nothing leaves the machine.
    std::fs::write(
        blog.join("_posts/math.md"),
        "---\ntitle: \"Math\"\ndate: \"2024-03-01\"\n---\n\nEuler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n![A chart](http://127.0.0.1:1/chart.png)\n",
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
        !html.contains("src=\"http://127.0.0.1:1/chart.png\""),
        "the remote image loaded without the setting"
    );
    let blocked = s.find(r#"[data-testid="remote-blocked"]"#).await;
    assert!(blocked
        .text()
        .await
        .unwrap()
        .contains("1 remote image not loaded"));
    s.screenshot("math-and-remote-blocked").await;
    blocked
        .find(fantoccini::Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.eventually("the remote image in the preview once allowed", || async {
        preview_html(&s)
            .await
            .contains("src=\"http://127.0.0.1:1/chart.png\"")
    })
    .await;
    s.stop().await;
}

/// Typing leaves the unsaved text in the recovery journal within a second;
/// when the app goes away before saving, the next start offers it back.
#[tokio::test(flavor = "multi_thread")]
async fn unsaved_edits_survive_the_app_closing_and_are_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
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
    let journaled = s.marks("pd:journaled").await;
    content.send_keys("Typed, never saved.").await.unwrap();
    // The journal has it after 0.4 s; autosave would come at 2 s.
    s.mark_after("pd:journaled", journaled).await;
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

/// A page made to misbehave calls the commands directly, as a compromised
/// webview could: each accepts only what it is for — post commands only a
/// post's path (never `.git/config`, `postdesk.toml` or the blog root),
/// `open_blog` only a blog opened before. Nothing on disk changes.
#[tokio::test(flavor = "multi_thread")]
async fn commands_called_directly_accept_only_what_they_are_for() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 1_700_000_000).unwrap();
    let git_config = std::fs::read_to_string(blog.join(".git/config")).unwrap();
    let s = Session::start(&blog).await;
    open_seed(&s).await;
    let seed = "_posts/building-scalable-apis.md";
    let calls = [
        (
            "save_post",
            serde_json::json!({ "path": ".git/config", "text": "[core]\n\thooksPath = /tmp\n", "force": true }),
        ),
        ("read_post", serde_json::json!({ "path": "postdesk.toml" })),
        (
            "read_post",
            serde_json::json!({ "path": "../../../etc/passwd" }),
        ),
        ("delete_post", serde_json::json!({ "path": "." })),
        (
            "rename_post",
            serde_json::json!({ "path": seed, "to": ".git/hooks/pre-commit" }),
        ),
        (
            "journal_write",
            serde_json::json!({ "path": ".git/config", "text": "x" }),
        ),
        ("publish_plan", serde_json::json!({ "path": ".git/config" })),
        ("open_blog", serde_json::json!({ "path": "/" })),
    ];
    for (command, args) in calls {
        let answer = s
            .client
            .execute_async(
                "const [cmd, args, done] = arguments; window.__TAURI_INTERNALS__.invoke(cmd, args).then(() => done('accepted'), (e) => done(e && e.code ? e.code : String(e)));",
                vec![command.into(), args.clone()],
            )
            .await
            .unwrap();
        let expected = if command == "open_blog" {
            "notFound"
        } else {
            "outsideBlog"
        };
        assert_eq!(answer, serde_json::json!(expected), "{command} {args}");
    }
    assert_eq!(
        std::fs::read_to_string(blog.join(".git/config")).unwrap(),
        git_config
    );
    assert!(blog.join(seed).is_file());
    assert!(!blog.join(".git/hooks/pre-commit").exists());
    s.stop().await;
}
