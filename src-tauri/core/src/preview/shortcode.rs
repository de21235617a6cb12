//! Hugo shortcodes in the preview, as Hugo renders its built-ins: `ref` and
//! `relref` become the target post's URL (also inside a markdown link),
//! `figure` a figure, `highlight` a highlighted code block, embeds
//! (`youtube`, `vimeo`, `x`, `twitter`, `instagram`, `gist`) a card naming
//! what the site shows there (no third-party frame in the preview), `param`
//! the front-matter value. A shortcode the blog defines itself shows as a
//! labelled box with its name and parameters, its inner content rendered
//! below; `{{</* x */>}}` is the literal `{{< x >}}`, as in Hugo.
//!
//! Shortcodes are found in the markdown before it is parsed (Hugo does the
//! same) and stand in the text as tokens of private-use characters, which
//! the event pass swaps for their HTML; the text keeps its line count, so
//! `data-line` still points at the source line.

use std::fmt::Write as _;

use pulldown_cmark_escape::{escape_href, escape_html};

/// Opens and closes a token in the expanded text: `\u{E000}N\u{E001}`.
pub(super) const OPEN: char = '\u{E000}';
pub(super) const CLOSE: char = '\u{E001}';

/// What the expansion needs from the blog.
pub(super) struct Site<'a> {
    /// The URL of the post a `ref` names (`x.md`, `posts/x`, `/posts/x.md#a`).
    pub refs: &'a dyn Fn(&str) -> Option<String>,
    /// A front-matter value of the post, for `param`.
    pub param: &'a dyn Fn(&str) -> Option<String>,
    /// The blog's own shortcodes (`layouts/shortcodes/`, its themes');
    /// `None` when they cannot all be known (Hugo modules).
    pub known: Option<&'a [String]>,
}

/// Hugo's built-in shortcodes (0.111).
const BUILT_IN: &[&str] = &[
    "ref",
    "relref",
    "highlight",
    "figure",
    "youtube",
    "vimeo",
    "x",
    "twitter",
    "tweet",
    "instagram",
    "gist",
    "param",
    "qr",
    "comment",
];

