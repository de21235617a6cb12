// Shared by build.rs and the app's tests (`include!`d, not a module): the
// command names in the `registry! { … }` list of src/commands/mod.rs, which
// is the one place commands are listed.

/// The names in the first `registry! { … }` of `source`, in order
/// (attributes such as `#[cfg(debug_assertions)]` and module paths left
/// out).
#[allow(dead_code)]
fn registry_names(source: &str) -> Vec<String> {
    let start = source
        .find("registry! {")
        .expect("src/commands/mod.rs has a `registry! {` list");
    let body = &source[start + "registry! {".len()..];
    let body = &body[..body.find('}').expect("the registry list is closed")];
    body.split(',')
        .map(|item| {
            let item = item
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("#[") && !l.starts_with("//"))
                .collect::<String>();
            item.rsplit("::").next().unwrap_or("").trim().to_owned()
        })
        .filter(|name| !name.is_empty())
        .collect()
}
