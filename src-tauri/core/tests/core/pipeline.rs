//! Arbitrary YAML and TOML values in every field of the built-in schemas go
//! through every step a post goes through (`every_step.rs`): nothing
//! panics. One odd post must never take down the list, the form or the
//! preview.

use postdesk_core::kind::BlogKind;
use postdesk_core::post::schema;
use proptest::prelude::*;

include!("every_step.rs");

/// The text of a YAML value, as writers (and mistakes) write them.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        "[^\\n\\r]{0,24}",
        "[0-9]{0,10}",
        "[0-9]{4}-?[0-9]{1,2}-?[0-9]{1,2}([T ][0-9]{1,2}(:[0-9]{2}){0,2}(\\.[0-9]{1,3})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?",
        "\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{0,2}\"",
        Just("~".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just(">\n  folded\n  text".to_owned()),
        Just("|-\n  literal".to_owned()),
        Just("&a x".to_owned()),
        Just("*a".to_owned()),
        prop::collection::vec("[a-zé日 ]{0,8}", 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        prop::collection::vec("[a-z]{1,6}", 0..3)
            .prop_map(|v| format!("\n{}", v.iter().map(|s| format!("  {s}: {s}")).collect::<Vec<_>>().join("\n"))),
        prop::collection::vec("[a-z0-9 ]{0,8}", 1..3)
            .prop_map(|v| format!("\n{}", v.iter().map(|s| format!("  - {s}")).collect::<Vec<_>>().join("\n"))),
    ]
}

/// The text of a TOML value.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| toml::Value::String(s).to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?",
        "[^\\n\\r]{0,16}",
        prop::collection::vec("[a-z]{0,5}", 0..3).prop_map(|v| format!(
            "[{}]",
            v.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    ]
}

fn fields(kind: BlogKind) -> Vec<String> {
    let mut names: Vec<String> = schema::builtin(kind)
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.name)
        .collect();
    // Keys the rules read beyond the schema, in odd cases too.
    names.extend(["Title", "DATE", "publishedAt", "pubDate"].map(String::from));
    names
}

const KINDS: [BlogKind; 4] = [
    BlogKind::BlogStarter,
    BlogKind::Jekyll,
    BlogKind::Hugo,
    BlogKind::Astro,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn any_yaml_value_in_any_field_passes_every_step(
        values in prop::collection::vec(yaml_value(), 16),
        body in "[^\\x00]{0,80}",
        kind in 0..4usize,
    ) {
        let kind = KINDS[kind];
        let mut text = String::from("---\n");
        for (name, value) in fields(kind).iter().zip(&values) {
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push_str("---\n");
        text.push_str(&body);
        every_step(kind, "_posts/2024-01-15-any.md", &text);
    }

    #[test]
    fn any_toml_value_in_any_field_passes_every_step(
        values in prop::collection::vec(toml_value(), 16),
        kind in 0..4usize,
    ) {
        let kind = KINDS[kind];
        let mut text = String::from("+++\n");
        for (name, value) in fields(kind).iter().zip(&values) {
            text.push_str(&format!("{name} = {value}\n"));
        }
        text.push_str("+++\nBody\n");
        every_step(kind, "content/posts/any.md", &text);
    }
}

/// Odd values real blogs have, each once (the panics #15 reported among
/// them).
#[test]
fn odd_values_found_in_real_blogs_pass_every_step() {
    for date in [
        "\"20240115\"",
        "\"2024-01-15T08\"",
        "2023-01-29 18:30:22 2023 -0800",
        "January 2, 2006",
        "'2024-02-30'",
        "2024-01-15T08:30:00+0100",
        "日付",
    ] {
        let text =
            format!("---\ntitle: >\n  A folded\n  title\ndate: {date}\ntags: a b c\n---\nBody\n");
        for kind in KINDS {
            every_step(kind, "_posts/2024-01-15-odd.md", &text);
        }
    }
}
