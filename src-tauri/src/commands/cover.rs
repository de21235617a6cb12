//! The cover-image commands. The webview never names a file outside the
//! blog: a source is *staged* first — chosen in the system dialog, dropped
//! on the window (the path comes from the window event, not the page) or
//! pasted (the bytes, kept in the cache folder) — and imported by its token.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use postdesk_core::cover::{self, CoverImport, CoverShown, OutputKind, Progress, Request};
use postdesk_core::wire::{ErrorCode, IpcError};
use tauri::ipc::{Channel, InvokeBody};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::desk::Desk;

/// The post's cover and og image as its front-matter names them now.
#[tauri::command]
pub(crate) async fn cover_state(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<Vec<CoverShown>, IpcError> {
    desk.a_post(&path)?;
    let blog = desk.blog();
    blocking(move || Ok(cover::shown(&blog, &path, &text))).await
}

/// The post as a shared link's card: title, description, site, og image,
/// and what will look wrong.
#[tauri::command]
pub(crate) async fn post_card(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<cover::card::Card, IpcError> {
    desk.a_post(&path)?;
    let blog = desk.blog();
    blocking(move || Ok(cover::card::card(&blog, &path, &text))).await
}

/// Opens the system's file dialog (for a cover, or for the picture of
/// another image field); `None` when the writer closes it.
#[tauri::command]
pub(crate) async fn cover_pick(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    picture: Option<bool>,
) -> Result<Option<String>, IpcError> {
    let desk = desk.inner().clone();
    // Debug builds only: the end-to-end tests cannot drive a GTK dialog, so
    // they name the file the dialog would return.
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("POSTDESK_E2E_PICK") {
        return Ok(Some(desk.staging.stage(PathBuf::from(file), false)));
    }
    blocking(move || {
        let picked = app
            .dialog()
            .file()
            .set_title(if picture == Some(true) {
                "Choose a picture"
            } else {
                "Choose a cover image"
            })
            .add_filter("Images", &["jpg", "jpeg", "png", "webp", "gif"])
            .blocking_pick_file();
        match picked.map(|p| p.into_path()) {
            None => Ok(None),
            Some(Ok(path)) => Ok(Some(desk.staging.stage(path, false))),
            Some(Err(e)) => Err(IpcError::new(
                ErrorCode::Internal,
                format!("the dialog returned no usable file ({e})"),
            )),
        }
    })
    .await
}

/// Keeps pasted image bytes (the request body) in the cache folder.
#[tauri::command]
pub(crate) async fn cover_stage_paste(
    desk: State<'_, Desk>,
    request: tauri::ipc::Request<'_>,
) -> Result<String, IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::new(
            ErrorCode::Internal,
            "a pasted image arrives as raw bytes",
        ));
    };
    if bytes.len() as u64 > cover::MAX_FILE_BYTES {
        return Err(IpcError::new(
            ErrorCode::BadImage,
            format!(
                "the pasted image is {} MiB; covers may be at most 50 MiB",
                bytes.len().div_ceil(1024 * 1024)
            ),
        ));
    }
    let ext = match request
        .headers()
        .get("x-image-type")
        .and_then(|v| v.to_str().ok())
    {
        Some("image/png") => "png",
        Some("image/webp") => "webp",
        Some("image/gif") => "gif",
        _ => "jpg",
    };
    let bytes = bytes.clone();
    let desk = desk.inner().clone();
    blocking(move || {
        let dir = desk
            .cache_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir)
            .join("pasted");
        let io = |e: std::io::Error| {
            IpcError::new(
                ErrorCode::SaveFailed,
                format!("could not keep the pasted image in {} ({e})", dir.display()),
            )
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let file = tempfile::Builder::new()
            .prefix("pasted-")
            .suffix(&format!(".{ext}"))
            .tempfile_in(&dir)
            .map_err(io)?;
        std::fs::write(file.path(), &bytes).map_err(io)?;
        let (_, path) = file.keep().map_err(|e| io(e.error))?;
        Ok(desk.staging.stage(path, true))
    })
    .await
}

/// Stages a file the window saw dropped (only those paths are accepted).
#[tauri::command]
pub(crate) async fn cover_stage_drop(
    desk: State<'_, Desk>,
    file: String,
) -> Result<String, IpcError> {
    let path = PathBuf::from(&file);
    if !desk.staging.was_dropped(&path) {
        return Err(IpcError::new(
            ErrorCode::OutsideBlog,
            format!("{file} was not dropped on the window; drop it again or choose it"),
        ));
    }
    Ok(desk.staging.stage(path, false))
}

/// Imports a staged image as the post's cover (cover, og, thumbnail),
/// reporting progress on `progress`.
#[tauri::command]
pub(crate) async fn cover_import(
    desk: State<'_, Desk>,
    path: String,
    text: String,
    token: String,
    focal: (f64, f64),
    progress: Channel<Progress>,
) -> Result<CoverImport, IpcError> {
    desk.a_post(&path)?;
    let job = Job {
        outputs: &[OutputKind::Cover, OutputKind::Og, OutputKind::Thumbnail],
        field: None,
        focal,
        again: "choose it again",
    };
    import_staged(desk.inner().clone(), path, text, token, job, progress).await
}

