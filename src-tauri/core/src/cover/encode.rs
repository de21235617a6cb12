//! Resizing (fast_image_resize, Lanczos3, alpha premultiplied), orienting
//! the small result, and encoding it (JPEG with jpeg-encoder, PNG with
//! image, WebP with libwebp). No EXIF or XMP is ever written; the ICC
//! profile is kept (JPEG, PNG) or the pixels converted to sRGB (WebP).

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageEncoder, RgbImage, RgbaImage};

use super::decode::{Pixels, Source};
use super::geometry::{self, Rect};
use super::FileFormat;

/// One resized, oriented image.
pub struct Resized {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
}

/// Resizes the part `crop` of the stored pixels (displayed coordinates;
/// `None` = all) to `out` (displayed size), then orients the result.
pub fn resize(src: &Source, crop: Option<Rect>, out: (u32, u32)) -> Result<Resized, String> {
    let (data, pixel_type, alpha) = match &src.pixels {
        Pixels::Rgb(d) => (d.as_slice(), PixelType::U8x3, false),
        Pixels::Rgba(d) => (d.as_slice(), PixelType::U8x4, true),
    };
    let source =
        ImageRef::new(src.width, src.height, data, pixel_type).map_err(|e| e.to_string())?;
    let o = src.orientation;
    let (stored_w, stored_h) = if geometry::swaps(o) {
        (out.1, out.0)
    } else {
        out
    };
    let mut options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(alpha);
    if let Some(crop) = crop {
        let r = geometry::to_stored(o, src.width, src.height, crop);
        options = options.crop(r.x, r.y, r.w, r.h);
    }
    let mut dst = Image::new(stored_w, stored_h, pixel_type);
    Resizer::new()
        .resize(&source, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    let pixels = dst.into_vec();
    let (pixels, width, height) = orient(pixels, stored_w, stored_h, alpha, o)?;
    Ok(Resized {
        pixels,
        width,
        height,
        alpha,
    })
}

fn orient(
    pixels: Vec<u8>,
    w: u32,
    h: u32,
    alpha: bool,
    o: Orientation,
) -> Result<(Vec<u8>, u32, u32), String> {
    if o == Orientation::NoTransforms {
        return Ok((pixels, w, h));
    }
    let bad = || "resized buffer has the wrong size".to_owned();
    let mut image = if alpha {
        DynamicImage::ImageRgba8(RgbaImage::from_raw(w, h, pixels).ok_or_else(bad)?)
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_raw(w, h, pixels).ok_or_else(bad)?)
    };
    image.apply_orientation(o);
    let (nw, nh) = (image.width(), image.height());
    let raw = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok((raw, nw, nh))
}

/// Encodes `img` as `format` at `quality` (1–100; PNG ignores it).
pub fn encode(
    img: &Resized,
    format: FileFormat,
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        FileFormat::Jpeg => {
            let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
            // Optimised Huffman tables would save ~3 %, but zune-jpeg 0.5
            // (image's decoder, which the og re-crop reads covers with)
            // misreads some of jpeg-encoder 0.7's: keep the standard tables.
            if let Some(icc) = icc {
                enc.add_icc_profile(icc).map_err(|e| e.to_string())?;
            }
            let w = u16::try_from(img.width).map_err(|_| "too wide for JPEG".to_owned())?;
            let h = u16::try_from(img.height).map_err(|_| "too tall for JPEG".to_owned())?;
            let color = if img.alpha {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            enc.encode(&img.pixels, w, h, color)
                .map_err(|e| e.to_string())?;
        }
        FileFormat::Png => {
            let mut enc = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                // A profile the PNG encoder refuses is dropped, not fatal.
                let _ = enc.set_icc_profile(icc.to_vec());
            }
            let color = if img.alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            enc.write_image(&img.pixels, img.width, img.height, color)
                .map_err(|e| e.to_string())?;
        }
        FileFormat::Webp => {
            let mut pixels = img.pixels.clone();
            if let Some(icc) = icc {
                to_srgb(&mut pixels, img.alpha, icc);
            }
            let enc = if img.alpha {
                webp::Encoder::from_rgba(&pixels, img.width, img.height)
            } else {
                webp::Encoder::from_rgb(&pixels, img.width, img.height)
            };
            out = enc.encode(f32::from(quality)).to_vec();
        }
    }
    Ok(out)
}

/// Converts pixels in the colour space `icc` describes to sRGB (WebP output
/// carries no profile). A profile qcms cannot read leaves them as they are.
fn to_srgb(pixels: &mut [u8], alpha: bool, icc: &[u8]) {
    let Some(input) = qcms::Profile::new_from_slice(icc, false) else {
        return;
    };
    if input.is_sRGB() {
        return;
    }
    let mut output = qcms::Profile::new_sRGB();
    output.precache_output_transform();
    let ty = if alpha {
        qcms::DataType::RGBA8
    } else {
        qcms::DataType::RGB8
    };
    if let Some(t) = qcms::Transform::new(&input, &output, ty, qcms::Intent::Perceptual) {
        t.apply(pixels);
    }
}
