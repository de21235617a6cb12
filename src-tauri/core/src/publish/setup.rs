//! What a first Publish needs and a new writer may not have: a git
//! repository (with a first commit), an identity for commits, a remote to
//! push to. `readiness` says what is missing; the rest supply it, with the
//! checks git itself makes (an identity git would refuse is refused here).

use std::path::{Path, PathBuf};

use git2::{Direction, Repository, RepositoryInitOptions};
use serde::Serialize;
use ts_rs::TS;

use super::{PublishError, PushOptions};
use crate::blog::{Blog, BlogKind};

/// What Publish needs that the blog's repository lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    /// The blog folder is in a git repository.
    pub repository: bool,
    /// Its branch has a first commit.
    pub committed: bool,
    /// git knows the writer's name and email.
    pub identity: bool,
    /// The remote the branch pushes to, when there is one.
    pub remote: Option<String>,
}

pub fn readiness(blog: &Blog) -> Readiness {
    let Ok(repo) = super::open(blog) else {
        return Readiness {
            repository: false,
            committed: false,
            identity: identity_known(None),
            remote: None,
        };
    };
    let branch = repo
        .head()
        .ok()
        .and_then(|h| h.shorthand().ok().map(str::to_owned));
    let remote = repo
        .remotes()
        .ok()
        .and_then(|names| {
            let names: Vec<String> = names
                .iter()
                .flatten()
                .flatten()
                .map(|n: &str| n.to_owned())
                .collect();
            // The branch's upstream remote, else origin, else the only one.
            let upstream = branch.as_deref().and_then(|b| {
                repo.config()
                    .ok()?
                    .get_string(&format!("branch.{b}.remote"))
                    .ok()
            });
            upstream
                .filter(|u| names.contains(u))
                .or_else(|| names.iter().find(|n| *n == "origin").cloned())
                .or_else(|| (names.len() == 1).then(|| names[0].clone()))
        })
        .and_then(|name| Some(repo.find_remote(&name).ok()?.url().ok()?.to_owned()));
    let committed = repo.head().and_then(|h| h.peel_to_commit()).is_ok();
    let identity = identity_known(Some(&repo));
    Readiness {
        repository: true,
        committed,
        identity,
        remote,
    }
}

fn identity_known(repo: Option<&Repository>) -> bool {
    let config = match repo {
        Some(r) => r.config(),
        None => git2::Config::open_default(),
    };
    let Ok(config) = config else {
        return false;
    };
    let set = |key| {
        config
            .get_string(key)
            .is_ok_and(|v: String| !v.trim().is_empty())
    };
    set("user.name") && set("user.email")
}

/// Checks a name and email as git would take them: not empty, no `<`, `>`
/// or line breaks (git's ident rules), and an email with one `@` and a
/// dot after it, without spaces.
pub fn check_identity(name: &str, email: &str) -> Result<(), String> {
    let name = name.trim();
    let email = email.trim();
    let bad = |s: &str| s.contains(['<', '>', '\n', '\r']);
    if name.is_empty() {
        return Err("give your name, as it will show on your commits".into());
    }
    if bad(name) {
        return Err("a name cannot hold <, > or a line break (git refuses them)".into());
    }
    let domain = email.split_once('@').map(|(_, d)| d);
    let looks = !email.is_empty()
        && !bad(email)
        && !email.contains(char::is_whitespace)
        && email.matches('@').count() == 1
        && !email.starts_with('@')
        && domain.is_some_and(|d| d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
    if !looks {
        return Err(format!(
            "`{email}` is not an email address; give one like you@example.com"
        ));
    }
    Ok(())
}

/// The writer's global git config file: the one git reads (`~/.gitconfig`,
/// else `$XDG_CONFIG_HOME/git/config`), or a new `~/.gitconfig`.
fn global_config(home: &Path) -> PathBuf {
    let dot = home.join(".gitconfig");
    if dot.is_file() {
        return dot;
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".config"))
        .join("git/config");
    if xdg.is_file() {
        return xdg;
    }
    dot
}

/// Saves `user.name` and `user.email`: for every repository (the global
/// config in `home`) or for this blog's repository only.
pub fn set_identity(
    blog: &Blog,
    name: &str,
    email: &str,
    everywhere: bool,
    home: &Path,
) -> Result<(), PublishError> {
    check_identity(name, email).map_err(PublishError::Setup)?;
    let mut config = if everywhere {
        git2::Config::open(&global_config(home))?
    } else {
        // This blog only: its repository (made now when there is none).
        init_or_open(blog)?
            .config()?
            .open_level(git2::ConfigLevel::Local)?
    };
    config.set_str("user.name", name.trim())?;
    config.set_str("user.email", email.trim())?;
    Ok(())
}

/// What a kind's generator and tools write that does not belong in the
/// repository (a new `.gitignore` names them).
fn ignored(kind: BlogKind) -> &'static str {
    match kind {
        BlogKind::Hugo => "/public/\n/resources/_gen/\n.hugo_build.lock\n",
        BlogKind::Jekyll => "_site/\n.sass-cache/\n.jekyll-cache/\n.jekyll-metadata\nvendor/\n",
        BlogKind::Astro => "node_modules/\ndist/\n.astro/\n",
        BlogKind::BlogStarter => "node_modules/\n.next/\nout/\n",
    }
}

