//! Curly quotes, dashes, ellipses and guillemets as goldmark's typographer
//! (Hugo) and kramdown's smart quotes and typographic symbols (Jekyll) make
//! them. pulldown-cmark's smart punctuation is neither: it pairs quotes by
//! CommonMark's flanking rules, where goldmark looks at the characters on
//! either side with its own special cases (`'n`, `'t` and `'e` are
//! apostrophes; a closing `"` needs an open one in the same block) and
//! kramdown tries its `SQ_RULES` regexes in order. Both look at the source
//! as written (the character before a quote may be a `*` of emphasis), so
//! this pass maps each text character back to the source.
//!
//! Followed: goldmark `extension/typographer.go` (Hugo 0.111 ships goldmark
//! 1.5) and kramdown 2.4 `parser/kramdown/smart_quotes.rb` and
//! `typographic_symbol.rb` (Jekyll 4.3); the fidelity test holds both to
//! the real generators' output (`tests/generators/corpus/quotes-and-dashes.md`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Whose rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rules {
    Goldmark,
    /// With the marks of kramdown's `smart_quotes`.
    Kramdown([char; 4]),
}

const LDQUO: char = '“';
const RDQUO: char = '”';
const LSQUO: char = '‘';
const RSQUO: char = '’';

/// Applies the rules to every text event outside code.
pub(super) fn apply(events: &mut [(Event<'_>, Range<usize>)], source: &str, rules: Rules) {
    let mut hidden = 0usize;
    // goldmark's count of quotes opened and not yet closed. Hugo 0.111's
    // goldmark carries it from one block to the next (CommonMark spec
    // example 91: a `"` opened in a heading is closed in the paragraph
    // after it).
    let mut open = Open::default();
    for k in 0..events.len() {
        match &events[k].0 {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => hidden += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                hidden = hidden.saturating_sub(1)
            }
            Event::Text(text) if hidden == 0 && might_change(text) => {
                let after_break = k > 0 && matches!(events[k - 1].0, Event::SoftBreak);
                let range = events[k].1.clone();
                let changed = match source.get(range.clone()) {
                    Some(raw) => {
                        let mut at = positions(text, raw, range.start);
                        // The parser leaves an escape's `\` out of the
                        // range when the text starts with it.
                        if source[..range.start].ends_with('\\') {
                            if let Some(first) = at.first_mut() {
                                *first = None;
                            }
                        }
                        match rules {
                            Rules::Goldmark => goldmark(text, &at, source, &mut open),
                            Rules::Kramdown(marks) => {
                                kramdown(text, &at, source, after_break, marks)
                            }
                        }
                    }
                    None => None,
                };
                if let Some(new) = changed {
                    events[k].0 = Event::Text(CowStr::from(new));
                }
            }
            _ => {}
        }
    }
}

/// Whether any rule could apply (most sentences have a `.` or a `-`, few
/// a `...` or `--`): the rest is passed by without a second look.
fn might_change(text: &str) -> bool {
    text.contains(['\'', '"']) || ["--", "...", "<<", ">>"].iter().any(|s| text.contains(s))
}

/// Where each character of `text` stands in the source (`raw` starts at
/// `offset`), or `None` for one written as an escape (`\"`) or an entity
/// (`&quot;`): those are never made typographic, by any of the renderers.
fn positions(text: &str, raw: &str, offset: usize) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0usize; // byte offset into raw
    for c in text.chars() {
        let rest = &raw[at.min(raw.len())..];
        if rest.starts_with(c) {
            out.push(Some(offset + at));
            at += c.len_utf8();
        } else if rest.starts_with('\\') && rest[1..].starts_with(c) {
            out.push(None);
            at += 1 + c.len_utf8();
        } else if (c == '«' && rest.starts_with("<<")) || (c == '»' && rest.starts_with(">>")) {
            // Guillemets already put together from a misread tag.
            out.push(None);
            at += 2;
        } else if rest.starts_with('&') {
            out.push(None);
            at += rest.find(';').map_or(rest.len(), |i| i + 1);
        } else {
            // Text the parser made up (a tab expanded, a line joined): no
            // position, so left as written.
            out.push(None);
        }
    }
    out
}

