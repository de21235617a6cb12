//! How the blog's generator renders markdown, as far as its own files
//! say: the renderer settings a Node blog's code names (read as text,
//! never run) and the Hugo shortcodes its templates define. The settings
//! in Hugo's and Jekyll's config files are read with the rest of the
//! config in `site.rs`.

use std::path::Path;

use serde_json::Value;

use super::site::{truthy, MAX_CONFIG_BYTES};
use crate::kind::BlogKind;

/// The markdown settings a generator's config may change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RendererConfig {
    /// Curly quotes, dashes, ellipsis, guillemets (Hugo's
    /// `markup.goldmark.extensions.typographer`).
    pub typography: Option<bool>,
    /// The marks kramdown's smart quotes write (`kramdown.smart_quotes`:
    /// left and right single, left and right double).
    pub quotes: Option<[char; 4]>,
    /// `{.class}` on the line after a block (Hugo's `markup.goldmark.
    /// parser.attribute.block`, off by default).
    pub block_attributes: Option<bool>,
    /// Raw HTML in posts kept (Hugo's `markup.goldmark.renderer.unsafe`,
    /// false by default: goldmark writes `<!-- raw HTML omitted -->`).
    pub raw_html: Option<bool>,
    /// Bare URLs become links (Hugo's `markup.goldmark.extensions.linkify`).
    pub bare_urls: Option<bool>,
    /// GitHub's extensions (Astro's `markdown.gfm`; blog-starter's
    /// `remark-gfm` among its packages or not).
    pub gfm: Option<bool>,
    /// `$…$` typeset (Hugo's goldmark passthrough, kramdown's
    /// `math_engine`, remark-math in Astro's or blog-starter's packages).
    pub math: Option<bool>,
    /// Headings get ids (kramdown's `auto_ids`, on in Jekyll).
    pub auto_ids: Option<bool>,
    /// A line break in a paragraph is a `<br>` (kramdown's `hard_wrap`,
    /// off in Jekyll's defaults though kramdown's GFM input has it on).
    pub hard_wrap: Option<bool>,
    /// The heading levels a table of contents lists (kramdown's
    /// `toc_levels`, `1..6`).
    pub toc_levels: Option<(u8, u8)>,
    /// Markdown extensions the config turns on or off (Hugo's
    /// `markup.goldmark.extensions.table`, `strikethrough`, `taskList`,
    /// `footnote`, `definitionList`).
    pub extensions: Vec<(Extension, bool)>,
    /// `## Title {#id .class}` sets the heading's id and classes (Hugo's
    /// `markup.goldmark.parser.attribute.title`, on by default).
    pub heading_attributes: Option<bool>,
    /// How heading ids are made (Hugo's `markup.goldmark.parser.
    /// autoHeadingIDType`; kramdown's own input).
    pub heading_ids: Option<HeadingIds>,
    /// The renderer, when the config names another than the kind's
    /// ("kramdown (kramdown input)", Jekyll's `markdown: CommonMark`).
    pub renderer: Option<&'static str>,
    /// Jekyll's `markdown: CommonMark` (the jekyll-commonmark plugin): its
    /// rules start from CommonMark's, not kramdown's.
    pub commonmark: bool,
}

/// How heading ids are made, so an `#anchor` jumps where it will on the
/// site (`preview::ids` makes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingIds {
    /// github-slugger on the heading's text (Astro's `rehypeHeadingIds`,
    /// kramdown-parser-gfm's `generate_gfm_header_id`; blog-starter's
    /// site has none, the preview uses these).
    Github,
    /// goldmark's auto heading ids as Hugo 0.111 makes them (its `github`
    /// type): from the raw markdown of the heading's last line (a link's
    /// URL and all), `heading` when nothing is left.
    Goldmark,
    /// Hugo's `github-ascii`: the same, accents removed and other
    /// characters beyond ASCII left out.
    GoldmarkAscii,
    /// Hugo's `blackfriday`: blackfriday's `SanitizedAnchorName`.
    Blackfriday,
    /// kramdown's own input: `basic_generate_id` on the raw text.
    Kramdown,
}

/// A markdown extension a generator lets its config turn off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    Table,
    Strikethrough,
    TaskList,
    Footnote,
    DefinitionList,
}

