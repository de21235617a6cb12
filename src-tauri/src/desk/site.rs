//! The Site view: the blog's own development server (started only for a
//! blog the writer trusted; see `postdesk_core::serve`) and the webview
//! that shows its pages over the preview pane.
//!
//! The site's pages run their own scripts, so they get a webview of their
//! own (label `site`): no capability names it (`capabilities/main.json`
//! is for the `main` webview only) and its origin is not the app's, so it
//! reaches no command; its navigations stay on the server's origin (the
//! navigation plugin in `lib.rs` asks `allows`), anything else goes to the
//! system browser. The server stops, as a whole process group, when the
//! blog is closed, the app quits, or the view has been hidden for
//! `IDLE`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use postdesk_core::serve::{free_port, Server, SiteCommand};
use postdesk_core::wire::{Bounds, ErrorCode, IpcError, SiteEvent, SiteState};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::{lock, Desk};

/// The site webview's label.
pub(crate) const LABEL: &str = "site";
/// A server whose view has been hidden this long is stopped.
const IDLE: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub(crate) struct Site {
    server: Mutex<Option<Server>>,
    /// Only one start at a time.
    starting: Mutex<()>,
    channel: Mutex<Option<Channel<SiteEvent>>>,
    /// Since when the view is hidden (`None` while shown).
    hidden_since: Mutex<Option<Instant>>,
}

impl Site {
    pub(crate) fn set_channel(&self, channel: Channel<SiteEvent>) {
        *lock(&self.channel) = Some(channel);
    }

    pub(crate) fn tell(&self, event: SiteEvent) {
        if let Some(channel) = lock(&self.channel).as_ref() {
            let _ = channel.send(event);
        }
    }

    /// `http://127.0.0.1:port` of the running server.
    pub(crate) fn origin(&self) -> Option<String> {
        let mut server = lock(&self.server);
        let s = server.as_mut()?;
        s.running().then(|| s.origin())
    }

    /// Whether the site webview may go to `url`: the server's own pages only.
    pub(crate) fn allows(&self, url: &tauri::Url) -> bool {
        let Some(origin) = self.origin() else {
            return false;
        };
        url.origin().ascii_serialization() == origin
    }

    /// Whether there is no server to watch any more: none runs, it stopped
    /// by itself (the window is told, with its log's end), or the view has
    /// been hidden for `idle` (then it is stopped).
    pub(crate) fn check(&self, idle: Duration) -> bool {
        let running = {
            let mut server = lock(&self.server);
            match server.as_mut() {
                None => return true,
                Some(s) => s.running(),
            }
        };
        if !running {
            let tail = lock(&self.server)
                .take()
                .map(|s| postdesk_core::serve::log_tail(&s.log, 8))
                .unwrap_or_default();
            self.tell(SiteEvent::Stopped {
                message: format!("The site's server stopped. Its log ends:\n{tail}"),
            });
            return true;
        }
        if lock(&self.hidden_since).is_some_and(|t| t.elapsed() >= idle) {
            self.stop(&format!(
                "The site's server was stopped after {} minutes unused.",
                idle.as_secs() / 60
            ));
            return true;
        }
        false
    }

    /// Stops the server (and everything it started) if one runs.
    pub(crate) fn stop(&self, why: &str) {
        let server = lock(&self.server).take();
        if let Some(mut server) = server {
            server.stop();
            self.tell(SiteEvent::Stopped {
                message: why.to_owned(),
            });
        }
    }
}

/// Where the scratch files of this blog's server go (Hugo's resources,
/// Jekyll's built site, the log): the app's cache, never the blog folder.
fn work_dir(desk: &Desk) -> PathBuf {
    let root = desk.blog().root().to_path_buf();
    let base = desk
        .cache_dir
        .clone()
        .unwrap_or_else(std::env::temp_dir)
        .join("site");
    // One folder per blog, keyed as its index cache is.
    base.join(postdesk_core::index::blog_key(&root))
}

impl Desk {
    fn site_command(&self) -> Result<SiteCommand, postdesk_core::serve::ServeError> {
        let blog = self.blog();
        SiteCommand::for_blog(blog.root(), blog.kind(), blog.config().site.as_ref())
    }

