//! What the official CLI prints after deletes and for `folder list`: the same JSON (Python
//! `json.dumps(indent=4)`) and table layout.

use crate::output::pyjson::dumps_indented;
use crate::output::table::{terminal_max_width, Column, TextTable, Tint};
use ksm_client::error::in_cli_words;
use ksm_client::writes::DeleteOutcome;
use serde_json::{json, Value};

/// Delete outcomes as `[{"uid","responseCode","error"}]` or a UID / Response Code / Error table.
pub fn delete_results(outcomes: &[DeleteOutcome], as_json: bool, color: bool) -> String {
    if as_json {
        let items: Vec<Value> = outcomes
            .iter()
            .map(|o| json!({"uid": o.uid, "responseCode": o.response_code, "error": in_cli_words(&o.error)}))
            .collect();
        return dumps_indented(&Value::Array(items));
    }
    let mut table = TextTable::new(vec![
        Column::new("UID").tinted(Tint::Green),
        Column::new("Response Code").tinted(Tint::Yellow),
        Column::new("Error").wrapping(),
    ]);
    for outcome in outcomes {
        table.add_row(vec![outcome.uid.clone(), outcome.response_code.clone(), in_cli_words(&outcome.error)]);
    }
    format!("\n{}\n", table.render(color, terminal_max_width()))
}

/// One line of `folder list`: a folder (`dir`) or a record in it (` rec`, as the official
/// indents records).
pub struct ListingItem {
    pub kind: &'static str,
    pub parent_uid: Option<String>,
    pub uid: String,
    /// `None` for a folder whose name does not decrypt.
    pub title: Option<String>,
}

/// What `folder list` shows in place of a name that does not decrypt.
pub const DAMAGED_TITLE: &str = "<damaged: cannot decrypt>";

pub fn folder_listing(items: &[ListingItem], as_json: bool, color: bool) -> String {
    if as_json {
        let values: Vec<Value> = items
            .iter()
            .map(|item| {
                // The official CLI writes "" for a shared folder's (missing) parent.
                let parent = item.parent_uid.as_deref().unwrap_or_default();
                let title = item.title.as_deref().unwrap_or(DAMAGED_TITLE);
                let mut value = json!({"type": item.kind, "parent_uid": parent, "uid": item.uid, "title": title});
                if item.title.is_none() {
                    value["damaged"] = Value::Bool(true);
                }
                value
            })
            .collect();
        return dumps_indented(&Value::Array(values));
    }
    let mut table = TextTable::new(vec![
        Column::new("Type").tinted(Tint::Green),
        Column::new("Parent").tinted(Tint::Yellow),
        Column::new("UID").tinted(Tint::Yellow),
        Column::new("Title").tinted(Tint::Green).wrapping(),
    ]);
    for item in items {
        table.add_row(vec![
            item.kind.to_string(),
            item.parent_uid.clone().unwrap_or_default(),
            item.uid.clone(),
            item.title.clone().unwrap_or_else(|| DAMAGED_TITLE.to_string()),
        ]);
    }
    format!("\n{}\n", table.render(color, terminal_max_width()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_results_have_the_official_json_shape() {
        let outcome = |uid: &str, code: &str, error: &str| DeleteOutcome {
            uid: uid.into(),
            response_code: code.into(),
            error: error.into(),
        };
        let text = delete_results(&[outcome("a", "ok", ""), outcome("b", "access_denied", "")], true, false);
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed,
            json!([{"uid": "a", "responseCode": "ok", "error": ""}, {"uid": "b", "responseCode": "access_denied", "error": ""}])
        );
        assert!(text.contains("\n    {\n        \"uid\": \"a\","), "indent=4: {text}");
        let table = delete_results(&[outcome("a", "ok", "")], false, false);
        assert!(table.contains("UID") && table.contains("Response Code") && table.contains(" a "), "{table}");
    }

    #[test]
    fn folder_listing_shows_parents_and_records() {
        let items = vec![
            ListingItem { kind: "dir", parent_uid: None, uid: "F".into(), title: Some("Shared".into()) },
            ListingItem { kind: " rec", parent_uid: Some("F".into()), uid: "R".into(), title: Some("Rec".into()) },
            ListingItem { kind: "dir", parent_uid: Some("F".into()), uid: "D".into(), title: None },
        ];
        let parsed: Value = serde_json::from_str(&folder_listing(&items, true, false)).unwrap();
        assert_eq!(parsed[0], json!({"type": "dir", "parent_uid": "", "uid": "F", "title": "Shared"}));
        assert_eq!(parsed[1]["parent_uid"], "F");
        assert_eq!(
            parsed[2],
            json!({"type": "dir", "parent_uid": "F", "uid": "D", "title": DAMAGED_TITLE, "damaged": true})
        );
        assert!(folder_listing(&items, false, false).contains(DAMAGED_TITLE));
    }
}
