//! A post's text: list, read, check, save (never over a change the window
//! has not seen), the front-matter form, search, and the recovery journal.

use postdesk_core::disk::journal::Recovered;
use postdesk_core::disk::save;
use postdesk_core::index::list::{ListPage, ListQuery};
use postdesk_core::issue::Issue;
use postdesk_core::post::form::{self, FieldEdit, Form};
use postdesk_core::post::{PostSummary, PostText};
use postdesk_core::wire::{ErrorCode, IpcError, ListEvent, ListState};
use tauri::ipc::Channel;
use tauri::State;

use super::blocking;
use crate::desk::{list, Desk};

/// The list as the window opens the blog: the cached list at once (or
/// none), and a scan on a worker thread that reports to `events`.
#[tauri::command]
pub(crate) async fn list_open(
    desk: State<'_, Desk>,
    events: Channel<ListEvent>,
) -> Result<ListState, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.open_list(events))).await
}

/// Reads the posts again (changed files only, through the cache).
#[tauri::command]
pub(crate) async fn list_refresh(desk: State<'_, Desk>) -> Result<ListState, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(list::state(&*desk.rescan()?, true))).await
}

/// Rows `start..start + count` of the list for `query` (at most 500), and
/// where `selected` is in it.
#[tauri::command]
pub(crate) async fn list_page(
    desk: State<'_, Desk>,
    query: ListQuery,
    start: u32,
    count: u32,
    selected: Option<String>,
) -> Result<ListPage, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.list_page(&query, start, count.min(500), selected.as_deref())?)).await
}

/// Quick open (Ctrl+P): posts whose title fuzzily matches `query`, best
/// first (at most 12).
#[tauri::command]
pub(crate) async fn quick_open(
    desk: State<'_, Desk>,
    query: String,
) -> Result<Vec<PostSummary>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.listed_index()?.quick_open(&query, 12))).await
}

/// One post's row in the list (its title, status, URL), if it has one.
#[tauri::command]
pub(crate) async fn post_row(
    desk: State<'_, Desk>,
    path: String,
) -> Result<Option<PostSummary>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(desk.row(&path)?)).await
}

#[tauri::command]
pub(crate) async fn read_post(desk: State<'_, Desk>, path: String) -> Result<PostText, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let post = desk.blog().read_post(&path)?;
        // What the editor now holds as this post's disk content.
        desk.seen.saw(&post.path, &post.text);
        Ok(post)
    })
    .await
}

#[tauri::command]
pub(crate) async fn check_post(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<Vec<Issue>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        let index = desk.index()?;
        let blog = desk.blog();
        let mut issues = index.check_text(&blog, &path, &text);
        // What in the body would stop the generator's build (a shortcode
        // with no template, Liquid that does not parse…).
        let options =
            postdesk_core::preview::RenderOptions::for_blog(&blog, path.clone(), &text, || {
                index.entries.iter().map(|e| &e.summary).collect()
            });
        // And its links, images and headings, against the blog around it.
        let tracking = postdesk_core::publish::file_tracking(&blog);
        let routes = desk.routes(&index);
        let around = postdesk_core::preview::checks::Around {
            blog: &blog,
            routes: &routes,
            tracked: tracking
                .as_ref()
                .map(|t| t as &dyn Fn(&str) -> postdesk_core::preview::checks::Tracked),
        };
        issues.extend(postdesk_core::preview::problems(
            &text,
            &options,
            Some(&around),
        ));
        // Between the post and its translations: shared fields, and a
        // source post changed in git since the translation.
        issues.extend(postdesk_core::index::translations::check(
            &blog, &index, &path, &text,
        ));
        if let Some(issue) = desk.outdated(&index).get(&path) {
            issues.push(issue.clone());
        }
        // Web links gone from the web, as far as the answers known say
        // (when the writer turned the web check on; asked in the background).
        if desk.web.is_on() {
            let links = postdesk_core::preview::checks::web_links(&blog, &text, &options);
            issues.extend(desk.web.issues(&links));
        }
        Ok(issues)
    })
    .await
}

#[tauri::command]
pub(crate) async fn save_post(
    desk: State<'_, Desk>,
    path: String,
    text: String,
    force: Option<bool>,
) -> Result<PostSummary, IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let blog = desk.blog();
        // Never write over a change made elsewhere that the editor has not
        // seen; `force` is the writer's "Keep mine".
        if force != Some(true) {
            desk.may_write(&blog, &path)?;
        }
        save::save(blog.root(), &path, text.as_bytes())?;
        desk.saved(&path, &text);
        // Saved: the journal no longer needs to offer this post back.
        if let Some(journal) = desk.journal() {
            let _ = journal.drop_post(blog.root(), &path, crate::env::now());
        }
        // The row as a scan would make it (the generator's date, status
        // and URL), not the plain one; the list shows it at once.
        let row = Desk::summary_of(&blog, &path, &text);
        desk.set_row(row.clone());
        Ok(row)
    })
    .await
}

/// The front-matter form for the post's current text, under the blog's
/// schema (declared or inferred).
#[tauri::command]
pub(crate) async fn post_form(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<Form, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || Ok(form::form(&desk.index()?.schema, &path, &text))).await
}

/// One form control's edit applied to the text (only that value's bytes
/// change); the window shows the result as an undoable change.
#[tauri::command]
pub(crate) async fn set_field(
    desk: State<'_, Desk>,
    text: String,
    key: String,
    edit: FieldEdit,
) -> Result<String, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        form::apply(&desk.index()?.schema, &text, &key, &edit)
            .map_err(|e| IpcError::new(ErrorCode::InvalidPost, e.to_string()))
    })
    .await
}

/// Keeps the editor's unsaved text in the recovery journal (fsync'd).
#[tauri::command]
pub(crate) async fn journal_write(
    desk: State<'_, Desk>,
    path: String,
    text: String,
) -> Result<(), IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        let Some(journal) = desk.journal() else {
            return Ok(());
        };
        journal
            .write(desk.blog().root(), &path, &text, crate::env::now())
            .map_err(|e| IpcError::new(ErrorCode::SaveFailed, e.to_string()))
    })
    .await
}

/// Unsaved edits a previous run left in the journal for this blog (those
/// that differ from the file on disk), each with its diff.
#[tauri::command]
pub(crate) async fn journal_pending(desk: State<'_, Desk>) -> Result<Vec<Recovered>, IpcError> {
    let desk = desk.inner().clone();
    blocking(move || {
        Ok(match desk.journal() {
            Some(journal) => {
                let blog = desk.blog();
                postdesk_core::disk::journal::recover(&journal, blog.root(), |p| {
                    blog.read_post(p).ok().map(|t| t.text)
                })
            }
            None => Vec::new(),
        })
    })
    .await
}

/// Forgets a post's journal entry (the writer discarded it).
#[tauri::command]
pub(crate) async fn journal_drop(desk: State<'_, Desk>, path: String) -> Result<(), IpcError> {
    desk.a_post(&path)?;
    let desk = desk.inner().clone();
    blocking(move || {
        if let Some(journal) = desk.journal() {
            journal
                .drop_post(desk.blog().root(), &path, crate::env::now())
                .map_err(|e| IpcError::new(ErrorCode::SaveFailed, e.to_string()))?;
        }
        Ok(())
    })
    .await
}