/// One shortcode found: its HTML, and its source (shown as text where
/// Hugo's output would be escaped, inside code).
pub(super) struct Expanded {
    pub html: Vec<String>,
    pub source: Vec<String>,
    /// What would stop Hugo's build, at its byte offset in the body.
    pub problems: Vec<(usize, &'static str, String)>,
}

struct Call<'a> {
    name: &'a str,
    closing: bool,
    args: Vec<(Option<&'a str>, String)>,
}

/// The markdown with every shortcode replaced (tokens, URLs, fences), and
/// the tokens' HTML. `None` when there is no shortcode at all.
pub(super) fn expand(body: &str, site: &Site) -> Option<(String, Expanded)> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut found = Expanded {
        html: Vec::new(),
        source: Vec::new(),
        problems: Vec::new(),
    };
    let mut rest = body;
    while let Some(at) = find_open(rest) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let percent = tail.as_bytes()[2] == b'%';
        let close = if percent { "%}}" } else { ">}}" };
        let Some(end) = tail.find(close) else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let whole = &tail[..end + 3];
        let inner = &tail[3..end];
        let offset = body.len() - tail.len();
        rest = &tail[end + 3..];
        // `{{</* name */>}}`: the shortcode written out, not called.
        if let Some(commented) = inner
            .trim()
            .strip_prefix("/*")
            .and_then(|s| s.strip_suffix("*/"))
        {
            let open = if percent { "{{%" } else { "{{<" };
            let _ = write!(out, "{open} {} {close}", commented.trim());
            continue;
        }
        let Some(call) = parse(inner) else {
            out.push_str(whole);
            continue;
        };
        let newlines = whole.matches('\n').count();
        // Hugo stops the build on a shortcode it has no template for.
        let defined = BUILT_IN.contains(&call.name)
            || site
                .known
                .is_none_or(|known| known.iter().any(|k| k == call.name));
        if !defined {
            found.problems.push((
                offset,
                "unknown-shortcode",
                format!(
                    "Hugo stops the build here: there is no template for the shortcode `{}` (layouts/shortcodes/{}.html, or a theme's); add the template, fix the name, or write it as {{{{</* {} */>}}}} to show it as text",
                    call.name, call.name, call.name
                ),
            ));
        }
        let arg = |key: &str, index: usize| -> Option<String> {
            call.args
                .iter()
                .find(|(k, _)| *k == Some(key))
                .or_else(|| call.args.iter().filter(|(k, _)| k.is_none()).nth(index))
                .map(|(_, v)| v.clone())
        };
        match (call.name, call.closing) {
            ("ref" | "relref", false) => {
                let target = arg("path", 0).unwrap_or_default();
                let url = (site.refs)(&target);
                if url.is_none() {
                    found.problems.push((
                        offset,
                        "missing-ref",
                        format!(
                            "Hugo stops the build here: `{} \"{target}\"` names no page of the blog (REF_NOT_FOUND); fix the path, or create the post",
                            call.name
                        ),
                    ));
                }
                match url {
                    Some(url) => out.push_str(&url),
                    // In a link's destination: the target as written, so
                    // the link says it names no post when followed.
                    None if out.ends_with("](") => out.push_str(&target),
                    // Say so where the link would be.
                    None => token(
                        &mut out,
                        &mut found,
                        format!(
                            "<span class=\"shortcode missing\" title=\"Hugo cannot build a ref to a page that does not exist\">ref to a missing page: {}</span>",
                            esc(&target)
                        ),
                        whole,
                    ),
                }
            }
            ("highlight", false) => {
                let lang = arg("lang", 0).unwrap_or_default();
                let _ = write!(out, "```{lang}");
            }
            ("highlight", true) => out.push_str("```"),
            ("figure", false) => token(&mut out, &mut found, figure(&arg), whole),
            ("youtube" | "vimeo" | "x" | "twitter" | "tweet" | "instagram" | "gist", false) => {
                let id = arg("id", 0).unwrap_or_default();
                let what = match call.name {
                    "youtube" => "YouTube video",
                    "vimeo" => "Vimeo video",
                    "instagram" => "Instagram post",
                    "gist" => "GitHub gist",
                    _ => "X post",
                };
                let title = arg("title", usize::MAX)
                    .map(|t| format!(": {}", esc(&t)))
                    .unwrap_or_default();
                token(
                    &mut out,
                    &mut found,
                    format!(
                        "<div class=\"shortcode embed\">{what} {}{title} <span class=\"shortcode-note\">(shown on the site)</span></div>",
                        esc(&id)
                    ),
                    whole,
                );
            }
            ("param", false) => {
                let key = arg("name", 0).unwrap_or_default();
                let value = (site.param)(&key).unwrap_or_default();
                token(&mut out, &mut found, esc(&value), whole);
            }
            (_, true) => token(
                &mut out,
                &mut found,
                format!(
                    "<div class=\"shortcode end\">end of {}</div>",
                    esc(call.name)
                ),
                whole,
            ),
            (name, false) if !defined => token(
                &mut out,
                &mut found,
                format!(
                    "<div class=\"shortcode missing\" title=\"Hugo stops the build on a shortcode it has no template for\">no template for the shortcode <span class=\"shortcode-name\">{}</span></div>",
                    esc(name)
                ),
                whole,
            ),
            (name, false) => {
                let args = call
                    .args
                    .iter()
                    .map(|(k, v)| match k {
                        Some(k) => format!("{k}=\"{v}\""),
                        None => format!("\"{v}\""),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                token(
                    &mut out,
                    &mut found,
                    format!(
                        "<div class=\"shortcode\" title=\"A shortcode of this blog's: the site renders it with its template\"><span class=\"shortcode-name\">{}</span> {}</div>",
                        esc(name),
                        esc(&args)
                    ),
                    whole,
                );
            }
        }
        // Keep the line count: the shortcode's own newlines stay.
        for _ in 0..newlines {
            out.push('\n');
        }
    }
    out.push_str(rest);
    Some((out, found))
}

fn token(out: &mut String, found: &mut Expanded, html: String, source: &str) {
    let _ = write!(out, "{OPEN}{}{CLOSE}", found.html.len());
    found.html.push(html);
    found.source.push(source.to_owned());
}

fn find_open(s: &str) -> Option<usize> {
    match (s.find("{{<"), s.find("{{%")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `name arg key="value" "quoted" \`raw\``, or `/name`.
fn parse(inner: &str) -> Option<Call<'_>> {
    let inner = inner.trim().trim_end_matches('/').trim_end();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
    {
        return None;
    }
    let mut args = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let (key, after_key) = match rest.find('=') {
            Some(eq)
                if rest[..eq]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    && eq > 0 =>
            {
                (Some(&rest[..eq]), &rest[eq + 1..])
            }
            _ => (None, rest),
        };
        let (value, after) = match after_key.chars().next()? {
            q @ ('"' | '`') => {
                let body = &after_key[1..];
                let mut value = String::new();
                let mut chars = body.char_indices();
                let mut end = None;
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' if q == '"' => {
                            if let Some((_, n)) = chars.next() {
                                value.push(n);
                            }
                        }
                        c if c == q => {
                            end = Some(i + 1);
                            break;
                        }
                        c => value.push(c),
                    }
                }
                (value, &body[end?..])
            }
            _ => {
                let end = after_key
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(after_key.len());
                (after_key[..end].to_owned(), &after_key[end..])
            }
        };
        args.push((key, value));
        rest = after.trim_start();
    }
    Some(Call {
        name,
        closing,
        args,
    })
}

