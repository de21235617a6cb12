// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use postdesk_app::cli::{self, Start};

fn main() -> std::process::ExitCode {
    match cli::main() {
        Start::Window(blog) => postdesk_app::gui(blog),
        Start::Done(code) => code,
    }
}
