//! Builds the Tauri context: capabilities from `src-tauri/capabilities`, and a
//! permission per app command so the capabilities can list exactly the
//! commands the window may call. The commands are read from the one
//! registry in `src/commands/mod.rs`.

include!("registry.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/mod.rs");
    // New or removed UI files are not noticed otherwise.
    println!("cargo:rerun-if-changed=ui/dist");
    let source = std::fs::read_to_string("src-tauri/src/commands/mod.rs")
        .expect("src-tauri/src/commands/mod.rs is readable");
    // The manifest wants names for the whole build: leaked once, by design.
    let names: &'static [&'static str] = registry_names(&source)
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect::<Vec<_>>()
        .leak();
    let commands = tauri_build::AppManifest::new().commands(names);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(commands),
    )
    .expect("tauri-build failed");
}
