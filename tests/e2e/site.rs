//! The Site tab with the blogs' own generators (Debian's `hugo` and
//! `jekyll`, installed by `make`): nothing of the blog runs before the
//! writer trusts it; then the post's own page is shown (its title in the
//! tab's bar), a saved edit reaches it through the generator's live
//! reload, the page's scripts reach no command, and quitting leaves no
//! server behind.

use std::path::Path;
use std::time::Duration;

use crate::harness::Session;

/// Whether a process whose command line holds `needle` runs.
fn running(needle: &str) -> bool {
    std::process::Command::new("pgrep")
        .args(["-f", "--", needle])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

async fn bar_title(s: &Session) -> String {
    text_of(s, "site-title").await
}

/// The text of the element with `data-testid` (read by script: WebDriver's
/// visible-text rules are unsure of a pane with a native view over it).
async fn text_of(s: &Session, testid: &str) -> String {
    s.client
        .execute(
            "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); return e ? e.textContent : '';",
            vec![testid.into()],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The page's script tries Postdesk's IPC and says in the title what it got.
/// Then it tries to take the view to another site (once per page).
const PROBE: &str = "<script>(async () => { let r = 'ipc refused'; \
    try { await window.__TAURI_INTERNALS__.invoke('blog_info'); r = 'IPC OPEN'; } catch (e) {} \
    document.title = document.title + ' | ' + r; \
    setTimeout(() => { location.href = 'https://example.org/elsewhere'; }, 200); })();</script>";

fn hugo_blog(root: &Path, site_command: Option<&str>) {
    std::fs::create_dir_all(root.join("content/posts")).unwrap();
    std::fs::create_dir_all(root.join("layouts/_default")).unwrap();
    std::fs::write(
        root.join("hugo.toml"),
        "title = \"A Hugo site\"\nbaseURL = \"https://example.org/\"\n",
    )
    .unwrap();
    let page = format!(
        "<!doctype html><html><head><title>{{{{ .Title }}}}</title></head>\
         <body style=\"background:#e8f0ff\"><h1>{{{{ .Title }}}}</h1>\
         <p>Rendered by Hugo's own templates.</p>{{{{ .Content }}}}{PROBE}</body></html>\n"
    );
    std::fs::write(root.join("layouts/_default/single.html"), &page).unwrap();
    std::fs::write(root.join("layouts/_default/list.html"), &page).unwrap();
    std::fs::write(
        root.join("content/posts/on-the-site.md"),
        "---\ntitle: \"On the site\"\ndate: 2024-02-01\ndraft: true\n---\n\nA draft, shown by `hugo server --buildDrafts`.\n",
    )
    .unwrap();
    if let Some(command) = site_command {
        std::fs::write(
            root.join("postdesk.toml"),
            format!("[site]\ncommand = \"{command}\"\n"),
        )
        .unwrap();
    }
}

async fn open_site_tab(s: &Session, post: &str) {
    s.click(&format!(r#"li[data-path="{post}"]"#)).await;
    s.click(r#"[data-testid="tab-site"]"#).await;
}

/// A Hugo blog: asked first, then served by `hugo server`; the draft's page
/// in the tab, a title changed in the form and saved reaches the page by
/// Hugo's live reload; the page cannot call Postdesk; quitting stops it.
#[tokio::test(flavor = "multi_thread")]
async fn a_trusted_hugo_blog_shows_the_post_on_its_own_site() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("hugo-site");
    hugo_blog(&blog, None);
    let opened = dir.path().join("opened.txt");
    let s = Session::start_with(&blog, &[("POSTDESK_E2E_OPENED", opened.as_path())]).await;
    open_site_tab(&s, "content/posts/on-the-site.md").await;
    let command = s
        .find(r#"[data-testid="site-command"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        command.starts_with("hugo server --bind 127.0.0.1"),
        "{command}"
    );
    assert!(
        !running("hugo server --bind 127.0.0.1"),
        "nothing runs before trust"
    );
    s.screen("site-trust").await;

    s.click(r#"[data-testid="site-trust-button"]"#).await;
    s.eventually("the post's page in the Site tab", || async {
        bar_title(&s).await.starts_with("On the site")
    })
    .await;
    let url = text_of(&s, "site-url").await;
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(url.ends_with("/posts/on-the-site/"), "{url}");
    s.eventually("the page's script ran", || async {
        bar_title(&s).await.contains(" | ")
    })
    .await;
    let title = bar_title(&s).await;
    assert!(title.ends_with("| ipc refused"), "{title}");
    // Leaving the site: the page stays, the other site opens in the browser.
    s.eventually("the other site sent to the browser", || async {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.contains("https://example.org/elsewhere"))
    })
    .await;
    assert!(text_of(&s, "site-url")
        .await
        .ends_with("/posts/on-the-site/"));
    // "Open in browser" opens the page shown.
    s.click(r#"[data-testid="site-browser"]"#).await;
    s.eventually("the page sent to the browser", || async {
        std::fs::read_to_string(&opened).is_ok_and(|t| t.contains(&url))
    })
    .await;
    s.screen("site-hugo").await;

    // A new title typed in the form beside the site and saved: Hugo
    // rebuilds and its live reload shows it.
    s.click(r#"[data-testid="tab-form"]"#).await;
    let field = s.find(r#"[data-key="title"]"#).await;
    field.clear().await.unwrap();
    field.send_keys("On the site, revised").await.unwrap();
    let save = format!(
        "{}s{}",
        &*fantoccini::key::Key::Control,
        &*fantoccini::key::Key::Null
    );
    field.send_keys(&save).await.unwrap();
    s.eventually("the title saved", || async {
        std::fs::read_to_string(blog.join("content/posts/on-the-site.md"))
            .unwrap()
            .contains("On the site, revised")
    })
    .await;
    // The list row after the save is still the generator's: its URL too.
    s.eventually(
        "the post's URL in the status bar after the save",
        || async { text_of(&s, "post-url").await == "/posts/on-the-site/" },
    )
    .await;
    s.eventually("the revised page, live-reloaded", || async {
        bar_title(&s).await.starts_with("On the site, revised")
    })
    .await;
    s.screen("site-hugo-reloaded").await;

    // Quitting the app stops the server with everything it started.
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    assert!(running(&format!("--port {port}")));
    s.stop().await;
    let mut left = true;
    for _ in 0..50 {
        left = running(&format!("--port {port}"));
        if !left {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!left, "hugo server outlived the app");
}

/// A Jekyll blog served by `jekyll serve` at the post's permalink; the
/// page is the post's, the blog folder gets no `_site`.
#[tokio::test(flavor = "multi_thread")]
async fn a_trusted_jekyll_blog_shows_the_post_on_its_own_site() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("jekyll-site");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    std::fs::create_dir_all(blog.join("_layouts")).unwrap();
    std::fs::write(
        blog.join("_config.yml"),
        "title: A Jekyll site\npermalink: /:categories/:year/:title/\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("_layouts/post.html"),
        "<!doctype html><html><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>{{ content }}</body></html>\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("_posts/2024-03-05-served.md"),
        "---\nlayout: post\ntitle: Served by Jekyll\ncategories: notes\n---\n\nThe post, as Jekyll builds it.\n",
    )
    .unwrap();
    let s = Session::start(&blog).await;
    open_site_tab(&s, "_posts/2024-03-05-served.md").await;
    s.click(r#"[data-testid="site-trust-button"]"#).await;
    s.eventually("the post's page in the Site tab", || async {
        bar_title(&s).await == "Served by Jekyll"
    })
    .await;
    let url = text_of(&s, "site-url").await;
    assert!(url.ends_with("/notes/2024/served/"), "{url}");
    s.screen("site-jekyll").await;
    // The server's log, over the page (which hides under the dialog).
    s.click(r#"[data-testid="site-log-open"]"#).await;
    s.eventually("jekyll's own words in the log", || async {
        text_of(&s, "site-log")
            .await
            .contains("Server address: http://127.0.0.1:")
    })
    .await;
    s.screen("site-jekyll-log").await;
    s.stop().await;
    assert!(
        !blog.join("_site").exists(),
        "the build went into the blog folder"
    );
}

/// A blog whose site command would write a marker runs nothing until the
/// writer trusts it; trust withdrawn in Settings asks again.
#[tokio::test(flavor = "multi_thread")]
async fn a_blog_runs_nothing_until_it_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("hostile-site");
    let marker = dir.path().join("ran");
    hugo_blog(
        &blog,
        Some(&format!(
            "sh -c 'touch {} && exec hugo server --bind 127.0.0.1 --port {{port}} --baseURL http://127.0.0.1:{{port}}/ --appendPort=false --buildDrafts --noBuildLock'",
            marker.display()
        )),
    );
    // The page's probe tries to leave the site: record it instead of
    // launching a browser (whose failure would show a banner mid-test).
    let opened = dir.path().join("opened.txt");
    let s = Session::start_with(&blog, &[("POSTDESK_E2E_OPENED", opened.as_path())]).await;
    open_site_tab(&s, "content/posts/on-the-site.md").await;
    let command = s
        .find(r#"[data-testid="site-command"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        command.contains("touch"),
        "the writer sees what would run: {command}"
    );
    // Asked, and asked again after leaving and coming back: nothing ran.
    s.click(r#"[data-testid="tab-preview"]"#).await;
    s.click(r#"[data-testid="tab-site"]"#).await;
    s.find(r#"[data-testid="site-trust"]"#).await;
    // The window cannot start it by calling the command itself either.
    let refused = s
        .client
        .execute_async(
            "const done = arguments[0]; window.__TAURI_INTERNALS__.invoke('site_open', \
             {path: 'content/posts/on-the-site.md', bounds: {x: 0, y: 0, width: 10, height: 10}, install: false}) \
             .then(() => done('started'), (e) => done(e.code));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(refused.as_str(), Some("siteUntrusted"));
    assert!(
        !marker.exists(),
        "the blog's command ran before it was trusted"
    );

    s.click(r#"[data-testid="site-trust-button"]"#).await;
    s.eventually("the page", || async {
        bar_title(&s).await.starts_with("On the site")
    })
    .await;
    assert!(marker.exists(), "trusted, the command ran");

    // Withdrawn in Settings: the server stops, the tab asks again.
    s.click(r#"[data-testid="open-settings"]"#).await;
    let settings = s.find(r#"[data-testid="trusted-sites"]"#).await;
    assert!(settings.text().await.unwrap().contains("touch"));
    s.click(r#"[data-testid="withdraw-trust"]"#).await;
    s.click(r#"[data-testid="settings"] button.primary"#).await;
    std::fs::remove_file(&marker).unwrap();
    s.click(r#"[data-testid="tab-preview"]"#).await;
    s.click(r#"[data-testid="tab-site"]"#).await;
    s.find(r#"[data-testid="site-trust-button"]"#).await;
    assert!(!marker.exists());
    s.stop().await;
}

/// An Astro blog without `node_modules`: trusted, it still asks before
/// `npm install` (which runs the packages' scripts) and runs nothing yet.
#[tokio::test(flavor = "multi_thread")]
async fn a_node_blog_asks_before_installing_its_packages() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("astro-site");
    std::fs::create_dir_all(blog.join("src/content/blog")).unwrap();
    std::fs::write(blog.join("astro.config.mjs"), "export default {};\n").unwrap();
    std::fs::write(
        blog.join("package.json"),
        "{\"scripts\": {\"dev\": \"astro dev\"}, \"dependencies\": {\"astro\": \"^5\"}}\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("src/content/blog/first.md"),
        "---\ntitle: First\npubDate: 2024-01-02\n---\n\nHello.\n",
    )
    .unwrap();
    let s = Session::start(&blog).await;
    open_site_tab(&s, "src/content/blog/first.md").await;
    // The trust question comes once the window has heard the blog's state.
    s.find(r#"[data-testid="site-command"]"#).await;
    assert_eq!(
        text_of(&s, "site-command").await,
        "npm run dev -- --host 127.0.0.1 --port {port}"
    );
    s.click(r#"[data-testid="site-trust-button"]"#).await;
    s.find(r#"[data-testid="site-install"]"#).await;
    s.screen("site-node-install").await;
    assert!(
        !blog.join("node_modules").exists(),
        "npm ran before it was agreed to"
    );
    assert_eq!(text_of(&s, "post-url").await, "/blog/first/");
    s.stop().await;
}

/// A server that fails to start: its log's end and the known fix shown,
/// the whole log one click away.
#[tokio::test(flavor = "multi_thread")]
async fn a_failing_server_shows_its_log_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("broken-site");
    hugo_blog(
        &blog,
        Some("sh -c 'echo starting up; echo Error: Could not find gem minima >&2; exit 3'"),
    );
    let s = Session::start(&blog).await;
    open_site_tab(&s, "content/posts/on-the-site.md").await;
    s.click(r#"[data-testid="site-trust-button"]"#).await;
    let error = s.find(r#"[data-testid="site-error"]"#).await;
    let text = error.text().await.unwrap();
    assert!(text.contains("exit status: 3"), "{text}");
    assert!(text.contains("Could not find gem minima"), "{text}");
    assert!(
        text.contains("run `bundle install` in the blog folder"),
        "{text}"
    );
    s.click(r#"[data-testid="site-error"] button"#).await;
    s.eventually("the log", || async {
        text_of(&s, "site-log").await.contains("starting up")
    })
    .await;
    s.screen("site-failed").await;
    s.stop().await;
}
