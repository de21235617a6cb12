//! postdesk-core's integration tests: fixture blogs of each kind, valid and
//! invalid, and round-trip fixtures. One binary, a module per area.

mod cover;
mod fidelity;
mod fixtures;
mod full_disk;
mod generators;
mod hostile;
mod kill;
mod pipeline;
mod publish;
mod publish_http;
mod roundtrip;
mod servers;
mod site;
mod translations;
mod watch;

use std::path::PathBuf;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Whether the tests run as root (CI does): a few need `mount`.
pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}
