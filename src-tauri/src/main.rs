//! `postdesk`: the command line. It links no GUI library (the linker drops
//! GTK and WebKit, which nothing here calls), so `postdesk check` starts in
//! a few milliseconds; when a window is wanted it becomes `postdesk-app`,
//! the binary beside it, with the same arguments (exec: the same process,
//! so a second start still reaches the running window).

use std::process::ExitCode;

use postdesk_app::cli::{self, Start};

fn main() -> ExitCode {
    match cli::main() {
        Start::Done(code) => code,
        Start::Window(_) => window(),
    }
}

#[cfg(unix)]
fn window() -> ExitCode {
    use std::os::unix::process::CommandExt;
    let app = match std::env::current_exe() {
        Ok(exe) => exe.with_file_name("postdesk-app"),
        Err(e) => {
            eprintln!("postdesk: cannot tell where postdesk is installed ({e}); run postdesk-app");
            return ExitCode::from(2);
        }
    };
    let error = std::process::Command::new(&app)
        .args(std::env::args_os().skip(1))
        .exec();
    eprintln!(
        "postdesk: the window could not start: {} ({error}); reinstall Postdesk, or run `cargo build --bin postdesk-app`",
        app.display()
    );
    ExitCode::from(2)
}

#[cfg(not(unix))]
fn window() -> ExitCode {
    let app = std::env::current_exe()
        .map(|exe| exe.with_file_name("postdesk-app.exe"))
        .unwrap_or_else(|_| "postdesk-app".into());
    match std::process::Command::new(&app)
        .args(std::env::args_os().skip(1))
        .status()
    {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1) as u8),
        Err(e) => {
            eprintln!(
                "postdesk: the window could not start: {} ({e})",
                app.display()
            );
            ExitCode::from(2)
        }
    }
}
