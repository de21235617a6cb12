//! Turns a post's markdown into the sanitized HTML the preview shows.
//!
//! One place builds the parser options ([`parser_options`]) and one function
//! renders ([`Renderer::render`]): the app, the command line and the tests
//! all go through it. The output is what the blog's own renderer (remark +
//! remark-gfm for blog-starter) would produce, plus what the preview needs:
//! GitHub-style heading ids, `data-line` on every block (scroll sync), code
//! highlighted with classes, and image paths that load from the blog's
//! files. Nothing a post contains may run: the HTML is cleaned with an
//! allow-list before it leaves this module.

pub mod checks;
mod events;
mod highlight;
mod ial;
mod ids;
mod liquid;
pub mod markup;
mod passes;
pub mod remote;
mod sanitize;
mod shortcode;
mod smartypants;
mod source;
mod toc;
mod typography;

use pulldown_cmark::{html, Options, Parser};
use serde::Serialize;
use ts_rs::TS;

pub use highlight::{stylesheet as highlight_stylesheet, Highlighter};
pub use source::Source;

use crate::front_matter;

/// Sanitized HTML of a post's body, cut into its top-level blocks so the
/// preview can replace only the blocks that changed.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub blocks: Vec<String>,
    /// The source line each block starts on. With
    /// [`RenderOptions::relative_lines`] the blocks' `data-line` values
    /// count from it, so a block that only moved is the same string.
    pub lines: Vec<u32>,
    /// Remote images left out because the writer has not allowed them.
    pub blocked_images: u32,
}

/// A render as a change to an earlier one the window shows: keep the first
/// `keep_start` and the last `keep_end` blocks of render `base`, and put
/// `blocks` between them. With no `base` (the first render of a post, or a
/// base no longer remembered) `blocks` is the whole preview. Typing in one
/// paragraph of a long post sends that paragraph back, not the post.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PreviewPatch {
    pub id: u32,
    pub base: Option<u32>,
    pub keep_start: u32,
    pub keep_end: u32,
    pub blocks: Vec<String>,
    /// The start line of every block of the render (not only the sent ones).
    pub lines: Vec<u32>,
    pub blocked_images: u32,
    /// The post's title as its front-matter says now (the preview's heading).
    pub title: String,
}

/// A remembered render: its id, the post, its blocks and its text (the
/// base of the next request's change).
struct Recent {
    id: u32,
    path: String,
    blocks: std::sync::Arc<Vec<String>>,
    text: std::sync::Arc<str>,
}

/// A change named a render that is no longer remembered (or does not fit
/// its text): the window sends the whole text instead.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("render {base} of {path} is no longer remembered; send the whole text")]
pub struct StaleBase {
    pub base: u32,
    pub path: String,
}

/// How many recent renders are remembered as bases for patches.
const RECENT: usize = 8;

pub use crate::url::ASSET_SCHEME;

/// What a render needs to know beyond the markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The post's path relative to the blog root (relative images resolve
    /// against its folder).
    pub post_path: String,
    /// Turn `/assets/…` and relative image paths into [`ASSET_SCHEME`] URLs,
    /// and web links into the app's own (`url::LINK_PATH`), as the window
    /// needs them. Off for `postdesk render`, which prints the site's own.
    pub asset_urls: bool,
    /// Load `http(s)` images (a setting; off by default).
    pub allow_remote_images: bool,
    /// Curly quotes and dashes, only when the blog's renderer does them
    /// (`postdesk.toml`'s `smart_punctuation`; `markup` may also turn
    /// them on).
    pub smart_punctuation: bool,
    /// The blog's renderer's rules (`Markup::for_blog`).
    pub markup: markup::Markup,
    /// Where the generator puts each post, for Hugo's `ref`/`relref` and
    /// Jekyll's `post_url`/`link` (`markup::routes`).
    pub routes: std::sync::Arc<Vec<(String, String)>>,
    /// The generator's config (`site.*` in Jekyll's Liquid).
    pub site_config: std::sync::Arc<serde_json::Value>,
    /// The blog's own Hugo shortcodes (`blog::site::Site::shortcodes`),
    /// for [`problems`]; `None`: not known, none is called undefined.
    pub known_shortcodes: Option<std::sync::Arc<Vec<String>>>,
    /// Jekyll's `_includes/` files the post names that are plain markdown
    /// or HTML (no Liquid of their own), by name: inlined as Jekyll does.
    pub includes: std::sync::Arc<Vec<(String, String)>>,
    /// `$…$` and `$$…$$` become math (rendered with KaTeX by the window),
    /// when postdesk.toml says `math = true`.
    pub math: bool,
    /// `data-line` counts from the block's first line (in [`Preview::lines`])
    /// instead of from the top of the post: pressing Enter then changes no
    /// block after it, so the patch stays one block and the sanitized
    /// blocks stay cached. The window adds the two back up.
    pub relative_lines: bool,
}

