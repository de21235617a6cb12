//! Translations: each convention's fixture blog grouped as its generator
//! groups it (Hugo's own `.Translations`, recorded), a translation started
//! where the convention puts it, and what the checks say between a post
//! and its translations.

use std::collections::{BTreeMap, HashMap};

use postdesk_core::index::{self, translations};
use postdesk_core::Blog;
use proptest::prelude::*;
use serde_json::Value;

/// Writes `files` (path, text) into a new blog folder.
fn blog_of(files: &[(&str, &str)]) -> (tempfile::TempDir, Blog) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let blog = Blog::open(dir.path()).unwrap();
    (dir, blog)
}

/// `git ARGS` in `dir` as Ada (the tests' commits need an author).
fn git_as_ada(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["-c", "user.name=Ada", "-c", "user.email=ada@example.com"];
    all.extend_from_slice(args);
    crate::publish::git(dir, &all)
}

/// Each post's (language, the other posts of its group), by path.
fn groups(blog: &Blog) -> BTreeMap<String, (String, Vec<String>)> {
    let index = index::scan(blog, None).unwrap();
    index
        .entries
        .iter()
        .map(|e| {
            let mut others: Vec<String> = index
                .translations(&e.summary.path)
                .iter()
                .skip(1)
                .map(|s| s.path.clone())
                .collect();
            others.sort();
            (
                e.summary.path.clone(),
                (e.summary.lang.clone().unwrap_or_default(), others),
            )
        })
        .collect()
}

pub(crate) fn post(title: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2024-03-01\n{extra}---\n\nBody of {title}.\n")
}

#[test]
fn hugo_s_languages_translations_and_urls_are_the_generator_s() {
    // Single files (`hello.ja.md`), bundles (`index.ja.md`), a language's
    // own contentDir (`content.fr/`), translationKey, a suffix outside the
    // language's folder — against what Hugo itself made of each.
    let root = crate::fixture("hugo-languages");
    let blog = Blog::open(&root).unwrap();
    let recorded: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("generator.json")).unwrap())
            .unwrap();
    let index = index::scan(&blog, None).unwrap();
    let found = groups(&blog);
    assert_eq!(found.len(), recorded.len(), "{found:?}");
    for r in &recorded {
        let file = r["file"].as_str().unwrap();
        let (lang, others) = &found[file];
        assert_eq!(lang, r["lang"].as_str().unwrap(), "{file}: language");
        let theirs: Vec<&str> = r["translations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(others, &theirs, "{file}: translations");
        let row = index
            .entries
            .iter()
            .find(|e| e.summary.path == file)
            .unwrap();
        assert_eq!(row.summary.url.as_deref(), r["url"].as_str(), "{file}: URL");
    }
}

#[test]
fn astro_locale_folders_are_translations_of_the_same_entry() {
    let (_dir, blog) = blog_of(&[
        (
            "astro.config.mjs",
            "export default defineConfig({ i18n: { defaultLocale: 'en', locales: ['en', 'ja'] } });\n",
        ),
        ("src/content/blog/en/first.md", &post("First", "")),
        ("src/content/blog/ja/first.md", &post("最初", "")),
        ("src/content/blog/en/second.md", &post("Second", "")),
    ]);
    let found = groups(&blog);
    assert_eq!(
        found["src/content/blog/en/first.md"],
        ("en".into(), vec!["src/content/blog/ja/first.md".into()])
    );
    assert_eq!(
        found["src/content/blog/en/second.md"],
        ("en".into(), vec![])
    );
    // The blog template's route holds the locale folder.
    let index = index::scan(&blog, None).unwrap();
    let ja = index.translations("src/content/blog/ja/first.md")[0];
    assert_eq!(ja.url.as_deref(), Some("/blog/ja/first/"));
    // A translation goes in its locale's folder of the collection.
    let made =
        translations::translate(&blog, &index, "src/content/blog/en/second.md", "ja").unwrap();
    assert_eq!(made, "src/content/blog/ja/second.md");
}

