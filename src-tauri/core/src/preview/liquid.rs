//! Jekyll's Liquid in the preview: a post's Liquid is rendered before its
//! markdown, as Jekyll does, with the `liquid` crate (the standard tags and
//! filters: `raw`, `comment`, `if`, `for`, `assign`, `capture`, …) and
//! Jekyll's own: `{% highlight LANG %}` (a highlighted block),
//! `{% post_url NAME %}` and `{% link PATH %}` (the post's URL),
//! `relative_url` / `absolute_url` (the blog's `baseurl` and `url`), and
//! `site.*` / `page.*` from `_config.yml` and the front-matter. An
//! `{% include %}` or a plugin's tag is shown as a labelled box. Text that
//! Liquid cannot read is shown as written (Jekyll would stop with a
//! "Liquid Exception"; the Problems panel does not say so yet).

use crate::issue::Severity;
use std::io::Write;

use liquid::model::{Value, ValueView};
use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::parser::{
    BlockReflection, FilterArguments, FilterReflection, ParameterReflection, ParseBlock,
    ParseFilter, ParseTag, TagBlock, TagReflection, TagTokenIter,
};
use liquid_core::runtime::{Renderable, Runtime};
use liquid_core::{Language, Result};

/// Marks a fence that came from `{% highlight %}` (a private-use word in
/// its info string), so the block is wrapped in Jekyll's figure.
pub(super) const FIGURE: &str = "\u{E002}figure";

/// What Liquid sees of the blog.
pub(super) struct Site<'a> {
    /// `_config.yml` as JSON (`site.*`).
    pub config: &'a serde_json::Value,
    /// The post's front-matter (`page.*`).
    pub page: &'a serde_json::Value,
    /// (path without `.md`, URL) of every post, for `post_url` and `link`.
    pub routes: &'a [(String, String)],
    /// Plain `_includes/` files by name, inlined where the post includes
    /// them (any other include is a labelled box).
    pub includes: &'a [(String, String)],
}

static INCLUDE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\{%-?\s*include\s+([A-Za-z0-9_./-]+)[^%]*-?%\}").expect("a valid pattern")
});

/// The names `{% include NAME … %}` tags in `body` name.
pub(super) fn included(body: &str) -> Vec<String> {
    INCLUDE
        .captures_iter(body)
        .map(|c| c[1].to_owned())
        .collect()
}

/// `body` with each include of a plain file replaced by the file.
fn inline_includes<'b>(body: &'b str, includes: &[(String, String)]) -> std::borrow::Cow<'b, str> {
    if includes.is_empty() {
        return std::borrow::Cow::Borrowed(body);
    }
    INCLUDE.replace_all(body, |c: &regex::Captures| {
        includes.iter().find(|(name, _)| *name == c[1]).map_or_else(
            || c[0].to_owned(),
            |(_, content)| content.trim_end().to_owned(),
        )
    })
}

/// The body with its Liquid rendered, or `None` when it has none or Liquid
/// cannot read it.
pub(super) fn render(body: &str, site: &Site) -> Option<String> {
    if !body.contains("{%") && !body.contains("{{") {
        return None;
    }
    // `{% post_url … %}` and `{% link … %}` take a file path, which
    // Liquid's own tokenizer does not (`_posts/x.md`): resolved first.
    let config = site.config;
    let text = |key: &str| {
        config
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_owned()
    };
    // Jekyll 4 puts the URL under `baseurl`, as `relative_url` does.
    let body = &resolve_routes(body, site.routes, &text("baseurl"))?;
    let body = &inline_includes(body, site.includes);
    let parser = parser(site)?;
    let rendered = parser.parse(body).and_then(|template| {
        let globals = liquid::object!({
            "site": liquid::model::to_value(site.config).unwrap_or(Value::Nil),
            "page": liquid::model::to_value(site.page).unwrap_or(Value::Nil),
        });
        template.render(&globals)
    });
    if cfg!(test) {
        if let Err(e) = &rendered {
            eprintln!("liquid: {e}");
        }
    }
    rendered.ok()
}

/// The Liquid parser with Jekyll's tags and filters, for `site`.
fn parser(site: &Site) -> Option<liquid::Parser> {
    let text = |key: &str| {
        site.config
            .get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_owned()
    };
    liquid::ParserBuilder::with_stdlib()
        .block(Highlight)
        .tag(Labelled { name: "include" })
        .tag(Labelled {
            name: "include_relative",
        })
        .filter(Url {
            name: "relative_url",
            prefix: text("baseurl"),
        })
        .filter(Url {
            name: "absolute_url",
            prefix: format!("{}{}", text("url"), text("baseurl")),
        })
        .build()
        .ok()
}

