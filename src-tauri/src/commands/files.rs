//! New, rename and delete: the post list's commands that create or move
//! files (each refreshes the index so the list follows at once); and
//! opening another blog (a recent one, or a folder chosen in the system
//! dialog).

use postdesk_core::app::settings::RecentBlog;
use postdesk_core::blog::new_post;
use postdesk_core::blog::post_file::{self, PostFileError};
use postdesk_core::wire::{ErrorCode, IpcError, ListState};
use postdesk_core::Blog;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::desk::{list, Desk};

fn post_file_error(e: PostFileError) -> IpcError {
    let code = match &e {
        PostFileError::Path(_) => ErrorCode::OutsideBlog,
        PostFileError::BadSlug { .. } | PostFileError::Exists { .. } => ErrorCode::InvalidPost,
        PostFileError::Rename { .. } | PostFileError::Trash { .. } => ErrorCode::SaveFailed,
    };
    IpcError::new(code, e.to_string())
}

/// The file a new post with `title` would get (the slug preview).
#[tauri::command]
pub(crate) async fn new_post_path(
    desk: State<'_, Desk>,
    title: String,
) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        new_post::planned(
            &desk.blog(),
            &desk.index()?.summaries(),
            &title,
            jiff::Timestamp::now(),
        )
        .map_err(|e| IpcError::new(ErrorCode::InvalidPost, e.to_string()))
    })
    .await
}

/// Creates a draft from the schema's defaults; answers its path.
#[tauri::command]
pub(crate) async fn new_post(desk: State<'_, Desk>, title: String) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let index = desk.index()?;
        let author = desk.settings().default_author;
        let rel = new_post::create_by(
            &desk.blog(),
            &index.summaries(),
            &index.schema,
            &title,
            jiff::Timestamp::now(),
            Some(&author),
        )
        .map_err(|e| IpcError::new(ErrorCode::SaveFailed, e.to_string()))?;
        desk.rescan()?;
        Ok(rel)
    })
    .await
}

/// Starts the translation of `path` into `lang`: a copy of the post where
/// the blog's convention puts it (never over a file); answers its path.
#[tauri::command]
pub(crate) async fn translate_post(
    desk: State<'_, Desk>,
    path: String,
    lang: String,
) -> Result<String, IpcError> {
    use postdesk_core::index::translations::{self, TranslateError};
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let index = desk.index()?;
        let rel = translations::translate(&desk.blog(), &index, &path, &lang).map_err(|e| {
            let code = match &e {
                TranslateError::Exists { .. } => ErrorCode::TranslationExists,
                TranslateError::NotAPost(_) => ErrorCode::NotFound,
                TranslateError::Save(_) => ErrorCode::SaveFailed,
                TranslateError::OneLanguage
                | TranslateError::UnknownLanguage { .. }
                | TranslateError::SameLanguage { .. }
                | TranslateError::Read(_) => ErrorCode::InvalidPost,
            };
            IpcError::new(code, e.to_string())
        })?;
        desk.rescan()?;
        Ok(rel)
    })
    .await
}

/// The post's languages: each of the blog's, with its translation into
/// it (and whether that is behind its source); empty in a blog of one.
#[tauri::command]
pub(crate) async fn post_langs(
    desk: State<'_, Desk>,
    path: String,
) -> Result<Vec<postdesk_core::index::list::LangChip>, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let index = desk.listed_index()?;
        let mut chips = index.langs_of(&path);
        if !chips.is_empty() {
            let outdated = desk.outdated(&index);
            for chip in &mut chips {
                chip.outdated = chip.path.as_ref().is_some_and(|p| outdated.contains_key(p));
            }
        }
        Ok(chips)
    })
    .await
}

/// The path a rename to `slug` gives (Jekyll: dated by the post's `date`).
#[tauri::command]
pub(crate) async fn rename_target(
    desk: State<'_, Desk>,
    path: String,
    slug: String,
    date: Option<String>,
) -> Result<String, IpcError> {
    desk.a_post(&path)?;
    let blog = desk.blog();
    post_file::renamed_path(&blog, &path, &slug, date.as_deref()).map_err(post_file_error)
}

