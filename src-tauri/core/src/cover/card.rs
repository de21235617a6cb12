//! The post as a shared link: what X, LinkedIn, Facebook, Slack and
//! Mastodon take from its page's meta tags (title, description, og image,
//! site name), and what would make their card look wrong.

use serde::Serialize;
use ts_rs::TS;

use super::{shown, CoverShown, OutputKind};
use crate::blog::Blog;
use crate::front_matter::edit;

/// The og image size the platforms ask for (Facebook's and LinkedIn's
/// guidance: 1200×630; smaller ones are shown small or blurred).
pub const MIN_WIDTH: u32 = 1200;
pub const MIN_HEIGHT: u32 = 630;
/// X refuses card images over 5 MB (and Facebook's limit is 8 MB).
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// Where titles and descriptions get cut in the cards (X and LinkedIn
/// cut titles near 70 characters; descriptions beyond ~160 are cut by
/// Facebook and Slack, and by search results).
pub const TITLE_CUT: usize = 70;
pub const DESCRIPTION_CUT: usize = 160;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    pub title: String,
    /// `description`, else `excerpt`, else `summary` (what the kinds'
    /// usual layouts put in `og:description`).
    pub description: Option<String>,
    /// The site's name: the generator's `title` (Hugo, Jekyll), else the
    /// blog folder's name.
    pub site: String,
    /// The site's host, when its config names it (Jekyll `url`, Hugo
    /// `baseURL`).
    pub domain: Option<String>,
    /// The og image (its file, size and bytes), if the post names one.
    pub og: Option<CoverShown>,
    /// What will look wrong on the cards, each saying how to fix it.
    pub warnings: Vec<String>,
}

fn field(text: &str, key: &str) -> Option<String> {
    edit::get(text, &[key])
        .ok()
        .flatten()
        .and_then(|v| v.as_str().map(str::to_owned))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The card of `post` (its `text` as in the editor).
pub fn card(blog: &Blog, post: &str, text: &str) -> Card {
    let title = field(text, "title").unwrap_or_default();
    let description = ["description", "excerpt", "summary"]
        .iter()
        .find_map(|k| field(text, k));
    let config = &blog.site().config;
    let site = ["title", "name"]
        .iter()
        .find_map(|k| config.get(k).and_then(|v| v.as_str()))
        .map(str::to_owned)
        .or_else(|| {
            blog.root()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let domain = ["url", "baseURL", "baseurl"]
        .iter()
        .find_map(|k| config.get(k).and_then(|v| v.as_str()))
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned));
    let og = shown(blog, post, text)
        .into_iter()
        .find(|s| s.kind == OutputKind::Og && s.value.is_some());
    let mut warnings = Vec::new();
    match &og {
        None => warnings.push(
            "no og image: the cards show no picture; set one (drop an image on the cover strip makes one)".to_owned(),
        ),
        Some(CoverShown {
            problem: Some(problem),
            ..
        }) => warnings.push(format!("the og image cannot be shown: {problem}")),
        Some(og) => {
            if let (Some(w), Some(h)) = (og.width, og.height) {
                if w < MIN_WIDTH || h < MIN_HEIGHT {
                    warnings.push(format!(
                        "the og image is {w}×{h}: smaller than {MIN_WIDTH}×{MIN_HEIGHT}, so the cards show it small or blurred; use a larger image"
                    ));
                }
            }
            if let Some(bytes) = og.bytes.filter(|b| *b > MAX_BYTES) {
                warnings.push(format!(
                    "the og image is {:.1} MB: X shows no image over 5 MB; save it smaller (the cover strip makes a 1200×630 JPEG)",
                    bytes as f64 / 1e6
                ));
            }
        }
    }
    let chars = title.chars().count();
    if title.is_empty() {
        warnings.push("no title: the cards show the address instead".to_owned());
    } else if chars > TITLE_CUT {
        warnings.push(format!(
            "the title is {chars} characters: X and LinkedIn cut it near {TITLE_CUT}"
        ));
    }
    match &description {
        None => warnings.push(
            "no description (`description` or `excerpt`): Facebook, Slack and Mastodon show none"
                .to_owned(),
        ),
        Some(d) if d.chars().count() > DESCRIPTION_CUT => warnings.push(format!(
            "the description is {} characters: the cards cut it near {DESCRIPTION_CUT}",
            d.chars().count()
        )),
        Some(_) => {}
    }
    Card {
        title,
        description,
        site,
        domain,
        og,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_post_makes_a_clean_card_and_a_bare_one_says_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("my-blog");
        crate::app::sample::write(&root, 0).unwrap();
        let blog = Blog::open(&root).unwrap();
        let post = "_posts/building-scalable-apis.md";
        let text = std::fs::read_to_string(root.join(post)).unwrap();
        let c = card(&blog, post, &text);
        assert_eq!(c.title, "Building Scalable APIs: Lessons from Production");
        assert!(c
            .description
            .as_deref()
            .unwrap()
            .starts_with("Key insights"));
        assert_eq!(c.site, "my-blog");
        assert_eq!(c.og.as_ref().unwrap().width, Some(1200));
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);

        let long = "x".repeat(80);
        let bare = format!("---\ntitle: \"{long}\"\n---\nText\n");
        let c = card(&blog, post, &bare);
        assert!(c.og.is_none());
        let said = c.warnings.join("\n");
        assert!(said.contains("no og image"), "{said}");
        assert!(said.contains("80 characters"), "{said}");
        assert!(said.contains("no description"), "{said}");

        let small = text.replace(
            "url: \"/assets/blog/apis/cover.jpg\"",
            "url: \"/assets/blog/authors/cain.jpeg\"",
        );
        let c = card(&blog, post, &small);
        assert!(
            c.warnings
                .iter()
                .any(|w| w.contains("smaller than 1200×630")),
            "{:?}",
            c.warnings
        );
    }
}
