//! `make bench`: full-text search over 10,000 posts (~5 KB each) — the
//! window's search box. Target: under 50 ms per query. Beside it, in the
//! same run, `grep -rliF` over the same files (reading them from the page
//! cache) as a reference, and the one-off cost of building the corpus.

use std::process::Command;
use std::time::{Duration, Instant};

use postdesk_core::index::list::ListQuery;
use postdesk_core::index::search::Corpus;
use postdesk_core::Blog;

const POSTS: usize = 10_000;
const QUERIES: &[&str] = &[
    "scalable",
    "kubernetes rollout",
    "zebra",
    "api latency budget",
    "the",
];

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(
        root.join("package.json"),
        r#"{"dependencies":{"next":"15"}}"#,
    )
    .unwrap();
    let words = [
        "api",
        "latency",
        "budget",
        "cache",
        "queue",
        "scalable",
        "service",
        "database",
        "index",
        "kubernetes",
        "rollout",
        "deploy",
        "the",
        "and",
        "of",
        "request",
        "response",
        "retry",
    ];
    for i in 0..POSTS {
        let mut body = String::new();
        let mut k = i;
        while body.len() < 5000 {
            k = k
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            body.push_str(words[(k >> 33) % words.len()]);
            body.push(if (k >> 20) % 12 == 0 { '\n' } else { ' ' });
        }
        if i % 997 == 0 {
            body.push_str(" zebra");
        }
        std::fs::write(
            root.join(format!("_posts/post-{i}.md")),
            format!("---\ntitle: \"Post {i}\"\ndate: \"2024-01-15T08:30:00.000Z\"\n---\n{body}\n"),
        )
        .unwrap();
    }
    let blog = Blog::open(&root).unwrap();
    let index = postdesk_core::index::scan(&blog, None).unwrap();
    let posts = index.summaries();
    let t = Instant::now();
    let mut corpus = Corpus::default();
    corpus.refresh(&blog, &posts);
    let build = t.elapsed();
    let t = Instant::now();
    corpus.refresh(&blog, &posts);
    let refresh = t.elapsed();
    assert_eq!(corpus.len(), POSTS);

    println!("full-text search, {POSTS} posts of ~5 KB (median of 7 runs per query)");
    println!(
        "  corpus built once in {:.0} ms; refresh with nothing changed {:.0} ms",
        ms(build),
        ms(refresh)
    );
    let on_disk: u64 = posts
        .iter()
        .map(|p| std::fs::metadata(root.join(&p.path)).unwrap().len())
        .sum();
    println!(
        "  memory: the corpus holds {} bytes per post (the posts are {} bytes each on disk)",
        corpus.heap_bytes() / POSTS,
        on_disk / POSTS as u64
    );
    for q in QUERIES {
        // Each run from scratch: a search that only narrows the last one
        // looks at the posts that one found alone.
        let ours = median(
            || drop(corpus.search("not-a-narrowing", 1)),
            || drop(std::hint::black_box(corpus.search(q, 200))),
        );
        let first = q.split_whitespace().next().unwrap();
        let grep = median(
            || {},
            || {
                let out = Command::new("grep")
                    .args(["-rliF", first])
                    .arg(root.join("_posts"))
                    .output()
                    .unwrap();
                std::hint::black_box(out);
            },
        );
        let hits = corpus.search(q, usize::MAX).len();
        println!(
            "  {q:<22} postdesk {:>6.1} ms ({hits} hits)   grep -rliF (first word only) {:>6.1} ms   ratio {:.2}×   target < 50 ms: {}",
            ms(ours),
            ms(grep),
            ms(ours) / ms(grep),
            if ms(ours) < 50.0 { "met" } else { "MISSED" }
        );
    }

    // The window's search box: each key typed narrows the last search;
    // Rust's part of a keystroke is the ranked list and its first page
    // of rows with their snippets (the window's page is 50 rows).
    let word = "kubernetes";
    let mut keys: Vec<Vec<f64>> = vec![Vec::new(); word.len()];
    for _ in 0..7 {
        corpus.search("not-a-narrowing", 1);
        for (n, times) in keys.iter_mut().enumerate() {
            let query = ListQuery {
                search: word[..=n].to_owned(),
                ..ListQuery::default()
            };
            let t = Instant::now();
            let listing = index.listing(&query, Some(&corpus));
            std::hint::black_box(index.page(&listing, Some(&corpus), 0, 50, None));
            times.push(ms(t.elapsed()));
        }
    }
    let medians: Vec<String> = keys
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            format!("{:.1}", t[3])
        })
        .collect();
    let worst = keys.iter().map(|t| t[6]).fold(0.0, f64::max);
    println!(
        "  {word:?} typed key by key, the list and its first 50 rows: median per key {} ms; worst of 7 rounds {worst:.1} ms",
        medians.join(", ")
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median of 7 runs of `f`, each after `setup` (not timed).
fn median(mut setup: impl FnMut(), mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            setup();
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[3]
}
