//! SmartyPants as Astro runs it: `remark-smartypants` 3 (what
//! `markdown.smartypants` turns on in `@astrojs/markdown-remark`), which
//! runs `retext-smartypants` 6 over text tokenized by `parse-latin` 7.
//!
//! It is not pulldown-cmark's smart punctuation: `--` is an em dash and
//! `---` stays as written, and a quote is opened or closed by the tokens
//! next to it (word, white space, punctuation), not by CommonMark's
//! flanking rules. What remark-smartypants does, step by step:
//!
//! 1. The text of the whole document is joined — every text node, inline
//!    code as that many `A`s, a space where a paragraph, heading or table
//!    cell starts (raw HTML, image alt text, code blocks and math are not
//!    part of it) — so a quote next to a link or `**bold**` sees its real
//!    neighbours. Only the quotes are educated in that pass.
//! 2. Each text node then gets ellipses, ` `` `/`''` and `--` on its own.
//!
//! The tokenizer follows parse-latin: runs of word characters, of white
//! space, or of one repeated punctuation or symbol character; a word with
//! an inner `'`, `-`, `.`, `&`… and another word is one word (`it's`); a
//! paragraph ends at a line break, a sentence after `.`/`!`/`?` and white
//! space, and a quote first in either has no previous neighbour.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Space,
    Punctuation,
    Symbol,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Char offsets into the text.
    start: usize,
    end: usize,
}

/// parse-latin's punctuation (its `punctuation` expression, the ASCII and
/// common Unicode part); other non-word, non-space characters are symbols.
fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '\''
            | '('
            | ')'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
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
            | '\u{2010}'..='\u{201F}'
            | '\u{2022}'..='\u{2027}'
            | '\u{2032}'..='\u{203A}'
            | '\u{203C}'..='\u{2043}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
    )
}

fn kind_of(c: char) -> Kind {
    if c.is_whitespace() {
        Kind::Space
    } else if is_punctuation(c) {
        Kind::Punctuation
    } else if c.is_alphanumeric() || is_mark(c) {
        Kind::Word
    } else {
        Kind::Symbol
    }
}

/// Combining marks continue a word (parse-latin's `word` includes them).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// parse-latin's `wordSymbolInner`: joins two words into one.
fn joins_words(t: &[char]) -> bool {
    match t {
        [c] => matches!(
            c,
            '&' | '\'' | '-' | '.' | ':' | '=' | '?' | '@' | '\u{AD}' | '·' | '‐' | '‑' | '’' | '‧'
        ),
        _ => t.iter().all(|c| *c == '_'),
    }
}

fn tokenize(text: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    for (i, &c) in text.iter().enumerate() {
        let kind = kind_of(c);
        if let Some(last) = tokens.last_mut() {
            let continues = last.kind == kind
                && (matches!(kind, Kind::Word | Kind::Space) || text[last.end - 1] == c);
            if continues {
                last.end = i + 1;
                continue;
            }
        }
        tokens.push(Token {
            kind,
            start: i,
            end: i + 1,
        });
    }
    tokens
}

/// A token as retext-smartypants sees it: a word may hold inner
/// punctuation (`it's`), which then has the word's pieces as neighbours.
#[derive(Debug, Clone)]
enum Node {
    Leaf(Token),
    Word(Vec<Token>),
}

impl Node {
    fn kind(&self) -> Kind {
        match self {
            Node::Leaf(t) => t.kind,
            Node::Word(_) => Kind::Word,
        }
    }
    fn start(&self) -> usize {
        match self {
            Node::Leaf(t) => t.start,
            Node::Word(parts) => parts[0].start,
        }
    }
}

/// parse-latin's sentence plugins that change what is a word:
/// inner-word symbols (`it's`, `e-mail`), a final `-`, an initial `&`.
fn words(text: &[char], tokens: Vec<Token>) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut i = 0;
    let value = |t: &Token| &text[t.start..t.end];
    while i < tokens.len() {
        let t = tokens[i].clone();
        if t.kind != Kind::Word {
            // `&word` at the start of a word.
            let prev_word = matches!(nodes.last(), Some(n) if n.kind() == Kind::Word);
            if value(&t) == ['&']
                && !prev_word
                && tokens.get(i + 1).map(|n| n.kind) == Some(Kind::Word)
            {
                let mut parts = vec![t, tokens[i + 1].clone()];
                i += 2;
                // and whatever joins it after.
                i = join_inner(text, &tokens, i, &mut parts);
                nodes.push(Node::Word(parts));
                continue;
            }
            nodes.push(Node::Leaf(t));
            i += 1;
            continue;
        }
        let mut parts = vec![t];
        i = join_inner(text, &tokens, i + 1, &mut parts);
        // A final `-` with no word after it joins the word.
        if tokens.get(i).is_some_and(|n| value(n) == ['-'])
            && tokens.get(i + 1).map(|n| n.kind) != Some(Kind::Word)
        {
            parts.push(tokens[i].clone());
            i += 1;
        }
        nodes.push(Node::Word(parts));
    }
    nodes
}

