//! kramdown's block attribute lists (`{: .notice #id}`): the classes and
//! id they give the block they follow or precede.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::passes::Spanned;

/// The part of a kramdown attribute list the preview keeps: classes and
/// an id (plain names only; the rest of what it may set is left out).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Ial {
    pub(super) classes: Vec<String>,
    pub(super) id: Option<String>,
    /// It names the reference `toc` (`{:toc}`): the list it is on becomes
    /// the table of contents (`preview::toc`).
    pub(super) toc: bool,
}

impl Ial {
    /// `{: .a .b #id key="v" toc}` (a line of its own); `None` for
    /// anything else (`{::options}`, an attribute list definition
    /// `{:name: .a}`, text).
    fn parse(line: &str) -> Option<Ial> {
        let inner = line.trim().strip_prefix("{:")?.strip_suffix('}')?;
        let first = inner.split_whitespace().next().unwrap_or("");
        if inner.starts_with(':')
            || first.ends_with(':')
            || !(inner.starts_with([' ', '.', '#'])
                || inner.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            return None;
        }
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let mut ial = Ial::default();
        for word in inner.split_whitespace() {
            if let Some(class) = word.strip_prefix('.').filter(|c| plain(c)) {
                ial.classes.push(class.to_owned());
            } else if let Some(id) = word.strip_prefix('#').filter(|c| plain(c)) {
                ial.id = Some(id.to_owned());
            } else if word == "toc" {
                ial.toc = true;
            }
        }
        Some(ial)
    }

    /// As attributes: ` class="a b" id="x"` (classes and id are plain
    /// names: nothing to escape).
    pub(super) fn attrs(&self) -> String {
        let id = self
            .id
            .as_ref()
            .map(|i| format!(" id=\"{i}\""))
            .unwrap_or_default();
        format!("{}{id}", self.class_attr())
    }

    /// As attributes: ` class="a b"` (the id is written by the caller).
    pub(super) fn class_attr(&self) -> String {
        if self.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", self.classes.join(" "))
        }
    }
}

/// kramdown's span attribute lists: `*word*{: .hl}` right after an
/// emphasis, a strong span or a code span gives it its classes and id;
/// after a link, it is not text either. By the source offset of the span.
fn span_attribute_list<'a>(
    out: &Spanned<'a>,
    next: &(pulldown_cmark::Event<'a>, std::ops::Range<usize>),
) -> Option<(Option<usize>, Ial, pulldown_cmark::CowStr<'a>)> {
    let (Event::Text(text), _) = next else {
        return None;
    };
    let close = text.strip_prefix("{:")?.find('}')? + 2;
    let ial = Ial::parse(&text[..=close])?;
    let rest = pulldown_cmark::CowStr::from(text[close + 1..].to_owned());
    let (last, range) = out.last()?;
    let owner = match last {
        Event::Code(_) => Some(range.start),
        Event::End(end @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link)) => {
            let same = |e: &Event| match e {
                Event::Start(Tag::Emphasis) => *end == TagEnd::Emphasis,
                Event::Start(Tag::Strong) => *end == TagEnd::Strong,
                Event::Start(Tag::Link { .. }) => *end == TagEnd::Link,
                _ => false,
            };
            // Its start: the same kind of span, counting nested ones.
            let mut depth = 0usize;
            let mut found = None;
            for (e, r) in out.iter().rev() {
                if matches!(e, Event::End(x) if x == end) {
                    depth += 1;
                } else if same(e) {
                    depth -= 1;
                    if depth == 0 {
                        found = Some(r.start);
                        break;
                    }
                }
            }
            // A link keeps only its own attributes: the list is dropped.
            found.filter(|_| *end != TagEnd::Link)
        }
        _ => return None,
    };
    Some((owner, ial, rest))
}