    /// What the Site view shows before anything runs.
    pub(crate) fn site_state(&self) -> SiteState {
        let blog = self.blog();
        match self.site_command() {
            Ok(command) => {
                let shown = command.shown();
                SiteState {
                    trusted: self.trusts(&shown),
                    command: shown,
                    origin: self.site.origin(),
                    needs_install: command.node && !blog.root().join("node_modules").is_dir(),
                    reloads_itself: command.reloads_itself,
                    error: None,
                }
            }
            Err(e) => SiteState {
                command: String::new(),
                trusted: false,
                origin: None,
                needs_install: false,
                reloads_itself: false,
                error: Some(e.to_string()),
            },
        }
    }

    fn trusts(&self, command: &str) -> bool {
        let root = self.blog().root().to_path_buf();
        self.data_dir
            .as_deref()
            .is_some_and(|d| postdesk_core::app::settings::load(d).trusts(&root, command))
    }

    /// The writer trusts the open blog to run its command, or withdraws it
    /// (which stops a running server).
    pub(crate) fn set_site_trust(&self, trusted: bool) -> Result<(), IpcError> {
        let root = self.blog().root().to_path_buf();
        let command = self.site_command()?.shown();
        if !trusted {
            self.site
                .stop("Postdesk no longer trusts this blog to run its code.");
        }
        self.remember(|r| r.set_trust(&root, trusted.then_some(command.as_str())))
    }

    /// Starts the server when none runs (installing a Node blog's packages
    /// first when `install`): blocking, with progress on the channel.
    pub(crate) fn start_site(&self, install: bool) -> Result<String, IpcError> {
        let _one = lock(&self.site.starting);
        if let Some(origin) = self.site.origin() {
            return Ok(origin);
        }
        let blog = self.blog();
        let command = self.site_command()?;
        if !self.trusts(&command.shown()) {
            return Err(IpcError::new(
                ErrorCode::SiteUntrusted,
                format!(
                    "Postdesk runs `{}` only once you trust this blog: it is the blog's own code",
                    command.shown()
                ),
            ));
        }
        let work = work_dir(self);
        std::fs::create_dir_all(&work).map_err(|e| {
            IpcError::new(
                ErrorCode::SiteFailed,
                format!("could not make {} ({e})", work.display()),
            )
        })?;
        let log = work.join("server.log");
        // A fresh log for each start.
        let _ = std::fs::remove_file(&log);
        if command.node && !blog.root().join("node_modules").is_dir() {
            if !install {
                return Err(postdesk_core::serve::ServeError::NeedsInstall.into());
            }
            let cancel = std::sync::atomic::AtomicBool::new(false);
            postdesk_core::serve::install(blog.root(), &log, &cancel, |p| {
                self.site.tell(SiteEvent::Progress {
                    message: p.message,
                    seconds: p.seconds,
                })
            })?;
        }
        let port = match command.fixed_port {
            Some(port) => port,
            None => free_port().map_err(postdesk_core::serve::ServeError::from)?,
        };
        let reload_port = free_port().map_err(postdesk_core::serve::ServeError::from)?;
        let filled = command.filled(port, reload_port, &work);
        let server = Server::start(filled, blog.root(), port, log, |p| {
            self.site.tell(SiteEvent::Progress {
                message: p.message,
                seconds: p.seconds,
            })
        })?;
        let origin = server.origin();
        *lock(&self.site.server) = Some(server);
        *lock(&self.site.hidden_since) = None;
        self.watch_idle();
        Ok(origin)
    }

