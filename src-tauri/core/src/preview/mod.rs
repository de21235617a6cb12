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

/// Sanitized HTML of a post's body.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub html: String,
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
            html,
            blocked_images: out.blocked_images + blocked_raw,
        }
    }
}

#[cfg(test)]
mod tests;
