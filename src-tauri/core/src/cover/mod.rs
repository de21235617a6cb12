//! Cover images: a dropped, chosen, pasted or named image becomes the post's
//! cover, og and thumbnail files in the blog's asset folder, and the post's
//! `coverImage` and `ogImage.url` point at them. The same pipeline saves
//! images for the body (at the body width) and pictures for other image
//! fields such as `author.picture` (a square, in the blog's shared
//! `authors` folder, named after the author).
//!
//! The pipeline decodes once (caps checked before decoding), resizes the
//! stored pixels and orients only the small outputs, encodes without EXIF or
//! XMP, then writes the files and the post as one step: on any failure the
//! files it created are removed and the post is unchanged.
//!
//! **Invariant:** an existing file is never overwritten. Same bytes → it is
//! reused; different bytes → a new name (`cover-2.jpg`).

pub mod card;
mod decode;
mod encode;
pub mod geometry;
mod place;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::blog::Blog;
use crate::disk::save::{self, SaveError};
use crate::front_matter::edit::{self, EditError};
use crate::post::schema;

pub use crate::blog::config::{CoverConfig, OutputFormat};
pub use decode::{MAX_FILE_BYTES, MAX_PIXELS};

/// The format one output file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Jpeg,
    Png,
    Webp,
}

impl FileFormat {
    fn extension(self) -> &'static str {
        match self {
            FileFormat::Jpeg => "jpg",
            FileFormat::Png => "png",
            FileFormat::Webp => "webp",
        }
    }
}

/// The files one import makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OutputKind {
    Cover,
    Og,
    Thumbnail,
    /// An image in the post's body (pasted or dropped into the text).
    Body,
    /// The picture of another image field (`author.picture`), named by
    /// [`Request::field`].
    Picture,
}

impl OutputKind {
    fn stem(self) -> &'static str {
        match self {
            OutputKind::Cover => "cover",
            OutputKind::Og => "og",
            OutputKind::Thumbnail => "thumb",
            OutputKind::Body => "image",
            OutputKind::Picture => "picture",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoverError {
    #[error("could not read {file} ({source})")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is not a file; choose an image file")]
    NotAFile { file: String },
    #[error("{file} is empty (0 bytes); choose the image again or export it anew")]
    Empty { file: String },
    #[error("{file} is {mib} MiB; covers may be at most 50 MiB. Export a smaller version first")]
    FileTooLarge { file: String, mib: u64 },
    #[error("{file} is not an image Postdesk can read; use a JPEG, PNG, WebP or GIF file")]
    NotAnImage { file: String },
    #[error(
        "{file} is a {format} image, which Postdesk cannot read; export it as JPEG, PNG or WebP"
    )]
    Unsupported { file: String, format: String },
    #[error(
        "{file} has the extension {ext} but is a {actual} file; rename it to end in .{expected}"
    )]
    WrongExtension {
        file: String,
        ext: String,
        actual: String,
        expected: String,
    },
    #[error("{file} declares {width}×{height} pixels, over the 100-megapixel limit; export a smaller version first")]
    TooManyPixels {
        file: String,
        width: u32,
        height: u32,
    },
    #[error("{file} is damaged: {message}. Open it in an image editor and export it again")]
    Corrupt { file: String, message: String },
    #[error("postdesk.toml [cover]: {0}")]
    Config(String),
    #[error("{0}")]
    AssetFolder(String),
    #[error(
        "could not write {path} ({source}); check that the folder is writable. Nothing was changed"
    )]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{post}: {source}; the images were not added")]
    Edit {
        post: String,
        #[source]
        source: EditError,
    },
    #[error("{0}; the images were not added")]
    Save(#[from] SaveError),
    #[error("could not prepare the images: {0}")]
    Image(String),
    #[error("{0}")]
    Post(#[from] crate::blog::BlogError),
    #[error("cancelled; nothing was changed")]
    Cancelled,
}

/// Where the pipeline is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub stage: Stage,
    /// 0 to 1 over the whole import.
    pub fraction: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    Reading,
    Resizing,
    Writing,
    Done,
}

/// One output, resized and encoded.
type Encoded = (OutputKind, encode::Resized, Vec<u8>);

/// One import.
pub struct Request<'a> {
    /// The post, relative to the blog root.
    pub post: &'a str,
    /// The image to import (anywhere on disk: the writer chose it).
    pub source: &'a Path,
    /// The og crop's centre, 0–1 across and down the displayed image.
    pub focal: (f64, f64),
    /// The post's text as the editor holds it; `None` reads it from disk.
    pub text: Option<&'a str>,
    /// Which files to make (all three for a new cover; only `Og` to
    /// re-crop around a new focal point).
    pub outputs: &'a [OutputKind],
    /// The front-matter field (dotted path) a [`OutputKind::Picture`] is
    /// set in; `None` for the other outputs.
    pub field: Option<&'a str>,
}

