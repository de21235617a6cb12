//! Cover images from fixture files: each EXIF orientation, a transparent
//! PNG, a GPS-tagged JPEG with an ICC profile, a GIF, and every bad input
//! with the error it must produce (and the post and assets unchanged).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use image::{DynamicImage, GenericImageView};
use postdesk_core::cover::{self, CoverError, CoverImport, OutputKind, Progress, Request};
use postdesk_core::{app::sample, Blog};

use crate::fixture;

const POST: &str = "_posts/writing-with-postdesk.md";
const ALL: &[OutputKind] = &[OutputKind::Cover, OutputKind::Og, OutputKind::Thumbnail];

fn image(name: &str) -> PathBuf {
    fixture("images").join(name)
}

fn sample_blog() -> (tempfile::TempDir, Blog) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    sample::write(&root, 1_700_000_000).unwrap();
    let blog = Blog::open(&root).unwrap();
    (dir, blog)
}

fn run(blog: &Blog, source: &Path, outputs: &[OutputKind]) -> Result<CoverImport, CoverError> {
    let req = Request {
        post: POST,
        source,
        focal: (0.5, 0.5),
        text: None,
        outputs,
        field: None,
    };
    cover::import(blog, &req, &|_| {}, &AtomicBool::new(false))
}

/// Every file under the blog root with its bytes, to prove nothing changed.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn open(blog: &Blog, rel: &str) -> DynamicImage {
    image::open(blog.root().join(rel)).unwrap()
}

/// The mean colour of a quadrant (0 = top-left, 1 = top-right, 2 = bottom-left, 3 = bottom-right).
fn quadrant(img: &DynamicImage, q: u32) -> [u8; 3] {
    let (w, h) = img.dimensions();
    let (x, y) = ((q % 2) * w / 2 + w / 4, (q / 2) * h / 2 + h / 4);
    let p = img.get_pixel(x, y);
    [p[0], p[1], p[2]]
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 40)
}

#[test]
fn each_exif_orientation_is_applied_to_every_output() {
    for o in 1..=8u8 {
        let (_dir, blog) = sample_blog();
        let src = image(&format!("orient-{o}.jpg"));
        // The reference: decode, then let `image` apply the orientation.
        let mut decoder = image::ImageReader::open(&src)
            .unwrap()
            .into_decoder()
            .unwrap();
        let orientation = image::ImageDecoder::orientation(&mut decoder).unwrap();
        let mut expected = DynamicImage::from_decoder(decoder).unwrap();
        expected.apply_orientation(orientation);
        let done = run(&blog, &src, &[OutputKind::Cover, OutputKind::Thumbnail]).unwrap();
        for file in &done.files {
            let got = open(&blog, &file.path);
            assert_eq!(got.dimensions(), expected.dimensions(), "orientation {o}");
            for q in 0..4 {
                assert!(
                    close(quadrant(&got, q), quadrant(&expected, q)),
                    "orientation {o}, {:?}, quadrant {q}: {:?} vs {:?}",
                    file.kind,
                    quadrant(&got, q),
                    quadrant(&expected, q)
                );
            }
        }
        let (w, h) = expected.dimensions();
        assert_eq!(
            (w > h),
            o <= 4,
            "orientations 5–8 turn the 60×40 image upright"
        );
    }
}

