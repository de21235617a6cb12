//! A post's front-matter as text: where it is (`split`), its YAML as a
//! located tree (`yaml`), and byte-preserving edits (`edit`).

pub mod edit;
pub mod locate;
mod split;
pub mod yaml;

pub use locate::{locate, Located};
pub use split::*;
