//! Builds the Tauri context: capabilities from `src-tauri/capabilities`, and a
//! permission per app command so the capabilities can list exactly the
//! commands the window may call.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // New or removed UI files are not noticed otherwise.
    println!("cargo:rerun-if-changed=ui/dist");
    const COMMANDS: &[&str] = &[
        "blog_info",
        "list_posts",
        "read_post",
        "render_preview",
        "remote_images",
        "set_remote_images",
        "get_settings",
        "set_settings",
        "post_form",
        "set_field",
        "search_posts",
        "new_post_path",
        "new_post",
        "rename_target",
        "rename_post",
        "delete_post",
        "recent_blogs",
        "open_blog",
        "preview_stylesheet",
        "watch_links",
        "watch_starts",
        "open_image",
        "check_post",
        "save_post",
        "journal_write",
        "journal_pending",
        "journal_drop",
        "cover_state",
        "cover_pick",
        "cover_stage_paste",
        "cover_stage_drop",
        "cover_import",
        "cover_recrop",
        "body_image_import",
        "picture_import",
        "cover_cancel",
        "watch_drops",
        "repo_status",
        "publish_plan",
        "publish_post",
        "push_retry",
        "publish_cancel",
        "save_token",
        "open_terminal",
        "watch_blog",
        "save_post_as",
        "merge_post",
        // Debug builds only: the end-to-end tests' record of IPC calls.
        "e2e_ipc_log",
        "e2e_drop",
    ];
    let commands = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(commands),
    )
    .expect("tauri-build failed");
}
