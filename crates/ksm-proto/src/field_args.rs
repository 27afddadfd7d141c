//! Field arguments on the command line, in two spellings:
//!
//! - the official CLI's: `[f.|c.]TYPE[\[LABEL\]][.KEY]=VALUE`, e.g. `f.login=me`,
//!   `c.text[Environment]=prod`, `f.name.first=Ann` (a label may escape `]` and `\` with `\`);
//! - ksm-server's: `[LABEL:]TYPE=VALUE`, e.g. `Work Phone:phone={"number":"555"}`.
//!
//! A VALUE is taken as written for the field types whose values are strings (a password may
//! start with `[` or `{`); it is JSON for the types whose values are objects (an array gives
//! several values). Dates are milliseconds since 1970 and checkboxes `true`/`false`.
//! `FieldArg::parse_json` reads every VALUE as JSON, for several values of a string type.

use crate::record_types::{field_shape, ValueShape};
use serde_json::{Map, Value};

/// Which section an argument names explicitly (`f.` or `c.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Standard,
    Custom,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldArg {
    pub section: Option<Section>,
    pub label: Option<String>,
    pub field_type: String,
    /// For object fields set one key at a time: `f.name.first=Ann`.
    pub key: Option<String>,
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldArgError {
    #[error("field '{0}' must look like TYPE=VALUE, LABEL:TYPE=VALUE or f.TYPE[LABEL]=VALUE")]
    Syntax(String),
    #[error("unknown field type '{0}' (see `ksm secret template field -l`)")]
    UnknownType(String),
    #[error("field '{field}': the label has no closing ]")]
    UnclosedLabel { field: String },
    #[error("field '{field}': '{key}' is not a key of a {field_type} value")]
    UnknownKey { field: String, field_type: String, key: String },
    #[error("bad value for field '{field}': {reason}")]
    Value { field: String, reason: String },
}

/// How a VALUE is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// As written for string types, JSON for object types.
    Plain,
    /// Always JSON.
    Json,
}

impl FieldArg {
    /// `TYPE=VALUE` and its other spellings, VALUE as written unless the type needs an object.
    pub fn parse(text: &str) -> Result<Self, FieldArgError> {
        Self::parse_as(text, Syntax::Plain)
    }

    /// The same spellings with a JSON VALUE: a JSON array gives several values.
    pub fn parse_json(text: &str) -> Result<Self, FieldArgError> {
        Self::parse_as(text, Syntax::Json)
    }

    fn parse_as(text: &str, syntax: Syntax) -> Result<Self, FieldArgError> {
        let (left, raw) = text.split_once('=').ok_or_else(|| FieldArgError::Syntax(text.to_string()))?;
        let official = left.starts_with("f.") || left.starts_with("c.") || left.contains(['[', '.']);
        let mut arg = if official { parse_official(left)? } else { parse_plain(left) };
        let shape = field_shape(&arg.field_type).ok_or_else(|| FieldArgError::UnknownType(arg.field_type.clone()))?;
        let bad_value = |reason: String| FieldArgError::Value { field: left.to_string(), reason };
        arg.values = match &arg.key {
            Some(key) => {
                let ValueShape::Object(keys) = shape else {
                    return Err(FieldArgError::UnknownKey {
                        field: left.into(),
                        field_type: arg.field_type,
                        key: key.clone(),
                    });
                };
                if !keys.contains(&key.as_str()) {
                    return Err(FieldArgError::UnknownKey {
                        field: left.into(),
                        field_type: arg.field_type,
                        key: key.clone(),
                    });
                }
                let value = match syntax {
                    Syntax::Plain => Value::from(raw),
                    Syntax::Json => parse_json(raw).map_err(bad_value)?,
                };
                vec![Value::Object(Map::from_iter([(key.clone(), value)]))]
            }
            None => parse_values(raw, shape, syntax).map_err(bad_value)?,
        };
        crate::record_types::validate_field(&arg.field_type, &arg.values)
            .map_err(|e| FieldArgError::Value { field: left.to_string(), reason: e.to_string() })?;
        Ok(arg)
    }
}

fn parse_plain(left: &str) -> FieldArg {
    let (label, field_type) = match left.rsplit_once(':') {
        Some((label, field_type)) => (Some(label.to_string()), field_type),
        None => (None, left),
    };
    FieldArg { section: None, label, field_type: field_type.to_string(), key: None, values: Vec::new() }
}

fn parse_official(left: &str) -> Result<FieldArg, FieldArgError> {
    let (section, rest) = match left.get(..2) {
        Some("f.") => (Some(Section::Standard), &left[2..]),
        Some("c.") => (Some(Section::Custom), &left[2..]),
        _ => (None, left),
    };
    let type_end = rest.find(['[', '.']).unwrap_or(rest.len());
    let field_type = &rest[..type_end];
    if field_type.is_empty() || !field_type.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(FieldArgError::Syntax(left.to_string()));
    }
    let mut rest = &rest[type_end..];
    let mut label = None;
    if let Some(after) = rest.strip_prefix('[') {
        let (text, consumed) =
            read_label(after).ok_or_else(|| FieldArgError::UnclosedLabel { field: left.to_string() })?;
        label = (!text.is_empty()).then_some(text);
        rest = &after[consumed..];
    }
    let key = match rest {
        "" => None,
        _ => match rest.strip_prefix('.') {
            Some(key) if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                Some(key.to_string())
            }
            _ => return Err(FieldArgError::Syntax(left.to_string())),
        },
    };
    Ok(FieldArg { section, label, field_type: field_type.to_string(), key, values: Vec::new() })
}

