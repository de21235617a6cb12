//! What Rust tells the window without being asked: a link clicked in the
//! preview (gone to the browser, a post to open, or why nothing opened)
//! and a second `postdesk BLOG` started while the window runs.

use std::path::Path;
use std::sync::Mutex;

use postdesk_core::wire::{BlogAsked, LinkOpened};
use tauri::ipc::Channel;

use super::{lock, Desk};
use crate::{cli, navigation};

#[derive(Default)]
pub(crate) struct Channels {
    links: Mutex<Option<Channel<LinkOpened>>>,
    starts: Mutex<Option<Channel<BlogAsked>>>,
    /// The blog a second start asked for: the window may open it.
    asked: Mutex<Option<std::path::PathBuf>>,
}

impl Channels {
    pub(crate) fn set_links(&self, channel: Channel<LinkOpened>) {
        *lock(&self.links) = Some(channel);
    }

    pub(crate) fn set_starts(&self, channel: Channel<BlogAsked>) {
        *lock(&self.starts) = Some(channel);
    }

    /// Tells the window a link went to the browser (or why it could not).
    pub(crate) fn link_opened(&self, url: String, error: Option<String>) {
        self.tell_link(LinkOpened {
            url,
            error,
            post: None,
        });
    }

    fn tell_link(&self, link: LinkOpened) {
        if let Some(channel) = lock(&self.links).as_ref() {
            let _ = channel.send(link);
        }
    }

    /// Whether a second `postdesk BLOG` asked for `dir`.
    pub(crate) fn was_asked(&self, dir: &Path) -> bool {
        lock(&self.asked).as_deref() == Some(dir)
    }

    fn tell_start(&self, asked: BlogAsked) {
        if let Some(channel) = lock(&self.starts).as_ref() {
            let _ = channel.send(asked);
        }
    }
}

impl Desk {
    /// A second `postdesk [BLOG]` started (its command line and folder):
    /// when it names another blog than this one, the window is asked to
    /// open it; the blog already open is only acknowledged. Off the UI thread (the blog folder is read).
    pub(crate) fn second_start(self, args: Vec<String>, cwd: String) {
        tauri::async_runtime::spawn_blocking(move || {
            let Some(dir) = cli::blog_named(&args) else {
                return;
            };
            let dir = Path::new(&cwd).join(dir);
            let (asked, post) = match cli::blog_at(&dir) {
                Ok(found) => found,
                Err(e) => {
                    return self.channels.tell_start(BlogAsked {
                        blog: None,
                        error: Some(format!(
                            "postdesk {} did not open: {e} — name the folder that holds the blog, or one of its posts",
                            dir.display()
                        )),
                        post: None,
                    })
                }
            };
            let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            };
            if same(asked.root(), self.blog().root()) {
                // Already open here: the window says so (it was focused),
                // or opens the post named.
                return self.channels.tell_start(BlogAsked {
                    blog: None,
                    error: None,
                    post,
                });
            }
            // The window opens that blog, then the post (after its reload).
            *lock(&self.open_post) = post;
            *lock(&self.channels.asked) = Some(asked.root().to_path_buf());
            self.channels.tell_start(BlogAsked {
                blog: Some(asked.root().display().to_string()),
                error: None,
                post: None,
            });
        });
    }

    /// A link in the preview that is neither the page's nor the web's: the
    /// post of the blog it names (by slug, whatever the site's route), else
    /// a message saying why nothing opened. Off the UI thread (the index
    /// may need a scan).
    pub(crate) fn follow_link(self, url: tauri::Url) {
        tauri::async_runtime::spawn_blocking(move || {
            let shown = navigation::shown(&url);
            let post = navigation::linked_slug(&url).and_then(|slug| {
                let index = self.index().ok()?;
                index.slugs().remove(&slug)?.into_iter().next()
            });
            let error = post.is_none().then(|| {
                format!("The link `{shown}` names no post of this blog, and only web (http, https) and mail links leave the app. Check the link, or open the post from the list.")
            });
            self.channels.tell_link(LinkOpened {
                url: shown,
                error,
                post,
            });
        });
    }
}

/// Opens a web or mail link in the system browser, off the UI thread, and
/// tells the window. With `POSTDESK_E2E_OPENED` set (end-to-end tests) the
/// link is written to that file instead.
pub(crate) fn open_in_browser(app: tauri::AppHandle, url: String) {
    use tauri::Manager;
    use tauri_plugin_opener::OpenerExt;
    tauri::async_runtime::spawn_blocking(move || {
        let opened = match std::env::var_os("POSTDESK_E2E_OPENED") {
            Some(file) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(file)
                .and_then(|mut f| std::io::Write::write_all(&mut f, format!("{url}\n").as_bytes()))
                .map_err(|e| e.to_string()),
            None => app
                .opener()
                .open_url(&url, None::<&str>)
                .map_err(|e| e.to_string()),
        };
        let error = opened.err().map(|e| {
            format!("Could not open {url} in the browser: {e}. Is a default browser set (xdg-settings get default-web-browser)?")
        });
        app.state::<Desk>().channels.link_opened(url, error);
    });
}
