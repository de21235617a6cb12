//! Fidelity with the blog's own renderer: every document of
//! `tests/fidelity/expected.json` (the CommonMark spec examples plus GFM and
//! real-world posts, with the HTML that remark + remark-gfm produce, recorded
//! by `tests/fidelity/record.mjs`) is rendered by Postdesk's preview and
//! compared after normalising both sides. The share that matches is
//! reported; the known differences are explained in docs/FIDELITY.md.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use postdesk_core::preview::{RenderOptions, Renderer};

#[derive(serde::Deserialize)]
struct Doc {
    name: String,
    section: String,
    markdown: String,
    html: String,
}

/// The share below which the test fails (a regression, not a target).
const FLOOR: f64 = 0.97;

/// Both sides through one serializer with one allow-list, attributes sorted,
/// whitespace collapsed: what is left is the document's structure and text.
fn normalize(html: &str) -> String {
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    static ATTR: OnceLock<regex::Regex> = OnceLock::new();
    let mut b = ammonia::Builder::default();
    b.link_rel(None)
        .add_tags([
            "input", "details", "summary", "section", "sup", "sub", "kbd",
        ])
        .rm_tags(["span", "div"])
        .tag_attributes(
            [
                ("a", ["href", "title"].into_iter().collect()),
                ("img", ["src", "alt", "title"].into_iter().collect()),
                ("ol", ["start"].into_iter().collect()),
                (
                    "input",
                    ["type", "checked", "disabled"].into_iter().collect(),
                ),
            ]
            .into_iter()
            .collect(),
        )
        .generic_attributes(Default::default())
        .url_relative(ammonia::UrlRelative::PassThrough);
    let clean = b.clean(html).to_string();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r#"<([a-z0-9]+)((?:\s+[a-z:-]+(?:="[^"]*")?)+)\s*>"#).unwrap()
    });
    let attr = ATTR.get_or_init(|| regex::Regex::new(r#"[a-z:-]+(?:="[^"]*")?"#).unwrap());
    let sorted = tag.replace_all(&clean, |c: &regex::Captures| {
        let mut attrs: Vec<&str> = attr.find_iter(&c[2]).map(|m| m.as_str()).collect();
        attrs.sort();
        format!("<{} {}>", &c[1], attrs.join(" "))
    });
    static BLOCK: OnceLock<regex::Regex> = OnceLock::new();
    let block = BLOCK.get_or_init(|| {
        regex::Regex::new(
            r"\s+<(/?(?:ul|ol|li|blockquote|pre|p|table|thead|tbody|tr|h[1-6]|hr|section)\b)",
        )
        .unwrap()
    });
    let collapsed = sorted.split_whitespace().collect::<Vec<_>>().join(" ");
    // Whitespace next to a block tag is never rendered.
    block.replace_all(&collapsed, "<$1").replace("> <", "><")
}

#[test]
fn preview_matches_remark_gfm() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fidelity/expected.json"
    );
    let docs: Vec<Doc> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let renderer = Renderer::default();
    let options = RenderOptions::default();
    let mut same = 0;
    let mut differing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for doc in &docs {
        let ours = renderer.render(&doc.markdown, &options).html();
        if normalize(&ours) == normalize(&doc.html) {
            same += 1;
        } else {
            differing
                .entry(doc.section.clone())
                .or_default()
                .push(doc.name.clone());
            if std::env::var_os("FIDELITY_DIFF").is_some() {
                eprintln!(
                    "--- {} ({})\n{:?}\n ours: {}\nremark: {}\n",
                    doc.name,
                    doc.section,
                    doc.markdown,
                    normalize(&ours),
                    normalize(&doc.html)
                );
            }
        }
    }
    let share = same as f64 / docs.len() as f64;
    println!(
        "fidelity with remark + remark-gfm: {same}/{} documents equivalent ({:.1}%)",
        docs.len(),
        share * 100.0
    );
    for (section, names) in &differing {
        println!("  differs in {section}: {}", names.join(", "));
    }
    assert!(
        share >= FLOOR,
        "fidelity fell to {:.1}% (floor {:.0}%)",
        share * 100.0,
        FLOOR * 100.0
    );
}
