//! Publishing over SSH through the command line, against a real sshd on
//! 127.0.0.1 (ssh-agent, key files, an ssh config alias, an unknown host
//! key): the environment (HOME, SSH_AUTH_SOCK) is the process's own here.

use std::path::Path;
use std::process::{Command, Output};

use crate::servers;
use crate::{sample, stderr, stdout};

/// A sample blog whose `origin` is served by a real sshd on 127.0.0.1, and
/// a HOME of its own (known_hosts, keys, ssh config) for the command line.
struct SshBlog {
    dir: tempfile::TempDir,
    blog: std::path::PathBuf,
    home: std::path::PathBuf,
    origin: std::path::PathBuf,
    ssh: servers::Ssh,
    authorized: std::path::PathBuf,
}

fn ssh_blog() -> SshBlog {
    let dir = tempfile::tempdir().unwrap();
    let blog = sample(dir.path());
    let origin = blog
        .with_file_name("blog-origin.git")
        .canonicalize()
        .unwrap();
    for (k, v) in [
        ("user.name", "Test Writer"),
        ("user.email", "writer@example.com"),
    ] {
        git_in(&blog, &["config", k, v]);
    }
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let authorized = keys.join("authorized");
    servers::keygen(&authorized);
    let ssh = servers::sshd(
        &dir.path().join("sshd"),
        &[authorized.with_extension("pub")],
    );
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/known_hosts"), &ssh.host_key_line).unwrap();
    let url = format!(
        "ssh://{}@127.0.0.1:{}{}",
        servers::whoami(),
        ssh.server.port,
        origin.display()
    );
    git_in(&blog, &["remote", "set-url", "origin", &url]);
    SshBlog {
        dir,
        blog,
        home,
        origin,
        ssh,
        authorized,
    }
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn append(file: &Path, line: &str) {
    let mut text = std::fs::read_to_string(file).unwrap();
    text.push_str(line);
    std::fs::write(file, text).unwrap();
}

fn publish_as(b: &SshBlog, env: &[(&str, &Path)]) -> Output {
    let post = b.blog.join("_posts/writing-with-postdesk.md");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postdesk"));
    cmd.args(["publish", post.to_str().unwrap()])
        .env("HOME", &b.home)
        .env("XDG_CACHE_HOME", b.dir.path().join("cache"))
        .env_remove("SSH_AUTH_SOCK")
        .env_remove("GIT_SSH_COMMAND")
        .env_remove("DISPLAY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn publish_over_ssh_with_the_agent_then_a_key_file_and_an_unknown_key() {
    let b = ssh_blog();
    let post = b.blog.join("_posts/writing-with-postdesk.md");

    // ssh-agent holding the authorized key (no key files in ~/.ssh).
    let agent = servers::ssh_agent(
        &b.dir.path().join("agent"),
        std::slice::from_ref(&b.authorized),
    );
    append(&post, "\nOver SSH with the agent.\n");
    let out = publish_as(&b, &[("SSH_AUTH_SOCK", agent.socket.as_path())]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("pushed to origin"),
        "{}",
        stdout(&out)
    );
    assert!(
        !stdout(&out).contains("with the git command"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        git_in(&b.origin, &["rev-parse", "main"]),
        git_in(&b.blog, &["rev-parse", "HEAD"])
    );
    drop(agent);

    // An unknown key, in the agent and in ~/.ssh: refused, commit kept,
    // exit 1, and the message says what to do.
    let stranger = b.dir.path().join("keys/stranger");
    servers::keygen(&stranger);
    std::fs::copy(&stranger, b.home.join(".ssh/id_ed25519")).unwrap();
    let agent = servers::ssh_agent(
        &b.dir.path().join("agent2"),
        std::slice::from_ref(&stranger),
    );
    append(&post, "\nRefused key.\n");
    let out = publish_as(&b, &[("SSH_AUTH_SOCK", agent.socket.as_path())]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("needs credentials") && text.contains("ssh-agent"),
        "{text}"
    );
    assert_ne!(
        git_in(&b.origin, &["rev-parse", "main"]),
        git_in(&b.blog, &["rev-parse", "HEAD"])
    );
    drop(agent);

    // The authorized key as ~/.ssh/id_ed25519 (no agent): Retry pushes.
    std::fs::copy(&b.authorized, b.home.join(".ssh/id_ed25519")).unwrap();
    std::fs::copy(
        b.authorized.with_extension("pub"),
        b.home.join(".ssh/id_ed25519.pub"),
    )
    .unwrap();
    let out = publish_as(&b, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        git_in(&b.origin, &["rev-parse", "main"]),
        git_in(&b.blog, &["rev-parse", "HEAD"])
    );
}

#[test]
fn publish_over_an_ssh_config_host_alias_falls_back_to_git() {
    let b = ssh_blog();
    let post = b.blog.join("_posts/writing-with-postdesk.md");
    // The key is under a name git2 does not try; only ~/.ssh/config says so.
    let config = format!(
        "Host blog-server\n  HostName 127.0.0.1\n  Port {}\n  User {}\n  IdentityFile {}\n  IdentitiesOnly yes\n  UserKnownHostsFile {}\n",
        b.ssh.server.port,
        servers::whoami(),
        b.authorized.display(),
        b.home.join(".ssh/known_hosts").display()
    );
    let config_file = b.home.join(".ssh/config");
    std::fs::write(&config_file, config).unwrap();
    git_in(
        &b.blog,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("blog-server:{}", b.origin.display()),
        ],
    );
    append(&post, "\nThrough the alias.\n");
    // OpenSSH reads the config of the passwd home, not $HOME: name it.
    let ssh_command = format!("ssh -F {} -o BatchMode=yes", config_file.display());
    let out = publish_as(&b, &[("GIT_SSH_COMMAND", Path::new(&ssh_command))]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("with the git command"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        git_in(&b.origin, &["rev-parse", "main"]),
        git_in(&b.blog, &["rev-parse", "HEAD"])
    );
}

#[test]
fn an_unknown_ssh_host_key_is_not_trusted() {
    let b = ssh_blog();
    std::fs::write(b.home.join(".ssh/known_hosts"), "").unwrap();
    let agent = servers::ssh_agent(
        &b.dir.path().join("agent"),
        std::slice::from_ref(&b.authorized),
    );
    append(
        &b.blog.join("_posts/writing-with-postdesk.md"),
        "\nUnknown host.\n",
    );
    let out = publish_as(&b, &[("SSH_AUTH_SOCK", agent.socket.as_path())]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("known_hosts"), "{}", stdout(&out));
    assert_ne!(
        git_in(&b.origin, &["rev-parse", "main"]),
        git_in(&b.blog, &["rev-parse", "HEAD"])
    );
}
