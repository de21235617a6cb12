//! How the blog's own renderer turns markdown into HTML, decided once from
//! the blog (its kind, its generator's config, `postdesk.toml`), for the
//! window and `postdesk render` alike. Each setting names what the
//! generator does; the Hugo and Jekyll ones are measured against the real
//! renderers (`tests/generators/render.sh`, the per-kind fidelity test).

use crate::blog::Blog;
use crate::kind::BlogKind;

/// Curly quotes and friends, as each renderer does them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typography {
    /// Straight quotes, `--` as written (remark + remark-gfm).
    Off,
    /// pulldown-cmark's smart punctuation: `postdesk.toml`'s
    /// `smart_punctuation = true` on a renderer without its own.
    Pulldown,
    /// goldmark's typographer (Hugo): curly quotes by goldmark's rules,
    /// `--` en dash, `---` em dash, `...` ellipsis, `<<` `>>` guillemets
    /// (`preview::typography`).
    Goldmark,
    /// kramdown's smart quotes and typographic symbols (Jekyll), by its
    /// `SQ_RULES` (`preview::typography`).
    Kramdown,
    /// retext-smartypants as Astro runs it (`markdown.smartypants`): curly
    /// quotes by their neighbours, `...` ellipsis, `--` an em dash, `---`
    /// as written (`preview::smartypants`).
    SmartyPants,
}

/// Where footnotes go and how they are marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footnotes {
    /// remark-gfm: a `section` with a "Footnotes" heading.
    Gfm,
    /// goldmark (Hugo): a `div.footnotes` opening with a rule, numbered
    /// ids (`fn:1`).
    Goldmark,
    /// kramdown (Jekyll): a `div.footnotes`, ids from the labels
    /// (`fn:later`).
    Kramdown,
    /// cmark-gfm (Jekyll's `markdown: CommonMark`): a `section.footnotes`
    /// without a heading, numbered ids (`fn1`, `fnref1`).
    Cmark,
}

pub use crate::blog::renderer::HeadingIds;

/// The renderer's rules for one blog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    /// The renderer's name, for the status bar ("goldmark").
    pub renderer: &'static str,
    pub typography: Typography,
    /// Raw HTML kept (always sanitized); when not, it is left out as the
    /// site leaves it out.
    pub raw_html: bool,
    /// Bare URLs and `www.` become links (GFM autolink literals).
    pub bare_urls: bool,
    /// The scheme a `www.` link gets (remark-gfm: http; Hugo's linkify:
    /// `linkifyProtocol`, https by default).
    pub www_scheme: &'static str,
    pub footnotes: Footnotes,
    /// Hugo's shortcodes (`{{< ref … >}}`, `{{% … %}}`) are expanded.
    pub shortcodes: bool,
    /// Jekyll's Liquid is rendered before the markdown.
    pub liquid: bool,
    /// `~one~` strikes through (remark-gfm); goldmark 0.111 and kramdown
    /// need `~~two~~` and leave single tildes as written.
    pub single_tilde: bool,
    /// A space after a task list's checkbox (remark-gfm, goldmark);
    /// kramdown writes none.
    pub task_marker_space: bool,
    pub heading_ids: HeadingIds,
    /// GitHub's extensions: tables, strikethrough, task lists, footnotes,
    /// autolink literals.
    pub gfm: bool,
    /// `$…$` and `$$…$$` typeset (by KaTeX in the window).
    pub math: bool,
    /// kramdown's block attribute lists (`{: .notice}`) are read, not
    /// shown.
    pub attribute_lists: bool,
    /// Headings get ids (kramdown's `auto_ids` may turn them off).
    pub auto_ids: bool,
    /// A line break inside a paragraph is a `<br>` (kramdown's `hard_wrap`).
    pub hard_wrap: bool,
    /// The heading levels kramdown's table of contents lists.
    pub toc_levels: (u8, u8),
    /// Which of the extensions are on (GitHub's only with `gfm`).
    pub extensions: Extensions,
    /// `## Title {#id .class}` (goldmark's title attributes, on in Hugo).
    pub heading_attributes: bool,
    /// The marks kramdown's smart quotes write: left and right single,
    /// left and right double.
    pub quotes: [char; 4],
    /// goldmark's block attributes (`{.class #id}` on the line after a
    /// block; Hugo's `parser.attribute.block`, off by default).
    pub block_attributes: bool,
}

