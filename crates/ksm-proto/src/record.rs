//! The decrypted record model (PROTOCOL.md §9.3–§9.4, §9.7).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A record's decrypted JSON. Unknown top-level keys are kept so that a read-modify-write
/// never drops data another client wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordData {
    #[serde(default)]
    pub title: String,
    #[serde(rename = "type", default)]
    pub record_type: String,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One field: `value` is always an array, even for a single value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    #[serde(rename = "type")]
    pub field_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub value: Vec<Value>,
    /// `required`, `privacyScreen`, `complexity`, … kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Field {
    pub fn new(field_type: &str, label: Option<&str>, value: Vec<Value>) -> Self {
        Self { field_type: field_type.to_string(), label: label.map(str::to_string), value, extra: Map::new() }
    }
}

impl RecordData {
    /// UIDs of attached files: the values of the first `fileRef` field.
    pub fn file_refs(&self) -> Vec<String> {
        self.fields
            .iter()
            .find(|field| field.field_type == "fileRef")
            .map(|field| field.value.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// Appends a file UID to the first `fileRef` field, creating it if needed (§10.4).
    pub fn add_file_ref(&mut self, file_uid: &str) {
        match self.fields.iter_mut().find(|field| field.field_type == "fileRef") {
            Some(field) => field.value.push(Value::String(file_uid.to_string())),
            None => self.fields.push(Field::new("fileRef", None, vec![Value::String(file_uid.to_string())])),
        }
    }
}

/// File metadata, encrypted with the file key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileMeta {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(rename = "type", default)]
    pub mime_type: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<i64>,
}

/// A folder's name, CBC-encrypted with its own key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderData {
    #[serde(default)]
    pub name: String,
}

/// The application's description (`appData`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppData {
    #[serde(default)]
    pub title: String,
    #[serde(rename = "type", default)]
    pub app_type: String,
}

/// Parses decrypted JSON, tolerating the trailing spaces (and NULs) some Keeper clients pad
/// record data and `appData` with.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(trim_padding(bytes))
}

/// `bytes` without the trailing spaces and NULs [`parse_json`] tolerates.
pub fn trim_padding(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace() && *b != 0).map_or(0, |i| i + 1);
    &bytes[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_padded_record_json_and_keeps_unknown_keys() {
        let text = br#"{"title":"T","type":"login","fields":[{"type":"password","value":["p"],"privacyScreen":true}],"custom":[],"notes":"n","future":1}     "#;
        let record: RecordData = parse_json(text).unwrap();
        assert_eq!(record.title, "T");
        assert_eq!(record.fields[0].value, vec![Value::from("p")]);
        assert_eq!(record.fields[0].extra["privacyScreen"], Value::Bool(true));
        let again = serde_json::to_value(&record).unwrap();
        assert_eq!(again["future"], 1);
        assert_eq!(again["fields"][0]["privacyScreen"], true);
    }

    #[test]
    fn file_refs_are_appended_to_the_first_file_ref_field() {
        let mut record = RecordData::default();
        record.add_file_ref("a");
        record.add_file_ref("b");
        assert_eq!(record.file_refs(), ["a", "b"]);
        assert_eq!(record.fields.len(), 1);
    }
}
