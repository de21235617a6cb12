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
    #[error("postdesk.toml could not be read ({0})")]
    Io(#[from] std::io::Error),
}

/// Reads `postdesk.toml` from the blog root; no file means no overrides.
pub fn load(root: &Path) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(root.join(FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(e.into()),
    };
    parse(&text)
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
        assert_eq!(err.to_string(), "postdesk.toml:1:1: unknown field `contnet`, expected one of `kind`, `content`, `public`, `assets`, `schema`, `smart_punctuation`, `math`, `cover`, `fields`; see the README for the settings it takes");
    }
}
