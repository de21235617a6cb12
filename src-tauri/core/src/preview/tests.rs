use super::*;

fn with(text: &str, options: RenderOptions) -> Preview {
    Renderer::default().render(text, &options)
}

const SEED: &str = include_str!("../../sample/_posts/building-scalable-apis.md");

#[test]
fn front_matter_is_not_rendered_and_blocks_carry_their_line() {
    let html = render("---\ntitle: Secret\n---\n# Hello\n\nText\n").html();
    assert_eq!(
        html,
        "<h1 id=\"hello\" data-line=\"4\">Hello</h1>\n<p data-line=\"6\">Text</p>\n"
    );
}

#[test]
fn gfm_tables_and_tasks() {
    insta::assert_snapshot!(render(
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~\n"
    )
    .html());
}

#[test]
fn blocks_are_the_top_level_elements() {
    let p = render(
        "# A\n\npara <b>x</b>\n\n- a\n- b\n\n<img src=\"/x.png\" alt=\"a>b\">\n\n---\n\ntext\n",
    );
    assert_eq!(p.blocks.len(), 6, "{:#?}", p.blocks);
    assert!(p.blocks[2].starts_with("<ul"), "{:#?}", p.blocks);
    assert_eq!(p.html(), p.blocks.concat());
}

#[test]
fn the_seed_post() {
    insta::assert_snapshot!(render(SEED).html());
}

#[test]
fn heading_ids_are_github_slugs_and_unique() {
    let html = render("# Hello, World!\n\n## Hello, World!\n\n### C++ & Rust_2\n").html();
    assert!(html.contains("id=\"hello-world\""), "{html}");
    assert!(html.contains("id=\"hello-world-1\""), "{html}");
    assert!(html.contains("id=\"c--rust_2\""), "{html}");
}

#[test]
fn bare_urls_become_links_but_not_in_code_or_links() {
    let html = render("See https://example.com/a?b=1, www.rust-lang.org and me@example.com.\n\n`https://code.example`\n\n[x](https://y.example) example.com\n").html();
    assert!(html.contains("<a href=\"https://example.com/a?b=1\" rel=\"noopener noreferrer\">https://example.com/a?b=1</a>"), "{html}");
    assert!(
        html.contains("<a href=\"http://www.rust-lang.org\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"mailto:me@example.com\""), "{html}");
    assert!(html.contains("<code>https://code.example</code>"), "{html}");
    assert!(
        !html.contains("href=\"http://example.com\""),
        "bare domains stay text: {html}"
    );
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let html = render("```rust\nfn main() {}\n```\n").html();
    assert!(
        html.starts_with(
            "<pre data-line=\"1\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"
        ),
        "{html}"
    );
}

#[test]
fn images_load_from_the_blog_and_remote_ones_wait_for_permission() {
    let options = RenderOptions {
        post_path: "content/posts/trip/index.md".into(),
        asset_urls: true,
        ..Default::default()
    };
    let p = with("![a](/assets/a.jpg) ![b](b.png) ![c](https://cdn.example/c.png) <img src=\"https://x.example/t.gif\">\n", options.clone());
    assert!(
        p.html()
            .contains("src=\"postdesk-asset://localhost/site/assets/a.jpg\""),
        "{}",
        p.html()
    );
    assert!(
        p.html()
            .contains("src=\"postdesk-asset://localhost/post/content/posts/trip/b.png\""),
        "{}",
        p.html()
    );
    assert!(
        !p.html().contains("src=\"https://cdn.example"),
        "{}",
        p.html()
    );
    assert!(
        p.html().contains("Remote image not loaded: c"),
        "{}",
        p.html()
    );
    assert!(
        !p.html().contains("src=\"https://x.example"),
        "{}",
        p.html()
    );
    assert_eq!(p.blocked_images, 2);
    // Allowed, they still come through the app (the window's CSP lets the
    // web view load no image from the web), markdown and raw HTML alike; a
    // remote srcset gives way to its src.
    let allowed = with(
        "![c](https://cdn.example/c.png) <img src=\"//x.example/t.gif\" srcset=\"https://x.example/t2.gif 2x\">\n",
        RenderOptions {
            allow_remote_images: true,
            ..options.clone()
        },
    );
    let html = allowed.html();
    assert!(
        html.contains(
            "src=\"postdesk-asset://localhost/remote/https%3A%2F%2Fcdn%2Eexample%2Fc%2Epng\""
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "src=\"postdesk-asset://localhost/remote/https%3A%2F%2Fx%2Eexample%2Ft%2Egif\""
        ),
        "{html}"
    );
    assert!(!html.contains("srcset"), "{html}");
    assert_eq!(allowed.blocked_images, 0);
    // `postdesk render` prints the site's own URLs.
    let printed = with(
        "![c](https://cdn.example/c.png)\n",
        RenderOptions {
            allow_remote_images: true,
            asset_urls: false,
            ..options
        },
    );
    assert!(printed.html().contains("src=\"https://cdn.example/c.png\""));
}

