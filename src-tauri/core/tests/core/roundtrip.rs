//! Round-trip fixtures (comments, anchors, multi-line strings, CRLF, BOM,
//! flow lists): an unedited save is byte-identical, and an edit of the title
//! changes only the title's bytes.

use postdesk_core::front_matter::edit;
use serde_json::json;

fn each_fixture() -> Vec<(String, String)> {
    let dir = crate::fixture("roundtrip");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 6);
    out
}

#[test]
fn unedited_saves_are_byte_identical() {
    for (name, text) in each_fixture() {
        for key in ["title", "date", "tags", "excerpt", "ogImage.url", "meta.a"] {
            let path: Vec<&str> = key.split('.').collect();
            if let Some(value) = edit::get(&text, &path).unwrap() {
                if key == "ogImage.url" {
                    // An alias cannot be rewritten in place, and need not be.
                    continue;
                }
                assert_eq!(
                    edit::set(&text, &path, &value, &[]).unwrap(),
                    text,
                    "{name}: {key}"
                );
            }
        }
    }
}

#[test]
fn a_title_edit_changes_only_the_title() {
    for (name, text) in each_fixture() {
        let old = edit::get(&text, &["title"]).unwrap().unwrap();
        let old = old.as_str().unwrap();
        let after = edit::set(&text, &["title"], &json!("Edited"), &[]).unwrap();
        assert_eq!(
            edit::get(&after, &["title"]).unwrap(),
            Some(json!("Edited")),
            "{name}"
        );
        // Whatever quoting the title had, only its line changed.
        let changed: Vec<(&str, &str)> = text
            .split('\n')
            .zip(after.split('\n'))
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 1, "{name}: {changed:?}");
        assert!(
            changed[0].0.contains(old) || changed[0].0.contains(&old.replace('\'', "''")),
            "{name}"
        );
        assert_eq!(
            text.split('\n').count(),
            after.split('\n').count(),
            "{name}"
        );
    }
}

#[test]
fn edits_keep_crlf_and_bom() {
    let dir = crate::fixture("roundtrip");
    let crlf = std::fs::read_to_string(dir.join("crlf.md")).unwrap();
    let after = edit::set(&crlf, &["summary"], &json!("New"), &[]).unwrap();
    assert!(
        after.contains("tags: [a, b]\r\nsummary: New\r\n---\r\n"),
        "{after:?}"
    );
    assert!(!after.replace("\r\n", "").contains('\n'));
    let bom = std::fs::read_to_string(dir.join("bom.md")).unwrap();
    let after = edit::set(&bom, &["title"], &json!("X"), &[]).unwrap();
    assert!(after.starts_with("\u{feff}---\ntitle: \"X\"\n"));
}
