//! The `postdesk` command line: the GUI when there is no subcommand, headless
//! subcommands otherwise.
//!
//! **Invariant:** subcommands never touch GTK or Tauri, so they run on a
//! machine with no display. Errors go to stderr, one line each; usage and I/O
//! errors exit 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use postdesk_core::{app::sample, app::settings, post, preview, Blog, PostSummary};

mod online;
mod posts;

#[derive(Debug, Parser)]
#[command(
    name = "postdesk",
    version,
    about = "Postdesk, a desktop markdown blog editor",
    long_about = "Postdesk, a desktop markdown blog editor.\n\nWith no subcommand, opens the app on BLOG_DIR, else on the last blog used, else on the sample blog.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// The blog folder to open in the app.
    blog_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the sample blog (two posts, images, a git repository and a
    /// bare `origin` beside it) into DIR.
    Sample { dir: PathBuf },
    /// List the blog's posts.
    List {
        /// The blog folder (default: the current folder).
        blog_dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Validate posts against the blog's schema. Exit 0 when clean (warnings
    /// allowed), 1 when any error is found, 2 when the check could not run.
    Check {
        /// A blog folder (default: the current folder) or post files.
        paths: Vec<PathBuf>,
        /// text: `path:line:col: error[code]: message`; json; github: the
        /// workflow commands GitHub Actions shows on a pull request's diff.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Also ask the web whether the posts' web links still answer (a
        /// 404 or 410 is a broken link); answers are kept a day.
        #[arg(long)]
        online: bool,
    },
    /// Print a front-matter value (dotted keys: author.social.github).
    Get { post: PathBuf, key: String },
    /// Edit front-matter fields, changing nothing else in the file.
    Set {
        post: PathBuf,
        /// KEY=VALUE pairs; lists as `a, b` or `[a, b]`.
        #[arg(required = true)]
        assignments: Vec<String>,
    },
    /// Create a draft post from the schema's defaults and print its path.
    New {
        #[arg(long)]
        title: String,
        /// The blog folder (default: the current folder).
        #[arg(long)]
        blog: Option<PathBuf>,
    },
    /// Start the translation of POST into another of the blog's languages:
    /// a copy (every field and the body, for translating in place) where
    /// the blog's convention puts it; prints its path. Never writes over a
    /// file: exit 2 when the translation exists or the blog has no such
    /// language.
    Translate {
        post: PathBuf,
        /// The language to translate into (one of the blog's: `ja`).
        #[arg(long)]
        lang: String,
    },
    /// Print the blog's front-matter schema as postdesk.toml `[[fields]]`.
    Schema {
        /// The blog folder (default: the current folder).
        blog_dir: Option<PathBuf>,
        /// Infer it from the posts even when one is declared or built in.
        #[arg(long)]
        infer: bool,
        /// Write it into the blog's postdesk.toml (which must not have fields yet).
        #[arg(long)]
        write: bool,
    },
    /// Print the path where the blog's generator puts the post on its site
    /// (`/posts/x/`, by its routing rules); the Site view opens it.
    Url { post: PathBuf },
    /// Print the preview HTML of a post's body (sanitized, without the app's chrome).
    Render { post: PathBuf },
    /// Make IMAGE the post's cover: write the cover, og and thumbnail files
    /// into the blog's asset folder and set coverImage and ogImage.url.
    Cover {
        post: PathBuf,
        image: PathBuf,
        /// The og crop's centre as X,Y between 0 and 1 (default 0.5,0.5).
        #[arg(long, value_parser = parse_focal)]
        focal: Option<(f64, f64)>,
    },
    /// Commit the post and its new or changed images (nothing else), then
    /// push the branch. Exit 0 when pushed (or committed with --no-push, or
    /// already published), 1 when the commit is kept but not pushed.
    Publish(PublishArgs),
}

#[derive(Debug, clap::Args)]
struct PublishArgs {
    post: PathBuf,
    /// The commit message (default "Publish: <title>" or "Update: <title>").
    #[arg(long, short)]
    message: Option<String>,
    /// Commit only; push later.
    #[arg(long)]
    no_push: bool,
    /// Also commit the post's changed translations (and their images).
    #[arg(long)]
    with_translations: bool,
}

fn parse_focal(s: &str) -> Result<(f64, f64), String> {
    let bad = || format!("`{s}` is not a focal point; give X,Y between 0 and 1, like 0.5,0.3");
    let (x, y) = s.split_once(',').ok_or_else(bad)?;
    let x: f64 = x.trim().parse().map_err(|_| bad())?;
    let y: f64 = y.trim().parse().map_err(|_| bad())?;
    if !(0.0..=1.0).contains(&x) || !(0.0..=1.0).contains(&y) {
        return Err(bad());
    }
    Ok((x, y))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    Github,
}

/// Exit code for usage and I/O errors.
const COULD_NOT_RUN: u8 = 2;

/// What the command line asks for: the window, or a subcommand (already
/// run, with its exit code).
pub enum Start {
    Window(Option<PathBuf>),
    Done(ExitCode),
}

/// Runs a subcommand, or says the window is wanted (`main.rs` opens it, so
/// the command line never depends on the app's builder).
pub fn main() -> Start {
    let cli = Cli::parse();
    match cli.command {
        None => Start::Window(cli.blog_dir),
        Some(command) => Start::Done(run(command)),
    }
}

fn run(command: Command) -> ExitCode {
    // `postdesk list | head`: when the reader goes away, end quietly as
    // other command-line tools do (SIGPIPE's default), instead of Rust's
    // panic on a failed print. Subcommands only: the window keeps Rust's
    // handling.
    // SAFETY: restoring a signal's default disposition, before any thread
    // is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let result = match command {
        Command::Sample { dir } => write_sample(&dir),
        Command::List { blog_dir, format } => list(blog_dir.as_deref(), format),
        Command::Check {
            paths,
            format,
            online,
        } => {
            return match posts::check(&paths, format, online) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(message) => fail(&message),
            }
        }
        Command::Get { post, key } => posts::get(&post, &key),
        Command::Set { post, assignments } => posts::set(&post, &assignments),
        Command::New { title, blog } => posts::new(blog.as_deref(), &title),
        Command::Translate { post, lang } => posts::translate(&post, &lang),
        Command::Schema {
            blog_dir,
            infer,
            write,
        } => posts::schema(blog_dir.as_deref(), infer, write),
        Command::Render { post } => render(&post),
        Command::Url { post } => posts::url(&post),
        Command::Cover { post, image, focal } => {
            posts::cover(&post, &image, focal.unwrap_or((0.5, 0.5)))
        }
        Command::Publish(args) => {
            return match posts::publish(
                &args.post,
                args.message.as_deref(),
                !args.no_push,
                args.with_translations,
            ) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(message) => fail(&message),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// The blog folder a command line names for the app (`postdesk BLOG`), as
/// a second start hands it to the running window; `None` for a subcommand
/// or no folder.
pub(crate) fn blog_named(args: &[String]) -> Option<PathBuf> {
    let cli = Cli::try_parse_from(args).ok()?;
    match cli.command {
        None => cli.blog_dir,
        Some(_) => None,
    }
}

/// Text from a post (or anything from the blog) as a terminal may show
/// it: control characters written as escapes (`\u{1b}`), so a title can
/// never move the cursor, clear the screen or set the clipboard (OSC 52).
/// `keep` names the controls that stay (`get` keeps line breaks and tabs).
pub(crate) fn for_terminal<'a>(text: &'a str, keep: &[char]) -> std::borrow::Cow<'a, str> {
    let unsafe_char = |c: char| c.is_control() && !keep.contains(&c);
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn fail(message: &str) -> ExitCode {
    eprintln!("postdesk: {}", for_terminal(message, &[]));
    ExitCode::from(COULD_NOT_RUN)
}

fn write_sample(dir: &Path) -> Result<(), String> {
    let written = sample::write(dir, crate::env::now()).map_err(|e| e.to_string())?;
    println!("{}", written.root.display());
    println!("origin: {}", written.origin.display());
    Ok(())
}

fn list(blog_dir: Option<&Path>, format: OutputFormat) -> Result<(), String> {
    let blog = Blog::open(blog_dir.unwrap_or(Path::new("."))).map_err(|e| e.to_string())?;
    let posts = posts::index(&blog)?.summaries();
    match format {
        OutputFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&posts).map_err(|e| e.to_string())?
            );
        }
        OutputFormat::Text => {
            for p in &posts {
                println!("{}", list_line(p));
            }
        }
    }
    Ok(())
}

