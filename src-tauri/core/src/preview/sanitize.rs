//! The allow-list every preview passes through: no scripts, no event
//! handlers, no `style`, no frames, objects, forms, meta or base; only safe
//! URL schemes (`data:` only for images); links get `rel="noopener
//! noreferrer"`. Safe raw HTML still renders (details/summary, sup/sub, kbd,
//! img with alt).

use std::collections::HashSet;

use pulldown_cmark::{Event, LinkType, Tag};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use super::events::asset_url;
use super::RenderOptions;
use crate::url::ASSET_SCHEME;

/// The allow-list, built once per render and used for each block.
pub(super) struct Sanitizer {
    builder: ammonia::Builder<'static>,
    blocked: Arc<AtomicU32>,
}

impl Sanitizer {
    /// Cleans `raw`; returns the HTML and how many raw `<img>` with a remote
    /// source lost it because remote images are not allowed.
    pub(super) fn clean(&self, raw: &str) -> (String, u32) {
        let raw = align_classes(raw.to_owned());
        let before = self.blocked.load(Ordering::Relaxed);
        let html = self.builder.clean(&raw).to_string();
        (html, self.blocked.load(Ordering::Relaxed) - before)
    }
}

/// Table alignment arrives as a `style`, which is not allowed: kept as a
/// class instead.
fn align_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// A block that holds none of the post's own HTML, written without the
/// sanitizer: its text is escaped by the writer and its tags are the
/// preview's own, so only its URLs need the allow-list — applied here as
/// [`sanitizer`]'s filter applies it (links get `rel`, web links the
/// app's path). `None` when a URL needs the sanitizer's judgement (another
/// scheme, a script hidden in it): the caller cleans the block instead.
/// Parsing every block again with an HTML5 parser was most of a first
/// render's time.
pub(super) fn written(group: &[Event<'_>], options: &RenderOptions) -> Option<String> {
    let mut events = Vec::with_capacity(group.len());
    // Inside an image only the text counts (its alt): links stay events.
    let mut in_image = 0usize;
    for event in group {
        match event {
            Event::End(pulldown_cmark::TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                events.push(event.clone());
            }
            Event::Start(Tag::Link { .. }) if in_image > 0 => events.push(event.clone()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let dest = if *link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let href = match scheme(&dest)?.as_deref() {
                    None => dest,
                    Some("http" | "https" | "mailto") if options.asset_urls => {
                        crate::url::web_link_url(&dest).unwrap_or(dest)
                    }
                    Some("http" | "https" | "mailto") => dest,
                    Some(_) => return None,
                };
                let mut tag = String::from("<a href=\"");
                escape_href(&mut tag, &href).ok()?;
                if !title.is_empty() {
                    tag.push_str("\" title=\"");
                    escape_html(&mut tag, title).ok()?;
                }
                tag.push_str("\" rel=\"noopener noreferrer\">");
                events.push(Event::Html(tag.into()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                match scheme(dest_url)?.as_deref() {
                    None | Some("http" | "https") => {}
                    Some(s) if s == ASSET_SCHEME => {}
                    Some("data") if is_data_image(dest_url) => {}
                    Some(_) => return None,
                }
                in_image += 1;
                events.push(event.clone());
            }
            other => events.push(other.clone()),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Some(align_classes(html))
}

/// A URL's scheme as the browser reads it (`Some(None)` for a relative
/// one); `None` when it mentions a script scheme anywhere.
fn scheme(url: &str) -> Option<Option<String>> {
    let read = crate::url::as_browsers_read(url).to_ascii_lowercase();
    let squashed: String = read
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if squashed.contains("script:") {
        return None;
    }
    let end = read.find([':', '/', '?', '#']);
    Some(match end {
        Some(i) if read[i..].starts_with(':') && i > 0 => Some(read[..i].to_owned()),
        _ => None,
    })
}

pub(super) fn sanitizer(options: &RenderOptions) -> Sanitizer {
    let blocked = Arc::new(AtomicU32::new(0));
    let mut b = ammonia::Builder::default();
    let schemes: HashSet<&str> = ["http", "https", "mailto", "data", ASSET_SCHEME]
        .into_iter()
        .collect();
    b.url_schemes(schemes)
        .add_tags([
            "details",
            "summary",
            "input",
            "kbd",
            "sup",
            "sub",
            "section",
            "figure",
            "figcaption",
            // Harmless where browsers show them: a post's own video (its
            // local files only), a picture with sources.
            "video",
            "source",
            "picture",
            "tfoot",
        ])
        .add_tag_attributes(
            "video",
            [
                "src",
                "poster",
                "controls",
                "width",
                "height",
                "loop",
                "muted",
                "playsinline",
            ],
        )
        .add_tag_attributes("source", ["src", "srcset", "type", "media", "sizes"])
        .add_tag_attributes("img", ["srcset", "sizes", "align"])
        .add_tag_attributes("a", ["name"])
        .add_tag_attributes("p", ["align"])
        .add_tag_attributes("table", ["align"])
        .add_tag_attributes("h1", ["align"])
        .add_tag_attributes("h2", ["align"])
        .add_tag_attributes("h3", ["align"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("span", ["class", "title"])
        .add_tag_attributes("div", ["class", "align"])
        .add_tag_attributes("th", ["class", "align"])
        .add_tag_attributes("td", ["class", "align"])
        .add_tag_attributes("section", ["class"])
        .add_tag_attributes("figure", ["class"])
        .add_tag_attributes("a", ["id", "class"])
        .add_tag_attributes("li", ["id"])
        // kramdown's attribute lists (a table of contents' classes).
        .add_tag_attributes("ul", ["class"])
        .add_tag_attributes("ol", ["class"])
        .add_tag_attributes("sup", ["class", "id"])
        .add_generic_attributes(["id", "data-line", "dir"])
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter({
            let options = options.clone();
            let blocked = blocked.clone();
            move |element, attribute, value| {
                // `data:` is for pictures only, never for links or anything else.
                let is_data = value
                    .trim_start()
                    .get(..5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
                if is_data && !(element == "img" && attribute == "src" && is_data_image(value)) {
                    return None;
                }
                // Belt and braces: even a relative URL that merely mentions a
                // script scheme (`\`javascript:…`) is dropped.
                if matches!(attribute, "src" | "href" | "srcset" | "cite") {
                    let squashed: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if squashed.contains("script:") {
                        return None;
                    }
                }
                // In the window, web and mail links go through the app's own
                // origin (`url::LINK_PATH`): the frame may navigate nowhere else.
                if element == "a" && attribute == "href" && options.asset_urls {
                    if let Some(url) = crate::url::web_link_url(value) {
                        return Some(url.into());
                    }
                }
                // A video plays the blog's own files only (the app fetches
                // remote images, never remote media).
                let media = matches!(
                    (element, attribute),
                    ("video", "src" | "poster") | ("source", "src" | "srcset")
                );
                if media {
                    if candidates(value).any(|url| url.contains(':')) {
                        return None;
                    }
                    return Some(each_candidate(value, |url| asset_url(&options, url)).into());
                }
                if element == "img" && (attribute == "src" || attribute == "srcset") {
                    // As the browser will read it: tabs and newlines inside,
                    // controls around (`ht&#9;tps:`) do not hide a remote
                    // image, nor does a second candidate of a `srcset`.
                    let is_remote = |url: &str| {
                        let lower = crate::url::as_browsers_read(url).to_ascii_lowercase();
                        lower.starts_with("http:")
                            || lower.starts_with("https:")
                            || lower.starts_with("//")
                    };
                    let remote = if attribute == "srcset" {
                        candidates(value).any(is_remote)
                    } else {
                        is_remote(value)
                    };
                    if remote && !options.allow_remote_images {
                        blocked.fetch_add(1, Ordering::Relaxed);
                        return None;
                    }
                    // A remote `srcset` lists several URLs; the window loads
                    // remote images only one by one through the app, so the
                    // `src` beside it is what shows.
                    if remote && attribute == "srcset" && options.asset_urls {
                        return None;
                    }
                    if attribute == "srcset" {
                        return Some(each_candidate(value, |url| asset_url(&options, url)).into());
                    }
                    if let Some(url) = asset_url(&options, value) {
                        return Some(url.into());
                    }
                }
                Some(value.into())
            }
        });
    Sanitizer {
        builder: b,
        blocked,
    }
}

/// The URLs of a `srcset`'s candidates.
fn candidates(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
}

/// A `srcset` (`a.png 1x, b.png 2x`) with each candidate's URL passed
/// through `f` (kept as written where it gives none).
fn each_candidate(srcset: &str, f: impl Fn(&str) -> Option<String>) -> String {
    srcset
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (url, size) = candidate
                .split_once(char::is_whitespace)
                .unwrap_or((candidate, ""));
            let url = f(url).unwrap_or_else(|| url.to_owned());
            if size.is_empty() {
                url
            } else {
                format!("{url} {}", size.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_data_image(value: &str) -> bool {
    let v = value.trim_start().to_ascii_lowercase();
    // SVG can carry scripts; raster images cannot.
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
        "data:image/avif",
    ]
    .iter()
    .any(|p| v.starts_with(p))
}
