//! Starts tauri-driver and a WebDriver session on the real app, and stops
//! them again (tauri-driver with SIGTERM: a killed one leaves WebKitWebDriver
//! orphaned on its port).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// The debug binary `make test` builds before running these tests, or the
/// one `POSTDESK_E2E_APP` names (`make bench` measures the release build).
pub fn app_binary() -> PathBuf {
    let path = match std::env::var_os("POSTDESK_E2E_APP") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/postdesk"),
    };
    let path = path.canonicalize().unwrap_or_else(|_| {
        panic!(
            "{} is missing: run `cargo build` (or `make test`) first",
            path.display()
        )
    });
    path
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

/// A running app with a WebDriver session on it.
pub struct Session {
    pub client: Client,
    driver: Child,
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
        panic!("no WebDriver session on the app after 3 attempts (is Xvfb running? `make test` starts it): {last_error}");
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
        let (port, native_port) = free_ports();
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver could not start: install it with `cargo install tauri-driver --locked` (make test does)");
        let mut guard = DriverGuard(Some(driver));
        wait_for_port(port);

        let mut caps = Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary(), "args": [blog] }),
        );
        caps.insert("browserName".into(), Value::String("wry".into()));
        let client =
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => client,
                Err(e) => {
                    // The next attempt gets the same folders.
                    *home_slot = Some(home);
                    return Err(e.to_string());
                }
            };
        Ok(Session {
            client,
            driver: guard.0.take().unwrap(),
            home: Some(home),
        })
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
        panic!("timed out waiting for: {what}");
    }

    /// Saves a PNG of the window under target/e2e-artifacts.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // The frame after a DOM change may not be painted yet.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let png = self.client.screenshot().await.unwrap();
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver);
    }

    /// Stops the app and hands back its XDG folders for a later session.
    pub async fn stop_keeping_home(mut self) -> tempfile::TempDir {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver);
        self.home.take().expect("the session's home")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        terminate(&mut self.driver);
    }
}

struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            terminate(child);
        }
    }
}

fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
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