/// The label up to the first unescaped `]`, and how many bytes that took (including `]`).
fn read_label(text: &str) -> Option<(String, usize)> {
    let mut label = String::new();
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match (c, escaped) {
            (']', false) => return Some((label, index + 1)),
            ('\\', false) => escaped = true,
            (c, _) => {
                label.push(c);
                escaped = false;
            }
        }
    }
    None
}

fn parse_json(raw: &str) -> Result<Value, String> {
    serde_json::from_str(raw).map_err(|e| format!("the value is not valid JSON ({e})"))
}

fn parse_values(raw: &str, shape: ValueShape, syntax: Syntax) -> Result<Vec<Value>, String> {
    let needs_object = matches!(shape, ValueShape::Object(_) | ValueShape::AnyObject);
    if syntax == Syntax::Json || needs_object && raw.trim_start().starts_with(['{', '[']) {
        return Ok(match parse_json(raw)? {
            Value::Array(values) => values,
            single => vec![single],
        });
    }
    Ok(vec![match shape {
        ValueShape::Date => Value::from(raw.parse::<i64>().map_err(|_| "a date must be milliseconds since 1970")?),
        ValueShape::Bool => Value::from(raw.parse::<bool>().map_err(|_| "expected true or false")?),
        _ => Value::from(raw),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn arg(text: &str) -> FieldArg {
        FieldArg::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn plain_and_labelled_spellings() {
        let plain = arg("password=a=b");
        assert_eq!(
            (plain.section, plain.label, plain.field_type.as_str(), plain.values),
            (None, None, "password", vec![json!("a=b")])
        );
        let phone = arg(r#"Work Phone:phone={"number":"555","ext":"1"}"#);
        assert_eq!(phone.label.as_deref(), Some("Work Phone"));
        assert_eq!(phone.values, vec![json!({"number": "555", "ext": "1"})]);
        assert_eq!(FieldArg::parse_json(r#"text=["a","b"]"#).unwrap().values, vec![json!("a"), json!("b")]);
        assert_eq!(FieldArg::parse_json(r#"password="[x""#).unwrap().values, vec![json!("[x")]);
        assert_eq!(arg("date=1700000000000").values, vec![json!(1700000000000i64)]);
        assert_eq!(arg("a:b:text=x").label.as_deref(), Some("a:b"));
    }

    #[test]
    fn string_values_are_taken_as_written() {
        for value in ["[abc", "{abc", "\"quoted", "[\"a\",\"b\"]", "{\"k\":1}", "[]"] {
            assert_eq!(arg(&format!("password={value}")).values, vec![json!(value)], "{value}");
            assert_eq!(arg(&format!("c.text[Key]={value}")).values, vec![json!(value)], "{value}");
            assert_eq!(arg(&format!("f.keyPair.privateKey={value}")).values, vec![json!({"privateKey": value})]);
        }
        assert_eq!(arg(r#"host={"hostName":"h","port":"22"}"#).values, vec![json!({"hostName": "h", "port": "22"})]);
    }

    #[test]
    fn official_spellings() {
        let login = arg("f.login=me@example.com");
        assert_eq!((login.section, login.field_type.as_str()), (Some(Section::Standard), "login"));
        let custom = arg(r"c.text[My \] Label]=prod");
        assert_eq!((custom.section, custom.label.as_deref()), (Some(Section::Custom), Some("My ] Label")));
        let first = arg("f.name.first=Ann");
        assert_eq!((first.key.as_deref(), first.values), (Some("first"), vec![json!({"first": "Ann"})]));
        let labelled = arg("phone[Home].number=555");
        assert_eq!((labelled.label.as_deref(), labelled.values), (Some("Home"), vec![json!({"number": "555"})]));
    }

    #[test]
    fn says_what_is_wrong() {
        let message = |text: &str| FieldArg::parse(text).unwrap_err().to_string();
        assert!(message("password").contains("TYPE=VALUE"));
        assert!(message("bogus=1").contains("unknown field type 'bogus'"));
        assert!(message("phone=555").contains("field 'phone' expects an object"));
        assert!(message("date=tomorrow").contains("milliseconds"));
        assert!(message("name={oops").contains("not valid JSON"));
        assert!(FieldArg::parse_json("text=plain").unwrap_err().to_string().contains("not valid JSON"));
        assert!(message("c.text[open=1").contains("no closing ]"));
        assert!(message("f.name.nick=x").contains("'nick' is not a key"));
        assert!(message("f.login.first=x").contains("'first' is not a key"));
    }
}
