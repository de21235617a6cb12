//! Web links asked of the web (`postdesk check --online`, and the window's
//! web check when the writer turns it on): HEAD first, GET when the server
//! refuses HEAD (405, 501) or gives no answer to it; 10 s per link; no
//! cookies, no referrer. An answer is kept a day in the cache folder
//! (`links.json`), so a pre-commit hook or a re-check does not ask again.
//! No answer at all (no network, a timeout) is not a broken link: it is
//! not asked again for a while, and never judged
//! (`postdesk_core::preview::checks::web_link_issue` judges an answer).
//!
//! The client is blocking: it lives on the thread that asks (the command
//! line's, or the window's web-check worker), never on Tauri's runtime.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// How long an answer is kept, in seconds.
const KEPT: i64 = 24 * 3600;
/// How long a link that gave no answer is left alone, in seconds.
const SILENT_FOR: i64 = 600;

/// What a link answered, as the cache knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    Status(u16),
    /// Asked lately, and no answer came.
    Silent,
}

/// The answers known so far (from the cache folder, and this run's).
pub(crate) struct Answers {
    /// URL → (status, when it was asked, Unix seconds).
    known: Mutex<HashMap<String, (u16, i64)>>,
    /// URL → when it last gave no answer.
    silent: Mutex<HashMap<String, i64>>,
    file: Option<PathBuf>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The web client that asks (one per asking thread).
pub(crate) fn client() -> Option<reqwest::blocking::Client> {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .user_agent(concat!(
            "postdesk/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .referer(false)
        .build()
        .ok()
}

impl Answers {
    /// The answers kept in `file` that are less than a day old.
    pub(crate) fn load(file: Option<PathBuf>) -> Answers {
        let now = crate::env::now();
        let known: HashMap<String, (u16, i64)> = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let known = known
            .into_iter()
            .filter(|(_, (_, at))| now - at < KEPT)
            .collect();
        Answers {
            known: Mutex::new(known),
            silent: Mutex::default(),
            file,
        }
    }

    /// The cache folder's answers (`links.json`).
    pub(crate) fn cached() -> Answers {
        Answers::load(crate::env::cache_dir().map(|d| d.join("links.json")))
    }

    /// What `url` answered, if it was asked lately.
    pub(crate) fn known(&self, url: &str) -> Option<Known> {
        let now = crate::env::now();
        if let Some((status, at)) = lock(&self.known).get(url) {
            if now - at < KEPT {
                return Some(Known::Status(*status));
            }
        }
        lock(&self.silent)
            .get(url)
            .filter(|&&at| now - at < SILENT_FOR)
            .map(|_| Known::Silent)
    }

    /// Asks `url` (unless it was asked lately): its status, or `None` when
    /// it gave no answer.
    pub(crate) fn ask(&self, client: Option<&reqwest::blocking::Client>, url: &str) -> Option<u16> {
        match self.known(url) {
            Some(Known::Status(s)) => return Some(s),
            Some(Known::Silent) => return None,
            None => {}
        }
        let status = client.and_then(|client| {
            let head = client.head(url).send().ok().map(|r| r.status().as_u16());
            match head {
                Some(405 | 501) | None => client.get(url).send().ok().map(|r| r.status().as_u16()),
                answered => answered,
            }
        });
        let now = crate::env::now();
        match status {
            Some(s) => {
                lock(&self.known).insert(url.to_owned(), (s, now));
            }
            None => {
                lock(&self.silent).insert(url.to_owned(), now);
            }
        }
        status
    }

    /// Keeps the answers in the cache folder for the next run.
    pub(crate) fn keep(&self) -> Result<(), String> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let bytes = serde_json::to_vec(&*lock(&self.known)).map_err(|e| e.to_string())?;
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(file, bytes).map_err(|e| {
            format!(
                "could not keep the link answers in {} ({e})",
                file.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A server on 127.0.0.1 answering `status` to everything, counting
    /// the requests it got.
    fn server(status: u16) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/page", listener.local_addr().unwrap());
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = count.clone();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut buf = [0u8; 2048];
                let _ = stream.read(&mut buf);
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        (url, count)
    }

    #[test]
    fn an_answer_is_kept_and_read_back_without_asking_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("links.json");
        let (url, count) = server(410);
        let answers = Answers::load(Some(file.clone()));
        assert_eq!(answers.known(&url), None);
        let client = client();
        assert_eq!(answers.ask(client.as_ref(), &url), Some(410));
        assert_eq!(answers.ask(client.as_ref(), &url), Some(410));
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);
        answers.keep().unwrap();
        let again = Answers::load(Some(file));
        assert_eq!(again.known(&url), Some(Known::Status(410)));
    }

    #[test]
    fn a_link_that_gives_no_answer_is_left_alone_for_a_while() {
        // A port nothing listens on: refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/");
        let answers = Answers::load(None);
        assert_eq!(answers.ask(client().as_ref(), &url), None);
        assert_eq!(answers.known(&url), Some(Known::Silent));
    }
}