#[test]
fn jekyll_polyglot_posts_are_grouped_by_permalink_or_folder() {
    let (_dir, blog) = blog_of(&[
        (
            "_config.yml",
            "languages: [\"en\", \"ja\"]\ndefault_lang: \"en\"\n",
        ),
        (
            "_posts/2024-03-01-hello.md",
            &post("Hello", "permalink: /hello/\n"),
        ),
        (
            "_posts/2024-03-01-konnichiwa.md",
            &post("こんにちは", "lang: ja\npermalink: /hello/\n"),
        ),
        ("_posts/2024-03-02-trip.md", &post("Trip", "")),
        ("_posts/ja/2024-03-02-trip.md", &post("旅", "lang: ja\n")),
    ]);
    let found = groups(&blog);
    assert_eq!(
        found["_posts/2024-03-01-hello.md"],
        ("en".into(), vec!["_posts/2024-03-01-konnichiwa.md".into()])
    );
    assert_eq!(
        found["_posts/ja/2024-03-02-trip.md"],
        ("ja".into(), vec!["_posts/2024-03-02-trip.md".into()])
    );
    // polyglot serves the other languages under /LANG/.
    let index = index::scan(&blog, None).unwrap();
    let ja = index.translations("_posts/2024-03-01-konnichiwa.md")[0];
    assert_eq!(ja.url.as_deref(), Some("/ja/hello/"));
}

#[test]
fn a_translation_starts_where_the_convention_puts_it_and_never_over_a_file() {
    let (dir, blog) = blog_of(&[
        (
            "postdesk.toml",
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\", \"fr\"]\n",
        ),
        ("_posts/hello.md", &post("Hello", "tags: [\"a\"]\n")),
        ("_posts/hello.ja.md", &post("こんにちは", "tags: [\"a\"]\n")),
    ]);
    let index = index::scan(&blog, None).unwrap();
    let made = translations::translate(&blog, &index, "_posts/hello.md", "fr").unwrap();
    assert_eq!(made, "_posts/hello.fr.md");
    // A copy to translate in place: every field and the body.
    let source = std::fs::read_to_string(dir.path().join("_posts/hello.md")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&made)).unwrap(),
        source
    );
    let refused = |r: Result<String, translations::TranslateError>| r.unwrap_err().to_string();
    let index = index::scan(&blog, None).unwrap();
    let exists = refused(translations::translate(
        &blog,
        &index,
        "_posts/hello.md",
        "ja",
    ));
    assert!(
        exists.contains("already has a translation into ja: _posts/hello.ja.md"),
        "{exists}"
    );
    let unknown = refused(translations::translate(
        &blog,
        &index,
        "_posts/hello.md",
        "de",
    ));
    assert!(
        unknown.contains("\"de\" is not one of the blog's languages (en, ja, fr)"),
        "{unknown}"
    );
    let same = refused(translations::translate(
        &blog,
        &index,
        "_posts/hello.ja.md",
        "ja",
    ));
    assert!(same.contains("already in ja"), "{same}");
    // A file in the way (written after the index was read) is never
    // written over.
    std::fs::write(dir.path().join("_posts/other.md"), post("Other", "")).unwrap();
    let index = index::scan(&blog, None).unwrap();
    std::fs::write(dir.path().join("_posts/other.ja.md"), "mine").unwrap();
    let in_the_way = refused(translations::translate(
        &blog,
        &index,
        "_posts/other.md",
        "ja",
    ));
    assert!(in_the_way.contains("_posts/other.ja.md"), "{in_the_way}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("_posts/other.ja.md")).unwrap(),
        "mine"
    );
    // A blog of one language says how to name its languages.
    let (_one, single) = blog_of(&[("_posts/a.md", &post("A", ""))]);
    let index = index::scan(&single, None).unwrap();
    let one = refused(translations::translate(
        &single,
        &index,
        "_posts/a.md",
        "ja",
    ));
    assert!(one.contains("languages = [\"en\", \"ja\"]"), "{one}");
}

