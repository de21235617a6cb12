//! Postdesk's domain logic: blogs, posts, front-matter, preview and the
//! sample blog.
//!
//! **Invariant:** this crate never depends on tauri or tokio. It takes paths
//! and data in and returns data, so every part of it is tested without a
//! window (`cargo test -p postdesk-core`).

// Leaves: used by every layer, using none.
pub mod date;
pub mod issue;
pub mod kind;
pub mod text;
pub mod url;

pub mod app;
pub mod blog;
pub mod cover;
pub mod disk;
pub mod front_matter;
pub mod index;
pub mod post;
pub mod preview;
pub mod publish;
pub mod serve;
pub mod wire;

pub use blog::{Blog, BlogError, BlogKind};
pub use post::{PostSummary, PostText};

#[cfg(test)]
mod layers;
