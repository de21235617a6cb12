//! What a remote image may be once the app has fetched it for the preview
//! (the window's CSP lets the web view load no image from the web itself;
//! see `url::remote_image_url`). The answer is judged by its bytes, not by
//! what the server calls it: an image of a kind the web view draws, of a
//! bounded size, or nothing.

/// The largest remote image the preview loads (a photo straight from a
/// camera is well under this; a server that never stops sending is cut).
pub const MAX_BYTES: usize = 20 << 20;

/// Why a fetched answer is not shown.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RemoteImageError {
    #[error("{url} is not an image (the server sent {sent})")]
    NotAnImage { url: String, sent: String },
    #[error("{url} is larger than {} MiB; the preview does not load it", MAX_BYTES >> 20)]
    TooLarge { url: String },
}

/// The content type to serve `bytes` with, if they are an image the web
/// view draws: raster kinds by their signature, SVG only when the server
/// says so and the bytes start like markup (an `<img>` runs no script in
/// an SVG, and the app serves it with a CSP that forbids any anyway).
pub fn image_type(
    url: &str,
    server_type: Option<&str>,
    bytes: &[u8],
) -> Result<&'static str, RemoteImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(RemoteImageError::TooLarge { url: url.into() });
    }
    let sent = || RemoteImageError::NotAnImage {
        url: url.into(),
        sent: server_type.map_or_else(|| "no content type".into(), |t| t.to_owned()),
    };
    if let Ok(format) = image::guess_format(bytes) {
        use image::ImageFormat as F;
        return match format {
            F::Png => Ok("image/png"),
            F::Jpeg => Ok("image/jpeg"),
            F::Gif => Ok("image/gif"),
            F::WebP => Ok("image/webp"),
            F::Avif => Ok("image/avif"),
            F::Bmp => Ok("image/bmp"),
            F::Ico => Ok("image/x-icon"),
            _ => Err(sent()),
        };
    }
    let said_svg = server_type.is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("image/svg+xml"))
    });
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let starts_like_markup = text
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<');
    if said_svg && starts_like_markup {
        Ok("image/svg+xml")
    } else {
        Err(sent())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn an_image_is_judged_by_its_bytes() {
        assert_eq!(image_type("u", Some("text/html"), PNG), Ok("image/png"));
        assert_eq!(
            image_type("u", None, b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Ok("image/jpeg")
        );
        assert_eq!(
            image_type(
                "u",
                Some("image/svg+xml; charset=utf-8"),
                b"\n <svg xmlns='x'/>"
            ),
            Ok("image/svg+xml")
        );
        // A page calling itself an image, markup calling itself a PNG.
        assert_eq!(
            image_type(
                "https://x.example/a.png",
                Some("image/png"),
                b"<html>hi</html>"
            ),
            Err(RemoteImageError::NotAnImage {
                url: "https://x.example/a.png".into(),
                sent: "image/png".into()
            })
        );
        assert!(image_type("u", Some("text/html"), b"<svg/>").is_err());
        assert!(image_type("u", None, b"").is_err());
        let big = vec![0u8; MAX_BYTES + 1];
        assert_eq!(
            image_type("u", Some("image/png"), &big),
            Err(RemoteImageError::TooLarge { url: "u".into() })
        );
    }
}
