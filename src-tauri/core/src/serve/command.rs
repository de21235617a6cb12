//! Which command serves a blog: the kind's own development server, told to
//! listen on 127.0.0.1 at a port Postdesk chose, with drafts and future
//! posts shown, writing nothing into the blog folder where the generator
//! lets us say so — or the command `postdesk.toml` names.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ServeError;
use crate::kind::BlogKind;

/// `[site]` in `postdesk.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct SiteConfig {
    /// The command line that serves the site, as in a shell; `{port}` is
    /// replaced by the port Postdesk chose (or `port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The port the command listens on, when it cannot be told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Where the site puts a post, when the kind's rules do not say:
    /// `{slug}` is the file's name without `.md`, `{path}` its path in the
    /// content folder without `.md` (`/blog/{slug}/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A development server's command line, with `{port}`, `{reload_port}` and
/// `{work}` (a scratch folder of Postdesk's for this blog) still to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCommand {
    pub program: String,
    pub args: Vec<String>,
    /// Environment the generator reads as settings.
    pub env: Vec<(String, String)>,
    /// The port it listens on when it cannot be told one.
    pub fixed_port: Option<u16>,
    /// Runs `npm` scripts of a Node blog: its packages must be installed.
    pub node: bool,
    /// The server reloads the page itself when a post changes (Hugo's and
    /// Jekyll's live reload); otherwise Postdesk reloads after a save.
    pub reloads_itself: bool,
}

impl SiteCommand {
    /// The command for `root`, a blog of `kind`.
    pub fn for_blog(
        root: &Path,
        kind: BlogKind,
        config: Option<&SiteConfig>,
    ) -> Result<SiteCommand, ServeError> {
        if let Some(line) = config.and_then(|c| c.command.as_deref()) {
            let words =
                shlex::split(line).ok_or_else(|| ServeError::BadCommand(line.to_owned()))?;
            let Some((program, args)) = words.split_first() else {
                return Err(ServeError::BadCommand(line.to_owned()));
            };
            return Ok(SiteCommand {
                node: program == "npm" || program == "npx",
                program: program.clone(),
                args: args.to_vec(),
                env: Vec::new(),
                fixed_port: config.and_then(|c| c.port),
                reloads_itself: false,
            });
        }
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let command = match kind {
            // `hugo server` renders to memory; `--noBuildLock` and the
            // resource folder in Postdesk's scratch space keep the blog
            // folder as it is. `--baseURL` with `--appendPort=false` puts
            // every page at the path Hugo's routing gives it (see
            // blog/route.rs), and its live reload script comes with it.
            BlogKind::Hugo => SiteCommand {
                program: "hugo".into(),
                args: words(
                    "server --bind 127.0.0.1 --port {port} --baseURL http://127.0.0.1:{port}/ \
                     --appendPort=false --buildDrafts --buildFuture --noBuildLock",
                ),
                env: vec![("HUGO_RESOURCEDIR".into(), "{work}/resources".into())],
                fixed_port: None,
                node: false,
                reloads_itself: true,
            },
            // `jekyll serve` builds into `--destination` (Postdesk's scratch
            // space, not the blog's `_site`); an empty `--baseurl` serves
            // pages at `page.url`. With a Gemfile, through bundler as the
            // blog's README would say.
            BlogKind::Jekyll => {
                let mut args = words(
                    "serve --host 127.0.0.1 --port {port} --drafts --future --livereload \
                     --livereload-port {reload_port} --destination {work}/site \
                     --disable-disk-cache",
                );
                args.extend(["--baseurl".to_owned(), String::new()]);
                if root.join("Gemfile").is_file() {
                    args.splice(0..0, ["exec".to_owned(), "jekyll".to_owned()]);
                    SiteCommand {
                        program: "bundle".into(),
                        args,
                        env: Vec::new(),
                        fixed_port: None,
                        node: false,
                        reloads_itself: true,
                    }
                } else {
                    SiteCommand {
                        program: "jekyll".into(),
                        args,
                        env: Vec::new(),
                        fixed_port: None,
                        node: false,
                        reloads_itself: true,
                    }
                }
            }
            // `astro dev --host --port` through the template's `dev` script.
            BlogKind::Astro => SiteCommand {
                program: "npm".into(),
                args: words("run dev -- --host 127.0.0.1 --port {port}"),
                env: Vec::new(),
                fixed_port: None,
                node: true,
                reloads_itself: true,
            },
            // blog-starter's `dev` script is `next dev`: `-H` and `-p`.
            BlogKind::BlogStarter => SiteCommand {
                program: "npm".into(),
                args: words("run dev -- -H 127.0.0.1 -p {port}"),
                env: Vec::new(),
                fixed_port: None,
                node: true,
                reloads_itself: true,
            },
        };
        Ok(command)
    }