impl RenderOptions {
    /// A post of `blog` rendered by the blog's rules (`Markup::for_blog`,
    /// `postdesk.toml`, its generator's config and shortcodes); `posts`
    /// give the routes `ref` and `post_url` resolve to — only looked at
    /// when `text` has a shortcode or Liquid at all.
    pub fn for_blog<'s>(
        blog: &crate::blog::Blog,
        post_path: String,
        text: &str,
        posts: impl FnOnce() -> Vec<&'s crate::post::PostSummary>,
    ) -> RenderOptions {
        let markup = markup::Markup::for_blog(blog);
        let links =
            (markup.shortcodes && text.contains("{{")) || (markup.liquid && text.contains("{%"));
        let routes = if links {
            markup::routes(blog, posts())
        } else {
            Vec::new()
        };
        let includes = if markup.liquid && text.contains("include") {
            plain_includes(blog, text)
        } else {
            Vec::new()
        };
        RenderOptions {
            post_path,
            includes: std::sync::Arc::new(includes),
            smart_punctuation: blog.config().smart_punctuation,
            math: blog.config().math,
            markup,
            routes: std::sync::Arc::new(routes),
            site_config: blog.site().config.clone(),
            known_shortcodes: blog.site().shortcodes.clone(),
            ..RenderOptions::default()
        }
    }
}

/// The `_includes/` files `text` names (`{% include NAME … %}`) that hold
/// no Liquid of their own, read from inside the blog only (no `..`, no
/// link leading out, a regular file of at most 256 KiB).
fn plain_includes(blog: &crate::blog::Blog, text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Ok(root) = blog.root().canonicalize() else {
        return found;
    };
    for name in liquid::included(text) {
        if found.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let Ok(file) = crate::disk::paths::confine(&root, &format!("_includes/{name}")) else {
            continue;
        };
        let Ok(bytes) = crate::disk::paths::read_capped(&file, 256 * 1024) else {
            continue;
        };
        let content = String::from_utf8_lossy(&bytes).into_owned();
        if !content.contains("{%") && !content.contains("{{") {
            found.push((name, content));
        }
    }
    found
}

/// The markdown extensions of the blog's own renderer (remark + remark-gfm).
pub fn parser_options(smart_punctuation: bool, math: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if math {
        o |= Options::ENABLE_MATH;
    }
    o
}

/// The markdown options a post is read with by `options`' rules (the
/// preview and the body checks alike).
pub(crate) fn markdown_options(options: &RenderOptions) -> Options {
    let mut parse = parser_options(
        options
            .markup
            .pulldown_typography(options.smart_punctuation),
        options.math,
    );
    // GitHub's extensions only where the renderer has them (remark
    // without remark-gfm, Astro's `markdown.gfm: false`, Hugo's
    // `extensions.table = false`…); definition lists where it has them.
    let markup = &options.markup;
    let e = markup.extensions;
    for (on, flag) in [
        (markup.gfm && e.tables, Options::ENABLE_TABLES),
        (markup.gfm && e.strikethrough, Options::ENABLE_STRIKETHROUGH),
        (markup.gfm && e.task_lists, Options::ENABLE_TASKLISTS),
        (markup.gfm && e.footnotes, Options::ENABLE_FOOTNOTES),
        (markup.gfm, Options::ENABLE_GFM),
        (e.definition_lists, Options::ENABLE_DEFINITION_LIST),
        (
            markup.heading_attributes,
            Options::ENABLE_HEADING_ATTRIBUTES,
        ),
    ] {
        parse.set(flag, on);
    }
    // Single tildes read as "subscript", so that only `~~` strikes
    // through; the event pass writes them back as tildes.
    if !markup.single_tilde && markup.gfm && e.strikethrough {
        parse |= Options::ENABLE_SUBSCRIPT;
    }
    parse
}

