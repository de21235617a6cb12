//! The `git` command as the push of last resort (what git2 cannot do:
//! `~/.ssh/config` host aliases, hardware keys), made safe to run on a
//! repository someone else prepared; and where a stored token may go.

use std::process::{Command, Stdio};

use git2::Repository;

/// Whether a stored token may be sent to `url`: HTTPS, or plain HTTP to
/// this machine's loopback only.
pub(crate) fn token_may_go_to(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "https" => true,
        Ok(u) if u.scheme() == "http" => match u.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

/// Repository-level settings under which `git push` would run a program
/// (or go somewhere) of the repository's choosing. The blog folder may be
/// someone else's: with any of these, the fallback is refused.
fn runs_a_program(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let parts: Vec<&str> = name.split('.').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    matches!(
        name.as_str(),
        "core.hookspath"
            | "core.askpass"
            | "core.sshcommand"
            | "core.fsmonitor"
            | "core.gitproxy"
            | "core.worktree"
            | "http.sslverify"
            | "http.proxy"
    ) || (first == "credential" && last == "helper")
        || (first == "remote" && matches!(last, "receivepack" | "uploadpack" | "proxy"))
        || (first == "protocol" && last == "allow")
        || (first == "url" && matches!(last, "insteadof" | "pushinsteadof"))
        || (first == "http" && matches!(last, "proxy" | "sslverify"))
        || (first == "include" || first == "includeif")
}

/// The first setting of the repository's own config (`.git/config`) that
/// makes the `git` command unsafe to run on it, if any.
fn unsafe_setting(repo: &Repository) -> Option<String> {
    let config = repo
        .config()
        .ok()?
        .open_level(git2::ConfigLevel::Local)
        .ok()?;
    let mut entries = config.entries(None).ok()?;
    while let Some(Ok(entry)) = entries.next() {
        if let Ok(name) = entry.name() {
            if runs_a_program(name) {
                return Some(name.to_owned());
            }
        }
    }
    None
}

/// `git push` for what git2 cannot do (`~/.ssh/config` host aliases,
/// hardware keys). `None` when there is no `git` command. Refused when the
/// repository's own config could make it run a program; otherwise run with
/// no hooks, only the https, ssh and file transports, and the remote and
/// refspec after `--` (a name starting with `-` is never an option).
pub(super) fn git_command_push(
    repo: &Repository,
    remote: &str,
    refspec: &str,
    set_upstream: bool,
) -> Option<Result<(), String>> {
    let dir = repo.workdir()?;
    if let Some(setting) = unsafe_setting(repo) {
        return Some(Err(format!(
            "not run: the repository's own config sets `{setting}`, which could make `git push` run a program of the repository's choosing; remove it from .git/config (or push from a terminal if you trust this repository)"
        )));
    }
    let mut cmd = hardened_push(dir, &["https", "ssh", "file"]);
    cmd.args(set_upstream.then_some("--set-upstream"))
        .args(["--", remote, refspec])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        // Never wait for a passphrase or host-key prompt nobody can answer.
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(e.to_string())),
    };
    if out.status.success() {
        Some(Ok(()))
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Some(Err(err
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" / ")))
    }
}

/// `git push` in `dir` as Postdesk runs it on a repository it does not
/// trust: this repository's hooks off, only the `transports` named, no
/// prompt, nothing from the caller's environment pointing git elsewhere.
/// The caller adds the push's own arguments.
fn hardened_push(dir: &std::path::Path, transports: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "core.hooksPath=/dev/null"])
        .args(["-c", "protocol.allow=never"]);
    for t in transports {
        cmd.args(["-c", &format!("protocol.{t}.allow=always")]);
    }
    cmd.args(["push", "--no-verify"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    cmd
}

/// The git folder of a remote that is a path on this machine (`../site.git`,
/// `/srv/blog.git`, `file:///srv/blog.git`), if `url` names one.
pub(super) fn local_remote_dir(repo: &Repository, url: &str) -> Option<std::path::PathBuf> {
    let path = if url.starts_with("file://") {
        url::Url::parse(url).ok()?.to_file_path().ok()?
    } else if url.contains("://") || is_scp_like(url) {
        return None;
    } else {
        let p = std::path::Path::new(url);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            repo.workdir()?.join(p)
        }
    };
    Some(Repository::open(path).ok()?.path().to_path_buf())
}

