//! `postdesk check --online`: the posts' web links asked of the web — one
//! answered 404 or 410 is broken. HEAD first, GET when the server refuses
//! HEAD (405, 501) or gives no answer to it; 10 s per link; an answer is
//! kept a day in the cache folder (`links.json`), so a pre-commit hook
//! does not ask again. No answer at all (no network, a timeout) is not a
//! broken link: it is said once on stderr.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// How long an answer is kept, in seconds.
const KEPT: i64 = 24 * 3600;

pub(super) struct Online {
    client: Option<reqwest::blocking::Client>,
    /// URL → (status, when it was asked, Unix seconds).
    known: HashMap<String, (u16, i64)>,
    file: Option<PathBuf>,
    /// URLs that gave no answer this run: not asked twice.
    silent: std::collections::HashSet<String>,
    asked: usize,
    unanswered: usize,
}

impl Online {
    pub(super) fn new() -> Online {
        let file = crate::env::cache_dir().map(|d| d.join("links.json"));
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
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!(
                "postdesk/",
                env!("CARGO_PKG_VERSION"),
                " (link check)"
            ))
            .build()
            .ok();
        Online {
            client,
            known,
            file,
            silent: Default::default(),
            asked: 0,
            unanswered: 0,
        }
    }

    /// The status `url` answers with (from the cache when asked lately);
    /// `None` when it gave no answer.
    pub(super) fn status(&mut self, url: &str) -> Option<u16> {
        if let Some((status, _)) = self.known.get(url) {
            return Some(*status);
        }
        if self.silent.contains(url) {
            return None;
        }
        let client = self.client.as_ref()?;
        self.asked += 1;
        let head = client.head(url).send().ok().map(|r| r.status().as_u16());
        let status = match head {
            Some(405 | 501) | None => client.get(url).send().ok().map(|r| r.status().as_u16()),
            answered => answered,
        };
        match status {
            Some(s) => {
                self.known.insert(url.to_owned(), (s, crate::env::now()));
            }
            None => {
                self.unanswered += 1;
                self.silent.insert(url.to_owned());
            }
        }
        status
    }

    /// Keeps the answers for the next run, and says what went unanswered.
    pub(super) fn finish(self) {
        if self.unanswered > 0 {
            eprintln!(
                "postdesk: {} of {} web links gave no answer (no network, or a timeout); they were not judged",
                self.unanswered, self.asked
            );
        }
        let Some(file) = self.file else { return };
        if let (Some(dir), Ok(bytes)) = (file.parent(), serde_json::to_vec(&self.known)) {
            let _ = std::fs::create_dir_all(dir);
            if let Err(e) = std::fs::write(&file, bytes) {
                eprintln!(
                    "postdesk: could not keep the link answers in {} ({e})",
                    file.display()
                );
            }
        }
    }
}
