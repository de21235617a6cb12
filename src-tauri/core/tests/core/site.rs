//! The Site view's servers, run for real: Hugo's and Jekyll's own
//! development servers (Debian's packages, installed by `make`) started
//! with the command Postdesk gives them serve every post of the route
//! fixtures at the URL Postdesk computes for it — the page there is the
//! post's — and stop leaving nothing behind; the blog folder is unchanged.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use postdesk_core::blog::Blog;
use postdesk_core::index;
use postdesk_core::serve::{free_port, Server, SiteCommand};

/// `GET path` on 127.0.0.1:port: the status line and the body.
fn get(port: u16, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((
                    e.path().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Serves `fixture` (with a template that writes each page's title) and
/// fetches every post at its URL.
fn serves_every_post_at_its_url(fixture: &str, template: (&str, &str)) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    copy_dir(&crate::fixture(fixture), &root);
    std::fs::remove_file(root.join("generator.json")).unwrap();
    let (at, html) = template;
    std::fs::create_dir_all(root.join(at).parent().unwrap()).unwrap();
    std::fs::write(root.join(at), html).unwrap();
    let before = snapshot(&root);

    let blog = Blog::open(&root).unwrap();
    let summaries = index::scan(&blog, None).unwrap().summaries();
    let port = free_port().unwrap();
    let work = dir.path().join("work");
    let command = SiteCommand::for_blog(&root, blog.kind(), None)
        .unwrap()
        .filled(port, free_port().unwrap(), &work);
    let mut server = Server::start(command, &root, port, dir.path().join("site.log"), |_| {})
        .unwrap_or_else(|e| panic!("{fixture}: {e}"));
    let mut wrong = Vec::new();
    for s in &summaries {
        let url = s.url.clone().unwrap();
        let (status, body) = get(port, &url);
        let title = format!("<title>{}</title>", s.title);
        if !status.contains("200") || !body.contains(&title) {
            wrong.push(format!("{}: {url} gave {status}", s.path));
        }
    }
    let group = server.group();
    server.stop();
    assert!(wrong.is_empty(), "{fixture}: {wrong:#?}");
    assert!(
        rustix::process::test_kill_process_group(
            rustix::process::Pid::from_raw(group as i32).unwrap()
        )
        .is_err(),
        "{fixture}: the server's processes outlived it"
    );
    assert_eq!(
        snapshot(&root),
        before,
        "{fixture}: serving wrote into the blog folder"
    );
}

#[test]
fn hugo_serves_every_post_at_the_url_postdesk_gives_it() {
    serves_every_post_at_its_url(
        "hugo-routes",
        (
            "layouts/_default/single.html",
            "<!doctype html><title>{{ .Title }}</title><body>{{ .Content }}</body>\n",
        ),
    );
}

#[test]
fn jekyll_serves_every_post_at_the_url_postdesk_gives_it() {
    serves_every_post_at_its_url(
        "jekyll-routes",
        (
            "_layouts/post.html",
            "<!doctype html><title>{{ page.title }}</title><body>{{ content }}</body>\n",
        ),
    );
}

#[test]
fn postdesk_toml_gives_the_url_pattern_when_the_kind_cannot_say() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src/content/blog/guides")).unwrap();
    std::fs::write(root.join("astro.config.mjs"), "export default {}\n").unwrap();
    std::fs::write(
        root.join("src/content/blog/guides/first.md"),
        "---\ntitle: First\npubDate: 2024-01-02\n---\nx\n",
    )
    .unwrap();
    let url = |root: &Path| {
        let blog = Blog::open(root).unwrap();
        index::scan(&blog, None).unwrap().summaries()[0].url.clone()
    };
    // Astro's blog template: /blog/<id>/.
    assert_eq!(url(root).as_deref(), Some("/blog/guides/first/"));
    std::fs::write(
        root.join("postdesk.toml"),
        "[site]\nurl = \"/articles/{slug}\"\ncommand = \"npm run start -- --port {port}\"\n",
    )
    .unwrap();
    assert_eq!(url(root).as_deref(), Some("/articles/first"));
    std::fs::write(
        root.join("postdesk.toml"),
        "[site]\nurl = \"/{path}.html\"\n",
    )
    .unwrap();
    // `{path}` is the path in the content folder (`src/content`).
    assert_eq!(url(root).as_deref(), Some("/blog/guides/first.html"));
}

/// The row the list shows after a save is the one a scan gives: the
/// generator's date, status and URL, not a plain reading of the text.
#[test]
fn a_saved_post_s_row_is_the_one_a_scan_gives() {
    for name in ["hugo-routes", "jekyll-routes"] {
        let root = crate::fixture(name);
        let blog = Blog::open(&root).unwrap();
        let now = jiff::Timestamp::now();
        for scanned in index::scan(&blog, None).unwrap().summaries() {
            let text = std::fs::read_to_string(root.join(&scanned.path)).unwrap();
            let row = index::summary_of(&blog, &scanned.path, &text, now);
            assert_eq!(row, scanned, "{name}");
        }
    }
}