/// `[user@]host:path`, git's scp-like SSH address (a `:` before any `/`).
fn is_scp_like(url: &str) -> bool {
    match (url.find(':'), url.find('/')) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    }
}

/// How a push to a local remote went.
pub(super) enum LocalPush {
    Pushed,
    /// The remote's rules refused it (its `pre-receive` or `update` hook).
    Rejected(String),
    /// The remote branch has commits this one lacks.
    NonFastForward(String),
    Failed(String),
}

/// Pushes to a remote on this machine through `git receive-pack`, so that
/// the remote's own hooks run (libgit2 writes a local remote's refs itself
/// and would skip them). This repository's hooks do not run; the remote's
/// hooks folder is named to receive-pack explicitly.
pub(super) fn push_local(
    repo: &Repository,
    remote: &str,
    refspec: &str,
    set_upstream: bool,
    remote_git_dir: &std::path::Path,
) -> LocalPush {
    let Some(dir) = repo.workdir() else {
        return LocalPush::Failed("the repository has no work tree".into());
    };
    if let Some(setting) = unsafe_setting(repo) {
        return LocalPush::Failed(format!(
            "not pushed: the repository's own config sets `{setting}`, which could make `git push` run a program of the repository's choosing; remove it from .git/config (or push from a terminal if you trust this repository)"
        ));
    }
    let hooks = remote_git_dir.join("hooks");
    let quoted = format!("'{}'", hooks.display().to_string().replace('\'', "'\\''"));
    let receive_pack = format!("git -c core.hooksPath={quoted} receive-pack");
    let out = hardened_push(dir, &["file"])
        .arg("--porcelain")
        .arg(format!("--receive-pack={receive_pack}"))
        .args(set_upstream.then_some("--set-upstream"))
        .args(["--", remote, refspec])
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => return LocalPush::Failed(format!("the git command could not run ({e})")),
    };
    if out.status.success() {
        return LocalPush::Pushed;
    }
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("remote:") || l.starts_with('!'))
        .collect();
    let said = said.join(" / ");
    if text.contains("[remote rejected]") {
        LocalPush::Rejected(said)
    } else if text.contains("non-fast-forward") || text.contains("fetch first") {
        LocalPush::NonFastForward(said)
    } else {
        LocalPush::Failed(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" / "),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_goes_only_over_https_or_to_this_machine() {
        assert!(token_may_go_to("https://git.example/me/blog.git"));
        assert!(token_may_go_to("http://127.0.0.1:8080/blog.git"));
        assert!(token_may_go_to("http://localhost/blog.git"));
        assert!(token_may_go_to("http://[::1]/blog.git"));
        assert!(!token_may_go_to("http://git.example/me/blog.git"));
        assert!(!token_may_go_to("http://10.0.0.1/blog.git"));
        assert!(!token_may_go_to("ftp://git.example/blog.git"));
    }

    #[test]
    fn settings_that_run_a_program_are_recognised() {
        for name in [
            "core.hooksPath",
            "core.askPass",
            "core.sshCommand",
            "core.fsmonitor",
            "credential.helper",
            "credential.https://x.example.helper",
            "remote.origin.receivepack",
            "remote.origin.uploadpack",
            "protocol.ext.allow",
            "url.ext::sh -c touch% /tmp/x.insteadOf",
            "http.proxy",
            "http.sslVerify",
            "include.path",
            "includeIf.gitdir:~/x.path",
        ] {
            assert!(runs_a_program(name), "{name}");
        }
        for name in [
            "user.name",
            "core.bare",
            "remote.origin.url",
            "branch.main.remote",
        ] {
            assert!(!runs_a_program(name), "{name}");
        }
    }
}