/// How many blocks two renders share at the start and at the end (never
/// overlapping in either).
fn common_ends(old: &[String], new: &[String]) -> (usize, usize) {
    let max = old.len().min(new.len());
    let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let end = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max - start)
        .take_while(|(a, b)| a == b)
        .count();
    (start, end)
}

/// Renders with default options and a throwaway highlighter (for the
/// command line and tests; the app keeps one [`Renderer`]).
pub fn render(text: &str) -> Preview {
    Renderer::default().render(text, &RenderOptions::default())
}

/// One per app (or command-line run): keeps the highlighted-code and
/// sanitized-block caches across renders. Shared across threads.
#[derive(Default)]
pub struct Renderer {
    highlighter: Highlighter,
    sanitized: std::sync::Mutex<std::collections::HashMap<String, (String, u32)>>,
    recent: std::sync::Mutex<std::collections::VecDeque<Recent>>,
    next_id: std::sync::atomic::AtomicU32,
}

impl Renderer {
    /// Loads what highlighting needs (about 15 ms of syntax definitions)
    /// before the first render asks for it.
    pub fn preload(&self) {
        self.highlighter.preload();
    }

    /// A renderer that leaves code uncoloured: for reading what a post
    /// holds (its headings' ids) without loading the syntaxes.
    pub fn plain() -> Renderer {
        Renderer {
            highlighter: Highlighter::plain(),
            ..Renderer::default()
        }
    }
}

impl Renderer {
    /// The text `source` names: the whole text, or a change applied to a
    /// remembered render's text of the same post.
    pub fn resolve(&self, source: Source, post_path: &str) -> Result<String, StaleBase> {
        match source {
            Source::Whole { text } => Ok(text),
            Source::Edit {
                base,
                keep_start,
                keep_end,
                insert,
            } => {
                let old = self
                    .recent
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .iter()
                    .find(|r| r.id == base && r.path == post_path)
                    .map(|r| r.text.clone());
                old.and_then(|old| {
                    source::apply(&old, keep_start as usize, keep_end as usize, &insert)
                })
                .ok_or_else(|| StaleBase {
                    base,
                    path: post_path.to_string(),
                })
            }
        }
    }

    /// Renders like [`Renderer::render`] and returns the result as a patch
    /// on render `have` (the one the window shows) when it is remembered.
    pub fn render_patch(
        &self,
        text: &str,
        options: &RenderOptions,
        have: Option<u32>,
    ) -> PreviewPatch {
        let full = self.render(text, options);
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        let base = have.and_then(|h| {
            recent
                .iter()
                .find(|r| r.id == h && r.path == options.post_path)
                .map(|r| r.blocks.clone())
        });
        let (keep_start, keep_end, blocks) = match &base {
            Some(old) => {
                let (start, end) = common_ends(old, &full.blocks);
                (
                    start,
                    end,
                    full.blocks[start..full.blocks.len() - end].to_vec(),
                )
            }
            None => (0, 0, full.blocks.clone()),
        };
        recent.push_back(Recent {
            id,
            path: options.post_path.clone(),
            blocks: std::sync::Arc::new(full.blocks),
            text: text.into(),
        });
        while recent.len() > RECENT {
            recent.pop_front();
        }
        PreviewPatch {
            id,
            base: base.and(have),
            keep_start: keep_start as u32,
            keep_end: keep_end as u32,
            blocks,
            lines: full.lines,
            blocked_images: full.blocked_images,
            title: crate::post::summarize(&options.post_path, text).title,
        }
    }

