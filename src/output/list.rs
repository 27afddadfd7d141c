//! `secret list`, with or without `-q JSONPATH [-v]` (official `Secret.secret_list`,
//! `_format_list` and `_query_jsonpath_list`, secret.py lines 425–437 and 520–570).

use crate::output::pyjson::{dumps_indented, dumps_indented_at, python_str};
use crate::output::query::compile;
use crate::output::table::{terminal_max_width, Column, TextTable, Tint};
use crate::output::OutputError;
use ksm_client::vault::Record;
use serde_json::{json, Map, Value};
use serde_json_path::JsonPath;

/// `[{uid, title, record_type}, …]` as indented JSON (tests compare it with the official output).
#[cfg(test)]
pub fn list_json(records: &[&Record]) -> String {
    let mut out = Vec::new();
    write_list_json(records, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the official `secret list --json` document record by record, the same bytes as
/// `json.dumps(list, indent=4)`, without ever holding the whole document.
pub fn write_list_json(records: &[&Record], out: &mut impl std::io::Write) -> std::io::Result<()> {
    if records.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (index, record) in records.iter().enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        let entry = json!({"uid": record.uid, "title": record.data.title(), "record_type": record.data.record_type()});
        out.write_all(b"\n    ")?;
        out.write_all(dumps_indented_at(&entry, 1).as_bytes())?;
    }
    out.write_all(b"\n]")
}

/// The UID / Record Type / Title table, with a blank line before and after.
pub fn list_table(records: &[&Record], color: bool) -> String {
    let rows = records
        .iter()
        .map(|record| [record.uid.clone(), record.data.record_type().to_string(), record.data.title().to_string()]);
    records_table(rows, color, terminal_max_width())
}

fn records_table(rows: impl IntoIterator<Item = [String; 3]>, color: bool, max_width: usize) -> String {
    let mut table = TextTable::new(vec![
        Column::new("UID").tinted(Tint::Green),
        Column::new("Record Type"),
        Column::new("Title").tinted(Tint::Yellow),
    ]);
    for row in rows {
        table.add_row(row.to_vec());
    }
    format!("\n{}\n", table.render(color, max_width))
}

/// A record `secret list -q` keeps, with what the query found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryMatch {
    pub uid: String,
    pub record_type: String,
    pub title: String,
    /// The first match, or the first item of it when it is a list.
    pub value: Value,
}

/// Keeps the records whose first match for `jsonpath` is truthy in Python's sense (not null,
/// false, 0, "", [] or {}). The official CLI builds these dicts unmasked and inflated.
pub fn list_query(dicts: &[Value], jsonpath: &str) -> Result<Vec<QueryMatch>, OutputError> {
    let path = compile(jsonpath)?;
    Ok(dicts.iter().filter_map(|dict| query_match(dict, &path)).collect())
}

fn query_match(dict: &Value, path: &JsonPath) -> Option<QueryMatch> {
    let found = path.query(dict).first().filter(|value| is_truthy(value))?;
    let value = match found {
        Value::Array(items) => items.first().cloned().unwrap_or_default(),
        other => other.clone(),
    };
    let text = |key: &str| dict[key].as_str().unwrap_or_default().to_string();
    Some(QueryMatch { uid: text("uid"), record_type: text("type"), title: text("title"), value })
}

fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// `[{uid, record_type, title[, value]}, …]` as indented JSON (note: a different key order
/// from the plain list's).
pub fn list_query_json(matches: &[QueryMatch], show_value: bool) -> String {
    let entries = matches.iter().map(|found| query_entry(found, show_value)).collect();
    dumps_indented(&Value::Array(entries))
}

fn query_entry(found: &QueryMatch, show_value: bool) -> Value {
    let mut entry = Map::new();
    entry.insert("uid".to_string(), Value::from(found.uid.as_str()));
    entry.insert("record_type".to_string(), Value::from(found.record_type.as_str()));
    entry.insert("title".to_string(), Value::from(found.title.as_str()));
    if show_value {
        entry.insert("value".to_string(), found.value.clone());
    }
    Value::Object(entry)
}

