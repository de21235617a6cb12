//! The layering of the core, as a test: each top-level module may use only
//! the modules before it in [`ORDER`] (and itself). Leaves first, then the
//! files on disk, the front-matter, one post, the blog, its index, the
//! features, and the wire types, which nothing in the core imports. So
//! there is no import cycle among the top-level modules, and a newcomer
//! can read them bottom-up.

/// Lower layers first. `ARCHITECTURE.md` says what each one is for.
const ORDER: &[&str] = &[
    // Leaves.
    "text",
    "date",
    "kind",
    "issue",
    "url",
    // One thing at a time: files, front-matter, a post.
    "disk",
    // The Site view's server: a command line and a process group.
    "serve",
    "front_matter",
    "post",
    // The blog and every post at once.
    "blog",
    "index",
    // Features.
    "preview",
    "cover",
    "publish",
    "app",
    // What crosses the IPC.
    "wire",
];

/// Every `crate::module` a production source line names (test sections,
/// comments and test files are left out: a test may build its fixtures
/// from any layer).
fn imports(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    out.push(name);
                }
            } else {
                out.push(
                    rest.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect(),
                );
            }
        }
    }
    out
}

/// Each production source file of `dir` with its top-level module.
fn sources(dir: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
                continue;
            }
            let rel = path.strip_prefix(dir).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            out.push((top, path));
        }
    }
    out.sort();
    out
}

/// What breaks the declared order in the crate whose sources are in
/// `dir`: `file: module uses module (a higher layer)`.
pub(crate) fn violations(dir: &std::path::Path, order: &[&str]) -> Vec<String> {
    let rank = |m: &str| order.iter().position(|o| *o == m);
    let mut out = Vec::new();
    for (top, path) in sources(dir) {
        let Some(own) = rank(&top) else {
            if !matches!(top.as_str(), "lib" | "main" | "app_main" | "layers") {
                out.push(format!(
                    "{}: `{top}` is not in the layer order",
                    path.display()
                ));
            }
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for used in imports(&text) {
            match rank(&used) {
                Some(r) if r <= own => {}
                Some(_) => out.push(format!(
                    "{}: `{top}` uses `{used}`, a higher layer",
                    path.display()
                )),
                None => out.push(format!(
                    "{}: `crate::{used}` is not a module in the layer order; name the module (crate::blog::Blog, not crate::Blog)",
                    path.display()
                )),
            }
        }
    }
    out
}

#[test]
fn each_module_uses_only_the_layers_below_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&dir, ORDER);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_scanner_sees_every_form_of_import() {
    let found = imports(
        "use crate::blog::Blog;\n// crate::wire in a comment\nlet x = crate::date::parse(s); use crate::{text, kind::BlogKind};\n#[cfg(test)]\nuse crate::app;\n",
    );
    assert_eq!(found, ["blog", "date", "text", "kind"]);
}

/// The app crate's modules, lowest first (`lib.rs` builds the app from all
/// of them; `main.rs` is the binary). Checked here so one scanner serves
/// both crates.
const APP_ORDER: &[&str] = &["env", "navigation", "web", "cli", "desk", "commands"];

#[test]
fn the_app_crate_s_modules_use_only_those_below_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let found = violations(&dir, APP_ORDER);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