/// Whether `chars` holds `pat` from `i` on.
fn starts_with(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

#[derive(Debug, Default, Clone, Copy)]
struct Open {
    single: u32,
    double: u32,
}

/// Go's `unicode.IsPunct`: category P (ASCII `$+<=>^`|~` are symbols).
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '#'
            | '%'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '@'
            | '['
            | '\\'
            | ']'
            | '_'
            | '{'
            | '}'
            | '¡'
            | '§'
            | '«'
            | '¶'
            | '·'
            | '»'
            | '¿'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{2043}'
            | '\u{2045}'..='\u{2051}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
    )
}

/// goldmark's `util.IsPunctRune`: ASCII punctuation and symbols, and
/// Unicode punctuation.
fn is_punct_rune(c: char) -> bool {
    c.is_ascii_punctuation() || is_punct(c)
}

/// goldmark's delimiter flanking (`parser.IsLeftFlankingDelimiterRun`).
fn left_flanking(before: char, after: char) -> bool {
    !after.is_whitespace()
        && (!is_punct_rune(after) || before.is_whitespace() || is_punct_rune(before))
}

fn right_flanking(before: char, after: char) -> bool {
    !before.is_whitespace()
        && (!is_punct_rune(before) || after.is_whitespace() || is_punct_rune(after))
}

/// The source from `p` to the end of its line (goldmark's `line`), as chars.
fn line_at(source: &str, p: usize) -> Vec<char> {
    let rest = &source[p..];
    let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    rest[..end].chars().collect()
}

fn goldmark(text: &str, at: &[Option<usize>], source: &str, open: &mut Open) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some(p) = at[i].filter(|_| matches!(c, '\'' | '"' | '-' | '.' | '<' | '>')) else {
            out.push(c);
            i += 1;
            continue;
        };
        // Only what the text itself holds (a `*` between two dashes ends it).
        let run = |s: &str| starts_with(&chars, i, s);
        let symbol = match c {
            '-' if run("---") => Some(('—', 3)),
            '.' if run("...") => Some(('…', 3)),
            '<' if run("<<") => Some(('«', 2)),
            '>' if run(">>") => Some(('»', 2)),
            '-' if run("--") => Some(('–', 2)),
            _ => None,
        };
        if let Some((s, n)) = symbol {
            out.push(s);
            changed = true;
            i += n;
            continue;
        }
        let quote = match c {
            '\'' | '"' => goldmark_quote(c, p, source, open),
            _ => None,
        };
        match quote {
            Some(q) => {
                out.push(q);
                changed = true;
            }
            None => out.push(c),
        }
        i += 1;
    }
    changed.then_some(out)
}

/// goldmark's typographer on one quote at source offset `p`.
fn goldmark_quote(c: char, p: usize, source: &str, open: &mut Open) -> Option<char> {
    let line = line_at(source, p);
    let before = source[..p].chars().next_back().unwrap_or('\n');
    let after = line.get(1).copied().unwrap_or(' ');
    let can_open = left_flanking(before, after);
    let can_close = right_flanking(before, after);
    if !can_open && !can_close {
        return None;
    }
    let at = |n: usize| line.get(n).copied();
    let space_or_punct =
        |n: usize| at(n).is_none_or(|c| c.is_ascii_punctuation() || c.is_whitespace());
    if c == '\'' {
        // Decades: '90s.
        if can_open
            && !can_close
            && at(1).is_some_and(|c| c.is_ascii_digit())
            && at(2).is_some_and(|c| c.is_ascii_digit())
            && at(3) == Some('s')
            && at(4).is_none_or(|c| c.is_whitespace() || is_punct_rune(c))
        {
            return Some(RSQUO);
        }
        // 'twas, 'em, 'net (and any word starting so: goldmark's rule).
        if (is_punct(before) || before.is_whitespace())
            && matches!(at(1), Some('t' | 'e' | 'n' | 'l'))
        {
            return Some(RSQUO);
        }
        // Between two alphanumerics.
        if (before.is_numeric() || before.is_alphabetic()) && at(1).is_some_and(char::is_alphabetic)
        {
            return Some(RSQUO);
        }
        if can_open && !can_close {
            // Alice's, I'm, Don't, You'd; I've, I'll, You're.
            let short = matches!(at(1), Some('s' | 'm' | 't' | 'd')) && space_or_punct(2);
            let long = matches!(
                (at(1), at(2)),
                (Some('v'), Some('e')) | (Some('l'), Some('l')) | (Some('r'), Some('e'))
            ) && space_or_punct(3);
            if short || long {
                return Some(RSQUO);
            }
            open.single += 1;
            return Some(LSQUO);
        }
        // Smiths', doin'.
        if line.len() > 2 && !at(1).is_some_and(|c| c.is_numeric()) {
            return Some(RSQUO);
        }
        if open.single > 0 && closes(can_open, can_close, &line) {
            open.single -= 1;
            return Some(RSQUO);
        }
        return None;
    }
    if can_open && !can_close {
        open.double += 1;
        return Some(LDQUO);
    }
    if open.double > 0 && closes(can_open, can_close, &line) {
        // "Monitor 21"" stays as written.
        if at(1) == Some('"') && before.is_numeric() {
            return None;
        }
        open.double -= 1;
        return Some(RDQUO);
    }
    None
}

