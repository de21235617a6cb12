//! A blog's languages, and where its generator keeps a post's translations.
//! Read from the generator's own config where it has one, each rule naming
//! the generator behaviour it follows:
//!
//! - **Hugo** (`languages`, `defaultContentLanguage`,
//!   `defaultContentLanguageInSubdir`; multilingual mode): a file's
//!   language is its name's suffix (`post.ja.md`, `index.ja.md`), else the
//!   language whose `contentDir` holds it, else the default; files with the
//!   same path (suffix taken out, under any language's content folder) are
//!   translations, or those sharing a `translationKey`; pages of languages
//!   other than the default are under `/LANG/`. Held to Hugo's own
//!   `.Lang`, `.Translations` and `.RelPermalink`
//!   (`tests/fixtures/hugo-languages/generator.json`).
//! - **Astro** (`i18n.locales`, `i18n.defaultLocale` in `astro.config.*`):
//!   a locale folder in the collection (`src/content/blog/ja/post.md`);
//!   the same path in another locale's folder is a translation.
//! - **Jekyll** with jekyll-polyglot (`languages`, `default_lang` in
//!   `_config.yml`): the post's `lang:`, or a language folder under
//!   `_posts/`; posts sharing a `permalink` are translations (polyglot's
//!   rule), else the same file name; other languages' pages under `/LANG/`.
//!   polyglot is not in Debian, so this follows its README.
//! - **blog-starter** forks, or any blog: `languages` in `postdesk.toml`,
//!   suffix siblings (`post.ja.md`) unless `translations` names another
//!   convention.
//!
//! `postdesk.toml` overrides any of it: `languages = ["en", "ja"]` (the
//! first is the default unless `default_language` says),
//! `translations = "suffix" | "folder" | "field"`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::kind::BlogKind;

/// How a blog names a post's translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Convention {
    /// `post.ja.md` beside `post.md`.
    Suffix,
    /// A folder per language (`blog/ja/post.md`, Hugo's `contentDir`).
    Folder,
    /// A `lang:` field in the front-matter.
    Field,
}

/// The blog's languages and its convention for translations.
#[derive(Debug, Clone, PartialEq)]
pub struct Languages {
    /// The default language first, then the others in the generator's order.
    pub codes: Vec<String>,
    /// Hugo's `contentDir` of each language that sets one (language, folder
    /// relative to the root).
    pub content_dirs: Vec<(String, String)>,
    /// Pages of the default language are under `/LANG/` too (Hugo's
    /// `defaultContentLanguageInSubdir`).
    pub default_in_subdir: bool,
    /// Pages of the other languages are under `/LANG/` (Hugo, polyglot);
    /// not for Astro's blog template, whose route holds the locale folder.
    pub prefix_urls: bool,
    /// The conventions that say a post's language, first wins.
    pub conventions: Vec<Convention>,
    kind: BlogKind,
}

/// Where a post stands among its translations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub lang: String,
    /// Shared by a post and its translations, and no other post.
    pub key: String,
    /// Its path under its content folder with the language taken out
    /// (`posts/hello.md` for `content/posts/hello.ja.md`).
    pub rest: String,
}