/// From `i`, inner symbols each followed by a word join the word in
/// `parts`; returns where the word ends.
fn join_inner(text: &[char], tokens: &[Token], mut i: usize, parts: &mut Vec<Token>) -> usize {
    loop {
        let mut j = i;
        while j < tokens.len()
            && matches!(tokens[j].kind, Kind::Punctuation | Kind::Symbol)
            && joins_words(&text[tokens[j].start..tokens[j].end])
        {
            j += 1;
        }
        if j > i && tokens.get(j).map(|t| t.kind) == Some(Kind::Word) {
            parts.extend_from_slice(&tokens[i..=j]);
            i = j + 1;
        } else {
            return i;
        }
    }
}

const OPEN: [char; 2] = ['“', '‘'];
const CLOSE: [char; 2] = ['”', '’'];

/// retext-smartypants' `quotesDefault`, on the whole joined text.
fn educate_quotes(text: &mut [char]) {
    let nodes = words(text, tokenize(text));
    let mut out: Vec<(usize, char)> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Word(parts) => {
                // A quote inside a word has a piece of the word before it:
                // always a closing one (an apostrophe).
                for part in &parts[1..] {
                    let c = text[part.start];
                    if part.end - part.start == 1 && (c == '"' || c == '\'') {
                        out.push((part.start, CLOSE[usize::from(c == '\'')]));
                    }
                }
            }
            Node::Leaf(t) => {
                let c = text[t.start];
                if t.end - t.start != 1 || !(c == '"' || c == '\'') {
                    continue;
                }
                let q = usize::from(c == '\'');
                let previous = previous_in_sentence(text, &nodes, i);
                let next = nodes.get(i + 1).filter(|n| !ends_paragraph(text, n));
                let next_next = nodes.get(i + 2);
                let value_of = |n: &Node| -> String {
                    match n {
                        Node::Leaf(t) => text[t.start..t.end].iter().collect(),
                        Node::Word(p) => text[p[0].start..p[p.len() - 1].end].iter().collect(),
                    }
                };
                let next_value = next.map(value_of).unwrap_or_default();
                let is_mark = |n: Option<&Node>| {
                    n.is_some_and(|n| matches!(n.kind(), Kind::Punctuation | Kind::Symbol))
                };
                let is_word = |n: Option<&Node>| n.is_some_and(|n| n.kind() == Kind::Word);
                let decade = {
                    let v: Vec<char> = next_value.chars().collect();
                    v.len() == 3 && v[0].is_ascii_digit() && v[1].is_ascii_digit() && v[2] == 's'
                };
                let chosen = if is_mark(next) && !is_word(next_next) {
                    CLOSE[q]
                } else if is_mark(next)
                    && (next_value == "\"" || next_value == "'")
                    && is_word(next_next)
                {
                    if let Some(n) = next {
                        out.push((n.start(), OPEN[usize::from(next_value == "'")]));
                    }
                    OPEN[q]
                } else if decade {
                    CLOSE[q]
                } else if previous.is_some_and(|p| p.kind() != Kind::Word) && is_word(next) {
                    OPEN[q]
                } else if previous.is_some_and(|p| p.kind() == Kind::Word)
                    || next.is_none()
                    || next.is_some_and(|n| n.kind() == Kind::Space)
                    || (q == 1 && next_value == "s")
                {
                    // After a word; or before white space, the end, or `s`.
                    CLOSE[q]
                } else {
                    OPEN[q]
                };
                out.push((t.start, chosen));
            }
        }
    }
    for (at, c) in out {
        text[at] = c;
    }
}

/// A line break in white space ends parse-latin's paragraph.
fn ends_paragraph(text: &[char], node: &Node) -> bool {
    matches!(node, Node::Leaf(t) if t.kind == Kind::Space && text[t.start..t.end].iter().any(|c| matches!(c, '\n' | '\r')))
}

