//! The post list's work: new post (Ctrl+N), full-text search, quick open
//! (Ctrl+P), rename, move to trash; and Ctrl+B in the editor.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::desk::editor_text;
use crate::harness::Session;

fn ctrl(k: &str) -> String {
    format!("{}{k}{}", &*Key::Control, &*Key::Null)
}

async fn listed(s: &Session) -> Vec<String> {
    let v = s
        .client
        .execute(
            "return [...document.querySelectorAll('nav.post-list li[data-path]')].map(li => li.dataset.path);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_search_open_rename_and_delete_posts() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let home = tempfile::tempdir().unwrap();
    let s = Session::start_in(
        &blog,
        home,
        &[("XDG_DATA_HOME", &dir.path().join("xdg-data"))],
    )
    .await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;

    // The author new posts get (Settings).
    s.find(r#"[data-testid="open-settings"]"#)
        .await
        .click()
        .await
        .unwrap();
    let author = s.find(r#"[data-testid="default-author"]"#).await;
    author.send_keys("Ada Lovelace").await.unwrap();
    author.send_keys(&Key::Tab.to_string()).await.unwrap();
    s.find(r#"[data-testid="settings"] button.primary"#)
        .await
        .click()
        .await
        .unwrap();

    // Ctrl+N: the title gives the file, created from the schema's defaults.
    let body = s.find("body").await;
    body.send_keys(&ctrl("n")).await.unwrap();
    let title = s.find(r#"[data-testid="new-title"]"#).await;
    title.send_keys("Notes on Résumé Writing").await.unwrap();
    s.eventually("the slug preview", || async {
        s.find(r#"[data-testid="new-path"]"#)
            .await
            .text()
            .await
            .unwrap_or_default()
            == "Creates _posts/notes-on-resume-writing.md"
    })
    .await;
    s.screenshot("new-post").await;
    title.send_keys(&Key::Enter.to_string()).await.unwrap();
    let created = blog.join("_posts/notes-on-resume-writing.md");
    s.eventually("the new post on disk and open", || async {
        created.is_file()
            && editor_text(&s)
                .await
                .contains("title: \"Notes on Résumé Writing\"")
    })
    .await;
    let text = std::fs::read_to_string(&created).unwrap();
    assert!(text.contains("status: \"draft\""), "{text}");
    assert!(
        text.contains("  name: \"Ada Lovelace\""),
        "the default author: {text}"
    );
    s.find(r#"li[data-path="_posts/notes-on-resume-writing.md"]"#)
        .await;

    // Ctrl+B makes the word at the cursor bold.
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    content
        .send_keys(&ctrl(&Key::End.to_string()))
        .await
        .unwrap();
    content.send_keys("\nA quokka appears.").await.unwrap();
    content
        .send_keys(&Key::Left.to_string().repeat(10))
        .await
        .unwrap();
    content.send_keys(&ctrl("b")).await.unwrap();
    s.eventually("the word in bold", || async {
        editor_text(&s).await.contains("A **quokka** appears.")
    })
    .await;
    // Saved (autosave), then searchable by a word in the body.
    s.eventually("the body saved", || async {
        std::fs::read_to_string(&created)
            .unwrap()
            .contains("**quokka**")
    })
    .await;
    let search = s.find(r#"[data-testid="search"]"#).await;
    search.send_keys("quokka").await.unwrap();
    s.eventually("only the post with the word is listed", || async {
        listed(&s).await == ["_posts/notes-on-resume-writing.md"]
    })
    .await;
    s.find(r#"[data-testid="snippet"]"#).await;
    let said = s
        .client
        .execute(
            "return document.querySelector('[data-testid=snippet]').textContent;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(said.contains("quokka"), "snippet: {said:?}");
    search.clear().await.unwrap();
    search.send_keys("production traffic").await.unwrap();
    s.eventually("a word from the seed post's body", || async {
        listed(&s).await == ["_posts/building-scalable-apis.md"]
    })
    .await;
    search.clear().await.unwrap();
    search
        .send_keys(&format!("x{}", &*Key::Backspace))
        .await
        .unwrap();
    s.eventually("all posts again", || async { listed(&s).await.len() == 3 })
        .await;

    // Filters: drafts only.
    s.select(r#"[data-testid="filter-status"]"#, "draft").await;
    s.eventually("drafts only", || async {
        let l = listed(&s).await;
        l.len() == 2 && !l.contains(&"_posts/building-scalable-apis.md".to_owned())
    })
    .await;
    s.select(r#"[data-testid="filter-status"]"#, "").await;

    // Ctrl+P: fuzzy over titles.
    body.send_keys(&ctrl("p")).await.unwrap();
    let q = s.find(r#"[data-testid="quick-open-input"]"#).await;
    q.send_keys("lessprod").await.unwrap();
    s.eventually("the fuzzy match first", || async {
        match s
            .client
            .find(Locator::Css(r#"[data-testid="quick-open"] li.on"#))
            .await
        {
            Ok(li) => {
                li.attr("data-path").await.ok().flatten().as_deref()
                    == Some("_posts/building-scalable-apis.md")
            }
            Err(_) => false,
        }
    })
    .await;
    q.send_keys(&Key::Enter.to_string()).await.unwrap();
    s.eventually("the seed post open", || async {
        editor_text(&s).await.contains("After spending months")
    })
    .await;

    // Rename the new post's file, then move it to the trash.
    s.find(r#"li[data-path="_posts/notes-on-resume-writing.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the new post open", || async {
        editor_text(&s).await.contains("quokka")
    })
    .await;
    s.find(r#"[data-testid="post-menu"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.find(r#"[data-testid="rename-post"]"#)
        .await
        .click()
        .await
        .unwrap();
    let slug = s.find(r#"[data-testid="rename-slug"]"#).await;
    slug.clear().await.unwrap();
    slug.send_keys("cv-notes").await.unwrap();
    // The dialog shows where the file goes once Rust has answered.
    s.eventually("the rename's target shown", || async {
        s.find(r#"[data-testid="rename-dialog"] p.path"#)
            .await
            .text()
            .await
            .unwrap()
            .ends_with("→ _posts/cv-notes.md")
    })
    .await;
    s.find(r#"[data-testid="rename-confirm"]"#)
        .await
        .click()
        .await
        .unwrap();
    let renamed = blog.join("_posts/cv-notes.md");
    s.eventually("the file renamed", || async {
        renamed.is_file() && !created.exists()
    })
    .await;
    s.find(r#"li[data-path="_posts/cv-notes.md"]"#).await;
    assert!(
        editor_text(&s).await.contains("quokka"),
        "the editor follows the rename"
    );

    s.find(r#"[data-testid="post-menu"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.find(r#"[data-testid="delete-post"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.find(r#"[data-testid="delete-confirm"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the post gone to the trash", || async {
        !renamed.exists()
            && std::fs::read_dir(dir.path().join("xdg-data/Trash/files"))
                .map(|d| d.count() == 1)
                .unwrap_or(false)
    })
    .await;
    s.eventually("and from the list", || async {
        !listed(&s).await.contains(&"_posts/cv-notes.md".to_owned())
    })
    .await;
    s.stop().await;
}

/// Two sample blogs, `first-blog` and `second-blog`; only the second has
/// `_posts/only-here.md`.
fn two_blogs() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first-blog");
    let second = dir.path().join("second-blog");
    crate::harness::sample(&first);
    crate::harness::sample(&second);
    std::fs::write(
        second.join("_posts/only-here.md"),
        "---\ntitle: \"Only in the second blog\"\ndate: \"2024-03-01T08:00:00.000Z\"\n---\nHi\n",
    )
    .unwrap();
    (dir, first, second)
}

/// Waits for the window to show the second blog: its own post listed, its
/// name in the header.
async fn on_second_blog(s: &Session) {
    s.find(r#"li[data-path="_posts/only-here.md"]"#).await;
    let name = s
        .find(r#"[data-testid="blog-menu"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(name.starts_with("second-blog"), "{name}");
}

/// Open folder… switches the window to another blog; the first one is then
/// among the recent blogs, and choosing it switches back.
#[tokio::test(flavor = "multi_thread")]
async fn another_blog_opens_from_the_folder_dialog_and_the_recent_list() {
    let (_dir, first, second) = two_blogs();
    let s = Session::start_with(&first, &[("POSTDESK_E2E_PICK_FOLDER", second.as_path())]).await;
    s.find(r#"li[data-path="_posts/building-scalable-apis.md"]"#)
        .await;
    s.find(r#"[data-testid="blog-menu"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.find(r#"[data-testid="open-folder"]"#)
        .await
        .click()
        .await
        .unwrap();
    on_second_blog(&s).await;

    s.find(r#"[data-testid="blog-menu"]"#)
        .await
        .click()
        .await
        .unwrap();
    let recent = s.find(r#"[data-testid="recent-blog"]"#).await;
    assert!(recent.text().await.unwrap().contains("first-blog"));
    recent.click().await.unwrap();
    s.eventually("back on the first blog", || async {
        let l = listed(&s).await;
        !l.is_empty() && !l.contains(&"_posts/only-here.md".to_owned())
    })
    .await;
    s.stop().await;
}

/// `postdesk OTHER_BLOG` typed while the app runs: the running window saves
/// its edits and opens OTHER_BLOG, and the second process ends at once. A
/// folder that is no blog is refused by the second process itself; the
/// blog already open is only acknowledged.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_postdesk_blog_opens_that_blog_in_the_running_window() {
    let (dir, first, second) = two_blogs();
    let seed = "_posts/building-scalable-apis.md";
    let s = Session::start_on_bus(&first).await;
    crate::desk::open_seed(&s).await;
    // An edit not saved yet: it must reach the disk before the switch.
    crate::disk::type_at_end(&s, " Typed before the switch.").await;

    let (status, printed) = s.second_start(&[second.as_path()]);
    assert!(status.success(), "the second postdesk failed: {printed}");
    on_second_blog(&s).await;
    let saved = std::fs::read_to_string(first.join(seed)).unwrap();
    assert!(
        saved.trim_end().ends_with("Typed before the switch."),
        "the edit was not saved before the switch:\n{saved}"
    );

    // Not a blog: the second postdesk says so and ends; the window stays.
    let nothing = dir.path().join("not-a-blog");
    std::fs::create_dir_all(&nothing).unwrap();
    let (status, printed) = s.second_start(&[nothing.as_path()]);
    assert_eq!(status.code(), Some(2), "{printed}");
    assert!(printed.contains("not-a-blog"), "{printed}");
    // The blog already open: the window stays as it is (not even reloaded).
    s.client
        .execute("window.__notReloaded = true;", vec![])
        .await
        .unwrap();
    let (status, printed) = s.second_start(&[second.as_path()]);
    assert!(status.success(), "{status}: {printed}");
    // The window says the blog is already open (and does nothing else).
    s.eventually("the window's word that the blog is open here", || async {
        s.client
            .execute(
                "return document.querySelector('footer .notice')?.textContent ?? '';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .is_some_and(|t| t.contains("started again on this blog"))
    })
    .await;
    let kept = s
        .client
        .execute("return window.__notReloaded === true;", vec![])
        .await
        .unwrap();
    assert_eq!(kept, serde_json::json!(true), "the window reloaded");
    assert!(
        s.client
            .find(Locator::Css(".banner[data-code]"))
            .await
            .is_err(),
        "an error banner appeared"
    );
    s.stop().await;
}

/// "Open with Postdesk" on a post file (the desktop entry runs
/// `postdesk-app FILE`, a terminal `postdesk FILE`): its blog opens with that
/// post; a second start on a post of another blog switches to it and opens
/// the post; on a post of the open blog, the window opens it.
#[tokio::test(flavor = "multi_thread")]
async fn a_post_file_named_on_the_command_line_opens_in_its_blog() {
    let (_dir, first, second) = two_blogs();
    // Not the newest post, which the window would open otherwise.
    let seed = first.join("_posts/building-scalable-apis.md");
    let s = Session::start_on_bus(&seed).await;
    s.eventually("the named post in the editor", || async {
        editor_text(&s).await.contains("After spending months")
    })
    .await;

    let (status, printed) = s.second_start(&[second.join("_posts/only-here.md").as_path()]);
    assert!(status.success(), "{status}: {printed}");
    on_second_blog(&s).await;
    s.eventually("the other blog's post in the editor", || async {
        editor_text(&s).await.contains("Only in the second blog")
    })
    .await;

    let (status, printed) =
        s.second_start(&[second.join("_posts/building-scalable-apis.md").as_path()]);
    assert!(status.success(), "{status}: {printed}");
    s.eventually("the post of the open blog in the editor", || async {
        editor_text(&s).await.contains("After spending months")
    })
    .await;
    s.stop().await;
}
