//! `make bench`: importing a 24-megapixel JPEG (6000×4000, EXIF orientation
//! 6) into cover + og + thumbnail, against `vipsthumbnail` (libvips)
//! producing the same three files and ImageMagick `convert` doing the same
//! in one command, in one run. Targets: at most 1.0× vipsthumbnail's time
//! and 0.3× convert's; output sizes reported beside libvips'.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use postdesk_core::cover::{self, OutputKind, Request};
use postdesk_core::{app::sample, Blog};

const RUNS: usize = 5;
const POST: &str = "_posts/writing-with-postdesk.md";

/// The smallest EXIF block that says "orientation 6": a little-endian TIFF
/// header and one IFD entry (tag 0x0112, SHORT, count 1, value 6).
const EXIF_ORIENTATION_6: [u8; 26] = [
    b'I', b'I', 42, 0, 8, 0, 0, 0, // header, IFD at offset 8
    1, 0, // one entry
    0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // Orientation = 6
    0, 0, 0, 0, // no next IFD
];

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("photo.jpg");
    make_photo(&source);
    println!(
        "source: 6000×4000 JPEG, EXIF orientation 6, {} bytes",
        std::fs::metadata(&source).unwrap().len()
    );

    let root = dir.path().join("blog");
    sample::write(&root, 0).unwrap();
    let blog = Blog::open(&root).unwrap();
    let original = std::fs::read(root.join(POST)).unwrap();
    let assets = root.join("public/assets/blog/writing-with-postdesk");
    let mut ours = Vec::new();
    let mut our_sizes = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(&assets);
        std::fs::write(root.join(POST), &original).unwrap();
        let req = Request {
            post: POST,
            source: &source,
            focal: (0.5, 0.5),
            text: None,
            outputs: &[OutputKind::Cover, OutputKind::Og, OutputKind::Thumbnail],
            field: None,
        };
        let start = Instant::now();
        let done = cover::import(&blog, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
        ours.push(start.elapsed());
        our_sizes = done
            .files
            .iter()
            .map(|f| (format!("{}×{}", f.width, f.height), f.bytes))
            .collect();
    }

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let vips = time(|| {
        for (args, name) in [
            (vec!["-s", "2000x2000"], "cover.jpg"),
            (vec!["-s", "1200x630", "-c"], "og.jpg"),
            (vec!["-s", "400x"], "thumb.jpg"),
        ] {
            let target = format!("{}[Q=82,strip]", out.join(format!("vips-{name}")).display());
            run(Command::new("vipsthumbnail")
                .arg(&source)
                .args(&args)
                .args(["-o", &target]));
        }
    });
    let vips_sizes: Vec<u64> = ["cover", "og", "thumb"]
        .iter()
        .map(|n| {
            std::fs::metadata(out.join(format!("vips-{n}.jpg")))
                .unwrap()
                .len()
        })
        .collect();
    let convert = time(|| {
        let p = |n: &str| out.join(format!("im-{n}.jpg")).display().to_string();
        run(Command::new(convert_binary())
            .arg(&source)
            .args(["-auto-orient", "-strip", "-quality", "82"])
            .args([
                "(",
                "+clone",
                "-resize",
                "2000x2000>",
                "-write",
                &p("cover"),
                "+delete",
                ")",
            ])
            .args([
                "(",
                "+clone",
                "-resize",
                "1200x630^",
                "-gravity",
                "center",
                "-extent",
                "1200x630",
                "-write",
                &p("og"),
                "+delete",
                ")",
            ])
            .args(["-resize", "400x", &p("thumb")]));
    });

    let ours = median(ours);
    println!("\ncover import, median of {RUNS} runs (cover + og + thumbnail):");
    println!("  postdesk        {:>8.1} ms", ms(ours));
    println!(
        "  vipsthumbnail×3 {:>8.1} ms   postdesk/vips    = {:.2}× (target ≤ 1.0×)",
        ms(vips),
        ratio(ours, vips)
    );
    println!(
        "  convert         {:>8.1} ms   postdesk/convert = {:.2}× (target ≤ 0.3×)",
        ms(convert),
        ratio(ours, convert)
    );
    println!("\noutput sizes in bytes (quality 82):");
    for ((name, (dims, bytes)), v) in ["cover", "og", "thumb"]
        .iter()
        .zip(&our_sizes)
        .zip(&vips_sizes)
    {
        println!(
            "  {name:<6} {dims:>10}  postdesk {bytes:>8}  libvips {v:>8}  ({:+.1} %)",
            (*bytes as f64 / *v as f64 - 1.0) * 100.0
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(mut f: impl FnMut()) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{cmd:?}: {e} (make bench installs libvips-tools and imagemagick)")
    });
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The real ImageMagick (`/usr/local/bin/convert` may be a stand-in here).
fn convert_binary() -> PathBuf {
    let real = Path::new("/usr/bin/convert");
    if real.exists() {
        real.to_path_buf()
    } else {
        PathBuf::from("convert")
    }
}

/// A photo-like 6000×4000 image (smooth shapes and fine grain, so that it
/// compresses like a photo, not like a flat test card), stored turned on
/// its side with EXIF orientation 6.
fn make_photo(path: &Path) {
    let (w, h) = (6000u32, 4000u32);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut noise = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 24) as f32 - 12.0
    };
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let wave =
                ((fx * 23.0).sin() * (fy * 17.0).cos() * 60.0) + ((fx + fy) * 9.0).sin() * 30.0;
            let r = 90.0 + 120.0 * fx + wave + noise();
            let g = 70.0 + 100.0 * fy + wave * 0.6 + noise();
            let b = 160.0 - 80.0 * fx * fy + wave * 0.3 + noise();
            px.extend([r, g, b].map(|v| v.clamp(0.0, 255.0) as u8));
        }
    }
    let mut bytes = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut bytes, 90);
    enc.add_exif_metadata(&EXIF_ORIENTATION_6).unwrap();
    enc.encode(&px, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    std::fs::write(path, bytes).unwrap();
}
