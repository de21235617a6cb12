//! Passes over the parser's events with their source ranges, each a
//! whole-document step of the event pass (see `events.rs`).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::markup::Footnotes;

/// Events with their source ranges.
pub(super) type Spanned<'a> = Vec<(Event<'a>, Range<usize>)>;

pub(super) fn html(s: String) -> Event<'static> {
    Event::Html(CowStr::from(s))
}

pub(super) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// entities), so autolinks see whole words.
pub(super) fn coalesce_text<'a>(
    input: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in input {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// `<<like these>>` is guillemets to goldmark's typographer and kramdown,
/// but pulldown-cmark reads `<like these>` as an inline tag: put the text
/// back together as they do (`«like these»`).
pub(super) fn guillemets(input: Spanned<'_>) -> Spanned<'_> {
    let mut out: Spanned<'_> = Vec::with_capacity(input.len());
    let mut events = input.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        if let Event::InlineHtml(tag) = &event {
            let inner = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>'));
            let joined = match (inner, out.last(), events.peek()) {
                (
                    Some(inner),
                    Some((Event::Text(prev), prev_range)),
                    Some((Event::Text(next), next_range)),
                ) if prev.ends_with('<') && next.starts_with('>') => Some((
                    format!("{}«{inner}»{}", &prev[..prev.len() - 1], &next[1..]),
                    prev_range.start..next_range.end,
                )),
                _ => None,
            };
            if let Some((text, joined_range)) = joined {
                out.pop();
                events.next();
                out.push((Event::Text(CowStr::from(text)), joined_range));
                continue;
            }
        }
        out.push((event, range));
    }
    out
}

/// Raw HTML the site leaves out (Hugo without `markup.goldmark.renderer.
/// unsafe`): left out here too, as goldmark marks it — one comment per
/// HTML block, one per inline tag.
pub(super) fn omit_raw_html(input: Spanned<'_>) -> Spanned<'_> {
    let mut out: Spanned<'_> = Vec::with_capacity(input.len());
    for (event, range) in input {
        match event {
            Event::Html(_) => {
                if !matches!(out.last(), Some((Event::Html(_), _))) {
                    out.push((html("<!-- raw HTML omitted -->\n".into()), range));
                }
            }
            Event::InlineHtml(_) => out.push((html("<!-- raw HTML omitted -->".into()), range)),
            other => out.push((other, range)),
        }
    }
    out
}

/// Footnotes as the blog's renderer writes them: references numbered in
/// order of first use, definitions gathered at the end, each with a link
/// back — in remark-gfm's `section`, or goldmark's and kramdown's
/// `div.footnotes` (goldmark numbers the ids, kramdown names them by label),
/// or cmark-gfm's numbered `section` (jekyll-commonmark).
pub(super) fn footnotes_last<'a>(
    input: Spanned<'a>,
    style: Footnotes,
) -> (Spanned<'a>, Option<usize>) {
    if !input
        .iter()
        .any(|(e, _)| matches!(e, Event::FootnoteReference(_)))
    {
        return (input, None);
    }
    let mut body = Vec::with_capacity(input.len());
    let mut defs: Vec<(String, Spanned<'a>)> = Vec::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut current: Option<(String, Spanned<'a>)> = None;
    for (event, range) in input {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => defs.extend(current.take()),
            Event::FootnoteReference(label) if current.is_none() => {
                let next = numbers.len() + 1;
                let n = *numbers.entry(label.to_string()).or_insert(next);
                let id = escape_attr(&label);
                let mark = match style {
                    Footnotes::Gfm => format!(
                        "<sup><a href=\"#user-content-fn-{id}\" id=\"user-content-fnref-{id}\" class=\"footnote-ref\">{n}</a></sup>"
                    ),
                    Footnotes::Goldmark => format!(
                        "<sup id=\"fnref:{n}\"><a href=\"#fn:{n}\" class=\"footnote-ref\">{n}</a></sup>"
                    ),
                    Footnotes::Kramdown => format!(
                        "<sup id=\"fnref:{id}\"><a href=\"#fn:{id}\" class=\"footnote\">{n}</a></sup>"
                    ),
                    Footnotes::Cmark => format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn{n}\" id=\"fnref{n}\">{n}</a></sup>"
                    ),
                };
                body.push((html(mark), range));
            }
            other => match &mut current {
                Some((_, events)) => events.push((other, range)),
                None => body.push((other, range)),
            },
        }
    }
    // Only referenced definitions are shown, in order of first reference.
    defs.retain(|(label, _)| numbers.contains_key(label));
    defs.sort_by_key(|(label, _)| numbers[label]);
    if defs.is_empty() {
        return (body, None);
    }
    let end = body.last().map_or(0..0, |(_, r)| r.end..r.end);
    let section_start = body.len();
    let (open, close) = match style {
        Footnotes::Gfm => (
            "<section class=\"footnotes\"><h2 id=\"footnote-label\">Footnotes</h2>\n<ol>\n",
            "</ol>\n</section>\n",
        ),
        Footnotes::Goldmark => (
            "<div class=\"footnotes\">\n<hr />\n<ol>\n",
            "</ol>\n</div>\n",
        ),
        Footnotes::Kramdown => ("<div class=\"footnotes\">\n<ol>\n", "</ol>\n</div>\n"),
        Footnotes::Cmark => (
            "<section class=\"footnotes\">\n<ol>\n",
            "</ol>\n</section>\n",
        ),
    };
    body.push((html(open.into()), end.clone()));
    for (label, mut events) in defs {
        let id = escape_attr(&label);
        let n = numbers[&label];
        let (item, back) = match style {
            Footnotes::Gfm => (
                format!("<li id=\"user-content-fn-{id}\">"),
                format!(" <a href=\"#user-content-fnref-{id}\" class=\"footnote-back\">↩</a>"),
            ),
            Footnotes::Goldmark => (
                format!("<li id=\"fn:{n}\">"),
                format!(
                    "\u{a0}<a href=\"#fnref:{n}\" class=\"footnote-backref\">\u{21a9}\u{fe0e}</a>"
                ),
            ),
            Footnotes::Kramdown => (
                format!("<li id=\"fn:{id}\">"),
                format!("\u{a0}<a href=\"#fnref:{id}\" class=\"reversefootnote\">\u{21a9}</a>"),
            ),
            Footnotes::Cmark => (
                format!("<li id=\"fn{n}\">"),
                format!(" <a href=\"#fnref{n}\" class=\"footnote-backref\">\u{21a9}</a>"),
            ),
        };
        body.push((html(item), end.clone()));
        let back = (html(back), end.clone());
        match events
            .iter()
            .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(i) => events.insert(i, back),
            None => events.push(back),
        }
        body.extend(events);
        body.push((html("</li>\n".into()), end.clone()));
    }
    body.push((html(close.into()), end));
    (body, Some(section_start))
}

/// Raw HTML tags opened minus closed in `raw` (void and self-closing tags,
/// comments and doctypes count nothing).
pub(super) fn tag_balance(raw: &str) -> i32 {
    const VOID: &[&str] = &[
        "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
        "wbr",
    ];
    let mut balance = 0;
    let mut pieces = raw.split('<');
    pieces.next(); // the text before the first tag
    for piece in pieces {
        let Some(end) = piece.find('>') else { continue };
        let tag = &piece[..end];
        if let Some(closing) = tag.strip_prefix('/') {
            if closing
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            {
                balance -= 1;
            }
        } else if tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && !tag.ends_with('/')
        {
            let name = tag
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !VOID.contains(&name.as_str()) {
                balance += 1;
            }
        }
    }
    balance
}
