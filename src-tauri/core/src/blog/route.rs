//! Where the generator puts a post: the path of its page on the site. Each
//! rule names the generator behaviour it follows, and the Hugo and Jekyll
//! ones are held to the real generators' own URLs
//! (`tests/fixtures/{hugo,jekyll}-routes/generator.json`, recorded by
//! `tests/generators/record.sh` from `.RelPermalink` and `page.url`).

use jiff::tz::TimeZone;
use serde_json::Value;

use crate::blog::Blog;
use crate::kind::BlogKind;

/// The post's URL path (`/posts/x/`), without the site's base URL, or
/// `None` when `rel` is not where the kind keeps posts. `at` is the date
/// the generator gives the post.
pub fn url_of(blog: &Blog, rel: &str, fm: &Value, at: Option<jiff::Timestamp>) -> Option<String> {
    let text = |key: &str| {
        blog.site()
            .lookup(fm, key)
            .and_then(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let date = at.map(|t| t.to_zoned(TimeZone::UTC));
    // The writer's own pattern in postdesk.toml (`[site] url`) comes first:
    // they know where their site puts posts when its code is custom.
    if let Some(pattern) = blog.config().site.as_ref().and_then(|s| s.url.as_deref()) {
        let path = under(&blog.content_dirs(), rel)?;
        let path = path.strip_suffix("/index").unwrap_or(&path).to_owned();
        let slug = path.rsplit('/').next().unwrap_or(&path).to_owned();
        return Some(percent_encoded(
            &pattern.replace("{path}", &path).replace("{slug}", &slug),
        ));
    }
    match blog.kind() {
        // The starter's `app/posts/[slug]/page.tsx`: the file's name.
        BlogKind::BlogStarter => {
            let stem = under(&blog.content_dirs(), rel)?;
            Some(format!("/posts/{stem}"))
        }
        // Astro's blog template, `src/pages/blog/[...slug].astro`: the
        // entry's id (its path in the collection), a bundle by its folder.
        BlogKind::Astro => {
            let stem = under(&blog.content_dirs(), rel)?;
            let stem = stem.strip_prefix("blog/").unwrap_or(&stem);
            let stem = stem.strip_suffix("/index").unwrap_or(stem);
            Some(format!("/blog/{}/", stem.to_lowercase()))
        }
        BlogKind::Hugo => {
            // With `:filename` among the date sources, Hugo takes a dated
            // file name's rest as the slug (`2024-03-01-x.md` is `x`).
            let name_slug = blog
                .site()
                .date_sources()
                .contains(&crate::kind::DateSource::FileName);
            let mut stem = under(&blog.content_dirs(), rel)?;
            // Multilingual: the path without its language suffix, under
            // the language's own `contentDir` (Hugo's page path).
            let placed = blog.placed(rel, fm);
            if let Some(p) = &placed {
                stem = p
                    .rest
                    .rsplit_once('.')
                    .map_or(&*p.rest, |(s, _)| s)
                    .to_owned();
            }
            hugo(&blog.site().config, &stem, &text, date.as_ref(), name_slug)
                .map(|url| in_language(blog, placed.as_ref(), url))
        }
        BlogKind::Jekyll => jekyll(&blog.site().config, rel, fm, &text, date.as_ref())
            .map(|url| in_language(blog, blog.placed(rel, fm).as_ref(), url)),
    }
    .map(|url| percent_encoded(&url))
}

/// A page of a language other than the default under `/LANG/` (Hugo's
/// multilingual mode, as its `.RelPermalink`; jekyll-polyglot's
/// `/LANG/…` sites), the default too with `defaultContentLanguageInSubdir`.
fn in_language(
    blog: &Blog,
    placed: Option<&crate::blog::languages::Placed>,
    url: String,
) -> String {
    match (blog.languages(), placed) {
        (Some(l), Some(p)) => format!("{}{url}", l.url_prefix(&p.lang)),
        _ => url,
    }
}

/// The URL as both generators write it: non-ASCII and characters a path
/// may not hold percent-encoded (Hugo's `url.URL.EscapedPath`, Jekyll's
/// `Addressable::URI.encode`).
fn percent_encoded(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `rel` under the first content folder holding it, without `.md`.
fn under(dirs: &[String], rel: &str) -> Option<String> {
    // Astro's blog template collects `.md` and `.mdx` alike
    // (`glob({ pattern: '**/*.{md,mdx}' })`): an `.mdx` post has a page too.
    let stem = rel
        .strip_suffix(".md")
        .or_else(|| rel.strip_suffix(".markdown"))
        .or_else(|| rel.strip_suffix(".mdx"))?;
    dirs.iter().find_map(|d| {
        stem.strip_prefix(d.trim_end_matches('/'))
            .and_then(|s| s.strip_prefix('/'))
            .map(str::to_owned)
    })
}

/// Hugo 0.111: a page's `url` as written; else its section's pattern in
/// `[permalinks]` (`:year`, `:month`, `:monthname`, `:day`, `:weekday`,
/// `:weekdayname`, `:yearday`, `:section`, `:sections`, `:title`, `:slug`,
/// `:filename`, `:slugorfilename`); else its folder and its `slug` or file
/// name (a bundle's `index.md` by its folder's name) — all made a path as
/// Hugo's `MakePathSanitized` does, lower-cased (`disablePathToLower`).
fn hugo<'a>(
    config: &Value,
    stem: &str,
    text: &dyn Fn(&str) -> Option<&'a str>,
    date: Option<&jiff::Zoned>,
    name_slug: bool,
) -> Option<String> {
    if let Some(url) = text("url") {
        let url = if url.starts_with('/') {
            url.to_owned()
        } else {
            format!("/{url}")
        };
        return Some(url);
    }
    let page = stem
        .strip_suffix("/index")
        .or_else(|| stem.strip_suffix("/_index"))
        .unwrap_or(stem);
    let (dir, name) = page.rsplit_once('/').unwrap_or(("", page));
    let section = page.split_once('/').map_or("", |(s, _)| s);
    let ugly = config
        .get("uglyURLs")
        .or_else(|| config.get("uglyurls"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let permalinks = config
        .get("permalinks")
        .and_then(|p| p.get(section))
        .and_then(|p| p.as_str().or_else(|| p.get("page").and_then(Value::as_str)));
    let slug = text("slug").map(hugo_path).or_else(|| {
        (name_slug && crate::blog::site::file_name_date(name).is_some())
            .then(|| hugo_path(name[10..].trim_start_matches(['-', '_'])))
    });
    let title = text("title").map(hugo_path).unwrap_or_default();
    let path = match permalinks {
        Some(pattern) if !section.is_empty() => {
            let mut out = String::new();
            let mut rest = pattern;
            while let Some(at) = rest.find(':') {
                out.push_str(&rest[..at]);
                let token_len = rest[at + 1..]
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len() - at - 1);
                let token = &rest[at + 1..at + 1 + token_len];
                let d = date;
                let value = match token {
                    "year" => d.map(|d| format!("{:04}", d.year())),
                    "month" => d.map(|d| format!("{:02}", d.month())),
                    "monthname" => d.map(|d| d.strftime("%B").to_string()),
                    "day" => d.map(|d| format!("{:02}", d.day())),
                    "weekday" => d.map(|d| d.weekday().to_sunday_zero_offset().to_string()),
                    "weekdayname" => d.map(|d| d.strftime("%A").to_string()),
                    "yearday" => d.map(|d| d.day_of_year().to_string()),
                    "section" => Some(section.to_owned()),
                    "sections" => Some(dir.to_owned()),
                    "title" => Some(title.clone()),
                    "slug" => Some(slug.clone().unwrap_or_else(|| title.clone())),
                    "filename" => Some(hugo_path(name)),
                    "slugorfilename" => Some(slug.clone().unwrap_or_else(|| hugo_path(name))),
                    _ => None,
                };
                match value {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push(':');
                        out.push_str(token);
                    }
                }
                rest = &rest[at + 1 + token_len..];
            }
            out.push_str(rest);
            out
        }
        _ => {
            let leaf = slug.unwrap_or_else(|| hugo_path(name));
            if dir.is_empty() {
                format!("/{leaf}/")
            } else {
                format!("/{}/{leaf}/", hugo_path(dir))
            }
        }
    };
    let path = hugo_path(&path).to_lowercase();
    Some(if ugly && path.ends_with('/') && path.len() > 1 {
        format!("{}.html", path.trim_end_matches('/'))
    } else {
        path
    })
}

/// Hugo's `MakePathSanitized` (`UnicodeSanitize`): letters, digits, marks
/// and `./\_-#+~%` stay, white space becomes `-`, the rest is dropped.
fn hugo_path(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some('-')
            } else if c.is_alphanumeric() || "./\\_-#+~%".contains(c) || is_mark(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Jekyll 4.3's permalink styles (`permalink` in `_config.yml`).
fn jekyll_style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

/// Jekyll 4.3 (`Jekyll::Drops::UrlDrop`, `Jekyll::URL`): the post's
/// `permalink`, else the site's `permalink` style or pattern (`date` by
/// default); `:categories` are the folders above `_posts` and the
/// `category`/`categories` keys, lower-cased; `:title` is the `slug` or
/// the file's name after its date, slugified in "pretty" mode with its
/// case kept; the date is the post's own.
fn jekyll<'a>(
    config: &Value,
    rel: &str,
    fm: &Value,
    text: &dyn Fn(&str) -> Option<&'a str>,
    date: Option<&jiff::Zoned>,
) -> Option<String> {
    let (before, file) = match rel.rsplit_once("_posts/") {
        Some((before, file)) => (before, file),
        None => return None,
    };
    let name = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".markdown"))?;
    let name = name.rsplit('/').next()?;
    crate::blog::site::file_name_date(name)?;
    let file_title = &name[11..];
    let mut categories: Vec<String> = Vec::new();
    let mut add = |c: &str| {
        let c = c.trim().to_lowercase();
        if !c.is_empty() && !categories.contains(&c) {
            categories.push(c);
        }
    };
    before.split('/').for_each(&mut add);
    for key in ["category", "categories"] {
        match fm.get(key) {
            Some(Value::String(s)) => s.split_whitespace().for_each(&mut add),
            Some(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) => add(s),
                        Value::Number(n) => add(&n.to_string()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let title = jekyll_slug(text("slug").unwrap_or(file_title));
    let pattern = match text("permalink") {
        Some(p) => p.to_owned(),
        None => {
            let site = config
                .get("permalink")
                .and_then(Value::as_str)
                .unwrap_or("date");
            jekyll_style(site).map_or_else(|| site.to_owned(), str::to_owned)
        }
    };
    let d = date?;
    let mut out = String::new();
    let mut rest = pattern.as_str();
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let token_len = rest[at + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - at - 1);
        // The longest placeholder that matches (`:title:output_ext`).
        let token = &rest[at + 1..at + 1 + token_len];
        let value = match token {
            "categories" => Some(categories.join("/")),
            "year" => Some(format!("{:04}", d.year())),
            "short_year" => Some(format!("{:02}", d.year() % 100)),
            "month" => Some(format!("{:02}", d.month())),
            "i_month" => Some(d.month().to_string()),
            "short_month" => Some(d.strftime("%b").to_string()),
            "long_month" => Some(d.strftime("%B").to_string()),
            "day" => Some(format!("{:02}", d.day())),
            "i_day" => Some(d.day().to_string()),
            "y_day" => Some(format!("{:03}", d.day_of_year())),
            "week" => Some(d.strftime("%V").to_string()),
            "short_day" => Some(d.strftime("%a").to_string()),
            "long_day" => Some(d.strftime("%A").to_string()),
            "hour" => Some(format!("{:02}", d.hour())),
            "minute" => Some(format!("{:02}", d.minute())),
            "second" => Some(format!("{:02}", d.second())),
            "title" | "slug" | "name" => Some(title.clone()),
            "output_ext" => Some(".html".to_owned()),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                out.push(':');
                out.push_str(token);
            }
        }
        rest = &rest[at + 1 + token_len..];
    }
    out.push_str(rest);
    // `Jekyll::URL#sanitize_url`: no empty segments, a leading `/`.
    let mut url = String::from("/");
    let segments: Vec<&str> = out.split('/').filter(|s| !s.is_empty()).collect();
    url.push_str(&segments.join("/"));
    if out.ends_with('/') && url.len() > 1 {
        url.push('/');
    }
    Some(url)
}

/// Jekyll's `Utils.slugify(…, mode: "pretty", cased: true)`: runs of
/// characters other than letters, digits and `._~!$&'()+,;=@` become `-`,
/// none at either end.
fn jekyll_slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_paths_and_jekyll_slugs_as_the_generators_make_them() {
        assert_eq!(hugo_path("Mixed Case, Title!"), "Mixed-Case-Title");
        assert_eq!(jekyll_slug("Mixed Case"), "Mixed-Case");
        assert_eq!(jekyll_slug("--a b--"), "a-b");
        assert_eq!(
            jekyll_style("pretty").unwrap(),
            "/:categories/:year/:month/:day/:title/"
        );
    }
}