#[test]
fn smart_punctuation_only_when_asked() {
    assert!(render("\"quoted\" -- text\n")
        .html()
        .contains("\"quoted\" -- text"));
    let smart = with(
        "\"quoted\" -- text\n",
        RenderOptions {
            smart_punctuation: true,
            ..Default::default()
        },
    );
    assert!(smart.html().contains("“quoted” – text"), "{}", smart.html());
}

#[test]
fn safe_raw_html_still_renders() {
    let html = render("<details><summary>More</summary>\n\nHidden *text*\n\n</details>\n\nH<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> <img src=\"/a.png\" alt=\"pic\">\n").html();
    for needle in [
        "<details>",
        "<summary>More</summary>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "<kbd>Ctrl</kbd>",
        "alt=\"pic\"",
    ] {
        assert!(html.contains(needle), "{needle} missing from {html}");
    }
}

mod hostile {
    //! OWASP filter-evasion vectors and friends: after sanitizing, nothing
    //! that can run, navigate, load a frame or restyle the page survives.
    use super::render;

    pub const CORPUS: &str = include_str!("../../tests/fixtures/hostile.md");

    #[test]
    fn nothing_executable_survives() {
        let html = render(CORPUS).html().to_ascii_lowercase();
        let forbidden = [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "<form",
            "<meta",
            "<base",
            "<style",
            "<link",
            "<svg",
            "<math",
            "<frame",
            "<applet",
            "javascript:",
            "vbscript:",
            "livescript:",
            " onerror",
            " onload",
            " onclick",
            " onmouseover",
            " onfocus",
            " style=",
            "srcdoc",
            "data:text",
            "data:image/svg",
            "expression(",
            "formaction",
            "http-equiv",
        ];
        for bad in forbidden {
            assert!(!html.contains(bad), "`{bad}` survived in:\n{html}");
        }
        // Links that survive are plain and carry rel.
        for (i, _) in html.match_indices("<a ") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains("rel=\"noopener noreferrer\""), "{tag}");
        }
    }

    /// Blocks with no raw HTML skip the HTML5 parser (`sanitize::written`);
    /// its URL rules must hold there too, each vector in a block of its own.
    #[test]
    fn markdown_only_blocks_keep_the_url_rules() {
        let vectors = [
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](<java\u{0}script:alert(1)>)",
            "[a](vbscript:msgbox(1))",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "![a](data:image/svg+xml;base64,PHN2Zz4=)",
            "![a](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[a](x \"t\\\" onmouseover=\\\"alert(1)\")",
            "![a](x\" onerror=\"alert(1))",
            "[a](ftp://example.com/x)",
            "[a]: javascript:alert(1)\n\n[a]",
        ];
        for v in vectors {
            let html = render(v).html().to_ascii_lowercase();
            // In the tags (a link's text may say anything).
            let tags: String = html
                .split('<')
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(tag, _)| tag))
                .collect::<Vec<_>>()
                .join("\n");
            for bad in [
                "javascript:",
                "vbscript:",
                "data:text",
                "data:image/svg",
                " onerror=\"",
                " onmouseover=\"",
                "ftp:",
            ] {
                assert!(!tags.contains(bad), "`{bad}` survived {v:?}:\n{html}");
            }
            for (i, _) in html.match_indices("<a ") {
                let tag = &html[i..i + html[i..].find('>').unwrap()];
                assert!(tag.contains("rel=\"noopener noreferrer\""), "{tag}");
            }
        }
    }

    #[test]
    fn the_corpus_renders_the_same_every_time() {
        insta::assert_snapshot!(render(CORPUS).html());
    }
}

