//! `postdesk.toml`, a blog's own settings: where its posts and site files
//! are, where images go, and its front-matter schema.
//!
//! ```toml
//! kind = "blog-starter"            # blog-starter | jekyll | hugo | astro
//! content = ["_posts"]             # folders that hold posts
//! public = "public"                # where site paths (/assets/…) point
//! assets = "public/assets/blog/{slug}"
//! schema = "builtin"               # builtin | infer (when no [[fields]])
//!
//! [[fields]]
//! name = "title"
//! type = "string"
//! required = true
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::kind::BlogKind;
use crate::post::schema::Field;

pub const FILE: &str = "postdesk.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct Config {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::kind::in_config"
    )]
    pub kind: Option<BlogKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaSource>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub smart_punctuation: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub math: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<CoverConfig>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The preview's renderer rules, where the blog's own config cannot
    /// say (or says it wrong): each overrides what Postdesk read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markup: Option<MarkupConfig>,
    /// The Site view's development server and where it puts a post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<crate::serve::SiteConfig>,
    /// The checks of a post's body this blog turns off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<ChecksConfig>,
    /// The blog's languages (`blog::languages`), where its generator's
    /// config does not say them: the first is the default unless
    /// `default_language` names another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    /// How translations are named: `suffix`, `folder` or `field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<crate::blog::languages::Convention>,
}

/// `[checks]` in `postdesk.toml`: `off = ["missing-alt"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecksConfig {
    #[serde(default)]
    pub off: Vec<BodyRule>,
    /// A post without a translation into each of the blog's languages is
    /// a warning (`missing-translation`).
    #[serde(default)]
    pub missing_translations: bool,
}

/// A check of a post's body (`preview::checks`), by its issue code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyRule {
    BrokenLink,
    MissingImage,
    UntrackedImage,
    MissingAlt,
    HeadingOrder,
}

impl Config {
    /// Whether the blog checks `rule` (every rule, unless `[checks] off`
    /// names it).
    pub fn checks(&self, rule: BodyRule) -> bool {
        !self.checks.as_ref().is_some_and(|c| c.off.contains(&rule))
    }
}

