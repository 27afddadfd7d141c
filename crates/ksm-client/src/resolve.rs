//! Resolves many `keeper://` notations with one request: everything `exec`, `interpolate` and
//! `export` substitute. Each notation gets its own result, so a caller can fall back to a
//! default or fail closed naming the notation that did not resolve.

use crate::error::{did_you_mean, fail, ErrorKind};
use crate::session::Session;
use crate::vault::Vault;
use ksm_proto::notation::{python_json_dumps, value_text, Notation, NotationError, NotationValue, Selector};
use ksm_proto::uid::is_uid;
use serde_json::Value;
use std::collections::HashMap;

const PREFIX: &str = "keeper://";

/// True when `value` is a notation with the `keeper://` prefix (case-insensitive), as
/// environment values and env-file lines must be to be resolved.
pub fn is_notation(value: &str) -> bool {
    value.get(..PREFIX.len()).is_some_and(|start| start.eq_ignore_ascii_case(PREFIX))
}

/// The value each notation resolved to, or why it did not (a message without any secret).
#[derive(Default)]
pub struct Resolution {
    values: HashMap<String, Result<Resolved, String>>,
}

struct Resolved {
    text: String,
    /// The type of the field the value came from (`None` for a file, type, title or notes).
    field_type: Option<String>,
    is_file: bool,
}

impl Resolution {
    pub fn get(&self, notation: &str) -> Result<&str, &str> {
        match self.values.get(notation) {
            Some(Ok(value)) => Ok(&value.text),
            Some(Err(reason)) => Err(reason),
            None => Err("was not resolved"),
        }
    }

    /// Where a resolved notation's value came from: the field's type, or `None` for anything
    /// but a field; `is_file` for an attached file.
    pub fn source(&self, notation: &str) -> Option<(Option<&str>, bool)> {
        let resolved = self.values.get(notation)?.as_ref().ok()?;
        Some((resolved.field_type.as_deref(), resolved.is_file))
    }
}

/// Resolves `notations` with one `get_secret` (see `fetch_for`).
pub fn resolve_all(session: &mut Session, notations: &[String]) -> anyhow::Result<Resolution> {
    resolve_with(session, notations, &[]).map(|(_, resolution)| resolution)
}

/// Like `resolve_all`, in the same request also fetching the records `uids`; returns them too.
pub fn resolve_with(
    session: &mut Session,
    notations: &[String],
    uids: &[String],
) -> anyhow::Result<(Vault, Resolution)> {
    let parsed: Vec<(&String, Result<Notation, String>)> = notations
        .iter()
        .map(|text| (text, Notation::parse(text).map_err(|e| format!("is not valid notation: {e}"))))
        .collect();
    let valid: Vec<&Notation> = parsed.iter().filter_map(|(_, n)| n.as_ref().ok()).collect();
    let vault = fetch_for(session, &valid, uids)?;
    let values = parsed
        .into_iter()
        .map(|(text, notation)| (text.clone(), notation.and_then(|notation| value_of(session, &vault, &notation))))
        .collect();
    Ok((vault, Resolution { values }))
}

/// The records `notations` need, in one request: only the named ones when every notation names
/// its record by UID, else all. A second request happens only if a UID-shaped name turns out
/// to be a title.
pub fn fetch_for(session: &mut Session, notations: &[&Notation], uids: &[String]) -> anyhow::Result<Vault> {
    let wanted: Option<Vec<String>> = notations
        .iter()
        .map(|n| is_uid(&n.record).then(|| n.record.clone()))
        .chain(uids.iter().map(|uid| Some(uid.clone())))
        .collect::<Option<Vec<String>>>()
        .filter(|wanted| !wanted.is_empty());
    let filtered = wanted.is_some();
    let vault = session.fetch(wanted)?;
    if filtered && notations.iter().any(|n| vault.record(&n.record).is_none()) {
        return session.fetch(None);
    }
    Ok(vault)
}

/// Why a notation did not resolve, with close field names when a field was not found.
pub fn explain(vault: &Vault, notation: &Notation, error: &NotationError) -> String {
    match (error, &notation.selector) {
        (NotationError::NoField { .. }, Selector::Field { name, .. }) => {
            let names = vault.field_names(notation);
            format!("{error}{}", did_you_mean(name, names.iter().map(String::as_str)))
        }
        _ => error.to_string(),
    }
}

fn value_of(session: &Session, vault: &Vault, notation: &Notation) -> Result<Resolved, String> {
    match vault.resolve(notation).map_err(|e| explain(vault, notation, &e))? {
        NotationValue::Values(values) => Ok(Resolved {
            text: render_notation(notation, &values).map_err(|e| e.to_string())?,
            field_type: vault.field_type(notation),
            is_file: false,
        }),
        NotationValue::File { record_uid, file_uid } => {
            let file = vault
                .file(&record_uid, &file_uid)
                .ok_or_else(|| format!("file {file_uid} is not in record {record_uid}"))?;
            let bytes = session.download(file).map_err(|e| format!("{e:#}"))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("file {file_uid} is not text and cannot be substituted"))?;
            Ok(Resolved { text, field_type: None, is_file: true })
        }
    }
}

/// A notation's values as one string: as a JSON array when it asks for a list (`field/x[]`),
/// even of one value or none, as the official CLI prints it; otherwise as [`render_values`].
pub fn render_notation(notation: &Notation, values: &[Value]) -> anyhow::Result<String> {
    match notation.selector {
        Selector::Field { as_list: true, .. } => Ok(python_json_dumps(&Value::Array(values.to_vec()))),
        _ => render_values(values),
    }
}

/// How a notation's values become one string: a single value as its text, several as a JSON
/// array written as the official CLI does (`json.dumps`: objects stay objects, `", "` between
/// items), never silently only the first.
pub fn render_values(values: &[Value]) -> anyhow::Result<String> {
    match values {
        [] => Err(fail(ErrorKind::NotFound, "the notation points at an empty value")),
        [one] => Ok(value_text(one)),
        many => Ok(python_json_dumps(&Value::Array(many.to_vec()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_prefix_is_case_insensitive() {
        assert!(is_notation("Keeper://x/type") && is_notation("keeper://x/type"));
        assert!(!is_notation("keeper:/x") && !is_notation("xkeeper://") && !is_notation(""));
    }

    #[test]
    fn one_value_stays_as_it_is_several_become_a_json_array() {
        assert_eq!(render_values(&["a b".into()]).unwrap(), "a b");
        assert_eq!(render_values(&["a".into(), "b\"".into()]).unwrap(), r#"["a", "b\""]"#);
        let phones = [serde_json::json!({"number": "555", "type": "Mobile"}), serde_json::json!({"number": "1"})];
        assert_eq!(
            render_values(&phones).unwrap(),
            r#"[{"number": "555", "type": "Mobile"}, {"number": "1"}]"#,
            "objects are not encoded twice"
        );
        assert!(render_values(&[]).is_err());
        let listed = |text: &str, values: &[Value]| render_notation(&Notation::parse(text).unwrap(), values).unwrap();
        assert_eq!(listed("U/field/x[]", &["a".into()]), r#"["a"]"#, "[] is a list even of one value");
        assert_eq!(listed("U/field/x[]", &[]), "[]");
        assert_eq!(listed("U/field/x", &["a".into()]), "a");
    }
}