#[test]
fn a_jekyll_translation_says_its_language_in_its_field() {
    let (dir, blog) = blog_of(&[
        (
            "_config.yml",
            "languages: [\"en\", \"ja\"]\ndefault_lang: \"en\"\n",
        ),
        ("_posts/2024-03-01-hello.md", &post("Hello", "lang: en\n")),
    ]);
    let index = index::scan(&blog, None).unwrap();
    let made = translations::translate(&blog, &index, "_posts/2024-03-01-hello.md", "ja").unwrap();
    assert_eq!(made, "_posts/ja/2024-03-01-hello.md");
    let text = std::fs::read_to_string(dir.path().join(&made)).unwrap();
    assert_eq!(text, post("Hello", "lang: ja\n"));
    let found = groups(&blog);
    assert_eq!(
        found[&made],
        ("ja".into(), vec!["_posts/2024-03-01-hello.md".into()])
    );
}

#[test]
fn a_shared_field_that_differs_is_a_warning_fixed_by_the_source_s_value() {
    let (dir, blog) = blog_of(&[
        (
            "postdesk.toml",
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\"]\n[checks]\nmissing_translations = true\n",
        ),
        (
            "_posts/hello.md",
            "---\ntitle: \"Hello\"\ndate: 2024-03-01\ncoverImage: /a.jpg\nauthor:\n  name: Ada\n---\n\nHi.\n",
        ),
        (
            "_posts/hello.ja.md",
            "---\ntitle: \"こんにちは\"\ndate: 2024-03-09\ncoverImage: /a.jpg\nauthor:\n  name: エイダ\n---\n\nやあ。\n",
        ),
        ("_posts/alone.md", &post("Alone", "")),
    ]);
    let index = index::scan(&blog, None).unwrap();
    let text = std::fs::read_to_string(dir.path().join("_posts/hello.ja.md")).unwrap();
    let issues = translations::check(&blog, &index, "_posts/hello.ja.md", &text);
    let said: Vec<(&str, Option<&str>, usize)> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.field.as_deref(), i.line))
        .collect();
    assert_eq!(
        said,
        [
            ("translation-differs", Some("date"), 3),
            ("translation-differs", Some("author.name"), 6)
        ]
    );
    assert!(
        issues[0].message.contains("_posts/hello.md"),
        "{}",
        issues[0].message
    );
    // Each fix takes the source's value, and leaves nothing to say.
    let mut fixed = text.clone();
    for issue in issues.iter().rev() {
        let fix = issue.fix.as_ref().unwrap();
        let line_start: usize = fixed
            .split_inclusive('\n')
            .take(fix.line - 1)
            .map(str::len)
            .sum();
        let start = line_start
            + fixed[line_start..]
                .char_indices()
                .nth(fix.col - 1)
                .map(|(i, _)| i)
                .unwrap();
        let end = start
            + fixed[start..]
                .char_indices()
                .nth(fix.len)
                .map_or(fixed.len() - start, |(i, _)| i);
        fixed.replace_range(start..end, &fix.insert);
    }
    assert!(
        fixed.contains("date: 2024-03-01") && fixed.contains("name: Ada"),
        "{fixed}"
    );
    assert!(fixed.contains("title: \"こんにちは\"") && fixed.contains("やあ。"));
    assert!(translations::check(&blog, &index, "_posts/hello.ja.md", &fixed).is_empty());
    // The source post: the translation it lacks (asked for in postdesk.toml).
    let alone = std::fs::read_to_string(dir.path().join("_posts/alone.md")).unwrap();
    let missing = translations::check(&blog, &index, "_posts/alone.md", &alone);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].code, "missing-translation");
    assert!(
        missing[0].message.contains("--lang ja"),
        "{}",
        missing[0].message
    );
    let hello = std::fs::read_to_string(dir.path().join("_posts/hello.md")).unwrap();
    assert!(translations::check(&blog, &index, "_posts/hello.md", &hello).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// However posts are named, a group never holds two different posts:
    /// its members are one post in different languages (the same path
    /// once the language is taken out), each language at most once.
    #[test]
    fn a_group_never_holds_two_different_posts(
        names in proptest::collection::vec(
            (
                prop_oneof![Just(""), Just("ja/"), Just("en/"), Just("x/")],
                prop_oneof![Just("a"), Just("b"), Just("a.b"), Just("index")],
                prop_oneof![Just(""), Just(".en"), Just(".ja"), Just(".fr"), Just(".zz")],
                prop_oneof![Just(".md"), Just(".mdx")],
            ),
            1..12,
        ),
        folder in any::<bool>(),
    ) {
        let convention = if folder { "folder" } else { "suffix" };
        let config = format!(
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\", \"fr\"]\ntranslations = \"{convention}\"\n"
        );
        let mut files: HashMap<String, String> = HashMap::new();
        for (dir, stem, lang, ext) in &names {
            files.insert(format!("_posts/{dir}{stem}{lang}{ext}"), post(stem, ""));
        }
        let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        all.push(("postdesk.toml", &config));
        let (_dir, blog) = blog_of(&all);
        let index = index::scan(&blog, None).unwrap();
        for e in &index.entries {
            let group = index.translations(&e.summary.path);
            let mut langs: Vec<&str> = group.iter().filter_map(|s| s.lang.as_deref()).collect();
            let n = langs.len();
            langs.sort();
            langs.dedup();
            prop_assert_eq!(langs.len(), n, "two posts of one language in {:?}", group);
            let rests: Vec<String> = group
                .iter()
                .map(|s| blog.placed(&s.path, &Value::Null).unwrap().rest)
                .map(|r| r.rsplit_once('.').map_or(r.clone(), |(s, _)| s.to_owned()))
                .collect();
            prop_assert!(rests.windows(2).all(|w| w[0] == w[1]), "{:?} are different posts", group);
        }
    }
}