#[test]
fn raw_html_that_wraps_markdown_is_sanitized_as_one_block() {
    let p = render(
        "<details>\n<summary>More</summary>\n\nHidden *text*\n\n- a list\n\n</details>\n\nAfter.\n",
    );
    assert_eq!(p.blocks.len(), 2, "{:#?}", p.blocks);
    assert!(
        p.blocks[0].starts_with("<details>")
            && p.blocks[0].contains("<em>text</em>")
            && p.blocks[0].trim_end().ends_with("</details>"),
        "{:#?}",
        p.blocks
    );
}

#[test]
fn a_second_render_reuses_sanitized_blocks() {
    let r = Renderer::default();
    let o = RenderOptions::default();
    let a = r.render("# T\n\nOne.\n\nTwo.\n", &o);
    let b = r.render("# T\n\nOne!\n\nTwo.\n", &o);
    assert_eq!(a.blocks[0], b.blocks[0]);
    assert_ne!(a.blocks[1], b.blocks[1]);
    assert_eq!(a.blocks[2], b.blocks[2]);
}

#[test]
fn a_patch_sends_only_the_changed_blocks_and_rebuilds_the_same_preview() {
    let r = Renderer::default();
    let options = RenderOptions {
        post_path: "_posts/a.md".into(),
        ..Default::default()
    };
    let one = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird.\n";
    let first = r.render_patch(one, &options, None);
    assert_eq!((first.base, first.keep_start, first.keep_end), (None, 0, 0));
    assert_eq!(first.blocks.len(), 4);
    let two = one.replace("Second paragraph.", "Second paragraph, edited.");
    let second = r.render_patch(&two, &options, Some(first.id));
    assert_eq!(second.base, Some(first.id));
    assert_eq!(
        (second.keep_start, second.keep_end, second.blocks.len()),
        (2, 1, 1)
    );
    assert!(second.blocks[0].contains("edited"));
    // Applying the patch gives exactly the full render.
    let mut rebuilt = first.blocks[..2].to_vec();
    rebuilt.extend(second.blocks.clone());
    rebuilt.extend(first.blocks[3..].to_vec());
    assert_eq!(rebuilt, r.render(&two, &options).blocks);
    // Deleting a block: nothing in the middle.
    let three = two.replace("Third.\n", "");
    let third = r.render_patch(&three, &options, Some(second.id));
    assert_eq!(
        (third.keep_start, third.keep_end, third.blocks.len()),
        (3, 0, 0)
    );
    // An unknown base, or another post's, gives the whole preview.
    let other = RenderOptions {
        post_path: "_posts/b.md".into(),
        ..Default::default()
    };
    let full = r.render_patch(&three, &other, Some(third.id));
    assert_eq!((full.base, full.blocks.len()), (None, 3));
    assert_eq!(r.render_patch(&three, &options, Some(9999)).base, None);
}

