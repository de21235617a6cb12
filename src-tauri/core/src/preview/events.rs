//! The event pass between parser and HTML writer: block tags carry their
//! source line (`data-line`), headings get their generator's ids
//! (`ids.rs`), code blocks are highlighted, bare URLs become links (GFM
//! autolink literals), and image paths point at the blog's files (or
//! remote ones are held back).

use std::collections::HashMap;
use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::ial::{attribute_lists, Ial, Syntax};
use super::markup::Typography;
use super::passes::{
    coalesce_text, escape_attr, footnotes_last, guillemets, html, omit_raw_html, tag_balance,
    Spanned,
};
use super::shortcode::{untoken, Expanded, OPEN};
use super::{Highlighter, RenderOptions};
use crate::url::{self, is_remote};

pub(super) struct Transform<'o> {
    /// The markdown the events come from (typography looks at it).
    source: &'o str,
    first_line: usize,
    line_starts: Vec<usize>,
    options: &'o RenderOptions,
    highlighter: &'o Highlighter,
    used_ids: super::ids::UsedIds,
    pub(super) blocked_images: u32,
    /// Where each top-level block starts in the output events.
    pub(super) boundaries: Vec<usize>,
    /// The source line each top-level block starts on.
    pub(super) lines: Vec<usize>,
    /// For each top-level block, raw HTML tags opened minus closed: a block
    /// that leaves tags open (`<details>` … markdown … `</details>`) is
    /// sanitized together with the blocks that close them.
    pub(super) balances: Vec<i32>,
    /// Indices in the output of HTML the post wrote (raw HTML, a
    /// shortcode's output): a block holding any goes through the
    /// sanitizer; the rest is written by this pass and is safe as it is.
    pub(super) raw: Vec<usize>,
    /// Hugo shortcodes found in the text, swapped in for their tokens.
    pub(super) shortcodes: Option<&'o Expanded>,
    /// kramdown's block attribute lists (`{: .notice #id}`), by the source
    /// offset of the block they apply to.
    ials: HashMap<usize, Ial>,
    /// kramdown's span attribute lists (`*word*{: .hl}`), by the source
    /// offset of the span.
    span_ials: HashMap<usize, Ial>,
    /// The headings so far and the table of contents to write, if any.
    toc_entries: Vec<super::toc::Entry>,
    toc: Option<super::toc::Toc>,
}

/// The URL through which the preview loads an image of the blog, when
/// the options ask for asset URLs.
/// A remote image (when allowed) goes through the app too, so the web
/// view itself loads nothing from the web.
pub(super) fn asset_url(options: &RenderOptions, dest: &str) -> Option<String> {
    if !options.asset_urls {
        None
    } else if is_remote(dest) {
        options
            .allow_remote_images
            .then(|| url::remote_image_url(dest))
            .flatten()
    } else {
        url::asset_url(&options.post_path, dest)
    }
}

impl<'o> Transform<'o> {
    pub(super) fn new(
        body: &'o str,
        first_line: usize,
        options: &'o RenderOptions,
        highlighter: &'o Highlighter,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        Transform {
            source: body,
            first_line,
            line_starts,
            options,
            highlighter,
            used_ids: Default::default(),
            blocked_images: 0,
            boundaries: Vec::new(),
            lines: Vec::new(),
            balances: Vec::new(),
            raw: Vec::new(),
            shortcodes: None,
            ials: HashMap::new(),
            span_ials: HashMap::new(),
            toc_entries: Vec::new(),
            toc: None,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.line_starts.partition_point(|s| *s <= offset) - 1
    }

    /// The attributes a kramdown attribute list gives the block starting
    /// at `offset`: ` class="…" id="…"`, or nothing.
    fn attrs_at(&self, offset: usize) -> String {
        self.ials.get(&offset).map(Ial::attrs).unwrap_or_default()
    }