#[test]
fn gps_and_xmp_are_dropped_and_the_icc_profile_kept() {
    let (_dir, blog) = sample_blog();
    let src = image("gps.jpg");
    let before = std::fs::read(&src).unwrap();
    assert!(contains(&before, b"Exif\0\0") && contains(&before, b"http://ns.adobe.com/xap/1.0/"));
    let done = run(&blog, &src, ALL).unwrap();
    assert_eq!(done.files.len(), 3);
    for file in &done.files {
        let bytes = std::fs::read(blog.root().join(&file.path)).unwrap();
        assert_eq!(bytes.len() as u64, file.bytes);
        assert!(
            !contains(&bytes, b"Exif\0\0"),
            "{}: EXIF (GPS) left in",
            file.path
        );
        assert!(
            !contains(&bytes, b"ns.adobe.com/xap"),
            "{}: XMP left in",
            file.path
        );
        assert!(
            contains(&bytes, b"ICC_PROFILE\0"),
            "{}: ICC profile lost",
            file.path
        );
        let mut decoder = image::ImageReader::open(blog.root().join(&file.path))
            .unwrap()
            .into_decoder()
            .unwrap();
        let icc = image::ImageDecoder::icc_profile(&mut decoder)
            .unwrap()
            .unwrap();
        assert!(
            contains(&icc, b"acsp"),
            "the kept profile is a real ICC profile"
        );
    }
    // A source smaller than the og size is not enlarged, and says so.
    let og = done
        .files
        .iter()
        .find(|f| f.kind == OutputKind::Og)
        .unwrap();
    assert_eq!((og.width, og.height), (64, 33));
    assert!(done
        .warnings
        .iter()
        .any(|w| w.contains("smaller than the 1200×630")));
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_front_matter_points_at_the_new_files_and_nothing_else_changes() {
    let (_dir, blog) = sample_blog();
    let before = std::fs::read_to_string(blog.root().join(POST)).unwrap();
    let done = run(&blog, &image("gps.jpg"), ALL).unwrap();
    let after = std::fs::read_to_string(blog.root().join(POST)).unwrap();
    assert_eq!(after, done.text);
    let slug = "writing-with-postdesk";
    assert_eq!(
        done.fields,
        vec![
            (
                "coverImage".to_owned(),
                format!("/assets/blog/{slug}/cover.jpg")
            ),
            (
                "ogImage.url".to_owned(),
                format!("/assets/blog/{slug}/og.jpg")
            ),
        ]
    );
    // Only the two values changed, byte for byte.
    let expected = before
        .replace(
            "coverImage: \"/assets/blog/apis/cover.jpg\"",
            &format!("coverImage: \"/assets/blog/{slug}/cover.jpg\""),
        )
        .replace(
            "  url: \"/assets/blog/apis/cover.jpg\"",
            &format!("  url: \"/assets/blog/{slug}/og.jpg\""),
        );
    assert_eq!(after, expected);
    let paths: Vec<_> = done.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("public/assets/blog/{slug}/cover.jpg"),
            format!("public/assets/blog/{slug}/og.jpg"),
            format!("public/assets/blog/{slug}/thumb.jpg"),
        ]
    );
}

#[test]
fn existing_files_are_reused_when_identical_and_never_overwritten() {
    let (_dir, blog) = sample_blog();
    let first = run(&blog, &image("gps.jpg"), ALL).unwrap();
    assert!(first.files.iter().all(|f| !f.reused));
    let again = run(&blog, &image("gps.jpg"), ALL).unwrap();
    assert!(again.files.iter().all(|f| f.reused));
    assert_eq!(first.fields, again.fields);
    let cover_path = blog.root().join(&first.files[0].path);
    let old_cover = std::fs::read(&cover_path).unwrap();
    let other = run(&blog, &image("orient-6.jpg"), ALL).unwrap();
    assert_eq!(
        other.files[0].path,
        "public/assets/blog/writing-with-postdesk/cover-2.jpg"
    );
    assert_eq!(
        std::fs::read(&cover_path).unwrap(),
        old_cover,
        "cover.jpg untouched"
    );
    assert!(other.fields[0].1.ends_with("/cover-2.jpg"));
}

#[test]
fn a_transparent_png_stays_transparent() {
    let (_dir, blog) = sample_blog();
    let done = run(&blog, &image("transparent.png"), ALL).unwrap();
    let cover = &done.files[0];
    assert!(cover.path.ends_with("cover.png"), "{}", cover.path);
    let img = open(&blog, &cover.path);
    assert!(img.color().has_alpha());
    let (w, h) = img.dimensions();
    assert_eq!(img.get_pixel(0, 0)[3], 0, "the corner is clear");
    let centre = img.get_pixel(w / 2, h / 2);
    assert_eq!(centre[3], 255);
    // Premultiplied resizing: no dark fringe from the clear pixels' colour.
    assert!(close([centre[0], centre[1], centre[2]], [0x20, 0x60, 0xff]));
}

#[test]
fn a_gif_gives_its_first_frame() {
    let (_dir, blog) = sample_blog();
    let done = run(&blog, &image("animated.gif"), &[OutputKind::Cover]).unwrap();
    let img = open(&blog, &done.files[0].path);
    assert!(
        close(quadrant(&img, 0), [255, 0, 0]),
        "{:?}",
        quadrant(&img, 0)
    );
}

