//! `ksm-server demo`: a throwaway server with a sample vault, one application and a fresh
//! one-time token, so that a client can be tried in one step.

use crate::admin::init::KeystoreChoice;
use crate::admin::{as_owner, client, Target};
use crate::cli::{ClientAddArgs, DemoArgs, RecordFields};
use crate::datadir::DataDir;
use crate::keystore::Protection;
use crate::owner::{NewFile, Owner};
use crate::serve::announce;
use crate::store::ShareKind;
use anyhow::Context;
use ksm_files::write_private;
use ksm_proto::password::{generate, PasswordSpec};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// The demo's owner keystore is plaintext (its vault is sample data), kept beside the temporary
/// data directory, or inside a data directory the user named unless `--keystore` says where.
pub fn run(data_dir: Option<PathBuf>, keystore: Option<PathBuf>, args: &DemoArgs) -> anyhow::Result<()> {
    let temp = match &data_dir {
        Some(_) => None,
        None => Some(
            tempfile::Builder::new().prefix("ksm-demo-").tempdir().context("cannot create a temporary directory")?,
        ),
    };
    let root = data_dir.unwrap_or_else(|| temp.as_ref().map(|t| t.path().join("data")).expect("temp dir exists"));
    let keystore = keystore.or_else(|| temp.as_ref().map(|t| t.path().join("owner-keystore.json")));
    let dir = DataDir::new(root, keystore);
    let plaintext = KeystoreChoice { protection: Protection::Plaintext, plaintext_in_data_dir: true };
    crate::admin::init::initialize(&dir, ksm_proto::server_keys::DEFAULT_KEY_ID, &[], &plaintext)?;
    let password = || Ok(generate(&PasswordSpec { length: 24, ..PasswordSpec::default() })?);
    let target = Target::local(dir.clone());
    let (app_uid, records) = as_owner(&target, |owner| seed(owner, &password))?;

    crate::serve::serve(&dir, args.listen, &args.options, |address| {
        let hostname = crate::serve::client_hostname(address);
        let enrollment = client::add(
            &target,
            &ClientAddArgs {
                app: app_uid.clone(),
                name: Some("demo-device".into()),
                token_expiry: "24h".into(),
                ip_lock: false,
                access_expiry: None,
                hostname: Some(hostname.clone()),
                json: false,
            },
        )?;
        if let Some(path) = &args.ready_file {
            let mut ready = crate::serve::ready_json(address);
            ready["data_dir"] = json!(dir.root());
            ready["app_uid"] = json!(app_uid);
            ready["records"] = Value::Object(records.clone());
            ready["enrollment"] = serde_json::to_value(&enrollment)?;
            write_private(path, ready.to_string().as_bytes())?;
        }
        announce(format_args!("ksm-server demo listening on https://{hostname} (data in {})", dir.root().display()));
        announce(format_args!("Sample records:"));
        for (title, uid) in &records {
            announce(format_args!("  {uid}  {title}"));
        }
        announce(format_args!("One-time access token (valid 24h, single use): {}", enrollment.token));
        announce(format_args!("Initialize a ksm profile with:"));
        announce(format_args!("  {}", enrollment.init_command));
        announce(format_args!("Press Ctrl-C to stop; the demo data directory is then removed."));
        Ok(())
    })?;
    drop(temp);
    Ok(())
}

/// The sample vault: a shared folder with a sub-folder, a few typical records, a file and a
/// TOTP, shared editable with one application; passwords come from `password`. Returns the
/// app UID and `title → record UID`.
fn seed(owner: &Owner, password: &dyn Fn() -> anyhow::Result<String>) -> anyhow::Result<(String, Map<String, Value>)> {
    let vault = owner.add_folder("Demo Vault", None)?;
    let databases = owner.add_folder("Databases", Some(&vault))?;
    let mut records = Map::new();
    let mut add = |folder: &str,
                   record_type: &str,
                   title: &str,
                   fields: Vec<String>,
                   custom: Vec<String>,
                   notes: Option<&str>| {
        let args = RecordFields {
            fields,
            fields_json: Vec::new(),
            custom,
            custom_json: Vec::new(),
            notes: notes.map(str::to_string),
        };
        let data = crate::admin::record::build_record(record_type, title, &args)?;
        let uid = owner.add_record(Some(folder), &data)?;
        records.insert(title.to_string(), Value::String(uid.clone()));
        anyhow::Ok(uid)
    };
    add(
        &vault,
        "login",
        "Web Login",
        vec![
            "login=alice@example.com".into(),
            format!("password={}", password()?),
            "url=https://app.example.com".into(),
            "oneTimeCode=otpauth://totp/Demo:alice?secret=JBSWY3DPEHPK3PXP&issuer=Demo".into(),
        ],
        vec!["Environment:text=production".into()],
        Some("Sample login with a TOTP"),
    )?;
    add(
        &databases,
        "databaseCredentials",
        "Production Database",
        vec![
            "type:text=postgresql".into(),
            r#"host={"hostName":"db.internal.example.com","port":"5432"}"#.into(),
            "login=app_user".into(),
            format!("password={}", password()?),
        ],
        vec![],
        None,
    )?;
    add(
        &vault,
        "sshKeys",
        "Deploy SSH Key",
        vec![
            "login=deploy".into(),
            r#"keyPair={"publicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoKeyOnly deploy@example","privateKey":"-----BEGIN OPENSSH PRIVATE KEY-----\ndemo-only-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----"}"#.into(),
            r#"host={"hostName":"deploy.example.com","port":"22"}"#.into(),
        ],
        vec![],
        None,
    )?;
    let api = add(
        &vault,
        "login",
        "API Service",
        vec!["login=svc-api".into(), format!("password={}", password()?)],
        vec![format!("API Key:secret={}", password()?)],
        None,
    )?;
    let config = br#"{"service": "api", "region": "eu-west-1"}"#;
    owner.attach_file(
        &api,
        &NewFile { name: "config.json", title: "Service config", mime_type: "application/json", bytes: config },
    )?;

    let app = owner.add_app("Demo Application")?;
    owner.share(&app, &vault, ShareKind::Folder, true)?;
    Ok((app, records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::OwnerKeystore;
    use crate::store::{DeviceIdKey, Store};

    /// Generated passwords may start with any printable character; none may stop the demo.
    #[test]
    fn the_sample_vault_takes_passwords_that_look_like_json() {
        let temp = tempfile::tempdir().unwrap();
        let keys = OwnerKeystore::create(&temp.path().join("owner.json"), &Protection::Plaintext).unwrap();
        let store = Store::create(
            &temp.path().join("vault.db"),
            &keys.public_key().to_uncompressed(),
            DeviceIdKey::derive(b"test"),
        )
        .unwrap();
        let owner = Owner::new(&store, &keys).unwrap();
        for start in ["[", "{", "\"", "[\"a\"]", "{\"k\":1}"] {
            let value = format!("{start}rest-of-password");
            let (_, records) = seed(&owner, &|| Ok(value.clone())).unwrap_or_else(|e| panic!("{value}: {e:#}"));
            let uid = records["API Service"].as_str().unwrap();
            let (_, data) = owner.read_record(uid).unwrap();
            let password = data.fields.iter().find(|f| f.field_type == "password").unwrap();
            assert_eq!(password.value, vec![Value::from(value.clone())]);
            assert_eq!(data.custom[0].value, vec![Value::from(value.clone())], "the API key too");
        }
    }
}