    /// The language and text of the code block starting at `input[i]`, and
    /// the index of its end.
    fn code_block(&self, input: &Spanned<'_>, i: usize) -> (String, String, usize) {
        let lang = match &input[i].0 {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info
                .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                .next()
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        };
        let mut code = String::new();
        let mut j = i + 1;
        while j < input.len() {
            match &input[j].0 {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(t),
                _ => {}
            }
            j += 1;
        }
        // Hugo expands shortcodes in code too; shown as written.
        if let (Some(found), true) = (self.shortcodes, code.contains(OPEN)) {
            code = untoken(&code, found, false)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
        }
        (lang, code, j)
    }

    pub(super) fn run<'a>(
        &mut self,
        input: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut input = coalesce_text(input);
        let markup = &self.options.markup;
        let syntax = match (markup.attribute_lists, markup.block_attributes) {
            (true, _) => Some(Syntax::Kramdown),
            (false, true) => Some(Syntax::Goldmark),
            (false, false) => None,
        };
        if let Some(syntax) = syntax {
            let (with, ials, spans) = attribute_lists(self.source, input, syntax);
            input = with;
            self.ials = ials;
            self.span_ials = spans;
        }
        match self.options.markup.typography {
            Typography::Goldmark | Typography::Kramdown => {
                input = guillemets(input);
                let rules = if self.options.markup.typography == Typography::Goldmark {
                    super::typography::Rules::Goldmark
                } else {
                    super::typography::Rules::Kramdown(self.options.markup.quotes)
                };
                super::typography::apply(&mut input, self.source, rules);
            }
            Typography::SmartyPants => super::smartypants::apply(&mut input),
            Typography::Off | Typography::Pulldown => {}
        }
        if !self.options.markup.raw_html {
            input = omit_raw_html(input);
        }

