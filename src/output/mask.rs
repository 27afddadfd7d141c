//! Hiding password-like values in table views (official `Secret._should_mask` and
//! `Secret._redact_value`, secret.py lines 61–96).

use serde_json::Value;

/// What a hidden value shows as.
pub const MASK: &str = "****";

/// Field types whose values are hidden unless `--unmask` (secret.py `redact_type_list`).
/// The `privacyScreen` flag plays no part, as in the official CLI.
const MASKED_FIELD_TYPES: [&str; 6] = ["password", "secret", "pinCode", "securityQuestion", "oneTimeCode", "cardRef"];

/// Stands in for [`MASK`] while a table is laid out, so that colouring the mask afterwards
/// cannot shift columns: it is exactly as wide as `****`.
const MASK_MARKER: &str = "\u{E000}\u{E000}\u{E000}\u{E000}";
const MASK_MARKER_CHAR: char = '\u{E000}';

/// ANSI red, as click's `style(fg="red", reset=False)` writes it.
const RED: &str = "\x1b[31m";

/// Further field types whose values are secrets, for `ksm exec --mask`: the table view shows
/// these as the official CLI does, but a command's log should not.
const MORE_SECRET_FIELD_TYPES: [&str; 6] =
    ["keyPair", "paymentCard", "bankAccount", "licenseNumber", "accountNumber", "otp"];

pub fn should_mask(field_type: &str) -> bool {
    MASKED_FIELD_TYPES.contains(&field_type)
}

/// True for field types whose values are secrets (passwords, keys, card numbers, codes, …).
pub fn is_secret_field_type(field_type: &str) -> bool {
    should_mask(field_type) || MORE_SECRET_FIELD_TYPES.contains(&field_type)
}

/// Replaces every scalar in `value` by [`MASK`], keeping the shape: lists stay lists and
/// objects keep their keys.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(key, item)| (key.clone(), redact(item))).collect()),
        _ => Value::String(MASK.to_string()),
    }
}

/// Marks the masks in a table cell for [`paint_masks`].
pub fn mark_masks(cell: &str) -> String {
    cell.replace(MASK, MASK_MARKER)
}

/// Turns marked masks red inside rendered text, then resumes the cell's colour `resume`.
pub fn paint_masks(rendered: &str, resume: &str) -> String {
    let painted = rendered.replace(MASK_MARKER, &format!("{RED}{MASK}{resume}"));
    // A mask the table wrapped across two lines cannot be coloured; it still reads as stars.
    painted.replace(MASK_MARKER_CHAR, "*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_the_official_field_types_only() {
        for field_type in ["password", "secret", "pinCode", "securityQuestion", "oneTimeCode", "cardRef"] {
            assert!(should_mask(field_type), "{field_type}");
        }
        for field_type in ["login", "url", "text", "addressRef", "paymentCard", "Password"] {
            assert!(!should_mask(field_type), "{field_type}");
        }
    }

    // Mirrors `Secret._redact_value` with use_color=False.
    #[test]
    fn redaction_keeps_lists_and_object_keys() {
        let value = json!([{"question": "Pet?", "answer": "Rex"}, 42, null, ["x"]]);
        assert_eq!(redact(&value), json!([{"question": "****", "answer": "****"}, "****", "****", ["****"]]));
        assert_eq!(redact(&json!([])), json!([]));
    }

    #[test]
    fn painted_masks_are_red_and_resume_the_cell_colour() {
        let marked = mark_masks(r#"["****", "x"]"#);
        assert!(!marked.contains(MASK));
        assert_eq!(paint_masks(&marked, "<resume>"), "[\"\x1b[31m****<resume>\", \"x\"]");
        assert_eq!(paint_masks("\u{E000}\u{E000}\n\u{E000}\u{E000}", ""), "**\n**");
    }
}
