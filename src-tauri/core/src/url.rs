//! URLs of the blog's own images: the scheme the window loads them
//! through, and which destinations are remote. Remote images, once the
//! writer allows them, come through the same scheme (`…/remote/URL`), so
//! the window's CSP allows no web origin for images at all.

/// The URI scheme through which the preview loads the blog's own files.
pub const ASSET_SCHEME: &str = "postdesk-asset";

/// A URL as a browser reads it (the URL standard's first steps): leading
/// and trailing C0 controls and spaces removed, and every ASCII tab and
/// newline removed wherever it is. `ht&#9;tps://x` is `https://x` to the
/// browser, so it must be to every check too.
pub fn as_browsers_read(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Whether an image or link destination is on the web.
pub fn is_remote(url: &str) -> bool {
    let lower = as_browsers_read(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// The URL through which the window loads an image of the blog, if `dest`
/// names one: site paths from the public folder, paths relative to the
/// post (`post_path`, blog-relative) from the post's folder.
pub fn asset_url(post_path: &str, dest: &str) -> Option<String> {
    if dest.is_empty() || is_remote(dest) || dest.starts_with('#') {
        return None;
    }
    if dest.contains(':') && !dest.starts_with('/') {
        return None; // another scheme (data:, mailto:, …)
    }
    if let Some(site) = dest.strip_prefix('/') {
        return Some(format!("{ASSET_SCHEME}://localhost/site/{site}"));
    }
    let dir = post_path.rsplit_once('/').map_or("", |(d, _)| d);
    let joined = if dir.is_empty() {
        dest.to_owned()
    } else {
        format!("{dir}/{dest}")
    };
    Some(format!("{ASSET_SCHEME}://localhost/post/{joined}"))
}

/// The path on the app's own origin through which a web or mail link
/// clicked in the preview reaches the window's navigation handler, which
/// opens it in the browser: the CSP lets the preview frame navigate to the
/// app's own pages only, so a plain `https:` link would be stopped before
/// the handler ever heard of it.
pub const LINK_PATH: &str = "/open-link/";

/// The app-origin path (relative to the preview page) for the web or mail
/// link `href`, or `None` if it is neither.
pub fn web_link_url(href: &str) -> Option<String> {
    Some(format!(
        "{LINK_PATH}{}",
        encoded_absolute(href, &["http://", "https://", "mailto:"])?
    ))
}

/// `dest` as the browser reads it, made absolute (`//x` is `https://x`) and
/// percent-encoded whole, if it starts with one of `schemes` or `//`.
fn encoded_absolute(dest: &str, schemes: &[&str]) -> Option<String> {
    let read = as_browsers_read(dest);
    let lower = read.to_ascii_lowercase();
    let absolute = if schemes.iter().any(|p| lower.starts_with(p)) {
        read
    } else if read.starts_with("//") {
        format!("https:{read}")
    } else {
        return None;
    };
    Some(
        percent_encoding::utf8_percent_encode(&absolute, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    )
}

/// The link a decoded app-origin path (`/open-link/https://…`) names: only
/// `http`, `https` and `mailto`.
pub fn web_link_target(path: &str) -> Option<url::Url> {
    let target = url::Url::parse(path.strip_prefix(LINK_PATH)?).ok()?;
    matches!(target.scheme(), "http" | "https" | "mailto").then_some(target)
}

/// The path under [`ASSET_SCHEME`] through which the window loads a remote
/// image (fetched by the app, never by the web view).
pub const REMOTE_PATH: &str = "/remote/";

/// The URL through which the window loads the remote image `dest` (`https://…`,
/// `http://…` or `//…`, read as the browser would), or `None` if `dest` is
/// not remote.
pub fn remote_image_url(dest: &str) -> Option<String> {
    let encoded = encoded_absolute(dest, &["http://", "https://"])?;
    Some(format!("{ASSET_SCHEME}://localhost{REMOTE_PATH}{encoded}"))
}

/// The web URL a decoded asset path (`/remote/https://…`) asks for: only
/// `http` and `https` URLs with a host, nothing else.
pub fn remote_target(path: &str) -> Option<url::Url> {
    let rest = path.strip_prefix(REMOTE_PATH)?;
    let target = url::Url::parse(rest).ok()?;
    (matches!(target.scheme(), "http" | "https")
        && target.host_str().is_some_and(|h| !h.is_empty())
        && target.username().is_empty()
        && target.password().is_none())
    .then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_disguised_with_controls_is_still_remote() {
        for disguised in [
            "ht\ttps://x.example/a.png",
            "https\n://x.example/a.png",
            "\u{1}https://x.example/a.png",
            " \u{7f}",
            "HTTP://x.example",
            "\r\n//x.example/a.png",
        ] {
            let read = as_browsers_read(disguised);
            assert_eq!(
                is_remote(disguised),
                read.to_ascii_lowercase().starts_with("http") || read.starts_with("//"),
                "{disguised:?}"
            );
        }
        assert!(is_remote("ht\ttps://x.example/a.png"));
        assert!(is_remote("https\n://x.example/a.png"));
        assert!(is_remote("\u{1}https://x.example/a.png"));
        assert!(!is_remote("/assets/a.png"));
        assert_eq!(asset_url("_posts/a.md", "ht\ttps://x.example/a.png"), None);
    }

    #[test]
    fn a_web_link_goes_through_the_app_and_comes_back_the_same() {
        let decode = |u: &str| {
            let decoded = percent_encoding::percent_decode_str(u).decode_utf8_lossy();
            web_link_target(&decoded).map(|t| t.to_string())
        };
        for (href, target) in [
            ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
            ("mailto:a@example.com", "mailto:a@example.com"),
            ("//example.com/x", "https://example.com/x"),
            ("ht\ttp://example.com", "http://example.com/"),
        ] {
            let url = web_link_url(href).unwrap();
            assert!(
                url.starts_with("/open-link/") && !url.contains(':'),
                "{url}"
            );
            assert_eq!(decode(&url).as_deref(), Some(target), "{href}");
        }
        for other in [
            "#x",
            "other-post",
            "/posts/x",
            "javascript:x",
            "file:///etc",
        ] {
            assert_eq!(web_link_url(other), None, "{other}");
        }
        for path in [
            "/open-link/javascript:alert(1)",
            "/open-link/file:///etc/passwd",
            "/x",
        ] {
            assert_eq!(web_link_target(path), None, "{path}");
        }
    }

    #[test]
    fn a_remote_image_goes_through_the_app_and_comes_back_the_same() {
        let decode = |u: &str| {
            let path = u.strip_prefix("postdesk-asset://localhost").unwrap();
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            remote_target(&decoded).map(|t| t.to_string())
        };
        for (dest, target) in [
            (
                "https://x.example/a b.png?w=2&h=3#f",
                "https://x.example/a%20b.png?w=2&h=3#f",
            ),
            ("ht\ttps://x.example/a.png", "https://x.example/a.png"),
            ("//cdn.example/a.png", "https://cdn.example/a.png"),
            ("HTTP://X.example/b/%2e%2e/a.png", "http://x.example/a.png"),
        ] {
            let url = remote_image_url(dest).unwrap();
            assert!(
                url.starts_with("postdesk-asset://localhost/remote/"),
                "{url}"
            );
            assert!(!url["postdesk-asset://".len()..].contains(':'), "{url}");
            assert_eq!(decode(&url).as_deref(), Some(target), "{dest}");
        }
        assert_eq!(remote_image_url("/assets/a.png"), None);
        assert_eq!(remote_image_url("data:image/png;base64,AA"), None);
        // What a post could write itself: only web URLs with a host, and no
        // credentials, are fetched.
        for path in [
            "/remote/file:///etc/passwd",
            "/remote/ftp://x.example/a.png",
            "/remote/https://user:pw@x.example/a.png",
            "/remote/javascript:alert(1)",
            "/remote/",
            "/site/remote/https://x.example/a.png",
        ] {
            assert_eq!(remote_target(path), None, "{path}");
        }
    }
}
