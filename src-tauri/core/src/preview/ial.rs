//! kramdown's block attribute lists (`{: .notice #id}`) and goldmark's
//! block attributes (`{.notice #id}`, Hugo's `markup.goldmark.parser.
//! attribute.block`): the classes and id they give the block they follow
//! (or, kramdown's, precede).

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

    /// goldmark's attributes (`parser/attribute.go`): `{.a #id key=v
    /// key="v w"}` on a line of its own, each part well formed or none is
    /// read (`{.a=b}` and `{: .a}` are text; checked against Hugo 0.111).
    /// `class` and `id` keys count like `.` and `#`.
    fn parse_goldmark(line: &str) -> Option<Ial> {
        let inner = line.trim().strip_prefix('{')?.strip_suffix('}')?;
        let name = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        let mut ial = Ial::default();
        let mut rest = inner;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(r) = rest.strip_prefix(['.', '#']) {
                // A name may be empty (`{.}` is `class=""`) and needs no
                // space before the next part (`{.a#b}`).
                let end = r.find(|c: char| !name(c)).unwrap_or(r.len());
                let value = r[..end].to_owned();
                if rest.starts_with('.') {
                    ial.classes.push(value);
                } else {
                    ial.id = Some(value);
                }
                rest = &r[end..];
                continue;
            }
            // `key=value`, `key="value"` or `key='value'`.
            let key_end = rest.find(|c: char| !(name(c) || c == ':' || c == '.'))?;
            let key = &rest[..key_end];
            let r = rest[key_end..].strip_prefix('=')?;
            let (value, after) = match r.chars().next()? {
                q @ ('"' | '\'') => {
                    let close = r[1..].find(q)? + 1;
                    (&r[1..close], &r[close + 1..])
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            if key.is_empty() || value.is_empty() {
                return None;
            }
            match key {
                "class" => ial
                    .classes
                    .extend(value.split_whitespace().map(str::to_owned)),
                "id" => ial.id = Some(value.to_owned()),
                _ => {}
            }
            // Parts are separated by spaces.
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return None;
            }
            rest = after;
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

/// Whose attribute lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    /// `{: .a}`: they add up; one alone before a block is that block's;
    /// span lists too.
    Kramdown,
    /// `{.a}` (Hugo 0.111's goldmark, checked against it): the first of
    /// several lines wins; one after a blank line, or on a tight list's
    /// item, is dropped.
    Goldmark,
}

/// Block attribute lists: `{: .notice}` (kramdown) or `{.notice}`
/// (goldmark) on the line after a paragraph (or alone, right after the
/// block it follows) is not text; it gives that block its classes and id.
/// Also returns kramdown's span attribute lists (`span_attribute_list`).
pub(super) fn attribute_lists<'a>(
    source: &str,
    input: Spanned<'a>,
    syntax: Syntax,
) -> (Spanned<'a>, HashMap<usize, Ial>, HashMap<usize, Ial>) {
    let kramdown = syntax == Syntax::Kramdown;
    let parse = |t: &str| match syntax {
        Syntax::Kramdown => Ial::parse(t),
        Syntax::Goldmark => Ial::parse_goldmark(t),
    };
    let add = |ials: &mut HashMap<usize, Ial>, start: usize, ial: Ial| match syntax {
        Syntax::Kramdown => add_ial(ials, start, ial),
        Syntax::Goldmark => {
            ials.entry(start).or_insert(ial);
        }
    };
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
            if let Some(ial) = parse(t) {
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
                    Some((start, _)) => add(&mut ials, start, ial),
                    None if kramdown => pending = Some(ial),
                    None => {}
                }
                i += 3;
                continue;
            }
        }
        // goldmark: the last lines of a paragraph, each a list (its
        // first wins).
        if let (false, Event::SoftBreak) = (kramdown, event) {
            let mut j = i;
            let mut lines = Vec::new();
            while let (Some((Event::SoftBreak, _)), Some((Event::Text(t), _))) =
                (input.get(j), input.get(j + 1))
            {
                let Some(ial) = parse(t) else { break };
                lines.push(ial);
                j += 2;
            }
            if let (false, Some((Event::End(end), _))) = (lines.is_empty(), input.get(j)) {
                let start_of = |paragraph: bool| {
                    out.iter()
                        .rev()
                        .find(|(e, _)| match e {
                            Event::Start(Tag::Paragraph) => paragraph,
                            Event::Start(Tag::List(_)) => !paragraph,
                            _ => false,
                        })
                        .map(|(_, r)| r.start)
                };
                // On a tight item's last line: at the line's start it
                // closes the list and is the list's; indented, it is the
                // item's paragraph's, which is not written.
                let column = source
                    .get(..input[i + 1].1.start)
                    .and_then(|b| b.rsplit('\n').next())
                    .map_or(0, str::len);
                let owner = match end {
                    TagEnd::Paragraph => start_of(true),
                    TagEnd::Item if column == 0 => start_of(false),
                    _ => None,
                };
                let consumed = match owner {
                    Some(start) => {
                        lines.into_iter().for_each(|ial| add(&mut ials, start, ial));
                        true
                    }
                    None => matches!(end, TagEnd::Item),
                };
                if consumed {
                    i = j;
                    continue;
                }
            }
        }
        // The last line of a paragraph, or of a tight list's item (for
        // the list).
        if let (true, Event::SoftBreak, Some((Event::Text(t), _)), Some((Event::End(end), _))) =
            (kramdown, event, input.get(i + 1), input.get(i + 2))
        {
            // Whose list it is: the paragraph's, or the item's list.
            let owner: Option<fn(&Event) -> bool> = match end {
                TagEnd::Paragraph => Some(|e| matches!(e, Event::Start(Tag::Paragraph))),
                TagEnd::Item => Some(|e| matches!(e, Event::Start(Tag::List(_)))),
                _ => None,
            };
            if let (Some(owner), Some(ial)) = (owner, parse(t)) {
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
        if let Some((owner, ial, rest)) = span_attribute_list(&out, &input[i]).filter(|_| kramdown)
        {
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

#[cfg(test)]
mod tests {
    use super::Ial;

    #[test]
    fn goldmark_reads_a_whole_attribute_list_or_none() {
        let ial = Ial::parse_goldmark("{ .a #b class=\"c d\" title='t u' data-x=y }").unwrap();
        assert_eq!(ial.classes, ["a", "c", "d"]);
        assert_eq!(ial.id.as_deref(), Some("b"));
        let ial = Ial::parse_goldmark("{.a#b}").unwrap();
        assert_eq!(ial.classes, ["a"]);
        assert_eq!(ial.id.as_deref(), Some("b"));
        for text in ["{.a=b}", "{: .a}", "{title=}", "{.a}x", "{key}"] {
            assert_eq!(Ial::parse_goldmark(text), None, "{text}");
        }
        assert_eq!(Ial::parse_goldmark("{}"), Some(Ial::default()));
    }
}
