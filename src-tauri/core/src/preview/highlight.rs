//! Code-block highlighting with CSS classes (syntect, plus two-face's extra
//! syntaxes such as TypeScript and TOML), cached by block content so that
//! typing elsewhere in a post never highlights an unchanged block again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class names are prefixed so post HTML cannot collide with them.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Beyond this many cached blocks the cache starts over (a post has far fewer).
const MAX_CACHED: usize = 4096;

/// The languages whose patterns [`Highlighter::preload`] compiles, each
/// with a few lines that go through its usual contexts (strings, comments,
/// numbers, calls). A post in another language compiles its patterns on
/// its first render.
const WARM: &[(&str, &str)] = &[
    ("javascript", "import x from 'y';\nconst a = { b: \"c\", d: [1, 2.5] }; // e\nasync function f(g) { return `h${g}`; }\n/* i */ class J extends K {}\n"),
    ("typescript", "interface A { b: string; c?: number }\nexport const d = <T,>(e: T): T => e; // f\ntype G = 'h' | `i${string}`;\n"),
    ("json", "{\"a\": [1, 2.5, true, null], \"b\": {\"c\": \"d\"}}\n"),
    ("bash", "#!/bin/sh\nexport A=\"b $C\" # d\nif [ -f e ]; then echo 'f' | grep -v g > /dev/null; fi\nfor h in $(ls); do i=$((1 + 2)); done\n"),
    ("python", "import a\n@b\ndef c(d: int = 1) -> str:\n    \"\"\"e\"\"\"\n    return f\"{d} g\"  # h\nclass I(J): pass\n"),
    ("rust", "use a::b;\n#[derive(C)]\npub fn d<'e>(f: &'e str) -> Option<u8> { let g = \"h\"; 1.5f64; None } // i\nimpl J for K {}\n"),
    ("go", "package a\nimport \"b\"\nfunc c(d int) (string, error) { e := `f`; return \"g\", nil } // h\ntype I struct{ J int }\n"),
    ("yaml", "a: b\nc:\n  - \"d\"\n  - 1.5\ne: |\n  f\n# g\n"),
    ("html", "<!doctype html>\n<a href=\"b\" class='c'>d &amp; e</a><!-- f -->\n<script>var g = 1;</script><style>h { i: j; }</style>\n"),
    ("css", "@media (a: 1px) { .b > #c:hover::before { d: \"e\"; f: rgb(1, 2, 3) !important; } } /* g */\n"),
    ("sql", "SELECT a, COUNT(*) FROM b WHERE c = 'd' AND e > 1.5 GROUP BY a; -- f\n"),
    ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-c\n+d\n"),
];

/// Holds the syntax definitions (loaded on first use) and the block cache.
/// One per app (or per command-line run); shared across threads.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    cache: Mutex<HashMap<u64, String>>,
    misses: std::sync::atomic::AtomicUsize,
    /// Code is only escaped, never coloured (for reading a post's
    /// structure, where colours are not looked at).
    plain: bool,
}

impl Highlighter {
    /// One that leaves code uncoloured (and never loads the syntaxes).
    pub fn plain() -> Highlighter {
        Highlighter {
            plain: true,
            ..Highlighter::default()
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    /// Loads the syntax definitions now (the app does it on a thread of
    /// its own at start, so that the first post opened does not wait), and
    /// compiles the patterns of the languages blog posts show most
    /// ([`WARM`]): syntect compiles a pattern the first time a line is
    /// matched against it, most of a short post's first render otherwise.
    pub fn preload(&self) {
        if !self.plain {
            self.syntaxes();
            for (lang, code) in WARM {
                std::hint::black_box(self.highlight_uncached(lang, code));
            }
        }
    }

    /// How many blocks were highlighted (not served from the cache).
    pub fn misses(&self) -> usize {
        self.misses.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The inner HTML of `<code>` for a block: escaped, with class spans when
    /// the language is known.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let key = key(lang, code);
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return hit.clone();
        }
        self.misses
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let html = self.highlight_uncached(lang, code);
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(key, html.clone());
        html
    }

    /// Highlights the blocks not in the cache yet, on all cores, so that
    /// opening a post with many code blocks does not wait on them one by
    /// one; [`highlight`](Self::highlight) then finds each in the cache.
    pub fn warm(&self, blocks: &[(String, String)]) {
        use rayon::prelude::*;
        let missing: Vec<(u64, &(String, String))> = {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            let mut seen = std::collections::HashSet::new();
            blocks
                .iter()
                .map(|b| (key(&b.0, &b.1), b))
                .filter(|(k, _)| !cache.contains_key(k) && seen.insert(*k))
                .collect()
        };
        if missing.len() < 2 || self.plain {
            return;
        }
        self.syntaxes();
        let done: Vec<(u64, String)> = missing
            .par_iter()
            .map(|(k, (lang, code))| (*k, self.highlight_uncached(lang, code)))
            .collect();
        self.misses
            .fetch_add(done.len(), std::sync::atomic::Ordering::Relaxed);
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() + done.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.extend(done);
    }

    fn highlight_uncached(&self, lang: &str, code: &str) -> String {
        if lang.is_empty() || self.plain {
            return escape(code);
        }
        let ss = self.syntaxes();
        let Some(syntax) = ss.find_syntax_by_token(lang) else {
            return escape(code);
        };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape(code);
            }
        }
        gen.finalize()
    }
}

fn key(lang: &str, code: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (lang, code).hash(&mut h);
    h.finish()
}

fn escape(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
    out
}

/// The stylesheet for the highlight classes, light and dark.
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| syntect::html::css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    };
    format!(
        "{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css("InspiredGitHub"),
        css("base16-ocean.dark")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preload_warms_known_languages_without_filling_the_cache() {
        let h = Highlighter::default();
        h.preload();
        for (lang, code) in WARM {
            assert!(
                h.syntaxes().find_syntax_by_token(lang).is_some(),
                "{lang} is not a language the highlighter knows"
            );
            assert!(h.highlight_uncached(lang, code).contains("hl-"), "{lang}");
        }
        assert_eq!(h.misses(), 0);
        assert!(h.cache.lock().unwrap().is_empty());
    }

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        let h = Highlighter::default();
        let rust = h.highlight("rust", "fn main() {}\n");
        assert!(rust.contains("class=\"hl-"), "{rust}");
        let ts = h.highlight("typescript", "const a: number = 1;\n");
        assert!(ts.contains("class=\"hl-"), "two-face adds TypeScript: {ts}");
        assert_eq!(
            h.highlight("nosuchlang", "<b>&</b>"),
            "&lt;b&gt;&amp;&lt;/b&gt;"
        );
    }

    #[test]
    fn unchanged_blocks_come_from_the_cache() {
        let h = Highlighter::default();
        h.highlight("json", "{\"a\": 1}\n");
        h.highlight("json", "{\"a\": 1}\n");
        h.highlight("json", "{\"a\": 2}\n");
        assert_eq!(h.misses(), 2);
        let blocks = [
            ("rust", "fn a() {}\n"),
            ("json", "{\"a\": 1}\n"),
            ("toml", "a = 1\n"),
        ]
        .map(|(l, c)| (l.to_owned(), c.to_owned()));
        h.warm(&blocks);
        assert_eq!(h.misses(), 4, "only the two new blocks are highlighted");
        let warmed = h.highlight("rust", "fn a() {}\n");
        assert_eq!(h.misses(), 4);
        assert_eq!(
            warmed,
            Highlighter::default().highlight("rust", "fn a() {}\n")
        );
    }
}
