//! Postdesk's domain logic: blogs, posts, front-matter, preview and the
//! sample blog.
//!
//! **Invariant:** this crate never depends on tauri or tokio. It takes paths
//! and data in and returns data, so every part of it is tested without a
//! window (`cargo test -p postdesk-core`).

pub mod assets;
pub mod blog;
pub mod config;
pub mod cover;
pub mod edit;
pub mod form;
pub mod front_matter;
pub mod index;
pub mod journal;
pub mod merge;
pub mod new_post;
pub mod paths;
pub mod post;
pub mod post_file;
pub mod preview;
pub mod publish;
pub mod sample;
pub mod save;
pub mod schema;
pub mod search;
pub mod settings;
pub mod validate;
pub mod watch;
pub mod wire;
pub mod yaml;

pub use blog::{Blog, BlogError, BlogKind};
pub use post::{PostSummary, PostText};
