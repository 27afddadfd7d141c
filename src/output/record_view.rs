//! A record as the official CLI's `Secret._record_to_dict` (secret.py lines 98–205) builds it
//! for `secret get`: the dict that `--json`, `-f` and `-q` print from.

use crate::output::mask::{redact, should_mask};
use ksm_client::vault::{Record, RecordFile, Vault};
use ksm_proto::record::Field;
use serde_json::{json, Map, Value};

/// How `secret get` shows a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewOptions {
    /// Show password-like values. The official CLI forces this for `--json` and `-f`.
    pub unmask: bool,
    /// Replace `addressRef`/`cardRef` UIDs by the referenced values (`--inflate`, the default).
    pub inflate: bool,
}

/// Where a reference field's value comes from: the standard fields of the referenced record,
/// looked up by label or type (SDK `SecretsManager.inflate_ref_types`).
fn reference_targets(field_type: &str) -> Option<&'static [&'static str]> {
    match field_type {
        "addressRef" => Some(&["address"]),
        "cardRef" => Some(&["paymentCard", "text", "pinCode", "addressRef"]),
        _ => None,
    }
}

/// `{uid, title, type, notes, fields, custom, files, links}` with each field as
/// `{label, type, value}`, in the official key order.
pub fn record_dict(record: &Record, vault: &Vault, options: &ViewOptions) -> Value {
    let data = &record.data;
    json!({
        "uid": record.uid,
        "title": data.title,
        "type": data.record_type,
        "notes": data.notes.clone().unwrap_or_default(),
        "fields": fields_view(&data.fields, vault, options),
        "custom": fields_view(&data.custom, vault, options),
        "files": record.files.iter().map(file_view).collect::<Vec<_>>(),
        // Record links are only sent when asked for (`requestLinks`), which the vault does
        // not do, so there are none to show.
        "links": [],
    })
}

fn fields_view(fields: &[Field], vault: &Vault, options: &ViewOptions) -> Vec<Value> {
    fields.iter().map(|field| field_view(field, vault, options)).collect()
}

fn field_view(field: &Field, vault: &Vault, options: &ViewOptions) -> Value {
    // A masked field is never inflated: its references are not even looked up.
    let value = if !options.unmask && should_mask(&field.field_type) {
        redact(&Value::Array(field.value.clone()))
    } else if options.inflate {
        Value::Array(inflated_value(field, vault))
    } else {
        Value::Array(field.value.clone())
    };
    json!({
        "label": field.label.as_deref().unwrap_or(&field.field_type),
        "type": field.field_type,
        "value": value,
    })
}

fn inflated_value(field: &Field, vault: &Vault) -> Vec<Value> {
    match reference_targets(&field.field_type) {
        Some(targets) => inflate_references(&field.value, targets, vault),
        None => field.value.clone(),
    }
}

/// One value per referenced record that exists and has any of `targets`; UIDs of records
/// the application cannot see are dropped (SDK `SecretsManager.inflate_field_value`).
fn inflate_references(uids: &[Value], targets: &[&str], vault: &Vault) -> Vec<Value> {
    uids.iter()
        .filter_map(Value::as_str)
        .filter_map(|uid| vault.record(uid))
        .filter_map(|referenced| merged_target_values(referenced, targets, vault))
        .collect()
}

/// The first value of each target field, merged: the first one as it is, and once a second
/// one is found, an object. Objects are merged key by key; a string goes under the label (or
/// type) of the field it came from. As in the SDK, a first string value is keyed by the
/// second field's label, so that when both are strings the second overwrites the first.
fn merged_target_values(referenced: &Record, targets: &[&str], vault: &Vault) -> Option<Value> {
    let mut merged: Option<Value> = None;
    for target in targets {
        let Some(field) = find_standard_field(&referenced.data.fields, target) else {
            continue;
        };
        let Some(value) = first_target_value(field, vault) else {
            continue;
        };
        let label = field.label.as_deref().unwrap_or(&field.field_type);
        merged = Some(match merged {
            None => value,
            Some(previous) => merge_value(previous, label, value),
        });
    }
    merged
}

fn first_target_value(field: &Field, vault: &Vault) -> Option<Value> {
    let first = field.value.first().filter(|value| !value.is_null())?;
    match reference_targets(&field.field_type) {
        // The official CLI fails with an IndexError when a nested reference is dangling;
        // skipping the field instead keeps the rest of the card.
        Some(nested_targets) => {
            inflate_references(std::slice::from_ref(first), nested_targets, vault).into_iter().next()
        }
        None => Some(first.clone()),
    }
}

fn merge_value(previous: Value, label: &str, value: Value) -> Value {
    let mut map = match previous {
        Value::Object(map) => map,
        other => Map::from_iter([(label.to_string(), other)]),
    };
    match value {
        Value::Object(entries) => map.extend(entries),
        other => {
            map.insert(label.to_string(), other);
        }
    }
    Value::Object(map)
}

/// SDK `Record._field_search`: the first field with this exact label, else the first whose
/// type matches ignoring case.
fn find_standard_field<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    fields
        .iter()
        .find(|field| field.label.as_deref() == Some(key))
        .or_else(|| fields.iter().find(|field| field.field_type.eq_ignore_ascii_case(key)))
}

