//! The blog's files on disk: paths confined to the blog, atomic saves, the
//! crash-recovery journal, three-way merges and the file watcher.

pub mod journal;
pub mod merge;
pub mod paths;
pub mod save;
pub mod seen;
pub mod watch;
