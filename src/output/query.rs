//! `secret get --json` and `secret get -q JSONPATH [--raw]` (official `Secret.output_results`,
//! `_adjust_records`, `_get_jsonpath_results` and `_query_jsonpath`, secret.py lines 333–423).

use crate::output::pyjson::dumps_indented;
use crate::output::{one_line, OutputError};
use serde_json::Value;
use serde_json_path::JsonPath;

/// The records as `json.dumps(…, indent=4)` prints them: one record as an object unless
/// `force_array`, otherwise an array. No trailing newline (the official CLI writes none).
pub fn get_json(records: &[Value], force_array: bool) -> String {
    dumps_indented(&document(records, force_array))
}

/// Runs `jsonpath` against the document `get_json` would print. One match prints as itself,
/// none or several as an array. With `raw`, a string result prints without quotes or escapes.
pub fn query(dicts: &[Value], jsonpath: &str, force_array: bool, raw: bool) -> Result<String, OutputError> {
    let path = compile(jsonpath)?;
    let document = document(dicts, force_array);
    let result = single_or_all(path.query(&document).all());
    Ok(match result {
        Value::String(text) if raw => text,
        other => dumps_indented(&other),
    })
}

/// `_adjust_records`: a lone record stands on its own unless an array is forced.
fn document(records: &[Value], force_array: bool) -> Value {
    match records {
        [single] if !force_array => single.clone(),
        _ => Value::Array(records.to_vec()),
    }
}

fn single_or_all(matches: Vec<&Value>) -> Value {
    match matches.as_slice() {
        [single] => (*single).clone(),
        _ => Value::Array(matches.into_iter().cloned().collect()),
    }
}

/// Parses an RFC 9535 JSONPath. jsonpath-rw, which the official CLI uses, lets the leading
/// `$` be left out (`fields[0].value`); such queries get it added.
pub fn compile(jsonpath: &str) -> Result<JsonPath, OutputError> {
    let jsonpath = jsonpath.trim();
    let rooted = if jsonpath.starts_with('$') {
        jsonpath.to_string()
    } else if jsonpath.starts_with('[') {
        format!("${jsonpath}")
    } else {
        format!("$.{jsonpath}")
    };
    JsonPath::parse(&rooted).or_else(|err| {
        // The official dialect (jsonpath-rw-ext) writes `=` and `&` where RFC 9535 has `==`
        // and `&&`: such a query is read as the official CLI reads it.
        let official = rfc9535_operators(&rooted);
        JsonPath::parse(&official).map_err(|_| {
            OutputError::JsonPath(format!(
                "{} (ksm uses RFC 9535 JSONPath: compare with == and join with &&, e.g. $.fields[?(@.type=='password')].value[0])",
                one_line(&err.to_string())
            ))
        })
    })
}

