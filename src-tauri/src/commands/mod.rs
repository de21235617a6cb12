//! Every `#[tauri::command]`, each a few lines: unpack, call the core on a
//! blocking worker (never the UI thread), map the error to `IpcError`. One
//! module per concern; the one list of commands is [`registry!`] below —
//! `build.rs` reads it for the permissions, and a test checks the
//! capability file and `ui/src/ipc.ts` against it.

use postdesk_core::wire::{ErrorCode, IpcError};

pub(crate) mod app;
pub(crate) mod cover;
#[cfg(debug_assertions)]
mod e2e;
pub(crate) mod files;
pub(crate) mod posts;
pub(crate) mod preview;
pub(crate) mod publish;
pub(crate) mod site;
pub(crate) mod watch;

type Handler = dyn Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static;

/// Declares the handler of every command listed, and (for the tests) their
/// names.
macro_rules! registry {
    ($($(#[$attr:meta])* $module:ident :: $name:ident),* $(,)?) => {
        /// Every command's name, in registry order.
        #[cfg(test)]
        const NAMES: &[&str] = &[$(stringify!($name)),*];

        fn listed() -> Box<Handler> {
            Box::new(tauri::generate_handler![$($(#[$attr])* $module::$name),*])
        }
    };
}

registry! {
    app::blog_info,
    app::get_settings,
    app::set_settings,
    app::watch_starts,
    posts::list_open,
    posts::list_refresh,
    posts::list_page,
    posts::post_row,
    posts::quick_open,
    posts::read_post,
    posts::check_post,
    posts::save_post,
    posts::post_form,
    posts::set_field,
    posts::journal_write,
    posts::journal_pending,
    posts::journal_drop,
    files::new_post_path,
    files::new_post,
    files::translate_post,
    files::post_langs,
    files::rename_target,
    files::rename_post,
    files::delete_post,
    files::recent_blogs,
    files::open_blog,
    preview::render_preview,
    preview::remote_images,
    preview::set_remote_images,
    preview::preview_stylesheet,
    preview::watch_links,
    preview::watch_web_links,
    preview::open_image,
    cover::cover_state,
    cover::post_card,
    cover::cover_pick,
    cover::cover_stage_paste,
    cover::cover_stage_drop,
    cover::cover_import,
    cover::cover_recrop,
    cover::body_image_import,
    cover::picture_import,
    cover::cover_cancel,
    cover::watch_drops,
    publish::repo_status,
    publish::publish_readiness,
    publish::set_identity,
    publish::first_commit,
    publish::add_remote,
    publish::publish_plan,
    publish::post_history,
    publish::post_version,
    publish::publish_post,
    publish::push_retry,
    publish::publish_cancel,
    publish::save_token,
    publish::open_terminal,
    watch::watch_blog,
    watch::save_post_as,
    watch::merge_post,
    site::site_state,
    site::site_trust,
    site::site_trusted,
    site::site_withdraw,
    site::site_open,
    site::site_place,
    site::site_reload,
    site::site_browser,
    site::site_log,
    site::site_stop,
    site::watch_site,
    // Debug builds only: the end-to-end tests' record of IPC calls and an
    // OS file drop.
    #[cfg(debug_assertions)]
    e2e::e2e_ipc_log,
    #[cfg(debug_assertions)]
    e2e::e2e_drop,
}

/// The app's command handler: every listed command (debug builds also
/// record each call for the end-to-end tests).
pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    let inner = listed();
    move |invoke| {
        #[cfg(debug_assertions)]
        e2e::record(invoke.message.command());
        inner(invoke)
    }
}

/// Runs disk or CPU work off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                format!("the work stopped unexpectedly: {e}"),
            )
        })?
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    include!("../../registry.rs");

    const ROOT: &str = env!("CARGO_MANIFEST_DIR");

    fn read(rel: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(ROOT).join(rel)).unwrap()
    }

    fn registry() -> BTreeSet<String> {
        super::NAMES.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn build_rs_reads_the_registry_as_it_is() {
        let read_by_build = registry_names(&read("src-tauri/src/commands/mod.rs"));
        assert_eq!(read_by_build, super::NAMES);
    }

    #[test]
    fn the_window_may_call_exactly_the_registered_commands() {
        let caps: serde_json::Value =
            serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
        let allowed: BTreeSet<String> = caps["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = p.as_str().unwrap();
                p.strip_prefix("allow-").unwrap_or(p).replace('-', "_")
            })
            .collect();
        assert_eq!(allowed, registry());
    }

    #[test]
    fn ipc_ts_calls_exactly_the_registered_commands() {
        let ts = read("ui/src/ipc.ts");
        let mut called = BTreeSet::new();
        for quote in ["call('", "call<", "invoke<"] {
            for (at, _) in ts.match_indices(quote) {
                let rest = &ts[at..];
                let Some(open) = rest.find('\'') else {
                    continue;
                };
                let name: String = rest[open + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    called.insert(name);
                }
            }
        }
        // The end-to-end tests call theirs directly.
        let expected: BTreeSet<String> = registry()
            .into_iter()
            .filter(|n| !n.starts_with("e2e_"))
            .collect();
        assert_eq!(called, expected);
    }
}
