//! A post's front-matter read once: its values, and where each field is in
//! the file (for issues and the form) — or exactly where and why it does
//! not parse.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::yaml::{self, Kind, Node};
use super::{split, Format, Split};
use crate::issue::{Issue, Severity};
use crate::text::line_col;

/// Front-matter larger than this is refused before parsing.
pub const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// Dotted path → (line, column) of a field's value in the file.
pub type Positions = BTreeMap<String, (usize, usize)>;

/// A post's front-matter as values, with where each field is in the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Located {
    pub value: Value,
    pub positions: Positions,
    /// The line of the opening fence (where missing fields are reported).
    pub front_matter_line: usize,
    pub body_is_empty: bool,
    /// The file has front-matter fences at all (Jekyll skips a post
    /// without them).
    #[serde(default)]
    pub has_front_matter: bool,
}

/// Where the front-matter's syntax is wrong: 1-based line and column in
/// the file, and what the parser said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The values and field positions of the front-matter `split` found in
/// `text`, from one parse (an empty object when there is none).
pub fn values(text: &str, split: &Split) -> Result<(Value, Positions), SyntaxError> {
    let fm = &text[split.front_matter.clone()];
    let offset = split.front_matter_line - 1;
    let at = |line: usize, col: usize, message: String| SyntaxError {
        line: split.front_matter_line + line.saturating_sub(1),
        col,
        message,
    };
    let mut positions = BTreeMap::new();
    match split.format {
        Format::None => Ok((Value::Object(Default::default()), positions)),
        Format::Yaml if fm.trim().is_empty() => Ok((Value::Object(Default::default()), positions)),
        Format::Yaml => {
            // Positions, clean messages, duplicate keys and an alias budget.
            let root = yaml::parse(fm).map_err(|e| at(e.line, e.col, e.message))?;
            record_positions(&root, "", offset, &mut positions);
            Ok((root.to_json(), positions))
        }
        Format::Json => {
            let value: Value = serde_json::from_str(fm).map_err(|e| {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(&*message, |(m, _)| m);
                at(e.line(), e.column(), first_line(message))
            })?;
            if !value.is_object() {
                return Err(at(
                    1,
                    1,
                    "the JSON front-matter is not an object of fields".into(),
                ));
            }
            json_positions(fm, offset, &mut positions);
            Ok((value, positions))
        }
        Format::Toml => {
            let table: toml::Table = toml::from_str(fm).map_err(|e| {
                let (line, col) = e.span().map_or((1, 1), |s| line_col(fm, s.start));
                at(line, col, first_line(e.message()))
            })?;
            // Top-level keys are enough to point at: TOML front-matter is flat.
            for (i, line) in fm.lines().enumerate() {
                if let Some((key, _)) = line.split_once('=') {
                    let key = key.trim().trim_matches('"');
                    let col = line.find('=').map_or(1, |c| {
                        c + 2 + line[c + 1..].len() - line[c + 1..].trim_start().len()
                    });
                    positions
                        .entry(key.to_owned())
                        .or_insert((offset + i + 1, col));
                }
            }
            Ok((
                super::edit::toml_to_json(&toml::Value::Table(table)),
                positions,
            ))
        }
    }
}

/// Parses the front-matter, or says exactly where and why it cannot.
pub fn locate(text: &str) -> Result<Located, Issue> {
    let split = split(text).map_err(|e| {
        Issue::new(
            Severity::Error,
            "front-matter-unclosed",
            None,
            (1, 1),
            e.to_string(),
        )
    })?;
    let fm = &text[split.front_matter.clone()];
    let body_is_empty = text[split.body.clone()].trim().is_empty();
    if fm.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Issue::new(
            Severity::Error,
            "front-matter-too-large",
            None,
            (1, 1),
            format!(
                "front-matter is {} bytes, over the 1 MiB limit; move large data out of it",
                fm.len()
            ),
        ));
    }
    let (value, positions) = values(text, &split).map_err(|e| {
        Issue::new(
            Severity::Error,
            "front-matter-syntax",
            None,
            (e.line, e.col),
            format!("{}; fix the YAML/TOML/JSON syntax here", e.message),
        )
    })?;
    Ok(Located {
        value,
        positions,
        front_matter_line: 1,
        body_is_empty,
        has_front_matter: split.format != Format::None,
    })
}

/// Where each top-level key's value starts in JSON front-matter (`fm`
/// includes the braces): keys at depth one, strings and escapes respected.
fn json_positions(fm: &str, offset: usize, out: &mut Positions) {
    let mut depth = 0usize;
    let mut line = 1;
    let mut line_start = 0;
    let mut chars = fm.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                line_start = i + 1;
            }
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '"' => {
                let mut key = String::new();
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    match c {
                        _ if escaped => {
                            key.push(c);
                            escaped = false;
                        }
                        '\\' => escaped = true,
                        '"' => break,
                        _ => key.push(c),
                    }
                }
                let rest = chars
                    .clone()
                    .map(|(_, c)| c)
                    .skip_while(|c| *c == ' ' || *c == '\t');
                let is_key = rest.clone().next() == Some(':');
                if depth == 1 && is_key {
                    // The value starts after the colon and its spaces.
                    let at = chars
                        .clone()
                        .skip_while(|(_, c)| *c != ':')
                        .skip(1)
                        .find(|(_, c)| *c != ' ' && *c != '\t')
                        .map_or(i, |(j, _)| j);
                    let col = fm[line_start..at].chars().count() + 1;
                    out.entry(key).or_insert((offset + line, col));
                }
            }
            _ => {}
        }
    }
}

fn record_positions(node: &Node, prefix: &str, offset: usize, out: &mut Positions) {
    if let Kind::Map { entries, .. } = &node.kind {
        for e in entries {
            let path = if prefix.is_empty() {
                e.key.clone()
            } else {
                format!("{prefix}.{}", e.key)
            };
            // An empty value (`key:`) points at its key.
            let pos = if e.value.span.is_empty() {
                (e.key_line, e.key_col)
            } else {
                (e.value.line, e.value.col)
            };
            out.insert(path.clone(), (pos.0 + offset, pos.1));
            record_positions(&e.value, &path, offset, out);
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_front_matter_is_read_with_its_positions() {
        let text = "{\n  \"title\": \"A \\\"quoted\\\" title\",\n  \"author\": {\"name\": \"x\"},\n  \"date\":   \"2024-01-15\"\n}\n\nBody\n";
        let l = locate(text).unwrap();
        assert_eq!(l.value["title"], "A \"quoted\" title");
        assert_eq!(l.positions.get("title"), Some(&(2, 12)));
        assert_eq!(l.positions.get("date"), Some(&(4, 13)));
        // Only top-level keys.
        assert_eq!(l.positions.get("name"), None);
        let broken = locate("{\n  \"title\": \"A\",\n}\nBody\n").unwrap_err();
        assert_eq!((broken.line, broken.col), (3, 1));
        assert_eq!(
            broken.message,
            "trailing comma; fix the YAML/TOML/JSON syntax here"
        );
    }
}