fn list_line(p: &PostSummary) -> String {
    // Each field escaped on its own: a tab or an escape sequence in a title
    // neither breaks the columns nor reaches the terminal.
    let shown = |s: &str| for_terminal(s, &[]).into_owned();
    let mut fields = vec![
        shown(&p.path),
        shown(&p.slug),
        shown(&p.title),
        shown(p.date.as_deref().unwrap_or("-")),
        shown(&p.status),
        shown(&p.tags.join(",")),
    ];
    if let Some(problem) = &p.problem {
        fields.push(format!("problem: {}", shown(problem)));
    }
    fields.join("\t")
}

/// Renders a post as the window does, by its blog's rules (the kind's
/// renderer, the generator's config, `postdesk.toml`); a markdown file in
/// no blog by blog-starter's.
fn render(path: &Path) -> Result<(), String> {
    let text = post::read_text(path, &path.display().to_string()).map_err(|e| e.to_string())?;
    let options = match posts::blog_of(path) {
        Ok((blog, rel)) => {
            // Only a post that links others needs every post's URL.
            let index = if text.contains("{{") || text.contains("{%") {
                Some(posts::index(&blog)?)
            } else {
                None
            };
            preview::RenderOptions::for_blog(&blog, rel, &text, || {
                index
                    .iter()
                    .flat_map(|i| i.entries.iter().map(|e| &e.summary))
                    .collect()
            })
        }
        Err(_) => preview::RenderOptions::default(),
    };
    print!(
        "{}",
        preview::Renderer::default().render(&text, &options).html()
    );
    Ok(())
}

