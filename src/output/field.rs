//! `secret get -f NAME` (official `Secret._query_field`, secret.py lines 364–405).

use crate::output::pyjson::python_str_or_json;
use crate::output::{one_line, OutputError};
use ksm_client::error::did_you_mean;
use serde_json::Value;

/// The first value of field `name` in the first record, alone, for `$(…)`.
///
/// Lookup order: standard fields by label, then by type, then custom fields by label, then
/// by type, all case-sensitive (an unlabeled field's label is its type). A string prints as
/// it is; anything else (an object, a number, or `[]` when the field is empty) as one line
/// of Python-style JSON. Only the first of several values is printed; `[]`/index syntax in
/// `name` has no special meaning. The official CLI prints the value with no newline and a
/// blank line on stderr before and after it.
pub fn field_value(records: &[Value], name: &str) -> Result<String, OutputError> {
    let record = records.first().ok_or_else(|| OutputError::NoRecords(one_line(name)))?;
    let field = find_field(record, name).ok_or_else(|| OutputError::FieldNotFound {
        field: one_line(name),
        title: one_line(record["title"].as_str().unwrap_or_default()),
        hint: one_line(&did_you_mean(name, field_names(record))),
    })?;
    Ok(first_value_text(field))
}

fn find_field<'a>(record: &'a Value, name: &str) -> Option<&'a Value> {
    ["fields", "custom"].into_iter().find_map(|section| find_in_section(&record[section], name))
}

/// Every label and type of the record's fields, standard then custom.
fn field_names(record: &Value) -> impl Iterator<Item = &str> {
    ["fields", "custom"]
        .into_iter()
        .filter_map(|section| record[section].as_array())
        .flatten()
        .flat_map(|field| ["label", "type"].map(|key| field[key].as_str()))
        .flatten()
}

fn find_in_section<'a>(fields: &'a Value, name: &str) -> Option<&'a Value> {
    let fields = fields.as_array()?;
    ["label", "type"].into_iter().find_map(|key| fields.iter().find(|field| field[key].as_str() == Some(name)))
}

fn first_value_text(field: &Value) -> String {
    match field["value"].as_array().and_then(|values| values.first()) {
        Some(first) => python_str_or_json(first),
        None => "[]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{official, vault, CUSTOM, LOGIN, WALLET};
    use crate::output::{record_dict, ViewOptions};

    // `-f` unmasks (secret.py line 456) and keeps the default `--inflate`.
    const SHOWN: ViewOptions = ViewOptions { unmask: true, inflate: true };

    fn dicts(uid: &str) -> Vec<Value> {
        let vault = vault();
        vault.record(uid).map(|r| record_dict(r, &vault, &SHOWN)).into_iter().collect()
    }

    // Golden: `_query_field` for strings, TOTP URIs (not codes) and the first of several values.
    #[test]
    fn string_values_print_raw_like_the_official_cli() {
        let login = dicts(LOGIN);
        assert_eq!(field_value(&login, "password").unwrap(), official("field_password"));
        assert_eq!(field_value(&login, "oneTimeCode").unwrap(), official("field_otp"));
        let custom = dicts(CUSTOM);
        assert_eq!(field_value(&custom, "Tags").unwrap(), official("field_tags"));
    }

    // Golden: non-strings as `json.dumps(value)`: objects, numbers and `[]` for no value.
    #[test]
    fn other_values_print_as_python_json_like_the_official_cli() {
        let custom = dicts(CUSTOM);
        assert_eq!(field_value(&custom, "Office").unwrap(), official("field_office"));
        assert_eq!(field_value(&custom, "phone").unwrap(), official("field_phone"));
        assert_eq!(field_value(&custom, "Count").unwrap(), official("field_count"));
        assert_eq!(field_value(&custom, "login").unwrap(), official("field_login_empty"));
        assert_eq!(field_value(&dicts(LOGIN), "fileRef").unwrap(), official("field_fileref"));
        assert_eq!(field_value(&dicts(WALLET), "cardRef").unwrap(), official("field_wallet_card"));
    }

    // Golden: a standard field's type ("text" of `host`) wins over a custom field's label.
    #[test]
    fn standard_fields_are_searched_before_custom_fields() {
        assert_eq!(field_value(&dicts(CUSTOM), "text").unwrap(), official("field_text"));
    }

    #[test]
    fn labels_are_searched_before_types() {
        let record = serde_json::json!({"title": "T", "fields": [
            {"label": "a", "type": "pin", "value": ["by type"]},
            {"label": "pin", "type": "text", "value": ["by label"]},
        ], "custom": []});
        assert_eq!(field_value(&[record], "pin").unwrap(), "by label");
    }

    // Names are case-sensitive, as in the official CLI; the error names the field and the
    // record's title (never a value) in ksm's lowercase style, and suggests close names.
    #[test]
    fn missing_fields_name_the_field_and_suggest_close_ones() {
        let login = dicts(LOGIN);
        let err = field_value(&login, "nope").unwrap_err();
        assert_eq!(err.to_string(), "no field 'nope' in record 'Web Login'");
        let err = field_value(&login, "Password").unwrap_err();
        assert_eq!(err.to_string(), "no field 'Password' in record 'Web Login' (did you mean password?)");
        let err = field_value(&login, "pasword").unwrap_err();
        assert!(err.to_string().ends_with("(did you mean password?)"), "{err}");
        let err = field_value(&[], "password").unwrap_err();
        assert_eq!(err.to_string(), "no records found: cannot find field 'password'");
    }
}
