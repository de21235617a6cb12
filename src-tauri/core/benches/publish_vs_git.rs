//! `make bench`: publishing one post and one new image to a bare remote on
//! this machine, against `git add` + `git commit` + `git push` doing the
//! same, in one run. Target: at most 1.0× git's time. Postdesk's time
//! includes validating the post, planning (status, diff) and committing.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use postdesk_core::publish::{self, Outcome, PushOptions};
use postdesk_core::{app::sample, index, Blog};

const RUNS: usize = 10;
const POST: &str = "_posts/writing-with-postdesk.md";
const IMAGE: &str = "public/assets/blog/writing-with-postdesk/figure.jpg";

/// A fresh sample blog with the post edited to show a new image.
fn prepared(dir: &Path, n: usize) -> std::path::PathBuf {
    let root = dir.join(format!("blog-{n}"));
    sample::write(&root, 1_700_000_000).unwrap();
    for (k, v) in [("user.name", "Bench"), ("user.email", "bench@example.com")] {
        git(&root, &["config", k, v]);
    }
    std::fs::create_dir_all(root.join(IMAGE).parent().unwrap()).unwrap();
    std::fs::copy(
        root.join("public/assets/blog/apis/cover.jpg"),
        root.join(IMAGE),
    )
    .unwrap();
    let post = root.join(POST);
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str(&format!(
        "\n![A figure](/assets/blog/writing-with-postdesk/figure.jpg)\n\nRun {n}.\n"
    ));
    std::fs::write(post, text).unwrap();
    root
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for n in 0..RUNS {
        let root = prepared(dir.path(), 2 * n);
        let blog = Blog::open(&root).unwrap();
        let index = index::scan(&blog, None).unwrap();
        let options = PushOptions {
            git_fallback: false,
            ..PushOptions::default()
        };
        let start = Instant::now();
        let outcome = publish::publish(
            &blog,
            &index,
            POST,
            None,
            &options,
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        ours.push(start.elapsed());
        assert!(matches!(outcome, Outcome::Pushed { .. }), "{outcome:?}");

        let root = prepared(dir.path(), 2 * n + 1);
        let start = Instant::now();
        git(&root, &["add", POST, IMAGE]);
        git(
            &root,
            &[
                "commit",
                "-q",
                "-m",
                "Update: Writing with Postdesk: A Tour of the Desk",
            ],
        );
        git(&root, &["push", "-q", "origin", "main"]);
        theirs.push(start.elapsed());
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!("\npublish one post + one new image to a bare remote, median of {RUNS} runs:");
    println!(
        "  postdesk publish             {:>7.1} ms",
        ours.as_secs_f64() * 1000.0
    );
    println!(
        "  git add + commit + push      {:>7.1} ms   postdesk/git = {:.2}× (target ≤ 1.0×)",
        theirs.as_secs_f64() * 1000.0,
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}
