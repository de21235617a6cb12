//! What belongs to the app rather than to a blog: the writer's settings and
//! the sample blog.

pub mod sample;
pub mod settings;
