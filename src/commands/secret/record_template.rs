//! `ksm secret template record|field`: the standard record and field types (PROTOCOL.md §9.3),
//! and templates to fill in, shaped like the official CLI's (keeper-secrets-manager-helper v3):
//! a record template is the `{"version": "v3", "kind": "KeeperRecord", "data": [...]}` file that
//! `secret add file` reads, each value a `<#ADD: …>` placeholder. Needs no profile or network.

use super::Context;
use crate::cli::{FieldTemplateArgs, RecordTemplateArgs, TemplateCommand, TemplateFormat};
use crate::format::yaml;
use crate::output::{dumps_indented, terminal_max_width, Column, TextTable, Tint};
use ksm_client::error::{fail, ErrorKind};
use ksm_proto::record_types::{field_shape, record_type_fields, ValueShape, FIELD_TYPES, RECORD_TYPES};
use serde_json::{json, Map, Value};

pub fn run(context: &Context, command: TemplateCommand) -> anyhow::Result<()> {
    match command {
        TemplateCommand::Record(args) => record(context, &args),
        TemplateCommand::Field(args) => field(context, &args),
    }
}

fn record(context: &Context, args: &RecordTemplateArgs) -> anyhow::Result<()> {
    if args.show_list {
        print!("{}", type_table("Record Type", RECORD_TYPES.iter().map(|(name, _)| *name), context.color));
        return Ok(());
    }
    if args.record_types.is_empty() {
        return Err(fail(ErrorKind::Usage, "name a record type, e.g. login (`-l` lists them)"));
    }
    let text = render(&record_template(&args.record_types)?, args.output_format);
    crate::commands::write_output(args.output_file.as_deref(), &text)
}

fn field(context: &Context, args: &FieldTemplateArgs) -> anyhow::Result<()> {
    if args.show_list {
        print!("{}", type_table("Field Type", FIELD_TYPES.iter().map(|(name, _)| *name), context.color));
        return Ok(());
    }
    let templates = args.field_types.iter().map(|name| field_template(name)).collect::<anyhow::Result<Vec<_>>>()?;
    let document = match <[Value; 1]>::try_from(templates) {
        Ok([one]) => one,
        Err(templates) if templates.is_empty() => {
            return Err(fail(ErrorKind::Usage, "name a field type, e.g. phone (`-l` lists them)"));
        }
        Err(templates) => Value::Array(templates),
    };
    print!("{}", render(&document, args.output_format));
    Ok(())
}

/// A one-column table like the official CLI's type lists.
fn type_table<'a>(title: &'static str, names: impl Iterator<Item = &'a str>, color: bool) -> String {
    let mut table = TextTable::new(vec![Column::new(title).tinted(Tint::Green).wrapping()]);
    for name in names {
        table.add_row(vec![name.to_string()]);
    }
    table.render(color, terminal_max_width())
}

fn render(document: &Value, format: TemplateFormat) -> String {
    match format {
        TemplateFormat::Json => format!("{}\n", dumps_indented(document)),
        TemplateFormat::Yaml => yaml::document(document),
    }
}

/// One record file with a record of each type, in the given order.
fn record_template(record_types: &[String]) -> anyhow::Result<Value> {
    let mut records = Vec::new();
    for record_type in record_types {
        let standard_fields = record_type_fields(record_type).ok_or_else(|| unknown("record", record_type))?;
        let fields = standard_fields
            .iter()
            .map(|(field_type, label)| field_value_template(field_type, *label))
            .collect::<anyhow::Result<Vec<_>>>()?;
        records.push(json!({
            "recordType": record_type,
            "title": placeholder("The title of record here. This is required."),
            "notes": placeholder("Add some notes or remove."),
            "fields": fields,
        }));
    }
    Ok(json!({"version": "v3", "kind": "KeeperRecord", "data": records}))
}

fn field_template(field_type: &str) -> anyhow::Result<Value> {
    field_value_template(field_type, None)
}