/// Hugo's templates for shortcodes: `layouts/shortcodes/NAME.html` (and
/// `NAME.en.html`, `NAME.amp.html`, `dir/NAME.html` as `dir/NAME`), the
/// blog's and each theme's. `None` when a theme is not in `themes/` or the
/// site imports modules: their shortcodes are not here to list.
pub(super) fn hugo_shortcodes(
    root: &Path,
    theme: &Option<Value>,
    modules: bool,
) -> Option<std::sync::Arc<Vec<String>>> {
    if modules {
        return None;
    }
    let themes: Vec<String> = match theme {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let mut dirs = vec![root.join("layouts/shortcodes")];
    for t in &themes {
        let theme = root.join("themes").join(t);
        if t.contains("..") || !theme.is_dir() {
            return None;
        }
        dirs.push(theme.join("layouts/shortcodes"));
    }
    let mut names = Vec::new();
    for dir in dirs {
        let mut queue = vec![(dir.clone(), 0)];
        while let Some((d, depth)) = queue.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                match e.file_type() {
                    Ok(t) if t.is_dir() && depth < 3 => queue.push((path, depth + 1)),
                    Ok(t) if t.is_file() => {
                        let rel = crate::disk::paths::relative(&dir, &path);
                        let (folder, file) = rel.rsplit_once('/').unwrap_or(("", &rel));
                        let name = file.split('.').next().unwrap_or(file);
                        names.push(if folder.is_empty() {
                            name.to_owned()
                        } else {
                            format!("{folder}/{name}")
                        });
                    }
                    _ => {}
                }
            }
        }
    }
    names.sort();
    names.dedup();
    Some(std::sync::Arc::new(names))
}

/// What a Node blog's own code says about its markdown: Astro's
/// `astro.config.*` (`markdown.smartypants`, `markdown.gfm`, remark-math
/// among `remarkPlugins`) and blog-starter's `package.json` (remark-gfm,
/// remark-math among its packages). The config is code, so it is read as
/// text, never run.
/// The text of the Astro blog's `astro.config.*` ("" when it has none).
pub(super) fn astro_config(root: &Path) -> String {
    [
        "astro.config.mjs",
        "astro.config.ts",
        "astro.config.js",
        "astro.config.mts",
        "astro.config.cjs",
    ]
    .iter()
    .find_map(|n| crate::disk::paths::read_capped(&root.join(n), MAX_CONFIG_BYTES).ok())
    .map(|b| String::from_utf8_lossy(&b).into_owned())
    .unwrap_or_default()
}

