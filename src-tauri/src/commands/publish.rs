//! The publish commands: repository status for the status bar, the plan the
//! publish dialog shows, publish and Retry with push progress on a channel,
//! Cancel, a token for the OS keyring, and a terminal in the blog folder.
//! (The status bar follows git changes made elsewhere through
//! `watch_commands::watch_blog`.)

use std::sync::atomic::Ordering;
use std::sync::Arc;

use postdesk_core::publish::{self, token, Outcome, Plan, PushOptions, PushProgress, RepoStatus};
use postdesk_core::wire::{ErrorCode, IpcError};
use tauri::ipc::Channel;
use tauri::State;

use super::blocking;
use crate::desk::Desk;

fn options() -> PushOptions {
    PushOptions {
        tokens: Some(Arc::new(token::KeyringTokens)),
        ..PushOptions::default()
    }
}

#[tauri::command]
pub(crate) async fn repo_status(
    desk: State<'_, Desk>,
    path: Option<String>,
    text: Option<String>,
) -> Result<RepoStatus, IpcError> {
    let blog = desk.blog();
    blocking(move || {
        let post = path.as_deref().zip(text.as_deref());
        Ok(publish::status(&blog, post)?)
    })
    .await
}

/// What a first Publish lacks: a repository, a first commit, an identity,
/// a remote.
#[tauri::command]
pub(crate) async fn publish_readiness(
    desk: State<'_, Desk>,
) -> Result<publish::setup::Readiness, IpcError> {
    let blog = desk.blog();
    blocking(move || Ok(publish::setup::readiness(&blog))).await
}

/// Saves the writer's name and email for commits: for every repository
/// (`everywhere`, the global git config) or this blog's only.
#[tauri::command]
pub(crate) async fn set_identity(
    desk: State<'_, Desk>,
    name: String,
    email: String,
    everywhere: bool,
) -> Result<(), IpcError> {
    let blog = desk.blog();
    blocking(move || {
        let home = dirs::home_dir().ok_or_else(|| {
            IpcError::new(
                ErrorCode::GitState,
                "no home folder to keep git's settings in (HOME is not set)",
            )
        })?;
        Ok(publish::setup::set_identity(
            &blog, &name, &email, everywhere, &home,
        )?)
    })
    .await
}

/// Makes the blog folder a repository if needed and commits the blog as it
/// is (its first commit).
#[tauri::command]
pub(crate) async fn first_commit(desk: State<'_, Desk>) -> Result<String, IpcError> {
    let blog = desk.blog();
    blocking(move || Ok(publish::setup::first_commit(&blog)?)).await
}

/// Adds `origin` at `url` once connecting to it for a push works.
#[tauri::command]
pub(crate) async fn add_remote(desk: State<'_, Desk>, url: String) -> Result<(), IpcError> {
    let blog = desk.blog();
    blocking(move || Ok(publish::setup::add_remote(&blog, &url, &options())?)).await
}

/// The commits that changed the post, newest first (renames followed).
#[tauri::command]
pub(crate) async fn post_history(
    desk: State<'_, Desk>,
    path: String,
) -> Result<Vec<publish::history::Version>, IpcError> {
    desk.a_post(&path)?;
    let blog = desk.blog();
    blocking(move || Ok(publish::history::history(&blog, &path)?)).await
}

/// The post's text in `commit` (where it was `version_path` then), and
/// what changed from it to `text`, the text in the editor now.
#[tauri::command]
pub(crate) async fn post_version(
    desk: State<'_, Desk>,
    path: String,
    commit: String,
    version_path: String,
    text: String,
) -> Result<publish::history::VersionText, IpcError> {
    desk.a_post(&path)?;
    let blog = desk.blog();
    blocking(move || {
        Ok(publish::history::version(
            &blog,
            &commit,
            &version_path,
            &text,
        )?)
    })
    .await
}

#[tauri::command]
pub(crate) async fn publish_plan(desk: State<'_, Desk>, path: String) -> Result<Plan, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || Ok(publish::plan(&desk.blog(), &*desk.index()?, &path)?)).await
}

#[tauri::command]
pub(crate) async fn publish_post(
    desk: State<'_, Desk>,
    path: String,
    message: String,
    translations: Option<bool>,
    progress: Channel<PushProgress>,
) -> Result<Outcome, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        desk.publish_cancel.store(false, Ordering::Relaxed);
        let report = |p| {
            let _ = progress.send(p);
        };
        Ok(publish::publish_with(
            &desk.blog(),
            &*desk.index()?,
            &path,
            Some(&message),
            &options(),
            &report,
            &desk.publish_cancel,
            translations == Some(true),
        )?)
    })
    .await
}

/// Pushes the commits waiting on the branch (after an offline publish).
#[tauri::command]
pub(crate) async fn push_retry(
    desk: State<'_, Desk>,
    path: String,
    progress: Channel<PushProgress>,
) -> Result<Outcome, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        desk.publish_cancel.store(false, Ordering::Relaxed);
        let blog = desk.blog();
        let text = blog.read_post(&path)?.text;
        let mut published = publish::referenced_images(&blog, &path, &text);
        published.push(path);
        let report = |p| {
            let _ = progress.send(p);
        };
        Ok(publish::push(
            &blog,
            &published,
            &options(),
            &report,
            &desk.publish_cancel,
        ))
    })
    .await
}

#[tauri::command]
pub(crate) async fn publish_cancel(desk: State<'_, Desk>) -> Result<(), IpcError> {
    desk.publish_cancel.store(true, Ordering::Relaxed);
    Ok(())
}

/// Keeps a token for an HTTPS remote in the OS keyring.
#[tauri::command]
pub(crate) async fn save_token(url: String, user: String, token: String) -> Result<(), IpcError> {
    blocking(move || {
        token::save(&url, &user, &token).map_err(|m| IpcError::new(ErrorCode::SaveFailed, m))
    })
    .await
}

/// Opens a terminal in the blog folder, for what Postdesk leaves to git.
#[tauri::command]
pub(crate) async fn open_terminal(desk: State<'_, Desk>) -> Result<(), IpcError> {
    let blog = desk.blog();
    let root = blog.root().to_path_buf();
    blocking(move || {
        if let Some(setting) = publish::terminal_hazard(&blog) {
            return Err(IpcError::new(
                ErrorCode::GitState,
                format!("not opened: this repository's own .git/config sets {setting}, which a git-aware shell prompt would run as a program; remove it (git config --unset core.fsmonitor) if you do not trust it, or open a terminal yourself"),
            ));
        }
        for term in [
            "x-terminal-emulator",
            "gnome-terminal",
            "konsole",
            "xfce4-terminal",
            "xterm",
        ] {
            if std::process::Command::new(term)
                .current_dir(&root)
                .spawn()
                .is_ok()
            {
                return Ok(());
            }
        }
        Err(IpcError::new(
            ErrorCode::Internal,
            format!(
                "no terminal program was found; open one in {} yourself",
                root.display()
            ),
        ))
    })
    .await
}
