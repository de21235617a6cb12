//! Real git servers on 127.0.0.1 for the publish tests, each started by the
//! test on a free port and stopped when dropped: `git daemon` (git://),
//! `git http-backend` behind lighttpd with basic auth (smart HTTP), and
//! `sshd` with key authentication. Nothing here reaches the network.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited ({status}) before listening on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on 127.0.0.1:{port} within 15 s");
}

fn git_exec_path() -> PathBuf {
    let out = Command::new("git")
        .arg("--exec-path")
        .output()
        .expect("git is installed");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// A running server process, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `git daemon` serving every repository under `base` (push enabled).
pub fn git_daemon(base: &Path) -> Server {
    git_daemon_on(base, free_port())
}

pub fn git_daemon_on(base: &Path, port: u16) -> Server {
    let mut child = Command::new("git")
        .arg("daemon")
        .args([
            "--reuseaddr",
            "--export-all",
            "--enable=receive-pack",
            "--listen=127.0.0.1",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--base-path={}", base.display()))
        .arg(base)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("git daemon starts");
    wait_for(port, &mut child, "git daemon");
    Server { child, port }
}

/// lighttpd running `git http-backend` for the repositories under `base`,
/// at `/git/…`, behind basic auth for `user`:`password`.
pub fn http_backend(base: &Path, work: &Path, user: &str, password: &str) -> Server {
    let port = free_port();
    std::fs::create_dir_all(work).unwrap();
    let users = work.join("users");
    std::fs::write(&users, format!("{user}:{password}\n")).unwrap();
    let docroot = work.join("www");
    std::fs::create_dir_all(&docroot).unwrap();
    let backend = git_exec_path().join("git-http-backend");
    let config = format!(
        r#"server.document-root = "{docroot}"
server.port = {port}
server.bind = "127.0.0.1"
server.errorlog = "{work}/error.log"
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_auth", "mod_authn_file")
alias.url = ("/git" => "{backend}")
$HTTP["url"] =~ "^/git" {{
  cgi.assign = ("" => "")
  setenv.set-environment = ("GIT_PROJECT_ROOT" => "{base}", "GIT_HTTP_EXPORT_ALL" => "1")
}}
auth.backend = "plain"
auth.backend.plain.userfile = "{users}"
auth.require = ("/git" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
"#,
        docroot = docroot.display(),
        work = work.display(),
        backend = backend.display(),
        base = base.display(),
        users = users.display(),
    );
    let conf = work.join("lighttpd.conf");
    std::fs::write(&conf, config).unwrap();
    let mut child = Command::new(lighttpd())
        .arg("-D")
        .arg("-f")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("lighttpd starts (make test installs it)");
    wait_for(port, &mut child, "lighttpd");
    Server { child, port }
}

fn lighttpd() -> PathBuf {
    for p in ["/usr/sbin/lighttpd", "/usr/local/sbin/lighttpd"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    PathBuf::from("lighttpd")
}

/// An SSH server on a free port that accepts `authorized` public keys for
/// the current user, with a host key made here; `known_hosts` gets a line
/// for it so clients can verify the server.
pub struct Ssh {
    pub server: Server,
    pub host_key_line: String,
}

pub fn sshd(work: &Path, authorized: &[PathBuf]) -> Ssh {
    let port = free_port();
    std::fs::create_dir_all(work).unwrap();
    let host_key = work.join("host_ed25519");
    keygen(&host_key);
    let mut keys = String::new();
    for pubkey in authorized {
        keys.push_str(&std::fs::read_to_string(pubkey).unwrap());
    }
    let auth = work.join("authorized_keys");
    std::fs::write(&auth, keys).unwrap();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {auth}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\nStrictModes no\nPidFile {work}/sshd.pid\nLogLevel ERROR\n",
        host = host_key.display(),
        auth = auth.display(),
        work = work.display(),
    );
    let conf = work.join("sshd_config");
    std::fs::write(&conf, config).unwrap();
    // sshd's privilege-separation folder (absent on a fresh machine).
    let _ = std::fs::create_dir_all("/run/sshd");
    let mut child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-e", "-f"])
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sshd starts (make test installs openssh-server)");
    wait_for(port, &mut child, "sshd");
    let public = std::fs::read_to_string(host_key.with_extension("pub")).unwrap();
    let mut parts = public.split_whitespace();
    let host_key_line = format!(
        "[127.0.0.1]:{port} {} {}\n",
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    Ssh {
        server: Server { child, port },
        host_key_line,
    }
}

/// An ed25519 key pair without a passphrase at `path` (and `path.pub`).
pub fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "postdesk-test", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen runs");
    assert!(status.success());
}

/// An ssh-agent on its own socket, holding `keys`; killed on drop.
pub struct Agent {
    pub socket: PathBuf,
    pid: String,
}

pub fn ssh_agent(work: &Path, keys: &[PathBuf]) -> Agent {
    std::fs::create_dir_all(work).unwrap();
    let socket = work.join("agent.sock");
    let out = Command::new("ssh-agent")
        .arg("-a")
        .arg(&socket)
        .arg("-s")
        .output()
        .expect("ssh-agent runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let pid = text
        .split(';')
        .find_map(|p| p.trim().strip_prefix("SSH_AGENT_PID="))
        .expect("ssh-agent prints its pid")
        .to_owned();
    for key in keys {
        let status = Command::new("ssh-add")
            .arg("-q")
            .arg(key)
            .env("SSH_AUTH_SOCK", &socket)
            .status()
            .unwrap();
        assert!(status.success(), "ssh-add {}", key.display());
    }
    Agent { socket, pid }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.pid).status();
    }
}

/// The user name the SSH server will log the test in as.
pub fn whoami() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}
