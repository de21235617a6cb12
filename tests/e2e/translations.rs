//! Translations in the window: a post translated from its language chips,
//! edited beside its source (the Source tab, paragraph by paragraph),
//! published with it in one commit, then marked outdated when the source
//! changes in a later commit, with the source's changes one click away.

use fantoccini::key::Key;

use crate::desk::{editor_text, open_seed};
use crate::harness::Session;

const SOURCE: &str = "_posts/building-scalable-apis.md";
const JA: &str = "_posts/building-scalable-apis.ja.md";

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Grace",
            "-c",
            "user.email=grace@example.com",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn js(s: &Session, script: &str) -> serde_json::Value {
    s.client.execute(script, vec![]).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_is_translated_beside_its_source_published_with_it_and_kept_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    let origin = crate::harness::sample(&blog);
    std::fs::write(blog.join("postdesk.toml"), "languages = [\"en\", \"ja\"]\n").unwrap();
    git(&blog, &["add", "postdesk.toml"]);
    git(&blog, &["commit", "-qm", "Two languages"]);
    git(&blog, &["push", "-q", "origin", "main"]);

    let s = Session::start(&blog).await;
    open_seed(&s).await;
    // The post's languages beside its Text and Fields tabs: en, and ja to start.
    let start = s
        .find(r#"[data-testid="post-langs"] [data-testid="translate-into"][data-lang="ja"]"#)
        .await;
    start.click().await.unwrap();

    // The translation: a copy where the blog keeps ja posts, opened, with
    // its source beside it in the Source tab.
    s.eventually("the translation open", || async {
        js(
            &s,
            "const p = document.querySelector('span.path'); return p ? p.innerText : ''",
        )
        .await
        .as_str()
        .is_some_and(|t| t.contains(JA))
    })
    .await;
    assert!(blog.join(JA).exists());
    assert_eq!(
        std::fs::read_to_string(blog.join(JA)).unwrap(),
        std::fs::read_to_string(blog.join(SOURCE)).unwrap()
    );
    let pane = s.find(r#"[data-testid="source-pane"]"#).await;
    let said = js(
        &s,
        "return document.querySelector('[data-testid=\"source-pane\"] header').innerText",
    )
    .await;
    assert!(said.as_str().unwrap_or_default().contains(SOURCE), "{said}");
    drop(pane);
    // One row in the list for both, with a chip per language.
    let chips = js(
        &s,
        &format!(
            "return [...document.querySelectorAll('li[data-path=\"{SOURCE}\"] [data-testid=\"row-langs\"] .lang')].map(c => c.dataset.lang + (c.classList.contains('missing') ? '-' : '+'))"
        ),
    )
    .await;
    assert_eq!(chips, serde_json::json!(["en+", "ja+"]));
    let rows = js(
        &s,
        "return document.querySelectorAll('.post-list li[data-path]').length",
    )
    .await;
    assert_eq!(
        rows,
        serde_json::json!(2),
        "a post and its translation on one row"
    );
    s.screenshot("translation-side-by-side").await;

    // The editor scrolled: the source follows, paragraph by paragraph (the
    // copy has the same paragraphs, so the same line).
    js(
        &s,
        "document.querySelector('.editor-host .cm-scroller').scrollTop = 900; return 0",
    )
    .await;
    s.eventually("the source on the editor's paragraph", || async {
        js(&s, "const h = document.querySelector('[data-testid=\"source-text\"] .line.here'); return h ? Number(h.dataset.line) : 0")
            .await
            .as_i64()
            .is_some_and(|l| l > 10)
    })
    .await;

    // Translate a line, save; change the source too; publish both at once.
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    let ctrl = |k: &str| format!("{}{k}{}", &*Key::Control, &*Key::Null);
    content
        .send_keys(&ctrl(&Key::End.to_string()))
        .await
        .unwrap();
    content.send_keys("\n翻訳しました。").await.unwrap();
    content.send_keys(&ctrl("s")).await.unwrap();
    s.eventually("the translation saved", || async {
        std::fs::read_to_string(blog.join(JA))
            .unwrap()
            .contains("翻訳しました。")
    })
    .await;
    s.click(r#"[data-testid="post-langs"] button[data-lang="en"]"#)
        .await;
    s.eventually("the source open", || async {
        !editor_text(&s).await.contains("翻訳しました。")
            && editor_text(&s).await.contains("After spending months")
    })
    .await;
    let content = s.find(".cm-content").await;
    content.click().await.unwrap();
    content
        .send_keys(&ctrl(&Key::End.to_string()))
        .await
        .unwrap();
    content
        .send_keys("\nTranslated into Japanese.")
        .await
        .unwrap();
    let shortcut = format!("{}{}p{}", &*Key::Control, &*Key::Shift, &*Key::Null);
    content.send_keys(&shortcut).await.unwrap();
    let offered = s
        .find(r#"[data-testid="publish-translation-files"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(offered.contains(JA), "{offered}");
    s.screenshot("translation-publish").await;
    s.click(r#"[data-testid="publish-go"]"#).await;
    let outcome = s.find(r#"[data-testid="publish-outcome"]"#).await;
    assert_eq!(
        outcome.attr("data-kind").await.unwrap().as_deref(),
        Some("pushed"),
        "{}",
        outcome.text().await.unwrap()
    );
    let files = git(&origin, &["show", "--name-only", "--format=", "main"]);
    let files: Vec<&str> = files.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(files, [JA, SOURCE], "one commit, both posts");
    s.find(r#"[data-testid="publish-dialog"] button"#).await;
    s.client
        .execute(
            "document.querySelector('[data-testid=\"publish-dialog\"]').close(); return 0",
            vec![],
        )
        .await
        .ok();

    // The source changes in a later commit: the translation is outdated.
    let text = std::fs::read_to_string(blog.join(SOURCE)).unwrap();
    std::fs::write(
        blog.join(SOURCE),
        text.replace("After spending months", "After spending years"),
    )
    .unwrap();
    git(&blog, &["commit", "-qam", "Years, not months"]);
    s.click(&format!(
        r#"li[data-path="{SOURCE}"] [data-testid="row-langs"] .lang[data-lang="ja"]"#
    ))
    .await;
    let outdated = s
        .find(r#".problems [data-code="translation-outdated"]"#)
        .await;
    let said = outdated.text().await.unwrap();
    assert!(said.contains("Years, not months"), "{said}");
    // Marked in the list too: the ja chip of the post's row.
    s.eventually("the list's ja chip marked outdated", || async {
        js(
            &s,
            &format!("return !!document.querySelector('li[data-path=\"{SOURCE}\"] .lang.outdated[data-lang=\"ja\"]')"),
        )
        .await
            == serde_json::json!(true)
    })
    .await;
    s.click(r#"[data-testid="issue-since"]"#).await;
    let diff = s
        .find(r#"[data-testid="source-diff"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        diff.contains("-After spending months") && diff.contains("+After spending years"),
        "{diff}"
    );
    s.screenshot("translation-outdated").await;
    s.stop().await;
}