/// What in the body stops Jekyll's build ("Liquid Exception"): a
/// `post_url`/`link` to no post, Liquid that does not parse; a tag the
/// preview does not know is a warning (a plugin's, if the blog has it).
/// Each at its byte offset in the body.
pub(super) fn problems(body: &str, site: &Site) -> Vec<(usize, Severity, &'static str, String)> {
    use std::sync::LazyLock;
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{%-?\s*(post_url|link)\s+([^%]*?)\s*-?%\}").expect("a valid pattern")
    });
    let mut out = Vec::new();
    if !body.contains("{%") && !body.contains("{{") {
        return out;
    }
    for c in TAG.captures_iter(body) {
        let wanted = c[2].trim();
        if resolve_routes(&c[0], site.routes, "").is_none() {
            out.push((
                c.get(0).map_or(0, |m| m.start()),
                Severity::Error,
                "missing-post",
                format!(
                    "Jekyll stops the build here: `{{% {} {wanted} %}}` names no post (\"Could not find post\"); fix the name (YYYY-MM-DD-title for post_url, the file's path for link) or create the post",
                    &c[1]
                ),
            ));
        }
    }
    // Parsed with the post URLs resolved (a missing one already said).
    let resolved = TAG.replace_all(body, "");
    let Some(parser) = parser(site) else {
        return out;
    };
    if let Err(e) = parser.parse(&resolved) {
        let message = e.to_string();
        let first = message.lines().next().unwrap_or("").trim().to_owned();
        // liquid names the tag it does not know: `{% seo %}` from
        // jekyll-seo-tag is fine on a site with that plugin.
        let unknown = message
            .lines()
            .find_map(|l| l.trim().strip_prefix("requested="))
            .map(str::to_owned)
            .filter(|_| message.contains("Unknown tag"));
        match unknown {
            Some(tag) => out.push((
                body.find(&format!("{{% {tag}")).unwrap_or(0),
                Severity::Warning,
                "liquid-plugin",
                format!(
                    "`{{% {tag} %}}` is not one of Jekyll's own tags: the site builds only with the plugin that adds it (in the blog's Gemfile and _config.yml `plugins`); the preview shows it as written"
                ),
            )),
            None => out.push((
                0,
                Severity::Error,
                "liquid-error",
                format!("Jekyll stops the build (Liquid Exception): {first}; fix the Liquid tag or output it names"),
            )),
        }
    }
    out
}

/// `{% highlight ruby linenos %}…{% endhighlight %}`: the code as a fenced
/// block, which the preview highlights (Jekyll's Rouge does the same on
/// the site). The fences keep the tags' lines.
#[derive(Clone)]
struct Highlight;

impl BlockReflection for Highlight {
    fn start_tag(&self) -> &str {
        "highlight"
    }
    fn end_tag(&self) -> &str {
        "endhighlight"
    }
    fn description(&self) -> &str {
        "Jekyll's highlighted code block"
    }
}

impl ParseBlock for Highlight {
    fn parse(
        &self,
        mut arguments: TagTokenIter,
        mut block: TagBlock,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let lang = arguments
            .next()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default();
        let code = block.escape_liquid(false)?.to_owned();
        block.assert_empty();
        Ok(Box::new(Fenced { lang, code }))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct Fenced {
    lang: String,
    code: String,
}

impl Renderable for Fenced {
    fn render_to(&self, writer: &mut dyn Write, _runtime: &dyn Runtime) -> Result<()> {
        let code = self.code.strip_prefix('\n').unwrap_or(&self.code);
        let end = if code.ends_with('\n') { "" } else { "\n" };
        write!(writer, "```{} {FIGURE}\n{code}{end}```", self.lang).replace("could not write")
    }
}

/// `{% post_url 2024-01-15-name %}`, `{% link _posts/2024-01-15-name.md %}`:
/// the URL Jekyll gives that file; `None` when it names no post (Jekyll
/// stops the build: "Could not find post").
fn resolve_routes(body: &str, routes: &[(String, String)], baseurl: &str) -> Option<String> {
    use std::sync::LazyLock;
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{%-?\s*(post_url|link)\s+([^%]*?)\s*-?%\}").expect("a valid pattern")
    });
    let mut missing = false;
    let out = TAG.replace_all(body, |c: &regex::Captures| {
        let wanted = c[2].trim().trim_end_matches(".md").trim_start_matches('/');
        let name = wanted.rsplit('/').next().unwrap_or(wanted);
        match routes
            .iter()
            .find(|(path, _)| path == wanted || path.rsplit('/').next() == Some(name))
        {
            Some((_, url)) => format!("{baseurl}{url}"),
            None => {
                missing = true;
                String::new()
            }
        }
    });
    (!missing).then(|| out.into_owned())
}

/// A tag the preview does not run (an include, a plugin's tag): a box that
/// names it.
#[derive(Clone)]
struct Labelled {
    name: &'static str,
}

