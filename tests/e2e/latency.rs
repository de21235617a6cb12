//! How fast the window follows typing: keystroke to painted preview on a
//! 50 KB post, with where the time goes (`make bench` runs it on the release
//! build), with WebKit's renderer as Postdesk chooses it and with the
//! DMA-BUF renderer forced on, side by side (on a machine without a GPU the
//! two differ; with one, Postdesk keeps DMA-BUF and both runs are alike).

use fantoccini::key::Key;

use crate::desk::preview_html;
use crate::harness::Session;

#[tokio::test(flavor = "multi_thread")]
async fn keystroke_to_painted_preview_on_a_50_kb_post() {
    let chosen = measure("renderer as Postdesk chooses it", &[]).await;
    let dmabuf = measure(
        "DMA-BUF renderer forced on",
        &[("WEBKIT_DISABLE_DMABUF_RENDERER", std::path::Path::new("0"))],
    )
    .await;
    println!(
        "keystroke → painted preview, p50 / p95: {:.1} / {:.1} ms as chosen, {:.1} / {:.1} ms with DMA-BUF",
        chosen.0, chosen.1, dmabuf.0, dmabuf.1
    );
    std::fs::write(
        crate::harness::artifacts_dir().join("keystroke-latency.json"),
        format!("{{\"chosen\": {}, \"dmabuf\": {}}}\n", chosen.2, dmabuf.2),
    )
    .unwrap();
}

/// One window's figures with `env` (WebKit's renderer): the preview's p50
/// and p95, and all of them as JSON.
async fn measure(renderer: &str, env: &[(&str, &std::path::Path)]) -> (f64, f64, String) {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    crate::harness::sample(&blog);
    let seed = std::fs::read_to_string(blog.join("_posts/building-scalable-apis.md")).unwrap();
    let body = seed.split_once("\n---\n").unwrap().1;
    let mut big = seed.clone();
    while big.len() < 50 * 1024 {
        big.push_str(body);
    }
    std::fs::write(blog.join("_posts/big.md"), &big).unwrap();

    let s = Session::start_with(&blog, env).await;
    s.find(r#"li[data-path="_posts/big.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the big post in the preview", || async {
        preview_html(&s).await.contains("The Foundation")
    })
    .await;
    // For each keystroke (from its keydown): the frame that shows the typed
    // character in the editor (its echo), the frame that shows it in the
    // preview, and the app's own marks on the way (change seen by the
    // editor, render back from Rust, preview patched). A frame is taken as
    // the requestAnimationFrame after the DOM changed.
    s.client
        .execute(
            r#"
            window.__keys = []; let cur = null;
            // The editor shows the typed character in the first frame after
            // the keydown: CodeMirror updates its DOM within the key's task.
            document.addEventListener('keydown', () => {
              const k = { t0: performance.now() }; cur = k; window.__keys.push(k);
              requestAnimationFrame(() => { k.echo = performance.now() - k.t0; });
            }, true);
            const frameAfter = (field) => {
              const k = cur; if (!k || field in k) return; k[field] = null;
              requestAnimationFrame(() => { k[field] = performance.now() - k.t0; });
            };
            const art = document.querySelector('iframe.preview').contentDocument.querySelector('article.post');
            const watch = { childList: true, subtree: true, characterData: true };
            new MutationObserver(() => frameAfter('preview')).observe(art, watch);
            "#,
            vec![],
        )
        .await
        .unwrap();
    // Type in the middle of the body, where a change moves everything after
    // it in the preview: to the end of the post, ten pages up, the end of
    // that line.
    let content = s.find(".cm-content").await;
    s.find(".cm-content .cm-line").await.click().await.unwrap();
    let (ctrl, end, page_up): (&str, &str, &str) = (&Key::Control, &Key::End, &Key::PageUp);
    content
        .send_keys(&format!("{ctrl}{end}{ctrl}"))
        .await
        .unwrap();
    for _ in 0..10 {
        content.send_keys(page_up).await.unwrap();
    }
    content.send_keys(end).await.unwrap();
    // CodeMirror has scrolled to the cursor (its measure runs in a frame).
    s.painted().await;
    s.painted().await;
    // Letters, then Enter and a letter in turn (each Enter moves every line
    // after it, so every later block's source line changes).
    let letters = measure_keys(&s, &content, &["a", "b"], 40).await;
    let typed = s
        .client
        .execute(
            "return document.querySelector('iframe.preview').contentDocument.body.textContent.includes('abababab');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        typed,
        serde_json::json!(true),
        "the typing reached the preview"
    );
    let enter: &str = &Key::Enter;
    let lines = measure_keys(&s, &content, &[enter, "c"], 20).await;
    let kb = big.len() / 1024;
    let preview = letters.report(&format!(
        "keystroke to painted preview, {kb} KB post, {renderer}"
    ));
    lines.report(&format!(
        "Enter / Backspace to painted preview, {kb} KB post, {renderer}"
    ));
    let report = format!(
        "{{\"p50_ms\": {:.1}, \"p95_ms\": {:.1}, \"echo_p50_ms\": {:.1}, \"echo_p95_ms\": {:.1}, \"lines_p50_ms\": {:.1}, \"lines_p95_ms\": {:.1}, \"samples\": {}}}\n",
        preview.0,
        preview.1,
        pct(&letters.column("echo"), 0.5),
        pct(&letters.column("echo"), 0.95),
        pct(&lines.column("preview"), 0.5),
        pct(&lines.column("preview"), 0.95),
        letters.0.len()
    );
    s.stop().await;
    (preview.0, preview.1, report.trim_end().to_owned())
}

