//! Sizes and crops, and the map between the displayed (oriented) image and
//! the pixels as stored, so that the pipeline can resize the stored pixels
//! first and orient only the small outputs.
//!
//! Orientations are EXIF's 1–8, as `image::metadata::Orientation` applies
//! them.

use image::metadata::Orientation;

/// A rectangle in pixels, `x`/`y` its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Whether the orientation swaps width and height.
pub fn swaps(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The displayed size of a stored `w`×`h` image.
pub fn oriented_size(o: Orientation, w: u32, h: u32) -> (u32, u32) {
    if swaps(o) {
        (h, w)
    } else {
        (w, h)
    }
}

/// The largest size with the source's aspect that fits in `max_w`×`max_h`,
/// never larger than the source (no upscaling), at least 1×1.
pub fn fit_within(w: u32, h: u32, max_w: u32, max_h: u32) -> (u32, u32) {
    if w <= max_w && h <= max_h {
        return (w, h);
    }
    let scale = (max_w as f64 / w as f64).min(max_h as f64 / h as f64);
    let nw = ((w as f64 * scale).round() as u32).clamp(1, max_w);
    let nh = ((h as f64 * scale).round() as u32).clamp(1, max_h);
    (nw, nh)
}

/// A size `width` wide with the source's aspect (never wider than the source).
pub fn fit_width(w: u32, h: u32, width: u32) -> (u32, u32) {
    if w <= width {
        return (w, h);
    }
    let nh = ((h as f64 * width as f64 / w as f64).round() as u32).max(1);
    (width, nh)
}

/// The largest rectangle of aspect `target_w`:`target_h` inside a `w`×`h`
/// image, centred on the focal point (`fx`, `fy` in 0..=1) as far as the
/// edges allow, and the output size: the target, or smaller with the same
/// aspect when the source is too small (never upscaled).
pub fn crop_around(
    w: u32,
    h: u32,
    target_w: u32,
    target_h: u32,
    focal: (f64, f64),
) -> (Rect, (u32, u32)) {
    let (w, h) = (w as f64, h as f64);
    let aspect = target_w as f64 / target_h as f64;
    let (cw, ch) = if w / h > aspect {
        (h * aspect, h)
    } else {
        (w, w / aspect)
    };
    let fx = focal.0.clamp(0.0, 1.0);
    let fy = focal.1.clamp(0.0, 1.0);
    let x = (fx * w - cw / 2.0).clamp(0.0, w - cw);
    let y = (fy * h - ch / 2.0).clamp(0.0, h - ch);
    let out = if cw >= target_w as f64 {
        (target_w, target_h)
    } else {
        (
            (cw.floor() as u32).max(1),
            ((cw / aspect).floor() as u32).max(1),
        )
    };
    (Rect { x, y, w: cw, h: ch }, out)
}

/// Maps a rectangle of the displayed image back onto the stored pixels of a
/// `w`×`h` (stored) image.
pub fn to_stored(o: Orientation, w: u32, h: u32, r: Rect) -> Rect {
    let corners = [(r.x, r.y), (r.x + r.w, r.y + r.h)];
    let mapped = corners.map(|(u, v)| point_to_stored(o, w as f64, h as f64, u, v));
    let x0 = mapped[0].0.min(mapped[1].0);
    let x1 = mapped[0].0.max(mapped[1].0);
    let y0 = mapped[0].1.min(mapped[1].1);
    let y1 = mapped[0].1.max(mapped[1].1);
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

/// A point of the displayed image (continuous coordinates) on the stored one.
fn point_to_stored(o: Orientation, w: f64, h: f64, u: f64, v: f64) -> (f64, f64) {
    match o {
        Orientation::NoTransforms => (u, v),
        Orientation::FlipHorizontal => (w - u, v),
        Orientation::Rotate180 => (w - u, h - v),
        Orientation::FlipVertical => (u, h - v),
        Orientation::Rotate90FlipH => (v, u),
        Orientation::Rotate90 => (v, h - u),
        Orientation::Rotate270FlipH => (w - v, h - u),
        Orientation::Rotate270 => (w - v, u),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, GenericImageView, Rgb, RgbImage};

    const ALL: [Orientation; 8] = [
        Orientation::NoTransforms,
        Orientation::FlipHorizontal,
        Orientation::Rotate180,
        Orientation::FlipVertical,
        Orientation::Rotate90FlipH,
        Orientation::Rotate90,
        Orientation::Rotate270FlipH,
        Orientation::Rotate270,
    ];

    #[test]
    fn fit_never_upscales_and_keeps_aspect() {
        assert_eq!(fit_within(6000, 4000, 2000, 2000), (2000, 1333));
        assert_eq!(fit_within(4000, 6000, 2000, 2000), (1333, 2000));
        assert_eq!(fit_within(800, 600, 2000, 2000), (800, 600));
        assert_eq!(fit_width(6000, 4000, 400), (400, 267));
        assert_eq!(fit_width(300, 200, 400), (300, 200));
        assert_eq!(fit_within(100_000, 1, 2000, 2000), (2000, 1));
    }

    #[test]
    fn crop_is_centred_on_the_focal_point_within_the_edges() {
        let (r, out) = crop_around(4000, 6000, 1200, 630, (0.5, 0.5));
        assert_eq!(out, (1200, 630));
        assert_eq!(r.w, 4000.0);
        assert!((r.h - 2100.0).abs() < 1e-9);
        assert!((r.y - 1950.0).abs() < 1e-9);
        let (top, _) = crop_around(4000, 6000, 1200, 630, (0.5, 0.0));
        assert_eq!(top.y, 0.0);
        let (bottom, _) = crop_around(4000, 6000, 1200, 630, (0.5, 1.0));
        assert!((bottom.y + bottom.h - 6000.0).abs() < 1e-9);
        // A wide source is cropped at the sides.
        let (side, _) = crop_around(6000, 1000, 1200, 630, (0.0, 0.5));
        assert_eq!((side.x, side.h), (0.0, 1000.0));
    }

    #[test]
    fn a_small_source_gives_a_smaller_crop_of_the_same_aspect() {
        let (_, out) = crop_around(800, 600, 1200, 630, (0.5, 0.5));
        assert_eq!(out, (800, 420));
    }

    /// A stored image whose every pixel is distinct, oriented with `image`,
    /// must show in each displayed rectangle exactly the stored pixels that
    /// `to_stored` names.
    #[test]
    fn to_stored_agrees_with_image_apply_orientation() {
        let (w, h) = (5u32, 3u32);
        let stored = RgbImage::from_fn(w, h, |x, y| Rgb([x as u8, y as u8, 0]));
        for o in ALL {
            let mut shown = DynamicImage::ImageRgb8(stored.clone());
            shown.apply_orientation(o);
            let (sw, sh) = shown.dimensions();
            assert_eq!((sw, sh), oriented_size(o, w, h), "{o:?}");
            for u in 0..sw {
                for v in 0..sh {
                    let px = shown.get_pixel(u, v);
                    let r = to_stored(
                        o,
                        w,
                        h,
                        Rect {
                            x: u as f64,
                            y: v as f64,
                            w: 1.0,
                            h: 1.0,
                        },
                    );
                    assert_eq!((r.w, r.h), (1.0, 1.0), "{o:?}");
                    assert_eq!(
                        (px[0] as f64, px[1] as f64),
                        (r.x, r.y),
                        "{o:?} at displayed ({u},{v})"
                    );
                }
            }
        }
    }
}
