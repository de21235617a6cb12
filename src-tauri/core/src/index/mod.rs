//! Every post of a blog at once: the cached index (summaries and checks)
//! full-text search, and the list the window shows of them.

pub mod list;
mod scan;
pub mod search;
pub mod translations;

pub use scan::*;
