//! Where the window may navigate. The window and the preview frame show the
//! app's own two pages and never leave them: a link clicked in the preview
//! (which runs no script, so the page cannot catch the click) arrives here
//! as a navigation of the frame. In-page `#anchors` of the preview page go
//! ahead (WebKit scrolls to them); web and mail links open in the system
//! browser; everything else — a relative link to another post, `file:`,
//! `javascript:` — goes nowhere.

use tauri::Url;

/// What to do with one navigation request.
#[derive(Debug, PartialEq, Eq)]
pub enum Navigation {
    /// One of the app's own pages (or an anchor on it): let it load.
    Allow,
    /// A web or mail link: open it in the system browser, stay here.
    Browser(Url),
    /// Anything else: stay here.
    Stay,
}

/// The app's pages, as Tauri serves them (`tauri://localhost` on Linux and
/// macOS, `http(s)://tauri.localhost` on Windows). `tauri:` is not a
/// special scheme to the URL parser, so its root path is empty.
const PAGES: [&str; 4] = ["", "/", "/index.html", "/preview.html"];

pub fn decide(url: &Url) -> Navigation {
    let own_origin = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    };
    if own_origin {
        // A web link of the preview, routed through the app's origin (the
        // CSP lets the frame navigate nowhere else; see `url::LINK_PATH`).
        let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
        if let Some(target) = postdesk_core::url::web_link_target(&path) {
            return Navigation::Browser(target);
        }
        return if PAGES.contains(&url.path()) && url.query().is_none() {
            Navigation::Allow
        } else {
            Navigation::Stay
        };
    }
    match url.scheme() {
        "about" if matches!(url.path(), "blank" | "srcdoc") => Navigation::Allow,
        "http" | "https" | "mailto" => Navigation::Browser(url.clone()),
        _ => Navigation::Stay,
    }
}

/// A URL as the writer wrote it: a link relative to the post resolves
/// against the preview page, so the page's part is taken off again.
pub fn shown(url: &Url) -> String {
    let text = url.as_str();
    for page in [
        "tauri://localhost/",
        "http://tauri.localhost/",
        "https://tauri.localhost/",
    ] {
        if let Some(rest) = text.strip_prefix(page) {
            return rest.to_string();
        }
    }
    text.to_string()
}

/// The slug a link on the app's own origin names, however the site routes
/// posts: `other-post`, `./other-post.md`, `/posts/other-post`,
/// `/2024/01/15/other-post.html`, `/posts/other-post/`,
/// `2024-01-15-other-post.md`.
pub fn linked_slug(url: &Url) -> Option<String> {
    if decide(url) != Navigation::Stay || shown(url) == url.as_str() {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let mut last = *segments.last()?;
    let stem = |s: &str| s.rsplit_once('.').map_or(s, |(stem, _)| stem).to_owned();
    if matches!(stem(last).as_str(), "index" | "_index") && segments.len() > 1 {
        last = segments[segments.len() - 2];
    }
    let decoded = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    let slug = postdesk_core::post::slug_of(&format!("{}.md", stem(&decoded)));
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(url: &str) -> Navigation {
        decide(&Url::parse(url).unwrap())
    }

    #[test]
    fn the_app_pages_and_their_anchors_load() {
        assert_eq!(at("tauri://localhost"), Navigation::Allow);
        assert_eq!(at("tauri://localhost/index.html"), Navigation::Allow);
        assert_eq!(at("tauri://localhost/preview.html"), Navigation::Allow);
        assert_eq!(
            at("tauri://localhost/preview.html#caching"),
            Navigation::Allow
        );
        assert_eq!(
            at("http://tauri.localhost/preview.html#x"),
            Navigation::Allow
        );
        assert_eq!(at("about:blank"), Navigation::Allow);
    }

    #[test]
    fn web_and_mail_links_go_to_the_browser() {
        let browser = |u: &str| Navigation::Browser(Url::parse(u).unwrap());
        assert_eq!(
            at("https://example.com/x"),
            browser("https://example.com/x")
        );
        assert_eq!(at("http://example.com"), browser("http://example.com"));
        assert_eq!(at("mailto:a@example.com"), browser("mailto:a@example.com"));
        // As the preview writes them (the frame may load the app's pages only).
        assert_eq!(
            at("tauri://localhost/open-link/https%3A%2F%2Fexample%2Ecom%2Fx%3Fa%3D1"),
            browser("https://example.com/x?a=1")
        );
        assert_eq!(
            at("http://tauri.localhost/open-link/mailto%3Aa%40example%2Ecom"),
            browser("mailto:a@example.com")
        );
        assert_eq!(
            at("tauri://localhost/open-link/file%3A%2F%2F%2Fetc%2Fpasswd"),
            Navigation::Stay
        );
        assert_eq!(
            at("tauri://elsewhere/open-link/https%3A%2F%2Fexample%2Ecom"),
            Navigation::Stay
        );
    }

    #[test]
    fn a_relative_link_is_shown_as_written() {
        let shown = |u: &str| super::shown(&Url::parse(u).unwrap());
        assert_eq!(shown("tauri://localhost/other-post"), "other-post");
        assert_eq!(shown("http://tauri.localhost/a/b.md#x"), "a/b.md#x");
        assert_eq!(shown("file:///etc/passwd"), "file:///etc/passwd");
    }

    #[test]
    fn a_link_names_a_post_by_its_slug_whatever_the_route() {
        let slug = |u: &str| super::linked_slug(&Url::parse(u).unwrap());
        for u in [
            "tauri://localhost/other-post",
            "tauri://localhost/other-post.md",
            "tauri://localhost/posts/other-post",
            "tauri://localhost/posts/other-post/",
            "tauri://localhost/2024/01/15/other-post.html",
            "tauri://localhost/_posts/2024-01-15-other-post.md",
            "tauri://localhost/posts/other-post/index.html",
            "tauri://localhost/posts/other-post#part",
        ] {
            assert_eq!(slug(u).as_deref(), Some("other-post"), "{u}");
        }
        assert_eq!(slug("tauri://localhost/caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(slug("https://example.com/other-post"), None);
        assert_eq!(slug("tauri://localhost/preview.html#x"), None);
        assert_eq!(slug("file:///tmp/other-post.md"), None);
    }

    #[test]
    fn everything_else_stays() {
        // A relative link in a post resolves against the preview page.
        assert_eq!(at("tauri://localhost/other-post"), Navigation::Stay);
        assert_eq!(at("tauri://localhost/preview.html?x=1"), Navigation::Stay);
        assert_eq!(at("tauri://elsewhere/"), Navigation::Stay);
        assert_eq!(at("file:///etc/passwd"), Navigation::Stay);
        assert_eq!(at("javascript:alert(1)"), Navigation::Stay);
        assert_eq!(at("postdesk-asset://localhost/x.png"), Navigation::Stay);
        assert_eq!(at("data:text/html,hi"), Navigation::Stay);
    }
}
