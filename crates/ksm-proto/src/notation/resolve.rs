//! Resolution of a parsed notation over records the caller has already fetched and decrypted
//! (PROTOCOL.md §11.2).

use super::json_style::python_json_dumps;
use super::{FieldKind, Notation, NotationError, Selector};
use crate::record::{Field, RecordData};
use crate::record_json::RecordJson;
use serde_json::Value;

/// A record as notation resolution needs it.
#[derive(Debug, Clone)]
pub struct NotationRecord<'a> {
    pub uid: &'a str,
    /// Parsed only for the record the notation selects (finding it by title reads titles).
    pub data: &'a RecordJson,
    pub files: Vec<NotationFile<'a>>,
}

/// A file attached to a record: its UID and the `name` and `title` of its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotationFile<'a> {
    pub uid: &'a str,
    pub name: &'a str,
    pub title: &'a str,
}

/// What a notation resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotationValue {
    /// The selected values as stored; [`value_text`] gives each one's text.
    Values(Vec<Value>),
    /// An attached file; the caller downloads and decrypts it.
    File { record_uid: String, file_uid: String },
}

impl Notation {
    /// Resolves this notation over `records`: the record set the caller fetched (the record
    /// requested by UID, or all records when looking up by title).
    pub fn resolve(&self, records: &[NotationRecord<'_>]) -> Result<NotationValue, NotationError> {
        let record = find_record(&self.record, records)?;
        let data = record.data;
        let values = match &self.selector {
            Selector::Type => vec![Value::String(data.record_type().to_string())],
            Selector::Title => vec![Value::String(data.title().to_string())],
            Selector::Notes => {
                data.notes.iter().filter(|notes| !notes.is_empty()).cloned().map(Value::String).collect()
            }
            Selector::Field { kind, name, index, property, .. } => {
                field_values(data, *kind, name, *index, property.as_deref())?
            }
            Selector::File { name } => {
                let file = find_file(record, name)?;
                return Ok(NotationValue::File { record_uid: record.uid.to_string(), file_uid: file.uid.to_string() });
            }
        };
        Ok(NotationValue::Values(values))
    }

    /// The type of the field this notation selects (`password`, `text`, …), or `None` when it
    /// selects no field (type, title, notes, a file) or does not resolve.
    pub fn field_type<'r>(&self, records: &'r [NotationRecord<'_>]) -> Option<&'r str> {
        let Selector::Field { kind, name, .. } = &self.selector else {
            return None;
        };
        let data = find_record(&self.record, records).ok()?.data;
        let fields = match kind {
            FieldKind::Standard => &data.fields,
            FieldKind::Custom => &data.custom,
        };
        find_field(fields, *kind, name).ok().map(|field| field.field_type.as_str())
    }
}

/// Finds the one record a notation's record part names: by UID when it is UID-shaped and a
/// record has that UID, otherwise by exact (case-sensitive) title. Records repeated under the
/// same UID (shortcuts) count once.
pub fn find_record<'r, 'a>(
    token: &str,
    records: &'r [NotationRecord<'a>],
) -> Result<&'r NotationRecord<'a>, NotationError> {
    if crate::uid::is_uid(token) {
        if let Some(record) = records.iter().find(|record| record.uid == token) {
            return Ok(record);
        }
    }
    let matches = distinct_by_uid(records.iter().filter(|record| record.data.title() == token), |record| record.uid);
    match matches.as_slice() {
        [record] => Ok(record),
        [] => Err(NotationError::NoRecords(token.to_string())),
        _ => Err(NotationError::MultipleRecords(token.to_string())),
    }
}

fn distinct_by_uid<T>(items: impl Iterator<Item = T>, uid_of: impl Fn(&T) -> &str) -> Vec<T> {
    let mut distinct: Vec<T> = Vec::new();
    for item in items {
        if !distinct.iter().any(|kept| uid_of(kept) == uid_of(&item)) {
            distinct.push(item);
        }
    }
    distinct
}

fn field_values(
    data: &RecordData,
    kind: FieldKind,
    name: &str,
    index: Option<usize>,
    property: Option<&str>,
) -> Result<Vec<Value>, NotationError> {
    let fields = match kind {
        FieldKind::Standard => &data.fields,
        FieldKind::Custom => &data.custom,
    };
    let field = find_field(fields, kind, name)?;
    let values = select_values(&field.value, index).ok_or_else(|| NotationError::IndexOutOfBounds {
        kind,
        name: name.to_string(),
        index: index.unwrap_or_default(),
        count: field.value.len(),
    })?;
    match property {
        None => Ok(values.to_vec()),
        Some(property) => property_values(values, property).ok_or_else(|| NotationError::PropertyNotFound {
            kind,
            name: name.to_string(),
            property: property.to_string(),
        }),
    }
}

fn find_field<'f>(fields: &'f [Field], kind: FieldKind, name: &str) -> Result<&'f Field, NotationError> {
    let mut matches = fields.iter().filter(|field| field.field_type == name || field.label.as_deref() == Some(name));
    match (matches.next(), matches.next()) {
        (Some(field), None) => Ok(field),
        (None, _) => Err(NotationError::NoField { kind, name: name.to_string() }),
        (Some(_), Some(_)) => Err(NotationError::MultipleFields { kind, name: name.to_string() }),
    }
}

/// All values, or the one at `index`; `None` when `index` is out of bounds.
fn select_values(values: &[Value], index: Option<usize>) -> Option<&[Value]> {
    match index {
        None => Some(values),
        Some(index) => values.get(index).map(std::slice::from_ref),
    }
}

/// Property `property` of each object value. Values without it are skipped (as the Python
/// SDK does); `None` when that skips every value, so the caller can say what was missing.
fn property_values(values: &[Value], property: &str) -> Option<Vec<Value>> {
    let found: Vec<Value> = values.iter().filter_map(|value| value.as_object()?.get(property)).cloned().collect();
    if found.is_empty() && !values.is_empty() {
        None
    } else {
        Some(found)
    }
}

/// A value as text: a string as stored, anything else as Python-style JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_json_dumps(other),
    }
}

fn find_file<'r, 'a>(record: &'r NotationRecord<'a>, name: &str) -> Result<&'r NotationFile<'a>, NotationError> {
    if record.files.is_empty() {
        return Err(NotationError::NoFiles(record.uid.to_string()));
    }
    let matching = record.files.iter().filter(|file| file.name == name || file.title == name || file.uid == name);
    let matches = distinct_by_uid(matching, |file| file.uid);
    match matches.as_slice() {
        [file] => Ok(file),
        [] => Err(NotationError::NoFile(name.to_string())),
        _ => Err(NotationError::MultipleFiles(name.to_string())),
    }
}
