//! `make bench`: the whole preview pipeline (parse + highlight + sanitize)
//! against remark + remark-gfm + rehype-highlight + rehype-stringify and
//! against markdown-it, in Node, on the same 5 KB, 50 KB and 500 KB
//! documents, in one run: typing (warm caches), cold (a fresh renderer, as
//! opening a post; Node's first render in a fresh process), the whole
//! process (`postdesk render` against `node render.mjs`), and each kind's
//! rules (Hugo, Jekyll, Astro) on the same documents. Targets: ≥ 10×
//! remark, ≥ 2× markdown-it, cold and warm.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use postdesk_core::kind::BlogKind;
use postdesk_core::preview::markup::Markup;
use postdesk_core::preview::{RenderOptions, Renderer};

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The median wall time of a command, in ms.
fn process_ms(runs: usize, mut command: impl FnMut() -> Command) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                let out = command().output().expect("the command runs");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                t0.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

/// A fresh Node process's first render, in ms (`render.mjs --time`).
fn node_cold_ms(script: &Path, which: &str, file: &Path) -> f64 {
    median(
        (0..5)
            .map(|_| {
                let out = Command::new("node")
                    .arg(script)
                    .args([which, &file.to_string_lossy(), "--time"])
                    .output()
                    .expect("node runs");
                String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
            })
            .collect(),
    )
}

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

    let render_mjs = script.with_file_name("render.mjs");
    let postdesk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/postdesk");
    println!("preview pipeline vs Node (medians)");
    println!("  typing: the document re-rendered after a one-character edit (warm highlight and block caches, as in the app)");
    println!("  cold: a fresh renderer (syntaxes loaded, every block highlighted and written); Node: the first render in a fresh process, modules imported");
    println!("  first post: a fresh renderer whose syntaxes were loaded before (the app loads them at start, as Node imports its modules)");
    println!("  (markdown-it highlights nothing; remark runs rehype-highlight)");
    println!("| document | postdesk typing | postdesk cold / first post | remark warm / cold | ratio (typing / cold) | markdown-it warm / cold | ratio (typing / cold / first post) |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let mut rows = Vec::new();
    for (path, doc) in &files {
        let options = RenderOptions::default();
        let runs = if doc.len() > 200_000 { 9 } else { 41 };
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
        let cold = |options: &RenderOptions| {
            median(
                (0..runs.min(9))
                    .map(|_| {
                        let fresh = Renderer::default();
                        let t0 = Instant::now();
                        std::hint::black_box(fresh.render(doc, options));
                        t0.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect(),
            )
        };
        let first = cold(&options);
        // As the app opens its first post: the syntaxes loaded at start.
        let preloaded = median(
            (0..runs.min(9))
                .map(|_| {
                    let fresh = Renderer::default();
                    fresh.preload();
                    let t0 = Instant::now();
                    std::hint::black_box(fresh.render(doc, &options));
                    t0.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        );
        let key = path.to_string_lossy();
        let remark = node[key.as_ref()]["remark_ms"].as_f64().unwrap();
        let mdit = node[key.as_ref()]["markdown_it_ms"].as_f64().unwrap();
        let remark_cold = node_cold_ms(&render_mjs, "remark", path);
        let mdit_cold = node_cold_ms(&render_mjs, "markdown-it", path);
        println!(
            "| {} KB | {typing:.2} ms | {first:.2} / {preloaded:.2} ms | {remark:.2} / {remark_cold:.2} ms | {:.1}x / {:.1}x | {mdit:.2} / {mdit_cold:.2} ms | {:.1}x / {:.1}x / {:.1}x |",
            doc.len() / 1024,
            remark / typing,
            remark_cold / first,
            mdit / typing,
            mdit_cold / first,
            mdit_cold / preloaded
        );
        let kinds: Vec<(BlogKind, f64, f64)> = [BlogKind::Hugo, BlogKind::Jekyll, BlogKind::Astro]
            .into_iter()
            .map(|kind| {
                let options = RenderOptions {
                    markup: Markup::for_kind(kind),
                    ..RenderOptions::default()
                };
                let warm = Renderer::default();
                warm.render(doc, &options);
                let typing = median(
                    (0..runs)
                        .map(|i| {
                            let text = if i % 2 == 0 { doc } else { &edited };
                            let t0 = Instant::now();
                            std::hint::black_box(warm.render(text, &options));
                            t0.elapsed().as_secs_f64() * 1000.0
                        })
                        .collect(),
                );
                (kind, typing, cold(&options))
            })
            .collect();
        rows.push((path, doc.len(), mdit, mdit_cold, kinds));
    }
    println!();
    println!(
        "each kind's rules (typography, shortcodes, Liquid, footnotes, ids) on the same documents"
    );
    println!("| document | kind | typing | cold | vs markdown-it warm / cold |");
    println!("| --- | --- | --- | --- | --- |");
    for (_, len, mdit, mdit_cold, kinds) in &rows {
        for (kind, typing, cold) in kinds {
            println!(
                "| {} KB | {kind:?} | {typing:.2} ms | {cold:.2} ms | {:.1}x / {:.1}x |",
                len / 1024,
                mdit / typing,
                mdit_cold / cold
            );
        }
    }
    println!();
    println!("the whole process: `postdesk render FILE` against `node render.mjs markdown-it FILE` (start, load, render, print)");
    println!("| document | postdesk render | node + markdown-it | ratio |");
    println!("| --- | --- | --- | --- |");
    for (path, len, ..) in &rows {
        let ours = process_ms(5, || {
            let mut c = Command::new(&postdesk);
            c.arg("render").arg(path);
            c
        });
        let theirs = process_ms(5, || {
            let mut c = Command::new("node");
            c.arg(&render_mjs).arg("markdown-it").arg(path);
            c
        });
        println!(
            "| {} KB | {ours:.0} ms | {theirs:.0} ms | {:.1}x |",
            len / 1024,
            theirs / ours
        );
    }
}