#[test]
fn a_change_to_a_remembered_render_renders_the_changed_text() {
    let r = Renderer::default();
    let options = RenderOptions {
        post_path: "_posts/a.md".into(),
        ..Default::default()
    };
    let one = "# Café\n\nFirst paragraph.\n";
    let first = r.render_patch(one, &options, None);
    // "# Café\n\nFirst" is 13 UTF-16 units; keep " paragraph.\n" (12).
    let edit = Source::Edit {
        base: first.id,
        keep_start: 13,
        keep_end: 12,
        insert: " edited".into(),
    };
    let two = r.resolve(edit.clone(), "_posts/a.md").unwrap();
    assert_eq!(two, "# Café\n\nFirst edited paragraph.\n");
    let second = r.render_patch(&two, &options, Some(first.id));
    assert!(second.blocks[0].contains("First edited paragraph."));
    // Against another post, an unknown render or counts that do not fit:
    // refused, so the window sends the whole text.
    assert!(r.resolve(edit, "_posts/b.md").is_err());
    let unknown = Source::Edit {
        base: 9999,
        keep_start: 0,
        keep_end: 0,
        insert: String::new(),
    };
    assert!(r.resolve(unknown, "_posts/a.md").is_err());
    let overrun = Source::Edit {
        base: second.id,
        keep_start: 30,
        keep_end: 30,
        insert: String::new(),
    };
    assert!(r.resolve(overrun, "_posts/a.md").is_err());
    let whole = Source::Whole { text: "x".into() };
    assert_eq!(r.resolve(whole, "_posts/b.md").unwrap(), "x");
}

#[test]
fn with_relative_lines_a_new_line_changes_only_the_block_it_is_in() {
    let r = Renderer::default();
    let options = RenderOptions {
        post_path: "_posts/a.md".into(),
        relative_lines: true,
        ..Default::default()
    };
    let one = "# Title\n\nFirst.\n\n- a\n- b\n\nLast.\n";
    let first = r.render_patch(one, &options, None);
    assert_eq!(first.lines, [1, 3, 5, 8]);
    assert_eq!(
        first.blocks[2],
        "<ul data-line=\"0\">\n<li data-line=\"0\">a</li>\n<li data-line=\"1\">b</li>\n</ul>\n"
    );
    // Enter inside the first paragraph: every later block moves one line
    // down, but only the paragraph's HTML changes.
    let two = one.replace("First.", "Fir\nst.");
    let second = r.render_patch(&two, &options, Some(first.id));
    assert_eq!(
        (second.keep_start, second.keep_end, second.blocks.len()),
        (1, 2, 1)
    );
    assert_eq!(second.lines, [1, 3, 6, 9]);
    // Without the option the lines count from the top of the post.
    let absolute = r.render(&two, &RenderOptions::default());
    assert!(absolute.blocks[2].contains("<li data-line=\"7\">b</li>"));
    assert_eq!(absolute.lines, [1, 3, 6, 9]);
}

#[test]
fn lines_from_rewrites_only_line_numbers_it_can_lower() {
    assert_eq!(
        super::lines_from("<p data-line=\"12\">x</p><li data-line=\"15\">", 12),
        "<p data-line=\"0\">x</p><li data-line=\"3\">"
    );
    // Not a number, below the base, or unterminated: left alone.
    for raw in [
        "<p data-line=\"x\">",
        "<p data-line=\"3\">",
        "<p data-line=\"99999999999999999999999\">",
        "<p data-line=\"20",
    ] {
        assert_eq!(super::lines_from(raw, 12), raw);
    }
}

#[test]
fn common_ends_never_overlap() {
    let a: Vec<String> = ["x", "y", "x"].iter().map(|s| s.to_string()).collect();
    let b: Vec<String> = ["x", "x"].iter().map(|s| s.to_string()).collect();
    let (s, e) = super::common_ends(&a, &b);
    assert!(s + e <= 2, "{s} {e}");
    assert_eq!((s, e), (1, 1));
}