pub(super) fn node_renderer(root: &Path, kind: BlogKind) -> RendererConfig {
    let mut r = RendererConfig::default();
    let read = |name: &str| {
        crate::disk::paths::read_capped(&root.join(name), MAX_CONFIG_BYTES)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let setting = |text: &str, key: &str| -> Option<bool> {
        let at = text.find(&format!("{key}:"))?;
        let rest = text[at + key.len() + 1..].trim_start();
        if rest.starts_with("false") {
            Some(false)
        } else if rest.starts_with("true") {
            Some(true)
        } else {
            None
        }
    };
    let packages = read("package.json").unwrap_or_default();
    match kind {
        BlogKind::Astro => {
            let config = astro_config(root);
            r.typography = setting(&config, "smartypants");
            r.gfm = setting(&config, "gfm");
            if config.contains("remark-math") || config.contains("remarkMath") {
                r.math = Some(true);
            }
        }
        BlogKind::BlogStarter => {
            // The starter's `lib/markdownToHtml.ts` runs remark + remark-html;
            // GitHub's extensions only with remark-gfm installed.
            if packages.contains("\"remark\"") || packages.contains("\"remark-html\"") {
                r.gfm = Some(packages.contains("\"remark-gfm\""));
            }
            if packages.contains("\"remark-math\"") {
                r.math = Some(true);
            }
        }
        BlogKind::Hugo | BlogKind::Jekyll => {}
    }
    r
}

/// How Hugo reads a key path of its config (case-insensitive keys).
pub(super) type At<'a> = &'a dyn Fn(&[&str]) -> Option<Value>;
/// How a config's table is read (Hugo's keys case-insensitive, Jekyll's not).
pub(super) type Get<'a> = &'a dyn Fn(&Value, &str) -> Option<Value>;

/// Hugo's `markup.goldmark` settings.
pub(super) fn hugo(at: At<'_>, get: Get<'_>) -> RendererConfig {
    let mut renderer = RendererConfig::default();
    // `markup.goldmark.…`, and the same as a bool.
    let goldmark = |path: &[&str]| at(&[&["markup", "goldmark"][..], path].concat());
    let flag = |path: &[&str]| goldmark(path).map(|v| truthy(&v));
    renderer.raw_html = flag(&["renderer", "unsafe"]);
    // A bool in Hugo 0.111; a table with `disable` in later ones.
    renderer.typography = goldmark(&["extensions", "typographer"]).map(|v| match v {
        Value::Object(_) => !get(&v, "disable").is_some_and(|d| truthy(&d)),
        other => truthy(&other),
    });
    renderer.bare_urls = flag(&["extensions", "linkify"]);
    renderer.heading_attributes = flag(&["parser", "attribute", "title"]);
    renderer.block_attributes = flag(&["parser", "attribute", "block"]);
    // goldmark's `parser.autoHeadingID` (on) and the id's type
    // (Hugo's `autoHeadingIDType`: github, github-ascii,
    // blackfriday).
    renderer.auto_ids = flag(&["parser", "autoHeadingID"]);
    renderer.heading_ids = goldmark(&["parser", "autoHeadingIDType"]).and_then(|v| {
        match v.as_str()?.to_ascii_lowercase().as_str() {
            "github" => Some(HeadingIds::Goldmark),
            "github-ascii" => Some(HeadingIds::GoldmarkAscii),
            "blackfriday" => Some(HeadingIds::Blackfriday),
            _ => None,
        }
    });
    // goldmark's extensions Hugo turns on by default.
    for (key, extension) in [
        ("table", Extension::Table),
        ("strikethrough", Extension::Strikethrough),
        ("taskList", Extension::TaskList),
        ("footnote", Extension::Footnote),
        ("definitionList", Extension::DefinitionList),
    ] {
        if let Some(on) = flag(&["extensions", key]) {
            renderer.extensions.push((extension, on));
        }
    }
    // Math passes through goldmark untouched for KaTeX/MathJax.
    renderer.math = flag(&["extensions", "passthrough", "enable"]);
    renderer
}

/// Jekyll's `markdown` and its `kramdown` (or `commonmark`) settings.
pub(super) fn jekyll(config: &Value, get: Get<'_>) -> RendererConfig {
    let mut renderer = RendererConfig::default();
    // `markdown: CommonMark` (the jekyll-commonmark plugin) and
    // its `commonmark.options`/`extensions`; kramdown otherwise.
    if get(config, "markdown").and_then(|v| v.as_str().map(str::to_owned))
        == Some("CommonMark".into())
    {
        jekyll_commonmark(&mut renderer, get(config, "commonmark"));
        return renderer;
    }
    let kramdown = get(config, "kramdown");
    let setting = |key: &str| kramdown.as_ref().and_then(|k| get(k, key));
    // kramdown writes `$$…$$` for a math engine when one is named.
    if let Some(engine) = setting("math_engine") {
        renderer.math = Some(engine.as_str().is_some_and(|e| !e.is_empty() && e != "nil"));
    }
    // kramdown's own input instead of Jekyll's `GFM`: its ids
    // (`basic_generate_id`), no `~~` or task lists.
    if setting("input")
        .and_then(|v| v.as_str().map(str::to_ascii_lowercase))
        .as_deref()
        == Some("kramdown")
    {
        renderer.renderer = Some("kramdown (kramdown input)");
        renderer.heading_ids = Some(HeadingIds::Kramdown);
        renderer.extensions = vec![
            (Extension::Strikethrough, false),
            (Extension::TaskList, false),
        ];
    }
    // Jekyll's kramdown defaults: `auto_ids: true`,
    // `hard_wrap: false`, `toc_levels: 1..6`.
    renderer.auto_ids = setting("auto_ids").map(|v| truthy(&v));
    renderer.hard_wrap = setting("hard_wrap").map(|v| truthy(&v));
    renderer.toc_levels = setting("toc_levels").and_then(|v| toc_levels(&v));
    renderer.quotes = setting("smart_quotes").and_then(|v| smart_quotes(&v));
    renderer
}

/// kramdown's `toc_levels`: a range (`2..3`), a list (`[2, 3]`) or levels
/// separated by commas (`"2,3"`), as kramdown's option parser reads it;
/// the lowest and highest level named.
fn toc_levels(value: &Value) -> Option<(u8, u8)> {
    let levels: Vec<u8> = match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_u64())
            .filter_map(|n| u8::try_from(n).ok())
            .collect(),
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .into_iter()
            .collect(),
        Value::String(s) => match s.split_once("..") {
            Some((a, b)) => vec![a.trim().parse().ok()?, b.trim().parse().ok()?],
            None => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        },
        _ => return None,
    };
    let levels: Vec<u8> = levels.into_iter().filter(|l| (1..=6).contains(l)).collect();
    Some((*levels.iter().min()?, *levels.iter().max()?))
}

