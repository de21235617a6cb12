//! kramdown's table of contents: a list whose attribute list names `toc`
//! (`* Contents` then `{:toc}`) is replaced by a list of the post's
//! headings, nested by level, as kramdown's HTML converter writes it
//! (`generate_toc_tree`: the list's own type and attributes, `id`
//! `markdown-toc` unless it sets one, each entry `<a href="#ID"
//! id="markdown-toc-ID">` with the heading's content, links unwrapped and
//! footnote marks left out). Only the first such list is replaced; a
//! heading with the class `no_toc` is left out.

use pulldown_cmark::{html, Event, Tag, TagEnd};

use super::passes::escape_attr;

/// A heading as the table of contents lists it.
pub(super) struct Entry {
    pub(super) level: u8,
    pub(super) id: String,
    /// Its content in the output events (between its start and end tags).
    pub(super) inner: std::ops::Range<usize>,
    pub(super) listed: bool,
}

/// The list the table of contents replaces.
pub(super) struct Toc {
    /// Where its placeholder is in the output events.
    pub(super) at: usize,
    pub(super) ordered: bool,
    pub(super) id: Option<String>,
    pub(super) classes: Vec<String>,
    pub(super) line: usize,
}

struct Node {
    level: u8,
    html: String,
    children: Vec<Node>,
}

