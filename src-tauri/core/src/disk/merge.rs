//! When a post changed on disk while the writer had unsaved edits: the
//! three-way merge of the version last loaded (base), the editor's text
//! (mine) and the file on disk (theirs), and the line diff shown before a
//! recovered edit is restored.
//!
//! Both come from diffy. Its merge answers text with conflict markers; the
//! markers here are made longer than any marker-like line in the three
//! texts, so reading them back into segments is unambiguous.

use serde::Serialize;
use ts_rs::TS;

/// A part of the merged post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Segment {
    /// Text both sides agree on (or that only one side changed).
    Same { text: String },
    /// Lines both sides changed differently: the writer picks.
    Conflict {
        mine: String,
        base: String,
        theirs: String,
    },
}

/// The merge of the writer's edits with the file's new content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Merged {
    pub segments: Vec<Segment>,
    pub conflicts: usize,
}

impl Merged {
    /// The merged text when nothing conflicts.
    pub fn clean(&self) -> Option<String> {
        (self.conflicts == 0).then(|| self.resolve(|_, _, _| unreachable!()))
    }

    /// The text with each conflict replaced by what `pick(mine, base, theirs)`
    /// answers.
    pub fn resolve(&self, mut pick: impl FnMut(&str, &str, &str) -> String) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Same { text } => out.push_str(text),
                Segment::Conflict { mine, base, theirs } => out.push_str(&pick(mine, base, theirs)),
            }
        }
        out
    }
}

/// Merges `mine` and `theirs`, both edited from `base`, line by line.
pub fn three_way(base: &str, mine: &str, theirs: &str) -> Merged {
    // diffy reads lines; a last line without a newline would carry the
    // markers on it. Give every side a final newline and take it back off
    // the result when the merge of the three "ends with a newline" says so.
    let nl = |s: &str| s.ends_with('\n');
    let ends = if nl(mine) == nl(base) {
        nl(theirs)
    } else {
        nl(mine)
    };
    let with_nl = |s: &str| {
        if s.ends_with('\n') || s.is_empty() {
            s.to_owned()
        } else {
            format!("{s}\n")
        }
    };
    let (base, mine, theirs) = (with_nl(base), with_nl(mine), with_nl(theirs));
    let len = marker_length(&[&base, &mine, &theirs]);
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_marker_length(len)
        .set_conflict_style(diffy::ConflictStyle::Diff3);
    let mut merged = match options.merge(&base, &mine, &theirs) {
        Ok(text) => Merged {
            segments: vec![Segment::Same { text }],
            conflicts: 0,
        },
        Err(marked) => read_markers(&marked, len),
    };
    if !ends {
        if let Some(last) = merged.segments.last_mut() {
            let strip = |s: &mut String| {
                if s.ends_with('\n') {
                    s.pop();
                }
            };
            match last {
                Segment::Same { text } => strip(text),
                Segment::Conflict { mine, base, theirs } => {
                    strip(mine);
                    strip(base);
                    strip(theirs);
                }
            }
        }
    }
    merged
        .segments
        .retain(|s| !matches!(s, Segment::Same { text } if text.is_empty()));
    merged
}

/// One more than the longest run of `<`, `|`, `=` or `>` starting a line in
/// any text (at least git's 7).
fn marker_length(texts: &[&str]) -> usize {
    let longest = texts
        .iter()
        .flat_map(|t| t.lines())
        .map(|l| {
            let first = l.chars().next().unwrap_or(' ');
            if "<|=>".contains(first) {
                l.chars().take_while(|c| *c == first).count()
            } else {
                0
            }
        })
        .max()
        .unwrap_or(0);
    (longest + 1).max(7)
}

