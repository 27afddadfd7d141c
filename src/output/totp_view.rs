//! `secret get --unmask` in text: a one-time-code field shows its current code rather than
//! its `otpauth://` URI (which `--json` still gives).

use ksm_proto::totp::Totp;
use serde_json::Value;

const TOTP_FIELD_TYPES: [&str; 2] = ["oneTimeCode", "otp"];

/// Replaces each TOTP URI in a record dict's fields by `CODE (valid for Ns)` at `now_unix`.
/// A value that is not a valid URI is left as it is.
pub fn show_totp_codes(dict: &mut Value, now_unix: u64) {
    for section in ["fields", "custom"] {
        let Some(fields) = dict.get_mut(section).and_then(Value::as_array_mut) else { continue };
        for field in fields {
            if !field["type"].as_str().is_some_and(|t| TOTP_FIELD_TYPES.contains(&t)) {
                continue;
            }
            for value in field["value"].as_array_mut().into_iter().flatten() {
                if let Some(code) = value.as_str().and_then(|uri| current_code(uri, now_unix)) {
                    *value = Value::String(code);
                }
            }
        }
    }
}

fn current_code(uri: &str, now_unix: u64) -> Option<String> {
    let totp = Totp::from_uri(uri).ok()?;
    let code = totp.code_at(totp.effective_time(now_unix));
    Some(format!("{} (valid for {}s)", code.code, code.seconds_left))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shows_the_rfc_6238_code_for_totp_fields_only() {
        let uri = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
        let mut dict = json!({
            "fields": [{"type": "oneTimeCode", "value": [uri]}, {"type": "login", "value": [uri]}],
            "custom": [{"type": "otp", "value": ["not a uri"]}],
        });
        show_totp_codes(&mut dict, 59);
        assert_eq!(dict["fields"][0]["value"][0], "94287082 (valid for 1s)");
        assert_eq!(dict["fields"][1]["value"][0], uri, "other field types are untouched");
        assert_eq!(dict["custom"][0]["value"][0], "not a uri");
    }
}
