//! `secret get` without `--json`: the official `Secret._format_record` (secret.py lines
//! 223–331) — a header, then Field/Value, Custom Field, File and Links tables.

use crate::output::mask::{mark_masks, paint_masks, should_mask};
use crate::output::pyjson::python_str;
use crate::output::table::{paint, terminal_max_width, Column, TextTable, Tint};
use ksm_proto::notation::python_json_dumps;
use serde_json::Value;
use std::collections::HashSet;

/// The record dict (see [`crate::output::record_dict`]) as text, laid out for the terminal.
/// Notes are not shown, as in the official CLI.
pub fn record_text(dict: &Value, color: bool) -> String {
    render_record(dict, color, terminal_max_width())
}

fn render_record(dict: &Value, color: bool, max_width: usize) -> String {
    let mut text = header(dict, color);
    text.push_str(&fields_table(dict, color, max_width));
    text.push_str(&custom_fields_section(dict, color, max_width));
    text.push_str(&files_section(dict, color, max_width));
    text.push_str(&links_section(dict, color, max_width));
    text.push('\n');
    text
}

fn header(dict: &Value, color: bool) -> String {
    let line = |name: &str, key: &str| format!(" {name}: {}\n", paint(&python_str(&dict[key]), Tint::Yellow, color));
    format!("\n{}{}{}\n", line("Record", "uid"), line("Title", "title"), line("Record Type", "type"))
}

fn fields_table(dict: &Value, color: bool, max_width: usize) -> String {
    let mut table = TextTable::new(vec![
        Column::new("Field").tinted(Tint::Green),
        Column::new("Value").tinted(Tint::Yellow).wrapping(),
    ]);
    for field in list(&dict["fields"]) {
        let value = value_cell(field, color);
        // Fields without a value are left out.
        if !value.is_empty() {
            table.add_row(vec![label(field), value]);
        }
    }
    finish_table(&table, color, max_width) + "\n"
}

fn custom_fields_section(dict: &Value, color: bool, max_width: usize) -> String {
    let fields = list(&dict["custom"]);
    if fields.is_empty() {
        return String::new();
    }
    let mut table = TextTable::new(vec![
        Column::new("Custom Field").tinted(Tint::Green),
        Column::new("Type"),
        Column::new("Value").tinted(Tint::Yellow).wrapping(),
    ]);
    let mut seen = HashSet::new();
    let mut duplicates = Vec::new();
    for field in fields {
        let value = value_cell(field, color);
        if value.is_empty() {
            continue;
        }
        let mut label = label(field);
        if !seen.insert(label.clone()) {
            duplicates.push(label.clone());
            label.push_str(" (!!)");
        }
        table.add_row(vec![label, python_str(&field["type"]), value]);
    }
    let mut text = format!("\n{}\n", finish_table(&table, color, max_width));
    if !duplicates.is_empty() {
        // "willbe" is the official wording, typo included.
        text.push_str(&format!(
            " !! Found duplicate labels ({}). When accessing custom fields the first record found willbe returned.\n",
            duplicates.join(",")
        ));
    }
    text
}

fn files_section(dict: &Value, color: bool, max_width: usize) -> String {
    let files = list(&dict["files"]);
    if files.is_empty() {
        return String::new();
    }
    let mut table = TextTable::new(vec![
        Column::new("File Name").tinted(Tint::Green).wrapping(),
        Column::new("Type"),
        Column::new("Size").right_aligned(),
        Column::new("File UID"),
    ]);
    for file in files {
        table.add_row(vec![
            python_str(&file["title"]),
            python_str(&file["type"]),
            whole_number(&file["size"]),
            python_str(&file["file_uid"]),
        ]);
    }
    format!("\n{}\n", table.render(color, max_width))
}

fn links_section(dict: &Value, color: bool, max_width: usize) -> String {
    let links = list(&dict["links"]);
    if links.is_empty() {
        return String::new();
    }
    let mut table = TextTable::new(vec![
        Column::new("Linked Record UID").tinted(Tint::Green),
        Column::new("Path").tinted(Tint::Yellow),
        Column::new("Link Data").tinted(Tint::Yellow).wrapping(),
    ]);
    for link in links {
        let mut uid = link["recordUid"].as_str().unwrap_or_default().to_string();
        // A link to the record itself carries the record's own settings.
        if Some(uid.as_str()) == dict["uid"].as_str() {
            uid.push_str(" (self)");
        }
        let path = link["path"].as_str().unwrap_or_default().to_string();
        let data = match &link["decoded"] {
            Value::Null => String::new(),
            decoded => python_json_dumps(decoded),
        };
        table.add_row(vec![uid, path, data]);
    }
    format!("\n{}\n", table.render(color, max_width))
}

