//! A blog folder: its kind, folders and settings (`postdesk.toml`), the
//! images it serves to the preview, and creating, renaming and trashing its
//! post files.

pub mod assets;
pub mod config;
pub mod languages;
pub mod new_post;
mod open;
pub mod post_file;
pub mod renderer;
pub mod route;
pub mod site;

pub use open::*;
