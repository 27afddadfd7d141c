//! `ksm-server record add|show|edit|remove|list|types`.

use super::fields::FieldArg;
use super::{as_owner, print_created, print_json};
use crate::cli::{RecordCommand, RecordFields};
use crate::datadir::DataDir;
use anyhow::{bail, Context};
use ksm_proto::record::{parse_json, Field, RecordData};
use ksm_proto::record_types::{record_type_fields, validate_field, FIELD_TYPES, RECORD_TYPES};
use std::io::Read;
use std::path::Path;

pub fn run(dir: &DataDir, command: &RecordCommand) -> anyhow::Result<()> {
    match command {
        RecordCommand::Add { folder, record_type, title, fields, from_json, json } => {
            let data = match from_json {
                Some(path) => read_record_json(path)?,
                None => build_record(record_type, title.as_deref().unwrap_or_default(), fields)?,
            };
            let uid = as_owner(dir, |owner| owner.add_record(folder.as_deref(), &data))?;
            print_created("record", &uid, *json)
        }
        RecordCommand::Show { uid, json } => {
            let (row, data) = as_owner(dir, |owner| owner.read_record(uid))?;
            let shown = serde_json::json!({
                "uid": row.uid,
                "revision": row.revision,
                "folder_uid": row.inner_folder_uid.or(row.folder_uid),
                "data": data,
            });
            if *json {
                return print_json(&shown);
            }
            println!("{}", serde_json::to_string_pretty(&shown)?);
            Ok(())
        }
        RecordCommand::Edit { uid, title, fields } => {
            let revision = as_owner(dir, |owner| {
                let (_, mut data) = owner.read_record(uid)?;
                apply_edits(&mut data, title.as_deref(), fields)?;
                owner.write_record(uid, &data)
            })?;
            println!("Updated record {uid} (revision {revision})");
            Ok(())
        }
        RecordCommand::Remove { uid } => {
            as_owner(dir, |owner| owner.remove_record(uid))?;
            println!("Removed record {uid}");
            Ok(())
        }
        RecordCommand::List { json } => list(dir, *json),
        RecordCommand::Types => {
            println!("Record types and their standard fields:");
            for (name, fields) in RECORD_TYPES {
                let names: Vec<String> = fields
                    .iter()
                    .map(|(field_type, label)| {
                        label.map_or_else(|| field_type.to_string(), |l| format!("{l}:{field_type}"))
                    })
                    .collect();
                println!("  {name}: {}", names.join(", "));
            }
            println!("Field types: {}", FIELD_TYPES.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", "));
            Ok(())
        }
    }
}