fn list(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn label(field: &Value) -> String {
    match &field["label"] {
        Value::Null => python_str(&field["type"]),
        label => python_str(label),
    }
}

/// No value shows as nothing; one string as itself with line breaks as `\n`; anything else
/// as one line of JSON. Masks are marked so that they can be coloured after layout.
fn value_cell(field: &Value, color: bool) -> String {
    let text = match list(&field["value"]) {
        [] => String::new(),
        [Value::String(single)] => single.replace('\n', "\\n"),
        _ => python_json_dumps(&field["value"]),
    };
    let maskable = field["type"].as_str().is_some_and(should_mask);
    if color && maskable {
        mark_masks(&text)
    } else {
        text
    }
}

fn finish_table(table: &TextTable, color: bool, max_width: usize) -> String {
    let rendered = table.render(color, max_width);
    if color {
        paint_masks(&rendered, Tint::Yellow.cell_start())
    } else {
        rendered
    }
}

/// `"{:n}".format(int(size))` in the C locale: no thousands separators.
fn whole_number(value: &Value) -> String {
    match value {
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(whole), _, _) => whole.to_string(),
            (_, Some(whole), _) => whole.to_string(),
            (_, _, Some(float)) => format!("{}", float.trunc()),
            _ => number.to_string(),
        },
        other => python_str(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{official, vault, CARD, CUSTOM, FILES, LOGIN, WALLET};
    use crate::output::{record_dict, ViewOptions};
    use serde_json::json;

    const MASKED: ViewOptions = ViewOptions { unmask: false, inflate: true };
    const SHOWN: ViewOptions = ViewOptions { unmask: true, inflate: true };
    /// What table.py uses when stdin is not a terminal, as when the goldens were made.
    const WIDTH: usize = 79;

    fn text(uid: &str, options: ViewOptions, color: bool) -> String {
        let vault = vault();
        let record = vault.record(uid).expect("fixture record");
        render_record(&record_dict(record, &vault, &options), color, WIDTH)
    }

    // Golden: `_format_record` with masking (`****`) and an empty field left out.
    #[test]
    fn login_text_matches_the_official_cli() {
        assert_eq!(text(LOGIN, MASKED, false), official("text_login"));
        assert_eq!(text(LOGIN, SHOWN, false), official("text_login_unmask"));
    }

    // Golden: Custom Field table with types, JSON for objects/lists/numbers (ensure_ascii),
    // masked secret and securityQuestion, `\n` shown escaped, wrapping at 79 columns and the
    // duplicate-label marker and warning.
    #[test]
    fn custom_fields_text_matches_the_official_cli() {
        assert_eq!(text(CUSTOM, MASKED, false), official("text_custom"));
    }

    // Golden: a masked cardRef is not inflated; the addressRef is, and wraps.
    #[test]
    fn references_text_matches_the_official_cli() {
        assert_eq!(text(WALLET, MASKED, false), official("text_wallet"));
        assert_eq!(text(CARD, MASKED, false), official("text_card"));
    }

    // Golden: a table more than three terminals wide is not wrapped; its rule stops at the
    // terminal's edge.
    #[test]
    fn very_wide_values_text_matches_the_official_cli() {
        assert_eq!(text(WALLET, SHOWN, false), official("text_wallet_unmask"));
    }

    // Golden: the File table with the size right-aligned.
    #[test]
    fn files_text_matches_the_official_cli() {
        assert_eq!(text(FILES, MASKED, false), official("text_files"));
    }

    #[test]
    fn colour_paints_the_header_and_masks() {
        let colored = text(LOGIN, MASKED, true);
        assert!(colored.contains(" Record: \x1b[33mLoginRecordUid00000001\x1b[0m\n"), "{colored:?}");
        assert!(colored.contains(&format!("\x1b[31m****{}", Tint::Yellow.cell_start())), "{colored:?}");
        assert!(!colored.contains('\u{E000}'));
        let plain = text(LOGIN, MASKED, false);
        assert!(!plain.contains('\x1b'));
    }

    #[test]
    fn coloured_tables_keep_the_plain_layout() {
        let strip = |text: &str| {
            let mut plain = String::new();
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    chars.by_ref().find(|c| *c == 'm');
                } else {
                    plain.push(c);
                }
            }
            plain
        };
        for uid in [LOGIN, CUSTOM, WALLET, FILES] {
            assert_eq!(strip(&text(uid, MASKED, true)), text(uid, MASKED, false), "{uid}");
        }
    }

    #[test]
    fn links_show_self_links_path_and_decoded_data() {
        let dict = json!({"uid": "R", "title": "T", "type": "pamMachine", "fields": [], "custom": [], "files": [],
            "links": [{"recordUid": "R", "path": "meta", "decoded": {"a": "é"}}, {"recordUid": "O", "path": null, "decoded": null}]});
        let rendered = render_record(&dict, false, WIDTH);
        // Golden: `Secret._format_record` on this dict (record links are not fetched yet, so no
        // fixture has any).
        let expected = "\n Linked Record UID Path  Link Data\n ----------------- ----- ---------------\n R (self)          meta  {\"a\": \"\\u00e9\"}\n O                                      \n\n\n";
        assert!(rendered.ends_with(expected), "{rendered:?}");
    }
}
