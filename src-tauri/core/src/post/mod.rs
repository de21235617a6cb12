//! One post: its summary for the list, the schema its front-matter should
//! follow, the checks against that schema, and the front-matter form.

pub mod form;
pub mod schema;
mod summary;
pub mod validate;

pub use summary::*;
