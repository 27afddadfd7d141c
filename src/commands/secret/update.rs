//! `ksm secret update`, and `secret finalize` / `secret rollback` for rotation transactions
//! (PROTOCOL.md §10.1–§10.2). The update sends the revision it read: if the record changed
//! since, nothing is written and the user is told to read it again.

use crate::cli::UpdateArgs;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::writes::{self, UpdateKind};
use ksm_proto::record::{Field, RecordData};
use ksm_proto::record_builder::check_record;
use serde_json::Value;

/// One `LABEL=VALUE` argument, not yet matched to a field.
struct Change<'a> {
    text: &'a str,
    custom: bool,
    json: bool,
}

pub fn update(session: &mut Session, args: &UpdateArgs) -> anyhow::Result<()> {
    let changes: Vec<Change> = [
        (&args.fields, false, false),
        (&args.custom_fields, true, false),
        (&args.fields_json, false, true),
        (&args.custom_fields_json, true, true),
    ]
    .into_iter()
    .flat_map(|(texts, custom, json)| texts.iter().map(move |text| Change { text, custom, json }))
    .collect();
    if changes.is_empty() && args.title.is_none() && args.notes.is_none() {
        return Err(fail(ErrorKind::Usage, "nothing to change: pass --field, --custom-field, --title or --notes"));
    }
    let vault = session.fetch(Some(vec![args.uid.clone()]))?;
    let record = vault.shared_record(&args.uid)?;
    if !record.editable {
        return Err(fail(ErrorKind::Auth, format!("record {} is shared read-only with this application", args.uid)));
    }
    let mut data = (*record.data).clone();
    if let Some(title) = &args.title {
        data.title = title.clone();
    }
    if let Some(notes) = &args.notes {
        data.notes = Some(notes.clone());
    }
    for change in &changes {
        apply(&mut data, change)?;
    }
    check_record(&data).map_err(|e| fail(ErrorKind::Usage, e.to_string()))?;
    let kind = if args.transaction.is_some() { UpdateKind::Rotation } else { UpdateKind::Immediate };
    writes::update_record(session, record, &data, kind, &[])?;
    if kind == UpdateKind::Rotation {
        eprintln!("ksm: rotation started: run `ksm secret finalize -u {0}` to keep it or `ksm secret rollback -u {0}` to undo it", args.uid);
    }
    Ok(())
}

/// Sets the field whose label (or type, for a field without label) starts the argument.
fn apply(data: &mut RecordData, change: &Change) -> anyhow::Result<()> {
    let fields: &mut Vec<Field> = if change.custom { &mut data.custom } else { &mut data.fields };
    let name_of =
        |field: &Field| field.label.clone().filter(|l| !l.is_empty()).unwrap_or_else(|| field.field_type.clone());
    // Labels may contain `=`: the longest label that starts the argument wins.
    let field = fields
        .iter_mut()
        .filter(|field| change.text.starts_with(&format!("{}=", name_of(field))))
        .max_by_key(|field| name_of(field).len())
        .ok_or_else(|| {
            let section = if change.custom { "custom field" } else { "field" };
            fail(
                ErrorKind::NotFound,
                format!("the record has no {section} matching '{}'", change.text.split('=').next().unwrap_or_default()),
            )
        })?;
    let raw = &change.text[name_of(field).len() + 1..];
    field.value = if change.json {
        match serde_json::from_str(raw)
            .map_err(|_| fail(ErrorKind::Usage, format!("the value for '{}' is not valid JSON", name_of(field))))?
        {
            Value::Array(values) => values,
            single => vec![single],
        }
    } else {
        vec![Value::String(raw.to_string())]
    };
    Ok(())
}

pub fn complete(session: &mut Session, uid: &str, commit: bool) -> anyhow::Result<()> {
    writes::complete_transaction(session, uid, commit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> RecordData {
        RecordData {
            title: "T".into(),
            record_type: "login".into(),
            fields: vec![Field::new("login", None, vec![]), Field::new("password", None, vec![json!("old")])],
            custom: vec![Field::new("text", Some("a=b"), vec![]), Field::new("text", Some("a"), vec![])],
            ..Default::default()
        }
    }

    #[test]
    fn matches_by_label_or_type_and_prefers_the_longest_label() {
        let mut data = record();
        apply(&mut data, &Change { text: "password=new=pw", custom: false, json: false }).unwrap();
        assert_eq!(data.fields[1].value, vec![json!("new=pw")]);
        apply(&mut data, &Change { text: "a=b=c", custom: true, json: false }).unwrap();
        assert_eq!((data.custom[0].value.clone(), data.custom[1].value.clone()), (vec![json!("c")], vec![]));
        apply(&mut data, &Change { text: r#"login=["x","y"]"#, custom: false, json: true }).unwrap();
        assert_eq!(data.fields[0].value, vec![json!("x"), json!("y")]);
    }

    #[test]
    fn unknown_fields_and_bad_json_are_refused() {
        let mut data = record();
        assert!(apply(&mut data, &Change { text: "url=x", custom: false, json: false }).is_err());
        assert!(apply(&mut data, &Change { text: "login={", custom: false, json: true }).is_err());
    }
}
