//! URLs of the blog's own images: the scheme the window loads them
//! through, and which destinations are remote.

/// The URI scheme through which the preview loads the blog's own files.
pub const ASSET_SCHEME: &str = "postdesk-asset";

/// Whether an image or link destination is on the web.
pub fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
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
