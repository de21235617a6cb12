//! `make bench`: the core's hot paths, run with divan.

use postdesk_core::{app::sample, preview, Blog};

fn main() {
    divan::main();
}

const SEED: &str = include_str!("../sample/_posts/building-scalable-apis.md");

/// Rendering the reference post with the syntax definitions loaded and the
/// code blocks highlighted before, but every block sanitized anew.
#[divan::bench]
fn render_seed_post(bencher: divan::Bencher) {
    let renderer = preview::Renderer::default();
    let options = preview::RenderOptions::default();
    renderer.render(SEED, &options);
    bencher.bench(|| {
        renderer.forget_blocks();
        renderer.render(divan::black_box(SEED), &options)
    });
}

/// Listing a blog of `n` posts (the seed post copied `n` times).
#[divan::bench(args = [100, 1000])]
fn list_posts(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("_posts");
    std::fs::create_dir_all(&posts).unwrap();
    for i in 0..n {
        std::fs::write(posts.join(format!("post-{i}.md")), SEED).unwrap();
    }
    let blog = Blog::open(dir.path()).unwrap();
    bencher.bench(|| postdesk_core::index::scan(&blog, None).unwrap().summaries());
}

/// Writing the sample blog (files, git commit, bare origin, push).
#[divan::bench(sample_count = 10)]
fn write_sample_blog(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| tempfile::tempdir().unwrap())
        .bench_values(|dir| {
            sample::write(&dir.path().join("blog"), 0).unwrap();
            dir
        });
}

/// `postdesk set` in-process: one field of the reference post (target: under 1 ms).
#[divan::bench]
fn set_title_on_seed_post() -> String {
    postdesk_core::front_matter::edit::set(
        divan::black_box(SEED),
        &["title"],
        &serde_json::json!("A new title"),
        &[],
    )
    .unwrap()
}

/// Validating the reference post's text, as the editor does while typing.
#[divan::bench]
fn locate_and_summarize_seed_post() -> postdesk_core::PostSummary {
    postdesk_core::post::summarize("_posts/building-scalable-apis.md", divan::black_box(SEED))
}
