use serde_json::json;

use super::*;

const SEED: &str = include_str!("../../../sample/_posts/building-scalable-apis.md");
const ORDER: &[&str] = &[
    "title",
    "excerpt",
    "coverImage",
    "date",
    "author",
    "ogImage",
    "tags",
    "category",
    "featured",
    "status",
    "summary",
];

fn p(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// Asserts that `after` equals `before` except that `old` became `new`, once.
fn only_changed(before: &str, after: &str, old: &str, new: &str) {
    assert_eq!(
        before.matches(old).count(),
        1,
        "`{old}` must be unique in the fixture"
    );
    assert_eq!(after, before.replacen(old, new, 1));
}

#[test]
fn setting_the_title_keeps_its_double_quotes_and_every_other_byte() {
    let after = set(SEED, &p("title"), &json!("Scaling APIs"), ORDER).unwrap();
    only_changed(
        SEED,
        &after,
        "title: \"Building Scalable APIs: Lessons from Production\"",
        "title: \"Scaling APIs\"",
    );
    assert_eq!(
        get(&after, &p("title")).unwrap(),
        Some(json!("Scaling APIs"))
    );
}

#[test]
fn setting_a_field_to_its_value_is_byte_identical() {
    for (path, value) in [
        (
            "title",
            json!("Building Scalable APIs: Lessons from Production"),
        ),
        ("featured", json!(false)),
        ("author.social.github", json!("gunb0s")),
        (
            "tags",
            json!([
                "api",
                "scalability",
                "backend",
                "microservices",
                "performance"
            ]),
        ),
        ("date", json!("2024-01-15T08:30:00.000Z")),
    ] {
        assert_eq!(set(SEED, &p(path), &value, ORDER).unwrap(), SEED, "{path}");
    }
}

#[test]
fn nested_fields_booleans_and_lists() {
    let after = set(SEED, &p("author.social.github"), &json!("cain"), ORDER).unwrap();
    only_changed(SEED, &after, "github: \"gunb0s\"", "github: \"cain\"");
    let after = set(SEED, &p("featured"), &json!(true), ORDER).unwrap();
    only_changed(SEED, &after, "featured: false", "featured: true");
    let after = set(SEED, &p("tags"), &json!(["api", "rust"]), ORDER).unwrap();
    only_changed(
        SEED,
        &after,
        "[\"api\", \"scalability\", \"backend\", \"microservices\", \"performance\"]",
        "[\"api\", \"rust\"]",
    );
}

#[test]
fn new_keys_go_where_the_schema_orders_them() {
    let text = "---\ntitle: \"A\"\ndate: \"2024-01-01\"\nstatus: \"draft\"\n---\nBody\n";
    let after = set(text, &p("tags"), &json!(["x"]), ORDER).unwrap();
    assert_eq!(
        after,
        "---\ntitle: \"A\"\ndate: \"2024-01-01\"\ntags: [\"x\"]\nstatus: \"draft\"\n---\nBody\n"
    );
    let after = set(text, &p("excerpt"), &json!("Short"), ORDER).unwrap();
    assert_eq!(after, "---\ntitle: \"A\"\nexcerpt: \"Short\"\ndate: \"2024-01-01\"\nstatus: \"draft\"\n---\nBody\n");
    let after = set(text, &p("unknownField"), &json!(3), ORDER).unwrap();
    assert_eq!(
        after,
        "---\ntitle: \"A\"\ndate: \"2024-01-01\"\nstatus: \"draft\"\nunknownField: 3\n---\nBody\n"
    );
}

#[test]
fn new_nested_keys_and_groups() {
    let after = set(SEED, &p("author.social.twitter"), &json!("@cain"), &[]).unwrap();
    only_changed(
        SEED,
        &after,
        "    website: \"https://gunb0s.github.io/\"\n",
        "    website: \"https://gunb0s.github.io/\"\n    twitter: \"@cain\"\n",
    );
    let text = "---\ntitle: A\nauthor:\nstatus: draft\n---\n";
    let after = set(text, &p("author.name"), &json!("Cain"), &[]).unwrap();
    assert_eq!(
        after,
        "---\ntitle: A\nauthor:\n  name: Cain\nstatus: draft\n---\n"
    );
    let text = "---\ntitle: A\n---\n";
    let after = set(text, &p("ogImage.url"), &json!("/a.jpg"), ORDER).unwrap();
    assert_eq!(after, "---\ntitle: A\nogImage:\n  url: /a.jpg\n---\n");
}

#[test]
fn removing_a_field_removes_its_lines_only() {
    let after = remove(SEED, &p("summary")).unwrap();
    assert!(!after.contains("summary:"));
    assert_eq!(
        after.len(),
        SEED.len()
            - SEED
                .lines()
                .find(|l| l.starts_with("summary:"))
                .unwrap()
                .len()
            - 1
    );
    let after = remove(SEED, &p("author.social")).unwrap();
    only_changed(
        SEED,
        &after,
        "  social:\n    github: \"gunb0s\"\n    website: \"https://gunb0s.github.io/\"\n",
        "",
    );
    assert_eq!(remove(SEED, &p("nothing.here")).unwrap(), SEED);
}

#[test]
fn crlf_bom_comments_and_plain_style_survive() {
    let text = "\u{feff}---\r\ntitle: Plain title # keep me\r\n\r\ntags:\r\n  - a\r\n  - b\r\n---\r\nBody\r\n";
    let after = set(text, &p("title"), &json!("New title"), &[]).unwrap();
    assert_eq!(
        after,
        text.replace("title: Plain title #", "title: New title #")
    );
    let after = set(text, &p("title"), &json!("Needs: quotes"), &[]).unwrap();
    assert_eq!(
        after,
        text.replace("title: Plain title #", "title: \"Needs: quotes\" #")
    );
    let after = set(text, &p("tags"), &json!(["a", "c", "d"]), &[]).unwrap();
    assert_eq!(
        after,
        text.replace("  - a\r\n  - b\r\n", "  - a\r\n  - c\r\n  - d\r\n")
    );
    let after = set(text, &p("draft"), &json!(true), &[]).unwrap();
    assert_eq!(
        after,
        text.replace("  - b\r\n---", "  - b\r\ndraft: true\r\n---")
    );
}

#[test]
fn single_quotes_and_strings_that_look_like_other_types() {
    let text = "---\na: 'x'\nb: plain\n---\n";
    assert_eq!(
        set(text, &p("a"), &json!("it's"), &[]).unwrap(),
        "---\na: 'it''s'\nb: plain\n---\n"
    );
    assert_eq!(
        set(text, &p("b"), &json!("true"), &[]).unwrap(),
        "---\na: 'x'\nb: \"true\"\n---\n"
    );
    assert_eq!(
        set(text, &p("b"), &json!("12"), &[]).unwrap(),
        "---\na: 'x'\nb: \"12\"\n---\n"
    );
}

#[test]
fn an_empty_value_with_a_tag_or_anchor_gets_its_value_after_them() {
    // Found by `make fuzz`.
    let text = "---\ntitle: !Anchors &a\nother: *a\n---\n";
    let after = set(text, &p("title"), &json!("New"), &[]).unwrap();
    assert_eq!(after, "---\ntitle: !Anchors &a New\nother: *a\n---\n");
    assert_eq!(get(&after, &p("title")).unwrap(), Some(json!("New")));
    assert_eq!(get(&after, &p("other")).unwrap(), Some(json!("New")));
}

#[test]
fn a_block_scalar_keeps_its_style_and_reads_back_exactly() {
    // Found by `make fuzz`.
    let text = "---\ntitle: |\n  Line one\n  line two\nnext: x\n---\n";
    let after = set(text, &p("title"), &json!("One line"), &[]).unwrap();
    assert_eq!(after, "---\ntitle: |-\n  One line\nnext: x\n---\n");
    assert_eq!(get(&after, &p("title")).unwrap(), Some(json!("One line")));
    let after = set(text, &p("title"), &json!("Two\nlines"), &[]).unwrap();
    assert_eq!(after, "---\ntitle: \"Two\\nlines\"\nnext: x\n---\n");
}

#[test]
fn explicit_keys_are_refused_not_mangled() {
    // Found by `make fuzz`.
    let text = "---\n? title\n---\n";
    assert!(matches!(
        set(text, &p("title"), &json!("x"), &[]),
        Err(EditError::ComplexKey { .. })
    ));
}

#[test]
fn a_post_without_front_matter_gets_one() {
    let after = set("Just text\n", &p("title"), &json!("T"), &[]).unwrap();
    assert_eq!(after, "---\ntitle: \"T\"\n---\nJust text\n");
}

#[test]
fn refusals_say_why() {
    let text = "---\nbase: &b x\nother: *b\nmeta: {a: 1}\nauthor:\n  name: C\n---\n";
    assert!(matches!(
        set(text, &p("other"), &json!("y"), &[]),
        Err(EditError::Alias { .. })
    ));
    assert!(matches!(
        set(text, &p("meta.b"), &json!(2), &[]),
        Err(EditError::FlowMapping { .. })
    ));
    assert!(matches!(
        set(text, &p("author"), &json!("x"), &[]),
        Err(EditError::IsAGroup { .. })
    ));
    assert!(matches!(
        set(text, &p("base.x"), &json!("x"), &[]),
        Err(EditError::NotAGroup { .. })
    ));
    assert!(matches!(
        set("---\na: [\n---\n", &p("a"), &json!(1), &[]),
        Err(EditError::Yaml(_))
    ));
}

#[test]
fn toml_front_matter_keeps_its_decor() {
    let text = "+++\ntitle = \"Old\"   # the title\ndate = 2024-01-02T03:04:05Z\ndraft = true\n+++\nBody\n";
    let after = set(text, &p("title"), &json!("New"), &[]).unwrap();
    assert_eq!(after, text.replace("\"Old\"", "\"New\""));
    assert_eq!(set(text, &p("draft"), &json!(true), &[]).unwrap(), text);
    let after = set(text, &p("draft"), &json!(false), &[]).unwrap();
    assert_eq!(after, text.replace("draft = true", "draft = false"));
    assert_eq!(
        get(text, &p("date")).unwrap(),
        Some(json!("2024-01-02T03:04:05Z"))
    );
    let after = remove(text, &p("draft")).unwrap();
    assert_eq!(after, text.replace("draft = true\n", ""));
}

mod law {
    //! The law of edits, over generated posts: every byte outside the edited
    //! field is unchanged; reading the field gives the value set; an unedited
    //! save (setting the value it has) is byte-identical.

    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::super::{get, set};
    use crate::front_matter;
    use crate::front_matter::yaml;

    #[derive(Debug, Clone)]
    enum Quote {
        Plain,
        Single,
        Double,
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-zA-Z][a-zA-Z0-9 ,.!?'-]{0,20}[a-zA-Z0-9]".prop_map(|s| s)
    }

    fn field_value() -> impl Strategy<Value = (Quote, String)> {
        (
            prop_oneof![Just(Quote::Plain), Just(Quote::Single), Just(Quote::Double)],
            word(),
        )
    }

    fn written(q: &Quote, s: &str) -> String {
        match q {
            Quote::Plain
                if !s.contains(": ")
                    && !s.contains(" #")
                    && !s.starts_with(['\'', '-', '?', '!']) =>
            {
                s.to_owned()
            }
            Quote::Single => format!("'{}'", s.replace('\'', "''")),
            _ => serde_json::to_string(s).unwrap(),
        }
    }

    prop_compose! {
        fn post()(
            fields in prop::collection::vec(field_value(), 1..6),
            crlf in any::<bool>(),
            bom in any::<bool>(),
            comment in any::<bool>(),
            flag in any::<bool>(),
            tags in prop::collection::vec("[a-z]{1,8}", 0..4),
            body in "[a-zA-Z #*\n-]{0,80}",
        ) -> String {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut s = String::new();
            if bom { s.push('\u{feff}'); }
            s.push_str("---"); s.push_str(nl);
            for (i, (q, v)) in fields.iter().enumerate() {
                s.push_str(&format!("f{i}: {}", written(q, v)));
                if comment && i == 0 { s.push_str(" # a comment"); }
                s.push_str(nl);
                if comment && i == 0 { s.push_str(nl); }
            }
            s.push_str(&format!("flag: {flag}{nl}"));
            s.push_str(&format!("tags: [{}]{nl}", tags.join(", ")));
            s.push_str(&format!("author:{nl}  name: Someone{nl}  social:{nl}    github: \"gh\"{nl}"));
            s.push_str("---"); s.push_str(nl);
            s.push_str(&body.replace('\n', nl));
            s
        }
    }

    fn value_strategy() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[ -~]{0,30}".prop_map(Value::String),
            "[a-zA-Z0-9 \"'\\\\:#-]{0,30}".prop_map(Value::String),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(|i| json!(i)),
            prop::collection::vec("[a-z ]{0,8}", 0..4).prop_map(|v| json!(v)),
        ]
    }

    fn keys(text: &str) -> Vec<String> {
        let split = front_matter::split(text).unwrap();
        let root = yaml::parse(&text[split.front_matter]).unwrap();
        let mut out = Vec::new();
        if let yaml::Kind::Map { entries, .. } = &root.kind {
            for e in entries {
                if e.key != "author" {
                    out.push(e.key.clone());
                }
            }
        }
        out.push("author.social.github".into());
        out.push("author.name".into());
        out
    }

    /// The byte range of the value at `path` in `text`.
    fn value_span(text: &str, path: &[&str]) -> std::ops::Range<usize> {
        let split = front_matter::split(text).unwrap();
        let root = yaml::parse(&text[split.front_matter.clone()]).unwrap();
        let node = root.lookup(path).unwrap();
        let off = split.front_matter.start;
        off + node.span.start..off + node.content_end()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn an_edit_changes_only_its_field(text in post(), pick in any::<prop::sample::Index>(), value in value_strategy()) {
            let keys = keys(&text);
            let key = pick.get(&keys).clone();
            let path: Vec<&str> = key.split('.').collect();

            // An unedited save is byte-identical.
            let current = get(&text, &path).unwrap().unwrap();
            prop_assert_eq!(&set(&text, &path, &current, &[]).unwrap(), &text);

            let after = set(&text, &path, &value, &[]).unwrap();
            // Reading the field gives the value set.
            prop_assert_eq!(get(&after, &path).unwrap(), Some(value.clone()));
            // Every byte outside the field's value is unchanged.
            let span = value_span(&text, &path);
            let new_span = value_span(&after, &path);
            let (before_prefix, before_suffix) = (&text[..span.start], &text[span.end..]);
            if let (Value::Array(a), true) = (&value, key == "tags") {
                // A list stays a list where it was.
                prop_assert!(a.is_empty() || after[new_span.clone()].starts_with('['));
            }
            prop_assert_eq!(&after[..new_span.start], before_prefix);
            prop_assert_eq!(&after[new_span.end..], before_suffix);
        }

        #[test]
        fn adding_a_field_only_inserts(text in post(), value in value_strategy()) {
            let after = set(&text, &["added"], &value, &[]).unwrap();
            prop_assert_eq!(get(&after, &["added"]).unwrap(), Some(value));
            // Removing the inserted line gives the original back.
            let start = after.find("added:").unwrap();
            let end = start + after[start..].find('\n').unwrap() + 1;
            let mut restored = after.clone();
            restored.replace_range(start..end, "");
            prop_assert_eq!(restored, text);
        }
    }
}