    /// Drops the sanitized-block cache (the highlight cache stays).
    pub fn forget_blocks(&self) {
        self.sanitized
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// Renders the body of `text` (the front-matter is never rendered). A post
    /// whose front-matter is not closed renders as if it had none, so the
    /// writer still sees their words while fixing it.
    pub fn render(&self, text: &str, options: &RenderOptions) -> Preview {
        let (body, first_line) = match front_matter::split(text) {
            Ok(split) => (&text[split.body.clone()], split.body_line),
            Err(_) => (text, 1),
        };
        // Hugo's shortcodes, expanded before the markdown is read, as Hugo
        // does (the text keeps its lines).
        let expanded = shortcodes(text, body, options);
        let (body, shortcodes) = match &expanded {
            Some((text, found)) => (text.as_str(), Some(found)),
            None => (body, None),
        };
        // Jekyll renders a post's Liquid before its markdown.
        let liquid = options
            .markup
            .liquid
            .then(|| {
                let page = front_matter::locate(text)
                    .map(|l| l.value)
                    .unwrap_or_default();
                liquid::render(
                    body,
                    &liquid::Site {
                        config: &options.site_config,
                        page: &page,
                        routes: &options.routes,
                        includes: &options.includes,
                    },
                )
            })
            .flatten();
        let body = liquid.as_deref().unwrap_or(body);
        let parser = Parser::new_ext(body, markdown_options(options)).into_offset_iter();
        let mut pass = events::Transform::new(body, first_line, options, &self.highlighter);
        pass.shortcodes = shortcodes;
        let events = pass.run(parser);
        let mut blocked = pass.blocked_images;
        let mut blocks = Vec::with_capacity(pass.boundaries.len());
        let key_prefix = format!(
            "{}|{}|{}|{}|{}\u{0}",
            options.asset_urls,
            options.allow_remote_images,
            options.math,
            options.relative_lines,
            options.post_path
        );
        // Each top-level block (or group of blocks whose raw HTML must stay
        // together) is rendered and sanitized on its own, and the sanitized
        // result is cached: typing re-sanitizes only the block that changed.
        let mut bounds = std::mem::take(&mut pass.boundaries);
        let mut balances = std::mem::take(&mut pass.balances);
        let mut starts = std::mem::take(&mut pass.lines);
        let raw_at = std::mem::take(&mut pass.raw);
        if bounds.first() != Some(&0) {
            bounds.insert(0, 0);
            balances.insert(0, 0);
            starts.insert(0, first_line);
        }
        let mut lines = Vec::with_capacity(starts.len());
        bounds.push(events.len());
        let sanitizer = std::cell::OnceCell::new();
        let mut start = 0;
        let mut open = 0;
        for k in 0..bounds.len() - 1 {
            open += balances.get(k).copied().unwrap_or(0);
            let end = bounds[k + 1];
            if open > 0 && end < events.len() {
                continue;
            }
            open = 0;
            let group_start = bounds[start];
            let group = &events[group_start..end];
            let line = starts[start];
            start = k + 1;
            if group.is_empty() {
                continue;
            }
            let has_raw = {
                let first = raw_at.partition_point(|&i| i < group_start);
                raw_at.get(first).is_some_and(|&i| i < end)
            };
            let written = (!has_raw)
                .then(|| sanitize::written(group, options))
                .flatten();
            let (clean, n) = match written {
                Some(mut html) => {
                    if options.relative_lines {
                        html = lines_from(&html, line);
                    }
                    (html, 0)
                }
                None => {
                    let mut raw = String::new();
                    html::push_html(&mut raw, group.iter().cloned());
                    if options.relative_lines {
                        raw = lines_from(&raw, line);
                    }
                    self.sanitized(&key_prefix, raw, || {
                        sanitizer.get_or_init(|| sanitize::sanitizer(options))
                    })
                }
            };
            blocked += n;
            if !clean.is_empty() {
                blocks.push(clean);
                lines.push(u32::try_from(line).unwrap_or(u32::MAX));
            }
        }
        Preview {
            blocks,
            lines,
            blocked_images: blocked,
        }
    }

    fn sanitized<'s>(
        &self,
        key_prefix: &str,
        raw: String,
        sanitizer: impl FnOnce() -> &'s sanitize::Sanitizer,
    ) -> (String, u32) {
        let key = format!("{key_prefix}{raw}");
        if let Some(hit) = self
            .sanitized
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return hit.clone();
        }
        let result = sanitizer().clean(&raw);
        let mut cache = self.sanitized.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_SANITIZED {
            cache.clear();
        }
        cache.insert(key, result.clone());
        result
    }
}

