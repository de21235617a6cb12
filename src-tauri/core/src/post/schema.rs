//! What a blog's front-matter should hold: the built-in schemas (blog-starter,
//! Jekyll, Hugo), a schema declared in `postdesk.toml`, or one inferred from
//! the posts themselves.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::kind::BlogKind;

/// One front-matter field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Missing is an error.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Missing is a warning (inferred: present in at least 90% of posts).
    #[serde(default, skip_serializing_if = "is_false")]
    pub usually: bool,
    /// The value new posts get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "unknown")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// Over this many characters is a warning (search engines cut it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seo_length: Option<usize>,
    /// A regular expression the whole value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The allowed values of an `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The fields of an `object`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// In a blog of several languages: the same in every translation
    /// (`true`) or translated (`false`); unset, by its name
    /// (`index::translations::SHARED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub shared: Option<bool>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    String,
    /// Multi-line text.
    Text,
    Number,
    Bool,
    Date,
    Datetime,
    Enum,
    /// A list of strings.
    List,
    /// A site path (`/assets/…`) or a path relative to the post.
    Image,
    Url,
    Object,
}

impl Field {
    fn new(name: &str, kind: FieldKind) -> Field {
        Field {
            name: name.to_owned(),
            kind,
            required: false,
            usually: false,
            default: None,
            min_length: None,
            max_length: None,
            seo_length: None,
            pattern: None,
            values: Vec::new(),
            fields: Vec::new(),
            shared: None,
        }
    }
    fn required(mut self) -> Field {
        self.required = true;
        self
    }
    fn seo(mut self, n: usize) -> Field {
        self.seo_length = Some(n);
        self
    }
    fn default(mut self, v: Value) -> Field {
        self.default = Some(v);
        self
    }
    fn with(mut self, fields: Vec<Field>) -> Field {
        self.fields = fields;
        self
    }
    fn one_of(mut self, values: &[&str]) -> Field {
        self.values = values.iter().map(|v| (*v).to_owned()).collect();
        self
    }
}

/// The built-in schema for a kind of blog, if it has one.
pub fn builtin(kind: BlogKind) -> Option<Vec<Field>> {
    use FieldKind::*;
    match kind {
        BlogKind::BlogStarter => Some(vec![
            Field::new("title", String).required().seo(60),
            Field::new("excerpt", Text).seo(160),
            Field::new("coverImage", Image),
            Field::new("date", Datetime).required(),
            Field::new("author", Object).with(vec![
                Field::new("name", String).required(),
                Field::new("picture", Image),
                Field::new("bio", Text),
                Field::new("social", Object).with(vec![
                    Field::new("github", String),
                    Field::new("website", Url),
                ]),
            ]),
            Field::new("ogImage", Object).with(vec![Field::new("url", Image)]),
            Field::new("tags", List).default(Value::Array(Vec::new())),
            Field::new("category", String),
            Field::new("featured", Bool).default(Value::Bool(false)),
            Field::new("status", Enum)
                .one_of(&["draft", "published"])
                .default(Value::String("draft".into())),
            Field::new("summary", Text),
        ]),
        BlogKind::Jekyll => Some(vec![
            Field::new("layout", String).default(Value::String("post".into())),
            Field::new("title", String).required().seo(60),
            Field::new("date", Datetime).required(),
            Field::new("categories", List),
            Field::new("tags", List),
            Field::new("published", Bool).default(Value::Bool(false)),
        ]),
        BlogKind::Hugo => Some(vec![
            Field::new("title", String).required().seo(60),
            Field::new("date", Datetime).required(),
            // Hugo's other documented dates (front matter: publishDate,
            // lastmod, expiryDate).
            Field::new("publishDate", Datetime),
            Field::new("lastmod", Datetime),
            Field::new("expiryDate", Datetime),
            Field::new("draft", Bool).default(Value::Bool(true)),
            Field::new("tags", List),
            Field::new("categories", List),
            Field::new("description", Text).seo(160),
        ]),
        BlogKind::Astro => None,
    }
}

/// Infers a schema from the front-matter of existing posts: the types seen,
/// fields present in at least 90% of posts marked `usually`, string fields
/// with few distinct values as enums, nested objects recursively.
pub fn infer(front_matters: &[Value]) -> Vec<Field> {
    let objects: Vec<&serde_json::Map<String, Value>> =
        front_matters.iter().filter_map(Value::as_object).collect();
    infer_level(&objects)
}