/// One file written (or reused).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CoverFile {
    pub kind: OutputKind,
    /// Relative to the blog root.
    pub path: String,
    /// What the front-matter holds for it (`/assets/blog/slug/cover.jpg`).
    pub site_path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// An identical file was already there and is used as it is.
    pub reused: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CoverImport {
    pub post: String,
    pub files: Vec<CoverFile>,
    /// Each front-matter field set, as (dotted path, value).
    pub fields: Vec<(String, String)>,
    /// The post's new text (already saved).
    pub text: String,
    pub warnings: Vec<String>,
}

/// The `[cover]` settings, checked.
pub fn config(blog: &Blog) -> Result<CoverConfig, CoverError> {
    let c = blog.config().cover.clone().unwrap_or_default();
    let bad = |m: &str| Err(CoverError::Config(m.to_owned()));
    if !(1..=100).contains(&c.quality) {
        return bad("quality must be between 1 and 100");
    }
    for (name, v) in [
        ("max_width", c.max_width),
        ("max_height", c.max_height),
        ("og_width", c.og_width),
        ("og_height", c.og_height),
        ("thumb_width", c.thumb_width),
        ("body_width", c.body_width),
        ("picture_size", c.picture_size),
    ] {
        if !(1..=16_384).contains(&v) {
            return Err(CoverError::Config(format!(
                "{name} = {v}; give a size between 1 and 16384 pixels"
            )));
        }
    }
    Ok(c)
}

/// The front-matter fields a blog's cover and og image go in.
pub fn fields(blog: &Blog, c: &CoverConfig) -> (Option<String>, Option<String>) {
    let (cover, og) = blog.kind().rules().cover_fields;
    let pick = |set: &Option<String>, default: &str| {
        let v = set.clone().unwrap_or_else(|| default.to_owned());
        (!v.is_empty()).then_some(v)
    };
    (pick(&c.field, cover), pick(&c.og_field, og))
}