#[test]
fn math_becomes_tex_spans_only_when_the_blog_enables_it() {
    let text = "Euler: $e^{i\\pi} + 1 = 0$ and\n\n$$\n\\int_0^1 x\\,dx < 1\n$$\n";
    let off = render(text).html();
    assert!(!off.contains("class=\"math"), "{off}");
    assert!(off.contains("$e^{i\\pi} + 1 = 0$"), "{off}");
    let options = RenderOptions {
        math: true,
        ..Default::default()
    };
    let on = Renderer::default().render(text, &options).html();
    assert!(
        on.contains("<span class=\"math math-inline\">e^{i\\pi} + 1 = 0</span>"),
        "{on}"
    );
    assert!(
        on.contains("<span class=\"math math-display\">\n\\int_0^1 x\\,dx &lt; 1\n</span>"),
        "{on}"
    );
    // TeX cannot smuggle markup in: it arrives escaped.
    let sneaky = Renderer::default()
        .render("$<img src=x onerror=alert(1)>$", &options)
        .html();
    assert!(!sneaky.contains("<img"), "{sneaky}");
}

/// `<img src="ht&#9;tps://…">` and friends: the browser strips the tab,
/// newline or control and loads the image, so "Remote images off" must see
/// through them (they were a way past the setting).
#[test]
fn remote_images_disguised_with_controls_stay_blocked() {
    let text = "<img src=\"ht&#9;tps://x.example/1.png\">\n\n<img src=\"https&#10;://x.example/2.png\">\n\n<img src=\"&#1;https://x.example/3.png\">\n\n<img srcset=\"a.png 1x, https://x.example/4.png 2x\">\n";
    let off = with(text, RenderOptions::default());
    let html = off.html();
    assert!(!html.contains("x.example"), "{html}");
    // A `srcset` with one remote candidate is held back whole.
    assert_eq!(off.blocked_images, 4);
}

