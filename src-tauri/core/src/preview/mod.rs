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

mod events;
mod highlight;
mod sanitize;

use pulldown_cmark::{html, Options, Parser};
use serde::Serialize;
use ts_rs::TS;

pub use highlight::{stylesheet as highlight_stylesheet, Highlighter};

use crate::front_matter;

/// Sanitized HTML of a post's body, cut into its top-level blocks so the
/// preview can replace only the blocks that changed.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub blocks: Vec<String>,
    /// Remote images left out because the writer has not allowed them.
    pub blocked_images: u32,
}

/// The URI scheme through which the preview loads the blog's own files.
pub const ASSET_SCHEME: &str = "postdesk-asset";

/// What a render needs to know beyond the markdown.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The post's path relative to the blog root (relative images resolve
    /// against its folder).
    pub post_path: String,
    /// Turn `/assets/…` and relative image paths into [`ASSET_SCHEME`] URLs.
    /// Off for `postdesk render`, which prints the site's own paths.
    pub asset_urls: bool,
    /// Load `http(s)` images (a setting; off by default).
    pub allow_remote_images: bool,
    /// Curly quotes and dashes, only when the blog's renderer does them.
    pub smart_punctuation: bool,
}

/// The markdown extensions of the blog's own renderer (remark + remark-gfm).
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Renders with default options and a throwaway highlighter (for the
/// command line and tests; the app keeps one [`Renderer`]).
pub fn render(text: &str) -> Preview {
    Renderer::default().render(text, &RenderOptions::default())
}

#[derive(Default)]
pub struct Renderer {
    highlighter: Highlighter,
}

impl Renderer {
    pub fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    /// Renders the body of `text` (the front-matter is never rendered). A post
    /// whose front-matter is not closed renders as if it had none, so the
    /// writer still sees their words while fixing it.
    pub fn render(&self, text: &str, options: &RenderOptions) -> Preview {
        let (body, first_line) = match front_matter::split(text) {
            Ok(split) => (&text[split.body.clone()], split.body_line),
            Err(_) => (text, 1),
        };
        let parser =
            Parser::new_ext(body, parser_options(options.smart_punctuation)).into_offset_iter();
        let mut out = events::Transform::new(body, first_line, options, &self.highlighter);
        let events = out.run(parser);
        let mut raw = String::with_capacity(body.len() * 3 / 2);
        html::push_html(&mut raw, events.into_iter());
        let (html, blocked_raw) = sanitize::clean(&raw, options);
        Preview {
            blocks: split_blocks(&html),
            blocked_images: out.blocked_images + blocked_raw,
        }
    }
}

impl Preview {
    /// The whole HTML.
    pub fn html(&self) -> String {
        self.blocks.concat()
    }
}

/// Elements that never have a closing tag.
const VOID: &[&str] = &[
    "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
];

/// Cuts well-formed HTML (the sanitizer's output) after each top-level
/// element; text between blocks stays with the block before it.
fn split_blocks(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    let mut cut_at_next_tag = false;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if cut_at_next_tag && depth == 0 && i > start {
            blocks.push(html[start..i].to_owned());
            start = i;
            cut_at_next_tag = false;
        }
        // The tag's end, skipping `>` inside quoted attribute values.
        let mut j = i + 1;
        let mut quote = None;
        while j < bytes.len() {
            match (bytes[j], quote) {
                (b'"' | b'\'', None) => quote = Some(bytes[j]),
                (q, Some(open)) if q == open => quote = None,
                (b'>', None) => break,
                _ => {}
            }
            j += 1;
        }
        let tag = &html[i + 1..j.min(html.len())];
        if let Some(_closing) = tag.strip_prefix('/') {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with('!') {
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
                depth += 1;
            }
        }
        i = j + 1;
        if depth == 0 {
            cut_at_next_tag = true;
        }
    }
    if start < html.len() {
        blocks.push(html[start..].to_owned());
    }
    blocks
}

#[cfg(test)]
mod tests;