impl TagReflection for Labelled {
    fn tag(&self) -> &str {
        self.name
    }
    fn description(&self) -> &str {
        "shown as a labelled box"
    }
}

impl ParseTag for Labelled {
    fn parse(&self, arguments: TagTokenIter, _options: &Language) -> Result<Box<dyn Renderable>> {
        let args: Vec<String> = arguments.map(|t| t.as_str().to_owned()).collect();
        let mut label = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut label, &args.join(" "));
        Ok(Box::new(Literal(format!(
            "<span class=\"shortcode\" title=\"Rendered by Jekyll on the site\"><span class=\"shortcode-name\">{}</span> {label}</span>",
            self.name
        ))))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Literal(String);

impl Renderable for Literal {
    fn render_to(&self, writer: &mut dyn Write, _runtime: &dyn Runtime) -> Result<()> {
        writer
            .write_all(self.0.as_bytes())
            .replace("could not write")
    }
}

/// Jekyll's `relative_url` and `absolute_url` filters: the path under the
/// blog's `baseurl` (and `url`).
#[derive(Clone)]
struct Url {
    name: &'static str,
    prefix: String,
}

impl FilterReflection for Url {
    fn name(&self) -> &str {
        self.name
    }
    fn description(&self) -> &str {
        "a path under the blog's base URL"
    }
    fn positional_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
}

impl ParseFilter for Url {
    fn parse(&self, _arguments: FilterArguments) -> Result<Box<dyn liquid_core::parser::Filter>> {
        Ok(Box::new(Prefixed(self.prefix.clone())))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct Prefixed(String);

impl std::fmt::Display for Prefixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "url")
    }
}

impl liquid_core::parser::Filter for Prefixed {
    fn evaluate(&self, input: &dyn ValueView, _runtime: &dyn Runtime) -> Result<Value> {
        let path = input.to_kstr().into_owned();
        if path.contains("://") {
            return Ok(Value::scalar(path));
        }
        let path = path.trim_start_matches('/');
        Ok(Value::scalar(format!("{}/{path}", self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(body: &str) -> Option<String> {
        let config = json!({"title": "My blog", "baseurl": "/blog", "url": "https://example.com"});
        let page = json!({"title": "A post", "tags": ["a", "b"]});
        let routes = vec![(
            "_posts/2024-01-15-other".to_owned(),
            "/2024/01/15/other.html".to_owned(),
        )];
        let includes = vec![("plain.md".to_owned(), "A *plain* include.\n".to_owned())];
        render(
            body,
            &Site {
                config: &config,
                page: &page,
                routes: &routes,
                includes: &includes,
            },
        )
    }

    #[test]
    fn a_plain_include_is_inlined_and_any_other_is_a_box() {
        let out = run("{% include plain.md %}\n\n{% include other.html x=1 %}\n").unwrap();
        assert!(out.starts_with("A *plain* include.\n"), "{out}");
        assert!(out.contains("other.html"), "{out}");
        assert_eq!(
            included("{% include a.html %} {%- include dir/b.md x=\"1\" -%}"),
            ["a.html", "dir/b.md"]
        );
    }

    #[test]
    fn jekyll_s_liquid_as_jekyll_renders_it() {
        let out = run("# {{ page.title }} on {{ site.title }}\n\n{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n\n[Other]({% post_url 2024-01-15-other %}) and [again]({% link _posts/2024-01-15-other.md %}).\n\n{% raw %}{{ kept }}{% endraw %} {% comment %}gone{% endcomment %}![x]({{ '/img/x.png' | relative_url }}) {{ '/a' | absolute_url }}\n\n{% include note.html text=\"hi\" %}\n").unwrap();
        assert!(
            out.starts_with(&format!(
                "# A post on My blog\n\n```ruby {FIGURE}\nputs 1\n```\n"
            )),
            "{out}"
        );
        // Under `baseurl`, as Jekyll 4.3 writes them.
        assert!(
            out.contains(
                "[Other](/blog/2024/01/15/other.html) and [again](/blog/2024/01/15/other.html)."
            ),
            "{out}"
        );
        assert!(
            out.contains("{{ kept }} ![x](/blog/img/x.png) https://example.com/blog/a"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"shortcode-name\">include</span> note.html"),
            "{out}"
        );
        assert!(!out.contains("gone"));
    }

    #[test]
    fn what_liquid_cannot_read_stays_as_written() {
        assert_eq!(run("no liquid at all\n"), None);
        assert_eq!(run("{% post_url 2020-01-01-missing %}\n"), None);
        assert_eq!(run("{% unknown_plugin_tag %}\n"), None);
        assert_eq!(run("{{ unclosed\n"), None);
    }
}