#[test]
fn a_translation_is_outdated_when_its_source_changed_in_a_later_commit() {
    let (dir, blog) = blog_of(&[
        (
            "postdesk.toml",
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\"]\n",
        ),
        ("_posts/hello.md", &post("Hello", "")),
        ("_posts/hello.ja.md", &post("こんにちは", "")),
    ]);
    let git = |args: &[&str]| git_as_ada(dir.path(), args);
    let outdated = || {
        let index = index::scan(&blog, None).unwrap();
        postdesk_core::publish::history::outdated(
            &blog,
            &index,
            &["_posts/hello.ja.md", "_posts/hello.md"],
        )
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "Both at once"]);
    assert!(outdated().is_empty(), "committed together: in step");

    // The source changes in a later commit: the translation is behind it.
    std::fs::write(dir.path().join("_posts/hello.md"), post("Hello again", "")).unwrap();
    assert!(outdated().is_empty(), "by commits, not by the files now");
    git(&["commit", "-qam", "A better title"]);
    let found = outdated();
    assert_eq!(found.len(), 1, "{found:?}");
    let issue = &found["_posts/hello.ja.md"];
    assert_eq!(issue.code, "translation-outdated");
    assert!(
        issue
            .message
            .starts_with("_posts/hello.md changed after this translation was last committed")
            && issue.message.contains("\"A better title\""),
        "{}",
        issue.message
    );
    // What it was translated from: the source at the translation's commit.
    let since = issue.since.as_ref().unwrap();
    assert_eq!(since.path, "_posts/hello.md");
    let then = postdesk_core::publish::history::text_at(&blog, &since.commit, &since.path).unwrap();
    assert_eq!(then, post("Hello", ""));

    // The translation brought up to date and committed: in step again.
    std::fs::write(
        dir.path().join("_posts/hello.ja.md"),
        post("またこんにちは", ""),
    )
    .unwrap();
    git(&["commit", "-qam", "Translated again"]);
    assert!(outdated().is_empty());
}

/// A row's languages: (language, its translation's path).
type Chips = Vec<(String, Option<String>)>;

