//! The body's web links (`http`, `https`), for the check that asks the web
//! about them (`postdesk check --online`, and the window when its setting
//! is on). Asking is the app's job — the core never touches the network —
//! so this reads the links and judges an answer, nothing more.

use super::RenderOptions;
use crate::blog::config::BodyRule;
use crate::blog::Blog;
use crate::issue::{Issue, Severity};

/// A web link of a post's body and where it is written (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
}

/// The web links of `text`'s body, as the preview reads them (markdown
/// and raw HTML `<a>`), in the order they are written. None when the
/// blog's `[checks] off` names `broken-link`.
pub fn web_links(blog: &Blog, text: &str, options: &RenderOptions) -> Vec<WebLink> {
    if !blog.config().checks(BodyRule::BrokenLink) {
        return Vec::new();
    }
    super::read(text, options)
        .links
        .into_iter()
        .filter(|l| {
            let lower = l.dest.trim().to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://")
        })
        .map(|l| {
            let (line, col) = crate::text::line_col(text, l.offset);
            WebLink {
                url: l.dest.trim().to_owned(),
                line,
                col,
            }
        })
        .collect()
}

/// What a web link's answer says: 404 (Not Found) and 410 (Gone) are a
/// `broken-link` error; every other answer is left alone (a 403 or a 429
/// is a site refusing robots, not a page that is gone).
pub fn web_link_issue(link: &WebLink, status: u16) -> Option<Issue> {
    let why = match status {
        404 => "Not Found",
        410 => "Gone",
        _ => return None,
    };
    Some(Issue::new(
        Severity::Error,
        "broken-link",
        None,
        (link.line, link.col),
        format!(
            "{} answers {status} ({why}): the page is gone; link to where it is now, or remove the link",
            link.url
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(config: &str) -> (tempfile::TempDir, Blog) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        if !config.is_empty() {
            std::fs::write(dir.path().join("postdesk.toml"), config).unwrap();
        }
        let blog = Blog::open(dir.path()).unwrap();
        (dir, blog)
    }

    #[test]
    fn web_links_are_read_where_they_are_written_markdown_and_html() {
        let (_dir, blog) = blog("");
        let text = "---\ntitle: T\n---\n\nSee [a](https://a.example/x) and \
                    [local](/posts/y).\n\n<a href=\"HTTP://b.example\">b</a>\n\n\
                    ```\n[not](https://code.example)\n```\n";
        let links = web_links(&blog, text, &RenderOptions::default());
        assert_eq!(
            links,
            [
                WebLink {
                    url: "https://a.example/x".into(),
                    line: 5,
                    col: 9
                },
                WebLink {
                    url: "HTTP://b.example".into(),
                    line: 7,
                    col: 10
                },
            ]
        );
    }

    #[test]
    fn only_gone_pages_are_broken_and_the_rule_can_be_off() {
        let link = WebLink {
            url: "https://a.example".into(),
            line: 3,
            col: 4,
        };
        let issue = web_link_issue(&link, 410).unwrap();
        assert_eq!(
            (issue.code.as_str(), issue.line, issue.col),
            ("broken-link", 3, 4)
        );
        assert!(issue.message.contains("410 (Gone)"), "{}", issue.message);
        assert!(web_link_issue(&link, 404).is_some());
        for fine in [200, 301, 403, 429, 500] {
            assert_eq!(web_link_issue(&link, fine), None, "{fine}");
        }
        let (_dir, off) = blog("[checks]\noff = [\"broken-link\"]\n");
        assert!(web_links(&off, "[a](https://a.example)\n", &RenderOptions::default()).is_empty());
    }
}