fn pct(v: &[f64], q: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * q).round() as usize]
}

/// Per keystroke: its keydown time and, relative to it, the frames and the
/// app's marks (see `keystroke_to_painted_preview_on_a_50_kb_post`).
struct Keys(Vec<serde_json::Value>);

impl Keys {
    fn column(&self, name: &str) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .0
            .iter()
            .filter_map(|k| k.get(name).and_then(|x| x.as_f64()))
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    }

    fn between(&self, from: &str, to: &str) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .0
            .iter()
            .filter_map(|k| Some(k.get(to)?.as_f64()? - k.get(from)?.as_f64()?))
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        v
    }

    /// Prints the figures (reported, not asserted: speed is judged by
    /// benchmarks, never by tests); returns the preview's p50 and p95.
    fn report(&self, what: &str) -> (f64, f64) {
        let preview = self.column("preview");
        let echo = self.column("echo");
        assert!(
            preview.len() >= self.0.len() / 2 && echo.len() >= self.0.len() / 2,
            "too few measured keystrokes: {:?}",
            self.0
        );
        println!(
            "{what}, {} keystrokes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            preview.len(),
            pct(&preview, 0.5),
            pct(&preview, 0.95),
            preview[preview.len() - 1]
        );
        println!(
            "  the editor's own echo of the keystroke (the floor for any preview): p50 {:.1} ms, p95 {:.1} ms",
            pct(&echo, 0.5),
            pct(&echo, 0.95)
        );
        for (phase, from, to) in [
            ("keydown → editor change", "t0", "pd:change"),
            (
                "change → render back from Rust",
                "pd:change",
                "pd:render-done",
            ),
            (
                "render back → preview patched",
                "pd:render-done",
                "pd:patched",
            ),
            ("patched → painted", "pd:patched", "preview"),
            ("echo painted → preview painted", "echo", "preview"),
        ] {
            let v = if from == "t0" {
                self.column(to)
            } else {
                self.between(from, to)
            };
            if !v.is_empty() {
                println!(
                    "  {phase}: p50 {:.1} ms, p95 {:.1} ms",
                    pct(&v, 0.5),
                    pct(&v, 0.95)
                );
            }
        }
        (pct(&preview, 0.5), pct(&preview, 0.95))
    }
}

/// Sends `count` keystrokes (cycling through `keys`) 120 ms apart and reads
/// back what the page recorded for each.
async fn measure_keys(
    s: &Session,
    content: &fantoccini::elements::Element,
    keys: &[&str],
    count: usize,
) -> Keys {
    s.client
        .execute("window.__keys = []; performance.clearMarks();", vec![])
        .await
        .unwrap();
    // 120 ms apart is the measurement's typing rhythm (a writer's pace),
    // not a wait for the app.
    for i in 0..count {
        content.send_keys(keys[i % keys.len()]).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    }
    // Until the last keystroke's change has been painted in the preview.
    s.eventually("the last keystroke in the preview", || async {
        s.client
            .execute(
                "const k = window.__keys; return k.length > 0 && typeof k[k.length - 1].preview === 'number';",
                vec![],
            )
            .await
            .unwrap()
            == serde_json::json!(true)
    })
    .await;
    // The app's marks, read afterwards (no observer runs while typing),
    // each given to the keystroke it follows.
    let keys = s
        .client
        .execute(
            r#"
            const keys = window.__keys;
            for (const e of performance.getEntriesByType('mark')) {
              const k = keys.findLast((k) => k.t0 <= e.startTime);
              if (k && !(e.name in k)) k[e.name] = e.startTime - k.t0;
            }
            return keys;
            "#,
            vec![],
        )
        .await
        .unwrap();
    Keys(keys.as_array().cloned().unwrap_or_default())
}