#[test]
fn the_list_shows_a_post_and_its_translations_on_one_row() {
    let (_dir, blog) = blog_of(&[
        (
            "postdesk.toml",
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\"]\n",
        ),
        ("_posts/a.md", &post("Apples", "")),
        ("_posts/a.ja.md", &post("りんご", "")),
        (
            "_posts/b.md",
            "---\ntitle: \"Bananas\"\ndate: 2024-05-01\n---\n\nB.\n",
        ),
        (
            "_posts/c.ja.md",
            "---\ntitle: \"さくらんぼ\"\ndate: 2024-01-01\n---\n\nC.\n",
        ),
    ]);
    let index = index::scan(&blog, None).unwrap();
    assert_eq!(index.facets().languages, ["en", "ja"]);
    let mut corpus = index::search::Corpus::default();
    corpus.refresh(&blog, &index.summaries());
    let rows = |query: &index::list::ListQuery, selected: Option<&str>| {
        let listing = index.listing(query, Some(&corpus));
        let page = index.page(&listing, Some(&corpus), 0, 50, selected);
        let rows: Vec<(String, Chips)> = page
            .rows
            .into_iter()
            .map(|r| {
                (
                    r.post.path,
                    r.langs.into_iter().map(|c| (c.lang, c.path)).collect(),
                )
            })
            .collect();
        (rows, page.at)
    };
    let chips = |en: Option<&str>, ja: Option<&str>| {
        vec![
            ("en".to_owned(), en.map(str::to_owned)),
            ("ja".to_owned(), ja.map(str::to_owned)),
        ]
    };
    // Every language: one row per post, the default language's version
    // shown, a chip per language (missing: no path).
    let all = index::list::ListQuery::default();
    let (shown, at) = rows(&all, Some("_posts/a.ja.md"));
    assert_eq!(
        shown,
        [
            ("_posts/b.md".to_owned(), chips(Some("_posts/b.md"), None)),
            (
                "_posts/a.md".to_owned(),
                chips(Some("_posts/a.md"), Some("_posts/a.ja.md"))
            ),
            (
                "_posts/c.ja.md".to_owned(),
                chips(None, Some("_posts/c.ja.md"))
            ),
        ]
    );
    assert_eq!(at, Some(1), "a translation selected: its post's row");
    // One language: its posts, each on its row.
    let ja = index::list::ListQuery {
        lang: "ja".into(),
        ..Default::default()
    };
    let (shown, _) = rows(&ja, None);
    let paths: Vec<&str> = shown.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["_posts/a.ja.md", "_posts/c.ja.md"]);
    // A search finds a post by a translation's title: that translation's row.
    let search = index::list::ListQuery {
        search: "りんご".into(),
        ..Default::default()
    };
    let (shown, _) = rows(&search, None);
    assert_eq!(
        shown,
        [(
            "_posts/a.ja.md".to_owned(),
            chips(Some("_posts/a.md"), Some("_posts/a.ja.md"))
        )]
    );
}

#[test]
fn publish_offers_the_changed_translations_and_commits_them_with_the_post() {
    let (dir, blog) = blog_of(&[
        (
            "postdesk.toml",
            "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\"]\n",
        ),
        ("_posts/hello.md", &post("Hello", "")),
        ("_posts/hello.ja.md", &post("こんにちは", "")),
        ("_posts/other.md", &post("Other", "")),
    ]);
    let git = |args: &[&str]| git_as_ada(dir.path(), args);
    git(&["init", "-q"]);
    git(&["config", "user.name", "Ada"]);
    git(&["config", "user.email", "ada@example.com"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "First"]);
    std::fs::write(dir.path().join("_posts/hello.md"), post("Hello!", "")).unwrap();
    std::fs::write(
        dir.path().join("_posts/hello.ja.md"),
        post("こんにちは！", ""),
    )
    .unwrap();
    std::fs::write(dir.path().join("_posts/other.md"), post("Other!", "")).unwrap();
    let index = index::scan(&blog, None).unwrap();
    let plan = postdesk_core::publish::plan(&blog, &index, "_posts/hello.md").unwrap();
    let paths = |f: &[postdesk_core::publish::ChangedFile]| -> Vec<String> {
        f.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(&plan.files), ["_posts/hello.md"]);
    assert_eq!(paths(&plan.translations), ["_posts/hello.ja.md"]);
    let options = postdesk_core::publish::PushOptions {
        push: false,
        git_fallback: false,
        ssh_dir: None,
        ..Default::default()
    };
    let outcome = postdesk_core::publish::publish_with(
        &blog,
        &index,
        "_posts/hello.md",
        None,
        &options,
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
        true,
    )
    .unwrap();
    assert!(
        matches!(
            outcome,
            postdesk_core::publish::Outcome::CommittedNotPushed { .. }
        ),
        "{outcome:?}"
    );
    // One commit: the post and its translation; the other post untouched.
    let changed = git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        changed.lines().collect::<Vec<_>>(),
        ["_posts/hello.ja.md", "_posts/hello.md"]
    );
    assert!(git(&["status", "--porcelain"]).contains("_posts/other.md"));
}