/// `{"type", "label"?, "value", "privacyScreen"}`, and for a password its generation settings.
fn field_value_template(field_type: &str, label: Option<&str>) -> anyhow::Result<Value> {
    let shape = field_shape(field_type).ok_or_else(|| unknown("field", field_type))?;
    let mut template = Map::new();
    template.insert("type".into(), json!(field_type));
    if let Some(label) = label {
        template.insert("label".into(), json!(label));
    }
    template.insert("value".into(), value_placeholder(field_type, shape));
    template.insert("privacyScreen".into(), json!(false));
    if field_type == "password" {
        template.insert("enforceGeneration".into(), json!(false));
        let complexity = json!({"length": 64, "caps": 0, "lowercase": 0, "digits": 0, "special": 0,
            "filter_characters": null});
        template.insert("complexity".into(), complexity);
    }
    Ok(Value::Object(template))
}

fn unknown(kind: &str, name: &str) -> anyhow::Error {
    let list = if kind == "record" { RECORD_TYPES.iter().map(|t| t.0).collect::<Vec<_>>() } else { field_names() };
    let hint = match list.iter().find(|known| known.eq_ignore_ascii_case(name)) {
        Some(known) => format!("did you mean {known}?"),
        None => format!("`ksm secret template {kind} -l` lists them"),
    };
    let name: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    fail(ErrorKind::Usage, format!("unknown {kind} type '{name}': {hint}"))
}

fn field_names() -> Vec<&'static str> {
    FIELD_TYPES.iter().map(|(name, _)| *name).collect()
}

fn placeholder(hint: &str) -> Value {
    Value::String(format!("<#ADD: {hint}>"))
}

/// What to fill in for one value of `field_type`.
fn value_placeholder(field_type: &str, shape: ValueShape) -> Value {
    match shape {
        ValueShape::Object(keys) => {
            Value::Object(keys.iter().map(|key| (key.to_string(), placeholder(key_hint(field_type, key)))).collect())
        }
        ValueShape::AnyObject => object_placeholder(field_type),
        ValueShape::Text | ValueShape::Reference | ValueShape::Date | ValueShape::Bool => {
            placeholder(scalar_hint(field_type, shape))
        }
    }
}

fn scalar_hint(field_type: &str, shape: ValueShape) -> &'static str {
    match (field_type, shape) {
        ("oneTimeCode" | "otp", _) => "URL starting with otpauth://",
        ("password", _) => "Password or Remove If Generating",
        ("note", _) => "Secret Note",
        ("licenseNumber", _) => "License Number",
        ("databaseType", _) => "Database Type",
        ("directoryType", _) => "Directory Type",
        ("addressRef", _) => "Record UID of an address record",
        ("cardRef", _) => "Record UID of a bankCard record",
        ("fileRef", _) => "File UID, or remove",
        ("birthDate", _) => "Birth Date as Epoch Milliseconds (a number)",
        ("expirationDate", _) => "Expiration Date as Epoch Milliseconds (a number)",
        (_, ValueShape::Date) => "Date as Epoch Milliseconds (a number)",
        (_, ValueShape::Reference) => "Record UID of the referenced record",
        (_, ValueShape::Bool) => "true or false",
        _ => "Insert a str",
    }
}

