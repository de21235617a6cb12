//! What in a post's body would be broken on the site: a link to a post or
//! a heading that is not there (`broken-link`), an image that is not in
//! the blog (`missing-image`) or that git would not publish
//! (`untracked-image`), an image without alt text (`missing-alt`), a
//! heading that skips a level (`heading-order`). The body is read with the
//! markdown options the preview renders it with (`super::markdown_options`),
//! so the links and images checked are those the preview shows; heading ids
//! are the preview's own, made by each generator's rules.

use std::collections::HashSet;

mod body;
mod web;

pub use body::{read, Body, Reference};
pub use web::{web_link_issue, web_links, WebLink};

use super::RenderOptions;
use crate::blog::assets::AssetError;
use crate::blog::config::BodyRule;
use crate::blog::Blog;
use crate::issue::{Fix, Issue, Severity};
use crate::kind::BlogKind;

/// How git holds a file, for `untracked-image`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracked {
    Yes,
    /// Not committed: Publish adds it with the post.
    Untracked,
    /// Ignored by a `.gitignore`: never committed, so never on the site.
    Ignored,
}

/// Where the blog's posts are on the site, looked up by a link's path.
/// It owns what it holds, so that the window keeps one while the index
/// and git's renames stay the same (10,000 posts' routes are not built
/// again for each check).
#[derive(Debug, Default)]
pub struct Routes {
    /// Every post's path (blog-relative) and the URL its generator gives
    /// it, in the index's order.
    posts: Vec<(String, String)>,
    /// A post's path → where it is in `posts`.
    urls: std::collections::HashMap<String, usize>,
    /// A URL as [`route_key`] writes it → the post at it.
    by_route: std::collections::HashMap<String, String>,
    /// The folders of the site that hold posts (`/posts/`).
    folders: HashSet<String>,
    /// A route a post had before git renamed it ([`route_key`]) → its URL now.
    moved: std::collections::HashMap<String, String>,
}

impl Routes {
    /// From each post's path and URL (`Index::routes`).
    pub fn new<'p>(posts: impl IntoIterator<Item = (&'p str, &'p str)>) -> Routes {
        let mut routes = Routes::default();
        for (path, url) in posts {
            routes.by_route.insert(route_key(url), path.to_owned());
            routes.folders.insert(folder(url));
            routes.urls.insert(path.to_owned(), routes.posts.len());
            routes.posts.push((path.to_owned(), url.to_owned()));
        }
        routes
    }

    /// Learns the routes posts had under their old names (`renames`: old
    /// path → path now, from git's history), each made by the generator's
    /// routing rules from the old path and the post's front-matter now.
    pub fn with_renames(mut self, blog: &Blog, renames: &[(String, String)]) -> Routes {
        for (old, now) in renames {
            let Some(url_now) = self.url_of(now).map(str::to_owned) else {
                continue;
            };
            let Ok(text) = crate::post::read_text(&blog.root().join(now), now) else {
                continue;
            };
            let fm = crate::front_matter::locate(&text)
                .map(|l| l.value)
                .unwrap_or_default();
            // Dated as the generator dates it under the old name (a
            // Jekyll file name holds the date).
            let at = blog.site().date_of(&fm, old).map(|d| d.at);
            if let Some(url_then) = crate::blog::route::url_of(blog, old, &fm, at) {
                if url_then != url_now && !self.by_route.contains_key(&route_key(&url_then)) {
                    self.moved.insert(route_key(&url_then), url_now);
                }
            }
        }
        self
    }

    fn url_of(&self, post: &str) -> Option<&str> {
        self.urls.get(post).map(|&i| self.posts[i].1.as_str())
    }
}

/// The blog around the post: what its links and images are checked against.
pub struct Around<'a> {
    pub blog: &'a Blog,
    pub routes: &'a Routes,
    /// How git holds a blog-relative file; `None` when the blog is not a
    /// repository (nothing is said about git then).
    pub tracked: Option<&'a dyn Fn(&str) -> Tracked>,
}

/// Whether the layout of the kind's post page already shows the title as
/// the page's `h1`, so a `#` heading in the body is a second one. Each
/// generator's usual post layout does: blog-starter's `PostTitle` (an
/// `h1`), Jekyll's minima `post.html` (`h1.post-title`), Astro's blog
/// template `BlogPost.astro` (`<h1>{title}</h1>`), Hugo's themes' and its
/// default `single.html` (`<h1>{{ .Title }}</h1>`).
fn title_is_h1(kind: BlogKind) -> bool {
    matches!(
        kind,
        BlogKind::BlogStarter | BlogKind::Jekyll | BlogKind::Astro | BlogKind::Hugo
    )
}