    /// Stops the server once the view has been hidden for `IDLE`, or tells
    /// the window when it stopped by itself.
    fn watch_idle(&self) {
        let site = self.site.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(5));
            if site.check(IDLE) {
                return;
            }
        });
    }

    /// The end of the server's log (the last start's).
    pub(crate) fn site_log(&self) -> String {
        postdesk_core::serve::log_tail(&work_dir(self).join("server.log"), 200)
    }

    /// The site URL of the post at `path` on the running server.
    pub(crate) fn site_url(&self, path: &str) -> Result<tauri::Url, IpcError> {
        let origin = self.site.origin().ok_or_else(|| {
            IpcError::new(
                ErrorCode::SiteFailed,
                "the site's server is not running; start it from the Site tab",
            )
        })?;
        let index = self.index()?;
        let summary = index
            .summaries()
            .into_iter()
            .find(|s| s.path == path)
            .ok_or_else(|| {
                IpcError::new(
                    ErrorCode::NotFound,
                    format!("`{path}` is not a post of this blog"),
                )
            })?;
        let route = summary.url.ok_or_else(|| {
            IpcError::new(
                ErrorCode::SiteFailed,
                format!("the blog's generator puts no page for `{path}`; name the pattern in postdesk.toml ([site] url = \"/blog/{{slug}}/\")"),
            )
        })?;
        tauri::Url::parse(&format!("{origin}{route}"))
            .map_err(|e| IpcError::new(ErrorCode::Internal, format!("{origin}{route}: {e}")))
    }

    /// Shows `url` in the site webview at `bounds` (made on first use).
    pub(crate) fn show_site(
        &self,
        app: &AppHandle,
        url: tauri::Url,
        bounds: Bounds,
    ) -> Result<(), IpcError> {
        let failed = |e: tauri::Error| {
            IpcError::new(
                ErrorCode::Internal,
                format!("the Site view could not open: {e}"),
            )
        };
        *lock(&self.site.hidden_since) = None;
        if let Some(webview) = app.get_webview(LABEL) {
            if webview.url().ok().as_ref() != Some(&url) {
                webview.navigate(url).map_err(failed)?;
            }
            super::site_view::place(&webview, Some(bounds));
            return Ok(());
        }
        let window = app
            .get_window("main")
            .ok_or_else(|| IpcError::new(ErrorCode::Internal, "the main window is gone"))?;
        let titled = self.clone();
        let loaded = self.clone();
        let builder = tauri::webview::WebviewBuilder::new(LABEL, tauri::WebviewUrl::External(url))
            // The site's cookies and storage are not kept with the app's.
            .incognito(true)
            .on_document_title_changed(move |_, title| titled.site.tell(SiteEvent::Title { title }))
            .on_page_load(move |_, payload| {
                if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                    loaded.site.tell(SiteEvent::Page {
                        url: payload.url().to_string(),
                    });
                }
            })
            .on_new_window({
                let app = app.clone();
                move |url, _| {
                    super::window::open_in_browser(app.clone(), url.to_string());
                    tauri::webview::NewWindowResponse::Deny
                }
            });
        let webview = window
            .add_child(
                builder,
                tauri::LogicalPosition::new(bounds.x, bounds.y),
                tauri::LogicalSize::new(bounds.width, bounds.height),
            )
            .map_err(failed)?;
        super::site_view::embed(&webview, bounds);
        Ok(())
    }

    /// Moves the site webview to `bounds`, or hides it (`None`).
    pub(crate) fn place_site(&self, app: &AppHandle, bounds: Option<Bounds>) {
        {
            let mut hidden = lock(&self.site.hidden_since);
            match bounds {
                Some(_) => *hidden = None,
                None => {
                    hidden.get_or_insert_with(Instant::now);
                }
            }
        }
        if let Some(webview) = app.get_webview(LABEL) {
            super::site_view::place(&webview, bounds);
        }
    }

    /// Closes the site webview and stops the server (the blog is closed or
    /// the app quits).
    pub(crate) fn close_site(&self, app: &AppHandle, why: &str) {
        if let Some(webview) = app.get_webview(LABEL) {
            let _ = webview.close();
        }
        self.site.stop(why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serving(site: &Site) -> u16 {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port().unwrap();
        let command = SiteCommand {
            program: "python3".into(),
            args: vec![
                "-m".into(),
                "http.server".into(),
                "--bind".into(),
                "127.0.0.1".into(),
                port.to_string(),
            ],
            env: Vec::new(),
            fixed_port: None,
            node: false,
            reloads_itself: false,
        };
        let server =
            Server::start(command, dir.path(), port, dir.path().join("log"), |_| {}).unwrap();
        *lock(&site.server) = Some(server);
        port
    }

    #[test]
    fn a_server_hidden_too_long_is_stopped_and_one_shown_is_kept() {
        let site = Site::default();
        let port = serving(&site);
        assert!(!site.check(Duration::ZERO), "shown: kept");
        *lock(&site.hidden_since) = Some(Instant::now());
        assert!(
            !site.check(Duration::from_secs(60)),
            "hidden a moment: kept"
        );
        assert!(site.check(Duration::ZERO), "hidden past the limit: stopped");
        assert!(site.origin().is_none());
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    }

    #[test]
    fn a_server_that_stopped_by_itself_is_let_go() {
        let site = Site::default();
        serving(&site);
        lock(&site.server).as_mut().unwrap().stop();
        assert!(site.check(Duration::from_secs(60)));
        assert!(lock(&site.server).is_none());
    }
}
