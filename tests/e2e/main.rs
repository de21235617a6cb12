//! End-to-end tests: the real `postdesk` binary, driven through tauri-driver
//! and WebKitWebDriver, in a real WebKit under Xvfb (`make test` provides the
//! display). Sessions run one at a time: WebKitWebDriver allows one.

mod checks;
mod cover;
mod desk;
mod disk;
mod form;
mod harness;
mod hostile;
mod kinds;
mod large;
mod latency;
mod posts;
mod publish;
mod recovery;
mod settings;
mod site;
mod translations;