/// A language code Postdesk accepts: it names files and folders, so only
/// letters, digits, `-` and `_`, starting with a letter (`en`, `pt-BR`,
/// `zh_Hant`).
pub fn valid_code(code: &str) -> bool {
    (1..=20).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A folder the config names, kept only when it stays in the blog.
fn confined(dir: &str) -> Option<String> {
    let dir = dir.trim().trim_end_matches('/');
    let ok = !dir.is_empty()
        && !dir.starts_with('/')
        && !dir.contains('\\')
        && dir
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    ok.then(|| dir.to_owned())
}

impl Languages {
    /// The languages the blog's config declares (`site_config`: the
    /// generator's config as read; `astro_config`: the text of
    /// `astro.config.*`), overridden by `postdesk.toml`. `None` for a blog
    /// in one language.
    pub fn read(
        kind: BlogKind,
        site_config: &Value,
        astro_config: &str,
        config: &crate::blog::config::Config,
    ) -> Option<Languages> {
        let mut found = match kind {
            BlogKind::Hugo => hugo(site_config),
            BlogKind::Jekyll => polyglot(site_config),
            BlogKind::Astro => astro(astro_config),
            BlogKind::BlogStarter => None,
        }
        .unwrap_or_else(|| Languages {
            codes: Vec::new(),
            content_dirs: Vec::new(),
            default_in_subdir: false,
            prefix_urls: false,
            conventions: vec![match kind {
                BlogKind::Astro => Convention::Folder,
                BlogKind::Jekyll => Convention::Field,
                BlogKind::Hugo | BlogKind::BlogStarter => Convention::Suffix,
            }],
            kind,
        });
        found.kind = kind;
        if let Some(codes) = &config.languages {
            found.codes = codes.clone();
        }
        if let Some(default) = &config.default_language {
            found.codes.retain(|c| c != default);
            found.codes.insert(0, default.clone());
        }
        if let Some(convention) = config.translations {
            found.conventions = vec![convention];
        }
        found.codes.retain(|c| valid_code(c));
        let mut seen = std::collections::HashSet::new();
        found.codes.retain(|c| seen.insert(c.clone()));
        (found.codes.len() > 1).then_some(found)
    }

    pub fn default(&self) -> &str {
        &self.codes[0]
    }

    fn has(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }

    /// The post at `rel` (under one of `dirs`, the blog's content folders)
    /// with front-matter `fm`: its language and the key it shares with
    /// its translations.
    pub fn place(&self, dirs: &[String], rel: &str, fm: &Value) -> Placed {
        // Hugo: a language's own content folder first.
        let by_dir = self.content_dirs.iter().find_map(|(lang, dir)| {
            rel.strip_prefix(dir.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| (Some(lang.clone()), String::new(), r.to_owned()))
        });
        let (dir_lang, base, under) = by_dir.unwrap_or_else(|| {
            dirs.iter()
                .filter_map(|d| {
                    let d = d.trim_end_matches('/');
                    rel.strip_prefix(d)
                        .and_then(|r| r.strip_prefix('/'))
                        .map(|r| (None, d.to_owned(), r.to_owned()))
                })
                .max_by_key(|(_, d, _)| d.len())
                .unwrap_or((None, String::new(), rel.to_owned()))
        });
        // Hugo's content folders are one tree, whatever folder holds a file.
        let base = if self.kind == BlogKind::Hugo {
            String::new()
        } else {
            base
        };
        let mut lang: Option<String> = None;
        let mut rest = under;
        for convention in &self.conventions {
            match convention {
                Convention::Field => {
                    if lang.is_none() {
                        lang = fm
                            .get("lang")
                            .and_then(Value::as_str)
                            .filter(|l| self.has(l))
                            .map(str::to_owned);
                    }
                }
                Convention::Suffix => {
                    if let Some((without, code)) = self.suffix(&rest) {
                        lang.get_or_insert(code);
                        rest = without;
                    }
                }
                Convention::Folder => {
                    if let Some(l) = &dir_lang {
                        lang.get_or_insert(l.clone());
                    } else if self.kind != BlogKind::Hugo {
                        // The first folder named for a language (Astro's
                        // locale folder in its collection, `blog/ja/`).
                        let parts: Vec<&str> = rest.split('/').collect();
                        let at = parts[..parts.len() - 1].iter().position(|p| self.has(p));
                        if let Some(at) = at {
                            lang.get_or_insert(parts[at].to_owned());
                            let mut kept = parts.clone();
                            kept.remove(at);
                            rest = kept.join("/");
                        }
                    }
                }
            }
        }
        let lang = lang.unwrap_or_else(|| self.default().to_owned());
        let text = |key: &str| {
            fm.get(key)
                .and_then(|v| match v {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        let key = match self.kind {
            // Hugo's `translationKey` links pages whatever their paths.
            BlogKind::Hugo => text("translationKey").map(|k| format!("key:{k}")),
            // polyglot: the same permalink is the same page.
            BlogKind::Jekyll => text("permalink").map(|p| format!("permalink:{p}")),
            BlogKind::Astro | BlogKind::BlogStarter => None,
        }
        .unwrap_or_else(|| format!("path:{base}/{}", strip_ext(&rest)));
        Placed { lang, key, rest }
    }

    /// `stem.LANG.ext` → (`stem.ext`, LANG) when LANG is one of the blog's.
    fn suffix(&self, path: &str) -> Option<(String, String)> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n),
            None => (String::new(), path),
        };
        let (stem, ext) = name.rsplit_once('.')?;
        let (stem, code) = stem.rsplit_once('.')?;
        (self.has(code) && !stem.is_empty())
            .then(|| (format!("{dir}{stem}.{ext}"), code.to_owned()))
    }

    /// Where the translation of the post at `rel` (placed as `placed`)
    /// into `lang` goes: by a name suffix when the post's name has one or
    /// the blog names translations so (Hugo: unless the language has its
    /// own `contentDir`); else in the language's folder.
    pub fn translation_path(&self, rel: &str, placed: &Placed, lang: &str) -> String {
        let join = |dir: &str, rest: &str| {
            if dir.is_empty() {
                rest.to_owned()
            } else {
                format!("{dir}/{rest}")
            }
        };
        let parent = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        // The content folder above `rest` (with a language folder, if any).
        let rest_dir = parent(&placed.rest);
        let rel_dir = parent(rel);
        let base = if rest_dir.is_empty() {
            rel_dir.clone()
        } else {
            rel_dir
                .strip_suffix(&rest_dir)
                .map(|b| b.trim_end_matches('/').to_owned())
                .unwrap_or(rel_dir.clone())
        };
        let suffixed = || {
            let (stem, ext) = placed
                .rest
                .rsplit_once('.')
                .unwrap_or((placed.rest.as_str(), "md"));
            // Hugo gives a name without a suffix the default language.
            if self.kind == BlogKind::Hugo && lang == self.default() {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}.{lang}.{ext}")
            }
        };
        if self.kind == BlogKind::Hugo {
            if let Some((_, dir)) = self.content_dirs.iter().find(|(code, _)| code == lang) {
                return join(dir, &placed.rest);
            }
            // A file in a language's own folder: its suffixed translation
            // goes in the main content folder.
            let base = if self.content_dirs.iter().any(|(_, d)| *d == base) {
                "content".to_owned()
            } else {
                base
            };
            return join(&base, &suffixed());
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if self.suffix(name).is_some() || self.conventions.first() == Some(&Convention::Suffix) {
            return join(&base, &suffixed());
        }
        // A language folder: the post's own one renamed, else one added
        // under the content folder (Astro: under the collection's folder,
        // `src/content/blog/ja/`).
        let mut parts: Vec<&str> = rel.split('/').collect();
        let dirs = parts.len() - 1;
        if let Some(at) = (1..dirs).find(|&i| self.has(parts[i])) {
            parts[at] = lang;
            return parts.join("/");
        }
        let content = rel
            .strip_suffix(placed.rest.as_str())
            .map_or(0, |c| c.split('/').filter(|p| !p.is_empty()).count());
        let at = if self.kind == BlogKind::Astro && placed.rest.contains('/') {
            content + 1
        } else {
            content
        };
        parts.insert(at.min(dirs), lang);
        parts.join("/")
    }

    /// The URL prefix of a page in `lang` (`/ja`), or "".
    pub fn url_prefix(&self, lang: &str) -> String {
        if self.prefix_urls && (lang != self.default() || self.default_in_subdir) {
            format!("/{lang}")
        } else {
            String::new()
        }
    }
}

fn strip_ext(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') && !stem.is_empty() => stem,
        _ => path,
    }
}