/// kramdown's default `smart_quotes` (`lsquo,rsquo,ldquo,rdquo`).
pub const CURLY: [char; 4] = ['‘', '’', '“', '”'];

/// The markdown extensions a renderer has on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions {
    pub tables: bool,
    pub strikethrough: bool,
    pub task_lists: bool,
    pub footnotes: bool,
    /// `Term` then `: definition` (goldmark's and kramdown's; not GFM's).
    pub definition_lists: bool,
}

impl Extensions {
    /// GitHub's, without definition lists (remark-gfm, Astro).
    pub const GFM: Extensions = Extensions {
        tables: true,
        strikethrough: true,
        task_lists: true,
        footnotes: true,
        definition_lists: false,
    };
    /// goldmark as Hugo configures it, and kramdown: definition lists too.
    pub const WITH_DEFINITIONS: Extensions = Extensions {
        definition_lists: true,
        ..Extensions::GFM
    };
}

impl Default for Markup {
    /// The Next.js blog-starter's remark + remark-gfm.
    fn default() -> Markup {
        Markup::for_kind(BlogKind::BlogStarter)
    }
}

impl Markup {
    /// Each generator's defaults.
    pub fn for_kind(kind: BlogKind) -> Markup {
        match kind {
            BlogKind::BlogStarter => Markup {
                renderer: "remark-gfm",
                typography: Typography::Off,
                raw_html: true,
                bare_urls: true,
                www_scheme: "http",
                footnotes: Footnotes::Gfm,
                shortcodes: false,
                liquid: false,
                single_tilde: true,
                task_marker_space: true,
                heading_ids: HeadingIds::Github,
                gfm: true,
                math: false,
                attribute_lists: false,
                auto_ids: true,
                hard_wrap: false,
                toc_levels: (1, 6),
                extensions: Extensions::GFM,
                heading_attributes: false,
                quotes: CURLY,
                block_attributes: false,
            },
            // Hugo 0.111's goldmark defaults: typographer and linkify on,
            // `renderer.unsafe = false` (raw HTML omitted).
            BlogKind::Hugo => Markup {
                renderer: "goldmark",
                typography: Typography::Goldmark,
                raw_html: false,
                bare_urls: true,
                www_scheme: "https",
                footnotes: Footnotes::Goldmark,
                shortcodes: true,
                liquid: false,
                single_tilde: false,
                task_marker_space: true,
                heading_ids: HeadingIds::Goldmark,
                gfm: true,
                math: false,
                attribute_lists: false,
                auto_ids: true,
                hard_wrap: false,
                toc_levels: (1, 6),
                extensions: Extensions::WITH_DEFINITIONS,
                heading_attributes: true,
                quotes: CURLY,
                block_attributes: false,
            },
            // Jekyll 4.3: kramdown with GFM input, smart quotes and
            // typographic symbols; no autolinks for bare URLs.
            BlogKind::Jekyll => Markup {
                renderer: "kramdown",
                typography: Typography::Kramdown,
                raw_html: true,
                bare_urls: false,
                www_scheme: "http",
                footnotes: Footnotes::Kramdown,
                shortcodes: false,
                liquid: true,
                single_tilde: false,
                task_marker_space: false,
                heading_ids: HeadingIds::Github,
                gfm: true,
                math: false,
                attribute_lists: true,
                auto_ids: true,
                hard_wrap: false,
                toc_levels: (1, 6),
                extensions: Extensions::WITH_DEFINITIONS,
                heading_attributes: false,
                quotes: CURLY,
                block_attributes: false,
            },
            // Astro: `markdown.gfm` and `markdown.smartypants` on by default.
            BlogKind::Astro => Markup {
                renderer: "remark (Astro)",
                typography: Typography::SmartyPants,
                raw_html: true,
                bare_urls: true,
                www_scheme: "http",
                footnotes: Footnotes::Gfm,
                shortcodes: false,
                liquid: false,
                single_tilde: true,
                task_marker_space: true,
                heading_ids: HeadingIds::Github,
                gfm: true,
                math: false,
                attribute_lists: false,
                auto_ids: true,
                hard_wrap: false,
                toc_levels: (1, 6),
                extensions: Extensions::GFM,
                heading_attributes: false,
                quotes: CURLY,
                block_attributes: false,
            },
        }
    }