/// `[markup]` in `postdesk.toml`: each rule the preview follows, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct MarkupConfig {
    /// Curly quotes and dashes, by the kind's renderer's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typography: Option<bool>,
    /// Raw HTML kept (still sanitized) or left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_html: Option<bool>,
    /// Bare URLs and `www.` become links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bare_urls: Option<bool>,
    /// GitHub's extensions: tables, strikethrough, task lists, footnotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gfm: Option<bool>,
    /// `$…$` and `$$…$$` typeset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub math: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaSource {
    Builtin,
    Infer,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("postdesk.toml:{line}:{col}: {message}; see the README for the settings it takes")]
    Invalid {
        line: usize,
        col: usize,
        message: String,
    },
    #[error("postdesk.toml: `{key}` names `{value}`, which is not a folder inside the blog; give a path inside it, like `_posts` (no `..`, not absolute, not a link leading out)")]
    Outside { key: &'static str, value: String },
    #[error("postdesk.toml could not be read ({0}); it must be a regular file of at most 1 MiB")]
    Io(#[from] std::io::Error),
}

/// `postdesk.toml` larger than this is refused (it holds settings).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads `postdesk.toml` from the blog root; no file means no overrides.
/// Only a regular file of at most 1 MiB is read, and every folder it
/// names must be a plain folder inside the blog.
pub fn load(root: &Path) -> Result<Config, ConfigError> {
    let bytes = match crate::disk::paths::read_capped(&root.join(FILE), MAX_CONFIG_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(e.into()),
    };
    let text = String::from_utf8(bytes).map_err(|e| ConfigError::Invalid {
        line: 1,
        col: 1,
        message: format!(
            "the file is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let config = parse(&text)?;
    confine(root, &config)?;
    for code in config
        .languages
        .iter()
        .flatten()
        .chain(config.default_language.as_ref())
    {
        if !crate::blog::languages::valid_code(code) {
            return Err(ConfigError::Invalid {
                line: text
                    .lines()
                    .position(|l| l.contains(code.as_str()))
                    .map_or(1, |i| i + 1),
                col: 1,
                message: format!(
                    "{code:?} is not a language code: write it as letters, digits, - and _ (en, pt-BR, zh_Hant)"
                ),
            });
        }
    }
    Ok(config)
}

/// Every folder `postdesk.toml` names (`content`, `public`, `assets`) is
/// inside the blog: relative, no `..`, and where it exists, not a link
/// that leads out.
fn confine(root: &Path, config: &Config) -> Result<(), ConfigError> {
    let mut named: Vec<(&'static str, &str)> = Vec::new();
    for dir in config.content.iter().flatten() {
        named.push(("content", dir));
    }
    if let Some(public) = &config.public {
        named.push(("public", public));
    }
    if let Some(assets) = &config.assets {
        // Only the fixed part before the first `{…}` names a folder.
        named.push(("assets", assets.split('{').next().unwrap_or("")));
    }
    for (key, value) in named {
        let path = Path::new(value);
        let plain = !value.is_empty() || key == "assets";
        let lexical = path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        let outside = || ConfigError::Outside {
            key,
            value: value.to_owned(),
        };
        if !plain || !lexical {
            return Err(outside());
        }
        // The longest existing part must resolve inside the blog.
        let mut existing = root.join(path);
        while !existing.exists() {
            match existing.parent() {
                Some(p) => existing = p.to_path_buf(),
                None => break,
            }
        }
        let real = existing.canonicalize().map_err(ConfigError::Io)?;
        let real_root = root.canonicalize().map_err(ConfigError::Io)?;
        if !real.starts_with(&real_root) {
            return Err(outside());
        }
    }
    Ok(())
}

pub fn parse(text: &str) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((1, 1), |s| crate::text::line_col(text, s.start));
        ConfigError::Invalid {
            line,
            col,
            message: e.message().to_owned(),
        }
    })
}

/// `[cover]` in postdesk.toml.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields, default)]
pub struct CoverConfig {
    /// `jpeg` (default) or `webp`. Transparent sources are written as PNG
    /// when the format is JPEG.
    pub format: OutputFormat,
    pub quality: u8,
    pub max_width: u32,
    pub max_height: u32,
    pub og_width: u32,
    pub og_height: u32,
    pub thumb_width: u32,
    /// Images pasted or dropped into a post's body fit within this width.
    pub body_width: u32,
    /// Pictures for other image fields (`author.picture`) are squares of
    /// this side.
    pub picture_size: u32,
    /// The front-matter field for the cover (dotted path; `""` = none).
    pub field: Option<String>,
    /// The front-matter field for the og image (dotted path; `""` = none).
    pub og_field: Option<String>,
}

impl Default for CoverConfig {
    fn default() -> Self {
        CoverConfig {
            format: OutputFormat::Jpeg,
            quality: 82,
            max_width: 2000,
            max_height: 2000,
            og_width: 1200,
            og_height: 630,
            thumb_width: 400,
            body_width: 1600,
            picture_size: 256,
            field: None,
            og_field: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    Jpeg,
    Webp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::schema::FieldKind;

    #[test]
    fn a_full_config_parses() {
        let c = parse(
            "kind = \"jekyll\"\ncontent = [\"_posts\", \"_drafts\"]\npublic = \".\"\n\n[[fields]]\nname = \"title\"\ntype = \"string\"\nrequired = true\nmax_length = 70\n\n[[fields]]\nname = \"author\"\ntype = \"object\"\n[[fields.fields]]\nname = \"name\"\ntype = \"string\"\n",
        )
        .unwrap();
        assert_eq!(c.kind, Some(BlogKind::Jekyll));
        assert_eq!(c.fields[0].max_length, Some(70));
        assert_eq!(c.fields[1].fields[0].kind, FieldKind::String);
    }

    #[test]
    fn mistakes_name_the_line() {
        let err = parse("kind = \"blog-starter\"\n\n[[fields]]\nname = \"x\"\ntype = \"strng\"\n")
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("postdesk.toml:5:"), "{msg}");
        let err = parse("contnet = [\"a\"]\n").unwrap_err();
        assert_eq!(err.to_string(), "postdesk.toml:1:1: unknown field `contnet`, expected one of `kind`, `content`, `public`, `assets`, `schema`, `smart_punctuation`, `math`, `cover`, `fields`, `markup`, `site`, `checks`, `languages`, `default_language`, `translations`; see the README for the settings it takes");
    }

    #[test]
    fn a_language_code_that_could_name_a_path_is_refused_on_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"../ja\"]\n",
        )
        .unwrap();
        let msg = load(dir.path()).unwrap_err().to_string();
        assert!(
            msg.starts_with("postdesk.toml:2:1: \"../ja\" is not a language code"),
            "{msg}"
        );
    }

    #[test]
    fn folders_outside_the_blog_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("blog");
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
        let refused = |toml: &str| {
            std::fs::write(root.join(FILE), toml).unwrap();
            load(&root).unwrap_err().to_string()
        };
        for (toml, key, value) in [
            ("content = [\"../x\"]", "content", "../x"),
            ("content = [\"/etc\"]", "content", "/etc"),
            ("public = \"..\"", "public", ".."),
            ("assets = \"../x/{slug}\"", "assets", "../x/"),
            ("content = [\"linked\"]", "content", "linked"),
            ("content = [\"linked/deeper\"]", "content", "linked/deeper"),
        ] {
            assert_eq!(
                refused(toml),
                format!("postdesk.toml: `{key}` names `{value}`, which is not a folder inside the blog; give a path inside it, like `_posts` (no `..`, not absolute, not a link leading out)")
            );
        }
        std::fs::write(
            root.join(FILE),
            "content = [\"_posts\", \"_drafts\"]\npublic = \".\"\nassets = \"{post_dir}\"\n",
        )
        .unwrap();
        assert!(load(&root).is_ok());
    }

    #[test]
    fn a_config_that_is_not_a_regular_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join(FILE)).unwrap();
        assert_eq!(
            load(dir.path()).unwrap_err().to_string(),
            "postdesk.toml could not be read (not a regular file); it must be a regular file of at most 1 MiB"
        );
    }
}
