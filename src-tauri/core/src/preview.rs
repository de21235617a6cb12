//! Turns a post's markdown into the sanitized HTML the preview shows.
//!
//! One place builds the parser options ([`parser_options`]) and one function
//! renders ([`render`]): the app, the command line and the tests all go
//! through it. Nothing a post contains may run: the HTML is cleaned with an
//! allow-list before it leaves this module.

use pulldown_cmark::{html, Options, Parser};
use serde::Serialize;
use ts_rs::TS;

use crate::front_matter;

/// Sanitized HTML of a post's body.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub html: String,
}

/// The markdown extensions of the blog's own renderer (remark + remark-gfm
/// for blog-starter). Smart punctuation stays off: remark does not do it.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// Renders the body of `text` (the front-matter is never rendered). A post
/// whose front-matter is not closed renders as if it had none, so the writer
/// still sees their words while fixing it.
pub fn render(text: &str) -> Preview {
    let body = match front_matter::split(text) {
        Ok(split) => &text[split.body],
        Err(_) => text,
    };
    let mut raw = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(body, parser_options()));
    Preview {
        html: sanitize(&raw),
    }
}

fn sanitize(raw: &str) -> String {
    let mut cleaner = ammonia::Builder::default();
    cleaner
        .add_tags(["details", "summary", "input", "kbd", "sup", "sub"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("td", ["align"])
        .add_generic_attributes(["id"])
        .link_rel(Some("noopener noreferrer"));
    cleaner.clean(raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_not_rendered() {
        let html = render("---\ntitle: Secret\n---\n# Hello\n").html;
        assert_eq!(html, "<h1>Hello</h1>\n");
    }

    #[test]
    fn gfm_tables_and_tasks() {
        insta::assert_snapshot!(
            render("| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~\n").html
        );
    }

    #[test]
    fn scripts_and_handlers_never_survive() {
        let html = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n").html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn links_get_noopener() {
        let html = render("[site](https://example.com)").html;
        assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
    }
}