#[test]
fn the_og_crop_follows_the_focal_point() {
    let (_dir, blog) = sample_blog();
    // orient-1 is 60×40, red/green over blue/yellow at row 20. The og crop
    // (aspect 1.9) is the full width and 31.5 rows: rows 0–31.5 with the
    // focal point at the top, rows 8.5–40 at the bottom. 45 % down the og
    // image is source row 14 (red/green) in the first, 23 (blue/yellow) in
    // the second.
    for (fy, left, right) in [
        (0.0, [255, 0, 0], [0, 255, 0]),
        (1.0, [0, 0, 255], [255, 255, 0]),
    ] {
        let req = Request {
            post: POST,
            source: &image("orient-1.jpg"),
            focal: (0.5, fy),
            text: None,
            outputs: &[OutputKind::Og],
            field: None,
        };
        let done = cover::import(&blog, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
        let og = open(&blog, &done.files[0].path);
        let (w, h) = og.dimensions();
        let y = h * 45 / 100;
        let px = |x: u32| -> [u8; 3] { og.get_pixel(x, y).0[..3].try_into().unwrap() };
        assert!(close(px(5), left), "fy {fy}: {:?}", px(5));
        assert!(close(px(w - 5), right), "fy {fy}: {:?}", px(w - 5));
    }
}

#[test]
fn progress_goes_forward_and_ends_done() {
    let (_dir, blog) = sample_blog();
    let seen = Mutex::new(Vec::<Progress>::new());
    let req = Request {
        post: POST,
        source: &image("gps.jpg"),
        focal: (0.5, 0.5),
        text: None,
        outputs: ALL,
        field: None,
    };
    cover::import(
        &blog,
        &req,
        &|p| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.windows(2).all(|w| w[0].fraction <= w[1].fraction));
    assert_eq!(seen.last().unwrap().fraction, 1.0);
    assert_eq!(seen.last().unwrap().stage, cover::Stage::Done);
}

#[test]
fn cancelling_writes_nothing() {
    let (_dir, blog) = sample_blog();
    let before = snapshot(blog.root());
    let req = Request {
        post: POST,
        source: &image("gps.jpg"),
        focal: (0.5, 0.5),
        text: None,
        outputs: ALL,
        field: None,
    };
    let err = cover::import(&blog, &req, &|_| {}, &AtomicBool::new(true)).unwrap_err();
    assert!(matches!(err, CoverError::Cancelled));
    assert_eq!(snapshot(blog.root()), before);
}

/// Each bad input: its error names the file and says what to do, and the
/// blog (post and assets) is byte-for-byte unchanged.
#[test]
fn bad_inputs_give_clear_errors_and_change_nothing() {
    let cases: &[(&str, &str)] = &[
        ("empty.jpg", "is empty (0 bytes)"),
        ("truncated.jpg", "truncated"),
        (
            "png-named.jpg",
            "has the extension .jpg but is a PNG file; rename it to end in .png",
        ),
        ("text.jpg", "is not an image Postdesk can read"),
        ("image.bmp", "is a BMP image, which Postdesk cannot read"),
        (
            "bomb.png",
            "declares 50000×50000 pixels, over the 100-megapixel limit",
        ),
    ];
    for (name, expected) in cases {
        let (_dir, blog) = sample_blog();
        let before = snapshot(blog.root());
        let err = run(&blog, &image(name), ALL).unwrap_err().to_string();
        assert!(
            err.contains(name),
            "{name}: the error names the file: {err}"
        );
        assert!(err.contains(expected), "{name}: {err}");
        assert_eq!(snapshot(blog.root()), before, "{name}: the blog changed");
    }
}

#[test]
fn a_file_over_50_mib_is_refused_before_reading() {
    let (dir, blog) = sample_blog();
    let big = dir.path().join("huge.jpg");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(cover::MAX_FILE_BYTES + 1).unwrap();
    let err = run(&blog, &big, ALL).unwrap_err().to_string();
    assert!(
        err.contains("huge.jpg is 51 MiB; covers may be at most 50 MiB"),
        "{err}"
    );
}

#[test]
fn an_unwritable_asset_folder_leaves_the_post_and_assets_unchanged() {
    let (_dir, blog) = sample_blog();
    let folder = blog.root().join("public/assets/blog/writing-with-postdesk");
    std::fs::create_dir_all(&folder).unwrap();
    let guard = ReadOnly::new(&folder);
    let before = snapshot(blog.root());
    let err = run(&blog, &image("gps.jpg"), ALL).unwrap_err().to_string();
    assert!(
        err.contains("could not write public/assets/blog/writing-with-postdesk/cover.jpg")
            && err.contains("check that the folder is writable"),
        "{err} ({})",
        guard.how
    );
    assert_eq!(snapshot(blog.root()), before);
}

#[test]
fn a_failed_post_edit_removes_the_files_it_wrote() {
    let (_dir, blog) = sample_blog();
    // ogImage written as a plain string has no `url` to set.
    let path = blog.root().join(POST);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "ogImage:\n  url: \"/assets/blog/apis/cover.jpg\"",
        "ogImage: \"/assets/blog/apis/cover.jpg\"",
    );
    std::fs::write(&path, &text).unwrap();
    let before = snapshot(blog.root());
    let err = run(&blog, &image("gps.jpg"), ALL).unwrap_err().to_string();
    assert!(
        err.contains(POST) && err.contains("the images were not added"),
        "{err}"
    );
    assert_eq!(snapshot(blog.root()), before);
    assert!(!blog
        .root()
        .join("public/assets/blog/writing-with-postdesk")
        .exists());
}

