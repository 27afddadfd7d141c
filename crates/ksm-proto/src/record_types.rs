//! Standard record types and field types (PROTOCOL.md §9.3), and the shape check that keeps
//! malformed values out of the vault.

use serde_json::Value;

/// What one element of a field's `value` array must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    Text,
    /// A UID reference to another record or file.
    Reference,
    /// Milliseconds since the Unix epoch.
    Date,
    Bool,
    /// An object whose keys are all among these.
    Object(&'static [&'static str]),
    /// An object of a PAM or passkey shape we do not model further.
    AnyObject,
}

/// Every field type a record may use, with its value shape.
pub const FIELD_TYPES: &[(&str, ValueShape)] = &[
    ("accountNumber", ValueShape::Text),
    ("address", ValueShape::Object(&["street1", "street2", "city", "state", "zip", "country"])),
    ("addressRef", ValueShape::Reference),
    ("appFiller", ValueShape::AnyObject),
    ("bankAccount", ValueShape::Object(&["accountType", "routingNumber", "accountNumber", "otherType"])),
    ("birthDate", ValueShape::Date),
    ("cardRef", ValueShape::Reference),
    ("checkbox", ValueShape::Bool),
    ("databaseType", ValueShape::Text),
    ("date", ValueShape::Date),
    ("directoryType", ValueShape::Text),
    ("dropdown", ValueShape::Text),
    ("email", ValueShape::Text),
    ("expirationDate", ValueShape::Date),
    ("fileRef", ValueShape::Reference),
    ("host", ValueShape::Object(&["hostName", "port"])),
    ("isSSIDHidden", ValueShape::Bool),
    ("keyPair", ValueShape::Object(&["publicKey", "privateKey"])),
    ("licenseNumber", ValueShape::Text),
    ("login", ValueShape::Text),
    ("multiline", ValueShape::Text),
    ("name", ValueShape::Object(&["first", "middle", "last"])),
    ("note", ValueShape::Text),
    ("oneTimeCode", ValueShape::Text),
    ("otp", ValueShape::Text),
    ("pamHostname", ValueShape::Object(&["hostName", "port"])),
    ("pamRemoteBrowserSettings", ValueShape::AnyObject),
    ("pamResources", ValueShape::AnyObject),
    ("pamSettings", ValueShape::AnyObject),
    ("passkey", ValueShape::AnyObject),
    ("password", ValueShape::Text),
    ("paymentCard", ValueShape::Object(&["cardNumber", "cardExpirationDate", "cardSecurityCode"])),
    ("phone", ValueShape::Object(&["region", "number", "ext", "type"])),
    ("pinCode", ValueShape::Text),
    ("rbiUrl", ValueShape::Text),
    ("recordRef", ValueShape::Reference),
    ("schedule", ValueShape::Object(&["type", "cron", "time", "tz", "weekday", "intervalCount"])),
    ("script", ValueShape::Object(&["fileRef", "command", "recordRef"])),
    ("secret", ValueShape::Text),
    ("securityQuestion", ValueShape::Object(&["question", "answer"])),
    ("text", ValueShape::Text),
    ("trafficEncryptionSeed", ValueShape::Text),
    ("url", ValueShape::Text),
    ("wifiEncryption", ValueShape::Text),
];

/// A standard field of a record type: its field type and, for some, a fixed label.
pub type StandardField = (&'static str, Option<&'static str>);

/// The standard record types and their standard fields, in order.
pub const RECORD_TYPES: &[(&str, &[StandardField])] = &[
    (
        "login",
        &[
            ("passkey", None),
            ("login", None),
            ("password", None),
            ("url", None),
            ("fileRef", None),
            ("oneTimeCode", None),
        ],
    ),
    (
        "bankAccount",
        &[
            ("bankAccount", None),
            ("name", None),
            ("login", None),
            ("password", None),
            ("url", None),
            ("cardRef", None),
            ("fileRef", None),
            ("oneTimeCode", None),
        ],
    ),
    ("address", &[("address", None), ("fileRef", None)]),
    (
        "bankCard",
        &[
            ("paymentCard", None),
            ("text", Some("Cardholder Name")),
            ("pinCode", None),
            ("addressRef", None),
            ("fileRef", None),
        ],
    ),
    ("birthCertificate", &[("name", None), ("birthDate", None), ("fileRef", None)]),
    (
        "contact",
        &[
            ("name", None),
            ("text", Some("Company")),
            ("email", None),
            ("phone", None),
            ("addressRef", None),
            ("fileRef", None),
        ],
    ),
    (
        "driverLicense",
        &[
            ("accountNumber", None),
            ("name", None),
            ("birthDate", None),
            ("addressRef", None),
            ("expirationDate", None),
            ("fileRef", None),
        ],
    ),
    ("encryptedNotes", &[("note", None), ("date", None), ("fileRef", None)]),
    ("file", &[("fileRef", None)]),
    (
        "healthInsurance",
        &[
            ("accountNumber", None),
            ("name", None),
            ("login", None),
            ("password", None),
            ("url", None),
            ("fileRef", None),
        ],
    ),
    ("membership", &[("accountNumber", None), ("name", None), ("password", None), ("fileRef", None)]),
    (
        "passport",
        &[
            ("accountNumber", None),
            ("name", None),
            ("birthDate", None),
            ("addressRef", None),
            ("expirationDate", None),
            ("date", None),
            ("password", None),
            ("fileRef", None),
        ],
    ),
    ("photo", &[("fileRef", None)]),
    ("serverCredentials", &[("host", None), ("login", None), ("password", None), ("fileRef", None)]),
    (
        "softwareLicense",
        &[
            ("licenseNumber", None),
            ("expirationDate", None),
            ("date", None),
            ("fileRef", None),
            ("securityQuestion", None),
        ],
    ),
    ("ssnCard", &[("accountNumber", None), ("name", None), ("fileRef", None)]),
    ("sshKeys", &[("login", None), ("keyPair", None), ("password", None), ("host", None), ("fileRef", None)]),
    (
        "databaseCredentials",
        &[("text", Some("type")), ("host", None), ("login", None), ("password", None), ("fileRef", None)],
    ),
    (
        "pamDatabase",
        &[("pamHostname", None), ("login", None), ("password", None), ("databaseType", None), ("fileRef", None)],
    ),
    (
        "pamDirectory",
        &[("pamHostname", None), ("login", None), ("password", None), ("directoryType", None), ("fileRef", None)],
    ),
    ("pamMachine", &[("pamHostname", None), ("login", None), ("password", None), ("fileRef", None)]),
    ("pamUser", &[("login", None), ("password", None), ("fileRef", None)]),
    ("pamAwsConfiguration", &[("pamResources", None), ("fileRef", None)]),
    ("pamAzureConfiguration", &[("pamResources", None), ("fileRef", None)]),
    ("pamLocalConfiguration", &[("pamResources", None), ("fileRef", None)]),
    ("pamNetworkConfiguration", &[("pamResources", None), ("fileRef", None)]),
];