/// Hugo 0.111's `figure`: the image (linked when `link` is given), and a
/// caption with its title as a heading.
fn figure(arg: &dyn Fn(&str, usize) -> Option<String>) -> String {
    let src = arg("src", usize::MAX).unwrap_or_default();
    let alt = arg("alt", usize::MAX)
        .or_else(|| arg("caption", usize::MAX))
        .unwrap_or_default();
    let mut img = String::new();
    let _ = write!(img, "<img src=\"");
    let _ = escape_href(&mut img, &src);
    let _ = write!(img, "\" alt=\"{}\"", esc(&alt));
    for dim in ["width", "height"] {
        if let Some(v) = arg(dim, usize::MAX) {
            let _ = write!(img, " {dim}=\"{}\"", esc(&v));
        }
    }
    img.push('>');
    if let Some(link) = arg("link", usize::MAX) {
        let mut href = String::new();
        let _ = escape_href(&mut href, &link);
        img = format!("<a href=\"{href}\">{img}</a>");
    }
    let title = arg("title", usize::MAX);
    let caption = arg("caption", usize::MAX);
    let mut html = format!("<figure>{img}");
    if title.is_some() || caption.is_some() {
        html.push_str("<figcaption>");
        if let Some(t) = title {
            let _ = write!(html, "<h4>{}</h4>", esc(&t));
        }
        if let Some(c) = caption {
            let _ = write!(html, "<p>{}</p>", esc(&c));
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>");
    html
}

fn esc(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, s);
    out
}

/// Swaps the tokens in `text` for their HTML (`as_html`) or their source.
pub(super) fn untoken(text: &str, found: &Expanded, as_html: bool) -> Vec<(bool, String)> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        let after = &rest[open + OPEN.len_utf8()..];
        let Some(close) = after.find(CLOSE) else {
            break;
        };
        let index: Option<usize> = after[..close].parse().ok();
        let Some(i) = index.filter(|i| *i < found.html.len()) else {
            break;
        };
        if open > 0 {
            pieces.push((false, rest[..open].to_owned()));
        }
        if as_html {
            pieces.push((true, found.html[i].clone()));
        } else {
            pieces.push((false, found.source[i].clone()));
        }
        rest = &after[close + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push((false, rest.to_owned()));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (
        impl Fn(&str) -> Option<String>,
        impl Fn(&str) -> Option<String>,
    ) {
        (
            |p: &str| {
                let (path, anchor) = p.split_once('#').map_or((p, ""), |(a, b)| (a, b));
                let slug = path.trim_end_matches(".md").rsplit('/').next()?.to_owned();
                (slug == "other").then(|| {
                    if anchor.is_empty() {
                        "/posts/other/".to_owned()
                    } else {
                        format!("/posts/other/#{anchor}")
                    }
                })
            },
            |k: &str| (k == "author").then(|| "Cain".to_owned()),
        )
    }

    fn run(body: &str) -> (String, Vec<String>) {
        let (refs, param) = site();
        let s = Site {
            refs: &refs,
            param: &param,
            known: None,
        };
        let (text, found) = expand(body, &s).unwrap();
        (text, found.html)
    }

    #[test]
    fn refs_become_urls_even_inside_links() {
        let (text, _) = run("[see]({{< relref \"other.md#part\" >}}) and {{< ref other >}}\n");
        assert_eq!(text, "[see](/posts/other/#part) and /posts/other/\n");
        let (text, html) = run("{{< ref \"nowhere.md\" >}}\n");
        assert!(text.starts_with(OPEN));
        assert!(html[0].contains("ref to a missing page: nowhere.md"));
    }

    #[test]
    fn built_ins_custom_ones_and_escapes() {
        let body = "{{< figure src=\"/img/a.png\" title=\"T\" caption=\"C\" >}}\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{% note type=\"info\" %}}\n**inner**\n{{% /note %}}\n\nBy {{< param author >}}. {{</* ref x */>}}\n";
        let (text, html) = run(body);
        assert_eq!(
            html[0],
            "<figure><img src=\"/img/a.png\" alt=\"C\"><figcaption><h4>T</h4><p>C</p></figcaption></figure>"
        );
        assert!(html[1].contains("YouTube video w7Ft2ymGmfc"));
        assert!(
            html[2].contains("<span class=\"shortcode-name\">note</span> type=&quot;info&quot;")
        );
        assert!(
            text.contains("**inner**"),
            "inner markdown stays markdown: {text}"
        );
        assert!(html[3].contains("end of note"));
        assert_eq!(html[4], "Cain");
        assert!(text.ends_with("{{< ref x >}}\n"), "{text}");
        assert_eq!(
            text.matches('\n').count(),
            body.matches('\n').count(),
            "the line count is kept"
        );
    }

    #[test]
    fn highlight_becomes_a_fence_and_odd_text_stays() {
        let (text, _) =
            run("{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n");
        assert_eq!(text, "```go\nfunc main() {}\n```\n");
        let (refs, param) = site();
        let s = Site {
            refs: &refs,
            param: &param,
            known: None,
        };
        assert!(expand("no shortcodes {{ here }}\n", &s).is_none());
        let (text, _) = expand("{{< unclosed\n", &s).unwrap();
        assert_eq!(text, "{{< unclosed\n");
        let (text, _) = expand("{{< \"bad name\" >}}\n", &s).unwrap();
        assert_eq!(text, "{{< \"bad name\" >}}\n");
    }
}