/// Makes a folder unwritable for the test: a read-only tmpfs mounted on it
/// when running as root (root ignores permission bits), else mode 0555.
struct ReadOnly {
    path: PathBuf,
    mounted: bool,
    how: &'static str,
}

impl ReadOnly {
    fn new(path: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        if crate::is_root() {
            let ok = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"])
                .arg(path)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            assert!(
                ok,
                "as root this test needs `mount -t tmpfs` to make a read-only folder"
            );
            ReadOnly {
                path: path.to_path_buf(),
                mounted: true,
                how: "read-only tmpfs",
            }
        } else {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
            ReadOnly {
                path: path.to_path_buf(),
                mounted: false,
                how: "mode 0555",
            }
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(&self.path)
                .status();
        } else {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn import_into(blog: &Blog, post: &str) -> CoverImport {
    let req = Request {
        post,
        source: &image("gps.jpg"),
        focal: (0.5, 0.5),
        text: None,
        outputs: ALL,
        field: None,
    };
    cover::import(blog, &req, &|_| {}, &AtomicBool::new(false)).unwrap()
}

#[test]
fn jekyll_and_hugo_conventions_place_the_files_and_name_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("jekyll"), &dir.path().join("jekyll"));
    let jekyll = Blog::open(&dir.path().join("jekyll")).unwrap();
    let done = import_into(&jekyll, "_posts/2024-01-15-right.md");
    assert_eq!(done.files[0].path, "assets/images/right/cover.jpg");
    assert_eq!(
        done.fields,
        [(
            "image".to_owned(),
            "/assets/images/right/cover.jpg".to_owned()
        )]
    );
    let text = std::fs::read_to_string(jekyll.root().join("_posts/2024-01-15-right.md")).unwrap();
    assert!(
        text.contains("image: \"/assets/images/right/cover.jpg\"")
            || text.contains("image: /assets/images/right/cover.jpg"),
        "{text}"
    );

    // A Hugo page bundle keeps its images beside index.md, named relatively,
    // and its TOML front-matter gets a [cover] table.
    copy_dir(&fixture("hugo"), &dir.path().join("hugo"));
    let hugo = Blog::open(&dir.path().join("hugo")).unwrap();
    let done = import_into(&hugo, "content/posts/trip/index.md");
    assert_eq!(done.files[0].path, "content/posts/trip/cover.jpg");
    assert_eq!(
        done.fields,
        [("cover.image".to_owned(), "cover.jpg".to_owned())]
    );
    let text = std::fs::read_to_string(hugo.root().join("content/posts/trip/index.md")).unwrap();
    assert!(text.starts_with("+++\ntitle = \"A trip\""), "{text}");
    assert!(text.contains("image = \"cover.jpg\""), "{text}");
}

#[test]
fn webp_output_when_postdesk_toml_asks_for_it() {
    let (_dir, blog) = sample_blog();
    std::fs::write(
        blog.root().join("postdesk.toml"),
        "[cover]\nformat = \"webp\"\nquality = 75\n",
    )
    .unwrap();
    let blog = Blog::open(blog.root()).unwrap();
    let done = run(&blog, &image("gps.jpg"), ALL).unwrap();
    assert!(
        done.files.iter().all(|f| f.path.ends_with(".webp")),
        "{:?}",
        done.files
    );
    let img = open(&blog, &done.files[0].path);
    assert_eq!(img.dimensions(), (64, 48));
    let bytes = std::fs::read(blog.root().join(&done.files[0].path)).unwrap();
    assert!(
        !contains(&bytes, b"EXIF") && !contains(&bytes, b"XMP "),
        "no metadata chunks"
    );
}

#[test]
fn a_body_image_is_written_beside_the_cover_and_leaves_the_post_alone() {
    let (_dir, blog) = sample_blog();
    let before = std::fs::read(blog.root().join(POST)).unwrap();
    let got = run(&blog, &image("orient-6.jpg"), &[OutputKind::Body]).unwrap();
    assert_eq!(got.files.len(), 1);
    let file = &got.files[0];
    assert_eq!(file.kind, OutputKind::Body);
    assert!(file.site_path.ends_with("/image.jpg"), "{}", file.site_path);
    assert!(file.width <= 1600);
    assert!(got.fields.is_empty(), "no front-matter field is set");
    assert_eq!(
        std::fs::read(blog.root().join(POST)).unwrap(),
        before,
        "the post is untouched"
    );
    // A second, different image gets its own name.
    let again = run(&blog, &image("orient-1.jpg"), &[OutputKind::Body]).unwrap();
    assert!(
        again.files[0].site_path.ends_with("/image-2.jpg"),
        "{}",
        again.files[0].site_path
    );
}

fn picture(blog: &Blog, post: &str, field: Option<&str>) -> Result<CoverImport, CoverError> {
    let req = Request {
        post,
        source: &image("gps.jpg"),
        focal: (0.5, 0.5),
        text: None,
        outputs: &[OutputKind::Picture],
        field,
    };
    cover::import(blog, &req, &|_| {}, &AtomicBool::new(false))
}

#[test]
fn an_author_picture_is_a_square_in_the_authors_folder_named_after_the_author() {
    let (_dir, blog) = sample_blog();
    let post = "_posts/building-scalable-apis.md";
    let before = std::fs::read_to_string(blog.root().join(post)).unwrap();
    let done = picture(&blog, post, Some("author.picture")).unwrap();
    assert_eq!(done.files.len(), 1);
    let file = &done.files[0];
    assert_eq!(file.kind, OutputKind::Picture);
    // The sample's cain.jpeg is left alone: a new file beside it.
    assert_eq!(file.path, "public/assets/blog/authors/cain.jpg");
    assert_eq!(
        done.fields,
        [(
            "author.picture".to_owned(),
            "/assets/blog/authors/cain.jpg".to_owned()
        )]
    );
    // A square of the source's short side (48), not enlarged to 256: said.
    assert_eq!(open(&blog, &file.path).dimensions(), (48, 48));
    assert!(
        done.warnings[0].contains("smaller than the 256×256 picture"),
        "{:?}",
        done.warnings
    );
    // Only that value changed, byte for byte.
    let after = std::fs::read_to_string(blog.root().join(post)).unwrap();
    assert_eq!(
        after,
        before.replace(
            "picture: \"/assets/blog/authors/cain.jpeg\"",
            "picture: \"/assets/blog/authors/cain.jpg\""
        )
    );
    assert!(blog
        .root()
        .join("public/assets/blog/authors/cain.jpeg")
        .exists());
}

#[test]
fn a_picture_without_an_author_name_is_named_after_its_field_and_needs_a_field() {
    let (_dir, blog) = sample_blog();
    let post = "_posts/plain.md";
    std::fs::write(
        blog.root().join(post),
        "---\ntitle: \"Plain\"\ndate: \"2024-03-01\"\navatar: \"\"\n---\n\nText.\n",
    )
    .unwrap();
    let done = picture(&blog, post, Some("avatar")).unwrap();
    assert_eq!(done.files[0].path, "public/assets/blog/authors/avatar.jpg");
    assert!(
        done.text
            .contains("avatar: \"/assets/blog/authors/avatar.jpg\""),
        "{}",
        done.text
    );

    let before = snapshot(blog.root());
    let err = picture(&blog, post, None).unwrap_err();
    assert!(
        err.to_string().contains("needs the front-matter field"),
        "{err}"
    );
    assert_eq!(snapshot(blog.root()), before, "nothing written");
}

#[test]
fn hugo_bundles_keep_pictures_in_a_shared_folder_and_a_per_post_assets_setting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("hugo"), &dir.path().join("hugo"));
    let hugo = Blog::open(&dir.path().join("hugo")).unwrap();
    let done = picture(&hugo, "content/posts/trip/index.md", Some("author.picture")).unwrap();
    assert!(
        done.files[0].path.starts_with("static/images/authors/"),
        "{}",
        done.files[0].path
    );
    assert!(
        done.fields[0].1.starts_with("/images/authors/"),
        "{:?}",
        done.fields
    );

    let (_dir, blog) = sample_blog();
    std::fs::write(
        blog.root().join("postdesk.toml"),
        "assets = \"{post_dir}\"\n",
    )
    .unwrap();
    let blog = Blog::open(blog.root()).unwrap();
    let before = snapshot(blog.root());
    let err = picture(
        &blog,
        "_posts/building-scalable-apis.md",
        Some("author.picture"),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no shared folder for pictures"),
        "{err}"
    );
    assert_eq!(snapshot(blog.root()), before, "nothing written");
}