/// Hugo's keys are case-insensitive.
fn get<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let map = v.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Hugo: `[languages.CODE]` tables (`weight`, `contentDir`), the default
/// language (`defaultContentLanguage`, "en" when unset) first, the others
/// by weight then code, as Hugo sorts them.
fn hugo(config: &Value) -> Option<Languages> {
    let table = get(config, "languages")?.as_object()?;
    let default = get(config, "defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_lowercase();
    let mut langs: Vec<(i64, String, Option<String>)> = table
        .iter()
        .map(|(code, v)| {
            let weight = get(v, "weight").and_then(Value::as_i64).unwrap_or(0);
            let dir = get(v, "contentDir")
                .and_then(Value::as_str)
                .and_then(confined);
            (weight, code.to_lowercase(), dir)
        })
        .collect();
    // Hugo sorts by weight, a weight of 0 last, then by code.
    langs.sort_by_key(|(w, code, _)| (*w == 0, *w, code.clone()));
    let mut codes: Vec<String> = langs.iter().map(|(_, c, _)| c.clone()).collect();
    codes.retain(|c| *c != default);
    codes.insert(0, default);
    let content_dirs: Vec<(String, String)> = langs
        .into_iter()
        .filter_map(|(_, code, dir)| dir.map(|d| (code, d)))
        .collect();
    let default_in_subdir = get(config, "defaultContentLanguageInSubdir")
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
    Some(Languages {
        codes,
        conventions: vec![Convention::Suffix, Convention::Folder],
        content_dirs,
        default_in_subdir,
        prefix_urls: true,
        kind: BlogKind::Hugo,
    })
}

/// jekyll-polyglot: `languages: [en, ja]`, `default_lang: en`.
fn polyglot(config: &Value) -> Option<Languages> {
    let codes: Vec<String> = config
        .get("languages")?
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let mut codes = codes;
    if let Some(default) = config.get("default_lang").and_then(Value::as_str) {
        codes.retain(|c| c != default);
        codes.insert(0, default.to_owned());
    }
    Some(Languages {
        codes,
        content_dirs: Vec::new(),
        default_in_subdir: false,
        prefix_urls: true,
        conventions: vec![Convention::Field, Convention::Folder],
        kind: BlogKind::Jekyll,
    })
}

/// Astro: `i18n: { defaultLocale: "en", locales: ["en", "ja"] }` in the
/// config's text (a locale may be `{ path: "spanish", codes: [...] }`:
/// its folder is its `path`).
fn astro(text: &str) -> Option<Languages> {
    let i18n = &text[text.find("i18n")?..];
    let quoted = |s: &str| -> Option<String> {
        let s = s.trim_start();
        let q = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let end = s[1..].find(q)?;
        Some(s[1..1 + end].to_owned())
    };
    let after = |key: &str| i18n.find(key).map(|at| &i18n[at + key.len()..]);
    let default = after("defaultLocale").and_then(|s| quoted(s.trim_start().strip_prefix(':')?));
    let list = after("locales")?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let list = list.strip_prefix('[')?;
    let mut codes = Vec::new();
    let mut depth = 0;
    let mut rest = list;
    while let Some(c) = rest.chars().next() {
        match c {
            ']' if depth == 0 => break,
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            '"' | '\'' | '`' if depth == 0 => {
                if let Some(code) = quoted(rest) {
                    rest = &rest[code.len() + 1..];
                    codes.push(code);
                }
            }
            'p' if depth == 1 && rest.starts_with("path") => {
                if let Some(path) = rest[4..].trim_start().strip_prefix(':').and_then(quoted) {
                    codes.push(path);
                }
            }
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    if let Some(default) = default {
        codes.retain(|c| *c != default);
        codes.insert(0, default);
    }
    Some(Languages {
        codes,
        content_dirs: Vec::new(),
        default_in_subdir: false,
        prefix_urls: false,
        conventions: vec![Convention::Folder],
        kind: BlogKind::Astro,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blog::config::Config;

    fn dirs(d: &[&str]) -> Vec<String> {
        d.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn astro_locales_are_read_from_its_config_text() {
        let text = r#"export default defineConfig({
  i18n: {
    defaultLocale: "en",
    locales: ["es", "en", { path: "portugues", codes: ["pt", "pt-BR"] }, 'ja'],
  },
});"#;
        let l = Languages::read(BlogKind::Astro, &Value::Null, text, &Config::default()).unwrap();
        assert_eq!(l.codes, ["en", "es", "portugues", "ja"]);
        let placed = l.place(
            &dirs(&["src/content/blog"]),
            "src/content/blog/ja/first.md",
            &Value::Null,
        );
        assert_eq!(
            (placed.lang.as_str(), placed.key.as_str()),
            ("ja", "path:src/content/blog/first")
        );
        let en = l.place(
            &dirs(&["src/content/blog"]),
            "src/content/blog/en/first.md",
            &Value::Null,
        );
        assert_eq!(en.key, placed.key);
        assert_eq!(
            l.translation_path("src/content/blog/en/first.md", &en, "es"),
            "src/content/blog/es/first.md"
        );
        // Under the content folder Astro's blog keeps (`src/content`): the
        // locale folder under the collection's.
        let d = dirs(&["src/content"]);
        let ja = l.place(&d, "src/content/blog/ja/first.md", &Value::Null);
        assert_eq!(
            (ja.lang.as_str(), ja.rest.as_str()),
            ("ja", "blog/first.md")
        );
        assert_eq!(
            l.translation_path("src/content/blog/ja/first.md", &ja, "es"),
            "src/content/blog/es/first.md"
        );
        let plain = l.place(&d, "src/content/blog/first.md", &Value::Null);
        assert_eq!(plain.lang, "en");
        assert_eq!(
            l.translation_path("src/content/blog/first.md", &plain, "ja"),
            "src/content/blog/ja/first.md"
        );
        // No i18n: one language.
        assert!(Languages::read(
            BlogKind::Astro,
            &Value::Null,
            "export default {}",
            &Config::default()
        )
        .is_none());
    }

    #[test]
    fn polyglot_posts_are_placed_by_their_lang_field_and_grouped_by_permalink() {
        let config = serde_json::json!({"languages": ["ja", "en"], "default_lang": "en"});
        let l = Languages::read(BlogKind::Jekyll, &config, "", &Config::default()).unwrap();
        assert_eq!(l.codes, ["en", "ja"]);
        let d = dirs(&["_posts"]);
        let en = l.place(
            &d,
            "_posts/2024-01-01-hello.md",
            &serde_json::json!({"permalink": "/hello/"}),
        );
        let ja = l.place(
            &d,
            "_posts/2024-01-01-konnichiwa.md",
            &serde_json::json!({"lang": "ja", "permalink": "/hello/"}),
        );
        assert_eq!((en.lang.as_str(), ja.lang.as_str()), ("en", "ja"));
        assert_eq!(en.key, ja.key);
        // Language folders, without a permalink: by file name.
        let folder = l.place(&d, "_posts/ja/2024-01-01-hello.md", &Value::Null);
        let plain = l.place(&d, "_posts/2024-01-01-hello.md", &Value::Null);
        assert_eq!(
            (folder.lang.as_str(), folder.key == plain.key),
            ("ja", true)
        );
        assert_eq!(l.url_prefix("ja"), "/ja");
        assert_eq!(l.url_prefix("en"), "");
        assert_eq!(
            l.translation_path("_posts/2024-01-01-hello.md", &plain, "ja"),
            "_posts/ja/2024-01-01-hello.md"
        );
    }

    #[test]
    fn a_blog_starter_fork_declares_its_languages_in_postdesk_toml() {
        let config: Config =
            toml::from_str("languages = [\"ja\", \"en\"]\ndefault_language = \"en\"\n").unwrap();
        let l = Languages::read(BlogKind::BlogStarter, &Value::Null, "", &config).unwrap();
        assert_eq!(l.codes, ["en", "ja"]);
        let d = dirs(&["_posts"]);
        let ja = l.place(&d, "_posts/hello.ja.md", &Value::Null);
        let en = l.place(&d, "_posts/hello.md", &Value::Null);
        assert_eq!((ja.lang.as_str(), en.lang.as_str()), ("ja", "en"));
        assert_eq!(ja.key, en.key);
        assert_eq!(
            l.translation_path("_posts/hello.md", &en, "ja"),
            "_posts/hello.ja.md"
        );
        // A bundle's index: its folder is the post.
        let b = l.place(&d, "_posts/trip/index.md", &Value::Null);
        assert_eq!(
            l.translation_path("_posts/trip/index.md", &b, "ja"),
            "_posts/trip/index.ja.md"
        );
        // The starter's URL holds the file name: no language prefix.
        assert_eq!(l.url_prefix("ja"), "");
        // A dot in a name that is not a language is part of the name.
        let v = l.place(&d, "_posts/v1.2.md", &Value::Null);
        assert_eq!((v.lang.as_str(), v.rest.as_str()), ("en", "v1.2.md"));
        // One language is not a multilingual blog; codes that could name
        // a path out of the folder are refused.
        let one: Config = toml::from_str("languages = [\"en\", \"../x\"]\n").unwrap();
        assert!(Languages::read(BlogKind::BlogStarter, &Value::Null, "", &one).is_none());
    }

    #[test]
    fn hugo_content_dirs_out_of_the_blog_are_ignored() {
        let config =
            serde_json::json!({"languages": {"en": {}, "fr": {"contentDir": "../../etc"}}});
        let l = Languages::read(BlogKind::Hugo, &config, "", &Config::default()).unwrap();
        assert!(l.content_dirs.is_empty());
        assert!(valid_code("pt-BR") && valid_code("zh_Hant"));
        assert!(!valid_code("") && !valid_code("1x") && !valid_code("a/b") && !valid_code(".."));
    }
}
