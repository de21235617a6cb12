//! The blog's own development server, for the window's Site view: the
//! command that fits the kind (or the one `postdesk.toml` names), run in
//! its own process group on 127.0.0.1 only, its output in a log, stopped
//! as a whole group.
//!
//! It runs the blog's own code (its generator, its npm scripts), so the
//! caller starts it only for a blog the writer trusted; what was trusted
//! is the command line as `SiteCommand::shown` says it (a change to it in
//! `postdesk.toml` asks again).

mod command;
mod process;

pub use command::{SiteCommand, SiteConfig};
pub use process::{free_port, install, log_tail, Progress, Server};

/// Why the site could not be served; each says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{program} is not installed, so the site cannot be served: {fix}")]
    NotInstalled { program: String, fix: String },
    #[error("`{command}` stopped ({status}) before serving the site. Its log ends:\n{tail}{}", fix.as_deref().map(|f| format!("\n\nTo fix it: {f}")).unwrap_or_default())]
    Exited {
        command: String,
        status: String,
        tail: String,
        fix: Option<String>,
    },
    #[error("`{command}` did not serve the site within {seconds} s; its log ends:\n{tail}")]
    Timeout {
        command: String,
        seconds: u64,
        tail: String,
    },
    #[error("this blog's packages are not installed (there is no node_modules folder); install them (`npm install`) to serve the site")]
    NeedsInstall,
    #[error("postdesk.toml: [site] command `{0}` is not a command line (an unclosed quote?); write it as you would in a shell, like `npm run dev -- --port {{port}}`")]
    BadCommand(String),
    #[error("could not start the site's server ({0})")]
    Io(#[from] std::io::Error),
}
