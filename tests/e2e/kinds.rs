//! Each kind of blog previewed by its own renderer's rules, in the real
//! app: Hugo's shortcodes and refs, Jekyll's Liquid and post URLs, Astro's
//! SmartyPants — and the status bar naming the rules in force.

use crate::desk::{click_preview_link, editor_text, preview_html};
use crate::harness::Session;

/// A Hugo blog previews as Hugo renders it: curly quotes, a `relref` link
/// that opens the post it names, a figure, a labelled box for the blog's
/// own shortcode, and the status bar naming the renderer's rules.
#[tokio::test(flavor = "multi_thread")]
async fn a_hugo_post_previews_with_its_shortcodes_and_its_refs_open_posts() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("hugo");
    std::fs::create_dir_all(blog.join("content/posts")).unwrap();
    std::fs::write(blog.join("hugo.toml"), "title = \"A Hugo blog\"\n").unwrap();
    // The blog's own shortcode; `nosuch` below has no template.
    std::fs::create_dir_all(blog.join("layouts/shortcodes")).unwrap();
    std::fs::write(
        blog.join("layouts/shortcodes/notice.html"),
        "<div class=\"notice\">{{ .Inner }}</div>\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("content/posts/first.md"),
        "---\ntitle: \"First\"\ndate: 2024-02-01\n---\n\n\"Curly\" -- as Hugo's typographer makes them.\n\nRead [the second post]({{< relref \"second.md\" >}}) next.\n\n{{< figure src=\"/images/none.png\" caption=\"A figure\" >}}\n\n{{% notice tip %}}\nInside the *notice*.\n{{% /notice %}}\n\n{{< nosuch >}}\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("content/posts/second.md"),
        "---\ntitle: \"Second\"\ndate: 2024-01-01\n---\n\nThe second post's own words.\n",
    )
    .unwrap();
    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="content/posts/first.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the shortcodes rendered", || async {
        let html = preview_html(&s).await;
        html.contains("<figcaption>") && html.contains("no template for the shortcode")
    })
    .await;
    let html = preview_html(&s).await;
    assert!(html.contains("“Curly” – as Hugo"), "{html}");
    assert!(html.contains("href=\"/posts/second/\""), "{html}");
    assert!(html.contains("Inside the <em>notice</em>."), "{html}");
    // Hugo would stop on `nosuch`: the Problems panel says so, at its line.
    let problem = s
        .find(r#".problems [data-code="unknown-shortcode"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(problem.contains("nosuch"), "{problem}");
    assert!(!html.contains("{{"), "no raw shortcode shown: {html}");
    let kind = s
        .find(r#"[data-testid="blog-kind"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(kind, "Hugo · goldmark · curly quotes · raw HTML left out");
    s.screenshot("hugo-shortcodes").await;
    click_preview_link(&s, "the second post").await;
    s.eventually("the post the relref names, opened", || async {
        editor_text(&s)
            .await
            .contains("The second post's own words.")
    })
    .await;
    s.stop().await;
}

/// A Jekyll post previews as Jekyll renders it: its Liquid first — a
/// `{% highlight %}` block highlighted, `site.*` filled in, a `post_url`
/// that opens the post it names.
#[tokio::test(flavor = "multi_thread")]
async fn a_jekyll_post_previews_its_liquid_and_its_post_urls_open_posts() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("jekyll");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    std::fs::write(
        blog.join("_config.yml"),
        "title: Liquid Notes\nbaseurl: /notes\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("_posts/2024-02-01-first.md"),
        "---\nlayout: post\ntitle: First\n---\n\nWelcome to {{ site.title }}. Read [the older post]({% post_url 2024-01-01-older %}).\n\n{% highlight ruby %}\ndef hello\n  puts \"hi\"\nend\n{% endhighlight %}\n",
    )
    .unwrap();
    std::fs::write(
        blog.join("_posts/2024-01-01-older.md"),
        "---\nlayout: post\ntitle: Older\n---\n\nThe older post's own words.\n",
    )
    .unwrap();
    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="_posts/2024-02-01-first.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the highlighted block", || async {
        preview_html(&s)
            .await
            .contains("<figure class=\"highlight\"")
    })
    .await;
    let html = preview_html(&s).await;
    assert!(html.contains("Welcome to Liquid Notes."), "{html}");
    assert!(
        html.contains("href=\"/notes/2024/01/01/older.html\""),
        "{html}"
    );
    assert!(
        html.contains("<code class=\"language-ruby\"><span class=\"hl-"),
        "{html}"
    );
    assert!(!html.contains("{%"), "no raw Liquid shown: {html}");
    s.screenshot("jekyll-liquid").await;
    click_preview_link(&s, "the older post").await;
    s.eventually("the post the post_url names, opened", || async {
        editor_text(&s)
            .await
            .contains("The older post's own words.")
    })
    .await;
    s.stop().await;
}

/// An Astro post: curly quotes and `--` as an em dash by SmartyPants,
/// `---` as written, as `@astrojs/markdown-remark` renders them; the
/// status bar says so.
#[tokio::test(flavor = "multi_thread")]
async fn an_astro_post_previews_with_smartypants() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("astro");
    std::fs::create_dir_all(blog.join("src/content/blog")).unwrap();
    std::fs::write(blog.join("astro.config.mjs"), "export default {};\n").unwrap();
    std::fs::write(
        blog.join("src/content/blog/first.md"),
        "---\ntitle: First\npubDate: 2024-02-01\n---\n\n\"Quoted\" words -- it's Astro's --- rules...\n",
    )
    .unwrap();
    let s = Session::start(&blog).await;
    s.find(r#"li[data-path="src/content/blog/first.md"]"#)
        .await
        .click()
        .await
        .unwrap();
    s.eventually("the post previewed", || async {
        preview_html(&s).await.contains("words")
    })
    .await;
    let html = preview_html(&s).await;
    assert!(
        html.contains("“Quoted” words — it’s Astro’s --- rules…"),
        "{html}"
    );
    let kind = s
        .find(r#"[data-testid="blog-kind"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(kind, "Astro · remark (Astro) · smartypants");
    // Where Astro's blog template puts the post.
    let url = s
        .find(r#"[data-testid="post-url"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(url, "/blog/first/");
    s.screenshot("astro-smartypants").await;
    s.stop().await;
}