#[test]
fn in_the_window_web_links_go_through_the_app() {
    let window = RenderOptions {
        post_path: "_posts/a.md".into(),
        asset_urls: true,
        ..Default::default()
    };
    let md = "[w](https://example.com/a?b=1) <a href=\"mailto:x@example.com\">m</a> www.example.org [p](other-post) [h](#top)\n";
    let html = with(md, window.clone()).html();
    for expected in [
        "href=\"/open-link/https%3A%2F%2Fexample%2Ecom%2Fa%3Fb%3D1\"",
        "href=\"/open-link/mailto%3Ax%40example%2Ecom\"",
        "href=\"/open-link/http%3A%2F%2Fwww%2Eexample%2Eorg\"",
        "href=\"other-post\"",
        "href=\"#top\"",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    // `postdesk render` prints the links as written.
    let printed = with(
        md,
        RenderOptions {
            asset_urls: false,
            ..window
        },
    )
    .html();
    assert!(
        printed.contains("href=\"https://example.com/a?b=1\""),
        "{printed}"
    );
}

#[test]
fn hugo_shortcodes_render_as_hugo_renders_them() {
    use crate::preview::markup::Markup;
    let options = RenderOptions {
        post_path: "content/posts/a.md".into(),
        asset_urls: true,
        markup: Markup::for_kind(crate::kind::BlogKind::Hugo),
        routes: std::sync::Arc::new(vec![
            ("posts/a".into(), "/posts/a/".into()),
            ("posts/Trip/index".into(), "/posts/trip/".into()),
        ]),
        ..Default::default()
    };
    let md = "---\ntitle: A\nAuthor: Cain\n---\nSee [the trip]({{< relref \"trip\" >}}) by {{< param author >}}.\n\n{{< figure src=\"/img/x.png\" caption=\"A caption\" >}}\n\n{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\n{{< youtube abc123 >}}\n\n{{% notice tip %}}\nInner *markdown*.\n{{% /notice %}}\n\n`{{< ref a >}}` in code\n";
    let html = with(md, options).html();
    for expected in [
        "<a href=\"/posts/trip/\" rel=\"noopener noreferrer\">the trip</a> by Cain.",
        "<figure><img src=\"postdesk-asset://localhost/site/img/x.png\" alt=\"A caption\"><figcaption><p>A caption</p></figcaption></figure>",
        "<code class=\"language-go\"><span class=\"hl-source hl-go\">",
        "YouTube video abc123",
        "<span class=\"shortcode-name\">notice</span> \"tip\"",
        "Inner <em>markdown</em>.",
        // Hugo expands shortcodes in code too (`{{</* … */>}}` keeps them).
        "<code>/posts/a/</code>",
    ] {
        assert!(html.contains(expected), "{expected}\nin {html}");
    }
    assert!(!html.contains('\u{E000}'), "no token leaks: {html}");
    // Other kinds leave `{{<` alone.
    let plain = with("{{< ref a >}}\n", RenderOptions::default()).html();
    assert!(plain.contains("{{&lt; ref a &gt;}}"), "{plain}");
}

#[test]
fn harmless_raw_html_the_sites_keep_is_kept() {
    let options = RenderOptions {
        post_path: "_posts/a.md".into(),
        asset_urls: true,
        ..Default::default()
    };
    let md = "<video controls autoplay src=\"clip.mp4\" poster=\"/img/p.jpg\"></video>\n\n<video src=\"https://cdn.example/v.mp4\"></video>\n\n<picture><source srcset=\"a.webp 1x, /b.webp 2x\" type=\"image/webp\"><img src=\"a.png\" alt=\"A\"></picture>\n\n<table><tfoot><tr><td align=\"right\">Total</td></tr></tfoot></table>\n\n<p dir=\"rtl\" align=\"center\"><a name=\"here\">مرحبا</a></p>\n";
    let html = with(md, options).html();
    for expected in [
        "src=\"postdesk-asset://localhost/post/_posts/clip.mp4\"",
        "poster=\"postdesk-asset://localhost/site/img/p.jpg\"",
        "<video controls=\"\"",
        "<source srcset=\"postdesk-asset://localhost/post/_posts/a.webp 1x, postdesk-asset://localhost/site/b.webp 2x\" type=\"image/webp\">",
        "<tfoot><tr><td align=\"right\">Total</td></tr></tfoot>",
        "dir=\"rtl\"",
        "align=\"center\"",
        "<a name=\"here\"",
    ] {
        assert!(html.contains(expected), "{expected}\nmissing from\n{html}");
    }
    assert!(!html.contains("autoplay"), "{html}");
    assert!(
        !html.contains("cdn.example"),
        "a remote video is not fetched: {html}"
    );
}

#[test]
fn what_would_stop_the_generator_s_build_is_a_problem() {
    use crate::issue::Severity;
    use crate::preview::markup::Markup;
    let hugo = RenderOptions {
        markup: Markup::for_kind(crate::kind::BlogKind::Hugo),
        routes: std::sync::Arc::new(vec![("posts/there".into(), "/posts/there/".into())]),
        known_shortcodes: Some(std::sync::Arc::new(vec!["notice".into()])),
        ..Default::default()
    };
    let text = "---\ntitle: A\n---\nA {{< notice >}} and {{< nosuch x >}}.\n\n[ok]({{< ref \"there\" >}}) [gone]({{< relref \"gone\" >}})\n";
    let found: Vec<_> = super::problems(text, &hugo, None)
        .into_iter()
        .map(|i| (i.code, i.line, i.col, i.severity))
        .collect();
    assert_eq!(
        found,
        vec![
            ("unknown-shortcode".to_owned(), 4, 22, Severity::Error),
            ("missing-ref".to_owned(), 6, 34, Severity::Error),
        ]
    );
    // Shortcodes that cannot all be known (Hugo modules): none is called
    // undefined.
    let unknown = RenderOptions {
        known_shortcodes: None,
        ..hugo
    };
    assert_eq!(super::problems(text, &unknown, None).len(), 1);

    let jekyll = RenderOptions {
        markup: Markup::for_kind(crate::kind::BlogKind::Jekyll),
        routes: std::sync::Arc::new(vec![(
            "_posts/2024-01-01-there".into(),
            "/2024/01/01/there.html".into(),
        )]),
        ..Default::default()
    };
    let issues = super::problems(
        "---\ntitle: B\n---\n[a]({% post_url 2024-01-01-there %}) [b]({% post_url 2024-01-02-gone %})\n\n{% seo %}\n",
        &jekyll,
        None,
    );
    let found: Vec<_> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.line, i.severity))
        .collect();
    assert_eq!(
        found,
        vec![
            ("missing-post", 4, Severity::Error),
            ("liquid-plugin", 6, Severity::Warning)
        ],
        "{issues:#?}"
    );
    let broken = super::problems("{% if x %}never closed\n", &jekyll, None);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].code, "liquid-error");
    assert!(
        broken[0]
            .message
            .starts_with("Jekyll stops the build (Liquid Exception): "),
        "{}",
        broken[0].message
    );
    assert!(super::problems("Plain {{ page.title }} text\n", &jekyll, None).is_empty());
}

