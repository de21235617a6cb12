//! The kinds of blog Postdesk knows, named once: on the wire (camelCase)
//! and in `postdesk.toml` (kebab-case).

use serde::Serialize;
use ts_rs::TS;

use crate::date::{DateReader, DateStyle};

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

/// What Postdesk knows of a kind of blog, as data: where its files are,
/// how its posts are named, and how its generator reads a post. Each rule
/// names the generator (or template) behaviour it follows; the checks use
/// them so that an error means "the site would break".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How the kind is named to the writer.
    pub name: &'static str,
    /// Where posts live: Next.js blog-starter's `getAllPosts` and Jekyll
    /// read `_posts/`, Hugo `content/`, Astro's content collections
    /// `src/content/`.
    pub content_dir: &'static str,
    /// Where site paths (`/assets/…`) point: Next.js and Astro serve
    /// `public/`, Hugo `static/`, Jekyll copies the site root.
    pub public_dir: &'static str,
    /// The blog's images when its public folder is the whole site (Jekyll's
    /// convention: `assets/`); `None`: the public folder.
    pub images_dir: Option<&'static str>,
    /// A section folder a new post goes into when the blog has one (Hugo's
    /// `content/posts`, Astro's `src/content/blog`).
    pub sections: &'static [&'static str],
    /// Post files are named `YYYY-MM-DD-slug.md` (Jekyll's `_posts`).
    pub dated_file_names: bool,
    /// How a new post's date is written when the blog has none to copy:
    /// the starter's `2024-01-15T08:30:00.000Z`, Jekyll's
    /// `2024-01-15 08:30:00 +0000`, RFC 3339 elsewhere.
    pub new_date_style: DateStyle,
    /// New string values are double-quoted (the starter's posts are).
    pub quotes_new_values: bool,
    /// Where images go (`{slug}`, `{post_dir}`), and in a Hugo page bundle.
    pub assets: &'static str,
    pub bundle_assets: Option<&'static str>,
    /// The front-matter fields of the cover and the og image (the
    /// starter's `coverImage` and `ogImage.url`, Jekyll themes' `image`,
    /// Hugo PaperMod's `cover.image`, Astro's blog template's `heroImage`).
    pub cover_fields: (&'static str, &'static str),
    /// Hugo matches front-matter keys without regard to case (its page
    /// params are lower-cased: `Title:` is `title`).
    pub keys_ignore_case: bool,
    /// Jekyll takes a post's date from its file name
    /// (`_posts/YYYY-MM-DD-title.md`, "Creating Posts"); a `date:` in the
    /// front matter overrides it ("Front Matter: date … overrides the date
    /// from the name of the post"). Files in `_posts` without that date are
    /// not built as posts.
    pub date_in_file_name: bool,
    /// The generator reads values of the wrong type anyway: Hugo through
    /// spf13/cast (`draft = "no"` is false, a number title is text),
    /// Jekyll by handing them to Liquid as they are (`published: maybe` is
    /// truthy). A wrong type is then a warning, not an error; a missing
    /// date too (Hugo builds the page with the zero date).
    pub coerces_values: bool,
    /// List fields the generator also takes as one space-separated string
    /// (Jekyll's docs, "Front Matter": `categories` and `tags` "can be
    /// specified as a YAML list or a space-separated string").
    pub word_lists: &'static [&'static str],
    /// A date the generator cannot read breaks the build or the page
    /// (Jekyll: "Invalid date"; Astro's `z.coerce.date()`; blog-starter's
    /// `DateFormatter`: "Invalid time value"). Hugo 0.111 passes over it
    /// quietly (the next date source, or the zero date).
    pub unreadable_date_breaks: bool,
    /// The generator derives a title when there is none (Jekyll titles a
    /// post from its file name's slug; Hugo builds a page with an empty
    /// title): a missing title is a warning, not an error.
    pub title_optional: bool,
    /// How the generator reads a date.
    pub dates: DateReader,
    /// What reads the dates, named in messages.
    pub date_reader_name: &'static str,
}

/// Where a post's date may come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSource {
    /// A front-matter key (Hugo matches it without regard to case).
    Key(String),
    /// The `YYYY-MM-DD-` at the start of the file name (Hugo's
    /// `:filename`; Jekyll's posts always).
    FileName,
}

impl BlogKind {
    pub fn rules(self) -> Rules {
        match self {
            BlogKind::BlogStarter => Rules {
                name: "blog-starter",
                content_dir: "_posts",
                public_dir: "public",
                images_dir: None,
                sections: &[],
                dated_file_names: false,
                new_date_style: DateStyle::Timestamp { millis: true },
                quotes_new_values: true,
                assets: "public/assets/blog/{slug}",
                bundle_assets: None,
                cover_fields: ("coverImage", "ogImage.url"),
                keys_ignore_case: false,
                date_in_file_name: false,
                coerces_values: false,
                unreadable_date_breaks: true,
                word_lists: &[],
                title_optional: false,
                dates: DateReader::Iso,
                date_reader_name: "the blog's date formatter (date-fns parseISO)",
            },
            BlogKind::Jekyll => Rules {
                name: "Jekyll",
                content_dir: "_posts",
                public_dir: ".",
                images_dir: Some("assets"),
                sections: &[],
                dated_file_names: true,
                new_date_style: DateStyle::Jekyll,
                quotes_new_values: false,
                assets: "assets/images/{slug}",
                bundle_assets: None,
                cover_fields: ("image", ""),
                keys_ignore_case: false,
                date_in_file_name: true,
                coerces_values: true,
                unreadable_date_breaks: true,
                word_lists: &["tags", "categories"],
                title_optional: true,
                dates: DateReader::Ruby,
                date_reader_name: "Jekyll",
            },
            BlogKind::Hugo => Rules {
                name: "Hugo",
                content_dir: "content",
                public_dir: "static",
                images_dir: None,
                sections: &["posts", "blog", "post"],
                dated_file_names: false,
                new_date_style: DateStyle::Timestamp { millis: false },
                quotes_new_values: false,
                assets: "static/images/{slug}",
                bundle_assets: Some("{post_dir}"),
                cover_fields: ("cover.image", ""),
                keys_ignore_case: true,
                date_in_file_name: false,
                coerces_values: true,
                unreadable_date_breaks: false,
                word_lists: &[],
                title_optional: true,
                dates: DateReader::Hugo,
                date_reader_name: "Hugo",
            },
            BlogKind::Astro => Rules {
                name: "Astro",
                content_dir: "src/content",
                public_dir: "public",
                images_dir: None,
                sections: &["posts", "blog", "post"],
                dated_file_names: false,
                new_date_style: DateStyle::Timestamp { millis: false },
                quotes_new_values: false,
                assets: "public/assets/blog/{slug}",
                bundle_assets: None,
                cover_fields: ("heroImage", ""),
                keys_ignore_case: false,
                date_in_file_name: false,
                coerces_values: false,
                unreadable_date_breaks: true,
                word_lists: &[],
                title_optional: false,
                dates: DateReader::JavaScript,
                date_reader_name: "Astro (JavaScript's Date)",
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
