//! Parsing `[LABEL:]TYPE=VALUE` field arguments into validated record fields.

use anyhow::Context;
use ksm_proto::record::Field;
use ksm_proto::record_types::{field_shape, validate_field, ValueShape};
use serde_json::Value;

/// One parsed `--field` / `--custom` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldArg {
    pub label: Option<String>,
    pub field_type: String,
    pub values: Vec<Value>,
}

impl FieldArg {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let (left, raw) = text
            .split_once('=')
            .with_context(|| format!("field '{text}' must look like TYPE=VALUE or LABEL:TYPE=VALUE"))?;
        let (label, field_type) = match left.rsplit_once(':') {
            Some((label, field_type)) => (Some(label.to_string()), field_type),
            None => (None, left),
        };
        let shape = field_shape(field_type).with_context(|| {
            format!("unknown field type '{field_type}' in '{left}' (see `ksm-server record types`)")
        })?;
        let values = parse_values(raw, shape).with_context(|| format!("bad value for field '{left}'"))?;
        validate_field(field_type, &values)?;
        Ok(Self { label, field_type: field_type.to_string(), values })
    }

    pub fn into_field(self) -> Field {
        Field::new(&self.field_type, self.label.as_deref(), self.values)
    }
}

fn parse_values(raw: &str, shape: ValueShape) -> anyhow::Result<Vec<Value>> {
    let trimmed = raw.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let value: Value = serde_json::from_str(raw).context("the value starts like JSON but is not valid JSON")?;
        return Ok(match value {
            Value::Array(values) => values,
            single => vec![single],
        });
    }
    Ok(vec![match shape {
        ValueShape::Date => Value::from(raw.parse::<i64>().context("a date must be milliseconds since 1970")?),
        ValueShape::Bool => Value::from(raw.parse::<bool>().context("expected true or false")?),
        _ => Value::from(raw),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_plain_labelled_and_json_values() {
        assert_eq!(
            FieldArg::parse("password=a=b").unwrap(),
            FieldArg { label: None, field_type: "password".into(), values: vec![json!("a=b")] }
        );
        let phone = FieldArg::parse(r#"Work Phone:phone={"number":"555","ext":"1"}"#).unwrap();
        assert_eq!(phone.label.as_deref(), Some("Work Phone"));
        assert_eq!(phone.values, vec![json!({"number": "555", "ext": "1"})]);
        assert_eq!(FieldArg::parse(r#"text=["a","b"]"#).unwrap().values, vec![json!("a"), json!("b")]);
        assert_eq!(FieldArg::parse("date=1700000000000").unwrap().values, vec![json!(1700000000000i64)]);
        assert_eq!(FieldArg::parse("a:b:text=x").unwrap().label.as_deref(), Some("a:b"));
    }

    #[test]
    fn says_what_is_wrong() {
        let message = |text: &str| format!("{:#}", FieldArg::parse(text).unwrap_err());
        assert!(message("password").contains("TYPE=VALUE"));
        assert!(message("bogus=1").contains("unknown field type 'bogus'"));
        assert!(message("phone=555").contains("field 'phone' expects an object"));
        assert!(message("date=tomorrow").contains("milliseconds"));
        assert!(message("name={oops").contains("not valid JSON"));
    }
}
