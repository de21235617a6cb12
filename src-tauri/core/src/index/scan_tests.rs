//! The index's scan and its cache (`scan.rs`).

use super::*;

/// The sample blog in a fresh folder: (the folder, the blog's root, the blog).
fn sample_blog() -> (tempfile::TempDir, std::path::PathBuf, Blog) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    crate::app::sample::write(&root, 0).unwrap();
    let blog = Blog::open(&root).unwrap();
    (dir, root, blog)
}

#[test]
fn the_cache_is_used_until_a_post_changes() {
    let (dir, root, blog) = sample_blog();
    let cache = dir.path().join("cache/index.json");
    let first = scan(&blog, Some(&cache)).unwrap();
    assert_eq!(first.read, 2);
    let second = scan(&blog, Some(&cache)).unwrap();
    assert_eq!(second.read, 0);
    assert_eq!(second.summaries(), first.summaries());
    std::fs::write(root.join("_posts/new.md"), "---\ntitle: New\n---\nx\n").unwrap();
    std::fs::write(
        root.join("_posts/writing-with-postdesk.md"),
        "---\ntitle: Changed\n---\nText\n",
    )
    .unwrap();
    let third = scan(&blog, Some(&cache)).unwrap();
    assert_eq!(third.read, 2);
    assert!(third.summaries().iter().any(|p| p.title == "Changed"));
}

#[test]
fn the_cache_alone_gives_the_last_list_at_once_and_a_scan_counts_its_posts() {
    let (dir, root, blog) = sample_blog();
    let cache = dir.path().join("cache/index.json");
    assert!(cached(&blog, &cache).is_none(), "no cache yet");
    let counted = std::sync::Mutex::new(Vec::new());
    let first = scan_counting(&blog, Some(&cache), &|n, total| {
        counted.lock().unwrap().push((n, total))
    })
    .unwrap();
    assert_eq!(counted.into_inner().unwrap().last(), Some(&(2, 2)));
    // A post changed since: the cached list is the old one (the scan
    // that follows brings the change).
    std::fs::write(
        root.join("_posts/writing-with-postdesk.md"),
        "---\ntitle: Changed\n---\nText\n",
    )
    .unwrap();
    let stale = cached(&blog, &cache).unwrap();
    assert_eq!(stale.summaries(), first.summaries());
    assert_eq!(stale.schema, first.schema);
    let fresh = scan(&blog, Some(&cache)).unwrap();
    assert!(fresh.summaries().iter().any(|p| p.title == "Changed"));
    // A cache of another schema is not this blog's list.
    std::fs::write(
        root.join("postdesk.toml"),
        "[[fields]]\nname = \"title\"\ntype = \"string\"\n",
    )
    .unwrap();
    let blog = Blog::open(&root).unwrap();
    assert!(cached(&blog, &cache).is_none());
}

#[test]
fn cached_checks_still_see_images_vanish_and_slugs_collide() {
    let (dir, root, blog) = sample_blog();
    let cache = dir.path().join("cache/index.json");
    scan(&blog, Some(&cache)).unwrap();
    std::fs::remove_file(root.join("public/assets/blog/authors/cain.jpeg")).unwrap();
    std::fs::create_dir_all(root.join("_posts/old")).unwrap();
    std::fs::write(
        root.join("_posts/old/building-scalable-apis.md"),
        "---\ntitle: Old\ndate: '2020-01-01'\n---\nx\n",
    )
    .unwrap();
    let index = scan(&blog, Some(&cache)).unwrap();
    assert_eq!(index.read, 1, "only the new post is read");
    let report = index.check_all(&blog);
    let seed = &report
        .iter()
        .find(|(p, _)| p == "_posts/building-scalable-apis.md")
        .unwrap()
        .1;
    let codes: Vec<&str> = seed.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["duplicate-slug", "missing-image"], "{seed:?}");
    assert_eq!(seed[1].line, 8);
}

#[test]
fn the_sample_blog_has_no_errors() {
    let (_dir, _root, blog) = sample_blog();
    let index = scan(&blog, None).unwrap();
    for (path, issues) in index.check_all(&blog) {
        let errors: Vec<_> = issues
            .iter()
            .filter(|i| i.severity != Severity::Info)
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

#[test]
fn a_scan_after_the_cached_list_reuses_its_entries_instead_of_reading_the_file_again() {
    let (dir, root, blog) = sample_blog();
    let cache = dir.path().join("cache/index.json");
    let first = scan(&blog, Some(&cache)).unwrap();
    let prior = cached(&blog, &cache).unwrap();
    // The file is gone: only the prior's entries can spare reading posts.
    std::fs::remove_file(&cache).unwrap();
    let after = scan_after(&blog, Some(&cache), Some(&prior), &|_, _| {}).unwrap();
    assert_eq!(after.read, 0, "every post came from the prior's entries");
    assert_eq!(after.summaries(), first.summaries());
    // A prior made under other settings is not used: the posts are read.
    assert!(!cache.exists(), "nothing read, so nothing written back");
    std::fs::write(
        root.join("postdesk.toml"),
        "[[fields]]\nname = \"title\"\ntype = \"string\"\n",
    )
    .unwrap();
    let blog = Blog::open(&root).unwrap();
    let other = scan_after(&blog, Some(&cache), Some(&prior), &|_, _| {}).unwrap();
    assert_eq!(other.read, 2);
}