/// Renames the post's file; the window follows it.
#[tauri::command]
pub(crate) async fn rename_post(
    desk: State<'_, Desk>,
    path: String,
    to: String,
) -> Result<ListState, IpcError> {
    desk.a_post(&path)?;
    desk.a_post(&to)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        if !blog.is_post_path(&to) {
            return Err(IpcError::new(
                ErrorCode::InvalidPost,
                format!(
                    "{to} is not a post file inside {}",
                    blog.content_dirs().join(" or ")
                ),
            ));
        }
        post_file::rename(&blog, &path, &to).map_err(post_file_error)?;
        desk.seen.renamed(&path, &to);
        Ok(list::state(&*desk.rescan()?, true))
    })
    .await
}

/// Moves the post to the system trash.
#[tauri::command]
pub(crate) async fn delete_post(
    desk: State<'_, Desk>,
    path: String,
) -> Result<ListState, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        post_file::trash(&blog, &path).map_err(post_file_error)?;
        if let Some(journal) = desk.journal() {
            let _ = journal.drop_post(blog.root(), &path, crate::env::now());
        }
        Ok(list::state(&*desk.rescan()?, true))
    })
    .await
}

/// The blogs opened before, the latest first.
#[tauri::command]
pub(crate) async fn recent_blogs(desk: State<'_, Desk>) -> Result<Vec<RecentBlog>, IpcError> {
    let Some(dir) = desk.data_dir.clone() else {
        return Ok(Vec::new());
    };
    blocking(move || {
        Ok(postdesk_core::app::settings::load(&dir)
            .recent
            .into_iter()
            .map(|p| RecentBlog {
                name: p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                exists: p.is_dir(),
                path: p.display().to_string(),
            })
            .collect())
    })
    .await
}

/// Opens another blog in this window: `path`, or a folder chosen in the
/// system dialog (`None`; answers `false` when the writer cancels). The
/// window reloads itself afterwards.
#[tauri::command]
pub(crate) async fn open_blog(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    path: Option<String>,
) -> Result<bool, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let chosen = match path {
            // Only a blog opened before (or one a second `postdesk BLOG`
            // asked for): the page names no other folder.
            Some(p) => {
                let asked = std::path::PathBuf::from(&p);
                let recent = desk
                    .data_dir
                    .as_deref()
                    .map(|d| postdesk_core::app::settings::load(d).recent)
                    .unwrap_or_default();
                if !recent.contains(&asked) && !desk.channels.was_asked(&asked) {
                    return Err(IpcError::new(
                        ErrorCode::NotFound,
                        format!("{p} is not a blog opened before; choose it with Open folder…"),
                    ));
                }
                Some(asked)
            }
            None => pick_folder(&app)?,
        };
        let Some(dir) = chosen else {
            return Ok(false);
        };
        let blog = Blog::open(&dir).map_err(|e| {
            IpcError::new(
                ErrorCode::NotFound,
                format!("{e} — choose the folder that holds the blog (its _posts or content folder is inside it)"),
            )
        })?;
        // The old blog's server and its pages go with it.
        desk.close_site(&app, "The blog was closed.");
        desk.switch(blog)?;
        Ok(true)
    })
    .await
}

fn pick_folder(app: &tauri::AppHandle) -> Result<Option<std::path::PathBuf>, IpcError> {
    // Debug builds only: the end-to-end tests name the folder the dialog
    // would return.
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("POSTDESK_E2E_PICK_FOLDER") {
        return Ok(Some(dir.into()));
    }
    match app
        .dialog()
        .file()
        .set_title("Open a blog folder")
        .blocking_pick_folder()
        .map(|p| p.into_path())
    {
        None => Ok(None),
        Some(Ok(p)) => Ok(Some(p)),
        Some(Err(e)) => Err(IpcError::new(
            ErrorCode::Internal,
            format!("the dialog returned no usable folder ({e})"),
        )),
    }
}
