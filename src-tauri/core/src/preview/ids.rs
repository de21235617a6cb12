//! Each generator's way of making a heading's id, so that an `#anchor` in
//! the preview jumps where it will on the site. Each scheme names the code
//! it follows; all are held to the real generators by the fidelity tests
//! (`tests/generators/variants/`).

use std::collections::HashMap;

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use super::markup::HeadingIds;

/// The id a heading gets before it is made unique: `raw` is the heading's
/// markdown (marks and all), `text` the text it shows.
pub(super) fn base_id(scheme: HeadingIds, raw: &str, text: &str, title_attributes: bool) -> String {
    match scheme {
        HeadingIds::Github => github_slug(text),
        HeadingIds::Goldmark | HeadingIds::GoldmarkAscii | HeadingIds::Blackfriday => {
            let mut text = heading_text(raw);
            // Its attributes (`{.class}`) are not its text.
            if title_attributes && text.ends_with('}') {
                if let Some(open) = text.rfind('{') {
                    text = text[..open].trim_end();
                }
            }
            let id = match scheme {
                HeadingIds::Blackfriday => blackfriday(text),
                HeadingIds::GoldmarkAscii => slug(&ascii(text.trim())),
                _ => github_slug(text),
            };
            // Hugo's `idFactory.Generate`: "heading" when nothing is left.
            if id.is_empty() {
                "heading".into()
            } else {
                id
            }
        }
        HeadingIds::Kramdown => {
            let id = kramdown(heading_text(raw));
            if id.is_empty() {
                "section".into()
            } else {
                id
            }
        }
    }
}

/// github-slugger (and Hugo's `github` type, `sanitizeAnchorName`):
/// lower-case, keep letters, digits, `-` and `_`, spaces become `-`.
pub(super) fn github_slug(text: &str) -> String {
    slug(text.trim())
}

/// [`github_slug`] without trimming: Hugo's `github-ascii` trims before
/// it leaves out what is not ASCII (`日本語 title` → `-title`).
fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Hugo's `github-ascii`: `text.RemoveAccents` (decomposed, marks
/// removed), then every character that is not ASCII is left out.
fn ascii(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .filter(char::is_ascii)
        .collect()
}

/// blackfriday's `SanitizedAnchorName` (Hugo's `blackfriday` type): runs
/// of anything but letters and digits become one `-`, none at the start
/// or the end.
fn blackfriday(text: &str) -> String {
    let mut id = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    id
}

/// kramdown's `basic_generate_id` (its own input, not GFM's): leading
/// characters up to the first ASCII letter dropped, then everything but
/// ASCII letters, digits, spaces and `-`; spaces become `-`.
fn kramdown(text: &str) -> String {
    let start = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text[start..]
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The raw text goldmark and kramdown make a heading's id from: its last
/// line, without the `#` marks (ATX) or the underline (setext).
pub(super) fn heading_text(raw: &str) -> &str {
    let raw = raw.trim_end();
    let atx = raw.trim_start().starts_with('#');
    let lines: Vec<&str> = raw.lines().collect();
    let last = if atx || lines.len() < 2 {
        lines.last().copied().unwrap_or("")
    } else {
        lines[lines.len() - 2]
    };
    if !atx {
        return last.trim();
    }
    let text = last.trim().trim_start_matches('#');
    // A closing sequence of `#` is not part of the text (after a space).
    let trimmed = text.trim_end();
    let closing = trimmed.trim_end_matches('#');
    if closing.len() < trimmed.len() && (closing.is_empty() || closing.ends_with([' ', '\t'])) {
        closing.trim()
    } else {
        trimmed.trim()
    }
}

/// The ids given so far in one document.
#[derive(Default)]
pub(super) struct UsedIds(HashMap<String, usize>);

impl UsedIds {
    /// `base`, or `base-1`, `base-2`… the first not yet given, as
    /// github-slugger, Hugo's `idFactory` and kramdown number repeats.
    pub(super) fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        while self.0.contains_key(&id) {
            let n = self.0.entry(base.clone()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.0.insert(id.clone(), 0);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goldmark_takes_a_heading_s_id_from_its_last_raw_line() {
        assert_eq!(heading_text("## Foo *bar* ##"), "Foo *bar*");
        assert_eq!(heading_text("# C#"), "C#");
        assert_eq!(heading_text("## "), "");
        assert_eq!(heading_text("Foo *bar\nbaz*\n===="), "baz*");
        assert_eq!(
            heading_text("[Link](http://x.com)\n---"),
            "[Link](http://x.com)"
        );
    }

    /// Each checked against Hugo 0.111 (`markup.goldmark.parser.
    /// autoHeadingIDType`) and Jekyll 4.3 (`kramdown.input: kramdown`).
    #[test]
    fn each_scheme_makes_the_generator_s_id() {
        let id = |scheme, raw: &str| base_id(scheme, raw, "", true);
        let raw = "# Héllo Wörld — Ünïcode";
        assert_eq!(id(HeadingIds::Goldmark, raw), "héllo-wörld--ünïcode");
        assert_eq!(id(HeadingIds::GoldmarkAscii, raw), "hello-world--unicode");
        assert_eq!(id(HeadingIds::Blackfriday, raw), "héllo-wörld-ünïcode");
        assert_eq!(id(HeadingIds::Kramdown, raw), "hllo-wrld--ncode");
        let raw = "## [Link](http://example.com/x)";
        assert_eq!(id(HeadingIds::Blackfriday, raw), "link-http-example-com-x");
        assert_eq!(id(HeadingIds::GoldmarkAscii, "## 日本語 title"), "-title");
        assert_eq!(
            id(HeadingIds::Blackfriday, "## snake_case --x"),
            "snake-case-x"
        );
        assert_eq!(
            id(HeadingIds::Kramdown, "## 1. Numbers first_"),
            "numbers-first"
        );
        assert_eq!(id(HeadingIds::Kramdown, "## 123"), "section");
        assert_eq!(id(HeadingIds::Goldmark, "## ?"), "heading");
        assert_eq!(id(HeadingIds::Blackfriday, "## Other {.cls}"), "other");
    }

    #[test]
    fn repeats_are_numbered_past_ids_already_given() {
        let mut used = UsedIds::default();
        let ids: Vec<String> = ["a-1", "a", "a", "a"]
            .iter()
            .map(|b| used.unique(b.to_string()))
            .collect();
        assert_eq!(ids, ["a-1", "a", "a-2", "a-3"]);
    }
}