/// kramdown's block attribute lists: `{: .notice}` on the line after a
/// paragraph (or alone, right after the block it follows) is not text;
/// it gives that block its classes and id. Also returns the span
/// attribute lists (`span_attribute_list`).
pub(super) fn attribute_lists<'a>(
    source: &str,
    input: Spanned<'a>,
) -> (Spanned<'a>, HashMap<usize, Ial>, HashMap<usize, Ial>) {
    let mut ials = HashMap::new();
    let mut spans = HashMap::new();
    let mut out: Spanned<'a> = Vec::with_capacity(input.len());
    // One alone after a blank line: for the block that comes next.
    let mut pending: Option<Ial> = None;
    let mut i = 0;
    while i < input.len() {
        let (event, range) = &input[i];
        // A paragraph that is only an attribute list.
        if let (
            Event::Start(Tag::Paragraph),
            Some((Event::Text(t), _)),
            Some((Event::End(TagEnd::Paragraph), _)),
        ) = (event, input.get(i + 1), input.get(i + 2))
        {
            if let Some(ial) = Ial::parse(t) {
                // The block it follows, with no blank line between.
                let before = source.get(..range.start).unwrap_or_default();
                let previous_line = before
                    .strip_suffix('\n')
                    .unwrap_or(before)
                    .rsplit('\n')
                    .next()
                    .unwrap_or("");
                let target = block_before(&out).filter(|_| !previous_line.trim().is_empty());
                match target {
                    Some((start, _)) => add_ial(&mut ials, start, ial),
                    None => pending = Some(ial),
                }
                i += 3;
                continue;
            }
        }
        // The last line of a paragraph, or of a tight list's item (for
        // the list).
        if let (Event::SoftBreak, Some((Event::Text(t), _)), Some((Event::End(end), _))) =
            (event, input.get(i + 1), input.get(i + 2))
        {
            // Whose list it is: the paragraph's, or the item's list.
            let owner: Option<fn(&Event) -> bool> = match end {
                TagEnd::Paragraph => Some(|e| matches!(e, Event::Start(Tag::Paragraph))),
                TagEnd::Item => Some(|e| matches!(e, Event::Start(Tag::List(_)))),
                _ => None,
            };
            if let (Some(owner), Some(ial)) = (owner, Ial::parse(t)) {
                if let Some(start) = out
                    .iter()
                    .rev()
                    .find(|(e, _)| owner(e))
                    .map(|(_, r)| r.start)
                {
                    add_ial(&mut ials, start, ial);
                    i += 2;
                    continue;
                }
            }
        }
        if let Some((owner, ial, rest)) = span_attribute_list(&out, &input[i]) {
            if let Some(start) = owner {
                spans.insert(start, ial);
            }
            if !rest.is_empty() {
                let from = range.end.saturating_sub(rest.len()).max(range.start);
                out.push((Event::Text(rest), from..range.end));
            }
            i += 1;
            continue;
        }
        if let (Some(ial), Event::Start(_)) = (pending.take(), event) {
            add_ial(&mut ials, range.start, ial);
        }
        out.push((event.clone(), range.clone()));
        i += 1;
    }
    (out, ials, spans)
}

/// Attribute lists for one block add up (`{: .a}` then `{: .b}`).
fn add_ial(ials: &mut HashMap<usize, Ial>, start: usize, ial: Ial) {
    let entry = ials.entry(start).or_default();
    entry.classes.extend(ial.classes);
    entry.toc |= ial.toc;
    if ial.id.is_some() {
        entry.id = ial.id;
    }
}

/// The block that ends last in `out`: (where it starts, where it ends).
fn block_before(out: &Spanned<'_>) -> Option<(usize, usize)> {
    let (last, range) = out.last()?;
    if !matches!(last, Event::End(_)) {
        return None;
    }
    // Its start: the matching Start, counting nested blocks.
    let mut depth = 0usize;
    for (e, r) in out.iter().rev() {
        match e {
            Event::End(_) => depth += 1,
            Event::Start(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some((r.start, range.end));
                }
            }
            _ => {}
        }
    }
    None
}
