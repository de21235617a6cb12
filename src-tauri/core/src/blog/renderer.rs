//! How the blog's generator renders markdown, as far as its own files
//! say: the renderer settings a Node blog's code names (read as text,
//! never run) and the Hugo shortcodes its templates define. The settings
//! in Hugo's and Jekyll's config files are read with the rest of the
//! config in `site.rs`.

use std::path::Path;

use serde_json::Value;

use super::site::MAX_CONFIG_BYTES;
use crate::kind::BlogKind;

/// The markdown settings a generator's config may change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RendererConfig {
    /// Curly quotes, dashes, ellipsis, guillemets (Hugo's
    /// `markup.goldmark.extensions.typographer`; kramdown's smart quotes,
    /// off when `kramdown.smart_quotes` is `apos,apos,quot,quot`).
    pub typography: Option<bool>,
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