/// The checks of `text`'s body against the blog around it, each rule
/// unless the blog's `[checks] off` names it.
pub fn check(text: &str, options: &RenderOptions, around: &Around) -> Vec<Issue> {
    let config = around.blog.config();
    let body = read(text, options);
    let at = |offset: usize| crate::text::line_col(text, offset);
    let mut out = Vec::new();
    if config.checks(BodyRule::HeadingOrder) {
        let mut previous = if title_is_h1(around.blog.kind()) {
            1
        } else {
            0
        };
        for &(level, offset) in &body.headings {
            let hashes = "#".repeat(level as usize);
            // An ATX heading's `#`s, replaced by as many as it should have.
            let hashes_at = text[offset..]
                .find('#')
                .filter(|&i| text[offset..offset + i].trim().is_empty())
                .map(|i| offset + i);
            let fix = |to: u8| {
                hashes_at.map(|h| {
                    let (line, col) = at(h);
                    Fix {
                        label: format!("Make it {}", "#".repeat(to as usize)),
                        line,
                        col,
                        len: level as usize,
                        insert: "#".repeat(to as usize),
                        ask: None,
                    }
                })
            };
            if level == 1 && previous >= 1 && title_is_h1(around.blog.kind()) {
                out.push(Issue::new(
                    Severity::Warning,
                    "heading-order",
                    None,
                    at(offset),
                    "a `#` heading is a second h1: the site's layout already shows the title as the page's h1; make it `##`".into(),
                ).with_fix(fix(2)));
            } else if previous > 0 && level > previous + 1 {
                out.push(Issue::new(
                    Severity::Warning,
                    "heading-order",
                    None,
                    at(offset),
                    format!(
                        "`{hashes}` after `{}` skips a level (screen readers and outlines lose their place); make it `{}`",
                        "#".repeat(previous as usize),
                        "#".repeat(previous as usize + 1)
                    ),
                ).with_fix(fix(previous + 1)));
            }
            previous = level;
        }
    }
    for image in &body.images {
        if image.dest.contains("{{") || image.dest.contains("{%") {
            continue; // a shortcode or Liquid: checked with them
        }
        // `alt=""` in HTML says the image is decoration; `![](…)` says nothing.
        let no_alt = match &image.alt {
            None => true,
            Some(alt) => !image.html && alt.trim().is_empty(),
        };
        if config.checks(BodyRule::MissingAlt) && no_alt {
            // `![` … `]`: the alt text goes between, asked of the writer.
            let fix = (!image.html && text[image.start..].starts_with("![")).then(|| {
                let (line, col) = at(image.start + 2);
                Fix {
                    label: "Add alt text".into(),
                    line,
                    col,
                    len: image.alt.as_deref().map_or(0, |a| a.chars().count()),
                    insert: String::new(),
                    ask: Some(format!("What does the image {} show?", image.dest)),
                }
            });
            out.push(Issue::new(
                Severity::Warning,
                "missing-alt",
                None,
                at(image.offset),
                format!(
                    "the image {} has no alt text; say what it shows (`![what it shows]({})`) for readers who cannot see it",
                    image.dest, image.dest
                ),
            ).with_fix(fix));
        }
        out.extend(
            image_file(image, options, around).map(|(code, severity, message)| {
                let fix = (code == "missing-image")
                    .then(|| site_path_of(image, options, around))
                    .flatten()
                    .map(|path| {
                        let (line, col) = at(image.offset);
                        Fix {
                            label: format!("Use {path}"),
                            line,
                            col,
                            len: image.dest.chars().count(),
                            insert: path,
                            ask: None,
                        }
                    });
                Issue::new(severity, code, None, at(image.offset), message).with_fix(fix)
            }),
        );
    }
    if config.checks(BodyRule::BrokenLink) {
        let mut ids = Ids::new(text, options, around);
        for link in &body.links {
            if let Some((message, suggestion)) = broken(&link.dest, options, around, &mut ids) {
                // The part of the destination as written that the fix
                // replaces: the path (before `#` or `?`), or the anchor.
                let written = &link.dest;
                let path_end = written.find(['#', '?']).unwrap_or(written.len());
                let fix = suggestion.map(|s| {
                    let (from, to, insert, label) = match s {
                        Suggestion::Path(url) => {
                            (0, path_end, url.clone(), format!("Link to {url}"))
                        }
                        Suggestion::Anchor(id) => {
                            let from = written.find('#').map_or(written.len(), |i| i + 1);
                            (from, written.len(), id.clone(), format!("Link to #{id}"))
                        }
                    };
                    let (line, col) = at(link.offset + from);
                    Fix {
                        label,
                        line,
                        col,
                        len: written[from..to].chars().count(),
                        insert,
                        ask: None,
                    }
                });
                out.push(
                    Issue::new(
                        Severity::Error,
                        "broken-link",
                        None,
                        at(link.offset),
                        message,
                    )
                    .with_fix(fix),
                );
            }
        }
    }
    out.sort_by_key(|i| (i.line, i.col));
    out
}

