//! Text the way Python writes values: `json.dumps(value, indent=4)` (what the official CLI
//! prints for `--json` and `-q`) and `str(value)` (what its tables show for a non-string).

use ksm_proto::notation::python_json_dumps;
use serde_json::{Map, Value};

const INDENT: &str = "    ";

/// `json.dumps(value, indent=4)`: `","` between items (no trailing space), `": "` after keys,
/// `\uXXXX` for non-ASCII, and `[]`/`{}` for empty containers.
pub fn dumps_indented(value: &Value) -> String {
    let mut out = String::new();
    write_indented(&mut out, value, 0);
    out
}

/// `json.dumps(value, indent=4)` for a value nested `depth` levels deep in a larger document.
pub fn dumps_indented_at(value: &Value, depth: usize) -> String {
    let mut out = String::new();
    write_indented(&mut out, value, depth);
    out
}

fn write_indented(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            write_block(out, '[', ']', depth, items.iter().map(|item| (None, item)));
        }
        Value::Object(map) if !map.is_empty() => {
            write_block(out, '{', '}', depth, map.iter().map(|(key, item)| (Some(key), item)));
        }
        scalar_or_empty => out.push_str(&python_json_dumps(scalar_or_empty)),
    }
}

fn write_block<'a>(
    out: &mut String,
    open: char,
    close: char,
    depth: usize,
    entries: impl Iterator<Item = (Option<&'a String>, &'a Value)>,
) {
    out.push(open);
    for (position, (key, item)) in entries.enumerate() {
        if position > 0 {
            out.push(',');
        }
        out.push('\n');
        out.push_str(&INDENT.repeat(depth + 1));
        if let Some(key) = key {
            out.push_str(&python_json_dumps(&Value::String(key.clone())));
            out.push_str(": ");
        }
        write_indented(out, item, depth + 1);
    }
    out.push('\n');
    out.push_str(&INDENT.repeat(depth));
    out.push(close);
}

/// A string as it is, anything else as one line of `json.dumps(value)` (how the official CLI
/// prints `-f` values and non-string table cells).
pub fn python_str_or_json(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_json_dumps(other),
    }
}

/// Python's `str()` of a parsed JSON value: strings as they are, everything else as `repr`.
pub fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_repr(other),
    }
}

fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(_) => python_json_dumps(value),
        Value::String(text) => repr_string(text),
        Value::Array(items) => format!("[{}]", items.iter().map(python_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => repr_dict(map),
    }
}

fn repr_dict(map: &Map<String, Value>) -> String {
    let entries: Vec<String> =
        map.iter().map(|(key, item)| format!("{}: {}", repr_string(key), python_repr(item))).collect();
    format!("{{{}}}", entries.join(", "))
}

/// Python's `repr(str)`: single quotes unless the text has a `'` and no `"`.
fn repr_string(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && u32::from(c) < 0x100 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Mirrors Python `json.dumps(value, indent=4)`.
    #[test]
    fn indents_like_python_json_dumps() {
        let value = json!({"a": [1, {"b": "é"}, [], {}], "c": null, "d": 1.5});
        let expected = "{\n    \"a\": [\n        1,\n        {\n            \"b\": \"\\u00e9\"\n        },\n        [],\n        {}\n    ],\n    \"c\": null,\n    \"d\": 1.5\n}";
        assert_eq!(dumps_indented(&value), expected);
        assert_eq!(dumps_indented(&json!([])), "[]");
        assert_eq!(dumps_indented(&json!("x\"y")), "\"x\\\"y\"");
    }

    // Mirrors Python `str(value)` for parsed JSON.
    #[test]
    fn str_matches_python_repr_of_containers() {
        let value = json!({"street1": "1 Main St", "n": 42, "ok": true, "none": null, "list": ["it's", "a\"b'c"]});
        assert_eq!(
            python_str(&value),
            r#"{'street1': '1 Main St', 'n': 42, 'ok': True, 'none': None, 'list': ["it's", 'a"b\'c']}"#
        );
        assert_eq!(python_str(&json!("plain ü")), "plain ü");
        assert_eq!(python_str(&json!(["tab\there", "\u{1}"])), r"['tab\there', '\x01']");
    }
}
