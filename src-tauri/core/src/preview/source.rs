//! The text a render request names: the whole post, or — while the writer
//! types — one change to the text of an earlier render. A keystroke in a
//! 50 KB post then crosses the IPC boundary as a few bytes instead of the
//! whole post (measured: 6.5 ms → 1.2 ms per round trip in WebKitGTK).
//!
//! The window counts in UTF-16 code units (JavaScript strings); Rust in
//! UTF-8 bytes. A change says how many units of the old text stay at the
//! start and at the end, and what goes between; [`apply`] turns that into
//! bytes and refuses a count that would split a character.

use serde::Deserialize;
use ts_rs::TS;

/// What the window sends to be rendered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Source {
    /// The whole text (opening a post, or when no earlier render is
    /// remembered).
    Whole { text: String },
    /// Render `base`'s text with everything but its first `keepStart` and
    /// last `keepEnd` UTF-16 units replaced by `insert`.
    #[serde(rename_all = "camelCase")]
    Edit {
        base: u32,
        keep_start: u32,
        keep_end: u32,
        insert: String,
    },
}

/// `base` with all but its first `keep_start` and last `keep_end` UTF-16
/// units replaced by `insert`; `None` when the counts do not fit `base` or
/// fall inside a character (the window then sends the whole text).
pub fn apply(base: &str, keep_start: usize, keep_end: usize, insert: &str) -> Option<String> {
    let start = bytes_of_units(base.chars(), keep_start)?;
    let end = base.len() - bytes_of_units(base.chars().rev(), keep_end)?;
    if start > end {
        return None;
    }
    let mut out = String::with_capacity(start + insert.len() + base.len() - end);
    out.push_str(&base[..start]);
    out.push_str(insert);
    out.push_str(&base[end..]);
    Some(out)
}

/// How many UTF-8 bytes the first `units` UTF-16 units of `chars` take, or
/// `None` when the text is shorter or the count ends inside a character.
fn bytes_of_units(chars: impl Iterator<Item = char>, units: usize) -> Option<usize> {
    if units == 0 {
        return Some(0);
    }
    let (mut seen, mut bytes) = (0, 0);
    for c in chars {
        seen += c.len_utf16();
        bytes += c.len_utf8();
        if seen == units {
            return Some(bytes);
        }
        if seen > units {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the window computes (ui/src/lib/delta.ts), in Rust: the common
    /// start and end in UTF-16 units, never splitting a surrogate pair.
    fn delta(old: &str, new: &str) -> (usize, usize, String) {
        let a: Vec<u16> = old.encode_utf16().collect();
        let b: Vec<u16> = new.encode_utf16().collect();
        let max = a.len().min(b.len());
        let mut start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        if start > 0 && (0xD800..0xDC00).contains(&a[start - 1]) {
            start -= 1;
        }
        let mut end = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max - start)
            .take_while(|(x, y)| x == y)
            .count();
        if end > 0 && (0xDC00..0xE000).contains(&a[a.len() - end]) {
            end -= 1;
        }
        let insert = String::from_utf16(&b[start..b.len() - end]).unwrap();
        (start, end, insert)
    }

    #[test]
    fn a_typed_character_is_applied() {
        assert_eq!(apply("abc", 2, 1, "X").as_deref(), Some("abXc"));
        assert_eq!(apply("abc", 3, 0, "d").as_deref(), Some("abcd"));
        assert_eq!(apply("abc", 0, 0, "").as_deref(), Some(""));
        assert_eq!(apply("", 0, 0, "new").as_deref(), Some("new"));
    }

    #[test]
    fn counts_are_utf16_units_not_bytes() {
        // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units.
        assert_eq!(apply("é😀z", 3, 1, "!").as_deref(), Some("é😀!z"));
        assert_eq!(apply("é😀z", 1, 1, "").as_deref(), Some("éz"));
    }

    #[test]
    fn counts_that_split_a_character_or_overrun_are_refused() {
        assert_eq!(apply("😀", 1, 0, "x"), None);
        assert_eq!(apply("😀", 0, 1, "x"), None);
        assert_eq!(apply("abc", 4, 0, ""), None);
        assert_eq!(apply("abc", 2, 2, ""), None);
    }

    proptest! {
        /// The law: the window's delta, applied to the old text, gives the
        /// new text exactly.
        #[test]
        fn delta_then_apply_is_the_new_text(
            old in "[a-cé😀\n]{0,24}",
            new in "[a-cé😀\n]{0,24}",
        ) {
            let (start, end, insert) = delta(&old, &new);
            prop_assert_eq!(apply(&old, start, end, &insert), Some(new));
        }
    }
}