pub fn field_shape(field_type: &str) -> Option<ValueShape> {
    FIELD_TYPES.iter().find(|(name, _)| *name == field_type).map(|(_, shape)| *shape)
}

pub fn record_type_fields(record_type: &str) -> Option<&'static [StandardField]> {
    RECORD_TYPES.iter().find(|(name, _)| *name == record_type).map(|(_, fields)| *fields)
}

/// Why a field value was refused; the text names the field type and what it expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("unknown field type '{0}' (see the list of field types)")]
    UnknownFieldType(String),
    #[error("unknown record type '{0}' (see the list of record types)")]
    UnknownRecordType(String),
    #[error("field '{field_type}' expects {expected}, got {got}")]
    WrongShape { field_type: String, expected: String, got: String },
}

/// Checks every element of a field's values against its type's shape.
pub fn validate_field(field_type: &str, values: &[Value]) -> Result<(), ShapeError> {
    let shape = field_shape(field_type).ok_or_else(|| ShapeError::UnknownFieldType(field_type.to_string()))?;
    values.iter().try_for_each(|value| check(field_type, shape, value))
}

fn check(field_type: &str, shape: ValueShape, value: &Value) -> Result<(), ShapeError> {
    let wrong = |expected: String| ShapeError::WrongShape {
        field_type: field_type.to_string(),
        expected,
        got: describe(value),
    };
    match (shape, value) {
        (ValueShape::Text | ValueShape::Reference, Value::String(_)) => Ok(()),
        (ValueShape::Date, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
        (ValueShape::Bool, Value::Bool(_)) | (ValueShape::AnyObject, Value::Object(_)) => Ok(()),
        (ValueShape::Object(keys), Value::Object(map)) => match map.keys().find(|key| !keys.contains(&key.as_str())) {
            None => Ok(()),
            Some(key) => Err(wrong(format!("an object with keys {} (unknown key '{key}')", keys.join(", ")))),
        },
        (ValueShape::Text, _) => Err(wrong("a string".into())),
        (ValueShape::Reference, _) => Err(wrong("a record or file UID string".into())),
        (ValueShape::Date, _) => Err(wrong("a date as integer milliseconds since 1970".into())),
        (ValueShape::Bool, _) => Err(wrong("true or false".into())),
        (ValueShape::Object(keys), _) => Err(wrong(format!("an object with keys {}", keys.join(", ")))),
        (ValueShape::AnyObject, _) => Err(wrong("an object".into())),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_well_shaped_values() {
        validate_field("password", &[json!("x")]).unwrap();
        validate_field("phone", &[json!({"number": "555", "ext": "1", "type": "Work"})]).unwrap();
        validate_field("date", &[json!(1700000000000i64)]).unwrap();
        validate_field("checkbox", &[json!(true)]).unwrap();
        validate_field("passkey", &[json!({"anything": 1})]).unwrap();
    }

    #[test]
    fn rejects_wrong_shapes_with_a_message_naming_the_field() {
        let err = validate_field("phone", &[json!("555")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "field 'phone' expects an object with keys region, number, ext, type, got a string"
        );
        let err = validate_field("name", &[json!({"first": "a", "nick": "b"})]).unwrap_err();
        assert!(err.to_string().contains("unknown key 'nick'"), "{err}");
        assert!(validate_field("date", &[json!("2024-01-01")]).is_err());
        assert_eq!(validate_field("bogus", &[]), Err(ShapeError::UnknownFieldType("bogus".into())));
    }

    #[test]
    fn every_standard_field_has_a_known_type() {
        for (record_type, fields) in RECORD_TYPES {
            for (field_type, _) in *fields {
                assert!(field_shape(field_type).is_some(), "{record_type}.{field_type}");
            }
        }
        assert!(record_type_fields("login").is_some());
        assert!(record_type_fields("nope").is_none());
    }
}