#[test]
fn jekyll_includes_are_read_from_the_blog_only_and_only_when_plain() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("_includes")).unwrap();
    std::fs::write(root.join("_config.yml"), "title: T\n").unwrap();
    std::fs::write(root.join("_includes/plain.md"), "Plain *words*.\n").unwrap();
    std::fs::write(root.join("_includes/liquid.html"), "{{ include.x }}\n").unwrap();
    std::fs::write(outside.path().join("secret.md"), "secret\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        root.join("_includes/leak.md"),
    )
    .unwrap();
    let blog = crate::blog::Blog::open(root).unwrap();
    let text = "---\ntitle: P\n---\n{% include plain.md %}\n\n{% include liquid.html x=1 %}\n\n{% include leak.md %}\n\n{% include ../_config.yml %}\n";
    let options = RenderOptions::for_blog(&blog, "_posts/2024-01-01-p.md".into(), text, Vec::new);
    let names: Vec<&str> = options.includes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["plain.md"]);
    // (Jekyll refuses `../` in an include, and so does the preview's Liquid.)
    let text = text.replace("{% include ../_config.yml %}\n", "");
    let html = with(&text, options).html();
    assert!(html.contains("Plain <em>words</em>."), "{html}");
    assert!(!html.contains("secret"), "{html}");
}

/// kramdown 2.4 (Jekyll's, GFM input) on the same text gives
/// `<p class="notice--info">`, `<h2 id="custom" class="big">`,
/// `<ul class="q list">` and leaves `{:toc}` inside text as text.
#[test]
fn kramdown_s_attribute_lists_set_classes_and_ids() {
    use crate::preview::markup::Markup;
    let options = RenderOptions {
        markup: Markup::for_kind(crate::kind::BlogKind::Jekyll),
        ..Default::default()
    };
    let md = "A notice.\n{: .notice--info}\n\n## Title\n{: #custom .big}\n\n> Quote\n\n{: .q}\n\n- a\n- b\n{: .list}\n\nText {:toc} stays.\n";
    let html = with(md, options).html();
    for expected in [
        "<p class=\"notice--info\" data-line=\"1\">A notice.</p>",
        "<h2 id=\"custom\" class=\"big\" data-line=\"4\">Title</h2>",
        "<ul class=\"q list\" data-line=\"11\">",
        "Text {:toc} stays.",
    ] {
        assert!(html.contains(expected), "{expected}\nmissing from\n{html}");
    }
    assert!(!html.contains("{: "), "{html}");
    // Not for other kinds: there it is text.
    assert!(render("A.\n{: .x}\n").html().contains("{: .x}"));
}