/// What is wrong with the file an image names, if anything.
fn image_file(
    image: &Reference,
    options: &RenderOptions,
    around: &Around,
) -> Option<(&'static str, Severity, String)> {
    let blog = around.blog;
    let config = blog.config();
    let found = crate::blog::assets::file_named(blog, &options.post_path, &image.dest)?;
    let dest = &image.dest;
    match found {
        Err(AssetError::Missing(_)) => config.checks(BodyRule::MissingImage).then(|| {
            let looked = if dest.starts_with('/') {
                format!(
                    "{}/{}",
                    blog.public_dir().display(),
                    dest.trim_start_matches('/')
                )
            } else {
                let dir = options.post_path.rsplit_once('/').map_or("", |(d, _)| d);
                format!("{dir}/{dest}")
            };
            (
                "missing-image",
                Severity::Error,
                format!(
                    "the image {dest} is not in the blog (looked for {looked}); add the file there or correct the path — a site path starts at the public folder ({}/)",
                    blog.public_dir().display()
                ),
            )
        }),
        Err(_) => config.checks(BodyRule::MissingImage).then(|| {
            (
                "missing-image",
                Severity::Error,
                format!("the image {dest} is outside the blog (or reached through a link leading out); the site cannot serve it: copy it into the blog"),
            )
        }),
        Ok(file) => {
            let tracked = around.tracked?;
            if !config.checks(BodyRule::UntrackedImage) {
                return None;
            }
            let rel = blog.relative(&file)?;
            match tracked(&rel) {
                Tracked::Yes => None,
                Tracked::Untracked => Some((
                    "untracked-image",
                    Severity::Info,
                    format!("{rel} is not committed yet: Publish commits it with the post"),
                )),
                Tracked::Ignored => Some((
                    "untracked-image",
                    Severity::Warning,
                    format!("{rel} is ignored by git (.gitignore), so Publish cannot commit it and the site will not have it; move it out of the ignored folder or change .gitignore"),
                )),
            }
        }
    }
}

/// The site path of a missing image that is in the public folder after
/// all: written with the public folder in it (`public/assets/x.png`,
/// `../public/assets/x.png`) or without the leading `/` (`assets/x.png`).
fn site_path_of(image: &Reference, options: &RenderOptions, around: &Around) -> Option<String> {
    let dest = image.dest.as_str();
    let public = format!("{}/", around.blog.public_dir().to_string_lossy());
    let mut candidates = Vec::new();
    if let Some(i) = dest.rfind(&public) {
        candidates.push(format!("/{}", &dest[i + public.len()..]));
    }
    if !dest.starts_with('/') {
        candidates.push(format!("/{}", dest.trim_start_matches("./")));
    }
    candidates.into_iter().find(|c| {
        matches!(
            crate::blog::assets::file_named(around.blog, &options.post_path, c),
            Some(Ok(_))
        )
    })
}

/// The heading ids of posts, as the preview makes them (the generator's
/// rules), read once each.
struct Ids<'a> {
    own: String,
    options: &'a RenderOptions,
    around: &'a Around<'a>,
    read: std::collections::HashMap<String, Option<Vec<String>>>,
}

impl<'a> Ids<'a> {
    fn new(text: &str, options: &'a RenderOptions, around: &'a Around<'a>) -> Ids<'a> {
        Ids {
            own: text.to_owned(),
            options,
            around,
            read: Default::default(),
        }
    }

    /// The ids of the post at `path` (`None`: it could not be read).
    fn of(&mut self, path: &str) -> Option<&[String]> {
        if !self.read.contains_key(path) {
            let ids = if path == self.options.post_path {
                Some(heading_ids(&self.own, self.options))
            } else {
                let file = self.around.blog.root().join(path);
                crate::post::read_text(&file, path).ok().map(|text| {
                    let options =
                        RenderOptions::for_blog(self.around.blog, path.to_owned(), &text, Vec::new);
                    heading_ids(&text, &options)
                })
            };
            self.read.insert(path.to_owned(), ids);
        }
        self.read.get(path).and_then(|i| i.as_deref())
    }
}

/// The ids the preview gives the headings of `text`.
fn heading_ids(text: &str, options: &RenderOptions) -> Vec<String> {
    let html = super::Renderer::plain().render(text, options).html();
    let mut ids = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let is_heading = rest
            .as_bytes()
            .first()
            .is_some_and(|b| (b'1'..=b'6').contains(b));
        if let (true, Some(tag)) = (is_heading, rest.split('>').next()) {
            if let Some(id) = tag.split("id=\"").nth(1).and_then(|v| v.split('"').next()) {
                ids.push(unescape(id));
            }
        }
    }
    ids
}