/// Makes the blog folder a git repository (branch `main`) when it is not
/// one, and makes a first commit of the blog as it is when the branch has
/// none (a `.gitignore` for the generator's output first, when there is
/// none). Answers the commit.
pub fn first_commit(blog: &Blog) -> Result<String, PublishError> {
    let repo = init_or_open(blog)?;
    if repo.head().and_then(|h| h.peel_to_commit()).is_ok() {
        return Err(PublishError::Setup(
            "the repository already has commits; publish as usual".into(),
        ));
    }
    let signature = super::signature(&repo)?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| PublishError::Setup("the repository has no working folder".into()))?
        .to_path_buf();
    let gitignore = workdir.join(".gitignore");
    if !gitignore.exists() {
        crate::disk::save::create(&workdir, ".gitignore", ignored(blog.kind()).as_bytes())
            .map_err(|e| PublishError::Setup(e.to_string()))?;
    }
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let commit = repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "First commit of the blog (made by Postdesk)",
        &tree,
        &[],
    )?;
    Ok(commit.to_string())
}

/// The blog's repository, made (`git init`, branch `main`) when the blog
/// folder is in none.
fn init_or_open(blog: &Blog) -> Result<Repository, PublishError> {
    match super::open(blog) {
        Ok(repo) => Ok(repo),
        Err(PublishError::NoRepository { .. }) => {
            let mut options = RepositoryInitOptions::new();
            options.initial_head("main");
            Ok(Repository::init_opts(blog.root(), &options)?)
        }
        Err(e) => Err(e),
    }
}

/// A remote's address Postdesk will push to: https (http only to this
/// machine), ssh (`ssh://…` or `user@host:path`), or a repository on this
/// machine (`file://…` or an absolute path). Nothing else (`ext::` runs a
/// program).
fn check_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    let scp_like = !url.contains("://")
        && url.split_once(':').is_some_and(|(host, path)| {
            host.contains('@') && !host.contains('/') && !path.is_empty()
        });
    let ok = url.starts_with("https://")
        || loopback.iter().any(|l| url.starts_with(l))
        || url.starts_with("ssh://")
        || url.starts_with("file://")
        || url.starts_with('/')
        || scp_like;
    if url.is_empty() || url.contains(char::is_whitespace) || !ok {
        return Err(format!(
            "`{url}` is not an address Postdesk pushes to; paste the repository's HTTPS or SSH address, like https://github.com/you/blog.git or git@github.com:you/blog.git"
        ));
    }
    Ok(())
}

/// Adds `origin` at `url` once a connection to it for pushing works (with
/// the credentials a push would use); nothing is saved when it does not.
pub fn add_remote(blog: &Blog, url: &str, options: &PushOptions) -> Result<(), PublishError> {
    check_url(url).map_err(PublishError::Setup)?;
    let url = url.trim();
    let repo = super::open(blog)?;
    if repo.find_remote("origin").is_ok() {
        return Err(PublishError::Setup(
            "the repository already has a remote `origin`".into(),
        ));
    }
    let local = url
        .strip_prefix("file://")
        .or_else(|| url.starts_with('/').then_some(url));
    match local {
        Some(path) => {
            Repository::open(path).map_err(|e| {
                PublishError::Setup(format!(
                    "{path} is not a git repository on this machine ({}); create it with `git init --bare {path}`",
                    e.message()
                ))
            })?;
        }
        None => {
            let mut remote = repo.remote_anonymous(url)?;
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let exhausted = std::cell::Cell::new(false);
            let offers = std::cell::Cell::new(0u32);
            let mut callbacks = git2::RemoteCallbacks::new();
            super::push::credentials(&mut callbacks, options, &cancel, &exhausted, &offers);
            remote
                .connect_auth(Direction::Push, Some(callbacks), None)
                .map_err(|e| {
                    PublishError::Setup(format!(
                        "could not reach {url} to push ({}); check the address, and that you may push there (an SSH key in ssh-agent, or a token for HTTPS)",
                        e.message()
                    ))
                })?;
            let _ = remote.disconnect();
        }
    }
    repo.remote("origin", url)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_git_would_refuse_are_refused() {
        assert!(check_identity("Ada Lovelace", "ada@example.org").is_ok());
        assert!(check_identity("", "ada@example.org").is_err());
        assert!(check_identity("Ada <x>", "ada@example.org").is_err());
        assert!(check_identity("Ada", "ada").is_err());
        assert!(check_identity("Ada", "ada@@example.org").is_err());
        assert!(check_identity("Ada", "ada @example.org").is_err());
        assert!(check_identity("Ada", "ada@localhost").is_err());
        assert!(
            check_identity("Ada", "ada@example.org\n").is_ok(),
            "trimmed"
        );
    }

    #[test]
    fn only_addresses_a_push_may_go_to() {
        for ok in [
            "https://github.com/you/blog.git",
            "git@github.com:you/blog.git",
            "ssh://git@example.org/blog.git",
            "/srv/git/blog.git",
            "file:///srv/git/blog.git",
            "http://127.0.0.1:8080/blog.git",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ext::sh -c touch% /tmp/x",
            "http://example.org/blog.git",
            "github.com/you/blog",
            "https://exa mple.org/x",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
