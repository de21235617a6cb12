//! Arbitrary text through every step a post goes through (split, parse,
//! summary, checks for each kind, schema inference, the form and its
//! edits, the preview, setting each field): nothing may panic; and wherever
//! the front-matter parses, the edit law holds (an unedited save is
//! identical, and a set value reads back).
#![no_main]

use libfuzzer_sys::fuzz_target;
use postdesk_core::kind::BlogKind;
use postdesk_core::{front_matter, front_matter::edit, front_matter::yaml};

include!("../../tests/core/every_step.rs");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line names the field to edit; the rest is the post.
    let (key, post) = text.split_once('\n').unwrap_or(("title", text));
    let path: Vec<&str> = key.split('.').filter(|k| !k.is_empty()).take(3).collect();
    if let Ok(split) = front_matter::split(post) {
        let _ = yaml::parse(&post[split.front_matter.clone()]);
    }
    for kind in [BlogKind::BlogStarter, BlogKind::Jekyll, BlogKind::Hugo, BlogKind::Astro] {
        every_step(kind, "_posts/2024-01-15-fuzz.md", post);
    }
    if path.is_empty() {
        return;
    }
    if let Ok(Some(current)) = edit::get(post, &path) {
        if !current.is_object() {
            if let Ok(same) = edit::set(post, &path, &current, &[]) {
                assert_eq!(same, post, "an unedited save changed the post");
            }
        }
    }
    let value = serde_json::Value::String(key.chars().rev().collect());
    if let Ok(after) = edit::set(post, &path, &value, &[]) {
        if let Ok(Some(read)) = edit::get(&after, &path) {
            assert_eq!(read, value, "the set value does not read back");
        }
    }
});