/// Imports `req.source` as the cover of `req.post`. `progress` is called
/// as the work goes; setting `cancel` stops it before anything is written.
pub fn import(
    blog: &Blog,
    req: &Request,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<CoverImport, CoverError> {
    let c = config(blog)?;
    let step = |stage, fraction| progress(Progress { stage, fraction });
    let check = || {
        if cancel.load(Ordering::Relaxed) {
            Err(CoverError::Cancelled)
        } else {
            Ok(())
        }
    };
    step(Stage::Reading, 0.0);
    let shown = req.source.display().to_string();
    let src = decode::read(req.source, &shown)?;
    check()?;
    step(Stage::Resizing, 0.35);

    let (w, h) = geometry::oriented_size(src.orientation, src.width, src.height);
    let mut warnings = Vec::new();
    let format = match (c.format, src.pixels.has_alpha()) {
        (OutputFormat::Webp, _) => FileFormat::Webp,
        (OutputFormat::Jpeg, true) => FileFormat::Png,
        (OutputFormat::Jpeg, false) => FileFormat::Jpeg,
    };
    let jobs: Vec<(OutputKind, Option<geometry::Rect>, (u32, u32))> = req
        .outputs
        .iter()
        .map(|&kind| match kind {
            OutputKind::Cover => (kind, None, geometry::fit_within(w, h, c.max_width, c.max_height)),
            OutputKind::Thumbnail => (kind, None, geometry::fit_width(w, h, c.thumb_width)),
            OutputKind::Body => (kind, None, geometry::fit_width(w, h, c.body_width)),
            OutputKind::Og | OutputKind::Picture => {
                let (what, target, focal) = match kind {
                    OutputKind::Og => ("og image", (c.og_width, c.og_height), req.focal),
                    _ => ("picture", (c.picture_size, c.picture_size), (0.5, 0.5)),
                };
                let (rect, out) = geometry::crop_around(w, h, target.0, target.1, focal);
                if out != target {
                    let name = req
                        .source
                        .file_name()
                        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
                    warnings.push(format!(
                        "{name} is {w}×{h}, smaller than the {}×{} {what}; it was not enlarged, so the {what} is {}×{}",
                        target.0, target.1, out.0, out.1
                    ));
                }
                (kind, Some(rect), out)
            }
        })
        .collect();
    // The outputs are independent: make them side by side.
    let encoded: Vec<Result<Encoded, String>> = {
        use rayon::prelude::*;
        jobs.par_iter()
            .map(|&(kind, crop, out)| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(String::new());
                }
                let img = encode::resize(&src, crop, out)?;
                let bytes = encode::encode(&img, format, c.quality, src.icc.as_deref())?;
                Ok((kind, img, bytes))
            })
            .collect()
    };
    check()?;
    let encoded = encoded
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(CoverError::Image)?;
    drop(src);
    step(Stage::Writing, 0.85);

    let text = match req.text {
        Some(t) => t.to_owned(),
        None => blog.read_post(req.post)?.text,
    };
    let (cover_field, og_field) = fields(blog, &c);
    let picture_field = req.field.map(str::to_owned);
    if req.outputs.contains(&OutputKind::Picture) && picture_field.is_none() {
        return Err(CoverError::Config(
            "a picture needs the front-matter field it is for".to_owned(),
        ));
    }
    let schema = blog.declared_schema().unwrap_or_default();
    let dir = place::asset_dir(blog, req.post)?;
    let pictures = place::pictures_dir(blog)?;
    let mut tx = place::Transaction::new(blog.root());
    let result = (|| {
        let mut files = Vec::new();
        for (kind, img, bytes) in &encoded {
            let (dir, stem) = match kind {
                OutputKind::Picture => (&pictures, picture_stem(&text, req.field)),
                _ => (&dir, kind.stem().to_owned()),
            };
            tx.make_dir(&dir.rel)?;
            let (rel, reused) = tx.write_new(&dir.rel, &stem, format.extension(), bytes)?;
            let name = rel.rsplit('/').next().unwrap_or(&rel).to_owned();
            files.push(CoverFile {
                kind: *kind,
                site_path: dir.site_path(&name),
                path: rel,
                bytes: bytes.len() as u64,
                width: img.width,
                height: img.height,
                reused,
            });
        }
        let mut next = text.clone();
        let mut set = Vec::new();
        for (kind, field) in [
            (OutputKind::Cover, &cover_field),
            (OutputKind::Og, &og_field),
            (OutputKind::Picture, &picture_field),
        ] {
            let (Some(field), Some(file)) = (field, files.iter().find(|f| f.kind == kind)) else {
                continue;
            };
            let path: Vec<&str> = field.split('.').collect();
            let order = schema::order_at(&schema, &path[..path.len() - 1]);
            next = edit::set(
                &next,
                &path,
                &serde_json::Value::String(file.site_path.clone()),
                &order,
            )
            .map_err(|source| CoverError::Edit {
                post: req.post.to_owned(),
                source,
            })?;
            set.push((field.clone(), file.site_path.clone()));
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(CoverError::Cancelled);
        }
        if next != text {
            save::save(blog.root(), req.post, next.as_bytes())?;
        }
        Ok((files, set, next))
    })();
    match result {
        Ok((files, fields, text)) => {
            tx.commit();
            step(Stage::Done, 1.0);
            Ok(CoverImport {
                post: req.post.to_owned(),
                files,
                fields,
                text,
                warnings,
            })
        }
        Err(e) => {
            tx.roll_back();
            Err(e)
        }
    }
}

/// The file name (without extension) of a picture for `field`: the slug of
/// the `name` beside it (`author.name` for `author.picture`), else the
/// field's own name.
fn picture_stem(text: &str, field: Option<&str>) -> String {
    let field = field.unwrap_or("picture");
    let (parent, own) = match field.rsplit_once('.') {
        Some((parent, own)) => (Some(parent), own),
        None => (None, field),
    };
    let mut name_path: Vec<&str> = parent.map(|p| p.split('.').collect()).unwrap_or_default();
    name_path.push("name");
    let name = parent
        .and_then(|_| edit::get(text, &name_path).ok().flatten())
        .and_then(|v| v.as_str().map(crate::text::slugify))
        .filter(|s| !s.is_empty());
    name.unwrap_or_else(|| {
        let own = crate::text::slugify(own);
        if own.is_empty() {
            "picture".to_owned()
        } else {
            own
        }
    })
}

/// A cover or og image as the post names it, for the form's thumbnails.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CoverShown {
    pub kind: OutputKind,
    /// The front-matter field (dotted path).
    pub field: String,
    /// Its value, as written.
    pub value: Option<String>,
    /// The URL the window loads it from (the preview's asset scheme).
    pub url: Option<String>,
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Why it cannot be shown (missing file, not an image).
    pub problem: Option<String>,
}

