// Every step a post goes through in Postdesk, for one text: split, parse,
// summarise, check, infer a schema, build the form and apply its edits,
// render, set every field. Nothing may panic on any input. Shared (by
// `include!`) between the property test in `pipeline.rs` and the fuzz
// target `fuzz/fuzz_targets/front_matter.rs`.

/// Runs every step on `text` as the post `rel` of a blog of `kind`.
pub fn every_step(kind: postdesk_core::kind::BlogKind, rel: &str, text: &str) {
    use postdesk_core::front_matter::{self, edit};
    use postdesk_core::post::{self, form, schema, validate};
    use std::collections::HashMap;
    use std::path::Path;

    let located = front_matter::locate(text);
    let _ = post::summary_from(rel, &located);
    let _ = post::front_matter_value(text, rel);
    let schema = schema::builtin(kind).unwrap_or_default();
    let site = postdesk_core::blog::site::Site::defaults(kind);
    let local = validate::Local {
        kind,
        schema: &schema,
        public_dir: Path::new("public"),
        date_sources: site.date_sources(),
    };
    let check = validate::check_post(&local, rel, &located);
    let slugs = HashMap::new();
    let ctx = validate::Context {
        kind,
        schema: &schema,
        root: Path::new("/nonexistent-blog"),
        public_dir: Path::new("public"),
        date_sources: site.date_sources(),
        slugs: &slugs,
        known_images: None,
    };
    let _ = validate::report(&ctx, rel, &check);
    let inferred = match &located {
        Ok(l) => schema::infer(&[l.value.clone(), l.value.clone(), l.value.clone()]),
        Err(_) => Vec::new(),
    };
    for schema in [&schema, &inferred] {
        let form = form::form(schema, rel, text);
        for field in &form.fields {
            let edits = [
                form::FieldEdit::Set {
                    value: field.value.clone(),
                },
                form::FieldEdit::Date {
                    input: "2025-03-01T17:05".into(),
                },
                form::FieldEdit::AddItems {
                    items: vec!["new".into()],
                },
                form::FieldEdit::RemoveItem { item: "x".into() },
                form::FieldEdit::Remove,
            ];
            for e in &edits {
                let _ = form::apply(schema, text, &field.key, e);
            }
        }
    }
    let _ = postdesk_core::preview::render(text);
    if let Ok(l) = &located {
        if let Some(map) = l.value.as_object() {
            for key in map.keys() {
                let order: Vec<&str> = schema.iter().map(|f| f.name.as_str()).collect();
                let value = serde_json::Value::String(format!("{key} again"));
                if let Ok(after) = edit::set(text, &[key.as_str()], &value, &order) {
                    let _ = front_matter::locate(&after);
                }
                let _ = edit::remove(text, &[key.as_str()]);
            }
        }
    }
}