    /// Jekyll's `markdown: CommonMark` (jekyll-commonmark 1.4, cmark-gfm
    /// through commonmarker) with none of its `commonmark.options` or
    /// `extensions`: plain CommonMark, no heading ids, straight quotes,
    /// raw HTML omitted; Liquid still runs first, as Jekyll runs it.
    pub fn jekyll_commonmark() -> Markup {
        Markup {
            renderer: "CommonMark (jekyll-commonmark)",
            typography: Typography::Off,
            raw_html: false,
            bare_urls: false,
            footnotes: Footnotes::Cmark,
            gfm: true,
            attribute_lists: false,
            auto_ids: false,
            extensions: Extensions {
                tables: false,
                strikethrough: false,
                task_lists: false,
                footnotes: false,
                definition_lists: false,
            },
            heading_attributes: false,
            task_marker_space: true,
            single_tilde: true,
            ..Markup::for_kind(BlogKind::Jekyll)
        }
    }

    /// The blog's rules: its kind's defaults, what its generator's config
    /// changes, then `postdesk.toml` (`smart_punctuation`, `math`, and
    /// each rule of its `[markup]` table, which wins over everything).
    pub fn for_blog(blog: &Blog) -> Markup {
        let site = blog.site().renderer.clone();
        let mut m = if site.commonmark {
            Markup::jekyll_commonmark()
        } else {
            Markup::for_kind(blog.kind())
        };
        let on = m.typography;
        m.apply(&site, on);
        if blog.config().smart_punctuation && m.typography == Typography::Off {
            m.typography = Typography::Pulldown;
        }
        m.math |= blog.config().math;
        if let Some(o) = &blog.config().markup {
            m.apply(
                &crate::blog::renderer::RendererConfig {
                    typography: o.typography,
                    raw_html: o.raw_html,
                    bare_urls: o.bare_urls,
                    gfm: o.gfm,
                    math: o.math,
                    ..Default::default()
                },
                on,
            );
        }
        m
    }

    /// What a config says, over the rules so far.
    /// `base` is the renderer's own typography, what "on" means.
    fn apply(&mut self, config: &crate::blog::renderer::RendererConfig, base: Typography) {
        let m = self;
        if let Some(on) = config.typography {
            m.typography = match (on, base) {
                (false, _) => Typography::Off,
                (true, Typography::Off) => Typography::Pulldown,
                (true, t) => t,
            };
        }
        if let Some(raw) = config.raw_html {
            m.raw_html = raw;
        }
        if let Some(bare) = config.bare_urls {
            m.bare_urls = bare;
        }
        if let Some(gfm) = config.gfm {
            m.gfm = gfm;
            m.bare_urls &= gfm;
        }
        if let Some(math) = config.math {
            m.math = math;
        }
        if let Some(on) = config.auto_ids {
            m.auto_ids = on;
        }
        if let Some(on) = config.hard_wrap {
            m.hard_wrap = on;
        }
        if let Some(levels) = config.toc_levels {
            m.toc_levels = levels;
        }
        if let Some(on) = config.heading_attributes {
            m.heading_attributes = on;
        }
        if let Some(on) = config.block_attributes {
            m.block_attributes = on;
        }
        if let Some(quotes) = config.quotes {
            m.quotes = quotes;
        }
        if let Some(ids) = config.heading_ids {
            m.heading_ids = ids;
        }
        if let Some(name) = config.renderer {
            m.renderer = name;
        }
        for &(extension, on) in &config.extensions {
            use crate::blog::renderer::Extension;
            let e = &mut m.extensions;
            match extension {
                Extension::Table => e.tables = on,
                Extension::Strikethrough => e.strikethrough = on,
                Extension::TaskList => e.task_lists = on,
                Extension::Footnote => e.footnotes = on,
                Extension::DefinitionList => e.definition_lists = on,
            }
        }
    }

