//! Which file a preview asset URL names. The preview loads the blog's images
//! through a custom URI scheme; this is the only way in, and it serves only
//! images inside the blog: `/site/…` from the public folder, `/post/…` from
//! the blog root (images next to a post). No `..`, no symlink escape.

use std::path::PathBuf;

use crate::blog::Blog;
use crate::disk::paths;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AssetError {
    #[error("not a preview asset path: {0}")]
    BadPath(String),
    #[error("only images are served to the preview: {0}")]
    NotAnImage(String),
    #[error("no such file in the blog: {0}")]
    Missing(String),
    #[error("{0} is not served: only regular image files of at most 50 MiB are")]
    NotServed(String),
}

/// Images larger than this are not served to the preview.
pub const MAX_ASSET_BYTES: u64 = 50 * 1024 * 1024;

/// The bytes of an image [`resolve`] found: a regular file only (a FIFO
/// named `x.png` would block the reader), at most [`MAX_ASSET_BYTES`].
pub fn read(file: &std::path::Path, url_path: &str) -> Result<Vec<u8>, AssetError> {
    paths::read_capped(file, MAX_ASSET_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AssetError::Missing(url_path.to_owned()),
        _ => AssetError::NotServed(url_path.to_owned()),
    })
}

/// The file and its content type for a scheme URL path (already
/// percent-decoded), e.g. `/site/assets/blog/apis/cover.jpg`.
pub fn resolve(blog: &Blog, url_path: &str) -> Result<(PathBuf, &'static str), AssetError> {
    if !url_path.starts_with("/site/") && !url_path.starts_with("/post/") {
        return Err(AssetError::BadPath(url_path.to_owned()));
    }
    let mime = mime_of(url_path).ok_or_else(|| AssetError::NotAnImage(url_path.to_owned()))?;
    Ok((locate(blog, url_path)?, mime))
}

/// The file of the blog that a post's image or link destination names
/// (a site path from the public folder, else a path from the post's
/// folder), whatever its type; `None` when `dest` names no file of the
/// blog (a web address, another scheme, an anchor).
pub fn file_named(blog: &Blog, post: &str, dest: &str) -> Option<Result<PathBuf, AssetError>> {
    // As the browser asks the server for it: no query or fragment, the
    // path percent-decoded.
    let path = dest.split(['?', '#']).next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let url = crate::url::asset_url(post, &path)?;
    let prefix = format!("{}://localhost", crate::url::ASSET_SCHEME);
    let url_path = url.strip_prefix(&prefix).unwrap_or(&url);
    Some(locate(blog, url_path))
}

/// The file an asset path (`/site/…` or `/post/…`) names, inside the blog.
fn locate(blog: &Blog, url_path: &str) -> Result<PathBuf, AssetError> {
    let bad = || AssetError::BadPath(url_path.to_owned());
    let (base, rest) = if let Some(rest) = url_path.strip_prefix("/site/") {
        (blog.root().join(blog.public_dir()), rest)
    } else if let Some(rest) = url_path.strip_prefix("/post/") {
        (blog.root().to_path_buf(), rest)
    } else {
        return Err(bad());
    };
    let base = base
        .canonicalize()
        .map_err(|_| AssetError::Missing(url_path.to_owned()))?;
    let file = paths::confine(&base, rest).map_err(|e| match e {
        paths::PathError::Outside(_) => bad(),
        paths::PathError::Missing { .. } | paths::PathError::NotAFolder(_) => {
            AssetError::Missing(url_path.to_owned())
        }
    })?;
    // The public folder itself must be inside the blog too.
    if !file.starts_with(blog.root()) {
        return Err(bad());
    }
    Ok(file)
}

fn mime_of(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        // An SVG loaded as an <img> never runs its scripts.
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_site_and_post_images_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        crate::app::sample::write(&root, 0).unwrap();
        std::fs::write(root.join("_posts/pic.png"), "p").unwrap();
        std::fs::write(dir.path().join("outside.png"), "o").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside.png"), root.join("public/link.png"))
            .unwrap();
        let blog = Blog::open(&root).unwrap();
        let (file, mime) = resolve(&blog, "/site/assets/blog/apis/cover.jpg").unwrap();
        assert!(file.ends_with("public/assets/blog/apis/cover.jpg"));
        assert_eq!(mime, "image/jpeg");
        assert!(resolve(&blog, "/post/_posts/pic.png").is_ok());
        assert!(matches!(
            resolve(&blog, "/site/../_posts/pic.png"),
            Err(AssetError::BadPath(_))
        ));
        assert!(matches!(
            resolve(&blog, "/site/link.png"),
            Err(AssetError::BadPath(_))
        ));
        assert!(matches!(
            resolve(&blog, "/post/_posts/building-scalable-apis.md"),
            Err(AssetError::NotAnImage(_))
        ));
        assert!(matches!(
            resolve(&blog, "/post/.git/config"),
            Err(AssetError::NotAnImage(_))
        ));
        assert!(matches!(
            resolve(&blog, "/site/nope.png"),
            Err(AssetError::Missing(_))
        ));
        assert!(matches!(
            resolve(&blog, "/etc/passwd"),
            Err(AssetError::BadPath(_))
        ));
    }
}