/// The table of contents' HTML, from the headings' entries and the
/// output events their content is in.
/// `raw`: where the post's own HTML is in `out` (kept: a footnote mark is
/// this pass's own `<sup>`).
pub(super) fn write(toc: &Toc, entries: &[Entry], out: &[Event<'_>], raw: &[usize]) -> String {
    let list_id = toc.id.clone().unwrap_or_else(|| "markdown-toc".to_owned());
    // kramdown's stack: a heading deeper than the open one nests in it;
    // otherwise the open ones close until one is shallower.
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    fn close(stack: &mut Vec<Node>, roots: &mut Vec<Node>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for entry in entries.iter().filter(|e| e.listed) {
        let content: Vec<Event<'_>> = entry
            .inner
            .clone()
            .filter_map(|k| Some((k, out.get(k)?)))
            .filter(|(k, e)| match e {
                Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => false,
                Event::Html(h) => !(h.starts_with("<sup") && raw.binary_search(k).is_err()),
                _ => true,
            })
            .map(|(_, e)| e.clone())
            .collect();
        let mut inner = String::new();
        html::push_html(&mut inner, content.into_iter());
        let node = Node {
            level: entry.level,
            html: format!(
                "<a href=\"#{id}\" id=\"{list}-{id}\">{inner}</a>",
                id = escape_attr(&entry.id),
                list = escape_attr(&list_id),
            ),
            children: Vec::new(),
        };
        while stack.last().is_some_and(|open| open.level >= node.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(node);
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    // kramdown writes nothing for a table of contents with no entry.
    if roots.is_empty() {
        return String::new();
    }
    let tag = if toc.ordered { "ol" } else { "ul" };
    let class = if toc.classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_attr(&toc.classes.join(" ")))
    };
    let mut html = format!(
        "<{tag} id=\"{}\"{class} data-line=\"{}\">\n",
        escape_attr(&list_id),
        toc.line
    );
    fn items(nodes: &[Node], tag: &str, html: &mut String) {
        for node in nodes {
            html.push_str("<li>");
            html.push_str(&node.html);
            if !node.children.is_empty() {
                html.push_str(&format!("\n<{tag}>\n"));
                items(&node.children, tag, html);
                html.push_str(&format!("</{tag}>\n"));
            }
            html.push_str("</li>\n");
        }
    }
    items(&roots, tag, &mut html);
    html.push_str(&format!("</{tag}>\n"));
    html
}

#[cfg(test)]
mod tests {
    use crate::kind::BlogKind;
    use crate::preview::markup::Markup;
    use crate::preview::{RenderOptions, Renderer};

    fn kramdown(text: &str) -> String {
        let options = RenderOptions {
            markup: Markup::for_kind(BlogKind::Jekyll),
            ..RenderOptions::default()
        };
        Renderer::default().render(text, &options).html()
    }

    /// Held to kramdown 2.4 (Jekyll 4.3) on the same text: a heading
    /// deeper by two nests in the one above it, `no_toc` is left out,
    /// links are unwrapped, only the first `{:toc}` list is replaced.
    #[test]
    fn the_first_toc_list_lists_the_headings_as_kramdown_nests_them() {
        let html = kramdown(
            "* Contents\n{:toc}\n\n# Title\n{: .no_toc}\n\n## First [part](/x)\n\n### Sub *one*\n\n## Second\n\n#### Deep\n\n1. x\n{:toc}\n",
        );
        // (The sanitizer gives every link its `rel`.)
        let html = html.replace(" rel=\"noopener noreferrer\"", "");
        let toc = html.split("</ul>\n<h1").next().unwrap();
        assert_eq!(
            toc,
            "<ul id=\"markdown-toc\" data-line=\"1\">\n\
             <li><a href=\"#first-part\" id=\"markdown-toc-first-part\">First part</a>\n\
             <ul>\n<li><a href=\"#sub-one\" id=\"markdown-toc-sub-one\">Sub <em>one</em></a></li>\n</ul>\n</li>\n\
             <li><a href=\"#second\" id=\"markdown-toc-second\">Second</a>\n\
             <ul>\n<li><a href=\"#deep\" id=\"markdown-toc-deep\">Deep</a></li>\n</ul>\n</li>\n",
            "{html}"
        );
        assert!(html.contains("<h1 id=\"title\" class=\"no_toc\""), "{html}");
        assert!(html.contains("<ol") && html.contains(">x</li>"), "{html}");
        assert!(!html.contains("{:toc}"), "{html}");
    }

    /// The list's own id and classes stay; an ordered list stays ordered;
    /// a heading's raw HTML goes through the sanitizer.
    #[test]
    fn the_toc_keeps_its_list_s_type_and_attributes_and_is_sanitized() {
        let html =
            kramdown("1. x\n{: .toc #contents toc}\n\n## A <img src=x onerror=alert(1)> b\n");
        assert!(
            html.starts_with("<ol id=\"contents\" class=\"toc\" data-line=\"1\">"),
            "{html}"
        );
        assert!(html.contains("id=\"contents-a--b\""), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    /// kramdown's span attribute lists: on an emphasis, a strong span and
    /// a code span they set classes and an id; after a link they are
    /// dropped; anything else is text.
    #[test]
    fn span_attribute_lists_set_the_span_s_classes() {
        let html =
            kramdown("A *word*{: .hl} and **bold**{:#b .x .y}, `c`{: .k} [l](/x){: .z} {: .no}\n");
        assert_eq!(
            html,
            "<p data-line=\"1\">A <em class=\"hl\">word</em> and <strong class=\"x y\" id=\"b\">bold</strong>, <code class=\"k\">c</code> <a href=\"/x\" rel=\"noopener noreferrer\">l</a> {: .no}</p>\n"
        );
    }

    /// Jekyll's `kramdown:` settings: `toc_levels: 2..3` lists those
    /// levels only, `auto_ids: false` gives headings no id (and so no
    /// entry), `hard_wrap: true` makes each line break a `<br />`.
    #[test]
    fn kramdown_s_settings_change_ids_entries_and_breaks() {
        let render = |toc_levels, auto_ids, hard_wrap| {
            let options = RenderOptions {
                markup: Markup {
                    toc_levels,
                    auto_ids,
                    hard_wrap,
                    ..Markup::for_kind(BlogKind::Jekyll)
                },
                ..RenderOptions::default()
            };
            Renderer::default()
                .render(
                    "* x\n{:toc}\n\n# One\n\n## Two\n\n### Three\n\n#### Four\n\na\nb\n",
                    &options,
                )
                .html()
        };
        let html = render((2, 3), true, false);
        assert!(html.contains("#two") && html.contains("#three"), "{html}");
        assert!(!html.contains("#one") && !html.contains("#four"), "{html}");
        assert!(html.contains("a\nb"), "{html}");
        let html = render((1, 6), false, true);
        assert!(html.contains("<h2 data-line"), "{html}");
        assert!(
            !html.contains("href=\"#") && !html.contains("<ul"),
            "{html}"
        );
        assert!(html.contains("a<br />\nb"), "{html}");
    }

    /// Not Jekyll: `{:toc}` is text, as remark and goldmark show it.
    #[test]
    fn other_renderers_leave_toc_as_text() {
        let html = Renderer::default()
            .render("* Contents\n{:toc}\n\n## A\n", &RenderOptions::default())
            .html();
        assert!(html.contains("{:toc}"), "{html}");
    }
}