/// Saves a staged image into the post's asset folder for its body (the
/// body-width preset); the window inserts the markdown for it.
#[tauri::command]
pub(crate) async fn body_image_import(
    desk: State<'_, Desk>,
    path: String,
    text: String,
    token: String,
    progress: Channel<Progress>,
) -> Result<CoverImport, IpcError> {
    desk.a_post(&path)?;
    let job = Job {
        outputs: &[OutputKind::Body],
        field: None,
        focal: (0.5, 0.5),
        again: "paste or drop it again",
    };
    import_staged(desk.inner().clone(), path, text, token, job, progress).await
}

/// Makes a staged image the picture of an image field other than the cover
/// (`author.picture`): a square in the blog's `authors` folder, and the
/// field set to it (the post is saved).
#[tauri::command]
pub(crate) async fn picture_import(
    desk: State<'_, Desk>,
    path: String,
    text: String,
    token: String,
    field: String,
    progress: Channel<Progress>,
) -> Result<CoverImport, IpcError> {
    desk.a_post(&path)?;
    let job = Job {
        outputs: &[OutputKind::Picture],
        field: Some(field),
        focal: (0.5, 0.5),
        again: "choose it again",
    };
    import_staged(desk.inner().clone(), path, text, token, job, progress).await
}

/// What one import of a staged image makes.
struct Job {
    outputs: &'static [OutputKind],
    field: Option<String>,
    focal: (f64, f64),
    /// How to stage the image again when its token is unknown.
    again: &'static str,
}

/// Runs one import of a staged image off the UI thread. An import that sets
/// a front-matter field saves the post, so it is refused over a change made
/// on disk elsewhere; a pasted image's kept copy is removed afterwards.
async fn import_staged(
    desk: Desk,
    path: String,
    text: String,
    token: String,
    job: Job,
    progress: Channel<Progress>,
) -> Result<CoverImport, IpcError> {
    let source = desk.staging.take(&token).ok_or_else(|| {
        IpcError::new(
            ErrorCode::NotFound,
            format!("that image is no longer staged; {}", job.again),
        )
    })?;
    let saves_post = job.outputs != [OutputKind::Body];
    blocking(move || {
        let blog = desk.blog();
        if saves_post {
            desk.may_write(&blog, &path)?;
        }
        desk.cover_cancel.store(false, Ordering::Relaxed);
        let req = Request {
            post: &path,
            source: &source.path,
            focal: job.focal,
            text: Some(&text),
            outputs: job.outputs,
            field: job.field.as_deref(),
        };
        let result = cover::import(
            &blog,
            &req,
            &|p| {
                let _ = progress.send(p);
            },
            &desk.cover_cancel,
        );
        if source.pasted {
            let _ = std::fs::remove_file(&source.path);
        }
        let result = plainly_named(result?, &source);
        if saves_post {
            desk.seen.saw(&result.post, &result.text);
        }
        Ok(result)
    })
    .await
}

/// Warnings name a pasted image as such, not by the file it was kept in.
fn plainly_named(mut result: CoverImport, source: &crate::desk::Staged) -> CoverImport {
    if let (true, Some(name)) = (source.pasted, source.path.file_name()) {
        let name = name.to_string_lossy();
        for w in &mut result.warnings {
            *w = w.replacen(name.as_ref(), "The pasted image", 1);
        }
    }
    result
}

/// Crops the og image again around a new focal point.
#[tauri::command]
pub(crate) async fn cover_recrop(
    desk: State<'_, Desk>,
    path: String,
    text: String,
    focal: (f64, f64),
    progress: Channel<Progress>,
) -> Result<CoverImport, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        desk.may_write(&blog, &path)?;
        desk.cover_cancel.store(false, Ordering::Relaxed);
        let report = |p| {
            let _ = progress.send(p);
        };
        let result = cover::recrop_og(&blog, &path, &text, focal, &report, &desk.cover_cancel)?;
        desk.seen.saw(&result.post, &result.text);
        Ok(result)
    })
    .await
}

/// Stops the running import before it writes anything.
#[tauri::command]
pub(crate) async fn cover_cancel(desk: State<'_, Desk>) -> Result<(), IpcError> {
    desk.cover_cancel.store(true, Ordering::Relaxed);
    Ok(())
}

/// The channel on which the window hears of files dropped on it.
#[tauri::command]
pub(crate) async fn watch_drops(
    desk: State<'_, Desk>,
    channel: Channel<postdesk_core::wire::Dropped>,
) -> Result<(), IpcError> {
    desk.staging.set_drop_channel(channel);
    Ok(())
}
