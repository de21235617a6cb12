//! Reading a source image safely: size and pixel caps checked before
//! decoding, `image::Limits` while decoding, a decoder panic caught.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::CoverError;

/// The largest source file accepted.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most pixels a source may declare.
pub const MAX_PIXELS: u64 = 100_000_000;

/// A decoded source, its pixels as stored (not yet oriented).
pub struct Source {
    pub pixels: Pixels,
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
    pub icc: Option<Vec<u8>>,
}

/// 8-bit pixels, with alpha only when the source really is transparent.
pub enum Pixels {
    Rgb(Vec<u8>),
    Rgba(Vec<u8>),
}

impl Pixels {
    pub fn has_alpha(&self) -> bool {
        matches!(self, Pixels::Rgba(_))
    }
}

/// The formats Postdesk reads, with the extensions each may have.
const ACCEPTED: &[(ImageFormat, &[&str])] = &[
    (ImageFormat::Jpeg, &["jpg", "jpeg", "jpe", "jfif"]),
    (ImageFormat::Png, &["png"]),
    (ImageFormat::WebP, &["webp"]),
    (ImageFormat::Gif, &["gif"]),
];

/// Reads and decodes `file`; `shown` names it in errors.
pub fn read(file: &Path, shown: &str) -> Result<Source, CoverError> {
    let io = |source| CoverError::Read {
        file: shown.to_owned(),
        source,
    };
    let meta = std::fs::metadata(file).map_err(io)?;
    if !meta.is_file() {
        return Err(CoverError::NotAFile {
            file: shown.to_owned(),
        });
    }
    if meta.len() == 0 {
        return Err(CoverError::Empty {
            file: shown.to_owned(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(CoverError::FileTooLarge {
            file: shown.to_owned(),
            mib: meta.len().div_ceil(1024 * 1024),
        });
    }
    let bytes = std::fs::read(file).map_err(io)?;
    decode(&bytes, file, shown)
}

/// Decodes `bytes` that came from `file`.
pub fn decode(bytes: &[u8], file: &Path, shown: &str) -> Result<Source, CoverError> {
    let format = sniff(bytes, file, shown)?;
    // Any panic inside a decoder becomes an error for this file.
    match catch_unwind(AssertUnwindSafe(|| decode_checked(bytes, format, shown))) {
        Ok(result) => result,
        Err(_) => Err(CoverError::Corrupt {
            file: shown.to_owned(),
            message: "the decoder failed on it".to_owned(),
        }),
    }
}

/// The format from the file's first bytes, checked against its extension.
fn sniff(bytes: &[u8], file: &Path, shown: &str) -> Result<ImageFormat, CoverError> {
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let format = match image::guess_format(bytes) {
        Ok(f) => f,
        Err(_) => {
            return Err(CoverError::NotAnImage {
                file: shown.to_owned(),
            })
        }
    };
    let Some((_, exts)) = ACCEPTED.iter().find(|(f, _)| *f == format) else {
        return Err(CoverError::Unsupported {
            file: shown.to_owned(),
            format: format!("{format:?}").to_uppercase(),
        });
    };
    if !exts.contains(&ext.as_str()) {
        return Err(CoverError::WrongExtension {
            file: shown.to_owned(),
            ext: if ext.is_empty() {
                "no extension".to_owned()
            } else {
                format!(".{ext}")
            },
            actual: format_name(format).to_owned(),
            expected: exts[0].to_owned(),
        });
    }
    Ok(format)
}

pub fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        _ => "image",
    }
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    // 100 megapixels of 16-bit RGBA, plus the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 8 + 64 * 1024 * 1024);
    limits
}

fn decode_checked(bytes: &[u8], format: ImageFormat, shown: &str) -> Result<Source, CoverError> {
    let corrupt = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => CoverError::TooManyPixels {
            file: shown.to_owned(),
            width: 0,
            height: 0,
        },
        other => CoverError::Corrupt {
            file: shown.to_owned(),
            message: other.to_string(),
        },
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(CoverError::Corrupt {
            file: shown.to_owned(),
            message: "the file ends before the image does (truncated)".to_owned(),
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(CoverError::Corrupt {
            file: shown.to_owned(),
            message: format!("it declares a size of {width}×{height}"),
        });
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(CoverError::TooManyPixels {
            file: shown.to_owned(),
            width,
            height,
        });
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(|e| match corrupt(e) {
        CoverError::TooManyPixels { file, .. } => CoverError::TooManyPixels {
            file,
            width,
            height,
        },
        other => other,
    })?;
    let pixels = if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        if rgba.pixels().all(|p| p[3] == 255) {
            Pixels::Rgb(image::DynamicImage::ImageRgba8(rgba).into_rgb8().into_raw())
        } else {
            Pixels::Rgba(rgba.into_raw())
        }
    } else {
        Pixels::Rgb(image.into_rgb8().into_raw())
    };
    Ok(Source {
        pixels,
        width,
        height,
        orientation,
        icc,
    })
}

/// Whether a JPEG has its end-of-image marker after its last scan. Decoders
/// fill a truncated JPEG with grey rather than fail; a cover must not be
/// half grey. (Scan data never holds `FF DA` or `FF D9`: a data `FF` is
/// always followed by `00`. An EXIF thumbnail's markers come before the
/// main image's last scan.)
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let Some(last_scan) = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    bytes[last_scan..].windows(2).any(|w| w == [0xFF, 0xD9])
}