/// The node before `i` in its sentence: none at the start of a paragraph
/// or after a sentence's terminal `.`/`!`/`?` and white space.
fn previous_in_sentence<'n>(text: &[char], nodes: &'n [Node], i: usize) -> Option<&'n Node> {
    let previous = nodes.get(i.checked_sub(1)?)?;
    if previous.kind() == Kind::Space {
        // White space first in a paragraph is outside its sentence.
        if i == 1 || ends_paragraph(text, previous) {
            return None;
        }
        let terminal = i >= 2
            && matches!(&nodes[i - 2], Node::Leaf(t) if t.kind == Kind::Punctuation
                && text[t.start..t.end].iter().all(|c| matches!(c, '.' | '!' | '?' | '…' | '‽')));
        if terminal {
            return None;
        }
    }
    Some(previous)
}

/// retext-smartypants' ellipses, backticks and dashes, on one text node.
fn educate_rest(text: &str) -> Option<String> {
    if !text.contains(['.', '`', '\'', '-']) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let v = &chars[t.start..t.end];
        // `. . .`: dots with single white space between.
        if v == ['.'] {
            let mut j = i;
            while j + 2 < tokens.len()
                && tokens[j + 1].kind == Kind::Space
                && chars[tokens[j + 2].start..tokens[j + 2].end] == ['.']
            {
                j += 2;
            }
            if (j - i) / 2 + 1 >= 3 {
                out.push('…');
                i = j + 1;
                continue;
            }
        }
        match v {
            _ if v.len() >= 3 && v.iter().all(|c| *c == '.') => out.push('…'),
            ['`', '`'] => out.push('“'),
            ['\'', '\''] => out.push('”'),
            ['-', '-'] => out.push('—'),
            _ => out.extend(v),
        }
        i += 1;
    }
    (out != text).then_some(out)
}

/// Applies SmartyPants to the document's events, before they are written.
pub(super) fn apply(events: &mut [(Event<'_>, Range<usize>)]) {
    // 1. Join the text, remembering where each text event's chars are.
    let mut joined: Vec<char> = Vec::new();
    let mut texts: Vec<(usize, usize, usize)> = Vec::new();
    let mut hidden = 0usize; // inside an image or a code block
    for (k, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                hidden += 1
            }
            Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                hidden = hidden.saturating_sub(1)
            }
            _ if hidden > 0 => {}
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                joined.push(' ')
            }
            Event::Text(t) => {
                let start = joined.len();
                joined.extend(t.chars());
                texts.push((k, start, joined.len()));
            }
            Event::Code(c) => joined.extend(std::iter::repeat_n('A', c.chars().count())),
            Event::SoftBreak => joined.push('\n'),
            _ => {}
        }
    }
    if texts.is_empty() {
        return;
    }
    // 2. Quotes over the whole text.
    if joined.iter().any(|c| matches!(c, '"' | '\'')) {
        educate_quotes(&mut joined);
    }
    // 3. The rest on each text node, then back into the events.
    for (k, start, end) in texts {
        let quoted: String = joined[start..end].iter().collect();
        let text = educate_rest(&quoted).unwrap_or(quoted);
        if let Event::Text(t) = &mut events[k].0 {
            if **t != *text {
                *t = CowStr::from(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(s: &str) -> String {
        let mut c: Vec<char> = format!(" {s}").chars().collect();
        educate_quotes(&mut c);
        c[1..].iter().collect()
    }

    // Each expectation is what `@astrojs/markdown-remark` 7.3 printed for
    // the same paragraph (tests/generators/astro.json holds more).
    #[test]
    fn quotes_open_and_close_by_their_neighbours() {
        assert_eq!(
            quotes(r#""Double quotes" and 'single quotes', it's"#),
            "“Double quotes” and ‘single quotes’, it’s"
        );
        assert_eq!(quotes(r##"!"#$%&'()"##), "!”#$%&’()");
        assert_eq!(quotes("hello $.;'there"), "hello $.;‘there");
        assert_eq!(
            quotes(r#"He said, "'Quoted' words.""#),
            "He said, “‘Quoted’ words.”"
        );
        assert_eq!(
            quotes("the '80s and rock'n'roll"),
            "the ’80s and rock’n’roll"
        );
        assert_eq!(quotes(r#"(url "tit")"#), "(url “tit”)");
        assert_eq!(quotes("Fin. 'Tis"), "Fin. ‘Tis");
        assert_eq!(quotes("x 's y"), "x ‘s y");
        assert_eq!(quotes("'s at start"), "’s at start");
    }

    #[test]
    fn dashes_ellipses_and_backticks_per_text() {
        assert_eq!(educate_rest("a -- b --- c").as_deref(), Some("a — b --- c"));
        assert_eq!(
            educate_rest("wait... . . . and").as_deref(),
            Some("wait… … and")
        );
        assert_eq!(educate_rest("``this''").as_deref(), Some("“this”"));
        assert_eq!(educate_rest("a------"), None);
        assert_eq!(educate_rest("plain"), None);
    }
}
