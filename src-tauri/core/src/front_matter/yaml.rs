//! A located view of YAML front-matter: every key and value with its byte
//! range, line and column in the original text.
//!
//! Built from granit-parser's events (exact byte spans), it serves two needs
//! that a plain serde parse cannot: validation messages that point at the
//! field's line and column, and edits that rewrite only a value's bytes.
//! Values are typed by the YAML 1.2 core schema.

use std::ops::Range;

use granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

/// Deeper nesting than this is refused (front-matter is never this deep; a
/// hostile file must not overflow the stack).
const MAX_DEPTH: usize = 64;
/// Aliases may copy at most this many nodes in all: a few kilobytes of
/// "billion laughs" must not become gigabytes.
const MAX_ALIAS_NODES: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// Byte range of the value as written (quotes and brackets included).
    pub span: Range<usize>,
    /// 1-based line and column of the value's start.
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Scalar {
        value: String,
        style: Style,
    },
    Seq {
        items: Vec<Node>,
        flow: bool,
    },
    Map {
        entries: Vec<Entry>,
        flow: bool,
    },
    /// `*name`: a copy of the anchored value. Never edited in place.
    Alias(Box<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub key_line: usize,
    pub key_col: usize,
    pub value: Node,
}

/// A scalar typed by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}, column {col}: {message}")]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Node {
    /// The entry for `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map { entries, .. } => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Follows a dotted path (`author.social.github`).
    pub fn lookup(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in path {
            node = &node.get(key)?.value;
        }
        Some(node)
    }

    pub fn scalar(&self) -> Option<Scalar<'_>> {
        match &self.kind {
            Kind::Scalar { value, style } => Some(type_scalar(value, *style)),
            _ => None,
        }
    }

    /// Where the node's content really ends: for block collections, the end
    /// of their last item (the parser's end marker sits at the next token).
    pub fn content_end(&self) -> usize {
        match &self.kind {
            Kind::Seq { items, flow: false } => {
                items.last().map_or(self.span.end, Node::content_end)
            }
            Kind::Map {
                entries,
                flow: false,
            } => entries
                .last()
                .map_or(self.span.end, |e| e.value.content_end()),
            _ => self.span.end,
        }
    }

    /// As JSON, for `postdesk get` and for typing checks.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            Kind::Scalar { .. } => match self.scalar() {
                Some(Scalar::Null) | None => Value::Null,
                Some(Scalar::Bool(b)) => Value::Bool(b),
                Some(Scalar::Int(i)) => Value::from(i),
                Some(Scalar::Float(f)) => Value::from(f),
                Some(Scalar::Str(s)) => Value::String(s.to_owned()),
            },
            Kind::Seq { items, .. } => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map { entries, .. } => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
            Kind::Alias(target) => target.to_json(),
        }
    }
}

/// Types a scalar: quoted and block scalars are strings; plain ones may be
/// null, booleans or numbers.
pub fn type_scalar(value: &str, style: Style) -> Scalar<'_> {
    if style != Style::Plain {
        return Scalar::Str(value);
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        _ => {}
    }
    let looks_numeric = value
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'_'))
        && value.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        if let Ok(i) = value.parse::<i64>() {
            return Scalar::Int(i);
        }
        if let Ok(f) = value.parse::<f64>() {
            return Scalar::Float(f);
        }
    }
    Scalar::Str(value)
}

/// Parses `text` (the front-matter between its fences) into a located tree.
/// An empty text is an empty mapping.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        text,
        anchors: std::collections::HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
    };
    let mut root = None;
    loop {
        let (event, span) = events.next()?;
        match event {
            Ev::StreamEnd => break,
            Ev::DocumentStart | Ev::DocumentEnd | Ev::StreamStart => {}
            other => {
                if root.is_some() {
                    return Err(events.error(
                        span.0.start,
                        "front-matter holds more than one YAML document; keep one".into(),
                    ));
                }
                root = Some(events.node(other, span, 0)?);
            }
        }
    }
    let root = root.unwrap_or(Node {
        kind: Kind::Map {
            entries: Vec::new(),
            flow: false,
        },
        span: 0..0,
        line: 1,
        col: 1,
    });
    match &root.kind {
        Kind::Map { .. } => Ok(root),
        Kind::Scalar { value, .. } if value.is_empty() => Ok(Node {
            kind: Kind::Map {
                entries: Vec::new(),
                flow: false,
            },
            ..root
        }),
        _ => Err(YamlError {
            line: root.line,
            col: root.col,
            message: "front-matter must be a list of `key: value` fields".into(),
        }),
    }
}