fn infer_level(objects: &[&serde_json::Map<String, Value>]) -> Vec<Field> {
    // Keys in first-seen order, which is the order writers use.
    let mut order: Vec<&str> = Vec::new();
    let mut seen: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for obj in objects {
        for (k, v) in obj.iter() {
            if !seen.contains_key(k.as_str()) {
                order.push(k);
            }
            seen.entry(k).or_default().push(v);
        }
    }
    let total = objects.len().max(1);
    order
        .into_iter()
        .map(|key| {
            let values = &seen[key];
            let mut field = Field::new(key, infer_kind(values));
            field.usually = values.len() * 10 >= total * 9 && total >= 3;
            if field.kind == FieldKind::Object {
                let nested: Vec<&serde_json::Map<String, Value>> =
                    values.iter().filter_map(|v| v.as_object()).collect();
                field.fields = infer_level(&nested);
            }
            if field.kind == FieldKind::String {
                let distinct: BTreeSet<&str> = values.iter().filter_map(|v| v.as_str()).collect();
                if values.len() >= 5 && distinct.len() <= 5 && distinct.len() * 3 <= values.len() {
                    field.kind = FieldKind::Enum;
                    field.values = distinct.into_iter().map(str::to_owned).collect();
                }
            }
            field
        })
        .collect()
}

fn infer_kind(values: &[&Value]) -> FieldKind {
    let all = |f: &dyn Fn(&Value) -> bool| values.iter().all(|v| v.is_null() || f(v));
    if all(&|v| v.is_boolean()) {
        FieldKind::Bool
    } else if all(&|v| v.is_number()) {
        FieldKind::Number
    } else if all(&|v| v.is_array()) {
        FieldKind::List
    } else if all(&|v| v.is_object()) {
        FieldKind::Object
    } else if all(&|v| v.is_string()) && mostly_dates(values) {
        FieldKind::Datetime
    } else if all(&|v| {
        v.as_str()
            .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
    }) {
        FieldKind::Url
    } else if all(&|v| v.as_str().is_some_and(looks_like_image)) {
        FieldKind::Image
    } else if all(&|v| v.as_str().is_some_and(|s| s.len() > 80)) {
        FieldKind::Text
    } else {
        FieldKind::String
    }
}

/// At least two thirds of the values are dates a generator reads (as
/// JavaScript's `Date` does, the broadest of them): the field is a date,
/// and the odd one out (`pubDate: next Tuesday`) is what the check flags.
fn mostly_dates(values: &[&Value]) -> bool {
    let texts: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
    let dates = texts
        .iter()
        .filter(|s| crate::date::generator_reads(crate::date::DateReader::JavaScript, s))
        .count();
    !texts.is_empty() && dates * 3 >= texts.len() * 2
}

fn looks_like_image(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Key order at a dotted parent path (`""` for the top level), for placing
/// new keys.
pub fn order_at<'a>(schema: &'a [Field], parent: &[&str]) -> Vec<&'a str> {
    let mut level = schema;
    for key in parent {
        match level.iter().find(|f| f.name == *key) {
            Some(f) => level = &f.fields,
            None => return Vec::new(),
        }
    }
    level.iter().map(|f| f.name.as_str()).collect()
}

/// The field at a dotted path.
pub fn field_at<'a>(schema: &'a [Field], path: &[&str]) -> Option<&'a Field> {
    let (last, parents) = path.split_last()?;
    let mut level = schema;
    for key in parents {
        level = &level.iter().find(|f| f.name == *key)?.fields;
    }
    level.iter().find(|f| f.name == *last)
}

/// Turns what a writer typed (`postdesk set POST key=VALUE`) into a value of
/// the field's type, or says why it cannot be one.
pub fn value_from_text(field: Option<&Field>, path: &str, raw: &str) -> Result<Value, String> {
    let Some(field) = field else {
        // Not in the schema: read it as YAML would read a plain value.
        return Ok(untyped(raw));
    };
    let fail = |expected: &str| {
        Err(format!(
            "`{path}` is {expected} in the blog's schema, and `{raw}` is not"
        ))
    };
    match field.kind {
        FieldKind::Bool => match raw.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => fail("true or false"),
        },
        FieldKind::Number => match raw.trim().parse::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => match raw.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::from(f)),
                _ => fail("a number"),
            },
        },
        FieldKind::List => Ok(Value::Array(list_items(raw).into_iter().map(Value::String).collect())),
        FieldKind::Object => Err(format!("`{path}` is a group of fields; set the fields inside it, like `{path}.name=…`")),
        FieldKind::Enum if !field.values.iter().any(|v| v == raw) => {
            Err(format!("`{path}` must be one of: {}", field.values.join(", ")))
        }
        FieldKind::Date | FieldKind::Datetime if crate::date::parse_date(raw).is_none() => Err(format!(
            "`{path}` is a date in the blog's schema; write it like 2024-01-15T08:30:00.000Z or 2024-01-15"
        )),
        FieldKind::Url if !url::Url::parse(raw).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto")) => {
            Err(format!("`{path}` is a web address in the blog's schema; write it in full, like https://example.com/"))
        }
        _ => Ok(Value::String(raw.to_owned())),
    }
}

