//! The front-matter form: what the window shows for each field of the
//! blog's schema (kind, limits, choices, current value), the fields the
//! schema does not know (as the YAML the writer wrote), and the edit a
//! control makes — through `edit::set`/`edit::remove`, so only that value's
//! bytes change.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::front_matter::edit::{self, EditError};
use crate::front_matter::{self, Format};
use crate::post::schema::{self, Field, FieldKind};

/// The form for one post.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Form {
    pub fields: Vec<FormField>,
    /// Top-level keys the schema does not name, as written.
    pub extra: Vec<ExtraField>,
    /// Why there is no form (the front-matter does not parse, or there is
    /// none): the writer edits the text instead.
    pub unavailable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    /// Dotted path (`author.social.github`).
    pub key: String,
    pub name: String,
    pub kind: FieldKind,
    pub required: bool,
    pub seo_length: Option<usize>,
    pub max_length: Option<usize>,
    /// The choices of an enum.
    pub values: Vec<String>,
    /// The current value; `null` when the field is missing.
    #[ts(type = "unknown")]
    pub value: Value,
    /// For dates: the value as a date(-time) input shows it
    /// (`2024-01-15` or `2024-01-15T08:30`), in the value's own time zone.
    pub date_input: Option<String>,
    /// For images: where the window can show it (the asset scheme).
    pub image_url: Option<String>,
    /// The fields of a group.
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExtraField {
    pub key: String,
    /// The entry as written (`key: value`, with its nested lines).
    pub source: String,
}

/// What a control asks: set a field to a value, set a date from a date
/// input (kept in the post's own date format), or remove the field.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FieldEdit {
    Set {
        #[ts(type = "unknown")]
        value: Value,
    },
    Date {
        input: String,
    },
    /// Adds items to a list (those not in it yet), against the text as it
    /// is when the edit applies — so quick successive edits never undo
    /// each other.
    AddItems {
        items: Vec<String>,
    },
    /// Removes an item from a list.
    RemoveItem {
        item: String,
    },
    Remove,
}

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("`{key}`: {message}")]
    Invalid { key: String, message: String },
}