/// jekyll-commonmark 1.4's settings: `options` (`SMART`, `FOOTNOTES`,
/// `UNSAFE`, `HARDBREAKS`) and `extensions` (`strikethrough`, `autolink`,
/// `table`, `tasklist`), each off unless named.
fn jekyll_commonmark(renderer: &mut RendererConfig, config: Option<Value>) {
    let names = |key: &str| -> Vec<String> {
        let list = config
            .as_ref()
            .and_then(|c| c.get(key))
            .and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_ascii_lowercase))
            .collect()
    };
    let (options, extensions) = (names("options"), names("extensions"));
    let option = |name: &str| options.iter().any(|o| o == name);
    let extension = |name: &str| extensions.iter().any(|e| e == name);
    renderer.commonmark = true;
    renderer.typography = Some(option("smart"));
    renderer.raw_html = Some(option("unsafe"));
    renderer.hard_wrap = Some(option("hardbreaks"));
    renderer.bare_urls = Some(extension("autolink"));
    renderer.extensions = vec![
        (Extension::Table, extension("table")),
        (Extension::Strikethrough, extension("strikethrough")),
        (Extension::TaskList, extension("tasklist")),
        (Extension::Footnote, option("footnotes")),
    ];
}

/// kramdown's `smart_quotes`: the four marks it writes for a left and
/// right single quote and a left and right double quote, as entity names
/// or code points, in a list or separated by commas (kramdown's
/// `simple_array_validator`). `apos,apos,quot,quot` keeps them straight.
fn smart_quotes(v: &Value) -> Option<[char; 4]> {
    let items: Vec<String> = match v {
        Value::String(s) => s.split(',').map(|s| s.trim().to_owned()).collect(),
        Value::Array(a) => a
            .iter()
            .map(|v| match v {
                Value::String(s) => s.trim().to_owned(),
                other => other.to_string(),
            })
            .collect(),
        _ => return None,
    };
    let mark = |name: &str| -> Option<char> {
        Some(match name {
            "apos" => '\'',
            "quot" => '"',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            "lsaquo" => '‹',
            "rsaquo" => '›',
            "sbquo" => '‚',
            "bdquo" => '„',
            n => char::from_u32(n.parse().ok()?)?,
        })
    };
    let marks: Vec<char> = items.iter().map(|i| mark(i)).collect::<Option<_>>()?;
    marks.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kramdown_s_smart_quotes_are_read_as_kramdown_reads_them() {
        assert_eq!(
            smart_quotes(&json!("apos,apos,quot,quot")),
            Some(['\'', '\'', '"', '"'])
        );
        assert_eq!(
            smart_quotes(&json!(["lsaquo", "rsaquo", "laquo", "raquo"])),
            Some(['‹', '›', '«', '»'])
        );
        assert_eq!(
            smart_quotes(&json!("sbquo, lsquo, bdquo, 8220")),
            Some(['‚', '‘', '„', '“'])
        );
        // Not four marks, or a name kramdown does not know: its defaults.
        assert_eq!(smart_quotes(&json!("apos,apos")), None);
        assert_eq!(smart_quotes(&json!("a,b,c,d")), None);
    }

    #[test]
    fn jekyll_s_markdown_and_kramdown_input_choose_the_rules() {
        let get: Get<'_> = &|v: &Value, k: &str| v.get(k).cloned();
        let cm = jekyll(
            &json!({"markdown": "CommonMark", "commonmark": {"options": ["SMART"], "extensions": ["table"]}}),
            get,
        );
        assert!(cm.commonmark && cm.typography == Some(true) && cm.raw_html == Some(false));
        assert!(cm.extensions.contains(&(Extension::Table, true)));
        assert!(cm.extensions.contains(&(Extension::Footnote, false)));
        let plain = jekyll(&json!({"kramdown": {"input": "Kramdown"}}), get);
        assert_eq!(plain.heading_ids, Some(HeadingIds::Kramdown));
        assert!(!plain.commonmark);
        let gfm = jekyll(&json!({"kramdown": {"input": "GFM"}}), get);
        assert_eq!(gfm.heading_ids, None);
        let at: At<'_> = &|path: &[&str]| {
            let config = json!({"markup": {"goldmark": {"parser": {"autoHeadingIDType": "blackfriday", "autoHeadingID": false}}}});
            path.iter().try_fold(config, |v, k| v.get(*k).cloned())
        };
        let hugo = hugo(at, get);
        assert_eq!(hugo.heading_ids, Some(HeadingIds::Blackfriday));
        assert_eq!(hugo.auto_ids, Some(false));
    }
}
