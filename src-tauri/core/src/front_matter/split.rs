//! Cuts a post's raw text into front-matter and body without changing a byte.
//!
//! The split works on the text as written: a byte-order mark, CRLF line
//! endings and the final newline stay where they are, so the pieces can be
//! put back together exactly (`bom + open + front_matter + close + body`).

use std::ops::Range;

/// The markup between the fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` fences.
    Yaml,
    /// `+++` fences (Hugo).
    Toml,
    /// A JSON object at the top of the file (Hugo): `{` then, on the next
    /// line, `"key": …`, up to its matching `}`. The braces belong to the
    /// front-matter; there are no other fences.
    Json,
    /// No front-matter at all: the whole file is the body.
    None,
}

/// Byte ranges into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Format,
    /// The front-matter's own text, without its fences.
    pub front_matter: Range<usize>,
    /// Everything after the closing fence's line.
    pub body: Range<usize>,
    /// 1-based line of the first front-matter line (for error positions).
    pub front_matter_line: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SplitError {
    #[error(
        "line {line}: the front-matter opened with `{fence}` is never closed; \
         add a line containing only `{fence}` after the last field"
    )]
    Unterminated { fence: &'static str, line: usize },
    #[error("line {line}: the JSON front-matter opened with `{{` is never closed; add the closing `}}` after the last field")]
    UnterminatedJson { line: usize },
}

const BOM: &str = "\u{feff}";

/// Finds the front-matter fences. A file that does not start with `---` or
/// `+++` (after an optional BOM) has no front-matter, which is valid.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let rest = &text[start..];
    if starts_json(rest) {
        return split_json(text, start);
    }
    let (format, fence) = if fence_line(rest, "---").is_some() {
        (Format::Yaml, "---")
    } else if fence_line(rest, "+++").is_some() {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: Format::None,
            front_matter: start..start,
            body: start..text.len(),
            front_matter_line: 1,
            body_line: 1,
        });
    };
    let open_len = fence_line(rest, fence).unwrap_or(fence.len());
    let fm_start = start + open_len;
    let mut pos = fm_start;
    let mut line = 2;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if let Some(len) = fence_line(&text[pos..line_end], fence) {
            debug_assert_eq!(len, line_end - pos);
            return Ok(Split {
                format,
                front_matter: fm_start..pos,
                body: line_end..text.len(),
                front_matter_line: 2,
                body_line: line + 1,
            });
        }
        pos = line_end;
        line += 1;
    }
    Err(SplitError::Unterminated { fence, line: 1 })
}

/// Hugo takes a file that starts with `{` as JSON front-matter. Only a
/// `{` followed (after spaces and newlines) by a `"key"` or `}` is taken so
/// here: a post that starts with a Liquid tag or a shortcode (`{%`, `{{<`)
/// is body.
fn starts_json(rest: &str) -> bool {
    let Some(after) = rest.strip_prefix('{') else {
        return false;
    };
    matches!(after.trim_start().chars().next(), Some('"' | '}'))
}

/// The JSON object at `start`, up to its matching brace (strings and
/// escapes respected), and the rest of that line.
fn split_json(text: &str, start: usize) -> Result<Split, SplitError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut line = 1;
    for (i, c) in text[start..].char_indices() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let end = start + i + 1;
                    let body = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                    return Ok(Split {
                        format: Format::Json,
                        front_matter: start..end,
                        body: body..text.len(),
                        front_matter_line: 1,
                        body_line: line + 1,
                    });
                }
            }
            _ => {}
        }
    }
    Err(SplitError::UnterminatedJson { line: 1 })
}

/// If `s` starts with a line holding only `fence` (trailing spaces allowed),
/// the length of that line including its line ending.
fn fence_line(s: &str, fence: &str) -> Option<usize> {
    let rest = s.strip_prefix(fence)?;
    let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let tail = &rest[..end];
    if tail
        .trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t'])
        .is_empty()
    {
        Some(fence.len() + end)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Format, &str, &str) {
        let s = split(text).unwrap();
        (
            s.format,
            &text[s.front_matter.clone()],
            &text[s.body.clone()],
        )
    }

    #[test]
    fn yaml_front_matter_and_body() {
        let (f, fm, body) = parts("---\ntitle: A\n---\n\nHello\n");
        assert_eq!(f, Format::Yaml);
        assert_eq!(fm, "title: A\n");
        assert_eq!(body, "\nHello\n");
    }

    #[test]
    fn crlf_and_bom_are_kept_outside_the_pieces() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.front_matter.clone()], "title: A\r\n");
        assert_eq!(&text[s.body.clone()], "Body\r\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn toml_fences() {
        let (f, fm, _) = parts("+++\ntitle = \"A\"\n+++\nx");
        assert_eq!(f, Format::Toml);
        assert_eq!(fm, "title = \"A\"\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let (f, fm, body) = parts("# Just text\n");
        assert_eq!(f, Format::None);
        assert_eq!(fm, "");
        assert_eq!(body, "# Just text\n");
    }

    #[test]
    fn a_horizontal_rule_later_is_not_front_matter() {
        assert_eq!(parts("Text\n---\nmore").0, Format::None);
        assert_eq!(parts("----\nx").0, Format::None);
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let (_, fm, body) = parts("---\na: 1\n---");
        assert_eq!(fm, "a: 1\n");
        assert_eq!(body, "");
    }

    #[test]
    fn unterminated_front_matter_is_an_error_that_says_how_to_fix_it() {
        let err = split("---\ntitle: A\nbody\n").unwrap_err();
        assert_eq!(
            err,
            SplitError::Unterminated {
                fence: "---",
                line: 1
            }
        );
        assert_eq!(err.to_string(), "line 1: the front-matter opened with `---` is never closed; add a line containing only `---` after the last field");
    }

    #[test]
    fn json_front_matter_is_the_object_at_the_top() {
        let text = "{\n  \"title\": \"A } {\\\" b\",\n  \"tags\": [\"x\"]\n}\n\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Json);
        assert_eq!(
            &text[s.front_matter.clone()],
            "{\n  \"title\": \"A } {\\\" b\",\n  \"tags\": [\"x\"]\n}"
        );
        assert_eq!(&text[s.body.clone()], "\nBody\n");
        assert_eq!(s.body_line, 5);
        // Liquid and shortcodes at the top are body.
        assert_eq!(parts("{% include x.html %}\n").0, Format::None);
        assert_eq!(parts("{{< figure src=\"a.png\" >}}\n").0, Format::None);
        assert_eq!(
            split("{\n  \"title\": \"A\"\n\nBody\n").unwrap_err().to_string(),
            "line 1: the JSON front-matter opened with `{` is never closed; add the closing `}` after the last field"
        );
    }
}