/// The form for the post at `post_path` with `text`, under `schema`.
pub fn form(schema: &[Field], post_path: &str, text: &str) -> Form {
    let split = match front_matter::split(text) {
        Ok(s) => s,
        Err(e) => return unavailable(e.to_string()),
    };
    let raw = &text[split.front_matter.clone()];
    let (values, extra) = match split.format {
        Format::None => {
            return unavailable(
                "the post has no front-matter; add a `---` block at the top of the text".into(),
            )
        }
        Format::Json => {
            return unavailable(
                "the front-matter is JSON, which the form does not edit; change it in the text"
                    .into(),
            )
        }
        Format::Yaml => match crate::front_matter::yaml::parse(raw) {
            Ok(root) => {
                let extra = match &root.kind {
                    crate::front_matter::yaml::Kind::Map { entries, .. } => entries
                        .iter()
                        .filter(|e| !schema.iter().any(|f| f.name == e.key))
                        .map(|e| ExtraField {
                            key: e.key.clone(),
                            source: raw[e.key_span.start..e.value.content_end()].to_owned(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (root.to_json(), extra)
            }
            Err(e) => {
                return unavailable(format!(
                    "the front-matter does not parse ({e}); fix it in the text"
                ))
            }
        },
        Format::Toml => match raw.parse::<toml::Table>() {
            Ok(table) => {
                let value = serde_json::to_value(&table).unwrap_or(Value::Null);
                let extra = table
                    .iter()
                    .filter(|(k, _)| !schema.iter().any(|f| &f.name == *k))
                    .map(|(k, v)| ExtraField {
                        key: k.clone(),
                        source: format!("{k} = {v}"),
                    })
                    .collect();
                (value, extra)
            }
            Err(e) => {
                return unavailable(format!(
                    "the front-matter does not parse ({e}); fix it in the text"
                ))
            }
        },
    };
    Form {
        fields: fields(schema, &values, "", post_path),
        extra,
        unavailable: None,
    }
}

fn unavailable(why: String) -> Form {
    Form {
        fields: Vec::new(),
        extra: Vec::new(),
        unavailable: Some(why),
    }
}

fn fields(schema: &[Field], values: &Value, prefix: &str, post_path: &str) -> Vec<FormField> {
    schema
        .iter()
        .map(|f| {
            let key = if prefix.is_empty() {
                f.name.clone()
            } else {
                format!("{prefix}.{}", f.name)
            };
            let value = values.get(&f.name).cloned().unwrap_or(Value::Null);
            let date_input = match f.kind {
                FieldKind::Date | FieldKind::Datetime => value.as_str().and_then(date_input),
                _ => None,
            };
            let image_url = match f.kind {
                FieldKind::Image => value
                    .as_str()
                    .and_then(|v| crate::url::asset_url(post_path, v)),
                _ => None,
            };
            FormField {
                fields: fields(&f.fields, &value, &key, post_path),
                image_url,
                key,
                name: f.name.clone(),
                kind: f.kind,
                required: f.required,
                seo_length: f.seo_length,
                max_length: f.max_length,
                values: f.values.clone(),
                value,
                date_input,
            }
        })
        .collect()
}

/// `2024-01-15` → itself; `2024-01-15T08:30:00.000Z` or
/// `2024-01-15 08:30:00 +0000` → `2024-01-15T08:30`.
fn date_input(s: &str) -> Option<String> {
    let s = s.trim();
    crate::date::parse_date(s)?;
    if s.len() == 10 {
        return Some(s.to_owned());
    }
    let date = s.get(..10)?;
    let time = s.get(11..16)?;
    Some(format!("{date}T{time}"))
}

/// The value a date input's `picked` (`2024-01-15` or `2024-01-15T08:30`)
/// becomes, written like `existing` (same separator, seconds, fraction and
/// offset), or in ISO form with milliseconds and `Z` when there is none.
fn date_value(picked: &str, existing: Option<&str>, key: &str) -> Result<String, FormError> {
    let invalid = || FormError::Invalid {
        key: key.to_owned(),
        message: format!("`{picked}` is not a date; pick one, or type it like 2024-01-15T08:30"),
    };
    let picked = picked.trim();
    let (date, time) = match picked.split_once('T') {
        Some((d, t)) => (d, Some(t.get(..5).ok_or_else(invalid)?)),
        None => (picked, None),
    };
    date.parse::<jiff::civil::Date>().map_err(|_| invalid())?;
    if let Some(t) = time {
        t.parse::<jiff::civil::Time>().map_err(|_| invalid())?;
    }
    let existing = existing
        .map(str::trim)
        .filter(|e| crate::date::parse_date(e).is_some());
    Ok(match existing {
        // A date-only value stays date-only.
        Some(e) if e.len() == 10 => date.to_owned(),
        // `YYYY-MM-DD?HH:MM…`: its separator and what follows the minutes
        // are kept. Any other shape (`20240115`, `2024-01-15T08`) is
        // written in ISO form.
        Some(e) => match (e.get(10..11), e.get(11..16), e.get(16..)) {
            (Some(sep @ ("T" | " ")), Some(hm), Some(rest))
                if hm.parse::<jiff::civil::Time>().is_ok() =>
            {
                format!("{date}{sep}{}{rest}", time.unwrap_or(hm))
            }
            _ => format!("{date}T{}:00.000Z", time.unwrap_or("00:00")),
        },
        None => format!("{date}T{}:00.000Z", time.unwrap_or("00:00")),
    })
}

/// Applies one control's edit to `text`; only that value's bytes change.
pub fn apply(
    schema: &[Field],
    text: &str,
    key: &str,
    edit: &FieldEdit,
) -> Result<String, FormError> {
    let path: Vec<&str> = key.split('.').collect();
    let order = schema::order_at(schema, &path[..path.len() - 1]);
    match edit {
        FieldEdit::Remove => Ok(edit::remove(text, &path)?),
        FieldEdit::Set { value } => Ok(edit::set(text, &path, value, &order)?),
        FieldEdit::AddItems { items } => {
            let mut list = current_list(text, &path)?;
            for item in items {
                if !list.iter().any(|v| v.as_str() == Some(item)) {
                    list.push(Value::String(item.clone()));
                }
            }
            Ok(edit::set(text, &path, &Value::Array(list), &order)?)
        }
        FieldEdit::RemoveItem { item } => {
            let mut list = current_list(text, &path)?;
            list.retain(|v| v.as_str() != Some(item.as_str()));
            Ok(edit::set(text, &path, &Value::Array(list), &order)?)
        }
        FieldEdit::Date { input } => {
            let existing = edit::get(text, &path)?;
            let value = date_value(input, existing.as_ref().and_then(Value::as_str), key)?;
            Ok(edit::set(text, &path, &Value::String(value), &order)?)
        }
    }
}

fn current_list(text: &str, path: &[&str]) -> Result<Vec<Value>, FormError> {
    Ok(match edit::get(text, path)? {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::BlogKind;

    const SEED: &str = include_str!("../../sample/_posts/building-scalable-apis.md");

    fn starter() -> Vec<Field> {
        schema::builtin(BlogKind::BlogStarter).unwrap()
    }

    #[test]
    fn the_seed_post_fills_every_field_of_the_built_in_schema() {
        let f = form(&starter(), "_posts/building-scalable-apis.md", SEED);
        assert!(f.unavailable.is_none());
        let names: Vec<_> = f.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names[..4], ["title", "excerpt", "coverImage", "date"]);
        let title = &f.fields[0];
        assert_eq!(
            title.value,
            "Building Scalable APIs: Lessons from Production"
        );
        assert_eq!(title.seo_length, Some(60));
        let date = f.fields.iter().find(|f| f.name == "date").unwrap();
        assert_eq!(date.date_input.as_deref(), Some("2024-01-15T08:30"));
        let author = f.fields.iter().find(|f| f.name == "author").unwrap();
        let github = &author.fields[3].fields[0];
        assert_eq!(github.key, "author.social.github");
        assert!(github.value.is_string());
        let status = f.fields.iter().find(|f| f.name == "status").unwrap();
        assert_eq!(status.values, ["draft", "published"]);
        let cover = f.fields.iter().find(|f| f.name == "coverImage").unwrap();
        assert_eq!(
            cover.image_url.as_deref(),
            Some("postdesk-asset://localhost/site/assets/blog/apis/cover.jpg")
        );
        assert!(f.extra.is_empty());
    }

    #[test]
    fn unknown_fields_come_as_written_and_broken_front_matter_has_no_form() {
        let text = "---\ntitle: A\nlayout: post  # mine\nextra:\n  a: 1\n  b: [2, 3]\n---\nbody\n";
        let f = form(&starter(), "_posts/a.md", text);
        let extra: Vec<_> = f
            .extra
            .iter()
            .map(|e| (e.key.as_str(), e.source.as_str()))
            .collect();
        assert_eq!(
            extra,
            [
                ("layout", "layout: post"),
                ("extra", "extra:\n  a: 1\n  b: [2, 3]")
            ]
        );
        let f = form(&starter(), "_posts/a.md", "---\ntitle: [unclosed\n---\n");
        assert_eq!(f.unavailable.unwrap(), "the front-matter does not parse (line 1, column 8: unclosed bracket '['); fix it in the text");
    }

    #[test]
    fn a_date_picked_keeps_the_post_s_date_format() {
        let set = |existing: &str, picked: &str| {
            let text = format!("---\ntitle: A\ndate: {existing}\n---\n");
            let out = apply(
                &starter(),
                &text,
                "date",
                &FieldEdit::Date {
                    input: picked.into(),
                },
            )
            .unwrap();
            out.lines()
                .nth(2)
                .unwrap()
                .trim_start_matches("date: ")
                .to_owned()
        };
        assert_eq!(
            set("\"2024-01-15T08:30:00.000Z\"", "2025-03-01T17:05"),
            "\"2025-03-01T17:05:00.000Z\""
        );
        assert_eq!(
            set("2024-01-15 08:30:00 +0000", "2025-03-01T17:05"),
            "2025-03-01 17:05:00 +0000"
        );
        assert_eq!(set("2024-01-15", "2025-03-01"), "2025-03-01");
        // Shapes the picker cannot mirror get ISO form, never a panic.
        assert_eq!(
            set("\"2024-01-15T08\"", "2025-03-01T17:05"),
            "\"2025-03-01T17:05:00.000Z\""
        );
        assert_eq!(
            set("\"20240115\"", "2025-03-01"),
            "\"2025-03-01T00:00:00.000Z\""
        );
        assert_eq!(
            set("'2024-01-15T08:30:00+02:00'", "2025-03-01T17:05"),
            "'2025-03-01T17:05:00+02:00'"
        );
        let text = "---\ntitle: A\n---\n";
        let out = apply(
            &starter(),
            text,
            "date",
            &FieldEdit::Date {
                input: "2025-03-01T17:05".into(),
            },
        )
        .unwrap();
        assert!(
            out.contains("date: 2025-03-01T17:05:00.000Z")
                || out.contains("date: \"2025-03-01T17:05:00.000Z\""),
            "{out}"
        );
        let err = apply(
            &starter(),
            text,
            "date",
            &FieldEdit::Date {
                input: "soon".into(),
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`date`: `soon` is not a date; pick one, or type it like 2024-01-15T08:30"
        );
    }

    #[test]
    fn a_control_changes_only_its_value_s_bytes() {
        let out = apply(
            &starter(),
            SEED,
            "author.social.github",
            &FieldEdit::Set {
                value: "someone".into(),
            },
        )
        .unwrap();
        let before: Vec<_> = SEED.lines().collect();
        let after: Vec<_> = out.lines().collect();
        assert_eq!(before.len(), after.len());
        let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.contains("someone"));
        let out = apply(&starter(), SEED, "featured", &FieldEdit::Remove).unwrap();
        assert!(!out.contains("featured:"));
        // List edits apply to the list as it is then.
        let added = apply(
            &starter(),
            SEED,
            "tags",
            &FieldEdit::AddItems {
                items: vec!["rust".into(), "api".into()],
            },
        )
        .unwrap();
        let removed = apply(
            &starter(),
            &added,
            "tags",
            &FieldEdit::RemoveItem { item: "api".into() },
        )
        .unwrap();
        let tags = edit::get(&removed, &["tags"]).unwrap().unwrap();
        assert!(tags.as_array().unwrap().iter().any(|t| t == "rust"));
        assert!(!tags.as_array().unwrap().iter().any(|t| t == "api"));
        // Setting the value it has changes nothing at all.
        let same = apply(
            &starter(),
            SEED,
            "status",
            &FieldEdit::Set {
                value: "published".into(),
            },
        )
        .unwrap();
        assert_eq!(same, SEED);
    }
}
