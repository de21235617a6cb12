//! Text helpers every layer uses: positions in a text, and slugs.

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// ASCII, lower-case, words joined by `-`.
pub fn slugify(title: &str) -> String {
    slug::slugify(title)
}
