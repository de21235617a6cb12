//! Hostile input in the real app: a post full of attack vectors runs
//! nothing and reaches no command, and commands called directly by a
//! misbehaving page accept only what they are for.

use crate::desk::{open_seed, preview_html};
use crate::harness::Session;

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_post_runs_nothing_and_reaches_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../src-tauri/core/tests/fixtures/hostile.md"
    ))
    .unwrap();
    // Every vector also tries to reach a command that only this test knows.
    let probe = "<img src=x onerror=\"window.__pwned=1;window.parent.__pwned=1;window.parent.__TAURI_INTERNALS__.invoke('e2e_probe')\">";
    std::fs::write(
        blog.join("_posts/hostile.md"),
        format!("{corpus}\n{probe}\n"),
    )
    .unwrap();

    let s = Session::start(&blog).await;
    let url_before = s.client.current_url().await.unwrap();
    s.find(r#"li[data-path="_posts/hostile.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the hostile post in the preview", || async {
        preview_html(&s).await.contains("Text after everything.")
    })
    .await;
    // Every image has loaded or failed (when an onerror/onload handler
    // would fire) and the frame has painted since: any script, handler or
    // refresh the post carried would have run by now.
    s.eventually("every image of the preview settled", || async {
        s.client
            .execute(
                "const f = document.querySelector('iframe.preview'); const d = f && f.contentDocument; return !!d && [...d.images].every((i) => i.complete);",
                vec![],
            )
            .await
            .unwrap()
            == serde_json::json!(true)
    })
    .await;
    s.painted().await;
    let pwned = s
        .client
        .execute(
            "const f = document.querySelector('iframe.preview').contentWindow; return [window.__pwned === undefined, f.__pwned === undefined];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(pwned, serde_json::json!([true, true]), "a script ran");
    assert_eq!(
        s.client.current_url().await.unwrap(),
        url_before,
        "the window navigated"
    );
    let log = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('e2e_ipc_log').then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    let calls: Vec<String> =
        serde_json::from_value(log.clone()).unwrap_or_else(|_| panic!("{log}"));
    // What the window itself calls when a post opens; nothing else may come.
    let allowed = [
        "blog_info",
        "list_open",
        "list_page",
        "post_row",
        "read_post",
        "render_preview",
        "preview_stylesheet",
        "check_post",
        "cover_state",
        "repo_status",
        "watch_drops",
        "watch_links",
        "watch_web_links",
        "watch_starts",
        "watch_blog",
        "remote_images",
        "get_settings",
        "journal_pending",
        "e2e_ipc_log",
    ];
    for call in &calls {
        assert!(
            allowed.contains(&call.as_str()),
            "an unexpected IPC call arrived: {call} (all: {calls:?})"
        );
    }
    assert!(calls.iter().any(|c| c == "render_preview"));
    s.screenshot("hostile-post").await;
    s.stop().await;
}

/// A page made to misbehave calls the commands directly, as a compromised
/// webview could: each accepts only what it is for — post commands only a
/// post's path (never `.git/config`, `postdesk.toml` or the blog root),
/// `open_blog` only a blog opened before. Nothing on disk changes.
#[tokio::test(flavor = "multi_thread")]
async fn commands_called_directly_accept_only_what_they_are_for() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let git_config = std::fs::read_to_string(blog.join(".git/config")).unwrap();
    let s = Session::start(&blog).await;
    open_seed(&s).await;
    let seed = "_posts/building-scalable-apis.md";
    let calls = [
        (
            "save_post",
            serde_json::json!({ "path": ".git/config", "text": "[core]\n\thooksPath = /tmp\n", "force": true }),
        ),
        ("read_post", serde_json::json!({ "path": "postdesk.toml" })),
        (
            "read_post",
            serde_json::json!({ "path": "../../../etc/passwd" }),
        ),
        ("delete_post", serde_json::json!({ "path": "." })),
        (
            "rename_post",
            serde_json::json!({ "path": seed, "to": ".git/hooks/pre-commit" }),
        ),
        (
            "journal_write",
            serde_json::json!({ "path": ".git/config", "text": "x" }),
        ),
        ("publish_plan", serde_json::json!({ "path": ".git/config" })),
        ("post_history", serde_json::json!({ "path": ".git/config" })),
        (
            "post_version",
            serde_json::json!({ "path": seed, "commit": "0000000000000000000000000000000000000000", "versionPath": "../../../etc/passwd", "text": "" }),
        ),
        (
            "post_card",
            serde_json::json!({ "path": "../../../etc/passwd", "text": "" }),
        ),
        (
            "translate_post",
            serde_json::json!({ "path": "../../../etc/passwd", "lang": "ja" }),
        ),
        ("post_langs", serde_json::json!({ "path": ".git/config" })),
        ("open_blog", serde_json::json!({ "path": "/" })),
    ];
    for (command, args) in calls {
        let answer = s
            .client
            .execute_async(
                "const [cmd, args, done] = arguments; window.__TAURI_INTERNALS__.invoke(cmd, args).then(() => done('accepted'), (e) => done(e && e.code ? e.code : String(e)));",
                vec![command.into(), args.clone()],
            )
            .await
            .unwrap();
        let expected = if command == "open_blog" {
            "notFound"
        } else {
            "outsideBlog"
        };
        assert_eq!(answer, serde_json::json!(expected), "{command} {args}");
    }
    assert_eq!(
        std::fs::read_to_string(blog.join(".git/config")).unwrap(),
        git_config
    );
    assert!(blog.join(seed).is_file());
    assert!(!blog.join(".git/hooks/pre-commit").exists());
    s.stop().await;
}
