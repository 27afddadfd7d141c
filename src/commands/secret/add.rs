//! `ksm secret add field|file|clone`: new records, built and checked on this device before
//! anything is sent (PROTOCOL.md §10.5).

use crate::cli::{AddCommand, AddFieldArgs, AddFileArgs, CloneArgs, StorageFolderArgs};
use crate::commands::folder::{find, shared_folder};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::writes;
use ksm_proto::field_args::{FieldArg, Section};
use ksm_proto::password::{generate, PasswordSpec};
use ksm_proto::record::{Field, RecordData};
use ksm_proto::record_builder::{build_record, check_record};
use serde_json::Value;
use std::io::Read;

pub fn run(session: &mut Session, command: AddCommand) -> anyhow::Result<()> {
    match command {
        AddCommand::Field(args) => {
            let data = from_field_args(&args)?;
            let uid = create(session, &args.storage, data)?;
            print!("{uid}");
            Ok(())
        }
        AddCommand::File(args) => {
            let records = from_script(&args)?;
            for data in records {
                println!("{}", create(session, &args.storage, data)?);
            }
            Ok(())
        }
        AddCommand::Clone(args) => clone(session, &args),
    }
}

fn usage(error: impl std::fmt::Display) -> anyhow::Error {
    fail(ErrorKind::Usage, error.to_string())
}

fn from_field_args(args: &AddFieldArgs) -> anyhow::Result<RecordData> {
    let parsed: Vec<FieldArg> =
        args.fields.iter().map(|f| FieldArg::parse(f)).collect::<Result<_, _>>().map_err(usage)?;
    let (standard, custom) = parsed.into_iter().partition(|arg| arg.section != Some(Section::Custom));
    build_record(&args.record_type, &args.title, args.notes.clone(), standard, custom).map_err(usage)
}

/// Records from a record script (JSON or YAML): `{"version":"v3","kind":"KeeperRecord","data":[{"recordType",
/// "title","notes","fields":[…],"customFields":[…]}]}`. Values still holding a template's
/// `<#…>` placeholder count as empty.
fn from_script(args: &AddFileArgs) -> anyhow::Result<Vec<RecordData>> {
    let mut text = String::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| usage(format!("cannot read the record script from stdin: {e}")))?;
    } else {
        text = std::fs::read_to_string(&args.file)
            .map_err(|e| usage(format!("cannot read {}: {e}", args.file.display())))?;
    }
    let script = parse_script(&text).map_err(|reason| usage(format!("{}: {reason}", args.file.display())))?;
    let items =
        script.get("data").and_then(Value::as_array).ok_or_else(|| usage("the record script has no \"data\" list"))?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| script_record(item).map_err(|e| usage(format!("record {}: {e}", index + 1))))
        .collect()
}

/// JSON, or YAML (which the official CLI's templates also come in).
fn parse_script(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"));
    }
    serde_norway::from_str(text).map_err(|e| format!("neither JSON nor valid YAML: {e}"))
}

fn script_record(item: &Value) -> Result<RecordData, String> {
    let text = |key: &str| item.get(key).and_then(Value::as_str).filter(|t| !is_placeholder(t)).map(str::to_string);
    let record_type = text("recordType").ok_or("recordType is missing")?;
    let fields = |key: &str| -> Result<Vec<Field>, String> {
        item.get(key).and_then(Value::as_array).into_iter().flatten().map(script_field).collect()
    };
    let mut custom = fields("customFields")?;
    custom.extend(fields("custom_fields")?);
    let data = RecordData {
        title: text("title").unwrap_or_default(),
        record_type,
        fields: fields("fields")?,
        custom,
        notes: text("notes"),
        extra: Default::default(),
    };
    check_record(&data).map_err(|e| e.to_string())?;
    Ok(data)
}

fn script_field(value: &Value) -> Result<Field, String> {
    let field_type = value.get("type").and_then(Value::as_str).ok_or("a field has no type")?;
    let label = value.get("label").and_then(Value::as_str).filter(|l| !l.is_empty());
    let values: Vec<Value> = match value.get("value") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(values)) => values.clone(),
        Some(single) => vec![single.clone()],
    };
    let values =
        values.into_iter().filter(|v| !v.as_str().is_some_and(is_placeholder) && !has_placeholder(v)).collect();
    Ok(Field::new(field_type, label, values))
}

fn is_placeholder(text: &str) -> bool {
    text.starts_with("<#")
}

fn has_placeholder(value: &Value) -> bool {
    value.as_object().is_some_and(|o| o.values().any(|v| v.as_str().is_some_and(is_placeholder)))
}

fn create(session: &mut Session, storage: &StorageFolderArgs, mut data: RecordData) -> anyhow::Result<String> {
    if storage.password_generate {
        fill_empty_passwords(&mut data)?;
    }
    let folders = session.folders()?;
    let folder = find(&folders, &storage.folder)?;
    writes::create_record(session, folder, shared_folder(&folders, folder)?, &data)
}

fn fill_empty_passwords(data: &mut RecordData) -> anyhow::Result<()> {
    for field in data
        .fields
        .iter_mut()
        .chain(data.custom.iter_mut())
        .filter(|f| f.field_type == "password" && f.value.is_empty())
    {
        field.value = vec![Value::String(generate(&PasswordSpec::default()).map_err(usage)?)];
    }
    Ok(())
}

fn clone(session: &mut Session, args: &CloneArgs) -> anyhow::Result<()> {
    let vault = session.fetch(Some(vec![args.uid.clone()]))?;
    let original = vault.shared_record(&args.uid)?;
    let mut data = (*original.data).clone();
    // Files belong to the original; the copy starts without them.
    for field in data.fields.iter_mut().filter(|f| f.field_type == "fileRef") {
        field.value.clear();
    }
    if let Some(title) = &args.title {
        data.title = title.clone();
    }
    let folder_uid = original
        .folder()
        .ok_or_else(|| {
            fail(
                ErrorKind::Usage,
                format!("record {} is not in a shared folder, so a copy has nowhere to go", args.uid),
            )
        })?
        .to_string();
    let folders = session.folders()?;
    let folder = find(&folders, &folder_uid)?;
    let uid = writes::create_record(session, folder, shared_folder(&folders, folder)?, &data)?;
    print!("{uid}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn record_scripts_in_json_and_yaml_give_the_same_records() {
        let json_text = r#"{"version": "v3", "kind": "KeeperRecord", "data": [{"recordType": "login", "title": "T",
            "fields": [{"type": "login", "value": "me"}, {"type": "url", "value": "<#ADD: URL>"}],
            "customFields": [{"type": "text", "label": "Env", "value": ["prod"]}]}]}"#;
        let yaml_text = "version: v3\nkind: KeeperRecord\ndata:\n- recordType: login\n  title: T\n  fields:\n  - type: login\n    value: me\n  - type: url\n    value: '<#ADD: URL>'\n  customFields:\n  - type: text\n    label: Env\n    value: [prod]\n";
        for text in [json_text, yaml_text] {
            let script = parse_script(text).unwrap();
            let record = script_record(&script["data"][0]).unwrap();
            assert_eq!(record.title, "T");
            assert_eq!(record.fields[0].value, vec![json!("me")]);
            assert!(record.fields[1].value.is_empty(), "a placeholder counts as empty");
            assert_eq!(
                (record.custom[0].label.as_deref(), &record.custom[0].value),
                (Some("Env"), &vec![json!("prod")])
            );
        }
        assert!(parse_script("{oops").unwrap_err().contains("not valid JSON"));
        assert!(script_record(&json!({"title": "x"})).unwrap_err().contains("recordType"));
    }
}