    /// Whether pulldown-cmark's smart punctuation does the typography:
    /// only for `postdesk.toml`'s `smart_punctuation` on a renderer without
    /// any. goldmark's, kramdown's and SmartyPants' rules are done by
    /// `preview::typography` and `preview::smartypants` (their dashes and
    /// quotes differ from pulldown-cmark's).
    pub fn pulldown_typography(&self, smart_punctuation: bool) -> bool {
        match self.typography {
            Typography::Pulldown => true,
            Typography::Off => smart_punctuation,
            _ => false,
        }
    }

    /// What the status bar says: "goldmark · typographer · raw HTML left out".
    pub fn describe(&self) -> String {
        let mut parts = vec![self.renderer.to_owned()];
        parts.push(
            match self.typography {
                Typography::Off => "straight quotes",
                // kramdown's `smart_quotes: apos,apos,quot,quot`.
                Typography::Kramdown if self.quotes == ['\'', '\'', '"', '"'] => {
                    "straight quotes, typographic dashes"
                }
                Typography::Pulldown | Typography::Goldmark | Typography::Kramdown => {
                    "curly quotes"
                }
                Typography::SmartyPants => "smartypants",
            }
            .to_owned(),
        );
        if !self.raw_html {
            parts.push("raw HTML left out".to_owned());
        }
        if !self.gfm {
            parts.push("no GFM".to_owned());
        }
        if self.math {
            parts.push("math".to_owned());
        }
        parts.join(" · ")
    }
}

/// The routes `ref`/`relref` (Hugo) and `post_url`/`link` (Jekyll) look
/// posts up in: (the post's path without `.md` — under the content folder
/// for Hugo, from the root for Jekyll —, the URL the generator gives it,
/// `PostSummary::url` from `blog::route`); none for other kinds.
pub fn routes<'s>(
    blog: &Blog,
    posts: impl IntoIterator<Item = &'s crate::post::PostSummary>,
) -> Vec<(String, String)> {
    let markup = Markup::for_kind(blog.kind());
    if !markup.liquid && !markup.shortcodes {
        return Vec::new();
    }
    let dirs = blog.content_dirs();
    posts
        .into_iter()
        .filter_map(|s| {
            let url = s.url.clone()?;
            let stem = s.path.strip_suffix(".md").unwrap_or(&s.path);
            let key = if markup.liquid {
                stem.to_owned()
            } else {
                dirs.iter().find_map(|d| {
                    stem.strip_prefix(d.trim_end_matches('/'))?
                        .strip_prefix('/')
                        .map(str::to_owned)
                })?
            };
            Some((key, url))
        })
        .collect()
}