    /// The command line as the writer is asked to trust it (placeholders
    /// left in: the same line is the same trust on every start).
    pub fn shown(&self) -> String {
        std::iter::once(self.program.as_str())
            .chain(self.args.iter().map(String::as_str))
            .map(|w| {
                if w.is_empty() || w.contains(char::is_whitespace) {
                    format!("'{w}'")
                } else {
                    w.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The arguments and environment with the placeholders filled.
    pub fn filled(&self, port: u16, reload_port: u16, work: &Path) -> SiteCommand {
        let fill = |s: &String| {
            s.replace("{port}", &port.to_string())
                .replace("{reload_port}", &reload_port.to_string())
                .replace("{work}", &work.to_string_lossy())
        };
        SiteCommand {
            program: self.program.clone(),
            args: self.args.iter().map(fill).collect(),
            env: self.env.iter().map(|(k, v)| (k.clone(), fill(v))).collect(),
            ..self.clone()
        }
    }

    /// How to install the program when it is missing (Debian's packages).
    pub fn install_hint(&self) -> String {
        match self.program.as_str() {
            "hugo" => "install it with `sudo apt install hugo`".into(),
            "jekyll" => "install it with `sudo apt install jekyll`".into(),
            "bundle" => "install it with `sudo apt install ruby-bundler`, then run `bundle install` in the blog folder".into(),
            "npm" | "npx" => "install Node.js and npm (`sudo apt install npm`)".into(),
            other => format!("install {other}, or name another command in postdesk.toml ([site] command)"),
        }
    }
}

/// The fix for what a failed server's log says, when it is a known one.
pub(super) fn known_fix(log: &str) -> Option<String> {
    let fixes: &[(&str, &str)] = &[
        ("found no layout file", "the site has no templates for its pages: is its theme checked out (`git submodule update --init`)?"),
        ("module \"", "the site imports a Hugo module, which needs Go and the network (`hugo mod get`)"),
        ("Could not find gem", "run `bundle install` in the blog folder"),
        ("Bundler::GemNotFound", "run `bundle install` in the blog folder"),
        ("Address already in use", "another program holds the port; name another in postdesk.toml ([site] port)"),
        ("Cannot find module", "the blog's packages are missing or out of date: run `npm install` in the blog folder"),
        ("ERR_MODULE_NOT_FOUND", "the blog's packages are missing or out of date: run `npm install` in the blog folder"),
        ("Missing script: \"dev\"", "the blog's package.json has no `dev` script; name the command in postdesk.toml ([site] command)"),
    ];
    fixes
        .iter()
        .find(|(needle, _)| log.contains(needle))
        .map(|(_, fix)| (*fix).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: BlogKind, root: &Path) -> String {
        SiteCommand::for_blog(root, kind, None)
            .unwrap()
            .filled(1313, 35729, Path::new("/w"))
            .shown()
    }

    #[test]
    fn each_kind_serves_with_its_own_generator_on_127_0_0_1() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            line(BlogKind::Hugo, dir.path()),
            "hugo server --bind 127.0.0.1 --port 1313 --baseURL http://127.0.0.1:1313/ \
             --appendPort=false --buildDrafts --buildFuture --noBuildLock"
        );
        assert_eq!(
            line(BlogKind::Jekyll, dir.path()),
            "jekyll serve --host 127.0.0.1 --port 1313 --drafts --future --livereload \
             --livereload-port 35729 --destination /w/site --disable-disk-cache --baseurl ''"
        );
        assert_eq!(
            line(BlogKind::Astro, dir.path()),
            "npm run dev -- --host 127.0.0.1 --port 1313"
        );
        assert_eq!(
            line(BlogKind::BlogStarter, dir.path()),
            "npm run dev -- -H 127.0.0.1 -p 1313"
        );
        let hugo = SiteCommand::for_blog(dir.path(), BlogKind::Hugo, None)
            .unwrap()
            .filled(1, 2, Path::new("/w"));
        assert_eq!(
            hugo.env,
            vec![("HUGO_RESOURCEDIR".into(), "/w/resources".into())]
        );
        assert!(
            SiteCommand::for_blog(dir.path(), BlogKind::Astro, None)
                .unwrap()
                .node
        );
    }

    #[test]
    fn a_jekyll_blog_with_a_gemfile_runs_through_bundler() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Gemfile"), "gem 'jekyll'\n").unwrap();
        assert!(line(BlogKind::Jekyll, dir.path()).starts_with("bundle exec jekyll serve --host"));
    }

    #[test]
    fn postdesk_toml_names_its_own_command_and_port() {
        let dir = tempfile::tempdir().unwrap();
        let config = SiteConfig {
            command: Some("npx eleventy --serve --port={port} --input 'my posts'".into()),
            port: Some(8080),
            url: None,
        };
        let c = SiteCommand::for_blog(dir.path(), BlogKind::Hugo, Some(&config)).unwrap();
        assert_eq!(c.fixed_port, Some(8080));
        assert!(c.node);
        assert_eq!(
            c.shown(),
            "npx eleventy --serve --port={port} --input 'my posts'"
        );
        assert_eq!(c.filled(8080, 1, Path::new("/w")).args[2], "--port=8080");
        let bad = SiteConfig {
            command: Some("hugo 'server".into()),
            ..SiteConfig::default()
        };
        let e = SiteCommand::for_blog(dir.path(), BlogKind::Hugo, Some(&bad)).unwrap_err();
        assert!(
            e.to_string().contains("postdesk.toml: [site] command"),
            "{e}"
        );
    }

    #[test]
    fn known_failures_come_with_their_fix() {
        assert!(known_fix("WARN found no layout file for \"HTML\"")
            .unwrap()
            .contains("theme"));
        assert!(known_fix("Could not find gem 'minima'")
            .unwrap()
            .contains("bundle install"));
        assert_eq!(known_fix("all well"), None);
    }
}