        // Where the post's own HTML starts (before footnotes add HTML of
        // this pass's own).
        let raw_starts: std::collections::HashSet<usize> = input
            .iter()
            .filter(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
            .map(|(_, r)| r.start)
            .collect();
        let (input, section_start) = footnotes_last(input, self.options.markup.footnotes);
        // Every code block highlighted up front, on all cores.
        let code: Vec<(String, String)> = input
            .iter()
            .enumerate()
            .filter(|(_, (e, _))| matches!(e, Event::Start(Tag::CodeBlock(_))))
            .map(|(i, _)| {
                let (lang, code, _) = self.code_block(&input, i);
                (lang, code)
            })
            .collect();
        self.highlighter.warm(&code);
        let mut out: Vec<Event<'a>> = Vec::with_capacity(input.len() + input.len() / 4);
        let mut link_depth = 0usize;
        let mut depth = 0usize;
        let mut in_section = false;
        let mut i = 0;
        while i < input.len() {
            let (event, range) = &input[i];
            let line = self.line_of(range.start);
            let starts_section = Some(i) == section_start;
            if starts_section
                || (depth == 0 && !in_section && matches!(event, Event::Start(_) | Event::Rule))
            {
                self.boundaries.push(out.len());
                self.lines.push(line);
                self.balances.push(0);
                in_section |= starts_section;
            }
            if let (Event::Html(raw) | Event::InlineHtml(raw), Some(balance)) =
                (event, self.balances.last_mut())
            {
                *balance += tag_balance(raw);
            }
            if matches!(event, Event::Html(_) | Event::InlineHtml(_))
                && raw_starts.contains(&range.start)
            {
                self.raw.push(out.len());
            }
            match event {
                // A shortcode alone in its paragraph (a figure, an embed, a
                // blog's own) stands as a block of its own, as on the site.
                Event::Start(Tag::Paragraph)
                    if matches!(
                        (input.get(i + 1), input.get(i + 2), self.shortcodes),
                        (Some((Event::Text(t), _)), Some((Event::End(TagEnd::Paragraph), _)), Some(_))
                            if t.trim().starts_with(OPEN) && t.trim().ends_with(super::shortcode::CLOSE)
                                && t.trim().matches(OPEN).count() == 1
                    ) =>
                {
                    if let (Some((Event::Text(t), _)), Some(found)) =
                        (input.get(i + 1), self.shortcodes)
                    {
                        out.push(html(format!("<div data-line=\"{line}\">")));
                        for (is_html, piece) in untoken(t.trim(), found, true) {
                            if is_html {
                                self.raw.push(out.len());
                            }
                            out.push(if is_html {
                                html(piece)
                            } else {
                                Event::Text(CowStr::from(piece))
                            });
                        }
                        out.push(html("</div>\n".into()));
                    }
                    i += 3;
                    continue;
                }
                Event::Start(Tag::Paragraph) => {
                    let attrs = self.attrs_at(range.start);
                    out.push(html(format!("<p{attrs} data-line=\"{line}\">")))
                }
                Event::End(TagEnd::Paragraph) => out.push(html("</p>\n".into())),
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let mut text = String::new();
                    for (e, _) in input[i + 1..].iter() {
                        match e {
                            Event::End(TagEnd::Heading(_)) => break,
                            Event::Text(t) | Event::Code(t) => text.push_str(t),
                            _ => {}
                        }
                    }
                    // kramdown's attribute list, or goldmark's `{.class}`.
                    let ial = self.ials.get(&range.start).cloned().or_else(|| {
                        (!classes.is_empty()).then(|| Ial {
                            classes: classes.iter().map(|c| c.to_string()).collect(),
                            ..Ial::default()
                        })
                    });
                    let markup = &self.options.markup;
                    let id = match ial.as_ref().and_then(|i| i.id.clone()).or(id.as_ref().map(|i| i.to_string())) {
                        Some(id) => Some(id),
                        // kramdown's `auto_ids: false`: no id of its own.
                        None if !markup.auto_ids => None,
                        None => {
                            let raw = self.source.get(range.clone()).unwrap_or_default();
                            let base = super::ids::base_id(markup.heading_ids, raw, &text, markup.heading_attributes);
                            Some(self.used_ids.unique(base))
                        }
                    };
                    out.push(html(format!(
                        "<{level}{}{} data-line=\"{line}\">",
                        id.as_ref().map(|id| format!(" id=\"{}\"", escape_attr(id))).unwrap_or_default(),
                        ial.as_ref().map(Ial::class_attr).unwrap_or_default()
                    )));
                    // kramdown lists a heading with an id, of the levels
                    // `toc_levels` names, without the class `no_toc`.
                    let (low, high) = self.options.markup.toc_levels;
                    if let (true, Some(id)) = (self.options.markup.attribute_lists, id) {
                        self.toc_entries.push(super::toc::Entry {
                            level: *level as u8,
                            id,
                            // Its end is set at the heading's end.
                            inner: out.len()..usize::MAX,
                            listed: (low..=high).contains(&(*level as u8))
                                && !ial.is_some_and(|i| i.classes.iter().any(|c| c == "no_toc")),
                        });
                    }
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some(entry) = self.toc_entries.last_mut().filter(|e| e.inner.end == usize::MAX) {
                        entry.inner.end = out.len();
                    }
                    out.push(html(format!("</{level}>\n")))
                }
                // kramdown's `{:toc}`: the first list that names it is
                // the table of contents, written once the headings are known.
                Event::Start(Tag::List(first))
                    if self.toc.is_none() && self.ials.get(&range.start).is_some_and(|i| i.toc) =>
                {
                    let ial = self.ials.get(&range.start).cloned().unwrap_or_default();
                    let mut nested = 0usize;
                    let mut j = i;
                    while j < input.len() {
                        match &input[j].0 {
                            Event::Start(Tag::List(_)) => nested += 1,
                            Event::End(TagEnd::List(_)) => {
                                nested -= 1;
                                if nested == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    self.toc = Some(super::toc::Toc {
                        at: out.len(),
                        ordered: first.is_some(),
                        id: ial.id,
                        classes: ial.classes,
                        line,
                    });
                    out.push(html(String::new()));
                    i = j + 1;
                    continue;
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    let attrs = self.attrs_at(range.start);
                    out.push(html(format!("<blockquote{attrs} data-line=\"{line}\">\n")))
                }
                Event::End(TagEnd::BlockQuote(_)) => out.push(html("</blockquote>\n".into())),
                Event::Start(Tag::List(Some(1))) => {
                    out.push(html(format!("<ol data-line=\"{line}\">\n")))
                }
                Event::Start(Tag::List(Some(n))) => {
                    out.push(html(format!("<ol start=\"{n}\" data-line=\"{line}\">\n")))
                }
                Event::Start(Tag::List(None)) => {
                    let attrs = self.attrs_at(range.start);
                    out.push(html(format!("<ul{attrs} data-line=\"{line}\">\n")))
                }
                Event::End(TagEnd::List(true)) => out.push(html("</ol>\n".into())),
                Event::End(TagEnd::List(false)) => out.push(html("</ul>\n".into())),
                Event::Start(Tag::Item) => out.push(html(format!("<li data-line=\"{line}\">"))),
                Event::End(TagEnd::Item) => out.push(html("</li>\n".into())),
                Event::Rule => out.push(html(format!("<hr data-line=\"{line}\" />\n"))),
                Event::Start(Tag::Table(_)) => {
                    out.push(html(format!("<div class=\"table\" data-line=\"{line}\">")));
                    out.push(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    out.push(event.clone());
                    out.push(html("</div>\n".into()));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let (lang, code, j) = self.code_block(&input, i);
                    let inner = self.highlighter.highlight(&lang, &code);
                    let class = if lang.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"language-{}\"", escape_attr(&lang))
                    };
                    // Jekyll's `{% highlight %}` wraps its block in a figure.
                    let figure = matches!(kind, CodeBlockKind::Fenced(info)
                        if info.split_whitespace().any(|w| w == super::liquid::FIGURE));
                    out.push(html(if figure {
                        format!(
                            "<figure class=\"highlight\" data-line=\"{line}\"><pre><code{class}>{inner}</code></pre></figure>\n"
                        )
                    } else {
                        format!("<pre data-line=\"{line}\"><code{class}>{inner}</code></pre>\n")
                    }));
                    i = j + 1;
                    continue;
                }
                Event::Start(Tag::Link { .. }) => {
                    link_depth += 1;
                    out.push(event.clone());
                }
                Event::End(TagEnd::Link) => {
                    link_depth = link_depth.saturating_sub(1);
                    out.push(event.clone());
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    if is_remote(dest_url) && !self.options.allow_remote_images {
                        let mut alt = String::new();
                        let mut j = i + 1;
                        while j < input.len() {
                            match &input[j].0 {
                                Event::End(TagEnd::Image) => break,
                                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                                _ => {}
                            }
                            j += 1;
                        }
                        self.blocked_images += 1;
                        out.push(html(format!(
                            "<span class=\"blocked-image\" title=\"{}\">Remote image not loaded: {} (use “Load remote images” in the status bar)</span>",
                            escape_attr(dest_url),
                            escape_attr(if alt.is_empty() { dest_url } else { &alt })
                        )));
                        i = j + 1;
                        continue;
                    }
                    let dest = asset_url(self.options, dest_url)
                        .map_or_else(|| dest_url.clone(), CowStr::from);
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                // A span with an attribute list: its classes and id.
                Event::Start(Tag::Emphasis | Tag::Strong) | Event::Code(_)
                    if self.span_ials.contains_key(&range.start) =>
                {
                    let attrs = self.span_ials[&range.start].attrs();
                    out.push(html(match event {
                        Event::Start(Tag::Emphasis) => format!("<em{attrs}>"),
                        Event::Code(code) => {
                            let mut escaped = String::new();
                            let _ = pulldown_cmark_escape::escape_html(&mut escaped, code);
                            format!("<code{attrs}>{escaped}</code>")
                        }
                        _ => format!("<strong{attrs}>"),
                    }));
                    // Its end, written plain by the HTML writer, matches.
                }
                Event::Code(code) if code.contains(OPEN) => {
                    let shown: String = match self.shortcodes {
                        Some(found) => untoken(code, found, false)
                            .into_iter()
                            .map(|(_, t)| t)
                            .collect(),
                        None => code.to_string(),
                    };
                    out.push(Event::Code(CowStr::from(shown)));
                }
                Event::Text(text) => {
                    let pieces: Vec<(bool, CowStr)> = match self.shortcodes {
                        Some(found) if text.contains(OPEN) => untoken(text, found, true)
                            .into_iter()
                            .map(|(is_html, t)| (is_html, CowStr::from(t)))
                            .collect(),
                        _ => vec![(false, text.clone())],
                    };
                    for (is_html, text) in pieces {
                        // A block shortcode inside a paragraph (`{{% x %}}`
                        // right above its inner text) breaks the paragraph.
                        let block = ["<div", "<figure"].iter().any(|t| text.starts_with(t));
                        if is_html && block && link_depth == 0 {
                            out.push(html("</p>\n".into()));
                            self.raw.push(out.len());
                            out.push(Event::Html(text));
                            out.push(html("<p>".into()));
                            continue;
                        }
                        if is_html {
                            self.raw.push(out.len());
                            out.push(Event::Html(text));
                            continue;
                        }
                        if link_depth == 0 && self.options.markup.bare_urls {
                            autolink(&text, self.options.markup.www_scheme, &mut out)
                        } else {
                            out.push(Event::Text(text))
                        }
                    }
                }
                // kramdown's `hard_wrap`: each line break in a paragraph is one.
                Event::SoftBreak if self.options.markup.hard_wrap => out.push(Event::HardBreak),
                // `~one~` where the renderer needs two: as written.
                Event::Start(Tag::Subscript) | Event::End(TagEnd::Subscript) => {
                    out.push(Event::Text(CowStr::Borrowed("~")))
                }
                // kramdown's checkbox, with no space after it.
                Event::TaskListMarker(done) if !self.options.markup.task_marker_space => {
                    out.push(html(format!(
                        "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\"{} />",
                        if *done { " checked=\"checked\"" } else { "" }
                    )))
                }
                // The TeX source, escaped, for KaTeX in the window to render.
                Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                    let kind = if matches!(event, Event::InlineMath(_)) {
                        "math-inline"
                    } else {
                        "math-display"
                    };
                    let mut escaped = String::new();
                    let _ = pulldown_cmark_escape::escape_html(&mut escaped, tex);
                    out.push(html(format!(
                        "<span class=\"math {kind}\">{escaped}</span>"
                    )));
                }
                other => out.push(other.clone()),
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        if let Some(toc) = self.toc.take() {
            out[toc.at] = html(super::toc::write(&toc, &self.toc_entries, &out, &self.raw));
            // The headings' content may hold the post's own HTML and URLs:
            // the sanitizer reads it.
            let at = self.raw.partition_point(|&r| r < toc.at);
            self.raw.insert(at, toc.at);
        }
        out
    }
}

/// GFM autolink literals: `https://…`, `www.…` and e-mail addresses in text.
fn autolink<'a>(text: &CowStr<'a>, www: &str, out: &mut Vec<Event<'a>>) {
    // Most text holds no link: skip the finder for it.
    let maybe =
        text.contains("://") || text.contains('@') || text.to_ascii_lowercase().contains("www.");
    if !maybe {
        out.push(Event::Text(text.clone()));
        return;
    }
    let finder = {
        let mut f = LinkFinder::new();
        f.kinds(&[LinkKind::Url, LinkKind::Email])
            .url_must_have_scheme(false);
        f
    };
    let mut last = 0;
    let mut found = false;
    for link in finder.links(text) {
        let s = link.as_str();
        let href = match link.kind() {
            LinkKind::Email => format!("mailto:{s}"),
            _ => {
                let lower = s.to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    s.to_owned()
                } else if lower.starts_with("www.") {
                    format!("{www}://{s}")
                } else {
                    continue; // bare domains are not links in GFM
                }
            }
        };
        found = true;
        if link.start() > last {
            out.push(Event::Text(CowStr::from(
                text[last..link.start()].to_owned(),
            )));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(href),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        out.push(Event::Text(CowStr::from(s.to_owned())));
        out.push(Event::End(TagEnd::Link));
        last = link.end();
    }
    if !found {
        out.push(Event::Text(text.clone()));
    } else if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_owned())));
    }
}
