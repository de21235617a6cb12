//! `make bench`: the whole preview pipeline (parse + highlight with a warm
//! cache + sanitize) against remark + remark-gfm + rehype-highlight +
//! rehype-stringify and against markdown-it, in Node, on the same 5 KB,
//! 50 KB and 500 KB documents, in one run. Targets: ≥ 10× remark, ≥ 2×
//! markdown-it.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use postdesk_core::preview::{RenderOptions, Renderer};

const SEED: &str = include_str!("../sample/_posts/building-scalable-apis.md");

fn main() {
    let body = SEED.split_once("\n---\n").map_or(SEED, |(_, b)| b);
    let dir = tempfile::tempdir().unwrap();
    let sizes = [5 * 1024, 50 * 1024, 500 * 1024];
    let files: Vec<_> = sizes
        .iter()
        .map(|size| {
            let mut doc = String::new();
            let mut n = 0;
            while doc.len() < *size {
                // Vary the text so that code blocks are not all one cache entry.
                doc.push_str(&body.replace("150", &n.to_string()));
                n += 1;
            }
            let path = dir.path().join(format!("doc-{}k.md", size / 1024));
            std::fs::write(&path, &doc).unwrap();
            (path, doc)
        })
        .collect();

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/bench.mjs");
    let output = Command::new("node")
        .arg(&script)
        .args(files.iter().map(|(p, _)| p))
        .output()
        .expect("node runs (make bench installs tests/fidelity's packages)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let node: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    println!("preview pipeline vs Node (medians)");
    println!("  typing: the document re-rendered after a one-character edit (warm highlight and block caches, as in the app)");
    println!("  first: a fresh renderer with only the highlight cache warm (every block parsed and sanitized)");
    println!("| document | postdesk typing | postdesk first | remark+gfm+highlight | ratio (typing / first) | markdown-it | ratio (typing / first) |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (path, doc) in &files {
        let options = RenderOptions::default();
        let runs = if doc.len() > 200_000 { 9 } else { 41 };
        let median = |mut times: Vec<f64>| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        };
        // Typing: alternate two versions that differ in one paragraph.
        let renderer = Renderer::default();
        let edited = doc.replacen("After spending", "Afterr spending", 1);
        renderer.render(doc, &options);
        renderer.render(&edited, &options);
        let typing = median(
            (0..runs)
                .map(|i| {
                    let text = if i % 2 == 0 { doc } else { &edited };
                    let t0 = Instant::now();
                    std::hint::black_box(renderer.render(text, &options));
                    t0.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        let first = median(
            (0..runs.min(15))
                .map(|_| {
                    renderer.forget_blocks();
                    let t0 = Instant::now();
                    std::hint::black_box(renderer.render(doc, &options));
                    t0.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        let key = path.to_string_lossy();
        let remark = node[key.as_ref()]["remark_ms"].as_f64().unwrap();
        let mdit = node[key.as_ref()]["markdown_it_ms"].as_f64().unwrap();
        println!(
            "| {} KB | {typing:.2} ms | {first:.2} ms | {remark:.2} ms | {:.1}x / {:.1}x | {mdit:.2} ms | {:.1}x / {:.1}x |",
            doc.len() / 1024,
            remark / typing,
            remark / first,
            mdit / typing,
            mdit / first
        );
    }
}