/// `a, b` or `["a", "b"]` as items.
fn list_items(raw: &str) -> Vec<String> {
    let trimmed = raw.trim();
    let inner = trimmed
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(trimmed);
    inner
        .split(',')
        .map(|s| s.trim().trim_matches('"').trim_matches('\'').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn untyped(raw: &str) -> Value {
    let trimmed = raw.trim();
    if trimmed.starts_with('[') && trimmed.ends_with(']') {
        return Value::Array(list_items(trimmed).into_iter().map(Value::String).collect());
    }
    match crate::front_matter::yaml::type_scalar(trimmed, crate::front_matter::yaml::Style::Plain) {
        crate::front_matter::yaml::Scalar::Bool(b) => Value::Bool(b),
        crate::front_matter::yaml::Scalar::Int(i) => Value::from(i),
        crate::front_matter::yaml::Scalar::Float(f) => Value::from(f),
        _ => Value::String(raw.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn blog_starter_matches_the_seed_post_fields() {
        let schema = builtin(BlogKind::BlogStarter).unwrap();
        let names: Vec<_> = schema.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "title",
                "excerpt",
                "coverImage",
                "date",
                "author",
                "ogImage",
                "tags",
                "category",
                "featured",
                "status",
                "summary"
            ]
        );
        assert_eq!(
            field_at(&schema, &["author", "social", "website"])
                .unwrap()
                .kind,
            FieldKind::Url
        );
        assert_eq!(
            order_at(&schema, &["author"]),
            ["name", "picture", "bio", "social"]
        );
    }

    #[test]
    fn inference_finds_types_usual_fields_enums_and_objects() {
        let posts: Vec<Value> = (0..10)
            .map(|i| {
                let mut v = json!({
                    "title": format!("Post {i}"),
                    "date": format!("2024-01-{:02}", i + 1),
                    "layout": if i % 2 == 0 { "post" } else { "page" },
                    "draft": i == 3,
                    "tags": ["a"],
                    "author": {"name": "C", "url": "https://c.example"},
                });
                if i == 0 {
                    v["rare"] = json!("x");
                }
                v
            })
            .collect();
        let schema = infer(&posts);
        let get = |n: &str| schema.iter().find(|f| f.name == n).unwrap();
        assert_eq!(get("title").kind, FieldKind::String);
        assert!(get("title").usually);
        assert_eq!(get("date").kind, FieldKind::Datetime);
        assert_eq!(get("layout").kind, FieldKind::Enum);
        assert_eq!(get("layout").values, ["page", "post"]);
        assert_eq!(get("draft").kind, FieldKind::Bool);
        assert_eq!(get("tags").kind, FieldKind::List);
        assert_eq!(get("author").kind, FieldKind::Object);
        assert_eq!(get("author").fields[1].kind, FieldKind::Url);
        assert!(!get("rare").usually);
    }

    #[test]
    fn typed_input_for_set() {
        let schema = builtin(BlogKind::BlogStarter).unwrap();
        let f = |p: &str| field_at(&schema, &p.split('.').collect::<Vec<_>>());
        assert_eq!(
            value_from_text(f("featured"), "featured", "true"),
            Ok(json!(true))
        );
        assert!(value_from_text(f("featured"), "featured", "yes")
            .unwrap_err()
            .contains("true or false"));
        assert_eq!(
            value_from_text(f("tags"), "tags", "a, b").unwrap(),
            json!(["a", "b"])
        );
        assert_eq!(
            value_from_text(f("tags"), "tags", "[\"a\", \"b\"]").unwrap(),
            json!(["a", "b"])
        );
        assert!(value_from_text(f("status"), "status", "live")
            .unwrap_err()
            .contains("draft, published"));
        assert!(value_from_text(f("date"), "date", "yesterday").is_err());
        assert!(value_from_text(f("author"), "author", "x").is_err());
        assert!(value_from_text(
            f("author.social.website"),
            "author.social.website",
            "example.com"
        )
        .is_err());
        assert_eq!(value_from_text(None, "x", "12"), Ok(json!(12)));
        assert_eq!(value_from_text(None, "x", "hello"), Ok(json!("hello")));
    }

    #[test]
    fn a_schema_round_trips_through_toml() {
        let schema = builtin(BlogKind::BlogStarter).unwrap();
        #[derive(Serialize, Deserialize)]
        struct Doc {
            fields: Vec<Field>,
        }
        let text = toml::to_string(&Doc {
            fields: schema.clone(),
        })
        .unwrap();
        let back: Doc = toml::from_str(&text).unwrap();
        assert_eq!(back.fields, schema);
    }
}