/// goldmark's `isClose || maybeClose`.
fn closes(can_open: bool, can_close: bool, line: &[char]) -> bool {
    let is_close = can_close && !can_open;
    let maybe_close = can_close
        && can_open
        && line.get(1).is_some_and(|c| is_punct(*c))
        && (line.len() == 2
            || line
                .get(2)
                .is_some_and(|c| c.is_ascii_punctuation() || c.is_whitespace()));
    is_close || maybe_close
}

/// Ruby's `\w` and `\s` (ASCII).
fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}
fn space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{b}' | '\u{c}')
}
/// kramdown's `SQ_PUNCT`.
fn sq_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}
/// kramdown's `SQ_CLOSE`: not white space, `\`, `[`, `{`, `(` or `-`.
fn sq_close(c: char) -> bool {
    !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-')
}

fn kramdown(
    text: &str,
    at: &[Option<usize>],
    source: &str,
    after_break: bool,
    marks: [char; 4],
) -> Option<String> {
    // The blog's own marks for the ones the rules choose.
    let mark = |c: char| match c {
        LSQUO => marks[0],
        RSQUO => marks[1],
        LDQUO => marks[2],
        RDQUO => marks[3],
        c => c,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    // Characters before this index were taken by a replacement, so they
    // are not plain text a rule may start on.
    let mut taken = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some(p) = at[i] else {
            out.push(c);
            i += 1;
            continue;
        };
        // Typographic symbols: `---`, `--`, `...`, `<<`, `>>`.
        let run = |s: &str| chars[i..].starts_with(&s.chars().collect::<Vec<_>>());
        let symbol = [
            ("---", '—'),
            ("--", '–'),
            ("...", '…'),
            ("<<", '«'),
            (">>", '»'),
        ]
        .into_iter()
        .find(|(s, _)| run(s));
        if let Some((s, sym)) = symbol {
            out.push(sym);
            i += s.len();
            taken = i;
            continue;
        }
        if c != '\'' && c != '"' {
            out.push(c);
            i += 1;
            continue;
        }
        // The regexes start one character before the quote when that
        // character is plain text of this span (`[^\\]?["']`).
        let lead = if i > taken && at[i - 1].is_some_and(|q| q + chars[i - 1].len_utf8() == p) {
            Some(chars[i - 1])
        } else if i == 0 && after_break {
            Some('\n')
        } else {
            None
        };
        // What follows the quote in the source (for the lookaheads).
        let ahead: Vec<char> = source[p + 1..].chars().take(4).collect();
        let quotes = kramdown_rule(c, lead, &ahead);
        out.push(mark(quotes[0]));
        i += 1;
        // `"'` and `'"` are replaced together.
        if let (Some(second), Some(&next)) = (quotes.get(1), chars.get(i)) {
            if Some(next) == ahead.first().copied() {
                out.push(mark(*second));
                i += 1;
            }
        }
        taken = i;
    }
    let out: String = out.into_iter().collect();
    (out != text).then_some(out)
}