fn read_markers(marked: &str, len: usize) -> Merged {
    let open = "<".repeat(len);
    let original = "|".repeat(len);
    let middle = "=".repeat(len);
    let close = ">".repeat(len);
    let is = |line: &str, marker: &str| {
        line.strip_prefix(marker)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' ') || rest == "\n")
    };
    enum At {
        Same,
        Mine,
        Base,
        Theirs,
    }
    let mut at = At::Same;
    let mut segments = Vec::new();
    let (mut same, mut mine, mut base, mut theirs) =
        (String::new(), String::new(), String::new(), String::new());
    let mut conflicts = 0;
    for line in marked.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match at {
            At::Same if is(bare, &open) => {
                if !same.is_empty() {
                    segments.push(Segment::Same {
                        text: std::mem::take(&mut same),
                    });
                }
                at = At::Mine;
            }
            At::Same => same.push_str(line),
            At::Mine if is(bare, &original) => at = At::Base,
            At::Mine if is(bare, &middle) => at = At::Theirs,
            At::Mine => mine.push_str(line),
            At::Base if is(bare, &middle) => at = At::Theirs,
            At::Base => base.push_str(line),
            At::Theirs if is(bare, &close) => {
                segments.push(Segment::Conflict {
                    mine: std::mem::take(&mut mine),
                    base: std::mem::take(&mut base),
                    theirs: std::mem::take(&mut theirs),
                });
                conflicts += 1;
                at = At::Same;
            }
            At::Theirs => theirs.push_str(line),
        }
    }
    if !same.is_empty() {
        segments.push(Segment::Same { text: same });
    }
    Merged {
        segments,
        conflicts,
    }
}

/// A unified diff from `old` to `new` (for showing what a restore changes).
pub fn diff(old_name: &str, old: &str, new_name: &str, new: &str) -> String {
    let mut options = diffy::DiffOptions::new();
    options.set_original_filename(old_name.to_owned());
    options.set_modified_filename(new_name.to_owned());
    options.create_patch(old, new).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\ntitle: A\n---\n\nOne.\n\nTwo.\n\nThree.\n";

    #[test]
    fn edits_to_different_lines_merge_cleanly() {
        let mine = BASE.replace("One.", "One, edited here.");
        let theirs = BASE.replace("Three.", "Three, edited there.");
        let m = three_way(BASE, &mine, &theirs);
        assert_eq!(m.conflicts, 0);
        assert_eq!(
            m.clean().unwrap(),
            BASE.replace("One.", "One, edited here.")
                .replace("Three.", "Three, edited there.")
        );
    }

    #[test]
    fn the_same_line_edited_twice_is_a_conflict_with_all_three_versions() {
        let mine = BASE.replace("Two.", "Two (mine).");
        let theirs = BASE.replace("Two.", "Two (theirs).");
        let m = three_way(BASE, &mine, &theirs);
        assert_eq!(m.conflicts, 1);
        assert!(m.clean().is_none());
        assert!(m.segments.contains(&Segment::Conflict {
            mine: "Two (mine).\n".into(),
            base: "Two.\n".into(),
            theirs: "Two (theirs).\n".into(),
        }));
        assert_eq!(m.resolve(|mine, _, _| mine.to_owned()), mine);
        assert_eq!(m.resolve(|_, _, theirs| theirs.to_owned()), theirs);
    }

    #[test]
    fn marker_lines_in_the_post_are_not_mistaken_for_conflicts() {
        let base = "<<<<<<< not a marker\n=======\nsetext heading\n=======\n>>>>>>> x\n";
        let mine = base.replace("setext heading", "mine");
        let theirs = base.replace("setext heading", "theirs");
        let m = three_way(base, &mine, &theirs);
        assert_eq!(m.conflicts, 1);
        assert_eq!(m.resolve(|_, _, t| t.to_owned()), theirs);
        assert_eq!(m.resolve(|mi, _, _| mi.to_owned()), mine);
    }

    #[test]
    fn a_missing_final_newline_is_kept() {
        let base = "a\n\nb";
        let m = three_way(base, "a\n\nb mine", "A\n\nb");
        assert_eq!(m.clean().unwrap(), "A\n\nb mine");
        let m = three_way(base, "a\nmine", "a\ntheirs");
        assert_eq!(m.resolve(|mi, _, _| mi.to_owned()), "a\nmine");
    }

    #[test]
    fn the_restore_diff_names_both_sides() {
        let d = diff("on disk", "a\nb\n", "unsaved", "a\nc\n");
        assert_eq!(d, "--- on disk\n+++ unsaved\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
    }

    proptest::proptest! {
        /// When only one side changed, the merge is that side, exactly.
        #[test]
        fn one_sided_changes_merge_to_that_side(
            base in "([a-c<=>|]{0,3}\n?){0,8}",
            other in "([a-c<=>|]{0,3}\n?){0,8}",
        ) {
            proptest::prop_assert_eq!(three_way(&base, &base, &other).clean(), Some(other.clone()));
            proptest::prop_assert_eq!(three_way(&base, &other, &base).clean(), Some(other.clone()));
        }
    }
}
