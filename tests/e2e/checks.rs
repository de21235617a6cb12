//! The body checks in the window: a broken link and an image without alt
//! text in the Problems panel, each fixed with one click (the alt text
//! asked for first), each fix one undoable edit.

use fantoccini::key::Key;

use crate::desk::{editor_text, open_post, open_seed};
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
    // Inline too: a click on the problem brings its line into view, marked
    // as an error in the editor.
    link.click().await.unwrap();
    s.eventually("the broken link marked in the editor", || async {
        let marked = s
            .client
            .execute(
                "return [...document.querySelectorAll('.cm-lintRange-error')].map(e => e.closest('.cm-line').innerText).join('\\n');",
                vec![],
            )
            .await
            .unwrap();
        marked
            .as_str()
            .is_some_and(|t| t.contains("/posts/writing-with-postdesks"))
    })
    .await;
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

/// The History tab: the post's two commits, the changes from the older
/// one, "Restore this version" puts its text in the editor, and Ctrl+Z
/// takes it back.
#[tokio::test(flavor = "multi_thread")]
async fn the_history_lists_the_post_s_commits_and_restores_one_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join("_posts/building-scalable-apis.md");
    let first = std::fs::read_to_string(&post).unwrap();
    let second = first.replace("After spending months", "After spending years");
    std::fs::write(&post, &second).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&blog)
            .args([
                "-c",
                "user.name=Grace",
                "-c",
                "user.email=grace@example.com",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["commit", "-qam", "Years, not months"]);

    let s = Session::start(&blog).await;
    open_post(
        &s,
        "_posts/building-scalable-apis.md",
        "After spending years",
    )
    .await;
    s.click(r#"[data-testid="tab-history"]"#).await;
    s.eventually("two commits listed", || async {
        s.client
            .find_all(fantoccini::Locator::Css(
                r#"[data-testid="history-version"]"#,
            ))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
            == 2
    })
    .await;
    let versions = s
        .client
        .find_all(fantoccini::Locator::Css(
            r#"[data-testid="history-version"]"#,
        ))
        .await
        .unwrap();
    let newest = versions[0].text().await.unwrap();
    assert!(
        newest.contains("Years, not months") && newest.contains("Grace"),
        "{newest}"
    );
    assert!(versions[1].text().await.unwrap().contains("Sample blog"));

    // The older one: what changed since, then restored.
    versions[1].click().await.unwrap();
    let diff = s.find(r#"[data-testid="history-diff"]"#).await;
    let shown = diff.text().await.unwrap();
    assert!(shown.contains("-After spending months"), "{shown}");
    assert!(shown.contains("+After spending years"), "{shown}");
    s.screenshot("history").await;
    s.click(r#"[data-testid="history-restore"]"#).await;
    s.eventually("the older text in the editor", || async {
        editor_text(&s).await.contains("After spending months")
    })
    .await;
    assert!(!editor_text(&s).await.contains("After spending years"));

    // One edit: undo brings the text back.
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    s.find(".cm-content")
        .await
        .send_keys(&format!("{}z{}", &*Key::Control, &*Key::Null))
        .await
        .unwrap();
    s.eventually("the restore undone", || async {
        editor_text(&s).await.contains("After spending years")
    })
    .await;
    s.stop().await;
}

/// The Outline tab: the seed post's headings; a click jumps the editor
/// there (and that section is the one highlighted); Alt+↓ on a heading
/// moves its section (subsections too) below the next one, and Ctrl+Z
/// puts it back.
#[tokio::test(flavor = "multi_thread")]
async fn the_outline_jumps_to_a_heading_and_moves_its_section_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let s = Session::start(&blog).await;
    open_seed(&s).await;
    s.click(r#"[data-testid="tab-outline"]"#).await;
    let names = || async {
        let v = s
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=\"outline-heading\"]')].map(b => b.innerText.replace(/^H\\d\\s*/, ''));",
                vec![],
            )
            .await
            .unwrap();
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    s.eventually("the headings listed", || async { names().await.len() == 8 })
        .await;
    assert_eq!(
        names().await[..3],
        [
            "The Foundation: Design Principles",
            "1. Start with Clear Resource Modeling",
            "2. Embrace Idempotency"
        ]
    );

    // A click: the editor's cursor on that line, and the section highlighted.
    s.click(r#"[data-testid="outline-heading"][data-line="84"]"#)
        .await;
    s.eventually("the monitoring section highlighted", || async {
        s.client
            .find(fantoccini::Locator::Css(
                r#"[data-testid="outline-heading"][aria-current="location"][data-line="84"]"#,
            ))
            .await
            .is_ok()
    })
    .await;
    let cursor = s
        .client
        .execute(
            "const l = document.querySelector('.cm-activeLine'); return l ? l.innerText : '';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(cursor.as_str(), Some("## Monitoring and Observability"));
    s.screenshot("outline").await;

    // Alt+↓ on "Performance Optimization Strategies": it and its two
    // subsections go below "Monitoring and Observability".
    let perf = s
        .find(r#"[data-testid="outline-heading"][data-line="66"]"#)
        .await;
    perf.send_keys(&format!("{}{}", &*Key::Alt, &*Key::Down))
        .await
        .unwrap();
    s.eventually("the section moved", || async {
        let n = names().await;
        n.len() == 8
            && n[3] == "Monitoring and Observability"
            && n[4] == "Performance Optimization Strategies"
            && n[5] == "Caching Layers"
    })
    .await;
    // The moved heading keeps the keyboard's focus.
    let focused = s
        .client
        .execute("return document.activeElement.innerText;", vec![])
        .await
        .unwrap();
    assert!(
        focused
            .as_str()
            .is_some_and(|t| t.ends_with("Performance Optimization Strategies")),
        "{focused}"
    );
    let text = editor_text(&s).await;
    let monitoring = text.find("## Monitoring and Observability").unwrap();
    assert!(text.find("### Database Optimization").unwrap() > monitoring);

    // One edit: undo puts it back.
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    s.find(".cm-content")
        .await
        .send_keys(&format!("{}z{}", &*Key::Control, &*Key::Null))
        .await
        .unwrap();
    s.eventually("the move undone", || async {
        let n = names().await;
        n.len() == 8 && n[3] == "Performance Optimization Strategies"
    })
    .await;

    // Dragged with the mouse onto "end of the post": WebKit's WebDriver
    // does not drive HTML5 drag and drop, so the page gets the events a
    // drag makes (dragstart on the heading, dragover and drop on the
    // target, dragend), as WebKit dispatches them.
    let dragged = s
        .client
        .execute(
            r#"const from = document.querySelector('[data-testid="outline-heading"][data-line="66"]');
               const to = document.querySelector('.outline li.end');
               const dt = new DataTransfer();
               const ev = (type, el) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
               ev('dragstart', from);
               ev('dragover', to);
               ev('drop', to);
               ev('dragend', from);
               return dt.getData('text/plain');"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dragged,
        serde_json::json!("Performance Optimization Strategies"),
        "the drag carries the heading's text"
    );
    s.eventually("the section dragged to the end", || async {
        let n = names().await;
        n.len() == 8
            && n[3] == "Monitoring and Observability"
            && n[5] == "Performance Optimization Strategies"
            && n[6] == "Caching Layers"
            && n[7] == "Database Optimization"
    })
    .await;
    // In the text: the section and its subsections last, whole.
    let text = editor_text(&s).await;
    let performance = text.find("## Performance Optimization Strategies").unwrap();
    let last = text.find("### Database Optimization").unwrap();
    assert!(performance > text.find("## Monitoring and Observability").unwrap());
    assert!(!text[last..].contains("\n## "), "{}", &text[performance..]);
    s.stop().await;
}

/// The Card tab: a too-small og image is warned about; clicking the cover
/// there makes the og image again from it around that point (the cover
/// strip's recrop), after which every card fits.
#[tokio::test(flavor = "multi_thread")]
async fn the_card_tab_warns_of_a_small_og_image_and_recrops_it_from_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join("_posts/building-scalable-apis.md");
    let long = "Building Scalable APIs: Lessons from Production, Told at Length for the Cards";
    let text = std::fs::read_to_string(&post)
        .unwrap()
        .replace(
            "ogImage:\n  url: \"/assets/blog/apis/cover.jpg\"",
            "ogImage:\n  url: \"/assets/blog/authors/cain.jpeg\"",
        )
        .replace(
            "title: \"Building Scalable APIs: Lessons from Production\"",
            &format!("title: \"{long}\""),
        );
    assert!(
        text.contains("authors/cain.jpeg\"\ntags"),
        "the seed changed"
    );
    std::fs::write(&post, &text).unwrap();

    let s = Session::start(&blog).await;
    open_seed(&s).await;
    s.click(r#"[data-testid="tab-card"]"#).await;
    let warnings = s.find(r#"[data-testid="card-warnings"]"#).await;
    let said = warnings.text().await.unwrap();
    assert!(said.contains("smaller than 1200×630"), "{said}");
    // (innerText: WebKit's WebDriver leaves out text it deems clipped.)
    let title = s
        .client
        .execute(
            "return document.querySelector('[data-testid=\"card-x-title\"]').innerText;",
            vec![],
        )
        .await
        .unwrap();
    // Cut at 70 characters, as X cuts it, and said.
    let cut: String = long
        .chars()
        .take(69)
        .collect::<String>()
        .trim_end()
        .to_owned()
        + "…";
    assert_eq!(title.as_str(), Some(cut.as_str()));
    assert!(said.contains("the title is 77 characters"), "{said}");
    s.screenshot("card-small").await;

    // A click on the cover: the og image made again from it.
    s.click(r#"[data-testid="card-focal"]"#).await;
    s.eventually("the small og image no longer warned of", || async {
        s.find(r#"[data-testid="card-warnings"]"#)
            .await
            .text()
            .await
            .is_ok_and(|t| !t.contains("smaller than") && t.contains("77 characters"))
    })
    .await;
    s.eventually("the og field set to the new crop", || async {
        !editor_text(&s)
            .await
            .contains("url: \"/assets/blog/authors/cain.jpeg\"")
    })
    .await;
    let loaded = s
        .client
        .execute(
            "const i = document.querySelector('[data-testid=\"card-x-image\"] img'); return i ? i.naturalWidth : 0;",
            vec![],
        )
        .await
        .unwrap();
    assert!(loaded.as_u64().unwrap_or(0) >= 1200, "{loaded}");
    s.screenshot("card").await;
    s.stop().await;
}

/// The web check, off until the writer turns it on in Settings: then the
/// post's web links are asked in the background ("asking 2 web links…"
/// while the post stays editable) and a page that answers 404 becomes a
/// `broken-link` problem; one that answers 200 does not.
#[tokio::test(flavor = "multi_thread")]
async fn the_web_check_asks_the_post_s_links_in_the_background_once_turned_on() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap();
    let (release, held) = std::sync::mpsc::channel::<()>();
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = asked.clone();
    std::thread::spawn(move || {
        let mut released = false;
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // Nothing is answered until the test has seen the waiting.
            if !released {
                let _ = held.recv();
                released = true;
            }
            let request = String::from_utf8_lossy(&buf[..n]);
            let status = if request.contains(" /gone ") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let post = blog.join("_posts/building-scalable-apis.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str(&format!(
        "\nSee [the old page](http://{host}/gone) and [the new one](http://{host}/fine).\n"
    ));
    std::fs::write(&post, &text).unwrap();

    let s = Session::start(&blog).await;
    open_seed(&s).await;
    s.find(".problems").await;
    // Off: nothing asked of the web.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 0);

    s.click(r#"[data-testid="open-settings"]"#).await;
    s.click(r#"[data-testid="check-web-links"]"#).await;
    s.click(r#"[data-testid="settings"] button.primary"#).await;
    let waiting = s.find(r#"[data-testid="web-asking"]"#).await;
    let said = waiting.text().await.unwrap();
    assert!(said.contains("asking 2 web links"), "{said}");
    s.screenshot("checks-web-asking").await;
    release.send(()).unwrap();

    let gone = s
        .find(r#".problems [data-code="broken-link"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        gone.contains(&format!("http://{host}/gone answers 404")),
        "{gone}"
    );
    s.eventually("every link answered", || async {
        s.client
            .find(fantoccini::Locator::Css(r#"[data-testid="web-asking"]"#))
            .await
            .is_err()
    })
    .await;
    let problems = s
        .client
        .execute(
            "return document.querySelector('.problems').innerText",
            vec![],
        )
        .await
        .unwrap();
    let problems = problems.as_str().unwrap_or_default().to_owned();
    assert!(!problems.contains("/fine"), "{problems}");
    s.screenshot("checks-web-answered").await;
    s.stop().await;
}