/// Our own copy of the events we use, detached from the parser's lifetimes.
enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(usize),
    /// Value, style, anchor id (0: none).
    Scalar(String, Style, usize),
    SeqStart(bool, usize),
    SeqEnd,
    MapStart(bool, usize),
    MapEnd,
}

/// A byte range with the 1-based line and column of its start.
type Spot = (Range<usize>, (usize, usize));

struct Events<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    text: &'a str,
    anchors: std::collections::HashMap<usize, Node>,
    alias_budget: usize,
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.kind {
        Kind::Scalar { .. } => 0,
        Kind::Seq { items, .. } => items.iter().map(count_nodes).sum(),
        Kind::Map { entries, .. } => entries.iter().map(|e| count_nodes(&e.value)).sum(),
        Kind::Alias(target) => count_nodes(target),
    }
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<(Ev, Spot), YamlError> {
        loop {
            let Some(result) = self.parser.next_event() else {
                return Ok((Ev::StreamEnd, (self.text.len()..self.text.len(), (0, 0))));
            };
            let (event, span) = result.map_err(|e| {
                let m = e.marker();
                YamlError {
                    line: m.line(),
                    col: m.col() + 1,
                    message: e.info().to_owned(),
                }
            })?;
            let range = span.byte_range().unwrap_or(0..0);
            let at = (span.start.line(), span.start.col() + 1);
            let ev = match event {
                Event::StreamStart => Ev::StreamStart,
                Event::StreamEnd => Ev::StreamEnd,
                Event::DocumentStart(..) => Ev::DocumentStart,
                Event::DocumentEnd => Ev::DocumentEnd,
                Event::Alias(id) => Ev::Alias(id),
                Event::Scalar(value, style, anchor, _) => {
                    Ev::Scalar(value.into_owned(), style_of(style), anchor)
                }
                Event::SequenceStart(style, anchor, _) => {
                    Ev::SeqStart(style == StructureStyle::Flow, anchor)
                }
                Event::SequenceEnd => Ev::SeqEnd,
                Event::MappingStart(style, anchor, _) => {
                    Ev::MapStart(style == StructureStyle::Flow, anchor)
                }
                Event::MappingEnd => Ev::MapEnd,
                // Comments and other presentation events carry no data.
                _ => continue,
            };
            return Ok((ev, (range, at)));
        }
    }

    fn error(&self, offset: usize, message: String) -> YamlError {
        let (line, col) = crate::text::line_col(self.text, offset);
        YamlError { line, col, message }
    }

    fn node(&mut self, ev: Ev, (span, (line, col)): Spot, depth: usize) -> Result<Node, YamlError> {
        if depth > MAX_DEPTH {
            return Err(self.error(span.start, format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let start = span.start;
        let (node, anchor) = match ev {
            Ev::Scalar(value, style, anchor) => (
                Node {
                    kind: Kind::Scalar { value, style },
                    span,
                    line,
                    col,
                },
                anchor,
            ),
            Ev::Alias(id) => {
                let target = self.anchors.get(&id).cloned().ok_or_else(|| {
                    self.error(
                        start,
                        "this alias (*name) has no anchor (&name) before it".into(),
                    )
                })?;
                let cost = count_nodes(&target);
                if cost > self.alias_budget {
                    return Err(self.error(
                        start,
                        "aliases here expand to too much data (an alias bomb?); write the values out instead".into(),
                    ));
                }
                self.alias_budget -= cost;
                return Ok(Node {
                    kind: Kind::Alias(Box::new(target)),
                    span,
                    line,
                    col,
                });
            }
            Ev::SeqStart(flow, anchor) => {
                let mut items = Vec::new();
                loop {
                    let (ev, spot) = self.next()?;
                    if let Ev::SeqEnd = ev {
                        let end = if flow { spot.0.end } else { spot.0.start };
                        let kind = Kind::Seq { items, flow };
                        break (
                            Node {
                                kind,
                                span: start..end.max(start),
                                line,
                                col,
                            },
                            anchor,
                        );
                    }
                    items.push(self.node(ev, spot, depth + 1)?);
                }
            }
            Ev::MapStart(flow, anchor) => {
                let mut entries: Vec<Entry> = Vec::new();
                loop {
                    let (ev, (key_span, (key_line, key_col))) = self.next()?;
                    let key = match ev {
                        Ev::MapEnd => {
                            let end = if flow { key_span.end } else { key_span.start };
                            let kind = Kind::Map { entries, flow };
                            break (
                                Node {
                                    kind,
                                    span: start..end.max(start),
                                    line,
                                    col,
                                },
                                anchor,
                            );
                        }
                        Ev::Scalar(key, ..) => key,
                        _ => {
                            return Err(
                                self.error(key_span.start, "a key must be plain text".into())
                            )
                        }
                    };
                    if entries.iter().any(|e| e.key == key) {
                        return Err(YamlError {
                            line: key_line,
                            col: key_col,
                            message: format!("`{key}` appears twice; keep one of them"),
                        });
                    }
                    let (ev, spot) = self.next()?;
                    let value = self.node(ev, spot, depth + 1)?;
                    entries.push(Entry {
                        key,
                        key_span,
                        key_line,
                        key_col,
                        value,
                    });
                }
            }
            Ev::SeqEnd
            | Ev::MapEnd
            | Ev::StreamStart
            | Ev::StreamEnd
            | Ev::DocumentStart
            | Ev::DocumentEnd => {
                return Err(self.error(span.start, "unexpected end of a value".into()))
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn style_of(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_FM: &str = "title: \"A: B\"\ndate: \"2024-01-15T08:30:00.000Z\"\nauthor:\n  name: \"Cain\"\n  social:\n    github: \"gunb0s\"\ntags: [\"api\", \"backend\"]\nfeatured: false\n";

    #[test]
    fn spans_cover_the_value_as_written() {
        let root = parse(SEED_FM).unwrap();
        let title = root.lookup(&["title"]).unwrap();
        assert_eq!(&SEED_FM[title.span.clone()], "\"A: B\"");
        assert_eq!((title.line, title.col), (1, 8));
        let gh = root.lookup(&["author", "social", "github"]).unwrap();
        assert_eq!(&SEED_FM[gh.span.clone()], "\"gunb0s\"");
        assert_eq!(gh.line, 6);
        let tags = root.lookup(&["tags"]).unwrap();
        assert_eq!(&SEED_FM[tags.span.clone()], "[\"api\", \"backend\"]");
        let author = root.lookup(&["author"]).unwrap();
        assert_eq!(
            &SEED_FM[author.span.start..author.content_end()],
            "name: \"Cain\"\n  social:\n    github: \"gunb0s\""
        );
    }

    #[test]
    fn scalars_are_typed_by_the_core_schema() {
        let root = parse("a: true\nb: 12\nc: 1.5\nd: ~\ne: '12'\nf: text\n").unwrap();
        let s = |k: &str| root.lookup(&[k]).unwrap().scalar().unwrap();
        assert_eq!(s("a"), Scalar::Bool(true));
        assert_eq!(s("b"), Scalar::Int(12));
        assert_eq!(s("c"), Scalar::Float(1.5));
        assert_eq!(s("d"), Scalar::Null);
        assert_eq!(s("e"), Scalar::Str("12"));
        assert_eq!(s("f"), Scalar::Str("text"));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse("title: ok\ntags: [a, b\n").unwrap_err();
        assert!(err.line >= 2, "{err}");
        let dup = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((dup.line, dup.col), (3, 1));
        assert_eq!(dup.message, "`a` appears twice; keep one of them");
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        assert!(
            matches!(parse("").unwrap().kind, Kind::Map { ref entries, .. } if entries.is_empty())
        );
        assert!(matches!(
            parse("# only a comment\n").unwrap().kind,
            Kind::Map { .. }
        ));
        assert!(parse("- a\n- b\n").is_err());
    }

    #[test]
    fn aliases_resolve_within_a_budget() {
        let root = parse("a: &x [1, 2]\nb: *x\n").unwrap();
        assert_eq!(
            root.lookup(&["b"]).unwrap().to_json(),
            serde_json::json!([1, 2])
        );
        let mut bomb = String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            bomb.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = n;
        }
        let err = parse(&bomb).unwrap_err();
        assert_eq!(
            err.message,
            "aliases here expand to too much data (an alias bomb?); write the values out instead"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&format!("a: {deep}\n")).is_err());
    }
}
