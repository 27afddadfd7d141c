//! What a request asks for, per record type, and how an answer becomes a record.

use ksm_client::error::{fail, ErrorKind};
use ksm_proto::field_args::FieldArg;
use ksm_proto::record::RecordData;
use ksm_proto::record_builder::build_record;
use serde_json::{json, Map, Value};

/// One input of the request form. `notes` is the record's notes, not a field.
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub secret: bool,
    pub multiline: bool,
}

const fn field(name: &'static str, label: &'static str, secret: bool, multiline: bool) -> FormField {
    FormField { name, label, secret, multiline }
}

const LOGIN: [FormField; 4] = [
    field("login", "Login", false, false),
    field("password", "Password", true, false),
    field("url", "Website address", false, false),
    field("notes", "Notes", false, true),
];
const NOTE: [FormField; 1] = [field("note", "Secret note", true, true)];

/// The record types a request can ask for.
pub const TYPES: &str = "login, encryptedNotes";

pub fn form_fields(record_type: &str) -> anyhow::Result<&'static [FormField]> {
    match record_type {
        "login" => Ok(&LOGIN),
        "encryptedNotes" => Ok(&NOTE),
        other => Err(fail(ErrorKind::Usage, format!("--type {other} is not supported; use one of: {TYPES}"))),
    }
}

/// The form description the page renders (inside the encrypted label).
pub fn form_json(record_type: &str) -> anyhow::Result<Value> {
    let fields: Vec<Value> = form_fields(record_type)?
        .iter()
        .map(|f| json!({ "name": f.name, "label": f.label, "secret": f.secret, "multiline": f.multiline }))
        .collect();
    Ok(Value::Array(fields))
}

/// The record an answer describes. Only the form's fields are accepted, as strings.
pub fn record_from_answer(record_type: &str, title: &str, values: &Map<String, Value>) -> anyhow::Result<RecordData> {
    let fields = form_fields(record_type)?;
    let refused = |why: String| fail(ErrorKind::Server, format!("the answer does not fit the request: {why}"));
    let mut notes = None;
    let mut standard = Vec::new();
    for (name, value) in values {
        let form_field =
            fields.iter().find(|f| f.name == name).ok_or_else(|| refused(format!("unknown field '{name}'")))?;
        let text = value.as_str().ok_or_else(|| refused(format!("field '{name}' is not text")))?;
        if text.is_empty() {
            continue;
        }
        if form_field.name == "notes" {
            notes = Some(text.to_string());
            continue;
        }
        standard.push(FieldArg {
            section: None,
            label: None,
            field_type: form_field.name.to_string(),
            key: None,
            values: vec![Value::String(text.to_string())],
        });
    }
    build_record(record_type, title, notes, standard, Vec::new()).map_err(|e| refused(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_records_and_unknown_fields_are_refused() {
        let values = json!({ "login": "ann", "password": "pw", "url": "", "notes": "n" });
        let record = record_from_answer("login", "T", values.as_object().unwrap()).unwrap();
        let value = serde_json::to_value(&record).unwrap();
        assert_eq!(value["title"], "T");
        assert_eq!(value["notes"], "n");
        let password = value["fields"].as_array().unwrap().iter().find(|f| f["type"] == "password").unwrap();
        assert_eq!(password["value"], json!(["pw"]));
        let bad = json!({ "creditCard": "1" });
        assert!(record_from_answer("login", "T", bad.as_object().unwrap()).is_err());
        let bad = json!({ "login": 5 });
        assert!(record_from_answer("login", "T", bad.as_object().unwrap()).is_err());
        assert!(form_fields("bankCard").is_err());
    }
}
