//! URLs of the blog's own images: the scheme the window loads them
//! through, and which destinations are remote.

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
}
