//! The window's web check, off unless the writer turns it on in Settings
//! (asking a post's links tells each linked site that someone looks): a
//! post's web links are judged from the answers known (`crate::web`, the
//! same cache as `postdesk check --online`), and the links not asked yet
//! go to one worker thread that asks them one at a time — a check never
//! waits on the web. Each answer tells the window (`WebLinksAsked`), which
//! checks the post again and so sees the answer.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};

use postdesk_core::issue::Issue;
use postdesk_core::preview::checks::{web_link_issue, WebLink};
use postdesk_core::wire::WebLinksAsked;
use tauri::ipc::Channel;

use super::lock;
use crate::web::{self, Answers, Known};

pub(crate) struct WebCheck {
    shared: Arc<Shared>,
    /// To the worker, started when the first link needs asking.
    queue: Mutex<Option<Sender<String>>>,
}

/// What the worker shares with the checks.
struct Shared {
    on: AtomicBool,
    answers: OnceLock<Answers>,
    cache_file: Option<std::path::PathBuf>,
    /// Links queued or being asked.
    waiting: Mutex<HashSet<String>>,
    channel: Mutex<Option<Channel<WebLinksAsked>>>,
}

impl Shared {
    /// Read from the cache folder when first needed.
    fn answers(&self) -> &Answers {
        self.answers
            .get_or_init(|| Answers::load(self.cache_file.clone()))
    }

    fn tell(&self, asked: WebLinksAsked) {
        if let Some(channel) = lock(&self.channel).as_ref() {
            let _ = channel.send(asked);
        }
    }
}

impl WebCheck {
    pub(crate) fn new(on: bool, cache_dir: Option<&Path>) -> WebCheck {
        WebCheck {
            shared: Arc::new(Shared {
                on: AtomicBool::new(on),
                answers: OnceLock::new(),
                cache_file: cache_dir.map(|d| d.join("links.json")),
                waiting: Mutex::default(),
                channel: Mutex::default(),
            }),
            queue: Mutex::default(),
        }
    }

    pub(crate) fn is_on(&self) -> bool {
        self.shared.on.load(Ordering::Relaxed)
    }

    /// Turned on or off (the Settings dialog); off drops what is queued.
    pub(crate) fn set_on(&self, on: bool) {
        self.shared.on.store(on, Ordering::Relaxed);
        if !on {
            let dropped = std::mem::take(&mut *lock(&self.shared.waiting));
            if !dropped.is_empty() {
                self.shared.tell(WebLinksAsked {
                    waiting: 0,
                    answered: false,
                });
            }
        }
    }

    pub(crate) fn set_channel(&self, channel: Channel<WebLinksAsked>) {
        *lock(&self.shared.channel) = Some(channel);
    }

    /// The `broken-link` issues of `links` that the answers known say;
    /// the links not asked yet are queued (nothing when the check is off).
    pub(crate) fn issues(&self, links: &[WebLink]) -> Vec<Issue> {
        if !self.is_on() {
            return Vec::new();
        }
        let answers = self.shared.answers();
        let mut out = Vec::new();
        let mut queued = Vec::new();
        for link in links {
            match answers.known(&link.url) {
                Some(Known::Status(s)) => out.extend(web_link_issue(link, s)),
                Some(Known::Silent) => {}
                None => {
                    if lock(&self.shared.waiting).insert(link.url.clone()) {
                        queued.push(link.url.clone());
                    }
                }
            }
        }
        if !queued.is_empty() {
            let mut queue = lock(&self.queue);
            let sender = queue.get_or_insert_with(|| self.worker());
            for url in queued {
                let _ = sender.send(url);
            }
            let waiting = lock(&self.shared.waiting).len() as u32;
            self.shared.tell(WebLinksAsked {
                waiting,
                answered: false,
            });
        }
        out
    }

    /// The thread that asks, one link at a time, until the check is dropped.
    fn worker(&self) -> Sender<String> {
        let (sender, receiver) = std::sync::mpsc::channel::<String>();
        let shared = self.shared.clone();
        std::thread::spawn(move || {
            // Blocking client: on this thread only, never on the runtime.
            let client = web::client();
            while let Ok(url) = receiver.recv() {
                if !lock(&shared.waiting).contains(&url) {
                    continue; // dropped (the check was turned off)
                }
                shared.answers().ask(client.as_ref(), &url);
                let waiting = {
                    let mut waiting = lock(&shared.waiting);
                    waiting.remove(&url);
                    waiting.len() as u32
                };
                if waiting == 0 {
                    if let Err(e) = shared.answers().keep() {
                        eprintln!("postdesk: {e}");
                    }
                }
                shared.tell(WebLinksAsked {
                    waiting,
                    answered: true,
                });
            }
        });
        sender
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_check_never_waits_and_the_answer_comes_to_the_next_one() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let gone = format!("http://{}/gone", listener.local_addr().unwrap());
        let (release, held) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut buf = [0u8; 2048];
                let _ = stream.read(&mut buf);
                // The server answers only when the test lets it.
                let _ = held.recv();
                let _ = write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let link = WebLink {
            url: gone.clone(),
            line: 5,
            col: 7,
        };
        let check = WebCheck::new(false, Some(dir.path()));
        assert!(check.issues(std::slice::from_ref(&link)).is_empty());
        assert!(lock(&check.shared.waiting).is_empty(), "off: nothing asked");

        check.set_on(true);
        // Asked in the background: the check answers at once, without it.
        assert!(check.issues(std::slice::from_ref(&link)).is_empty());
        assert!(lock(&check.shared.waiting).contains(&gone));
        // Queued once, however often the post is checked meanwhile.
        assert!(check.issues(std::slice::from_ref(&link)).is_empty());
        release.send(()).unwrap();
        let t = std::time::Instant::now();
        while !lock(&check.shared.waiting).is_empty() {
            assert!(t.elapsed().as_secs() < 20, "the worker never answered");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let issues = check.issues(std::slice::from_ref(&link));
        assert_eq!(issues.len(), 1);
        assert_eq!((issues[0].line, issues[0].col), (5, 7));
        assert!(issues[0].message.contains("404"), "{}", issues[0].message);
        // Kept in the cache folder for the command line's --online.
        let kept = std::fs::read_to_string(dir.path().join("links.json")).unwrap();
        assert!(kept.contains(&gone), "{kept}");
    }
}
