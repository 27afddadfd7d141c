//! JSON text the way Python's `json.dumps` writes it with default arguments: `", "` and
//! `": "` separators, keys in stored order, non-ASCII escaped as `\uXXXX`. Notation results
//! must match the Python SDK byte for byte (PROTOCOL.md §11.2 step 3).

use serde_json::{Number, Value};
use std::fmt::Write;

/// Serializes `value` like Python's `json.dumps(value)`.
///
/// Object keys come out in the order the map holds them, which is the stored order only
/// when serde_json's `preserve_order` feature is enabled.
pub fn python_json_dumps(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&python_number(number)),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => write_array(out, items),
        Value::Object(map) => write_object(out, map),
    }
}

fn write_array(out: &mut String, items: &[Value]) {
    out.push('[');
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            out.push_str(", ");
        }
        write_value(out, item);
    }
    out.push(']');
}

fn write_object(out: &mut String, map: &serde_json::Map<String, Value>) {
    out.push('{');
    for (position, (key, item)) in map.iter().enumerate() {
        if position > 0 {
            out.push_str(", ");
        }
        write_string(out, key);
        out.push_str(": ");
        write_value(out, item);
    }
    out.push('}');
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            other => write_unicode_escape(out, other),
        }
    }
    out.push('"');
}

fn write_unicode_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        // Writing to a String cannot fail.
        let _ = write!(out, "\\u{unit:04x}");
    }
}

fn python_number(number: &Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() => python_float_repr(float),
        _ => number.to_string(),
    }
}

/// Python's `repr(float)`: shortest round-trip digits, positional notation for decimal
/// exponents -5 < e < 16 (always with a fraction part), otherwise `d.ddde±XX`.
fn python_float_repr(float: f64) -> String {
    let scientific = format!("{float:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return scientific;
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return scientific;
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(unsigned) => ("-", unsigned),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let body =
        if (-4..16).contains(&exponent) { positional(&digits, exponent + 1) } else { exponential(&digits, exponent) };
    format!("{sign}{body}")
}

/// `digits` with the decimal point after `point` digits (which may be ≤ 0 or past the end).
fn positional(digits: &str, point: i32) -> String {
    let digit_count = digits.len() as i32;
    if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point >= digit_count {
        format!("{digits}{}.0", "0".repeat((point - digit_count) as usize))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    }
}

fn exponential(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!("{first}{fraction}e{exponent_sign}{:02}", exponent.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_python_separators_and_escapes() {
        let value = json!({"a": [1, true, null], "b": "é\"\\\n\u{7f}😀"});
        assert_eq!(python_json_dumps(&value), r#"{"a": [1, true, null], "b": "\u00e9\"\\\n\u007f\ud83d\ude00"}"#);
        assert_eq!(python_json_dumps(&json!([])), "[]");
        assert_eq!(python_json_dumps(&json!({})), "{}");
        assert_eq!(python_json_dumps(&json!(-7)), "-7");
        assert_eq!(python_json_dumps(&json!(u64::MAX)), "18446744073709551615");
    }

    #[test]
    fn floats_match_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (-2.5e300, "-2.5e+300"),
            (1234567890123456.0, "1234567890123456.0"),
        ];
        for (float, expected) in cases {
            assert_eq!(python_float_repr(float), expected, "{float}");
        }
    }
}