/// kramdown's `SQ_RULES`, tried in order at a quote `c` with the plain
/// character before it (`lead`) and the source after it (`ahead`).
/// Returns the replacement, two for `"'` and `'"`.
fn kramdown_rule(c: char, lead: Option<char>, ahead: &[char]) -> Vec<char> {
    let single = c == '\'';
    let (l, r) = if single {
        (LSQUO, RSQUO)
    } else {
        (LDQUO, RDQUO)
    };
    let a = |n: usize| ahead.get(n).copied();
    // Rules anchored at the quote itself (no plain character before it).
    if lead.is_none() {
        // 1. ("|')(?=[_*]{1,2}\S)
        if matches!(a(0), Some('_' | '*')) && a(1).is_some_and(|c| !space(c)) {
            return vec![l];
        }
        // 2. ("|')(?=SQ_PUNCT(?!\.\.)\B)
        if let Some(p) = a(0).filter(|c| sq_punct(*c)) {
            let dots = a(1) == Some('.') && a(2) == Some('.');
            let boundary = word(p) != a(1).is_some_and(word);
            if !dots && !boundary {
                return vec![r];
            }
        }
    }
    if lead.is_none_or(space) {
        // 3./4. (\s?)"'(?=\w) and (\s?)'"(?=\w): both quotes open.
        if c == '"' && a(0) == Some('\'') && a(1).is_some_and(word) {
            return vec![LDQUO, LSQUO];
        }
        if c == '\'' && a(0) == Some('"') && a(1).is_some_and(word) {
            return vec![LSQUO, LDQUO];
        }
        // 5. (\s?)'(?=\d\ds): decades.
        if single
            && a(0).is_some_and(|c| c.is_ascii_digit())
            && a(1).is_some_and(|c| c.is_ascii_digit())
            && a(2) == Some('s')
        {
            return vec![RSQUO];
        }
    }
    // 6. (\s)('|")(?=\w): opens after white space.
    if lead.is_some_and(space) && a(0).is_some_and(word) {
        return vec![l];
    }
    // 7. (SQ_CLOSE)('|"): closes after anything else.
    if lead.is_some_and(sq_close) {
        return vec![r];
    }
    // 8. ("|')(?=\s|s\b|$), at the quote itself.
    if lead.is_none() && (a(0).is_none_or(space) || (a(0) == Some('s') && !a(1).is_some_and(word)))
    {
        return vec![r];
    }
    // 9./10. Anything else opens.
    vec![l]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str, rules: Rules) -> String {
        // Adjacent text joined, as the event pass does before this one.
        let mut events: Vec<(Event, Range<usize>)> = Vec::new();
        for (e, r) in pulldown_cmark::Parser::new(md).into_offset_iter() {
            if let (Event::Text(t), Some((Event::Text(prev), pr))) = (&e, events.last_mut()) {
                *prev = CowStr::from(format!("{prev}{t}"));
                pr.end = r.end;
                continue;
            }
            events.push((e, r));
        }
        apply(&mut events, md, rules);
        events
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak => Some("\n".into()),
                Event::Code(c) => Some(format!("`{c}`")),
                _ => None,
            })
            .collect()
    }

    // Expectations: what Hugo 0.111 and Jekyll 4.3 printed for the same
    // text (tests/generators/{hugo,jekyll}.json hold more).
    #[test]
    fn goldmark_s_quotes() {
        let g = |s| render(s, Rules::Goldmark);
        assert_eq!(
            g("She said, \"It's the *best* -- really.\""),
            "She said, “It’s the best – really.”"
        );
        assert_eq!(g("a quote: 'nested' words"), "a quote: ’nested’ words");
        assert_eq!(g("5'10\" tall"), "5'10\" tall");
        assert_eq!(g("the '90s, rock'n'roll"), "the ’90s, rock’n’roll");
        assert_eq!(g("a pause --- and ... << x >>"), "a pause — and … « x »");
        assert_eq!(g("escaped \\\"quotes\\\""), "escaped \"quotes\"");
    }

    #[test]
    fn kramdown_s_quotes() {
        let k = |s| render(s, Rules::Kramdown(super::super::markup::CURLY));
        assert_eq!(
            k("She said, \"It's the *best* -- really.\""),
            "She said, “It’s the best – really.”"
        );
        assert_eq!(k("a quote: 'nested' words"), "a quote: ‘nested’ words");
        assert_eq!(k("5'10\" tall"), "5’10” tall");
        assert_eq!(k("the '90s, rock'n'roll"), "the ’90s, rock’n’roll");
        assert_eq!(k("He said \"'Quoted' words\""), "He said “‘Quoted’ words”");
    }
}
