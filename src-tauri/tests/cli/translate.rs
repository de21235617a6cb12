//! `postdesk translate`, and what `list` and `check` say of translations.

use super::{postdesk, stderr, stdout};

fn post(title: &str, date: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n\nBody of {title}.\n")
}

#[test]
fn translate_starts_a_translation_and_check_keeps_them_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    std::fs::write(
        blog.join("postdesk.toml"),
        "kind = \"blog-starter\"\nlanguages = [\"en\", \"ja\", \"fr\"]\n",
    )
    .unwrap();
    std::fs::write(blog.join("_posts/hello.md"), post("Hello", "2024-03-01")).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&blog)
            .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    let source = blog.join("_posts/hello.md");
    let source = source.to_str().unwrap();

    let out = postdesk(&["translate", source, "--lang", "ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = blog.join("_posts/hello.ja.md");
    assert_eq!(stdout(&out).trim_end(), made.to_str().unwrap());
    assert_eq!(
        std::fs::read_to_string(&made).unwrap(),
        post("Hello", "2024-03-01")
    );

    // Never over an existing translation; never into a language the blog
    // does not have: exit 2 and why.
    let again = postdesk(&["translate", source, "--lang", "ja"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already has a translation into ja: _posts/hello.ja.md"),
        "{}",
        stderr(&again)
    );
    let unknown = postdesk(&["translate", source, "--lang", "de"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("(en, ja, fr)"),
        "{}",
        stderr(&unknown)
    );

    // The list: each post's language, and a group its translations share.
    let list = postdesk(&["list", blog.to_str().unwrap(), "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&list)).unwrap();
    let by = |p: &str| rows.iter().find(|r| r["path"] == p).unwrap().clone();
    assert_eq!(by("_posts/hello.md")["lang"], "en");
    assert_eq!(by("_posts/hello.ja.md")["lang"], "ja");
    assert_eq!(
        by("_posts/hello.md")["group"],
        by("_posts/hello.ja.md")["group"]
    );

    // A shared field changed in the translation: a warning naming the source.
    std::fs::write(&made, post("こんにちは", "2024-03-09")).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-qm", "Hello in two languages"]);
    let check = postdesk(&["check", blog.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "warnings only: {}",
        stdout(&check)
    );
    assert_eq!(
        stdout(&check),
        format!("{}/_posts/hello.ja.md:3:7: warning[translation-differs]: `date` is 2024-03-09 here but 2024-03-01 in the source post _posts/hello.md: translations share it — take the source's value, or mark the field `shared = false` in the schema\n", blog.display())
    );

    // The source changes in a later commit: the translation is outdated.
    std::fs::write(&made, post("こんにちは", "2024-03-01")).unwrap();
    git(&["commit", "-qam", "Same date"]);
    std::fs::write(
        blog.join("_posts/hello.md"),
        post("Hello, world", "2024-03-01"),
    )
    .unwrap();
    git(&["commit", "-qam", "A longer title"]);
    let check = postdesk(&["check", blog.to_str().unwrap(), "--format", "json"]);
    let report: Vec<serde_json::Value> = serde_json::from_str(&stdout(&check)).unwrap();
    let issues = &report
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/_posts/hello.ja.md"))
        })
        .unwrap()["issues"];
    assert_eq!(issues.as_array().unwrap().len(), 1, "{issues}");
    assert_eq!(issues[0]["code"], "translation-outdated");
    let said = issues[0]["message"].as_str().unwrap();
    assert!(
        said.starts_with("_posts/hello.md changed after this translation was last committed")
            && said.contains("\"A longer title\""),
        "{said}"
    );
}
