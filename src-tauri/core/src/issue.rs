//! A problem found in a post: its severity, a stable code, where it is
//! (line and column in the file) and a message that says how to fix it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub severity: Severity,
    /// Stable, for scripts and for the UI (`missing-required`, `invalid-date`, …).
    pub code: String,
    /// Dotted path of the field, when the issue is about one.
    pub field: Option<String>,
    /// 1-based, in the file.
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The change that fixes it, when the answer is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fix: Option<Box<Fix>>,
    /// What to look at: `path` as it was at `commit`, against now (a
    /// translation's source since the translation was last committed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub since: Option<Box<Since>>,
}

/// A post as it was at a commit (`Issue::since`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Since {
    pub path: String,
    pub commit: String,
}

/// A quick fix: `len` characters from `line`:`col` (1-based, as an
/// issue's) replaced by `insert` — or, when `ask` is given, by what the
/// writer answers to it (the alt text an image lacks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What the fix does ("Link to /posts/x").
    pub label: String,
    pub line: usize,
    pub col: usize,
    pub len: usize,
    pub insert: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ask: Option<String>,
}

impl Issue {
    pub fn new(
        severity: Severity,
        code: &str,
        field: Option<&str>,
        (line, col): (usize, usize),
        message: String,
    ) -> Issue {
        Issue {
            severity,
            code: code.to_owned(),
            field: field.map(str::to_owned),
            line,
            col,
            message,
            fix: None,
            since: None,
        }
    }

    /// The issue, with the change that fixes it.
    pub fn with_fix(mut self, fix: Option<Fix>) -> Issue {
        self.fix = fix.map(Box::new);
        self
    }
}
