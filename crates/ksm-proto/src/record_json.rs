//! A record's decrypted JSON, kept as bytes until a field is needed: listing thousands of
//! records reads only their titles and types, and a parsed record costs several times its
//! JSON in memory.

use crate::record::{parse_json, RecordData};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The JSON of one record. Dereferences to the parsed [`RecordData`], parsing it on first use;
/// [`RecordJson::title`] and [`RecordJson::record_type`] never parse it.
pub struct RecordJson {
    title: String,
    record_type: String,
    /// The decrypted bytes; empty when made from parsed data.
    json: Box<[u8]>,
    /// Boxed: a record nobody reads costs a pointer here, not a whole `RecordData`.
    parsed: OnceLock<Box<RecordData>>,
}

/// What [`RecordData`] accepts, checked without building the values: JSON that passes here
/// parses as a record (the tests hold the two to the same answers).
#[derive(Deserialize)]
struct Shape {
    #[serde(default)]
    title: String,
    #[serde(rename = "type", default)]
    record_type: String,
    #[serde(rename = "fields", default)]
    _fields: Vec<FieldShape>,
    #[serde(rename = "custom", default)]
    _custom: Vec<FieldShape>,
    #[serde(rename = "notes", default)]
    _notes: Option<String>,
    #[serde(flatten)]
    _extra: Map<String, Value>,
}

#[derive(Deserialize)]
struct FieldShape {
    #[serde(rename = "type")]
    _field_type: String,
    #[serde(rename = "label", default)]
    _label: Option<String>,
    #[serde(rename = "value", default)]
    _value: Vec<IgnoredAny>,
    #[serde(flatten)]
    _extra: Map<String, Value>,
}

impl RecordJson {
    /// Checks that `json` is a record and keeps it; `None` when it would not parse.
    pub fn new(json: Vec<u8>) -> Option<Self> {
        let shape: Shape = parse_json(&json).ok()?;
        Some(Self {
            title: shape.title,
            record_type: shape.record_type,
            json: json.into_boxed_slice(),
            parsed: OnceLock::new(),
        })
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn record_type(&self) -> &str {
        &self.record_type
    }
}

impl From<RecordData> for RecordJson {
    fn from(data: RecordData) -> Self {
        Self {
            title: data.title.clone(),
            record_type: data.record_type.clone(),
            json: Box::default(),
            parsed: OnceLock::from(Box::new(data)),
        }
    }
}

impl std::ops::Deref for RecordJson {
    type Target = RecordData;

    fn deref(&self) -> &RecordData {
        self.parsed.get_or_init(|| {
            // `new` checked the shape, so this parses; were it not to, the record keeps its
            // title and type and has no fields rather than taking the command down.
            let data = parse_json(&self.json).unwrap_or_else(|_| RecordData {
                title: self.title.clone(),
                record_type: self.record_type.clone(),
                ..RecordData::default()
            });
            Box::new(data)
        })
    }
}

/// Names the record, never its contents.
impl std::fmt::Debug for RecordJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordJson").field("title", &self.title).field("record_type", &self.record_type).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[&str] = &[
        r#"{"title":"T","type":"login","fields":[{"type":"password","value":["p"],"privacyScreen":true}],"custom":[{"type":"text","label":"L","value":[{"a":1}]}],"notes":"n","future":{"x":[1]}}   "#,
        "{\"title\":\"T\"}\0\0",
        r#"{}"#,
        r#"{"title":null}"#,
        r#"{"title":5}"#,
        r#"{"type":["login"]}"#,
        r#"{"fields":null}"#,
        r#"{"fields":{}}"#,
        r#"{"fields":[{}]}"#,
        r#"{"fields":[{"type":1}]}"#,
        r#"{"fields":[{"type":"t","label":2}]}"#,
        r#"{"fields":[{"type":"t","label":null,"value":null}]}"#,
        r#"{"fields":[{"type":"t","value":"v"}]}"#,
        r#"{"fields":[{"type":"t","value":[null,1,"x",[],{}]}]}"#,
        r#"{"fields":[5]}"#,
        r#"{"custom":[{"label":"x"}]}"#,
        r#"{"notes":1}"#,
        r#"{"notes":null}"#,
        r#"{"title":"a","title":"b"}"#,
        r#"[]"#,
        r#""text""#,
        r#"{"title":"T""#,
        "",
    ];

    #[test]
    fn accepts_exactly_what_record_data_accepts() {
        for case in CASES {
            let eager = parse_json::<RecordData>(case.as_bytes());
            let lazy = RecordJson::new(case.as_bytes().to_vec());
            assert_eq!(lazy.is_some(), eager.is_ok(), "{case}: {eager:?}");
            if let (Some(lazy), Ok(eager)) = (lazy, eager) {
                assert_eq!((lazy.title(), lazy.record_type()), (eager.title.as_str(), eager.record_type.as_str()));
                assert_eq!(*lazy, eager, "{case}");
            }
        }
    }

    #[test]
    fn parses_on_first_use_and_debug_shows_no_values() {
        let lazy = RecordJson::new(
            br#"{"title":"T","type":"login","fields":[{"type":"password","value":["s3cret"]}]}"#.to_vec(),
        )
        .unwrap();
        assert!(lazy.parsed.get().is_none());
        assert_eq!(lazy.title(), "T");
        assert!(lazy.parsed.get().is_none(), "the title needs no parse");
        assert_eq!(lazy.fields[0].value, vec![Value::from("s3cret")]);
        assert!(lazy.parsed.get().is_some());
        assert!(!format!("{lazy:?}").contains("s3cret"));
        let from_data = RecordJson::from((*lazy).clone());
        assert_eq!(from_data.title(), "T");
        assert_eq!(from_data.fields, lazy.fields);
    }
}