/// `=` becomes `==` and `&` becomes `&&`, outside quoted strings; `==`, `!=`, `<=`, `>=`, `=~`
/// and `&&` are left as they are.
fn rfc9535_operators(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len() + 8);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, &c) in chars.iter().enumerate() {
        let (before, after) = (i.checked_sub(1).map(|j| chars[j]), chars.get(i + 1).copied());
        match quote {
            Some(open) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == open {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '=' && !matches!(before, Some('=' | '!' | '<' | '>')) && !matches!(after, Some('=' | '~')) => {
                out.push_str("==");
            }
            None if c == '&' && before != Some('&') && after != Some('&') => out.push_str("&&"),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{official, vault, CUSTOM, FILES, LOGIN};
    use crate::output::{record_dict, ViewOptions};

    const SHOWN: ViewOptions = ViewOptions { unmask: true, inflate: true };

    fn dicts(uids: &[&str]) -> Vec<Value> {
        let vault = vault();
        uids.iter().filter_map(|uid| vault.record(uid)).map(|r| record_dict(r, &vault, &SHOWN)).collect()
    }

    // Golden: `output_results` with `_adjust_records(force_array=True)` and with two records.
    #[test]
    fn get_json_arrays_match_the_official_cli() {
        assert_eq!(get_json(&dicts(&[LOGIN]), true), official("get_login_json_force"));
        assert_eq!(get_json(&dicts(&[LOGIN, FILES]), false), official("get_two_json"));
        assert_eq!(get_json(&[], false), "[]");
    }

    #[test]
    fn the_official_dialect_of_filters_is_read_too() {
        let login = dicts(&[LOGIN]);
        let rfc = query(&login, "$.fields[?(@.type=='password')].value[0]", false, true).unwrap();
        assert_eq!(query(&login, r#"$.fields[?(@.type="password")].value[0]"#, false, true).unwrap(), rfc);
        assert_eq!(query(&login, "fields[?(@.type='password' & @.label!='x=y')].value[0]", false, true).unwrap(), rfc);
        assert_eq!(rfc9535_operators("$[?(@.a='x=y' & @.b>=1 && @.c==2)]"), "$[?(@.a=='x=y' && @.b>=1 && @.c==2)]");
        let error = query(&login, "$.fields[?(@.type=)]", false, true).unwrap_err().to_string();
        assert!(error.contains("RFC 9535") && error.contains("==") && !error.contains('\n'), "{error}");
    }

    // Golden: `_query_jsonpath` — one match unwrapped, `--raw` strips the quotes.
    #[test]
    fn single_string_matches_print_like_the_official_cli() {
        let login = dicts(&[LOGIN]);
        let password = "$.fields[?(@.type=='password')].value[0]";
        assert_eq!(query(&login, password, false, false).unwrap(), official("q_password"));
        assert_eq!(query(&login, password, false, true).unwrap(), official("q_password_raw"));
        let custom = dicts(&[CUSTOM]);
        assert_eq!(query(&custom, "$.title", false, false).unwrap(), official("q_title_unicode"));
        assert_eq!(query(&custom, "$.title", false, true).unwrap(), official("q_title_raw_unicode"));
    }

    // Golden: several matches, no match, an object with `--raw` (still JSON).
    #[test]
    fn other_results_print_as_indented_json_like_the_official_cli() {
        let login = dicts(&[LOGIN]);
        assert_eq!(query(&login, "$.fields[*].type", false, false).unwrap(), official("q_types"));
        assert_eq!(query(&login, "$.nothing", false, false).unwrap(), official("q_none"));
        let custom = dicts(&[CUSTOM]);
        assert_eq!(query(&custom, "$.custom[0].value[0]", false, true).unwrap(), official("q_object_raw"));
    }

    // Golden: `--force-array` makes the document an array, so `$.title` finds nothing there
    // and `$[0].title` finds the title; several records are always an array.
    #[test]
    fn queries_run_against_the_adjusted_document() {
        let login = dicts(&[LOGIN]);
        assert_eq!(query(&login, "$.title", true, false).unwrap(), official("q_force_array_title"));
        assert_eq!(query(&login, "$[0].title", true, false).unwrap(), official("q_force_array_idx"));
        assert_eq!(query(&dicts(&[LOGIN, FILES]), "$[*].title", false, false).unwrap(), official("q_two_titles"));
    }

    #[test]
    fn the_root_may_be_left_out_as_jsonpath_rw_allows() {
        let login = dicts(&[LOGIN]);
        assert_eq!(query(&login, "title", false, true).unwrap(), "Web Login");
        assert_eq!(query(&login, " fields[1].value[0]", false, true).unwrap(), "s3cr3t\"pw");
        assert_eq!(query(&dicts(&[LOGIN, FILES]), "[1].title", false, true).unwrap(), "Keys");
    }

    // RFC 9535 where jsonpath-rw-ext (the official CLI's engine) differs; these are listed in
    // the compatibility notes.
    #[test]
    fn rfc_9535_semantics_apply_where_jsonpath_rw_differs() {
        let login = dicts(&[LOGIN]);
        // jsonpath-rw indexes into strings ("W") and wraps scalars for `[*]`.
        assert_eq!(query(&login, "$.title[0]", false, false).unwrap(), "[]");
        assert_eq!(query(&login, "$.title[*]", false, false).unwrap(), "[]");
        // `&&` and `==` (jsonpath-rw-ext's `&` and `=` are read as these); `match()` instead of `=~`.
        let both = "$.fields[?(@.type=='password' && @.label=='password')].type";
        assert_eq!(query(&login, both, false, true).unwrap(), "password");
        assert_eq!(query(&login, "$.fields[?match(@.label, 'pass.*')].type", false, true).unwrap(), "password");
    }

    #[test]
    fn bad_queries_fail_on_one_line_without_record_data() {
        let login = dicts(&[LOGIN]);
        let err = query(&login, "$.fields[?(", false, false).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("JSONPath failed: "), "{message}");
        assert!(!message.contains('\n') && !message.contains("s3cr3t"), "{message}");
    }
}
