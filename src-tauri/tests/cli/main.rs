//! The command line, tested through the real binary (no display needed).

use std::path::Path;
use std::process::{Command, Output};

fn postdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("postdesk-cli-tests-cache"),
        )
        .output()
        .expect("the postdesk binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample(dir: &Path) -> std::path::PathBuf {
    let blog = dir.join("blog");
    let out = postdesk(&["sample", blog.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    blog
}

#[test]
fn version_and_help() {
    let out = postdesk(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("postdesk {}", env!("CARGO_PKG_VERSION"))
    );
    let help = stdout(&postdesk(&["--help"]));
    for word in ["sample", "list", "render", "BLOG_DIR"] {
        assert!(help.contains(word), "--help lacks {word}: {help}");
    }
}

#[test]
fn sample_writes_a_blog_with_git_and_origin() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let seed = std::fs::read(blog.join("_posts/building-scalable-apis.md")).unwrap();
    assert!(seed.starts_with(b"---\ntitle: \"Building Scalable APIs: Lessons from Production\""));
    assert!(
        std::fs::metadata(blog.join("public/assets/blog/apis/cover.jpg"))
            .unwrap()
            .len()
            > 1000
    );
    assert!(
        std::fs::metadata(blog.join("public/assets/blog/authors/cain.jpeg"))
            .unwrap()
            .len()
            > 1000
    );
    assert!(blog.join(".git").is_dir());
    assert!(dir.path().join("blog-origin.git/HEAD").is_file());
}

#[test]
fn sample_refuses_a_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.txt"), "keep").unwrap();
    let out = postdesk(&["sample", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn list_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let out = postdesk(&["list", blog.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("_posts/building-scalable-apis.md\tbuilding-scalable-apis\tBuilding Scalable APIs: Lessons from Production\t2024-01-15T08:30:00.000Z\tpublished\tapi,scalability"), "{text}");
    let out = postdesk(&["list", blog.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let posts = json.as_array().unwrap();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["status"], "draft");
    assert_eq!(posts[1]["slug"], "building-scalable-apis");
}

#[test]
fn list_of_a_missing_folder_exits_2_with_one_clear_line() {
    let out = postdesk(&["list", "/nonexistent/blog"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/nonexistent/blog") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn render_prints_the_sanitized_body() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let out = postdesk(&[
        "render",
        blog.join("_posts/building-scalable-apis.md")
            .to_str()
            .unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(
        html.starts_with("<p data-line=\"22\">After spending months"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"the-foundation-design-principles\" data-line=\"24\">The Foundation: Design Principles</h2>"));
    assert!(html.contains("<code class=\"language-json\"><span class=\"hl-"));
    assert!(!html.contains("coverImage"));
}

/// `postdesk render` follows the post's blog, as the window does: Hugo's
/// goldmark defaults (curly quotes, raw HTML left out, its footnotes), and
/// `postdesk.toml`'s `math`.
#[test]
fn render_follows_the_blog_s_renderer() {
    let dir = tempfile::tempdir().unwrap();
    let hugo = dir.path().join("hugo");
    std::fs::create_dir_all(hugo.join("content/posts")).unwrap();
    std::fs::write(hugo.join("hugo.toml"), "").unwrap();
    std::fs::write(hugo.join("postdesk.toml"), "math = true\n").unwrap();
    let post = hugo.join("content/posts/a.md");
    std::fs::write(
        &post,
        "---\ntitle: A\n---\n\"Quoted\" -- <kbd>raw</kbd> <<guillemets>> $x^2$ note[^1]\n\n[^1]: A note.\n\n[Next]({{< relref \"b.md\" >}})\n",
    )
    .unwrap();
    std::fs::write(hugo.join("content/posts/b.md"), "---\ntitle: B\n---\nB\n").unwrap();
    let out = postdesk(&["render", post.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.contains("“Quoted” – "), "{html}");
    assert!(
        !html.contains("kbd"),
        "raw HTML left out, as Hugo does: {html}"
    );
    assert!(html.contains("«guillemets»"), "{html}");
    assert!(html.contains("class=\"math math-inline\""), "{html}");
    assert!(html.contains("href=\"#fn:1\""), "{html}");
    assert!(
        html.contains("<a href=\"/posts/b/\""),
        "relref resolved: {html}"
    );
    // The same file outside any blog renders as blog-starter's remark.
    let lone = dir.path().join("lone.md");
    std::fs::copy(&post, &lone).unwrap();
    let html = stdout(&postdesk(&["render", lone.to_str().unwrap()]));
    assert!(
        html.contains("\"Quoted\" --") && html.contains("<kbd>raw</kbd>"),
        "{html}"
    );
}

/// A Jekyll post's Liquid is rendered before its markdown, as Jekyll does.
#[test]
fn render_runs_a_jekyll_post_s_liquid() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("jekyll");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    std::fs::write(blog.join("_config.yml"), "title: My blog\nbaseurl: /blog\n").unwrap();
    std::fs::write(
        blog.join("_posts/2024-01-15-other.md"),
        "---\ntitle: Other\n---\nx\n",
    )
    .unwrap();
    let post = blog.join("_posts/2024-02-01-a.md");
    std::fs::write(
        &post,
        "---\ntitle: A\n---\nOn {{ site.title }}: [other]({% post_url 2024-01-15-other %}).\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n",
    )
    .unwrap();
    let out = postdesk(&["render", post.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(
        html.contains("On My blog: <a href=\"/blog/2024/01/15/other.html\""),
        "{html}"
    );
    assert!(html.contains("<figure class=\"highlight\""), "{html}");
    assert!(
        html.contains("<code class=\"language-ruby\"><span class=\"hl-"),
        "{html}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        postdesk(&["list", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(postdesk(&["frobnicate", "x", "y"]).status.code(), Some(2));
}

#[test]
fn opening_a_missing_blog_fails_before_any_window() {
    let out = postdesk(&["/nonexistent/blog"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn check_exits_0_on_the_sample_and_1_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let out = postdesk(&["check", blog.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    std::fs::write(
        blog.join("_posts/bad.md"),
        "---\ntitle: \"Bad\"\ndate: \"soon\"\n---\nText\n",
    )
    .unwrap();
    let out = postdesk(&["check", blog.join("_posts/bad.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let line = format!(
        "{}:3:7: error[invalid-date]: `date`: the blog's date formatter (date-fns parseISO) cannot read `soon` as a date, so the site would break; write an ISO-8601 date like 2024-01-15T08:30:00.000Z or 2024-01-15\n",
        blog.join("_posts/bad.md").display()
    );
    assert_eq!(stdout(&out), line);
    let out = postdesk(&["check", blog.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["issues"][0]["code"] == "invalid-date"));
    assert_eq!(postdesk(&["check", "/nonexistent"]).status.code(), Some(2));
}

/// What in a body would break on the site, with line and column: a link
/// to a renamed post (and where it is now), a missing image, no alt text.
#[test]
fn check_reads_the_bodies_links_images_and_headings() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let post = blog.join("_posts/links.md");
    std::fs::write(
        &post,
        "---\ntitle: \"Links\"\nexcerpt: \"x\"\ncoverImage: \"/assets/blog/apis/cover.jpg\"\ndate: \"2024-01-15\"\nauthor:\n  name: A\n  picture: \"/assets/blog/authors/cain.jpeg\"\nogImage:\n  url: \"/assets/blog/apis/cover.jpg\"\n---\n\nSee [the APIs post](/posts/building-scalable-api) and ![](/assets/nope.png).\n",
    )
    .unwrap();
    let out = postdesk(&["check", post.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let shown = post.display().to_string();
    assert!(
        text.contains(&format!("{shown}:13:21: error[broken-link]: no post of the blog is at /posts/building-scalable-api, where the site puts its posts; did you mean /posts/building-scalable-apis?")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{shown}:13:59: warning[missing-alt]")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{shown}:13:59: error[missing-image]: the image /assets/nope.png is not in the blog (looked for public/assets/nope.png)")),
        "{text}"
    );
    // As GitHub Actions reads them.
    let out = postdesk(&["check", post.to_str().unwrap(), "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let file = shown.replace(':', "%3A").replace(',', "%2C");
    assert!(
        text.lines().any(|l| l == format!("::error file={file},line=13,col=21,title=broken-link::no post of the blog is at /posts/building-scalable-api, where the site puts its posts; did you mean /posts/building-scalable-apis?")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "::warning file={file},line=13,col=59,title=missing-alt::"
        )),
        "{text}"
    );
    // The blog turns a rule off.
    std::fs::write(
        blog.join("postdesk.toml"),
        "[checks]\noff = [\"missing-alt\"]\n",
    )
    .unwrap();
    let text = stdout(&postdesk(&["check", post.to_str().unwrap()]));
    assert!(!text.contains("missing-alt"), "{text}");
    assert!(text.contains("missing-image"), "{text}");
}

/// A link to a post's route from before git renamed it: the route it
/// has now, from git's rename history.
#[test]
fn check_follows_a_post_git_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(&blog)
            .args(["-c", "user.name=A", "-c", "user.email=a@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&[
        "mv",
        "_posts/writing-with-postdesk.md",
        "_posts/a-tour-of-the-desk.md",
    ]);
    git(&["commit", "-qm", "A better name"]);
    let post = blog.join("_posts/building-scalable-apis.md");
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str("\nSee [the tour](/posts/writing-with-postdesk).\n");
    std::fs::write(&post, text).unwrap();
    let out = postdesk(&["check", post.to_str().unwrap()]);
    let printed = stdout(&out);
    assert!(
        printed.contains("error[broken-link]: no post of the blog is at /posts/writing-with-postdesk any more: git renamed the post, which is now at /posts/a-tour-of-the-desk"),
        "{printed}{}",
        stderr(&out)
    );
}

/// `--online`: web links asked of a server on 127.0.0.1 — 404 and 410
/// are broken, a HEAD refused is asked again with GET; the answers are
/// kept, so a second run finds them with the server gone; without
/// `--online` nothing is asked.
#[test]
fn get_and_set_change_only_the_named_fields() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let post = blog.join("_posts/building-scalable-apis.md");
    let p = post.to_str().unwrap();
    assert_eq!(
        stdout(&postdesk(&["get", p, "author.social.github"])),
        "gunb0s\n"
    );
    assert_eq!(stdout(&postdesk(&["get", p, "featured"])), "false\n");
    let before = std::fs::read_to_string(&post).unwrap();
    let out = postdesk(&["set", p, "featured=true", "author.social.github=cain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = std::fs::read_to_string(&post).unwrap();
    assert_eq!(
        after,
        before
            .replace("featured: false", "featured: true")
            .replace("github: \"gunb0s\"", "github: \"cain\"")
    );
    // A value of the wrong type is refused and nothing is written.
    let out = postdesk(&["set", p, "title=Fine", "featured=maybe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`featured` is true or false"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&post).unwrap(), after);
    let missing = postdesk(&["get", p, "nope"]);
    assert!(!missing.status.success());
}

#[test]
fn new_creates_a_draft_and_prints_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let out = postdesk(&[
        "new",
        "--title",
        "Notes on Tauri",
        "--blog",
        blog.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = std::path::PathBuf::from(stdout(&out).trim());
    assert!(
        path.ends_with("_posts/notes-on-tauri.md"),
        "{}",
        path.display()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Notes on Tauri\"\ndate: \""),
        "{text}"
    );
    assert!(text.contains("status: \"draft\"\n"));
}

#[test]
fn cover_writes_the_images_and_prints_files_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let post = blog.join("_posts/writing-with-postdesk.md");
    let image = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src-tauri/core/tests/fixtures/images/orient-6.jpg");
    let out = postdesk(&[
        "cover",
        post.to_str().unwrap(),
        image.to_str().unwrap(),
        "--focal",
        "0.5,0.2",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let dir_rel = "public/assets/blog/writing-with-postdesk";
    assert!(
        text.contains(&format!("{dir_rel}/cover.jpg\t40×60\t")),
        "{text}"
    );
    assert!(text.contains(&format!("{dir_rel}/og.jpg\t")), "{text}");
    assert!(text.contains(&format!("{dir_rel}/thumb.jpg\t")), "{text}");
    assert!(
        text.contains("coverImage: /assets/blog/writing-with-postdesk/cover.jpg"),
        "{text}"
    );
    assert!(
        text.contains("ogImage.url: /assets/blog/writing-with-postdesk/og.jpg"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("warning:") && stderr(&out).contains("smaller than the 1200×630")
    );
    assert!(blog.join(dir_rel).join("thumb.jpg").is_file());
}

#[test]
fn cover_with_a_bad_image_exits_2_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let post = blog.join("_posts/writing-with-postdesk.md");
    let before = std::fs::read(&post).unwrap();
    let image = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src-tauri/core/tests/fixtures/images/truncated.jpg");
    let out = postdesk(&["cover", post.to_str().unwrap(), image.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("truncated.jpg is damaged") && err.contains("export it again"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&post).unwrap(), before);
    assert!(!blog
        .join("public/assets/blog/writing-with-postdesk")
        .exists());
    let bad_focal = postdesk(&[
        "cover",
        post.to_str().unwrap(),
        image.to_str().unwrap(),
        "--focal",
        "2,0",
    ]);
    assert_eq!(bad_focal.status.code(), Some(2));
    assert!(
        stderr(&bad_focal).contains("is not a focal point"),
        "{}",
        stderr(&bad_focal)
    );
}

mod online;
#[path = "../../core/tests/core/servers.rs"]
mod servers;
mod ssh;
mod translate;

/// `postdesk list | head -1` on a long list: the command ends quietly when
/// the reader goes away (no panic, nothing on stderr).
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    postdesk(&["sample", blog.to_str().unwrap()]);
    for i in 0..3000 {
        std::fs::write(
            blog.join(format!("_posts/post-{i:04}.md")),
            format!("---\ntitle: \"Post {i}\"\n---\nText\n"),
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_postdesk"))
        .args(["list", blog.to_str().unwrap()])
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains('\t'), "{first}");
    // The reader is gone (dropped above), as `head` is after one line.
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?}", out.status);
}

/// A blog whose posts do not follow the built-in schema: `check` says so
/// once, on stderr, and finds no errors in posts that are fine.
#[test]
fn check_says_once_when_the_built_in_schema_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("fork");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    for i in 1..=5 {
        std::fs::write(
            blog.join(format!("_posts/p{i}.md")),
            format!("---\ntitle: \"P{i}\"\npublishedAt: \"2024-01-0{i}\"\n---\nText\n"),
        )
        .unwrap();
    }
    let out = postdesk(&["check", blog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "postdesk: note: 5 of 5 posts have no `date`, which the built-in blog-starter schema requires, so it is not this blog's schema: its posts are checked against one inferred from them instead (they date posts with `publishedAt`). To keep that schema, run `postdesk schema --infer --write`.\n"
    );
}

/// Titles and tags with terminal escapes (OSC 52 writes the clipboard,
/// `ESC [2J` clears the screen) are shown escaped by `list` and `get`;
/// JSON output stays exact.
#[test]
fn terminal_escapes_in_a_post_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let blog = dir.path().join("blog");
    std::fs::create_dir_all(blog.join("_posts")).unwrap();
    std::fs::write(
        blog.join("_posts/evil.md"),
        "---\ntitle: \"Hi\\e]52;c;cHduZWQ=\\a\\e[2J\"\ntags: [\"a\\tb\"]\n---\nText\n",
    )
    .unwrap();
    let out = postdesk(&["list", blog.to_str().unwrap()]);
    assert_eq!(
        stdout(&out),
        "_posts/evil.md\tevil\tHi\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\t-\tpublished\ta\\u{9}b\n"
    );
    let out = postdesk(&[
        "get",
        blog.join("_posts/evil.md").to_str().unwrap(),
        "title",
    ]);
    assert_eq!(stdout(&out), "Hi\\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\n");
    let out = postdesk(&["list", blog.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["title"], "Hi\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J");
}

/// `postdesk url` prints where the generator puts each post: for the route
/// fixtures, the URL Hugo and Jekyll themselves gave it (recorded in
/// `generator.json`: sections, `slug`, `url`, `[permalinks]`, bundles;
/// permalink styles, categories from keys and folders, `permalink`);
/// blog-starter's `/posts/<slug>`.
#[test]
fn url_prints_where_the_generator_puts_the_post() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures");
    let mut checked = 0;
    for name in ["hugo-routes", "jekyll-routes", "hugo", "jekyll"] {
        let root = fixtures.join(name);
        let records: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(root.join("generator.json")).unwrap())
                .unwrap();
        for r in records {
            let url = r["url"].as_str().unwrap_or("");
            if url.is_empty() || r["error"] == true {
                continue;
            }
            let post = root.join(r["path"].as_str().unwrap());
            let out = postdesk(&["url", post.to_str().unwrap()]);
            assert!(out.status.success(), "{name}: {}", stderr(&out));
            assert_eq!(stdout(&out).trim_end(), url, "{}", post.display());
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} posts had a URL");

    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let out = postdesk(&[
        "url",
        blog.join("_posts/building-scalable-apis.md")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(stdout(&out), "/posts/building-scalable-apis\n");
    let out = postdesk(&["url", blog.join("README.md").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