/// The post's cover and og image as its front-matter names them now.
pub fn shown(blog: &Blog, post: &str, text: &str) -> Vec<CoverShown> {
    let c = config(blog).unwrap_or_default();
    let (cover_field, og_field) = fields(blog, &c);
    [(OutputKind::Cover, cover_field), (OutputKind::Og, og_field)]
        .into_iter()
        .filter_map(|(kind, field)| field.map(|f| (kind, f)))
        .map(|(kind, field)| {
            let path: Vec<&str> = field.split('.').collect();
            let value = edit::get(text, &path)
                .ok()
                .flatten()
                .and_then(|v| v.as_str().map(str::to_owned))
                .filter(|v| !v.trim().is_empty());
            let mut shown = CoverShown {
                kind,
                field,
                value: value.clone(),
                url: None,
                bytes: None,
                width: None,
                height: None,
                problem: None,
            };
            if let Some(value) = value {
                match file_of(blog, post, &value) {
                    Ok((file, url)) => {
                        shown.url = Some(url);
                        shown.bytes = std::fs::metadata(&file).ok().map(|m| m.len());
                        match image::image_dimensions(&file) {
                            Ok((w, h)) => {
                                shown.width = Some(w);
                                shown.height = Some(h);
                            }
                            Err(e) => shown.problem = Some(format!("{value}: {e}")),
                        }
                    }
                    Err(problem) => shown.problem = Some(problem),
                }
            }
            shown
        })
        .collect()
}

/// The file a front-matter image value names, and the URL the window loads
/// it from. Only files inside the blog.
pub fn file_of(
    blog: &Blog,
    post: &str,
    value: &str,
) -> Result<(std::path::PathBuf, String), String> {
    let url = crate::url::asset_url(post, value)
        .ok_or_else(|| format!("{value} is not an image inside the blog"))?;
    let prefix = format!("{}://localhost", crate::url::ASSET_SCHEME);
    let url_path = url.strip_prefix(&prefix).unwrap_or(&url);
    let (file, _) = crate::blog::assets::resolve(blog, url_path).map_err(|e| match e {
        crate::blog::assets::AssetError::Missing(_) => {
            format!("{value} does not exist in the blog")
        }
        other => format!("{value}: {other}"),
    })?;
    Ok((file, url))
}

/// The file a front-matter image value names, to hand to the desktop's
/// viewer ("open image"): like [`file_of`], and never through a link (a
/// `cover.png` that links to `../tools/payload.jar` would have the desktop
/// open the target), and an image by its content, whatever its name.
pub fn file_to_open(blog: &Blog, post: &str, value: &str) -> Result<std::path::PathBuf, String> {
    let (file, _) = file_of(blog, post, value)?;
    let named = crate::url::asset_url(post, value)
        .and_then(|u| {
            let rest = u.split_once("://localhost/")?.1;
            Some(match rest.split_once('/')? {
                ("site", site) => blog.root().join(blog.public_dir()).join(site),
                (_, rel) => blog.root().join(rel),
            })
        })
        .ok_or_else(|| format!("{value} is not an image inside the blog"))?;
    // A link anywhere on the way makes the named path differ from the file.
    let lexical: std::path::PathBuf = named
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if lexical != file {
        return Err(format!(
            "{value} is a link to another file; Postdesk opens only the image itself"
        ));
    }
    let head = crate::disk::paths::read_capped(&file, decode::MAX_FILE_BYTES)
        .map_err(|e| format!("{value} could not be read ({e})"))?;
    image::guess_format(&head)
        .map_err(|_| format!("{value} is not an image (its content is something else)"))?;
    Ok(file)
}

/// Crops the og image again around `focal`, from the cover the post names
/// now (so a focal point can be picked after the import).
pub fn recrop_og(
    blog: &Blog,
    post: &str,
    text: &str,
    focal: (f64, f64),
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<CoverImport, CoverError> {
    let c = config(blog)?;
    let (cover_field, _) = fields(blog, &c);
    let field = cover_field.ok_or_else(|| {
        CoverError::Config(
            "field = \"\" turns the cover field off, so there is no cover to crop".to_owned(),
        )
    })?;
    let path: Vec<&str> = field.split('.').collect();
    let value = edit::get(text, &path)
        .map_err(|source| CoverError::Edit {
            post: post.to_owned(),
            source,
        })?
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or_else(|| {
            CoverError::AssetFolder(format!(
                "{post} has no {field} yet; choose a cover image first"
            ))
        })?;
    let (file, _) = file_of(blog, post, &value).map_err(CoverError::AssetFolder)?;
    let req = Request {
        post,
        source: &file,
        focal,
        text: Some(text),
        outputs: &[OutputKind::Og],
        field: None,
    };
    import(blog, &req, progress, cancel)
}

#[cfg(test)]
mod tests;
