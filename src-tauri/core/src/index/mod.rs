//! Every post of a blog at once: the cached index (summaries and checks)
//! and full-text search.

mod scan;
pub mod search;

pub use scan::*;
