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

use crate::blog::BlogKind;
use crate::cover::CoverConfig;
use crate::post::schema::Field;

pub const FILE: &str = "postdesk.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<KindName>,
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
#[serde(rename_all = "kebab-case")]
pub enum KindName {
    BlogStarter,
    Jekyll,
    Hugo,
    Astro,
}

impl From<KindName> for BlogKind {
    fn from(k: KindName) -> BlogKind {
        match k {
            KindName::BlogStarter => BlogKind::BlogStarter,
            KindName::Jekyll => BlogKind::Jekyll,
            KindName::Hugo => BlogKind::Hugo,
            KindName::Astro => BlogKind::Astro,
        }
    }
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
            .map_or((1, 1), |s| crate::post::line_col(text, s.start));
        ConfigError::Invalid {
            line,
            col,
            message: e.message().to_owned(),
        }
    })
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
        assert_eq!(c.kind, Some(KindName::Jekyll));
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
        assert!(err.to_string().contains("contnet"), "{err}");
    }
}
