//! The types that cross the IPC boundary, and the check that the TypeScript
//! copies in `ui/src/bindings/` match them.
//!
//! Run `UPDATE_BINDINGS=1 cargo test -p postdesk-core bindings` after changing
//! a wire type; without it the test fails when a committed file is stale.

use serde::Serialize;
use ts_rs::TS;

use crate::blog::BlogError;
use crate::disk::paths::PathError;
use crate::post::PostError;

/// The one error shape the UI receives. The UI switches on `code`, never on
/// the message, which is for people.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

/// Add a code only when the UI does something different for it.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The file or folder is not there (any more).
    NotFound,
    /// A path tried to leave the blog folder.
    OutsideBlog,
    /// The post could not be read as text.
    InvalidPost,
    /// Saving failed; the file on disk is unchanged and the edits are kept.
    SaveFailed,
    /// An image that cannot become a cover (damaged, too big, wrong type):
    /// the UI offers to choose another.
    BadImage,
    /// The writer cancelled long work; nothing was changed (no banner).
    Cancelled,
    /// git has no user.name / user.email: the UI shows how to set them.
    NoIdentity,
    /// The repository is in a state where publishing cannot start.
    GitState,
    /// The post changed on disk since the editor loaded it: the UI offers
    /// keep mine, take theirs or merge instead of overwriting.
    ChangedOnDisk,
    /// The post was deleted or renamed on disk: the UI offers Save as.
    GoneFromDisk,
    /// A preview request's change named a render no longer remembered: the
    /// UI sends the whole text instead (never shown).
    StaleRender,
    /// The Site view would run the blog's own code and the writer has not
    /// trusted the blog (or its command changed): the UI asks.
    SiteUntrusted,
    /// A Node blog's packages are not installed: the UI asks before
    /// running `npm install`.
    SiteNeedsInstall,
    /// The blog's server did not start (not installed, stopped, too slow):
    /// the message has the end of its log and the fix when it is known.
    SiteFailed,
    /// The post already has a translation into that language: the UI
    /// opens it instead.
    TranslationExists,
    /// Anything else; the message says what.
    Internal,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> IpcError {
        IpcError {
            code,
            message: message.into(),
        }
    }
}