/// The blog the app opens: the one asked for, else the last one used, else
/// the sample blog (written on first launch).
/// The blog at `path` — a blog folder, or a post file (its blog, and the
/// post's path in it).
pub(crate) fn blog_at(path: &Path) -> Result<(Blog, Option<String>), String> {
    if path.is_file() {
        let (blog, rel) = posts::blog_of(path)?;
        return Ok((blog, Some(rel)));
    }
    Blog::open(path)
        .map(|b| (b, None))
        .map_err(|e| e.to_string())
}

/// The blog the window opens — the one named (a blog folder, or a post
/// file: its blog, and the post to open first), else the last one, else the
/// sample blog — and the post asked for.
pub(crate) fn choose_blog(
    asked: Option<PathBuf>,
    data_dir: &Path,
) -> Result<(Blog, Option<String>), String> {
    if let Some(path) = asked {
        return blog_at(&path);
    }
    let remembered = settings::load(data_dir);
    if let Some(blog) = remembered.last_blog.and_then(|dir| Blog::open(&dir).ok()) {
        return Ok((blog, None));
    }
    let sample_dir = data_dir.join("sample-blog");
    if !sample_dir.exists() {
        sample::write(&sample_dir, crate::env::now()).map_err(|e| e.to_string())?;
    }
    Blog::open(&sample_dir)
        .map(|b| (b, None))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::blog_named;
    use std::path::PathBuf;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_second_start_names_a_blog_only_without_a_subcommand() {
        assert_eq!(
            blog_named(&args(&["postdesk", "../blog"])),
            Some(PathBuf::from("../blog"))
        );
        assert_eq!(blog_named(&args(&["/usr/bin/postdesk"])), None);
        assert_eq!(blog_named(&args(&["postdesk", "list", "blog"])), None);
        assert_eq!(blog_named(&args(&["postdesk", "--no-such-flag"])), None);
    }
}
