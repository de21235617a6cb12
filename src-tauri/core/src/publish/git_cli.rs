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
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "core.hooksPath=/dev/null"])
        .args(["-c", "protocol.allow=never"])
        .args(["-c", "protocol.https.allow=always"])
        .args(["-c", "protocol.ssh.allow=always"])
        .args(["-c", "protocol.file.allow=always"])
        .args(["push", "--no-verify"])
        .args(set_upstream.then_some("--set-upstream"))
        .args(["--", remote, refspec])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
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
