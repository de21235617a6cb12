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
        }
    }
}
