//! Building a record of a standard type from field arguments: its standard fields in the
//! type's order, filled from the arguments, then the custom fields (PROTOCOL.md §9.3).

use crate::field_args::FieldArg;
use crate::record::{Field, RecordData};
use crate::record_types::{record_type_fields, validate_field, ShapeError};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("unknown record type '{0}' (see `ksm secret template record -l`)")]
    UnknownRecordType(String),
    #[error("a record needs a non-empty title")]
    EmptyTitle,
    #[error(
        "'{field_type}' is not a standard field of a {record_type} record; make it a custom field (c.{field_type}=…)"
    )]
    NotStandard { field_type: String, record_type: String },
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// A new record of `record_type`. Standard arguments fill the type's standard fields (matched
/// by type, and by label when one is given); `.key` arguments for the same field build one
/// object value together.
pub fn build_record(
    record_type: &str,
    title: &str,
    notes: Option<String>,
    standard: Vec<FieldArg>,
    custom: Vec<FieldArg>,
) -> Result<RecordData, BuildError> {
    let template =
        record_type_fields(record_type).ok_or_else(|| BuildError::UnknownRecordType(record_type.to_string()))?;
    let mut given: Vec<Option<Field>> = merge(standard).into_iter().map(Some).collect();
    let mut fields = Vec::with_capacity(template.len());
    for (field_type, standard_label) in template {
        let matching = given.iter_mut().find(|field| {
            field.as_ref().is_some_and(|f| {
                f.field_type == *field_type && (f.label.is_none() || f.label.as_deref() == *standard_label)
            })
        });
        let values = matching.and_then(Option::take).map(|f| f.value).unwrap_or_default();
        fields.push(Field::new(field_type, *standard_label, values));
    }
    if let Some(extra) = given.into_iter().flatten().next() {
        return Err(BuildError::NotStandard { field_type: extra.field_type, record_type: record_type.to_string() });
    }
    let data = RecordData {
        title: title.to_string(),
        record_type: record_type.to_string(),
        fields,
        custom: merge(custom),
        notes: notes.filter(|n| !n.is_empty()),
        extra: Default::default(),
    };
    check_record(&data)?;
    Ok(data)
}

/// A known record type, a title, and every value of the right shape.
pub fn check_record(data: &RecordData) -> Result<(), BuildError> {
    if data.title.trim().is_empty() {
        return Err(BuildError::EmptyTitle);
    }
    if record_type_fields(&data.record_type).is_none() {
        return Err(BuildError::UnknownRecordType(data.record_type.clone()));
    }
    for field in data.fields.iter().chain(&data.custom) {
        validate_field(&field.field_type, &field.value)?;
    }
    Ok(())
}

/// Arguments as fields: `.key` arguments for the same type and label merge into the field's
/// last object value until a key repeats (then a new value starts).
pub fn merge(args: Vec<FieldArg>) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for arg in args {
        let same = |f: &&mut Field| f.field_type == arg.field_type && f.label == arg.label;
        match (arg.key.as_deref(), fields.iter_mut().rev().find(same)) {
            (Some(key), Some(field)) => match field.value.last_mut() {
                Some(Value::Object(object)) if !object.contains_key(key) => object.extend(object_of(arg.values)),
                _ => field.value.extend(arg.values),
            },
            (None, Some(field)) if field.value.is_empty() => field.value = arg.values,
            _ => fields.push(Field::new(&arg.field_type, arg.label.as_deref(), arg.values)),
        }
    }
    fields
}

fn object_of(values: Vec<Value>) -> serde_json::Map<String, Value> {
    values.into_iter().filter_map(|v| if let Value::Object(o) = v { Some(o) } else { None }).flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(texts: &[&str]) -> Vec<FieldArg> {
        texts.iter().map(|t| FieldArg::parse(t).unwrap()).collect()
    }

    #[test]
    fn builds_the_standard_fields_of_a_type_in_order() {
        let data = build_record(
            "login",
            "Web",
            Some("n".into()),
            args(&["login=me", "f.password=pw"]),
            args(&["env:text=prod"]),
        )
        .unwrap();
        let types: Vec<&str> = data.fields.iter().map(|f| f.field_type.as_str()).collect();
        assert_eq!(types, ["passkey", "login", "password", "url", "fileRef", "oneTimeCode"]);
        assert_eq!(data.fields[2].value, vec![json!("pw")]);
        assert!(data.fields[3].value.is_empty());
        assert_eq!((data.custom[0].label.as_deref(), &data.custom[0].value), (Some("env"), &vec![json!("prod")]));
        let db = build_record("databaseCredentials", "DB", None, args(&["type:text=postgres"]), vec![]).unwrap();
        assert_eq!((db.fields[0].label.as_deref(), &db.fields[0].value), (Some("type"), &vec![json!("postgres")]));
    }

    #[test]
    fn key_arguments_build_one_object() {
        let data = build_record(
            "contact",
            "Ann",
            None,
            args(&["f.name.first=Ann", "f.name.last=Lee", "phone.number=1", "phone.number=2"]),
            vec![],
        )
        .unwrap();
        let name = data.fields.iter().find(|f| f.field_type == "name").unwrap();
        assert_eq!(name.value, vec![json!({"first": "Ann", "last": "Lee"})]);
        let phone = data.fields.iter().find(|f| f.field_type == "phone").unwrap();
        assert_eq!(phone.value, vec![json!({"number": "1"}), json!({"number": "2"})]);
    }

    #[test]
    fn refuses_unknown_types_non_standard_fields_and_empty_titles() {
        assert_eq!(
            build_record("spaceship", "x", None, vec![], vec![]),
            Err(BuildError::UnknownRecordType("spaceship".into()))
        );
        let extra = build_record("login", "x", None, args(&["email=a@b"]), vec![]).unwrap_err();
        assert!(extra.to_string().contains("c.email"), "{extra}");
        assert_eq!(build_record("login", " ", None, vec![], vec![]), Err(BuildError::EmptyTitle));
    }
}
