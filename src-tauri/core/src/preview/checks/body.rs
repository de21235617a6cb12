//! A post's body as the checks read it: its images, links and headings,
//! markdown and raw HTML alike, with where each is written. Read with the
//! markdown options the preview renders with (`markdown_options`), and
//! raw HTML's `<img>` and `<a>` by html5ever's tokenizer.

use std::cell::RefCell;
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::preview::RenderOptions;

/// An image or a link of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub dest: String,
    /// Where the destination is written, in the whole text.
    pub offset: usize,
    /// An image's alt text (`None`: an HTML `<img>` without `alt`).
    pub alt: Option<String>,
    /// Written as raw HTML (where `alt=""` marks an image as decoration).
    pub html: bool,
    /// Where the image or link starts (its `![`, `[` or `<`).
    pub start: usize,
}

/// The images, links and headings (level, offset) of a post's body.
#[derive(Debug, Default)]
pub struct Body {
    pub images: Vec<Reference>,
    pub links: Vec<Reference>,
    pub headings: Vec<(u8, usize)>,
}

/// Reads the images, links and headings of `text`'s body, markdown and
/// raw HTML alike.
pub fn read(text: &str, options: &RenderOptions) -> Body {
    let start = crate::front_matter::split(text).map_or(0, |s| s.body.start);
    let body = &text[start..];
    let mut out = Body::default();
    let mut image: Option<(String, usize, String)> = None;
    let mut image_start = 0;
    let mut html = String::new();
    let mut html_at: Option<usize> = None;
    for (event, range) in
        Parser::new_ext(body, crate::preview::markdown_options(options)).into_offset_iter()
    {
        if let Some((_, _, alt)) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    alt.push_str(t);
                    continue;
                }
                Event::End(TagEnd::Image) => {}
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let at = start + dest_at(body, &range, &dest_url);
                image = Some((dest_url.into_string(), at, String::new()));
                image_start = start + range.start;
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, offset, alt)) = image.take() {
                    out.images.push(Reference {
                        dest,
                        offset,
                        alt: Some(alt),
                        html: false,
                        start: image_start,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let offset = start + dest_at(body, &range, &dest_url);
                out.links.push(Reference {
                    dest: dest_url.into_string(),
                    offset,
                    alt: None,
                    html: false,
                    start: start + range.start,
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                out.headings.push((level as u8, start + range.start));
            }
            // A block of raw HTML comes a line at a time: read it whole.
            Event::Html(h) => {
                html_at.get_or_insert(range.start);
                html.push_str(&h);
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(at) = html_at.take() {
                    html_refs(body, start, at, &std::mem::take(&mut html), &mut out);
                }
            }
            Event::InlineHtml(h) => html_refs(body, start, range.start, &h, &mut out),
            _ => {}
        }
    }
    out
}

/// Where `dest` is written inside the link or image at `range` (its start
/// when it is not written there, as in a reference link).
fn dest_at(body: &str, range: &Range<usize>, dest: &str) -> usize {
    body.get(range.clone())
        .and_then(|s| s.rfind(dest))
        .map_or(range.start, |i| range.start + i)
}

/// The `<img>` and `<a>` tags of a piece of raw HTML, read by html5ever's
/// tokenizer (as a browser reads them).
fn html_refs(body: &str, start: usize, at: usize, html: &str, out: &mut Body) {
    /// A start tag: its name and attributes.
    type StartTag = (String, Vec<(String, String)>);
    struct Tags(RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                if tag.kind == TagKind::StartTag {
                    let attrs = tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    self.0.borrow_mut().push((tag.name.to_string(), attrs));
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Tags(RefCell::new(Vec::new())), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let source = body.get(at..).unwrap_or_default();
    let mut from = 0;
    for (name, attrs) in tokenizer.sink.0.take() {
        let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let (dest, alt) = match name.as_str() {
            "img" => (get("src"), get("alt")),
            "a" => (get("href"), None),
            _ => continue,
        };
        let Some(dest) = dest else { continue };
        // Where the value is written (after the previous one found).
        let offset = source[from..].find(dest.as_str()).map_or(at, |i| {
            from += i + dest.len();
            at + from - dest.len()
        });
        let reference = Reference {
            dest,
            offset: start + offset,
            alt,
            html: true,
            start: start + at,
        };
        if name == "img" {
            out.images.push(reference);
        } else {
            out.links.push(reference);
        }
    }
}
