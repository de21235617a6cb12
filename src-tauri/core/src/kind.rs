//! The kinds of blog Postdesk knows, named once: on the wire (camelCase)
//! and in `postdesk.toml` (kebab-case).

use serde::Serialize;
use ts_rs::TS;

/// The static-site generators whose layout Postdesk knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BlogKind {
    /// Next.js blog-starter: `_posts/*.md`, site files in `public/`.
    BlogStarter,
    /// Jekyll: `_posts/YYYY-MM-DD-slug.md`, site root is the blog root.
    Jekyll,
    /// Hugo: `content/**/*.md`, site files in `static/`.
    Hugo,
    /// Astro: `src/content/**/*.md|mdx`, site files in `public/`.
    Astro,
}

/// `postdesk.toml`'s spelling of a kind (`kind = "blog-starter"`).
pub mod in_config {
    use super::BlogKind;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Name {
        BlogStarter,
        Jekyll,
        Hugo,
        Astro,
    }

    pub fn serialize<S: Serializer>(kind: &Option<BlogKind>, s: S) -> Result<S::Ok, S::Error> {
        kind.map(|k| match k {
            BlogKind::BlogStarter => Name::BlogStarter,
            BlogKind::Jekyll => Name::Jekyll,
            BlogKind::Hugo => Name::Hugo,
            BlogKind::Astro => Name::Astro,
        })
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BlogKind>, D::Error> {
        Ok(Option::<Name>::deserialize(d)?.map(|n| match n {
            Name::BlogStarter => BlogKind::BlogStarter,
            Name::Jekyll => BlogKind::Jekyll,
            Name::Hugo => BlogKind::Hugo,
            Name::Astro => BlogKind::Astro,
        }))
    }
}
