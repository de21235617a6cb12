//! Byte-preserving front-matter edits.
//!
//! An edit rewrites only the bytes of the field it changes: the located YAML
//! tree ([`crate::front_matter::yaml`]) gives each value's exact byte range, and the new
//! value is rendered in the old one's style (a double-quoted title stays
//! double-quoted, a flow list stays a flow list). Key order, comments, blank
//! lines, other values' quoting, CRLF and the BOM all stay as written. Setting
//! a field to the value it already has returns the text unchanged. TOML
//! front-matter is edited with toml_edit, which keeps each value's decor.

use std::ops::Range;

use serde_json::Value;

use crate::front_matter::yaml::{self, Kind, Node, Scalar, Style, YamlError};
use crate::front_matter::{self, Format, SplitError};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EditError {
    #[error(transparent)]
    Split(#[from] SplitError),
    #[error("front-matter line {line}, column {col}: {message}; fix the front-matter first", line = .0.line, col = .0.col, message = .0.message)]
    Yaml(YamlError),
    #[error("front-matter: {0}; fix the front-matter first")]
    Toml(String),
    #[error("`{path}` is written as an alias (*name); edit the anchored value instead")]
    Alias { path: String },
    #[error(
        "`{path}` is inside `{parent}`, which is not a group of fields; change `{parent}` first"
    )]
    NotAGroup { path: String, parent: String },
    #[error("`{path}` is inside a `{{…}}` mapping written on one line; Postdesk edits only block mappings there, so edit that line by hand")]
    FlowMapping { path: String },
    #[error("`{path}` is a group of fields; set each field inside it (e.g. `{path}.name=…`)")]
    IsAGroup { path: String },
    #[error("`{path}`: Postdesk does not edit JSON front-matter; change it in the text, or write the front-matter as YAML (`---`) or TOML (`+++`)")]
    Json { path: String },
    #[error("an empty field name; give a key like `title` or `author.name`")]
    EmptyKey,
    #[error("`{path}` is written with an explicit `? key` or a multi-line key, which Postdesk does not edit; change it by hand")]
    ComplexKey { path: String },
}

/// Reads the value at a dotted path (`None` when the field is absent).
pub fn get(text: &str, path: &[&str]) -> Result<Option<Value>, EditError> {
    let split = front_matter::split(text)?;
    let fm = &text[split.front_matter.clone()];
    match split.format {
        Format::None => Ok(None),
        Format::Yaml => {
            let root = yaml::parse(fm).map_err(EditError::Yaml)?;
            Ok(root.lookup(path).map(Node::to_json))
        }
        Format::Json => {
            let root: Value =
                serde_json::from_str(fm).map_err(|e| EditError::Toml(e.to_string()))?;
            let mut v = &root;
            for key in path {
                match v.get(key) {
                    Some(next) => v = next,
                    None => return Ok(None),
                }
            }
            Ok(Some(v.clone()))
        }
        Format::Toml => {
            let table: toml::Table =
                toml::from_str(fm).map_err(|e| EditError::Toml(e.message().to_owned()))?;
            let mut v = &toml::Value::Table(table);
            for key in path {
                match v.get(key) {
                    Some(next) => v = next,
                    None => return Ok(None),
                }
            }
            Ok(Some(toml_to_json(v)))
        }
    }
}

/// Sets the field at `path` to `value`. `order` lists the keys of the
/// field's parent in the schema's order; a new key goes after the last
/// present key that comes before it there, else at the end.
pub fn set(text: &str, path: &[&str], value: &Value, order: &[&str]) -> Result<String, EditError> {
    if path.is_empty() || path.iter().any(|k| k.is_empty()) {
        return Err(EditError::EmptyKey);
    }
    if value.is_object() {
        return Err(EditError::IsAGroup {
            path: path.join("."),
        });
    }
    let split = front_matter::split(text)?;
    let fm_range = split.front_matter.clone();
    let fm = &text[fm_range.clone()];
    let new_fm = match split.format {
        Format::Yaml => set_yaml(fm, path, value, order)?,
        Format::Toml => set_toml(fm, path, value)?,
        Format::Json => {
            return Err(EditError::Json {
                path: path.join("."),
            })
        }
        Format::None => {
            // A post without front-matter gets one, in the file's line ending.
            let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let style = Style::DoubleQuoted;
            let entry = render_new_entry(path, value, 0, style, nl);
            let bom = &text[..split.body.start];
            return Ok(format!(
                "{bom}---{nl}{entry}---{nl}{}",
                &text[split.body.clone()]
            ));
        }
    };
    match new_fm {
        None => Ok(text.to_owned()),
        Some(new_fm) => Ok(splice(text, fm_range, &new_fm)),
    }
}