impl From<crate::serve::ServeError> for IpcError {
    fn from(e: crate::serve::ServeError) -> IpcError {
        let code = match &e {
            crate::serve::ServeError::NeedsInstall => ErrorCode::SiteNeedsInstall,
            _ => ErrorCode::SiteFailed,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<BlogError> for IpcError {
    fn from(e: BlogError) -> IpcError {
        let code = match &e {
            BlogError::NotFound { .. } | BlogError::Path(PathError::Missing { .. }) => {
                ErrorCode::NotFound
            }
            BlogError::Path(PathError::Outside(_)) => ErrorCode::OutsideBlog,
            BlogError::Post(PostError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                ErrorCode::NotFound
            }
            BlogError::Post(_) => ErrorCode::InvalidPost,
            BlogError::NotAFolder { .. }
            | BlogError::Path(PathError::NotAFolder(_))
            | BlogError::NotABlog { .. }
            | BlogError::Config { .. }
            | BlogError::Io { .. } => ErrorCode::Internal,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<crate::disk::seen::Refused> for IpcError {
    fn from(e: crate::disk::seen::Refused) -> IpcError {
        use crate::disk::seen::Refused;
        let code = match &e {
            Refused::Changed(_) => ErrorCode::ChangedOnDisk,
            Refused::Gone(_) => ErrorCode::GoneFromDisk,
            Refused::Unreadable { .. } => ErrorCode::InvalidPost,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<crate::preview::StaleBase> for IpcError {
    fn from(e: crate::preview::StaleBase) -> IpcError {
        IpcError::new(ErrorCode::StaleRender, e.to_string())
    }
}

impl From<crate::disk::save::SaveError> for IpcError {
    fn from(e: crate::disk::save::SaveError) -> IpcError {
        let code = match &e {
            crate::disk::save::SaveError::Path(PathError::Outside(_)) => ErrorCode::OutsideBlog,
            _ => ErrorCode::SaveFailed,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<crate::cover::CoverError> for IpcError {
    fn from(e: crate::cover::CoverError) -> IpcError {
        use crate::cover::CoverError as C;
        let code = match &e {
            C::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                ErrorCode::NotFound
            }
            C::Read { .. }
            | C::NotAFile { .. }
            | C::Empty { .. }
            | C::FileTooLarge { .. }
            | C::NotAnImage { .. }
            | C::Unsupported { .. }
            | C::WrongExtension { .. }
            | C::TooManyPixels { .. }
            | C::Corrupt { .. } => ErrorCode::BadImage,
            C::Write { .. } | C::Save(_) | C::AssetFolder(_) => ErrorCode::SaveFailed,
            C::Edit { .. } => ErrorCode::InvalidPost,
            C::Cancelled => ErrorCode::Cancelled,
            C::Post(_) | C::Config(_) | C::Image(_) => ErrorCode::Internal,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<crate::publish::PublishError> for IpcError {
    fn from(e: crate::publish::PublishError) -> IpcError {
        use crate::publish::PublishError as P;
        let code = match &e {
            P::Invalid { .. } => ErrorCode::InvalidPost,
            P::NoIdentity { .. } => ErrorCode::NoIdentity,
            P::Post(_) => ErrorCode::NotFound,
            P::Outside(_) => ErrorCode::OutsideBlog,
            P::NoRepository { .. }
            | P::Detached
            | P::Unborn { .. }
            | P::Busy { .. }
            | P::Redirected { .. }
            | P::Setup(_)
            | P::Git(_) => ErrorCode::GitState,
        };
        IpcError::new(code, e.to_string())
    }
}

/// Files dropped on the window, at a point in CSS pixels.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Dropped {
    pub paths: Vec<String>,
    pub x: f64,
    pub y: f64,
}

/// A link clicked in the preview: gone to the system browser, a post of the
/// blog to open, or the reason it went nowhere.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LinkOpened {
    pub url: String,
    pub error: Option<String>,
    /// A link to another post of the blog: the post to open.
    pub post: Option<String>,
}

/// The window's web check of links: how many links are still being
/// asked of the web, and whether one was just answered (then the post is
/// checked again to show it).
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WebLinksAsked {
    pub waiting: u32,
    pub answered: bool,
}

/// A second `postdesk BLOG` started while this window runs: the blog it
/// asked for (the window opens it after saving its edits), or why not;
/// neither when it named the blog already open.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BlogAsked {
    pub blog: Option<String>,
    pub error: Option<String>,
    /// A post file was named ("Open with Postdesk"): the post to open.
    pub post: Option<String>,
}

/// The list as the window first gets it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ListState {
    pub facets: crate::index::list::Facets,
    /// Read from disk just now; `false`: the cached list, while a scan
    /// brings it up to date (a [`ListEvent`] says when).
    pub fresh: bool,
    /// Said once for the whole blog (why its posts are checked against an
    /// inferred schema).
    pub note: Option<String>,
}

/// What the scan behind the list tells the window.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ListEvent {
    /// `done` posts of `total` read.
    Reading { done: u32, total: u32 },
    /// The list is up to date.
    Ready { state: ListState },
    /// The blog could not be read; the message says why and how to fix it.
    Failed { error: IpcError },
}

/// The Site view for the open blog: the command that serves it, whether
/// the writer trusted the blog to run it, and whether it runs.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SiteState {
    /// The command line as the writer is asked to trust it.
    pub command: String,
    pub trusted: bool,
    /// `http://127.0.0.1:port` while the server runs.
    pub origin: Option<String>,
    /// A Node blog without its packages: starting asks to install them.
    pub needs_install: bool,
    /// The server reloads its page when a post changes; otherwise the
    /// window reloads it after a save.
    pub reloads_itself: bool,
    /// Why the blog cannot be served at all (a bad `[site] command`).
    pub error: Option<String>,
}

/// What the Site view tells the window as it happens.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum SiteEvent {
    /// Starting or installing: what and for how long so far.
    Progress { message: String, seconds: u64 },
    /// The page shown now (after a load or a navigation in the site).
    Page { url: String },
    /// The page's title.
    Title { title: String },
    /// The server stopped (it exited, or the blog was closed).
    Stopped { message: String },
}

/// Where the Site view's webview goes, in the window's CSS pixels.
#[derive(Debug, Clone, Copy, serde::Deserialize, Serialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[cfg(test)]
mod bindings {
    use std::path::PathBuf;

    use ts_rs::{Config, TS};

    use crate::app::settings::{RecentBlog, Settings, Theme};
    use crate::blog::{BlogInfo, BlogKind};
    use crate::cover::card::Card;
    use crate::disk::journal::Recovered;
    use crate::index::list::{Facets, LangChip, ListPage, ListQuery, Row, Sort};
    use crate::index::search::Hit;
    use crate::issue::{Fix, Issue, Severity, Since};
    use crate::post::form::{ExtraField, FieldEdit, Form, FormField};
    use crate::post::schema::FieldKind;
    use crate::post::{PostSummary, PostText};
    use crate::preview::{Preview, PreviewPatch, Source};
    use crate::publish::history::{Version, VersionText};

    use super::{
        BlogAsked, Bounds, Dropped, ErrorCode, IpcError, LinkOpened, ListEvent, ListState,
        SiteEvent, SiteState, WebLinksAsked,
    };
    use crate::app::settings::TrustedSite;
    use crate::cover::{CoverFile, CoverImport, CoverShown, OutputKind, Progress, Stage};
    use crate::disk::merge::{Merged, Segment};
    use crate::disk::seen::DiskChange;
    use crate::disk::watch::Mode;
    use crate::publish::setup::Readiness;
    use crate::publish::{
        ChangedFile, FileState, Outcome, Plan, PushProgress, PushStage, RepoStatus,
    };

    fn generated() -> Vec<(String, String)> {
        let cfg = Config::default();
        let mut out = Vec::new();
        macro_rules! each {
            ($($t:ty),*) => {$(
                out.push((<$t>::name(&cfg), <$t>::export_to_string(&cfg).unwrap()));
            )*};
        }
        each!(
            IpcError,
            ErrorCode,
            BlogInfo,
            BlogKind,
            PostSummary,
            PostText,
            Issue,
            Fix,
            Since,
            LangChip,
            Severity,
            Preview,
            CoverImport,
            CoverFile,
            CoverShown,
            OutputKind,
            Progress,
            Stage,
            Dropped,
            LinkOpened,
            WebLinksAsked,
            BlogAsked,
            ChangedFile,
            FileState,
            Outcome,
            Plan,
            PushProgress,
            PushStage,
            RepoStatus,
            PreviewPatch,
            Source,
            DiskChange,
            Mode,
            Merged,
            Segment,
            Recovered,
            Settings,
            Theme,
            Form,
            FormField,
            ExtraField,
            FieldEdit,
            FieldKind,
            Hit,
            RecentBlog,
            SiteState,
            SiteEvent,
            Bounds,
            TrustedSite,
            Readiness,
            ListQuery,
            Sort,
            Row,
            ListPage,
            Facets,
            ListState,
            ListEvent,
            Version,
            VersionText,
            Card
        );
        out
    }

    #[test]
    fn bindings_are_fresh() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
        let update = std::env::var_os("UPDATE_BINDINGS").is_some();
        let mut stale = Vec::new();
        for (name, text) in generated() {
            let path = dir.join(format!("{name}.ts"));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(name);
            }
        }
        // A file no Rust type generates any more is stale too.
        let made: Vec<String> = generated()
            .into_iter()
            .map(|(n, _)| format!("{n}.ts"))
            .collect();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !made.contains(&name) {
                if update {
                    std::fs::remove_file(dir.join(&name)).unwrap();
                } else {
                    stale.push(name);
                }
            }
        }
        assert!(
            stale.is_empty(),
            "ui/src/bindings is stale for {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p postdesk-core bindings` and commit"
        );
    }
}
