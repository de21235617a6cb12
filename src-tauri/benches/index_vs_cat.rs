//! `make bench`: indexing and validating a 10,000-post blog in a fresh
//! `postdesk check` process, against `cat` reading the same files, all in one
//! run so the ratios compare like with like.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const POSTS: usize = 10_000;
const RUNS: usize = 5;
const SEED: &str = include_str!("../core/sample/_posts/building-scalable-apis.md");

fn main() {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/postdesk");
    if !binary.exists() {
        eprintln!(
            "{} is missing: run `cargo build --release --bin postdesk` (make bench does)",
            binary.display()
        );
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk_core::app::sample::write(&blog, 0).unwrap();
    let posts = blog.join("_posts");
    for i in 0..POSTS {
        let text = SEED.replacen("Building Scalable APIs", &format!("Post number {i}"), 1);
        std::fs::write(posts.join(format!("post-{i:05}.md")), text).unwrap();
    }
    let cache = dir.path().join("cache");

    let cat = median(|| {
        run(Command::new("sh")
            .arg("-c")
            .arg("cat _posts/*.md > /dev/null")
            .current_dir(&blog))
    });
    let cold = median(|| {
        let _ = std::fs::remove_dir_all(&cache);
        run(Command::new(&binary)
            .arg("check")
            .arg(&blog)
            .env("XDG_CACHE_HOME", &cache))
    });
    // Fill the cache once, then time re-opening with it.
    run(Command::new(&binary)
        .arg("check")
        .arg(&blog)
        .env("XDG_CACHE_HOME", &cache));
    let warm = median(|| {
        run(Command::new(&binary)
            .arg("check")
            .arg(&blog)
            .env("XDG_CACHE_HOME", &cache))
    });

    println!("index + validate {POSTS} posts (median of {RUNS} runs, fresh process each)");
    println!("| what | time | ratio to cat | target |");
    println!("| --- | --- | --- | --- |");
    println!("| cat (all posts) | {:.1} ms | 1.00x | |", ms(cat));
    println!(
        "| postdesk check, cold cache | {:.1} ms | {:.2}x | <= 3x |",
        ms(cold),
        ratio(cold, cat)
    );
    println!(
        "| postdesk check, warm cache | {:.1} ms | {:.2}x | <= 1x |",
        ms(warm),
        ratio(warm, cat)
    );
}

fn run(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().expect("the command runs");
    let took = start.elapsed();
    // `check` exits 1 when a post has errors; the generated posts have none.
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