fn file_view(file: &RecordFile) -> Value {
    json!({
        "file_uid": file.uid,
        "name": file.meta.name,
        "title": file.meta.title,
        "type": file.meta.mime_type,
        "last_modified": file.meta.last_modified,
        "size": file.meta.size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{official, vault, CARD, CUSTOM, FILES, LOGIN, WALLET};
    use crate::output::get_json;

    const SHOWN: ViewOptions = ViewOptions { unmask: true, inflate: true };

    fn dict(uid: &str, options: ViewOptions) -> Value {
        let vault = vault();
        let record = vault.record(uid).expect("fixture record");
        record_dict(record, &vault, &options)
    }

    // Golden: `secret get --json` on one record, i.e. `Secret.query` (output_format='json'
    // forces unmask, secret.py line 452) → `_record_to_dict` → `output_results`.
    #[test]
    fn login_json_matches_the_official_cli() {
        assert_eq!(get_json(&[dict(LOGIN, SHOWN)], false), official("get_login_json"));
    }

    // Golden: object-valued custom fields, a multi-value text, an unlabeled field (labelled by
    // its type), a non-string value and a non-ASCII title (`\uXXXX` escapes).
    #[test]
    fn custom_fields_and_non_ascii_match_the_official_cli() {
        assert_eq!(get_json(&[dict(CUSTOM, SHOWN)], false), official("get_custom_json"));
    }

    // Golden: files as `{file_uid, name, title, type, last_modified, size}` (secret.py 178–185).
    #[test]
    fn files_match_the_official_cli() {
        assert_eq!(get_json(&[dict(FILES, SHOWN)], false), official("get_files_json"));
    }

    // Golden: `--inflate` (the default) replaces the cardRef with the card's paymentCard,
    // cardholder text, PIN and the address its addressRef points to, drops the dangling UID,
    // and replaces the addressRef with the address (SDK `inflate_field_value`).
    #[test]
    fn inflate_matches_the_official_cli() {
        assert_eq!(get_json(&[dict(WALLET, SHOWN)], false), official("get_wallet_json"));
        assert_eq!(get_json(&[dict(CARD, SHOWN)], false), official("get_card_json"));
    }

    // Golden: `--deflate` leaves the reference UIDs as they are.
    #[test]
    fn deflate_matches_the_official_cli() {
        let deflated = ViewOptions { unmask: true, inflate: false };
        assert_eq!(get_json(&[dict(WALLET, deflated)], false), official("get_wallet_json_deflate"));
    }

    #[test]
    fn masked_fields_are_redacted_and_not_inflated() {
        let masked = ViewOptions { unmask: false, inflate: true };
        let wallet = dict(WALLET, masked);
        assert_eq!(wallet["fields"][0]["value"], json!(["****", "****"]));
        assert_eq!(wallet["fields"][1]["value"][0]["city"], "Springfield");
        let login = dict(LOGIN, masked);
        assert_eq!(login["fields"][1]["value"], json!(["****"]));
        assert_eq!(login["fields"][3]["value"], json!(["****"]), "oneTimeCode is masked, no code computed");
        assert_eq!(login["fields"][0]["value"], json!(["alice@example.com"]));
        let custom = dict(CUSTOM, masked);
        assert_eq!(custom["custom"][5]["value"], json!([{"question": "****", "answer": "****"}]));
    }

    #[test]
    fn a_dangling_nested_reference_is_skipped_where_the_official_cli_crashes() {
        let mut vault = vault();
        let Some(card) = vault.records.iter_mut().find(|record| record.uid == CARD) else {
            panic!("fixture card");
        };
        let mut data = (*card.data).clone();
        data.fields[3].value = vec![json!("MissingRecordUid000001")];
        card.data = data.into();
        let wallet = vault.record(WALLET).expect("fixture wallet");
        let inflated = &record_dict(wallet, &vault, &SHOWN)["fields"][0]["value"];
        assert_eq!(inflated[0]["pinCode"], "9876");
        assert!(inflated[0].get("city").is_none());
    }

    #[test]
    fn two_string_targets_keep_only_the_second_like_the_sdk() {
        let merged = merge_value(json!("Jane Doe"), "pinCode", json!("1234"));
        assert_eq!(merged, json!({"pinCode": "1234"}));
        let merged = merge_value(json!({"cardNumber": "4111"}), "cardholderName", json!("Jane"));
        assert_eq!(merged, json!({"cardNumber": "4111", "cardholderName": "Jane"}));
    }

    #[test]
    fn standard_field_lookup_prefers_exact_labels_then_types_ignoring_case() {
        let fields = vec![
            Field::new("text", Some("cardholderName"), vec![]),
            Field::new("pinCode", None, vec![]),
            Field::new("text", Some("pinCode"), vec![]),
        ];
        assert_eq!(find_standard_field(&fields, "pinCode").map(|f| f.field_type.as_str()), Some("text"));
        assert_eq!(find_standard_field(&fields, "PINCODE").map(|f| f.field_type.as_str()), Some("pinCode"));
        assert!(find_standard_field(&fields, "address").is_none());
    }
}
