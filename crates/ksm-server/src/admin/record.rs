//! `ksm-server record add|show|edit|remove|list|types`.

use super::{as_owner, print_created, print_json, Target};
use crate::cli::{RecordCommand, RecordFields};
use anyhow::Context;
use ksm_proto::field_args::{FieldArg, Section};
use ksm_proto::record::{parse_json, RecordData};
use ksm_proto::record_builder::{check_record, merge};
use ksm_proto::record_types::{FIELD_TYPES, RECORD_TYPES};
use std::io::Read;
use std::path::Path;

pub fn run(target: &Target, command: &RecordCommand) -> anyhow::Result<()> {
    match command {
        RecordCommand::Add { folder, record_type, title, fields, from_json, json } => {
            let data = match from_json {
                Some(path) => read_record_json(path)?,
                None => build_record(record_type, title.as_deref().unwrap_or_default(), fields)?,
            };
            let uid = as_owner(target, |owner| owner.add_record(folder.as_deref(), &data))?;
            print_created("record", &uid, *json)
        }
        RecordCommand::Show { uid, json } => {
            let (row, data) = as_owner(target, |owner| {
                let row = owner.record(uid)?;
                let data = owner.open_record(&row);
                Ok((row, data))
            })?;
            let mut shown = serde_json::json!({
                "uid": row.uid,
                "revision": row.revision,
                "folder_uid": row.inner_folder_uid.or(row.folder_uid),
            });
            match data {
                Ok(data) => shown["data"] = serde_json::to_value(data)?,
                Err(error) => {
                    eprintln!("ksm-server: record {uid} is damaged ({error:#}); `record remove {uid}` deletes it");
                    shown["data"] = serde_json::Value::Null;
                    shown["damaged"] = format!("{error:#}").into();
                }
            }
            if *json {
                return print_json(&shown);
            }
            println!("{}", serde_json::to_string_pretty(&shown)?);
            Ok(())
        }
        RecordCommand::Edit { uid, title, fields } => {
            let revision = as_owner(target, |owner| {
                let (_, mut data) = owner.read_record(uid)?;
                apply_edits(&mut data, title.as_deref(), fields)?;
                owner.write_record(uid, &data)
            })?;
            println!("Updated record {uid} (revision {revision})");
            Ok(())
        }
        RecordCommand::Remove { uid } => {
            as_owner(target, |owner| owner.remove_record(uid))?;
            println!("Removed record {uid}");
            Ok(())
        }
        RecordCommand::List { json } => list(target, *json),
        RecordCommand::Import { folder, from_json, json } => {
            let records: Vec<RecordData> = parse_json(read_input(from_json)?.as_bytes())
                .with_context(|| format!("{} is not a JSON array of records", from_json.display()))?;
            for (index, data) in records.iter().enumerate() {
                check_record(data).with_context(|| format!("record {} of {}", index + 1, from_json.display()))?;
            }
            let uids = as_owner(target, |owner| owner.add_records(Some(folder), &records))?;
            if *json {
                return print_json(&uids);
            }
            println!("Imported {} records", uids.len());
            Ok(())
        }
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

fn list(target: &Target, json: bool) -> anyhow::Result<()> {
    let rows = as_owner(target, |owner| {
        owner
            .store
            .records()?
            .into_iter()
            .map(|row| {
                let mut listed = serde_json::json!({
                    "uid": row.uid,
                    "folder_uid": row.inner_folder_uid.as_ref().or(row.folder_uid.as_ref()),
                    "revision": row.revision,
                });
                match owner.open_record(&row) {
                    Ok(data) => {
                        listed["type"] = data.record_type.into();
                        listed["title"] = data.title.into();
                    }
                    Err(error) => listed["damaged"] = format!("{error:#}").into(),
                }
                Ok(listed)
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    if json {
        return print_json(&rows);
    }
    for row in rows {
        let uid = row["uid"].as_str().unwrap_or_default();
        match row["damaged"].as_str() {
            Some(reason) => println!("{uid}  DAMAGED ({reason}); `ksm-server record remove {uid}` deletes it"),
            None => println!(
                "{uid}  {:<20} {}",
                row["type"].as_str().unwrap_or_default(),
                row["title"].as_str().unwrap_or_default()
            ),
        }
    }
    Ok(())
}

/// A file's text, or stdin's for `-`.
fn read_input(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).context("cannot read stdin")?;
    } else {
        text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(text)
}

fn read_record_json(path: &Path) -> anyhow::Result<RecordData> {
    let text = read_input(path)?;
    let data: RecordData =
        parse_json(text.as_bytes()).with_context(|| format!("{} is not record JSON", path.display()))?;
    check_record(&data)?;
    Ok(data)
}

/// A record of a standard type from `--field` (standard, unless written `c.…`) and `--custom`
/// arguments.
pub fn build_record(record_type: &str, title: &str, args: &RecordFields) -> anyhow::Result<RecordData> {
    let (standard, custom) = parse_fields(args)?;
    Ok(ksm_proto::record_builder::build_record(record_type, title, args.notes.clone(), standard, custom)?)
}

/// The standard and the custom fields of `--field[-json]` (standard unless they say `c.`) and
/// `--custom[-json]`, in the order given.
fn parse_fields(args: &RecordFields) -> anyhow::Result<(Vec<FieldArg>, Vec<FieldArg>)> {
    let plain = |texts: &[String]| texts.iter().map(|t| FieldArg::parse(t)).collect::<Result<Vec<_>, _>>();
    let json = |texts: &[String]| texts.iter().map(|t| FieldArg::parse_json(t)).collect::<Result<Vec<_>, _>>();
    let mut fields = plain(&args.fields)?;
    fields.extend(json(&args.fields_json)?);
    let (standard, mut custom): (Vec<_>, Vec<_>) =
        fields.into_iter().partition(|arg| arg.section != Some(Section::Custom));
    custom.extend(plain(&args.custom)?);
    custom.extend(json(&args.custom_json)?);
    Ok((standard, custom))
}

fn apply_edits(data: &mut RecordData, title: Option<&str>, args: &RecordFields) -> anyhow::Result<()> {
    if let Some(title) = title {
        data.title = title.to_string();
    }
    if let Some(notes) = &args.notes {
        data.notes = Some(notes.clone());
    }
    let (standard, custom) = parse_fields(args)?;
    for new in merge(standard) {
        let field = data
            .fields
            .iter_mut()
            .find(|f| f.field_type == new.field_type && (new.label.is_none() || f.label == new.label))
            .with_context(|| {
                format!("the record has no standard field '{}' to change; use --custom", new.field_type)
            })?;
        field.value = new.value;
    }
    for new in merge(custom) {
        match data.custom.iter_mut().find(|f| f.label == new.label && f.field_type == new.field_type) {
            Some(field) => field.value = new.value,
            None => data.custom.push(new),
        }
    }
    Ok(check_record(data)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(fields: &[&str], custom: &[&str]) -> RecordFields {
        RecordFields {
            fields: fields.iter().map(|s| s.to_string()).collect(),
            fields_json: Vec::new(),
            custom: custom.iter().map(|s| s.to_string()).collect(),
            custom_json: Vec::new(),
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
        assert!(extra.to_string().contains("make it a custom field (c.email="), "{extra}");
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