fn unescape(attr: &str) -> String {
    attr.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Why a link leads nowhere on the site, if it does.
/// What a broken link's fix puts in its destination: the route or the
/// heading id the link most likely meant.
enum Suggestion {
    Path(String),
    Anchor(String),
}

fn broken(
    dest: &str,
    options: &RenderOptions,
    around: &Around,
    ids: &mut Ids,
) -> Option<(String, Option<Suggestion>)> {
    let dest = crate::url::as_browsers_read(dest);
    if dest.is_empty() || dest.contains("{{") || dest.contains("{%") {
        return None; // a shortcode or Liquid: checked with them
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if crate::url::is_remote(path) || (path.contains(':') && !path.starts_with('/')) {
        return None; // the web, mail…: only `--online` would ask
    }
    let this = options.post_path.as_str();
    let target: String = if path.is_empty() {
        this.to_owned()
    } else if is_markdown(path) {
        // A link to another post's file (Hugo and Astro resolve these;
        // on other sites it is the path as written).
        match crate::blog::assets::file_named(around.blog, this, path)? {
            Ok(file) => around.blog.relative(&file)?,
            Err(_) => {
                return Some((
                    format!("{path} is not a file of the blog; link to an existing post (its path from this post's folder)"),
                    None,
                ))
            }
        }
    } else {
        let own_url = around.routes.url_of(this);
        let site_path = match (path.starts_with('/'), own_url) {
            (true, _) => path.to_owned(),
            (false, Some(own)) => join_url(own, path),
            (false, None) => return None,
        };
        let decoded = percent_encoding::percent_decode_str(&site_path)
            .decode_utf8_lossy()
            .into_owned();
        match around.routes.by_route.get(&route_key(&decoded)) {
            Some(post) => post.clone(),
            None => return missing_route(&decoded, around),
        }
    };
    let anchor = anchor.filter(|a| !a.is_empty())?;
    let anchor = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
    let known = ids.of(&target)?;
    if known.iter().any(|id| *id == anchor) {
        return None;
    }
    let whose = if target == this {
        "this post".to_owned()
    } else {
        target.clone()
    };
    let nearest = known
        .iter()
        .min_by_key(|id| strsim::levenshtein(id, &anchor));
    let hint = nearest
        .map(|id| format!("; did you mean #{id}?"))
        .unwrap_or_else(|| format!("; {whose} has no headings"));
    Some((
        format!("#{anchor} names no heading of {whose} (heading ids as the site makes them){hint}"),
        nearest.map(|id| Suggestion::Anchor(id.clone())),
    ))
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".markdown", ".mdx"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `relative` resolved against the page at `base` (both site paths).
fn join_url(base: &str, relative: &str) -> String {
    let dir = base.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let trailing = if relative.ends_with('/') { "/" } else { "" };
    format!("/{}{trailing}", parts.join("/"))
}

/// A route as a link may write it: with or without the trailing slash or
/// `index.html` (each generator's server and the usual hosts answer both).
fn route_key(path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    p.trim_end_matches('/').to_owned()
}

/// The folder of the site a page is in (`/posts/` for `/posts/x/`).
fn folder(path: &str) -> String {
    let p = path.trim_end_matches('/');
    p.rsplit_once('/').map_or("/", |(d, _)| d).to_owned() + "/"
}

/// A site path that is no post's route: broken when it is where the
/// blog's posts are (a folder that holds post routes) and no file of the
/// public folder is there; any other path may be a page of the site
/// (a tag page, an about page) and is not judged.
fn missing_route(path: &str, around: &Around) -> Option<(String, Option<Suggestion>)> {
    // A post git renamed: where it is now.
    if let Some(now) = around.routes.moved.get(&route_key(path)) {
        return Some((
            format!("no post of the blog is at {path} any more: git renamed the post, which is now at {now}"),
            Some(Suggestion::Path(now.clone())),
        ));
    }
    if !around.routes.folders.contains(&folder(path)) {
        return None;
    }
    let public = around.blog.root().join(around.blog.public_dir());
    let inside = path.trim_start_matches('/');
    if !inside.split('/').any(|s| s == "..") && public.join(inside).exists() {
        return None;
    }
    let last = |p: &str| {
        p.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned()
    };
    let wanted = last(path);
    let nearest = around
        .routes
        .posts
        .iter()
        .map(|(_, u)| u.as_str())
        .min_by_key(|u| strsim::levenshtein(&last(u), &wanted))
        .filter(|u| strsim::normalized_levenshtein(&last(u), &wanted) >= 0.5);
    let hint = nearest
        .map(|u| format!("; did you mean {u}?"))
        .unwrap_or_default();
    Some((
        format!("no post of the blog is at {path}, where the site puts its posts{hint}"),
        nearest.map(|u| Suggestion::Path(u.to_owned())),
    ))
}

#[cfg(test)]
mod tests;
