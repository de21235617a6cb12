//! Where a post's images go (the blog's convention, or `assets` in
//! postdesk.toml) and writing them as one undoable step.

use std::path::{Component, Path, PathBuf};

use super::CoverError;
use crate::blog::Blog;
use crate::disk::paths;
use crate::disk::save::{self, SaveError};
use crate::post;

/// A post's asset folder.
pub struct AssetDir {
    /// Relative to the blog root, `/`-separated.
    pub rel: String,
    /// How the site refers to the folder: `/assets/blog/slug` (under the
    /// public folder), or `None` when the folder is the post's own (a Hugo
    /// page bundle), where files are referred to by name.
    site_prefix: Option<String>,
}

impl AssetDir {
    pub fn site_path(&self, name: &str) -> String {
        match &self.site_prefix {
            Some(prefix) => format!("{prefix}/{name}"),
            None => name.to_owned(),
        }
    }
}

/// The asset folder of `post_rel`.
pub fn asset_dir(blog: &Blog, post_rel: &str) -> Result<AssetDir, CoverError> {
    let slug = post::slug_of(post_rel);
    let post_dir = post_rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let file_name = post_rel.rsplit('/').next().unwrap_or(post_rel);
    let bundle = matches!(file_name, "index.md" | "index.markdown");
    dir_from(blog, &template(blog, bundle), &slug, post_dir)
}

/// The folder for pictures shared by posts (an author's picture): `authors`
/// where a post with that slug would keep its images
/// (`public/assets/blog/authors`); for Hugo page bundles, whose images live
/// with each post, `static/images/authors`.
pub fn pictures_dir(blog: &Blog) -> Result<AssetDir, CoverError> {
    let template = template(blog, false);
    if template.contains("{post_dir}") {
        return Err(CoverError::AssetFolder(format!(
            "postdesk.toml: assets = \"{template}\" keeps images with each post, so there is no shared folder for pictures; type the picture's path in the field instead"
        )));
    }
    dir_from(blog, &template, "authors", "")
}

/// The blog's asset folder pattern (`{slug}`, `{post_dir}`).
fn template(blog: &Blog, bundle: bool) -> String {
    match &blog.config().assets {
        Some(t) => t.clone(),
        None => {
            let rules = blog.kind().rules();
            match rules.bundle_assets {
                Some(t) if bundle => t.to_owned(),
                _ => rules.assets.to_owned(),
            }
        }
    }
}

fn dir_from(
    blog: &Blog,
    template: &str,
    slug: &str,
    post_dir: &str,
) -> Result<AssetDir, CoverError> {
    let rel = template
        .replace("{slug}", slug)
        .replace("{post_dir}", post_dir)
        .trim_matches('/')
        .to_owned();
    let lexical_ok = !rel.is_empty()
        && Path::new(&rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !lexical_ok {
        return Err(CoverError::AssetFolder(format!(
            "postdesk.toml: assets = \"{template}\" gives `{rel}`, which is outside the blog; use a folder inside it like \"public/assets/blog/{{slug}}\""
        )));
    }
    let public = blog.public_dir();
    let public = public.to_string_lossy();
    let public = public.trim_start_matches("./").trim_matches('/');
    let under_public = if public.is_empty() || public == "." {
        Some(rel.as_str())
    } else {
        rel.strip_prefix(public).and_then(|r| r.strip_prefix('/'))
    };
    let site_prefix = match under_public {
        Some(inside) => Some(format!("/{inside}")),
        None if rel == post_dir => None,
        None => {
            return Err(CoverError::AssetFolder(format!(
                "postdesk.toml: the assets folder `{rel}` is not inside the public folder `{public}`, so the site could not show its images; put it under `{public}/`"
            )))
        }
    };
    Ok(AssetDir { rel, site_prefix })
}

/// Files and folders created so far, removed again unless committed.
pub struct Transaction {
    root: PathBuf,
    created_files: Vec<PathBuf>,
    created_dirs: Vec<PathBuf>,
    done: bool,
}

impl Transaction {
    pub fn new(root: &Path) -> Transaction {
        Transaction {
            root: root.to_path_buf(),
            created_files: Vec::new(),
            created_dirs: Vec::new(),
            done: false,
        }
    }

    /// Creates `rel` and any missing parents, each inside the blog.
    pub fn make_dir(&mut self, rel: &str) -> Result<(), CoverError> {
        let created = paths::make_dirs(&self.root, rel).map_err(|e| match e {
            paths::PathError::Missing { path, source } => CoverError::Write { path, source },
            paths::PathError::NotAFolder(shown) => CoverError::AssetFolder(format!(
                "`{shown}` is a file, not a folder; move it away or set `assets` in postdesk.toml"
            )),
            other => CoverError::AssetFolder(other.to_string()),
        })?;
        self.created_dirs.extend(created);
        Ok(())
    }

    /// Writes `bytes` as `dir/stem.ext`, or `stem-2.ext`, … when a different
    /// file has the name; an identical file is reused. Returns the relative
    /// path and whether it was reused.
    pub fn write_new(
        &mut self,
        dir: &str,
        stem: &str,
        ext: &str,
        bytes: &[u8],
    ) -> Result<(String, bool), CoverError> {
        for n in 1..=999 {
            let name = if n == 1 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}-{n}.{ext}")
            };
            let rel = format!("{dir}/{name}");
            let path = self.root.join(&rel);
            // Only a regular file of the same size is read to compare: a
            // link (to `/dev/zero`, to a file outside) or a FIFO under the
            // name is never read, and the next name is taken.
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
                    match std::fs::read(&path) {
                        Ok(existing) if existing == bytes => return Ok((rel, true)),
                        Ok(_) => continue,
                        Err(source) => return Err(CoverError::Write { path: rel, source }),
                    }
                }
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(CoverError::Write { path: rel, source }),
            }
            match save::create(&self.root, &rel, bytes) {
                Ok(written) => {
                    self.created_files.push(written);
                    return Ok((rel, false));
                }
                // Taken between the look and the write: try the next name.
                Err(SaveError::Exists { .. }) => continue,
                Err(SaveError::Io { source, .. }) => {
                    return Err(CoverError::Write { path: rel, source })
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoverError::AssetFolder(format!(
            "`{dir}` already has 999 different `{stem}` files; clear some out"
        )))
    }

    pub fn commit(mut self) {
        self.done = true;
    }

    pub fn roll_back(mut self) {
        self.undo();
        self.done = true;
    }

    fn undo(&mut self) {
        for f in self.created_files.drain(..).rev() {
            let _ = std::fs::remove_file(f);
        }
        for d in self.created_dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if !self.done {
            self.undo();
        }
    }
}
