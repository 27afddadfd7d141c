//! The one YAML emitter: block-style documents like PyYAML's `yaml.dump(…, sort_keys=False)`
//! (record templates), and the double-quoted scalars `ksm export --format yaml` writes. One
//! list of the words a YAML 1.1 reader would not read back as strings.

use serde_json::Value;

/// Block-style YAML like PyYAML's `yaml.dump(…, sort_keys=False)` for these templates:
/// mappings indented by two, a sequence's `- ` items at their key's indentation.
pub fn document(value: &Value) -> String {
    let mut out = String::new();
    node(&mut out, value, 0);
    out
}

fn node(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                let key = scalar(&Value::String(key.clone()));
                match item {
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        node(out, item, indent + 2);
                    }
                    Value::Array(items) if !items.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        node(out, item, indent);
                    }
                    other => out.push_str(&format!("{pad}{key}: {}\n", scalar(other))),
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                let mut nested = String::new();
                node(&mut nested, item, indent + 2);
                out.push_str(&format!("{pad}- {}", nested.get(indent + 2..).unwrap_or_default()));
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

/// A scalar: plain when a YAML reader takes it for the same string, else single-quoted
/// (as PyYAML writes it), or double-quoted when it holds control characters.
fn scalar(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::String(text) if is_plain(text) => text.clone(),
        Value::String(text) if text.chars().any(char::is_control) => double_quoted(text),
        Value::String(text) => format!("'{}'", text.replace('\'', "''")),
        other => other.to_string(),
    }
}

fn is_plain(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && !text.ends_with(' ')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "_-./ ".contains(c))
        && !is_reserved_word(text)
}

/// What a YAML 1.1 reader takes for a boolean or null instead of a string, in any case.
pub fn is_reserved_word(text: &str) -> bool {
    const NOT_STRINGS: [&str; 9] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
    NOT_STRINGS.contains(&text.to_ascii_lowercase().as_str())
}

/// A mapping key as written: plain, or double-quoted when a reader would not take it for a
/// string (for keys that are known to be plain otherwise, like variable names).
pub fn key(name: &str) -> String {
    if is_reserved_word(name) {
        double_quoted(name)
    } else {
        name.to_string()
    }
}

/// A YAML double-quoted scalar using only escapes JSON also has. Besides `"`, `\` and C0
/// controls, everything YAML does not allow raw in a stream (DEL, C1 controls, U+FEFF, U+FFFE,
/// U+FFFF) and the characters YAML 1.1 readers take as line breaks (U+0085, U+2028, U+2029)
/// are escaped, so a reader cannot fold or reject the value.
pub fn double_quoted(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn double_quoting_escapes_what_a_yaml_reader_would_reject_or_fold() {
        assert_eq!(
            double_quoted("a\u{0}\u{1f}\u{7f}\u{85}\u{9f}\u{a0}\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\u{10000}é"),
            "\"a\\u0000\\u001F\\u007F\\u0085\\u009F\u{a0}\\u2028\\u2029\\uFEFF\\uFFFE\\uFFFF\u{10000}é\""
        );
    }

    #[test]
    fn keys_and_scalars_quote_what_a_reader_would_misread() {
        assert_eq!(
            (key("NO"), key("null"), key("nO"), key("NOPE")),
            ("\"NO\"".into(), "\"null\"".into(), "\"nO\"".into(), "NOPE".into())
        );
        assert_eq!(scalar(&json!("login")), "login");
        assert_eq!(scalar(&json!("Cardholder Name")), "Cardholder Name");
        assert_eq!(scalar(&json!("trailing ")), "'trailing '");
        assert_eq!(scalar(&json!("yes")), "'yes'");
        assert_eq!(scalar(&json!("it's: x")), "'it''s: x'");
        assert_eq!(scalar(&json!("a\nb")), "\"a\\nb\"");
        assert_eq!(scalar(&json!("64")), "'64'");
        assert_eq!(
            (scalar(&json!(64)), scalar(&json!(null)), scalar(&json!(true))),
            ("64".into(), "null".into(), "true".into())
        );
        assert_eq!(document(&json!({"a": [], "b": {}, "c": [[1, 2]]})), "a: []\nb: {}\nc:\n- - 1\n  - 2\n");
    }
}