fn key_hint(field_type: &str, key: &str) -> &'static str {
    match (field_type, key) {
        ("phone", "type") => "Home | Mobile | Work",
        ("schedule", "type") => "Type",
        (_, "street1") => "Street",
        (_, "street2") => "Street 2",
        (_, "city") => "City",
        (_, "state") => "State",
        (_, "zip") => "Zip/Postal Code",
        (_, "country") => "Country code, ISO 3166-1 alpha-2, e.g. US",
        (_, "accountType") => "Checking | Other | Savings",
        (_, "otherType") => "Other Type Description",
        (_, "routingNumber") => "Routing Number",
        (_, "accountNumber") => "Account Number",
        (_, "hostName") => "Hostname or IP",
        (_, "port") => "Port",
        (_, "publicKey") => "Public Key",
        (_, "privateKey") => "Private Key. Normally a PEM file.",
        (_, "first") => "First Name",
        (_, "middle") => "Middle Name",
        (_, "last") => "Last Name",
        (_, "cardNumber") => "Card Number",
        (_, "cardExpirationDate") => "Expiration Date as MM/YYYY",
        (_, "cardSecurityCode") => "Security Code",
        (_, "region") => "Region",
        (_, "number") => "Number",
        (_, "ext") => "Extension",
        (_, "cron") => "Crontab format string",
        (_, "time") => "Time",
        (_, "tz") => "Time zone",
        (_, "weekday") => "Day of the Week",
        (_, "intervalCount") => "Interval Count",
        (_, "fileRef") => "File UID",
        (_, "command") => "Command",
        (_, "recordRef") => "Record UID of the referenced record",
        (_, "question") => "Security Question",
        (_, "answer") => "Answer To The Question",
        _ => "Insert a str",
    }
}

