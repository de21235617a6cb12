//! Starts a private X server, tauri-driver and a WebDriver session on the
//! real app, and stops them all again.
//!
//! Each session is sealed off from the next: its own Xvfb (a crashed or
//! crowded server cannot fail a later test), tauri-driver in its own process
//! group (WebKitWebDriver, the app and WebKit's helpers are stopped with it,
//! before the session's folders are removed), a bounded start, and a
//! watchdog that stops a session running far too long, so a hung test fails
//! with a message instead of holding CI until its time limit.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// Numbers the posts `watcher_caught_up` writes.
static SYNC: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The debug binary `make test` builds before running these tests, or the
/// one `POSTDESK_E2E_APP` names (`make bench` measures the release build).
pub fn app_binary() -> PathBuf {
    let path = match std::env::var_os("POSTDESK_E2E_APP") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/postdesk-app"),
    };
    let path = path.canonicalize().unwrap_or_else(|_| {
        panic!(
            "{} is missing: run `cargo build --bins` (or `make test`) first",
            path.display()
        )
    });
    path
}

/// Writes the sample blog (and its bare `origin` beside it) into `dir`, as
/// `postdesk sample DIR` does for a writer, and returns where its origin is.
/// (The tests need no build of the core of their own, which would compile
/// it, and all it depends on, once more.)
pub fn sample(dir: &Path) -> PathBuf {
    let output = Command::new(app_binary().with_file_name("postdesk"))
        .arg("sample")
        .arg(dir)
        .output()
        .expect("postdesk sample starts");
    assert!(
        output.status.success(),
        "postdesk sample {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let origin = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["remote", "get-url", "origin"])
        .output()
        .expect("git starts");
    PathBuf::from(String::from_utf8_lossy(&origin.stdout).trim())
}

/// Where tests leave screenshots (an absolute path: tests run in the crate folder).
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

/// Two distinct free ports (both held while choosing, so they differ).
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").unwrap();
    let b = TcpListener::bind("127.0.0.1:0").unwrap();
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

/// The longest a session may run before the watchdog stops it. The
/// longest test (seven kills of the app) takes about a minute here.
const SESSION_LIMIT: Duration = Duration::from_secs(300);

/// How long WebKitWebDriver may take to hand out a session. It waits for
/// ever for an app that died on start (as one did when its display failed).
const START_LIMIT: Duration = Duration::from_secs(30);

/// A running app with a WebDriver session on it.
pub struct Session {
    pub client: Client,
    driver: Group,
    display: Group,
    /// The X display's number (`:N`).
    display_number: u32,
    /// A private D-Bus session bus, when the session has one.
    bus: Option<(Group, String)>,
    /// Dropped with the session: tells the watchdog to stand down.
    _watchdog: mpsc::Sender<()>,
    /// Holds the XDG folders the app writes into for this run.
    home: Option<tempfile::TempDir>,
}

impl Session {
    /// Starts the app on `blog` with its own empty data and config folders.
    /// A driver that fails to hand out a session is stopped and started
    /// again (at most three times): WebKitWebDriver occasionally refuses the
    /// first session right after a previous one ended.
    pub async fn start(blog: &Path) -> Session {
        Session::start_with(blog, &[]).await
    }

    /// Like [`Session::start`], with extra environment for the app.
    pub async fn start_with(blog: &Path, env: &[(&str, &Path)]) -> Session {
        Session::start_in(blog, tempfile::tempdir().unwrap(), env).await
    }

    /// Like [`Session::start`], with a private D-Bus session bus (the app is
    /// then a single instance: see [`Session::second_start`]).
    pub async fn start_on_bus(blog: &Path) -> Session {
        let (bus, address) = start_bus();
        let mut s = Session::start_in(
            blog,
            tempfile::tempdir().unwrap(),
            &[("DBUS_SESSION_BUS_ADDRESS", Path::new(&address))],
        )
        .await;
        s.bus = Some((bus, address));
        s
    }

    /// Runs a second `postdesk ARGS` on this session's display, bus and
    /// folders, as a writer typing it in a terminal would, and returns how
    /// it ended and what it printed. It must end within 20 s.
    pub fn second_start(&self, args: &[&Path]) -> (std::process::ExitStatus, String) {
        let home = self.home.as_ref().expect("the session's home").path();
        // The command line a writer types: `postdesk`, which becomes the
        // app binary beside it.
        let mut command = Command::new(app_binary().with_file_name("postdesk"));
        command
            .args(args)
            .env("DISPLAY", format!(":{}", self.display_number))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0);
        if let Some((_, address)) = &self.bus {
            command.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        let mut child = command.spawn().expect("the app binary starts");
        let stderr = child.stderr.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
            let _ = tx.send(text);
        });
        let pgid = child.id();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Ok(Some(status)) = child.try_wait() {
                break status;
            }
            if Instant::now() > deadline {
                signal("-KILL", &format!("-{pgid}"));
                let _ = child.wait();
                panic!("the second postdesk {args:?} was still running after 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let printed = rx.recv_timeout(Duration::from_secs(5)).unwrap_or_default();
        (status, printed)
    }

    /// Starts the app with its XDG folders in `home` (a later session can
    /// reuse them: what the app remembered, its journal).
    pub async fn start_in(blog: &Path, home: tempfile::TempDir, env: &[(&str, &Path)]) -> Session {
        let mut last_error = String::new();
        let mut home = Some(home);
        for _ in 0..3 {
            match Session::try_start(blog, &mut home, env).await {
                Ok(session) => return session,
                Err(e) => {
                    last_error = e;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("no WebDriver session on the app after 3 attempts (each on a fresh Xvfb; its log is target/e2e-artifacts/xvfb.log): {last_error}");
    }

    async fn try_start(
        blog: &Path,
        home_slot: &mut Option<tempfile::TempDir>,
        env: &[(&str, &Path)],
    ) -> Result<Session, String> {
        let home = home_slot.take().expect("a home for the session");
        for sub in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.path().join(sub)).unwrap();
        }
        let (display, number) = match start_display() {
            Ok(started) => started,
            Err(e) => {
                *home_slot = Some(home);
                return Err(e);
            }
        };
        let (port, native_port) = free_ports();
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", format!(":{number}"))
            // No bus unless the test starts one (`start_on_bus`).
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            // WebKit's renderer is the one the app chooses
            // (`env::choose_renderer`: the older one without a GPU), as a
            // writer gets it, unless a test sets one (`env`).
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .expect("tauri-driver could not start: install it with `cargo install tauri-driver --locked` (make test does)");
        let driver = Group(Some(driver));
        let watchdog = watchdog(&driver, &display, blog);
        wait_for_port(port);

        let mut caps = Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary(), "args": [blog] }),
        );
        caps.insert("browserName".into(), Value::String("wry".into()));
        let url = format!("http://127.0.0.1:{port}");
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        let connect = builder.capabilities(caps).connect(&url);
        let error = match tokio::time::timeout(START_LIMIT, connect).await {
            Ok(Ok(client)) => {
                return Ok(Session {
                    client,
                    driver,
                    display,
                    display_number: number,
                    bus: None,
                    _watchdog: watchdog,
                    home: Some(home),
                })
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no session within {} s", START_LIMIT.as_secs()),
        };
        // Everything this attempt started is stopped before its folders are
        // handed to the next attempt.
        drop(driver);
        drop(display);
        *home_slot = Some(home);
        Err(error)
    }

    /// Waits up to 10 s for an element.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(el) => el,
            Err(e) => {
                let shot = self.screenshot("failure").await;
                panic!(
                    "no element matches `{css}` ({e}); the window is in {}",
                    shot.display()
                )
            }
        }
    }

    /// Clicks the element `css` names (waiting up to 10 s for it).
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Chooses `value` in the `<select>` `css` names (waiting up to 10 s for it).
    pub async fn select(&self, css: &str, value: &str) {
        self.find(css).await.select_by_value(value).await.unwrap();
    }

    /// Polls `check` until it returns true, for up to 10 s.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if check().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = match self.client.screenshot().await {
            Ok(png) => {
                let path = artifacts_dir().join("failure.png");
                std::fs::write(&path, png).map_or_else(
                    |e| format!("(no screenshot: {e})"),
                    |()| path.display().to_string(),
                )
            }
            Err(e) => format!("(no screenshot: {e})"),
        };
        panic!("timed out waiting for: {what}; the window is in {shot}");
    }

    /// Drops `file` on the window at (`x`, `y`), as the file manager would
    /// (debug builds take `e2e_drop` as the OS drop event).
    pub async fn drop_file_at(&self, file: &Path, x: f64, y: f64) {
        self.client
            .execute(
                "return window.__TAURI_INTERNALS__.invoke('e2e_drop', { paths: [arguments[0]], x: arguments[1], y: arguments[2] });",
                vec![file.display().to_string().into(), x.into(), y.into()],
            )
            .await
            .unwrap();
    }

    /// Drops `file` on the middle of the element `css` matches.
    pub async fn drop_file_on(&self, css: &str, file: &Path) {
        let (x, y, w, h) = self.find(css).await.rectangle().await.unwrap();
        self.drop_file_at(file, x + w / 2.0, y + h / 2.0).await;
    }

    /// Pastes a `w`×`h` PNG of one `colour` (made by a canvas, named
    /// `name`) on the element `css` matches, as the clipboard would.
    pub async fn paste_image(&self, css: &str, name: &str, (w, h): (u32, u32), colour: &str) {
        self.find(css).await;
        self.client
            .execute_async(
                r#"const [css, name, w, h, colour, done] = arguments;
                const c = document.createElement('canvas'); c.width = w; c.height = h;
                const g = c.getContext('2d'); g.fillStyle = colour; g.fillRect(0, 0, w, h);
                c.toBlob((b) => {
                  const dt = new DataTransfer();
                  dt.items.add(new File([b], name, { type: 'image/png' }));
                  document.querySelector(css).dispatchEvent(
                    new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
                  done(true);
                }, 'image/png');"#,
                vec![css.into(), name.into(), w.into(), h.into(), colour.into()],
            )
            .await
            .unwrap();
    }

    /// How many performance marks named `name` the window has made (the
    /// app marks what it decided: `pd:autosave`, `pd:autosave-skipped`,
    /// `pd:autosave-off`, `pd:journaled`, `pd:recovered-read`, …).
    pub async fn marks(&self, name: &str) -> usize {
        self.client
            .execute(
                "return performance.getEntriesByName(arguments[0], 'mark').length;",
                vec![name.into()],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0) as usize
    }

    /// Waits until the window has made more than `seen` marks `name`.
    pub async fn mark_after(&self, name: &str, seen: usize) {
        self.eventually(&format!("the window's mark {name}"), || async {
            self.marks(name).await > seen
        })
        .await;
    }

    /// Waits for two animation frames: what the DOM holds now is painted.
    pub async fn painted(&self) {
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .unwrap();
    }

    /// Waits until the window has heard every change made on disk before
    /// now: a new post is written and must reach the list (changes are
    /// heard in order), then it is removed again and must leave it.
    pub async fn watcher_caught_up(&self, blog: &Path) {
        let n = SYNC.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let rel = format!("_posts/zz-sync-{n}.md");
        std::fs::write(blog.join(&rel), format!("---\ntitle: Sync {n}\n---\nx\n")).unwrap();
        let css = format!(r#"li[data-path="{rel}"]"#);
        self.eventually("the watcher to hear a change made now", || async {
            self.client
                .find(fantoccini::Locator::Css(&css))
                .await
                .is_ok()
        })
        .await;
        std::fs::remove_file(blog.join(&rel)).unwrap();
        self.eventually("the watcher to hear the sync post go", || async {
            self.client
                .find(fantoccini::Locator::Css(&css))
                .await
                .is_err()
        })
        .await;
    }

    /// The folder holding the app's XDG folders (`data`, `config`, `cache`).
    pub fn home(&self) -> &Path {
        self.home.as_ref().expect("the session's home").path()
    }

    /// Waits until the recovery journal on disk holds `text` (the journal
    /// is throttled: a write made while typing went on holds only part of
    /// it).
    pub async fn journal_holds(&self, text: &str) {
        let journal = self.home().join("data");
        self.eventually(&format!("{text:?} in the recovery journal"), || async {
            walk(&journal).iter().any(|f| {
                f.file_name().is_some_and(|n| n == "journal.log")
                    && std::fs::read(f)
                        .is_ok_and(|b| b.windows(text.len()).any(|w| w == text.as_bytes()))
            })
        })
        .await;
    }

    /// Saves a PNG of the whole X screen (what a person sees, native
    /// webviews included; WebDriver's screenshot has only the page).
    pub async fn screen(&self, name: &str) -> PathBuf {
        self.painted().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let path = artifacts_dir().join(format!("{name}.png"));
        let status = Command::new("import")
            .args([
                "-display",
                &format!(":{}", self.display_number),
                "-window",
                "root",
            ])
            .arg(&path)
            .status()
            .expect("ImageMagick's import runs (make test installs it)");
        assert!(status.success(), "import failed");
        path
    }

    /// Saves a PNG of the window under target/e2e-artifacts.
    ///
    /// WebKitGTK's WebDriver takes the snapshot after the page's next
    /// presentation update (`WebAutomationSession::takeScreenshot` →
    /// `callAfterNextPresentationUpdate`). With WebKit's older renderer (the
    /// one the app chooses without a GPU) a page with nothing left to draw
    /// presents no update, and the command waits for ever (it did after the
    /// preview typeset math). A 1-pixel, nearly transparent mark changed
    /// every frame while the snapshot is taken keeps frames coming; it is
    /// removed after.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // The frame after a DOM change may not be painted yet.
        self.painted().await;
        self.client
            .execute(
                "const e = document.createElement('div'); e.id = 'pd-e2e-tick'; e.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647'; document.body.appendChild(e); let n = 0; const tick = () => { if (!e.isConnected) return; e.style.background = (n++ % 2) ? 'rgba(0,0,0,0.02)' : 'rgba(0,0,0,0.03)'; requestAnimationFrame(tick); }; requestAnimationFrame(tick);",
                vec![],
            )
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        let _ = self
            .client
            .execute("document.getElementById('pd-e2e-tick')?.remove();", vec![])
            .await;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn stop(self) {
        let _ = self.client.clone().close().await;
    }

    /// Stops the app and hands back its XDG folders for a later session.
    pub async fn stop_keeping_home(mut self) -> tempfile::TempDir {
        let _ = self.client.clone().close().await;
        self.driver.stop();
        self.display.stop();
        if let Some((mut bus, _)) = self.bus.take() {
            bus.stop();
        }
        self.home.take().expect("the session's home")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The app first, then its display; the folders go last (fields drop
        // after this), when nothing can write into them any more.
        self.driver.stop();
        self.display.stop();
        if let Some((bus, _)) = &mut self.bus {
            bus.stop();
        }
    }
}

/// A process that leads its own process group: stopping it stops everything
/// it started (for tauri-driver: WebKitWebDriver, the app, WebKit's helpers).
struct Group(Option<Child>);

impl Group {
    /// SIGTERM to the leader, which lets tauri-driver end its WebDriver
    /// session, then SIGKILL to whatever of the group is left.
    fn stop(&mut self) {
        let Some(mut leader) = self.0.take() else {
            return;
        };
        let pgid = leader.id();
        if let Ok(None) = leader.try_wait() {
            signal("-TERM", &pgid.to_string());
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = leader.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        signal("-KILL", &format!("-{pgid}"));
        let _ = leader.wait();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.stop();
    }
}

fn signal(which: &str, target: &str) {
    let _ = Command::new("kill")
        .args([which, "--", target])
        .stderr(Stdio::null())
        .status();
}

/// Starts Xvfb on a display number it chooses itself, and waits until it
/// accepts clients (it writes the number once it does).
fn start_display() -> Result<(Group, u32), String> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(artifact_log("xvfb.log"))
        .process_group(0)
        .spawn()
        .map_err(|e| format!("Xvfb could not start ({e}): install it with `apt-get install xvfb` (make test does)"))?;
    let stdout = child.stdout.take().expect("piped");
    let server = Group(Some(child));
    match first_line(stdout) {
        Some(line) => match line.trim().parse() {
            Ok(number) => Ok((server, number)),
            Err(_) => Err(format!(
                "Xvfb ended without a display (it said {line:?}; see target/e2e-artifacts/xvfb.log)"
            )),
        },
        None => Err("Xvfb did not accept clients within 15 s".into()),
    }
}

/// A log under target/e2e-artifacts that a helper process appends to (or
/// nowhere, when it cannot be opened).
fn artifact_log(name: &str) -> Stdio {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(artifacts_dir().join(name))
        .map_or_else(|_| Stdio::null(), Stdio::from)
}

/// The first line a helper prints when it is ready (waiting up to 15 s).
fn first_line(stdout: std::process::ChildStdout) -> Option<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(Duration::from_secs(15)).ok()
}

/// Starts a private D-Bus session bus and returns it with its address.
fn start_bus() -> (Group, String) {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
        .stdout(Stdio::piped())
        // The services it starts on demand (portal, accessibility) talk here.
        .stderr(artifact_log("dbus.log"))
        .process_group(0)
        .spawn()
        .expect("dbus-daemon could not start: install it with `apt-get install dbus-daemon` (make test does)");
    let stdout = child.stdout.take().expect("piped");
    let bus = Group(Some(child));
    let address = first_line(stdout).expect("dbus-daemon gave no address within 15 s");
    assert!(
        !address.trim().is_empty(),
        "dbus-daemon ended without an address"
    );
    (bus, address.trim().to_owned())
}

/// Stops the session's processes if it is still running after
/// [`SESSION_LIMIT`]: every WebDriver call then fails at once, so the test
/// ends with an error instead of waiting for ever.
fn watchdog(driver: &Group, display: &Group, blog: &Path) -> mpsc::Sender<()> {
    let groups: Vec<u32> = [driver, display]
        .iter()
        .filter_map(|g| g.0.as_ref().map(Child::id))
        .collect();
    let blog = blog.display().to_string();
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(SESSION_LIMIT) {
            eprintln!(
                "e2e: the session on {blog} ran over {} s: stopping its app and display so the test fails instead of hanging",
                SESSION_LIMIT.as_secs()
            );
            for pgid in groups {
                signal("-KILL", &format!("-{pgid}"));
            }
        }
    });
    tx
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return path.into();
    }
    let cargo_bin = dirs_home().join(".cargo/bin/tauri-driver");
    if cargo_bin.exists() {
        cargo_bin
    } else {
        "tauri-driver".into()
    }
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn dirs_home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("tauri-driver did not listen on port {port} within 15 s");
}