/// With `show_value`, a UID / Record Type / Value table (values as Python's `str()` shows
/// them); otherwise the plain list table of the matching records.
pub fn list_query_table(matches: &[QueryMatch], show_value: bool, color: bool) -> String {
    render_query_table(matches, show_value, color, terminal_max_width())
}

fn render_query_table(matches: &[QueryMatch], show_value: bool, color: bool, max_width: usize) -> String {
    if !show_value {
        let rows = matches.iter().map(|found| [found.uid.clone(), found.record_type.clone(), found.title.clone()]);
        return records_table(rows, color, max_width);
    }
    let mut table = TextTable::new(vec![
        Column::new("UID").tinted(Tint::Green),
        Column::new("Record Type"),
        Column::new("Value").tinted(Tint::Yellow),
    ]);
    for found in matches {
        table.add_row(vec![found.uid.clone(), found.record_type.clone(), python_str(&found.value)]);
    }
    format!("\n{}\n", table.render(color, max_width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{official, records, vault};
    use crate::output::{record_dict, ViewOptions};

    const WIDTH: usize = 79;
    const ADDRESS_REFS: &str = "$.fields[?(@.type=='addressRef')].value";

    /// `secret_list` builds the query dicts unmasked and inflated (secret.py line 542).
    fn dicts() -> Vec<Value> {
        let vault = vault();
        let options = ViewOptions { unmask: true, inflate: true };
        vault.records.iter().map(|record| record_dict(record, &vault, &options)).collect()
    }

    // Golden: `secret_list` JSON is `[{uid, title, record_type}]`, non-ASCII escaped.
    #[test]
    fn list_json_matches_the_official_cli() {
        let vault = vault();
        assert_eq!(list_json(&records(&vault)), official("list_json"));
        assert_eq!(list_json(&[]), "[]");
    }

    // Golden: `_format_list` default columns.
    #[test]
    fn list_table_matches_the_official_cli() {
        let vault = vault();
        let rows = records(&vault)
            .into_iter()
            .map(|r| [r.uid.clone(), r.data.record_type().to_string(), r.data.title().to_string()]);
        assert_eq!(records_table(rows, false, WIDTH), official("list_text"));
    }

    // Golden: `_query_jsonpath_list` + JSON output, without and with `-v` (a list match shows
    // its first item, here the inflated address).
    #[test]
    fn query_json_matches_the_official_cli() {
        let matches = list_query(&dicts(), ADDRESS_REFS).unwrap();
        assert_eq!(list_query_json(&matches, false), official("listq_json"));
        assert_eq!(list_query_json(&matches, true), official("listq_json_v"));
        let phones = list_query(&dicts(), "$.custom[0].value").unwrap();
        assert_eq!(list_query_json(&phones, true), official("listq_json_v_obj"));
    }

    // Golden: `_format_list` with the query columns; `-v` values shown as Python `str()`.
    #[test]
    fn query_tables_match_the_official_cli() {
        let matches = list_query(&dicts(), ADDRESS_REFS).unwrap();
        assert_eq!(render_query_table(&matches, false, false, WIDTH), official("listq_text"));
        assert_eq!(render_query_table(&matches, true, false, WIDTH), official("listq_text_v"));
        let phones = list_query(&dicts(), "$.custom[0].value").unwrap();
        assert_eq!(render_query_table(&phones, true, false, WIDTH), official("listq_text_v_obj"));
    }

    #[test]
    fn falsy_first_matches_are_dropped() {
        let dicts = dicts();
        // The login's fileRef is empty; the files record's is not.
        let matches = list_query(&dicts, "$.fields[?(@.type=='fileRef')].value").unwrap();
        let uids: Vec<&str> = matches.iter().map(|found| found.uid.as_str()).collect();
        assert_eq!(uids, ["FilesRecordUid00000001"]);
        assert_eq!(matches[0].value, "FileUid000000000000001");
        assert!(list_query(&dicts, "$.notes").unwrap().iter().all(|found| found.uid == "LoginRecordUid00000001"));
    }

    #[test]
    fn bad_queries_fail() {
        assert!(matches!(list_query(&dicts(), "$[?("), Err(OutputError::JsonPath(_))));
    }
}