/// The object shapes `ksm_proto` does not model key by key (passkeys, PAM settings).
fn object_placeholder(field_type: &str) -> Value {
    let add = placeholder;
    match field_type {
        "appFiller" => json!({"applicationTitle": add("Application Title"), "contentFilter": add("Content Filter"),
            "macroSequence": add("Macro Sequence")}),
        "passkey" => json!({
            "privateKey": {"crv": add("Insert a str"), "d": add("Insert a str"), "ext": add("Insert a bool"),
                "key_ops": add("Insert a list"), "kty": add("Insert a str"), "x": add("Insert a str"),
                "y": add("Insert a str")},
            "credentialId": add("Credential Id"), "signCount": add("Sign Count"), "userId": add("User Id"),
            "relyingParty": add("Relying Party"), "username": add("User Name"),
            "createdDate": add("Creation Date as Epoch Milliseconds (a number)"),
        }),
        "pamResources" => json!({
            "controllerUid": add("Record UID of the Controller Record"), "folderUid": add("Folder UID"),
            "resourceRef": add("List with UIDs of resource records"),
            "allowedSettings": {"connections": add("Insert a bool"), "portForwards": add("Insert a bool"),
                "rotation": add("Insert a bool"), "sessionRecording": add("Insert a bool"),
                "typescriptRecording": add("Insert a bool")},
        }),
        "pamSettings" => {
            json!({"connection": {"portForward": add("Port Settings"), "connection": add("Connection Settings")}})
        }
        "pamRemoteBrowserSettings" => json!({"connection": {"protocol": add("Insert a str"),
            "userRecords": add("Insert a list"), "allowUrlManipulation": add("Insert a bool"),
            "allowedUrlPatterns": add("Insert a str"), "allowedResourceUrlPatterns": add("Insert a str"),
            "httpCredentialsUid": add("Insert a str"), "autofillConfiguration": add("Insert a str")}}),
        _ => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_client::error::exit_code;

    fn types(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn record_template_is_the_official_record_file_shape() {
        let template = record_template(&types(&["login"])).unwrap();
        assert_eq!(template["version"], "v3");
        assert_eq!(template["kind"], "KeeperRecord");
        let record = &template["data"][0];
        assert_eq!(record["recordType"], "login");
        assert_eq!(record["title"], "<#ADD: The title of record here. This is required.>");
        let field_types: Vec<&str> =
            record["fields"].as_array().unwrap().iter().map(|f| f["type"].as_str().unwrap()).collect();
        assert_eq!(field_types, ["passkey", "login", "password", "url", "fileRef", "oneTimeCode"]);
        let password = &record["fields"][2];
        assert_eq!(password["value"], "<#ADD: Password or Remove If Generating>");
        assert_eq!((&password["privacyScreen"], &password["complexity"]["length"]), (&json!(false), &json!(64)));
        assert_eq!(record["fields"][5]["value"], "<#ADD: URL starting with otpauth://>");
    }

    #[test]
    fn fixed_labels_are_kept_and_several_types_make_several_records() {
        let template = record_template(&types(&["bankCard", "address"])).unwrap();
        assert_eq!(
            template["data"][0]["fields"][1],
            json!({"type": "text", "label": "Cardholder Name",
            "value": "<#ADD: Insert a str>", "privacyScreen": false})
        );
        assert_eq!(template["data"][1]["fields"][0]["value"]["zip"], "<#ADD: Zip/Postal Code>");
        assert!(template["data"][1]["fields"][0].get("label").is_none());
    }

    #[test]
    fn every_standard_type_has_a_template_with_placeholders_only() {
        for (record_type, fields) in RECORD_TYPES {
            let template = record_template(&types(&[record_type])).unwrap();
            assert_eq!(template["data"][0]["fields"].as_array().unwrap().len(), fields.len());
        }
        for (field_type, _) in FIELD_TYPES {
            let value = &field_template(field_type).unwrap()["value"];
            let is_filled = |v: &Value| v.as_str().is_some_and(|s| s.starts_with("<#ADD: ")) || v.is_object();
            assert!(is_filled(value) && value != &json!({}), "{field_type}: {value}");
        }
    }

    #[test]
    fn field_template_shapes() {
        assert_eq!(
            field_template("phone").unwrap(),
            json!({"type": "phone", "value": {"region": "<#ADD: Region>", "number": "<#ADD: Number>",
                "ext": "<#ADD: Extension>", "type": "<#ADD: Home | Mobile | Work>"}, "privacyScreen": false})
        );
        assert_eq!(field_template("date").unwrap()["value"], "<#ADD: Date as Epoch Milliseconds (a number)>");
        assert_eq!(field_template("checkbox").unwrap()["value"], "<#ADD: true or false>");
    }

    #[test]
    fn unknown_types_are_usage_errors_with_a_hint() {
        let error = record_template(&types(&["Login"])).unwrap_err();
        assert_eq!(exit_code(&error), 2);
        assert_eq!(error.to_string(), "unknown record type 'Login': did you mean login?");
        let error = field_template("nope\nx").unwrap_err().to_string();
        assert_eq!(error, "unknown field type 'nope x': `ksm secret template field -l` lists them");
    }

    #[test]
    fn json_is_indented_like_python() {
        let text = render(&field_template("login").unwrap(), TemplateFormat::Json);
        assert_eq!(
            text,
            "{\n    \"type\": \"login\",\n    \"value\": \"<#ADD: Insert a str>\",\n    \"privacyScreen\": false\n}\n"
        );
    }

    #[test]
    fn yaml_matches_pyyaml_block_style() {
        let template = record_template(&types(&["address"])).unwrap();
        let text = render(&template, TemplateFormat::Yaml);
        let expected = "\
version: v3
kind: KeeperRecord
data:
- recordType: address
  title: '<#ADD: The title of record here. This is required.>'
  notes: '<#ADD: Add some notes or remove.>'
  fields:
  - type: address
    value:
      street1: '<#ADD: Street>'
      street2: '<#ADD: Street 2>'
      city: '<#ADD: City>'
      state: '<#ADD: State>'
      zip: '<#ADD: Zip/Postal Code>'
      country: '<#ADD: Country code, ISO 3166-1 alpha-2, e.g. US>'
    privacyScreen: false
  - type: fileRef
    value: '<#ADD: File UID, or remove>'
    privacyScreen: false
";
        assert_eq!(text, expected);
        let password = render(&field_template("password").unwrap(), TemplateFormat::Yaml);
        assert!(password.ends_with("  special: 0\n  filter_characters: null\n"), "{password}");
    }
}
