//! `make bench`: indexing and validating a 10,000-post blog in a fresh
//! `postdesk check` process, against `cat` reading the same files, all in one
//! run so the ratios compare like with like; and the command line's start:
//! `postdesk check POST` on one post as a whole process (target 20 ms),
//! beside the app binary doing the same (it loads GTK and WebKit) and `cat`.

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
            "{} is missing: run `cargo build --release --bin postdesk --bin postdesk-app` (make bench does)",
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

    // One post, as a pre-commit hook checks it: in the sample blog (the
    // target's case), and in the 10,000-post blog (the index is read, from
    // its cache, for the checks that look across posts).
    let sample = dir.path().join("sample");
    postdesk_core::app::sample::write(&sample, 0).unwrap();
    let small = sample.join("_posts/building-scalable-apis.md");
    let big = posts.join("post-00001.md");
    let app = binary.with_file_name("postdesk-app");
    let check = |bin: &Path, post: &Path| {
        run(Command::new(bin)
            .arg("check")
            .arg(post)
            .env("XDG_CACHE_HOME", &cache))
    };
    check(&binary, &small);
    check(&binary, &big);
    let cat_one = median(|| run(Command::new("cat").arg(&small)));
    let one = median(|| check(&binary, &small));
    let one_app = app.exists().then(|| median(|| check(&app, &small)));
    let one_big = median(|| check(&binary, &big));
    println!("check one post (median of {RUNS} runs, fresh process each)");
    println!("| what | time | ratio to cat | target |");
    println!("| --- | --- | --- | --- |");
    println!("| cat (the post) | {:.1} ms | 1.00x | |", ms(cat_one));
    println!(
        "| postdesk check POST, sample blog (the command line) | {:.1} ms | {:.2}x | <= 20 ms |",
        ms(one),
        ratio(one, cat_one)
    );
    if let Some(t) = one_app {
        println!(
            "| postdesk-app check POST, sample blog (GUI libraries loaded) | {:.1} ms | {:.2}x | |",
            ms(t),
            ratio(t, cat_one)
        );
    }
    println!(
        "| postdesk check POST, {POSTS}-post blog (warm index cache) | {:.1} ms | {:.2}x | |",
        ms(one_big),
        ratio(one_big, cat_one)
    );
    println!();

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