/// Removes the field at `path` (its whole line or lines). Removing an absent
/// field changes nothing.
pub fn remove(text: &str, path: &[&str]) -> Result<String, EditError> {
    if path.is_empty() {
        return Err(EditError::EmptyKey);
    }
    let split = front_matter::split(text)?;
    let fm_range = split.front_matter.clone();
    let fm = &text[fm_range.clone()];
    let new_fm = match split.format {
        Format::None => None,
        Format::Json => {
            return Err(EditError::Json {
                path: path.join("."),
            })
        }
        Format::Yaml => {
            let root = yaml::parse(fm).map_err(EditError::Yaml)?;
            let (parent_path, key) = path.split_at(path.len() - 1);
            match root.lookup(parent_path) {
                Some(Node {
                    kind: Kind::Map { entries, flow },
                    ..
                }) => match entries.iter().find(|e| e.key == key[0]) {
                    None => None,
                    Some(_) if *flow => {
                        return Err(EditError::FlowMapping {
                            path: path.join("."),
                        })
                    }
                    Some(entry) => {
                        let start = line_start(fm, entry.key_span.start);
                        let end = line_end(fm, entry.value.content_end().max(entry.key_span.end));
                        Some(splice(fm, start..end, ""))
                    }
                },
                _ => None,
            }
        }
        Format::Toml => {
            let mut doc: toml_edit::DocumentMut = fm
                .parse()
                .map_err(|e: toml_edit::TomlError| EditError::Toml(e.message().to_owned()))?;
            let (parent_path, key) = path.split_at(path.len() - 1);
            let mut table = doc.as_table_mut() as &mut dyn toml_edit::TableLike;
            for k in parent_path {
                match table.get_mut(k).and_then(|i| i.as_table_like_mut()) {
                    Some(t) => table = t,
                    None => return Ok(text.to_owned()),
                }
            }
            table.remove(key[0]).map(|_| doc.to_string())
        }
    };
    Ok(match new_fm {
        None => text.to_owned(),
        Some(new_fm) => splice(text, fm_range, &new_fm),
    })
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// `end` moved back over trailing blank space and line breaks, so a
/// replacement never swallows the line break that ends a value.
fn trim_end_at(text: &str, start: usize, end: usize) -> usize {
    start
        + text[start..end]
            .trim_end_matches([' ', '\t', '\r', '\n'])
            .len()
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset just past the line ending of the line holding `at`.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn set_yaml(
    fm: &str,
    path: &[&str],
    value: &Value,
    order: &[&str],
) -> Result<Option<String>, EditError> {
    let root = yaml::parse(fm).map_err(EditError::Yaml)?;
    let nl = if fm.contains("\r\n") { "\r\n" } else { "\n" };
    let style = dominant_style(&root);

    // Walk down as far as the path exists.
    let mut node = &root;
    let mut depth = 0;
    let mut key_end = 0;
    while depth < path.len() {
        let Kind::Map { entries, flow } = &node.kind else {
            break;
        };
        let Some(entry) = entries.iter().find(|e| e.key == path[depth]) else {
            if *flow {
                return Err(EditError::FlowMapping {
                    path: path.join("."),
                });
            }
            break;
        };
        key_end = entry.key_span.end;
        node = &entry.value;
        depth += 1;
    }

    if depth == path.len() {
        // The field exists: replace its value's bytes.
        if !fm[key_end..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':')
        {
            return Err(EditError::ComplexKey {
                path: path.join("."),
            });
        }
        if matches!(node.kind, Kind::Alias(_)) {
            return Err(EditError::Alias {
                path: path.join("."),
            });
        }
        if node.to_json() == *value || same_block_text(node, value) {
            return Ok(None);
        }
        if matches!(node.kind, Kind::Map { .. }) {
            return Err(EditError::IsAGroup {
                path: path.join("."),
            });
        }
        return Ok(Some(replace_value(fm, node, key_end, value, style, nl)));
    }

    // Some keys are missing below `node`.
    let rest = &path[depth..];
    match &node.kind {
        Kind::Map {
            entries,
            flow: false,
        } => {
            let indent = entries.first().map_or(0, |e| e.key_col - 1);
            let entry_text = render_new_entry(rest, value, indent, style, nl);
            let at = insert_position(
                fm,
                entries,
                rest[0],
                if depth + 1 == path.len() { order } else { &[] },
            );
            let mut out = fm.to_owned();
            // A front-matter whose last line lacks a newline gets one first.
            let entry_text = if at == fm.len() && !fm.is_empty() && !fm.ends_with('\n') {
                format!("{nl}{entry_text}")
            } else {
                entry_text
            };
            out.insert_str(at, &entry_text);
            Ok(Some(out))
        }
        Kind::Map { flow: true, .. } => Err(EditError::FlowMapping {
            path: path.join("."),
        }),
        Kind::Scalar { .. } if node.to_json().is_null() && depth > 0 => {
            if !fm[key_end..]
                .trim_start_matches([' ', '\t'])
                .starts_with(':')
            {
                return Err(EditError::ComplexKey {
                    path: path.join("."),
                });
            }
            // `author:` with nothing under it: the group is created.
            let key_line_start = line_start(fm, key_end);
            let indent =
                fm[key_line_start..].len() - fm[key_line_start..].trim_start_matches(' ').len();
            let nested = render_new_entry(rest, value, indent + 2, style, nl);
            let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
            let end = node.span.end.max(colon);
            let tail_end = line_end(fm, end);
            let mut out = String::new();
            out.push_str(&fm[..colon]);
            out.push_str(nl);
            out.push_str(&nested);
            out.push_str(&fm[tail_end..]);
            Ok(Some(out))
        }
        _ => Err(EditError::NotAGroup {
            path: path.join("."),
            parent: path[..depth].join("."),
        }),
    }
}

/// Where a new key goes among `entries`: after the last entry that comes
/// before it in `order`, else before the first that comes after it, else at
/// the end.
fn insert_position(fm: &str, entries: &[yaml::Entry], key: &str, order: &[&str]) -> usize {
    let after_entry = |e: &yaml::Entry| line_end(fm, e.value.content_end().max(e.key_span.end));
    if let Some(rank) = order.iter().position(|k| *k == key) {
        let before = entries.iter().rfind(|e| {
            order
                .iter()
                .position(|k| *k == e.key)
                .is_some_and(|r| r < rank)
        });
        if let Some(e) = before {
            return after_entry(e);
        }
        if let Some(e) = entries.iter().find(|e| {
            order
                .iter()
                .position(|k| *k == e.key)
                .is_some_and(|r| r > rank)
        }) {
            return line_start(fm, e.key_span.start);
        }
    }
    entries.last().map_or(fm.len(), after_entry)
}

/// The quoting most strings in this front-matter use, for new values.
fn dominant_style(root: &Node) -> Style {
    fn count(node: &Node, double: &mut usize, other: &mut usize) {
        match &node.kind {
            Kind::Scalar { style, .. } => match (style, node.scalar()) {
                (Style::DoubleQuoted, _) => *double += 1,
                (_, Some(Scalar::Str(_))) => *other += 1,
                _ => {}
            },
            Kind::Seq { items, .. } => items.iter().for_each(|i| count(i, double, other)),
            Kind::Map { entries, .. } => {
                entries.iter().for_each(|e| count(&e.value, double, other))
            }
            Kind::Alias(_) => {}
        }
    }
    let (mut double, mut other) = (0, 0);
    count(root, &mut double, &mut other);
    if double > other {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

fn replace_value(
    fm: &str,
    node: &Node,
    key_end: usize,
    value: &Value,
    style: Style,
    nl: &str,
) -> String {
    match (&node.kind, value) {
        (Kind::Scalar { style: old, .. }, v) if !v.is_array() => {
            let mut span = node.span.clone();
            // An empty plain value (`key:`) has an empty span: write after the
            // colon and after any tag or anchor (`key: !tag &name`).
            let rendered = render_scalar(v, *old);
            if matches!(old, Style::Literal | Style::Folded) {
                let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
                let end = trim_end_at(fm, colon, span.end.max(colon));
                // One line of text stays a `|` or `>` block: the header and
                // the indentation are kept, only the text changes.
                if let Some(block) = v
                    .as_str()
                    .and_then(|s| one_line_block(fm, colon, end, s, nl))
                {
                    return splice(fm, colon..end, &block);
                }
                // Else the block becomes a quoted value on the key's line
                // (indicator, indentation and all).
                return splice(fm, colon..end, &format!(" {rendered}"));
            }
            if span.is_empty() && matches!(old, Style::Plain) {
                // The parser puts an empty value after its tag or anchor
                // (`key: !tag &name`), else at the key's colon.
                let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
                let at = if span.start >= colon {
                    span.start
                } else {
                    colon
                };
                span = at..at;
                return splice(fm, span, &format!(" {rendered}"));
            }
            splice(fm, span, &rendered)
        }
        (Kind::Seq { items, flow }, Value::Array(new_items)) => {
            let item_style = items.first().and_then(|i| match &i.kind {
                Kind::Scalar { style, .. } => Some(*style),
                _ => None,
            });
            let item_style = item_style.unwrap_or(style);
            if *flow {
                splice(
                    fm,
                    node.span.clone(),
                    &render_flow_list(new_items, item_style),
                )
            } else {
                let item_indent = node.col - 1;
                let range = node.span.start..trim_end_at(fm, node.span.start, node.content_end());
                if new_items.is_empty() {
                    let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
                    return splice(fm, colon..trim_end_at(fm, colon, node.content_end()), " []");
                }
                let lines: Vec<String> = new_items
                    .iter()
                    .map(|i| format!("- {}", render_scalar(i, item_style)))
                    .collect();
                let pad = " ".repeat(item_indent);
                splice(fm, range, &lines.join(&format!("{nl}{pad}")))
            }
        }
        (_, Value::Array(new_items)) => {
            // A scalar becomes a list: written as a flow list on the key's line.
            let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
            let end = trim_end_at(fm, colon, node.content_end().max(colon));
            splice(
                fm,
                colon..end,
                &format!(" {}", render_flow_list(new_items, style)),
            )
        }
        (_, v) => {
            // A block list becomes a scalar: it moves onto the key's line.
            let colon = key_end + fm[key_end..].find(':').map_or(0, |i| i + 1);
            splice(
                fm,
                colon..trim_end_at(fm, colon, node.content_end().max(colon)),
                &format!(" {}", render_scalar(v, style)),
            )
        }
    }
}

fn render_flow_list(items: &[Value], style: Style) -> String {
    let inner: Vec<String> = items.iter().map(|i| render_scalar(i, style)).collect();
    format!("[{}]", inner.join(", "))
}

/// A block scalar (`|`, `>`) holds `value` up to its final line breaks (a
/// form shows the text without them): setting it to that changes nothing.
fn same_block_text(node: &Node, value: &Value) -> bool {
    let (Kind::Scalar { style, .. }, Some(new)) = (&node.kind, value.as_str()) else {
        return false;
    };
    matches!(style, Style::Literal | Style::Folded)
        && node
            .to_json()
            .as_str()
            .is_some_and(|old| old.trim_end_matches('\n') == new.trim_end_matches('\n'))
}

/// The block `fm[colon..end]` (` >` or ` |`, then indented lines) holding
/// the one line `text` instead, with the chomping that reads back exactly
/// `text` (`-` when it has no final line break); `None` when the text is
/// not one plain line or the header is more than an indicator.
fn one_line_block(fm: &str, colon: usize, end: usize, text: &str, nl: &str) -> Option<String> {
    let line = text.strip_suffix('\n').unwrap_or(text);
    if line.is_empty() || line.contains(['\n', '\r']) || line.starts_with([' ', '\t']) {
        return None;
    }
    let block = &fm[colon..end];
    let header_end = block.find('\n')?;
    let header = block[..header_end].trim();
    let style = match header.trim_end_matches(['-', '+']) {
        "|" => '|',
        ">" => '>',
        _ => return None,
    };
    let chomp = if text.ends_with('\n') { "" } else { "-" };
    let first = block[header_end + 1..]
        .lines()
        .find(|l| !l.trim().is_empty())?;
    let indent = &first[..first.len() - first.trim_start_matches(' ').len()];
    if indent.is_empty() {
        return None;
    }
    Some(format!(" {style}{chomp}{nl}{indent}{line}"))
}

/// `a.b.c: value` as nested block lines at `indent`, each ending in `nl`.
fn render_new_entry(path: &[&str], value: &Value, indent: usize, style: Style, nl: &str) -> String {
    let mut out = String::new();
    for (depth, key) in path.iter().enumerate() {
        let pad = " ".repeat(indent + 2 * depth);
        out.push_str(&pad);
        out.push_str(&render_key(key));
        out.push(':');
        if depth + 1 == path.len() {
            out.push(' ');
            match value {
                Value::Array(items) => out.push_str(&render_flow_list(items, style)),
                v => out.push_str(&render_scalar(v, style)),
            }
        }
        out.push_str(nl);
    }
    out
}

fn render_key(key: &str) -> String {
    if is_plain_safe(key) {
        key.to_owned()
    } else {
        serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
    }
}

/// A value in the given style where the value allows it.
pub fn render_scalar(value: &Value, style: Style) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match style {
            Style::SingleQuoted if !s.contains(['\n', '\r']) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            Style::Plain if is_plain_safe(s) => s.clone(),
            // JSON strings are valid YAML double-quoted scalars.
            _ => serde_json::to_string(s).unwrap_or_default(),
        },
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// Whether `s` reads back as the same string when written without quotes.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(['\n', '\r', '\t'])
        && matches!(yaml::type_scalar(s, Style::Plain), Scalar::Str(_))
}

fn set_toml(fm: &str, path: &[&str], value: &Value) -> Result<Option<String>, EditError> {
    let mut doc: toml_edit::DocumentMut = fm
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Toml(e.message().to_owned()))?;
    let (parent_path, key) = path.split_at(path.len() - 1);
    let mut table = doc.as_table_mut() as &mut dyn toml_edit::TableLike;
    for (i, k) in parent_path.iter().enumerate() {
        if table.get(k).is_none() {
            table.insert(k, toml_edit::Item::Table(toml_edit::Table::new()));
        }
        table = table
            .get_mut(k)
            .and_then(|item| item.as_table_like_mut())
            .ok_or_else(|| EditError::NotAGroup {
                path: path.join("."),
                parent: path[..=i].join("."),
            })?;
    }
    let new = json_to_toml(value);
    match table.get_mut(key[0]) {
        Some(toml_edit::Item::Value(old)) => {
            if toml_value_to_json(old) == *value {
                return Ok(None);
            }
            let decor = old.decor().clone();
            let mut new = new;
            *new.decor_mut() = decor;
            *old = new;
        }
        Some(_) => {
            return Err(EditError::IsAGroup {
                path: path.join("."),
            })
        }
        None => {
            table.insert(key[0], toml_edit::Item::Value(new));
        }
    }
    Ok(Some(doc.to_string()))
}

fn json_to_toml(value: &Value) -> toml_edit::Value {
    match value {
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        Value::String(s) => match s.parse::<toml_edit::Datetime>() {
            // Dates stay TOML dates when they were written as such.
            Ok(dt) if looks_like_date(s) => dt.into(),
            _ => s.as_str().into(),
        },
        Value::Array(items) => {
            let mut arr = toml_edit::Array::new();
            for i in items {
                arr.push(json_to_toml(i));
            }
            arr.into()
        }
        Value::Null | Value::Object(_) => "".into(),
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && b[..4].iter().all(u8::is_ascii_digit)
}

fn toml_value_to_json(v: &toml_edit::Value) -> Value {
    match v {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::from(*i.value()),
        toml_edit::Value::Float(f) => Value::from(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => Value::String(d.value().to_string()),
        toml_edit::Value::Array(a) => Value::Array(a.iter().map(toml_value_to_json).collect()),
        toml_edit::Value::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_owned(), toml_value_to_json(v)))
                .collect(),
        ),
    }
}

pub(crate) fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests;
