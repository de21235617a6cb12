//! A blog folder: which kind of site it is, where its posts live, and the
//! list of its posts.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::blog::config::{self, Config, ConfigError, SchemaSource};
use crate::disk::paths::{self, PathError};
pub use crate::kind::BlogKind;
use crate::post::schema::{self, Field};
use crate::post::{self, PostError, PostText};

#[derive(Debug, thiserror::Error)]
pub enum BlogError {
    #[error("the blog folder `{path}` does not exist; give the folder that holds your blog's `_posts`, `content` or `src/content`")]
    NotFound { path: String },
    #[error("`{path}` is not a folder; give the folder that holds your blog")]
    NotAFolder { path: String },
    #[error("`{path}` does not look like a blog: no `_posts/`, `content/` or `src/content/` folder in it. Open the blog's root folder, or run `postdesk sample DIR` to make a sample blog")]
    NotABlog { path: String },
    #[error("could not read the blog folder `{path}` ({source})")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}/{source}")]
    Config {
        path: String,
        #[source]
        source: ConfigError,
    },
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Post(#[from] PostError),
}

/// What the UI shows about the open blog.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlogInfo {
    pub root: String,
    pub name: String,
    pub kind: BlogKind,
    /// Said once when the blog opens (the index's note: the schema the
    /// posts are checked against is not the built-in one, and why).
    pub note: Option<String>,
    /// The renderer rules the preview follows ("goldmark · curly quotes ·
    /// raw HTML left out"), filled in by the app from the preview's rules.
    pub renderer: Option<String>,
    /// The post the app was started on (`postdesk path/to/post.md`, "Open
    /// with Postdesk"): the window opens it first.
    pub open_post: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Blog {
    root: PathBuf,
    kind: BlogKind,
    config: Config,
    /// What the blog's generator config says about dates and drafts.
    site: crate::blog::site::Site,
    /// Jekyll's other `_posts` folders (`blog/_posts/`: their posts get
    /// the folders above as categories), found when the blog opens.
    more_posts: Vec<String>,
    /// Its languages, when it has more than one.
    languages: Option<std::sync::Arc<crate::blog::languages::Languages>>,
}

impl Blog {
    /// Opens the blog at `root` and detects its kind from its folders.
    pub fn open(root: &Path) -> Result<Blog, BlogError> {
        let display = root.display().to_string();
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BlogError::NotFound {
                path: display.clone(),
            },
            _ => BlogError::Io {
                path: display.clone(),
                source: e,
            },
        })?;
        if !meta.is_dir() {
            return Err(BlogError::NotAFolder { path: display });
        }
        let root = root.canonicalize().map_err(|source| BlogError::Io {
            path: display.clone(),
            source,
        })?;
        let config = config::load(&root).map_err(|source| BlogError::Config {
            path: display.clone(),
            source,
        })?;
        let kind = match (config.kind, detect(&root)) {
            (Some(k), _) => k,
            (None, Some(k)) => k,
            (None, None) if config.content.is_some() => BlogKind::BlogStarter,
            (None, None) => return Err(BlogError::NotABlog { path: display }),
        };
        let site = crate::blog::site::Site::read(&root, kind);
        let more_posts = if kind == BlogKind::Jekyll && config.content.is_none() {
            nested_posts_dirs(&root)
        } else {
            Vec::new()
        };
        let astro_config = if kind == BlogKind::Astro {
            crate::blog::renderer::astro_config(&root)
        } else {
            String::new()
        };
        let languages =
            crate::blog::languages::Languages::read(kind, &site.config, &astro_config, &config)
                .map(std::sync::Arc::new);
        Ok(Blog {
            root,
            kind,
            config,
            site,
            more_posts,
            languages,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn kind(&self) -> BlogKind {
        self.kind
    }

    pub fn info(&self) -> BlogInfo {
        BlogInfo {
            root: self.root.display().to_string(),
            name: self
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.root.display().to_string()),
            kind: self.kind,
            note: None,
            renderer: None,
            open_post: None,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The generator's rules for dates and what it leaves out.
    pub fn site(&self) -> &crate::blog::site::Site {
        &self.site
    }

    /// The folders that hold posts, relative to the root.
    pub fn content_dirs(&self) -> Vec<String> {
        if let Some(dirs) = &self.config.content {
            return dirs.clone();
        }
        let mut dirs = vec![self.kind.rules().content_dir.to_owned()];
        dirs.extend(self.more_posts.iter().cloned());
        // Hugo: each language's own `contentDir` outside `content/`.
        for (_, dir) in self.languages.iter().flat_map(|l| &l.content_dirs) {
            if !dirs
                .iter()
                .any(|d| dir == d || dir.starts_with(&format!("{d}/")))
            {
                dirs.push(dir.clone());
            }
        }
        dirs
    }

    /// The blog's languages, when it has more than one.
    pub fn languages(&self) -> Option<&crate::blog::languages::Languages> {
        self.languages.as_deref()
    }

    /// A post's language and the key it shares with its translations
    /// (`None` for a blog in one language).
    pub fn placed(
        &self,
        rel: &str,
        fm: &serde_json::Value,
    ) -> Option<crate::blog::languages::Placed> {
        Some(self.languages()?.place(&self.content_dirs(), rel, fm))
    }

    /// Where site paths (`/assets/…`) point, relative to the root.
    pub fn public_dir(&self) -> PathBuf {
        PathBuf::from(
            self.config
                .public
                .as_deref()
                .unwrap_or(self.kind.rules().public_dir),
        )
    }

    /// The declared schema (postdesk.toml, else the built-in one), or `None`
    /// when it is to be inferred from the posts.
    pub fn declared_schema(&self) -> Option<Vec<Field>> {
        if !self.config.fields.is_empty() {
            return Some(self.config.fields.clone());
        }
        if self.config.schema == Some(SchemaSource::Infer) {
            return None;
        }
        schema::builtin(self.kind)
    }

    /// Every post file in the content folders.
    pub fn post_files(&self) -> Result<Vec<PathBuf>, BlogError> {
        let mut files = Vec::new();
        for dir in self.content_dirs() {
            collect_posts(&self.root.join(dir), &mut files)?;
        }
        Ok(files)
    }

    /// Whether the blog-relative `rel` names a post file: a markdown file,
    /// not hidden, inside one of the content folders, with no `..`.
    pub fn is_post_path(&self, rel: &str) -> bool {
        paths::is_post_rel(&self.content_dirs(), rel)
    }

    /// The folders the file watcher looks at.
    pub fn watch_scope(&self) -> crate::disk::watch::WatchScope {
        crate::disk::watch::WatchScope {
            root: self.root.clone(),
            content_dirs: self.content_dirs(),
            assets: match self.kind.rules().images_dir {
                // Jekyll's "public" folder is the blog itself; its images
                // live in assets/.
                Some(images) if self.config.public.is_none() => self.root.join(images),
                _ => self.root.join(self.public_dir()),
            },
        }
    }

    /// The path of `file` relative to the root, if it is inside the blog.
    pub fn relative(&self, file: &Path) -> Option<String> {
        let real = file.canonicalize().ok()?;
        real.starts_with(&self.root)
            .then(|| paths::relative(&self.root, &real))
    }

    /// Reads one post by its path relative to the root.
    pub fn read_post(&self, rel: &str) -> Result<PostText, BlogError> {
        let file = paths::confine(&self.root, rel)?;
        let text = post::read_text(&file, rel)?;
        Ok(PostText {
            path: paths::relative(&self.root, &file),
            text,
        })
    }
}

fn detect(root: &Path) -> Option<BlogKind> {
    let has = |p: &str| root.join(p).exists();
    if has("src/content") && (has("astro.config.mjs") || has("astro.config.ts") || !has("_posts")) {
        Some(BlogKind::Astro)
    } else if has("content") && !has("_posts") {
        Some(BlogKind::Hugo)
    } else if has("_posts") && (has("_config.yml") || has("_config.yaml") || has("Gemfile")) {
        Some(BlogKind::Jekyll)
    } else if has("_posts") {
        Some(BlogKind::BlogStarter)
    } else {
        None
    }
}

fn collect_posts(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), BlogError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(BlogError::Io {
                path: dir.display().to_string(),
                source,
            })
        }
    };
    let mut sorted: Vec<_> = entries.filter_map(Result::ok).collect();
    sorted.sort_by_key(|e| e.file_name());
    for entry in sorted {
        let path = entry.path();
        // Symlinks are not followed: a post must be a real file in the blog.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_posts(&path, out)?;
        } else if kind.is_file() && paths::is_post_file(&path) {
            out.push(path);
        } else if crate::disk::save::is_stale_temp(&path) {
            // A save killed between writing and renaming left it: it is
            // never listed or published, and goes when the blog is read.
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}

/// Jekyll reads posts from every `_posts` folder of the site, not only the
/// top one (`blog/_posts/x.md` is a post in category `blog`). Looked for a
/// few levels down, past what Jekyll never reads (`_site`, hidden and
/// vendored folders) and never through a symlink.
fn nested_posts_dirs(root: &Path) -> Vec<String> {
    const SKIP: &[&str] = &["_site", "node_modules", "vendor", "_posts"];
    let mut found = Vec::new();
    let mut queue = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = queue.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir || name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if name == "_posts" && depth > 0 {
                found.push(crate::disk::paths::relative(root, &path));
            } else if depth < 3 && !SKIP.contains(&name.as_str()) {
                queue.push((path, depth + 1));
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn detects_each_kind() {
        let starter = make(&[("_posts/a.md", ""), ("public/x", "")]);
        assert_eq!(
            Blog::open(starter.path()).unwrap().kind(),
            BlogKind::BlogStarter
        );
        let jekyll = make(&[("_posts/2024-01-01-a.md", ""), ("_config.yml", "")]);
        assert_eq!(Blog::open(jekyll.path()).unwrap().kind(), BlogKind::Jekyll);
        let hugo = make(&[("content/posts/a.md", ""), ("hugo.toml", "")]);
        assert_eq!(Blog::open(hugo.path()).unwrap().kind(), BlogKind::Hugo);
        let astro = make(&[("src/content/blog/a.md", ""), ("astro.config.mjs", "")]);
        assert_eq!(Blog::open(astro.path()).unwrap().kind(), BlogKind::Astro);
    }

    #[test]
    fn a_folder_that_is_no_blog_says_what_to_do() {
        let empty = make(&[("readme.txt", "")]);
        let err = Blog::open(empty.path()).unwrap_err();
        assert_eq!(err.to_string(), format!("`{}` does not look like a blog: no `_posts/`, `content/` or `src/content/` folder in it. Open the blog's root folder, or run `postdesk sample DIR` to make a sample blog", empty.path().display()));
        let err = Blog::open(&empty.path().join("nope")).unwrap_err();
        assert!(matches!(err, BlogError::NotFound { .. }));
    }

    #[test]
    fn lists_newest_first_and_keeps_broken_posts() {
        let blog = make(&[
            (
                "_posts/old.md",
                "---\ntitle: Old\ndate: '2020-01-01'\n---\n",
            ),
            (
                "_posts/new.md",
                "---\ntitle: New\ndate: '2024-01-01'\n---\n",
            ),
            ("_posts/broken.md", "---\ntitle: [\n---\n"),
            ("_posts/notes.txt", "not a post"),
        ]);
        let blog = Blog::open(blog.path()).unwrap();
        let posts = crate::index::scan(&blog, None).unwrap().summaries();
        let titles: Vec<_> = posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["New", "Old", "broken"]);
        assert!(posts[2].problem.is_some());
    }

    #[test]
    fn read_post_is_confined_to_the_blog() {
        let blog = make(&[("_posts/a.md", "hello")]);
        let blog = Blog::open(blog.path()).unwrap();
        assert_eq!(blog.read_post("_posts/a.md").unwrap().text, "hello");
        assert!(matches!(
            blog.read_post("../a.md"),
            Err(BlogError::Path(PathError::Outside(_)))
        ));
    }

    #[test]
    fn reading_the_blog_sweeps_a_killed_save_s_temp_file() {
        let blog = make(&[("_posts/a.md", "---\ntitle: A\n---\n")]);
        let stale = blog.path().join("_posts/.a.md.Qw3rty.postdesk-tmp");
        std::fs::write(&stale, "half").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(90))
            .unwrap();
        let files = Blog::open(blog.path()).unwrap().post_files().unwrap();
        assert_eq!(files.len(), 1);
        assert!(!stale.exists());
    }
}
