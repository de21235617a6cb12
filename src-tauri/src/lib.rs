//! The Postdesk app: the Tauri builder and the command line. Domain logic
//! lives in `postdesk-core`; this crate only wires it to the window (see
//! ARCHITECTURE.md). Its modules, lowest first: `env` (clock, folders),
//! `navigation`, `web` (asking web links), `cli`, `desk` (the shared state), `commands` (the one
//! command registry); this file builds the app from them.

pub mod cli;
mod commands;
mod desk;
mod env;
mod navigation;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use postdesk_core::app::settings;
use postdesk_core::blog::Blog;

pub use desk::Desk;

/// Opens the window on the chosen blog.
pub fn gui(asked: Option<PathBuf>) -> ExitCode {
    let chosen = env::data_dir().and_then(|data| Ok((cli::choose_blog(asked, &data)?, data)));
    let ((blog, post), data) = match chosen {
        Ok(chosen) => chosen,
        Err(message) => {
            eprintln!("postdesk: {message}");
            return ExitCode::from(2);
        }
    };
    // Before GTK and WebKit start, and before D-Bus below starts threads
    // (one thread yet: the environment is ours).
    env::choose_renderer();
    // A window already runs: it opens the blog (and remembers it).
    let context = tauri::generate_context!();
    if env::hand_to_running_window(&context.config().identifier) {
        return ExitCode::SUCCESS;
    }
    let mut remembered = settings::load(&data);
    remembered.opened(blog.root());
    // Not remembering is no reason to refuse to start.
    if let Err(e) = settings::save(&data, &remembered) {
        eprintln!(
            "postdesk: could not remember the blog in {} ({e})",
            data.display()
        );
    }
    let built = match app(blog, post).build(context) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("postdesk: the window could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    built.run(|app, event| {
        // The blog's development server goes with the app (its whole
        // process group), however the app is quit.
        if let tauri::RunEvent::Exit = event {
            use tauri::Manager;
            app.state::<Desk>().site.stop("The app quit.");
        }
    });
    ExitCode::SUCCESS
}

static WINDOW_MOVES: AtomicU64 = AtomicU64::new(0);

/// Remembers the window's size and position once it has been still for
/// half a second — not only at a clean exit, so a crash or a kill keeps it.
fn save_window_state_soon(app: tauri::AppHandle) {
    let this = WINDOW_MOVES.fetch_add(1, Ordering::Relaxed) + 1;
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        if WINDOW_MOVES.load(Ordering::Relaxed) == this {
            use tauri_plugin_window_state::{AppHandleExt, StateFlags};
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                eprintln!("postdesk: could not remember the window's size: {e}");
            }
        }
    });
}

/// The builder, without a context, so tests can run it on the mock runtime.
/// `post`: the post the window opens first (named on the command line).
pub fn app(blog: Blog, post: Option<String>) -> tauri::Builder<tauri::Wry> {
    tauri::Builder::default()
        // A second `postdesk [BLOG]` while one runs brings the running
        // window to the front, and has it open BLOG (over D-Bus; without a
        // session bus both simply run).
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            use tauri::Manager;
            if let Some(window) = app.get_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
            if let Some(desk) = app.try_state::<Desk>() {
                desk.inner().clone().second_start(args, cwd);
            }
        }))
        // Size, position and maximized state come back on the next start.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_window("main") {
                commands::app::apply_theme(&window, app.state::<Desk>().settings().theme);
            }
            Ok(())
        })
        .plugin(tauri_plugin_opener::init())
        // The window and the preview frame never leave the app's pages; a
        // web link clicked in the preview opens in the system browser.
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("postdesk-navigation")
                .on_navigation(|webview, url| {
                    use tauri::Manager;
                    // The Site view stays on its server's pages; any other
                    // page opens in the system browser.
                    if webview.label() == desk::SITE_LABEL {
                        let desk = webview.state::<Desk>();
                        if desk.site.allows(url) {
                            return true;
                        }
                        desk::open_in_browser(webview.app_handle().clone(), url.to_string());
                        return false;
                    }
                    match navigation::decide(url) {
                        navigation::Navigation::Allow => true,
                        navigation::Navigation::Browser(target) => {
                            desk::open_in_browser(webview.app_handle().clone(), target.to_string());
                            false
                        }
                        navigation::Navigation::Stay => {
                            // Only a link clicked in the preview gets here.
                            webview
                                .state::<Desk>()
                                .inner()
                                .clone()
                                .follow_link(url.clone());
                            false
                        }
                    }
                })
                .build(),
        )
        // Used from Rust only (the cover file dialog); the page has no
        // dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            use tauri::Manager;
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) =
                event
            {
                let scale = window.scale_factor().unwrap_or(1.0);
                let at = position.to_logical::<f64>(scale);
                window
                    .state::<Desk>()
                    .staging
                    .on_drop(paths.clone(), at.x, at.y);
            }
            if matches!(
                event,
                tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)
            ) {
                save_window_state_soon(window.app_handle().clone());
            }
        })
        .manage({
            let desk = Desk::new(blog, env::cache_dir(), env::data_dir().ok()).opening(post);
            // The syntax definitions load while the window starts, so that
            // opening the first post does not wait for them.
            let renderer = desk.renderer.clone();
            std::thread::spawn(move || renderer.preload());
            // So do the blog's posts: the list the window asks for is then
            // (nearly) ready.
            desk.read_ahead();
            desk
        })
        .register_asynchronous_uri_scheme_protocol(
            postdesk_core::url::ASSET_SCHEME,
            commands::preview::serve_asset,
        )
        .invoke_handler(commands::handler())
}