#[test]
fn a_block_scalar_set_to_its_own_value_is_unchanged() {
    let folded = "---\ntitle: >\n  A folded\n  title\ndate: 2024-01-15\n---\nBody\n";
    let literal = "---\ntitle: |\n  Two\n  lines\n---\n";
    for text in [folded, literal] {
        let value = get(text, &["title"]).unwrap().unwrap();
        assert_eq!(set(text, &["title"], &value, &[]).unwrap(), text);
        // As a form shows it (without the final line break) too.
        let shown = Value::String(value.as_str().unwrap().trim_end().to_owned());
        assert_eq!(set(text, &["title"], &shown, &[]).unwrap(), text);
    }
}

#[test]
fn a_new_title_touches_only_the_title() {
    let text = "---\ntitle: >\n  A folded\n  title\ndate: 2024-01-15\n---\nBody\n";
    let out = set(text, &["title"], &Value::String("New".into()), &[]).unwrap();
    assert_eq!(out, "---\ntitle: >-\n  New\ndate: 2024-01-15\n---\nBody\n");
    assert_eq!(
        get(&out, &["title"]).unwrap(),
        Some(Value::String("New".into()))
    );
    // Several lines cannot stay folded as written: a quoted value instead.
    let out = set(text, &["title"], &Value::String("One\nTwo".into()), &[]).unwrap();
    assert_eq!(
        out,
        "---\ntitle: \"One\\nTwo\"\ndate: 2024-01-15\n---\nBody\n"
    );
}

#[test]
fn json_front_matter_is_read_but_never_rewritten() {
    let text = "{\n  \"title\": \"A\",\n  \"tags\": [\"x\"]\n}\n\nBody\n";
    assert_eq!(get(text, &["title"]).unwrap(), Some(json!("A")));
    assert_eq!(get(text, &["nope"]).unwrap(), None);
    let refused = set(text, &["title"], &json!("B"), &[]).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "`title`: Postdesk does not edit JSON front-matter; change it in the text, or write the front-matter as YAML (`---`) or TOML (`+++`)"
    );
    assert!(remove(text, &["tags"]).is_err());
}
