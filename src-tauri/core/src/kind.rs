//! The kinds of blog Postdesk knows, named once: on the wire (camelCase)
//! and in `postdesk.toml` (kebab-case).

use serde::Serialize;
use ts_rs::TS;

use crate::date::DateReader;

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

/// How a kind's generator reads a post. Each rule names the generator
/// behaviour it follows; the checks use them so that an error means "the
/// site would break".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Hugo matches front-matter keys without regard to case (its page
    /// params are lower-cased: `Title:` is `title`).
    pub keys_ignore_case: bool,
    /// Jekyll takes a post's date from its file name
    /// (`_posts/YYYY-MM-DD-title.md`, "Creating Posts"); a `date:` in the
    /// front matter overrides it ("Front Matter: date … overrides the date
    /// from the name of the post"). Files in `_posts` without that date are
    /// not built as posts.
    pub date_in_file_name: bool,
    /// Other keys that give the date when `date` is missing: Hugo's default
    /// `[frontmatter] date = [":default"]` is date, publishDate, lastmod.
    pub date_fallbacks: &'static [&'static str],
    /// The generator derives a title when there is none (Jekyll titles a
    /// post from its file name's slug; Hugo builds a page with an empty
    /// title): a missing title is a warning, not an error.
    pub title_optional: bool,
    /// How the generator reads a date; one it cannot read breaks the build
    /// (Jekyll: "Invalid date", Hugo: "failed to parse date", Astro: the
    /// collection's `z.coerce.date()`) or the page (blog-starter's
    /// `DateFormatter`: "Invalid time value").
    pub dates: DateReader,
}

impl BlogKind {
    pub fn rules(self) -> Rules {
        match self {
            BlogKind::BlogStarter => Rules {
                keys_ignore_case: false,
                date_in_file_name: false,
                date_fallbacks: &[],
                title_optional: false,
                dates: DateReader::Iso,
            },
            BlogKind::Jekyll => Rules {
                keys_ignore_case: false,
                date_in_file_name: true,
                date_fallbacks: &[],
                title_optional: true,
                dates: DateReader::Ruby,
            },
            BlogKind::Hugo => Rules {
                keys_ignore_case: true,
                date_in_file_name: false,
                date_fallbacks: &["publishDate", "lastmod"],
                title_optional: true,
                dates: DateReader::Hugo,
            },
            BlogKind::Astro => Rules {
                keys_ignore_case: false,
                date_in_file_name: false,
                date_fallbacks: &[],
                title_optional: false,
                dates: DateReader::JavaScript,
            },
        }
    }
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
