//! Running a development server: its own process group (so stopping it
//! stops what it started: npm's node, bundler's ruby), output appended to
//! a log, ready once 127.0.0.1:port accepts a connection.

use std::io::{Read, Seek};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::command::known_fix;
use super::{ServeError, SiteCommand};

/// How long a server may take to listen (a cold `astro dev` takes a while).
const READY_WITHIN: Duration = Duration::from_secs(120);
/// How long `npm install` may take.
const INSTALL_WITHIN: Duration = Duration::from_secs(15 * 60);

/// What a start is doing, for the window's progress line.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub message: String,
    pub seconds: u64,
}

/// A running development server. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
    pub command: SiteCommand,
}

/// A port free on 127.0.0.1 now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn spawn(command: &SiteCommand, root: &Path, log: &Path) -> Result<Child, ServeError> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    let mut cmd = Command::new(&command.program);
    cmd.args(&command.args)
        .current_dir(root)
        .envs(command.env.iter().map(|(k, v)| (k, v)))
        // Colour codes would only clutter the log.
        .env("NO_COLOR", "1")
        .env("FORCE_COLOR", "0")
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .process_group(0);
    // If Postdesk dies without stopping it (killed, crashed), the server's
    // leader gets SIGTERM from the kernel instead of living on.
    // SAFETY: the closure runs between fork and exec and only makes the
    // prctl system call, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::TERM))
                .map_err(std::io::Error::from)
        });
    }
    spawn_from_long_lived_thread(cmd).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ServeError::NotInstalled {
            program: command.program.clone(),
            fix: command.install_hint(),
        },
        _ => ServeError::Io(e),
    })
}

type SpawnRequest = (Command, std::sync::mpsc::Sender<std::io::Result<Child>>);

/// Spawns `cmd` from a thread that lives as long as the process: the
/// kernel's parent-death signal follows the *thread* that forked, so a
/// server spawned from a worker thread that later ends would be killed
/// with it.
fn spawn_from_long_lived_thread(mut cmd: Command) -> std::io::Result<Child> {
    type Spawner = std::sync::Mutex<std::sync::mpsc::Sender<SpawnRequest>>;
    static SPAWNER: std::sync::OnceLock<Option<Spawner>> = std::sync::OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<SpawnRequest>();
        std::thread::Builder::new()
            .name("postdesk-site-spawner".into())
            .spawn(move || {
                for (mut cmd, reply) in rx {
                    let _ = reply.send(cmd.spawn());
                }
            })
            .ok()
            .map(|_| std::sync::Mutex::new(tx))
    });
    // Without that thread (none could be made), from this one.
    let Some(spawner) = spawner else {
        return cmd.spawn();
    };
    let (reply, answer) = std::sync::mpsc::channel();
    let gone = || std::io::Error::other("the thread that starts servers is gone");
    spawner
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send((cmd, reply))
        .map_err(|_| gone())?;
    answer.recv().map_err(|_| gone())?
}

/// Stops a process group: SIGTERM, then SIGKILL for what is left after
/// two seconds.
fn stop_group(child: &mut Child) {
    let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) else {
        return;
    };
    let group = |sig| rustix::process::kill_process_group(pid, sig);
    if group(rustix::process::Signal::TERM).is_err() {
        let _ = child.wait();
        return;
    }
    let until = Instant::now() + Duration::from_secs(2);
    // The group is gone when signal 0 … is refused; the leader is reaped
    // first so it does not linger as a zombie member.
    let mut reaped = false;
    while Instant::now() < until {
        if !reaped {
            reaped = matches!(child.try_wait(), Ok(Some(_)));
        }
        if reaped && rustix::process::test_kill_process_group(pid).is_err() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = group(rustix::process::Signal::KILL);
    let _ = child.wait();
}