/// The URL a `ref`/`relref` target names among `routes`: `x.md`, `x`,
/// `posts/x`, `/posts/x.md`, with or without `#anchor`.
pub fn find_route(routes: &[(String, String)], target: &str) -> Option<String> {
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let path = path.trim().trim_start_matches('/');
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = path.strip_suffix("/index").unwrap_or(path);
    if path.is_empty() && !anchor.is_empty() {
        return Some(format!("#{anchor}"));
    }
    // Hugo looks pages up without regard to case.
    let path = path.to_lowercase();
    let found = routes.iter().find(|(p, _)| {
        let p = p.to_lowercase();
        let p = p.strip_suffix("/index").unwrap_or(&p);
        p == path || p.ends_with(&format!("/{path}"))
    })?;
    Some(if anchor.is_empty() {
        found.1.clone()
    } else {
        format!("{}#{anchor}", found.1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_starts_from_its_renderer_s_defaults() {
        assert_eq!(Markup::default().typography, Typography::Off);
        let hugo = Markup::for_kind(BlogKind::Hugo);
        assert!(!hugo.raw_html && hugo.bare_urls);
        assert_eq!(
            hugo.describe(),
            "goldmark · curly quotes · raw HTML left out"
        );
        assert!(!Markup::for_kind(BlogKind::Jekyll).bare_urls);
        assert!(!Markup::for_kind(BlogKind::Astro).pulldown_typography(true));
        assert!(!Markup::for_kind(BlogKind::Hugo).pulldown_typography(false));
        assert!(Markup::default().pulldown_typography(true));
    }

    #[test]
    fn the_generator_s_config_changes_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "[markup.goldmark.renderer]\nunsafe = true\n[markup.goldmark.extensions]\ntypographer = false\nlinkify = false\n",
        )
        .unwrap();
        let blog = Blog::open(dir.path()).unwrap();
        let m = Markup::for_blog(&blog);
        assert!(m.raw_html && !m.bare_urls);
        assert_eq!(m.typography, Typography::Off);
        std::fs::write(
            dir.path().join("hugo.toml"),
            "[markup.goldmark.extensions.typographer]\ndisable = true\n",
        )
        .unwrap();
        let blog = Blog::open(dir.path()).unwrap();
        assert_eq!(Markup::for_blog(&blog).typography, Typography::Off);
    }

    #[test]
    fn node_blogs_config_and_postdesk_toml_change_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/content/blog")).unwrap();
        std::fs::write(root.join("astro.config.mjs"), "import remarkMath from 'remark-math';\nexport default defineConfig({ markdown: { smartypants: false, remarkPlugins: [remarkMath] } });\n").unwrap();
        let m = Markup::for_blog(&Blog::open(root).unwrap());
        assert_eq!(m.typography, Typography::Off);
        assert!(m.math && m.gfm);
        // postdesk.toml's [markup] wins, and "on" means the kind's own rules.
        std::fs::write(
            root.join("postdesk.toml"),
            "[markup]\ntypography = true\nmath = false\ngfm = false\n",
        )
        .unwrap();
        let m = Markup::for_blog(&Blog::open(root).unwrap());
        assert_eq!(m.typography, Typography::SmartyPants);
        assert!(!m.math && !m.gfm && !m.bare_urls);
        assert_eq!(m.describe(), "remark (Astro) · smartypants · no GFM");

        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(
            root.join("package.json"),
            r#"{"dependencies": {"next": "15", "remark": "15", "remark-html": "16"}}"#,
        )
        .unwrap();
        let m = Markup::for_blog(&Blog::open(root).unwrap());
        assert!(!m.gfm, "the starter's remark + remark-html has no GFM");
        std::fs::write(
            root.join("package.json"),
            r#"{"dependencies": {"remark": "15", "remark-gfm": "4", "remark-math": "6"}}"#,
        )
        .unwrap();
        let m = Markup::for_blog(&Blog::open(root).unwrap());
        assert!(m.gfm && m.math);
    }

    #[test]
    fn hugo_passthrough_and_kramdown_s_math_engine_mean_math() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "[markup.goldmark.extensions.passthrough]\nenable = true\n",
        )
        .unwrap();
        assert!(Markup::for_blog(&Blog::open(dir.path()).unwrap()).math);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::write(
            dir.path().join("_config.yml"),
            "kramdown:\n  math_engine: katex\n",
        )
        .unwrap();
        assert!(Markup::for_blog(&Blog::open(dir.path()).unwrap()).math);
    }

    /// Jekyll's `kramdown:` settings, in each form kramdown reads them.
    #[test]
    fn kramdown_s_ids_breaks_and_toc_levels_come_from_config_yml() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        let markup = |config: &str| {
            std::fs::write(dir.path().join("_config.yml"), config).unwrap();
            let m = Markup::for_blog(&Blog::open(dir.path()).unwrap());
            (m.auto_ids, m.hard_wrap, m.toc_levels)
        };
        assert_eq!(markup("title: x\n"), (true, false, (1, 6)));
        assert_eq!(
            markup("kramdown:\n  auto_ids: false\n  hard_wrap: true\n  toc_levels: 2..3\n"),
            (false, true, (2, 3))
        );
        assert_eq!(
            markup("kramdown:\n  toc_levels: [3, 2]\n"),
            (true, false, (2, 3))
        );
        assert_eq!(
            markup("kramdown:\n  toc_levels: \"1,2\"\n"),
            (true, false, (1, 2))
        );
        assert_eq!(
            markup("kramdown:\n  toc_levels: 9..12\n"),
            (true, false, (1, 6))
        );
    }

    /// A generator's extensions decide what is parsed: definition lists
    /// for goldmark and kramdown (not remark-gfm), no tables where Hugo's
    /// `extensions.table` is off, none of GitHub's without GFM (each as
    /// the real generator renders it: a `dl`, or the table's text as a
    /// paragraph).
    #[test]
    fn the_renderer_s_extensions_decide_what_is_parsed() {
        use crate::preview::{RenderOptions, Renderer};
        let text =
            "Apple\n: A fruit.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ [^1]\n\n[^1]: Note.\n";
        let render = |markup: Markup| {
            Renderer::default()
                .render(
                    text,
                    &RenderOptions {
                        markup,
                        ..RenderOptions::default()
                    },
                )
                .html()
        };
        let hugo = render(Markup::for_kind(BlogKind::Hugo));
        assert!(
            hugo.contains("<dl") && hugo.contains("<dd>A fruit.</dd>"),
            "{hugo}"
        );
        assert!(hugo.contains("<table") && hugo.contains("<del>"), "{hugo}");
        let jekyll = render(Markup::for_kind(BlogKind::Jekyll));
        assert!(jekyll.contains("<dt>Apple</dt>"), "{jekyll}");
        let remark = render(Markup::for_kind(BlogKind::BlogStarter));
        assert!(
            !remark.contains("<dl") && remark.contains("<table"),
            "{remark}"
        );
        let no_gfm = render(Markup {
            gfm: false,
            ..Markup::default()
        });
        assert!(
            !no_gfm.contains("<table") && !no_gfm.contains("<del>"),
            "{no_gfm}"
        );
        assert!(
            !no_gfm.contains("<sup"),
            "no footnotes without GFM: {no_gfm}"
        );

        // Hugo's config turns one off.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "[markup.goldmark.extensions]\ntable = false\ndefinitionList = false\n",
        )
        .unwrap();
        let m = Markup::for_blog(&Blog::open(dir.path()).unwrap());
        assert!(!m.extensions.tables && !m.extensions.definition_lists && m.extensions.footnotes);
        let html = render(m);
        assert!(!html.contains("<table") && !html.contains("<dl"), "{html}");
        // `## T {#id .c}`: Hugo's title attributes, on unless turned off.
        let heading = |m: Markup| {
            Renderer::default()
                .render(
                    "## Title {#own .c}\n",
                    &RenderOptions {
                        markup: m,
                        ..RenderOptions::default()
                    },
                )
                .html()
        };
        assert!(heading(Markup::for_kind(BlogKind::Hugo)).starts_with("<h2 id=\"own\" class=\"c\""));
        std::fs::write(
            dir.path().join("hugo.toml"),
            "[markup.goldmark.parser.attribute]\ntitle = false\n",
        )
        .unwrap();
        let off = heading(Markup::for_blog(&Blog::open(dir.path()).unwrap()));
        assert!(off.contains("Title {#own .c}</h2>"), "{off}");
    }
}
