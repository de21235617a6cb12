//! `check`, `get`, `set`, `new` and `schema`: the post and front-matter
//! commands of the command line. Each finds the blog around its arguments,
//! calls the core, and prints one clear line per problem.

use std::path::{Path, PathBuf};

use postdesk_core::index::{self, Index};
use postdesk_core::issue::{Issue, Severity};
use postdesk_core::post::schema::{self, Field};
use postdesk_core::preview::checks::{web_link_issue, web_links, Routes, Tracked, WebLink};
use postdesk_core::{blog::config, blog::new_post, disk::save, front_matter::edit, post, Blog};
use rayon::prelude::*;

/// Reads the blog's posts, through the on-disk cache when there is one.
pub(super) fn index(blog: &Blog) -> Result<Index, String> {
    let cache = crate::env::cache_dir().map(|dir| index::cache_path(&dir, blog.root()));
    index::scan(blog, cache.as_deref()).map_err(|e| e.to_string())
}

/// The blog a post file belongs to: the nearest folder above it that is one.
pub(super) fn blog_of(file: &Path) -> Result<(Blog, String), String> {
    let real = file
        .canonicalize()
        .map_err(|e| format!("{}: cannot open the post ({e})", file.display()))?;
    if !real.is_file() {
        return Err(format!(
            "{} is not a file; give the path of a post",
            file.display()
        ));
    }
    let mut found: Option<(Blog, String)> = None;
    for dir in real.parent().into_iter().flat_map(Path::ancestors) {
        if let Ok(blog) = Blog::open(dir) {
            if let Some(rel) = blog.relative(&real) {
                if blog
                    .content_dirs()
                    .iter()
                    .any(|c| rel.starts_with(&format!("{c}/")))
                {
                    match &found {
                        None => found = Some((blog, rel)),
                        // Jekyll reads every `_posts` folder in its site
                        // (`blog/_posts`): such a folder, which alone looks
                        // like a blog-starter blog, belongs to the Jekyll
                        // site around it.
                        Some((near, _))
                            if near.kind() == postdesk_core::BlogKind::BlogStarter
                                && blog.kind() == postdesk_core::BlogKind::Jekyll =>
                        {
                            return Ok((blog, rel));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    if let Some(found) = found {
        return Ok(found);
    }
    Err(format!(
        "{} is not inside a blog's content folder (`_posts`, `content` or `src/content`)",
        file.display()
    ))
}

fn key_path(key: &str) -> Result<Vec<&str>, String> {
    let path: Vec<&str> = key.split('.').collect();
    if path.iter().any(|k| k.trim().is_empty()) {
        return Err(format!(
            "`{key}` is not a field name; use keys like title or author.social.github"
        ));
    }
    Ok(path)
}

/// Returns whether the checked posts are free of errors.
pub(super) fn check(
    paths: &[PathBuf],
    format: super::CheckFormat,
    online: bool,
) -> Result<bool, String> {
    let json = format == super::CheckFormat::Json;
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    // (display prefix, blog, only these posts)
    let mut runs: Vec<(String, Blog, Option<Vec<String>>)> = Vec::new();
    for p in paths {
        if p.is_dir() {
            let blog = Blog::open(p).map_err(|e| e.to_string())?;
            let prefix = if p == Path::new(".") {
                String::new()
            } else {
                format!("{}/", p.display().to_string().trim_end_matches('/'))
            };
            runs.push((prefix, blog, None));
        } else {
            let (blog, rel) = blog_of(p)?;
            let shown = p.display().to_string();
            let prefix = shown.strip_suffix(&rel).unwrap_or("").to_owned();
            match runs
                .iter_mut()
                .find(|(pre, b, only)| b.root() == blog.root() && *pre == prefix && only.is_some())
            {
                Some((_, _, Some(only))) => only.push(rel),
                _ => runs.push((prefix, blog, Some(vec![rel]))),
            }
        }
    }
    let mut clean = true;
    let mut report = Vec::new();
    let mut web = online.then(super::online::Online::new);
    for (prefix, blog, only) in &runs {
        let index = index(blog)?;
        if let Some(note) = &index.note {
            // Once for the blog, on stderr so the report stays parseable.
            eprintln!("postdesk: note: {}", super::for_terminal(note, &[]));
        }
        // The bodies too: links, images and headings, Hugo's shortcodes
        // and Jekyll's Liquid — what would break on the site. Read on every
        // core at once (each worker asks git through its own repository).
        let renames = postdesk_core::publish::history::renames(blog).unwrap_or_default();
        // Translations behind their source post, by git's history: one
        // walk for the blog.
        let mut outdated = {
            let posts: Vec<&str> = index
                .entries
                .iter()
                .map(|e| e.summary.path.as_str())
                .filter(|p| only.as_ref().is_none_or(|o| o.iter().any(|x| x == p)))
                .collect();
            postdesk_core::publish::history::outdated(blog, &index, &posts)
        };
        let routes = Routes::new(index.routes()).with_renames(blog, &renames);
        // (Each post's issues, and its web links when `--online` asks.)
        let checked: Vec<(String, Vec<Issue>, Vec<WebLink>)> = index
            .check_all(blog)
            .into_iter()
            .filter(|(rel, _)| only.as_ref().is_none_or(|o| o.contains(rel)))
            .collect::<Vec<_>>()
            .into_par_iter()
            .map_init(
                || postdesk_core::publish::file_tracking(blog),
                |tracking, (rel, mut issues)| {
                    let Ok(text) = post::read_text(&blog.root().join(&rel), &rel) else {
                        return (rel, issues, Vec::new());
                    };
                    let options = postdesk_core::preview::RenderOptions::for_blog(
                        blog,
                        rel.clone(),
                        &text,
                        || index.entries.iter().map(|e| &e.summary).collect(),
                    );
                    let around = postdesk_core::preview::checks::Around {
                        blog,
                        routes: &routes,
                        tracked: tracking.as_ref().map(|t| t as &dyn Fn(&str) -> Tracked),
                    };
                    let mut found =
                        postdesk_core::preview::problems(&text, &options, Some(&around));
                    // Between the post and its translations.
                    found.extend(postdesk_core::index::translations::check(
                        blog, &index, &rel, &text,
                    ));
                    if !found.is_empty() {
                        issues.extend(found);
                        issues.sort_by_key(|i| (i.line, i.col));
                    }
                    let links = if online {
                        web_links(blog, &text, &options)
                    } else {
                        Vec::new()
                    };
                    (rel, issues, links)
                },
            )
            .collect();
        for (rel, mut issues, links) in checked {
            if let Some(issue) = outdated.remove(&rel) {
                issues.insert(0, issue);
            }
            if let Some(web) = web.as_mut() {
                for link in links {
                    if let Some(issue) =
                        web.status(&link.url).and_then(|s| web_link_issue(&link, s))
                    {
                        issues.push(issue);
                    }
                }
                issues.sort_by_key(|i| (i.line, i.col));
            }
            let shown = format!("{prefix}{rel}");
            clean &= !issues.iter().any(|i| i.severity == Severity::Error);
            if json {
                report.push(serde_json::json!({ "path": shown, "issues": issues }));
            } else if format == super::CheckFormat::Github {
                for i in &issues {
                    println!("{}", github_command(&shown, i));
                }
            } else {
                for i in &issues {
                    let level = match i.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "info",
                    };
                    println!(
                        "{}:{}:{}: {level}[{}]: {}",
                        super::for_terminal(&shown, &[]),
                        i.line,
                        i.col,
                        i.code,
                        super::for_terminal(&i.message, &[])
                    );
                }
            }
        }
    }
    if let Some(web) = web {
        web.finish();
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    }
    Ok(clean)
}

/// An issue as a GitHub Actions workflow command (`::error file=…,line=…,
/// col=…,title=…::message`), escaped as the runner reads them: `%`, CR and
/// LF in the message; also `:` and `,` in the properties.
fn github_command(path: &str, issue: &Issue) -> String {
    let level = match issue.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    format!(
        "::{level} file={},line={},col={},title={}::{}",
        property(path),
        issue.line,
        issue.col,
        property(&issue.code),
        data(&issue.message)
    )
}

pub(super) fn translate(file: &Path, lang: &str) -> Result<(), String> {
    let (blog, rel) = blog_of(file)?;
    let index = index(&blog)?;
    let made = postdesk_core::index::translations::translate(&blog, &index, &rel, lang)
        .map_err(|e| e.to_string())?;
    // Shown as the post was named: from the same folder.
    let shown = file.display().to_string();
    let prefix = shown.strip_suffix(&rel).unwrap_or("");
    println!("{}", super::for_terminal(&format!("{prefix}{made}"), &[]));
    Ok(())
}

pub(super) fn url(file: &Path) -> Result<(), String> {
    let (blog, rel) = blog_of(file)?;
    let index = index(&blog)?;
    let summary = index
        .summaries()
        .into_iter()
        .find(|s| s.path == rel)
        .ok_or_else(|| format!("{}: not a post of the blog", file.display()))?;
    match summary.url {
        Some(url) => {
            println!("{}", super::for_terminal(&url, &[]));
            Ok(())
        }
        None => Err(format!(
            "{}: the blog's generator puts no page for this post (it is not where {} keeps posts); name the pattern in postdesk.toml ([site] url = \"/blog/{{slug}}/\")",
            file.display(),
            blog.kind().rules().name
        )),
    }
}

pub(super) fn get(file: &Path, key: &str) -> Result<(), String> {
    let text = post::read_text(file, &file.display().to_string()).map_err(|e| e.to_string())?;
    let path = key_path(key)?;
    match edit::get(&text, &path).map_err(|e| format!("{}: {e}", file.display()))? {
        Some(serde_json::Value::String(s)) => {
            println!("{}", super::for_terminal(&s, &['\n', '\t']))
        }
        Some(v) => println!("{v}"),
        None => {
            return Err(format!(
                "{}: `{key}` is not set in this post",
                file.display()
            ))
        }
    }
    Ok(())
}

pub(super) fn set(file: &Path, assignments: &[String]) -> Result<(), String> {
    let (blog, rel) = blog_of(file)?;
    let schema = schema_of(&blog)?;
    let shown = file.display().to_string();
    let original = post::read_text(file, &shown).map_err(|e| e.to_string())?;
    let mut text = original.clone();
    let mut changed = Vec::new();
    // Every assignment is checked before anything is written.
    for assignment in assignments {
        let (key, raw) = assignment.split_once('=').ok_or_else(|| {
            format!("`{assignment}` is not KEY=VALUE; write it like title=\"My post\"")
        })?;
        let path = key_path(key.trim())?;
        let value = schema::value_from_text(schema::field_at(&schema, &path), key.trim(), raw)?;
        let order = schema::order_at(&schema, &path[..path.len() - 1]);
        let next = edit::set(&text, &path, &value, &order).map_err(|e| format!("{shown}: {e}"))?;
        if next != text {
            changed.push(key.trim().to_owned());
        }
        text = next;
    }
    if text != original {
        save::save(blog.root(), &rel, text.as_bytes()).map_err(|e| e.to_string())?;
        println!("{shown}: set {}", changed.join(", "));
    } else {
        println!("{shown}: unchanged (the values were already set)");
    }
    Ok(())
}

pub(super) fn new(blog_dir: Option<&Path>, title: &str) -> Result<(), String> {
    let blog = Blog::open(blog_dir.unwrap_or(Path::new("."))).map_err(|e| e.to_string())?;
    let index = index(&blog)?;
    let schema = index.schema.clone();
    let now = jiff::Timestamp::now();
    let rel = new_post::create(&blog, &index.summaries(), &schema, title, now)
        .map_err(|e| e.to_string())?;
    println!("{}", blog.root().join(rel).display());
    Ok(())
}

pub(super) fn schema(blog_dir: Option<&Path>, infer: bool, write: bool) -> Result<(), String> {
    let blog = Blog::open(blog_dir.unwrap_or(Path::new("."))).map_err(|e| e.to_string())?;
    let fields = if infer {
        // Every post is read: inference needs their values, not the cache.
        let all = index::scan(&blog, None).map_err(|e| e.to_string())?;
        let values: Vec<_> = all
            .entries
            .iter()
            .filter_map(|e| e.located.as_ref()?.as_ref().ok().map(|l| l.value.clone()))
            .collect();
        schema::infer(&values)
    } else {
        index(&blog)?.schema
    };
    let doc = config::Config {
        fields,
        ..Default::default()
    };
    let text = toml::to_string(&doc).map_err(|e| e.to_string())?;
    if !write {
        print!("{text}");
        return Ok(());
    }
    if !blog.config().fields.is_empty() {
        return Err("postdesk.toml already declares fields; edit them there".into());
    }
    let path = blog.root().join(config::FILE);
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let joined = if existing.is_empty() {
        text
    } else {
        format!("{}\n{text}", existing.trim_end())
    };
    save::save(blog.root(), config::FILE, joined.as_bytes()).map_err(|e| e.to_string())?;
    println!("{}", path.display());
    Ok(())
}

fn schema_of(blog: &Blog) -> Result<Vec<Field>, String> {
    match blog.declared_schema() {
        Some(s) => Ok(s),
        None => Ok(index(blog)?.schema),
    }
}

/// `postdesk cover POST IMAGE`: prints each file written and each field set.
pub(super) fn cover(file: &Path, image: &Path, focal: (f64, f64)) -> Result<(), String> {
    use postdesk_core::cover::{self, OutputKind, Request};
    let (blog, rel) = blog_of(file)?;
    let request = Request {
        post: &rel,
        source: image,
        focal,
        text: None,
        outputs: &[OutputKind::Cover, OutputKind::Og, OutputKind::Thumbnail],
        field: None,
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let done = cover::import(&blog, &request, &|_| {}, &cancel).map_err(|e| e.to_string())?;
    for w in &done.warnings {
        eprintln!("postdesk: warning: {w}");
    }
    for f in &done.files {
        println!(
            "{}\t{}×{}\t{} bytes{}",
            f.path,
            f.width,
            f.height,
            f.bytes,
            if f.reused {
                "\t(same file already there, reused)"
            } else {
                ""
            }
        );
    }
    for (field, value) in &done.fields {
        println!("{field}: {value}");
    }
    Ok(())
}

/// `postdesk publish POST`: prints the commit and the outcome. Returns
/// whether the post is published (pushed, or committed with `--no-push`).
pub(super) fn publish(
    file: &Path,
    message: Option<&str>,
    push: bool,
    translations: bool,
) -> Result<bool, String> {
    use postdesk_core::publish::{self, token::KeyringTokens, Outcome, PushOptions};
    let (blog, rel) = blog_of(file)?;
    let index = index(&blog)?;
    let options = PushOptions {
        push,
        tokens: Some(std::sync::Arc::new(KeyringTokens)),
        ..PushOptions::default()
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let outcome = publish::publish_with(
        &blog,
        &index,
        &rel,
        message,
        &options,
        &|_| {},
        &cancel,
        translations,
    )
    .map_err(|e| e.to_string())?;
    Ok(match outcome {
        Outcome::Pushed {
            commit,
            remote,
            branch,
            via,
        } => {
            println!("commit {commit}");
            let how = if via == "git" {
                " (with the git command)"
            } else {
                ""
            };
            println!("pushed to {remote}, branch {branch}{how}");
            true
        }
        Outcome::CommittedNotPushed { commit, reason } => {
            println!("commit {commit}");
            println!("not pushed: {reason}");
            !push
        }
        Outcome::Rejected { commit, reason } => {
            println!("commit {commit}");
            println!("rejected: {reason}");
            false
        }
        Outcome::NeedsCredentials {
            commit,
            url,
            reason,
        } => {
            println!("commit {commit}");
            println!("not pushed: {url} needs credentials: {reason}. Add an SSH key to ssh-agent, or set up a git credential helper");
            false
        }
        Outcome::NothingToPublish => {
            println!(
                "nothing to publish: {rel} and its images match HEAD, and the branch is pushed"
            );
            true
        }
    })
}