/// The last `lines` lines of the log (colour codes taken out).
pub fn log_tail(log: &Path, lines: usize) -> String {
    let Ok(mut file) = std::fs::File::open(log) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(std::io::SeekFrom::Start(len.saturating_sub(64 * 1024)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    let plain = String::from_utf8_lossy(&strip_ansi_escapes::strip(&bytes)).into_owned();
    let all: Vec<&str> = plain.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn failed(command: &SiteCommand, status: String, log: &Path) -> ServeError {
    let tail = log_tail(log, 20);
    ServeError::Exited {
        command: command.shown(),
        status,
        fix: known_fix(&tail),
        tail,
    }
}

impl Server {
    /// Starts `command` (placeholders filled) in `root` and waits until it
    /// listens, telling `progress` every second.
    pub fn start(
        command: SiteCommand,
        root: &Path,
        port: u16,
        log: PathBuf,
        mut progress: impl FnMut(Progress),
    ) -> Result<Server, ServeError> {
        if command.node && !root.join("node_modules").is_dir() {
            return Err(ServeError::NeedsInstall);
        }
        let child = spawn(&command, root, &log)?;
        let mut server = Server {
            child,
            port,
            log,
            command,
        };
        let started = Instant::now();
        let mut told = u64::MAX;
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(failed(&server.command, status.to_string(), &server.log));
            }
            let seconds = started.elapsed().as_secs();
            if seconds >= READY_WITHIN.as_secs() {
                let tail = log_tail(&server.log, 20);
                return Err(ServeError::Timeout {
                    command: server.command.shown(),
                    seconds,
                    tail,
                });
            }
            if seconds != told {
                told = seconds;
                progress(Progress {
                    message: format!("Starting {} on 127.0.0.1:{port}…", server.command.program),
                    seconds,
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The server's address: `http://127.0.0.1:port`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The process group's id (its leader's pid).
    pub fn group(&self) -> u32 {
        self.child.id()
    }

    /// Stops it and everything it started.
    pub fn stop(&mut self) {
        stop_group(&mut self.child);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs `npm install` in `root` (the writer agreed), its output in `log`.
pub fn install(
    root: &Path,
    log: &Path,
    cancel: &std::sync::atomic::AtomicBool,
    mut progress: impl FnMut(Progress),
) -> Result<(), ServeError> {
    let command = SiteCommand {
        program: "npm".into(),
        args: vec!["install".into()],
        env: Vec::new(),
        fixed_port: None,
        node: true,
        reloads_itself: false,
    };
    let mut child = spawn(&command, root, log)?;
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            if status.success() {
                return Ok(());
            }
            return Err(failed(&command, status.to_string(), log));
        }
        let seconds = started.elapsed().as_secs();
        if cancel.load(std::sync::atomic::Ordering::Relaxed) || seconds >= INSTALL_WITHIN.as_secs()
        {
            stop_group(&mut child);
            return Err(ServeError::Timeout {
                command: command.shown(),
                seconds,
                tail: log_tail(log, 20),
            });
        }
        let last = log_tail(log, 1);
        progress(Progress {
            message: if last.is_empty() {
                "Installing the blog's packages (npm install)…".into()
            } else {
                format!("npm install: {last}")
            },
            seconds,
        });
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> SiteCommand {
        SiteCommand {
            program: "sh".into(),
            args: vec!["-c".into(), script.into()],
            env: Vec::new(),
            fixed_port: None,
            node: false,
            reloads_itself: false,
        }
    }

    #[test]
    fn a_server_is_ready_when_it_listens_and_stops_with_everything_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port().unwrap();
        // A shell that starts a listener as its child, as npm starts node.
        let script = format!(
            "echo starting; python3 -c 'import socket,time; s=socket.socket(); \
             s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
             s.bind((\"127.0.0.1\", {port})); s.listen(); time.sleep(60)' & wait"
        );
        let log = dir.path().join("logs/site.log");
        let mut seen = Vec::new();
        let mut server =
            Server::start(sh(&script), dir.path(), port, log.clone(), |p| seen.push(p)).unwrap();
        assert!(server.running());
        assert_eq!(server.origin(), format!("http://127.0.0.1:{port}"));
        let group = server.group();
        server.stop();
        assert!(
            rustix::process::test_kill_process_group(
                rustix::process::Pid::from_raw(group as i32).unwrap()
            )
            .is_err(),
            "a process of the group was left"
        );
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
        assert!(log_tail(&log, 5).contains("starting"));
    }

    #[test]
    fn a_server_that_stops_says_why_with_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let e = Server::start(
            sh("echo 'Error: Could not find gem minima'; exit 3"),
            dir.path(),
            free_port().unwrap(),
            dir.path().join("site.log"),
            |_| {},
        )
        .unwrap_err();
        let message = e.to_string();
        assert!(message.contains("exit status: 3"), "{message}");
        assert!(message.contains("Could not find gem minima"), "{message}");
        assert!(message.contains("bundle install"), "{message}");
    }

    #[test]
    fn a_missing_program_says_how_to_install_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = sh("");
        c.program = "hugo-that-is-not-there".into();
        let e = Server::start(c, dir.path(), 1, dir.path().join("l"), |_| {}).unwrap_err();
        assert!(matches!(e, ServeError::NotInstalled { .. }), "{e}");
    }

    #[test]
    fn a_node_blog_without_its_packages_asks_for_them_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = sh("touch ran");
        c.node = true;
        let e = Server::start(c, dir.path(), 1, dir.path().join("l"), |_| {}).unwrap_err();
        assert!(matches!(e, ServeError::NeedsInstall));
        assert!(!dir.path().join("ran").exists());
    }
}