/// Hugo's shortcodes in `body` (of `text`) expanded, when the blog's
/// renderer has them.
fn shortcodes(
    text: &str,
    body: &str,
    options: &RenderOptions,
) -> Option<(String, shortcode::Expanded)> {
    options
        .markup
        .shortcodes
        .then(|| {
            let refs = |target: &str| markup::find_route(&options.routes, target);
            let values = std::cell::OnceCell::new();
            let param = |key: &str| {
                let values = values.get_or_init(|| {
                    front_matter::locate(text)
                        .map(|l| l.value)
                        .unwrap_or_default()
                });
                values
                    .as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .and_then(|(_, v)| match v {
                        serde_json::Value::String(s) => Some(s.clone()),
                        serde_json::Value::Null => None,
                        other => Some(other.to_string()),
                    })
            };
            shortcode::expand(
                body,
                &shortcode::Site {
                    refs: &refs,
                    param: &param,
                    known: options.known_shortcodes.as_deref().map(Vec::as_slice),
                },
            )
        })
        .flatten()
}

/// What in a post's body would stop its generator's build, found by the
/// same expansion the preview runs: a Hugo shortcode with no template, a
/// `ref`/`relref` to no page; Jekyll Liquid that does not parse, a
/// `post_url`/`link` to no post (a tag only a plugin knows is a warning).
/// With the blog `around` it, the body's links, images and headings too
/// (`checks`).
pub fn problems(
    text: &str,
    options: &RenderOptions,
    around: Option<&checks::Around>,
) -> Vec<crate::issue::Issue> {
    use crate::issue::{Issue, Severity};
    let (body, start) = match front_matter::split(text) {
        Ok(split) => (&text[split.body.clone()], split.body.start),
        Err(_) => (text, 0),
    };
    let at = |offset: usize| crate::text::line_col(text, start + offset);
    let mut out = Vec::new();
    if let Some((_, found)) = shortcodes(text, body, options) {
        for (offset, code, message) in found.problems {
            out.push(Issue::new(Severity::Error, code, None, at(offset), message));
        }
    }
    if options.markup.liquid {
        let page = front_matter::locate(text)
            .map(|l| l.value)
            .unwrap_or_default();
        let site = liquid::Site {
            config: &options.site_config,
            page: &page,
            routes: &options.routes,
            includes: &options.includes,
        };
        for (offset, severity, code, message) in liquid::problems(body, &site) {
            out.push(Issue::new(severity, code, None, at(offset), message));
        }
    }
    if let Some(around) = around {
        out.extend(checks::check(text, options, around));
    }
    out.sort_by_key(|i| (i.line, i.col));
    out
}

/// `html` with every `data-line="N"` written as `N - base` (a value that
/// is not a number, or would go below zero, is left as it is).
fn lines_from(html: &str, base: usize) -> String {
    const ATTR: &str = "data-line=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), ATTR.as_bytes()) {
        let (head, tail) = rest.split_at(at + ATTR.len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<usize>() {
            Ok(n) if n >= base && tail[digits..].starts_with('"') => {
                out.push_str(&(n - base).to_string());
                rest = &tail[digits..];
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// Beyond this many cached blocks the cache starts over.
const MAX_SANITIZED: usize = 8192;

impl Preview {
    /// The whole HTML.
    pub fn html(&self) -> String {
        self.blocks.concat()
    }
}

#[cfg(test)]
mod tests;
