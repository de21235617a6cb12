//! `postdesk check --online`: the posts' web links asked of the web
//! (`crate::web`: how, and how long answers are kept) — one answered 404
//! or 410 is broken. What gave no answer is said once on stderr.

use crate::web::{self, Answers};

pub(super) struct Online {
    client: Option<reqwest::blocking::Client>,
    answers: Answers,
    asked: usize,
    unanswered: usize,
}

impl Online {
    pub(super) fn new() -> Online {
        Online {
            client: web::client(),
            answers: Answers::cached(),
            asked: 0,
            unanswered: 0,
        }
    }

    /// The status `url` answers with (from the cache when asked lately);
    /// `None` when it gave no answer.
    pub(super) fn status(&mut self, url: &str) -> Option<u16> {
        if self.answers.known(url).is_none() {
            self.asked += 1;
            if self.answers.ask(self.client.as_ref(), url).is_none() {
                self.unanswered += 1;
            }
        }
        match self.answers.known(url) {
            Some(web::Known::Status(s)) => Some(s),
            _ => None,
        }
    }

    /// Keeps the answers for the next run, and says what went unanswered.
    pub(super) fn finish(self) {
        if self.unanswered > 0 {
            eprintln!(
                "postdesk: {} of {} web links gave no answer (no network, or a timeout); they were not judged",
                self.unanswered, self.asked
            );
        }
        if let Err(e) = self.answers.keep() {
            eprintln!("postdesk: {e}");
        }
    }
}