fn list(dir: &DataDir, json: bool) -> anyhow::Result<()> {
    let rows = as_owner(dir, |owner| {
        owner
            .store
            .records()?
            .into_iter()
            .map(|row| {
                let (_, data) = owner.read_record(&row.uid)?;
                Ok(serde_json::json!({
                    "uid": row.uid,
                    "type": data.record_type,
                    "title": data.title,
                    "folder_uid": row.inner_folder_uid.or(row.folder_uid),
                    "revision": row.revision,
                }))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    if json {
        return print_json(&rows);
    }
    for row in rows {
        println!(
            "{}  {:<20} {}",
            row["uid"].as_str().unwrap_or_default(),
            row["type"].as_str().unwrap_or_default(),
            row["title"].as_str().unwrap_or_default()
        );
    }
    Ok(())
}

fn read_record_json(path: &Path) -> anyhow::Result<RecordData> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).context("cannot read the record JSON from stdin")?;
    } else {
        text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    let data: RecordData =
        parse_json(text.as_bytes()).with_context(|| format!("{} is not record JSON", path.display()))?;
    check_record(&data)?;
    Ok(data)
}

/// Every field type known and every value of the right shape; a title and a known record type.
fn check_record(data: &RecordData) -> anyhow::Result<()> {
    if data.title.trim().is_empty() {
        bail!("a record needs a non-empty title");
    }
    if record_type_fields(&data.record_type).is_none() {
        bail!("unknown record type '{}' (see `ksm-server record types`)", data.record_type);
    }
    for field in data.fields.iter().chain(&data.custom) {
        validate_field(&field.field_type, &field.value)?;
    }
    Ok(())
}

/// A record of a standard type: its standard fields in order, filled from `--field`, then the
/// `--custom` fields.
pub fn build_record(record_type: &str, title: &str, args: &RecordFields) -> anyhow::Result<RecordData> {
    let standard = record_type_fields(record_type)
        .with_context(|| format!("unknown record type '{record_type}' (see `ksm-server record types`)"))?;
    let mut given: Vec<Option<FieldArg>> =
        args.fields.iter().map(|f| FieldArg::parse(f).map(Some)).collect::<Result<_, _>>()?;
    let mut fields = Vec::with_capacity(standard.len());
    for (field_type, standard_label) in standard {
        let matching = given.iter_mut().find(|arg| {
            arg.as_ref().is_some_and(|arg| {
                arg.field_type == *field_type && (arg.label.is_none() || arg.label.as_deref() == *standard_label)
            })
        });
        let values = matching.and_then(Option::take).map(|arg| arg.values).unwrap_or_default();
        fields.push(Field::new(field_type, *standard_label, values));
    }
    if let Some(extra) = given.into_iter().flatten().next() {
        bail!("'{}' is not a standard field of a {record_type} record; pass it with --custom", extra.field_type);
    }
    let custom = args.custom.iter().map(|f| FieldArg::parse(f).map(FieldArg::into_field)).collect::<Result<_, _>>()?;
    let data = RecordData {
        title: title.to_string(),
        record_type: record_type.to_string(),
        fields,
        custom,
        notes: args.notes.clone(),
        extra: Default::default(),
    };
    check_record(&data)?;
    Ok(data)
}

fn apply_edits(data: &mut RecordData, title: Option<&str>, args: &RecordFields) -> anyhow::Result<()> {
    if let Some(title) = title {
        data.title = title.to_string();
    }
    if let Some(notes) = &args.notes {
        data.notes = Some(notes.clone());
    }
    for text in &args.fields {
        let arg = FieldArg::parse(text)?;
        let field = data
            .fields
            .iter_mut()
            .find(|f| f.field_type == arg.field_type && (arg.label.is_none() || f.label == arg.label))
            .with_context(|| {
                format!("the record has no standard field '{}' to change; use --custom", arg.field_type)
            })?;
        field.value = arg.values;
    }
    for text in &args.custom {
        let arg = FieldArg::parse(text)?;
        match data.custom.iter_mut().find(|f| f.label == arg.label && f.field_type == arg.field_type) {
            Some(field) => field.value = arg.values,
            None => data.custom.push(arg.into_field()),
        }
    }
    check_record(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(fields: &[&str], custom: &[&str]) -> RecordFields {
        RecordFields {
            fields: fields.iter().map(|s| s.to_string()).collect(),
            custom: custom.iter().map(|s| s.to_string()).collect(),
            notes: Some("n".into()),
        }
    }

    #[test]
    fn builds_the_standard_fields_of_a_type_in_order() {
        let data = build_record("login", "Web", &fields(&["login=me", "password=pw"], &["env:text=prod"])).unwrap();
        let types: Vec<&str> = data.fields.iter().map(|f| f.field_type.as_str()).collect();
        assert_eq!(types, ["passkey", "login", "password", "url", "fileRef", "oneTimeCode"]);
        assert_eq!(data.fields[2].value, vec![json!("pw")]);
        assert!(data.fields[3].value.is_empty());
        assert_eq!((data.custom[0].label.as_deref(), &data.custom[0].value), (Some("env"), &vec![json!("prod")]));
        let db = build_record("databaseCredentials", "DB", &fields(&["type:text=postgres"], &[])).unwrap();
        assert_eq!((db.fields[0].label.as_deref(), &db.fields[0].value), (Some("type"), &vec![json!("postgres")]));
    }

    #[test]
    fn refuses_unknown_types_and_non_standard_fields() {
        let unknown = build_record("spaceship", "x", &fields(&[], &[])).unwrap_err();
        assert!(unknown.to_string().contains("unknown record type 'spaceship'"));
        let extra = build_record("login", "x", &fields(&["email=a@b"], &[])).unwrap_err();
        assert!(
            extra.to_string().contains("use --custom") || extra.to_string().contains("pass it with --custom"),
            "{extra}"
        );
        assert!(build_record("login", " ", &fields(&[], &[])).is_err(), "empty title");
    }

    #[test]
    fn edits_replace_values_and_add_custom_fields() {
        let mut data = build_record("login", "Web", &fields(&["password=old"], &["env:text=a"])).unwrap();
        apply_edits(&mut data, Some("New"), &fields(&["password=new"], &["env:text=b", "other:text=c"])).unwrap();
        assert_eq!(data.title, "New");
        assert_eq!(data.fields[2].value, vec![json!("new")]);
        assert_eq!(data.custom.len(), 2);
        assert_eq!(data.custom[0].value, vec![json!("b")]);
    }
}
