//! The records of `testdata/fixtures.json` (the same ones `testdata/regen.py` feeds the
//! official CLI) as a decrypted [`Vault`], and the official outputs for them.

use ksm_client::vault::{Record, RecordFile, Vault};
use ksm_proto::crypto::SymmetricKey;
use ksm_proto::record::{FileMeta, RecordData};
use serde_json::Value;

/// A login with password, URL, TOTP and an empty fileRef; notes with a newline.
pub const LOGIN: &str = "LoginRecordUid00000001";
/// Non-ASCII title; custom fields: phone object, multi-value text, secret, unlabeled text,
/// duplicate label, securityQuestion, a number value and a multi-line value.
pub const CUSTOM: &str = "CustomRecordUid0000001";
/// A bankCard whose addressRef points to the address record.
pub const CARD: &str = "CardRecordUid000000001";
/// A cardRef (to the card and to a record that does not exist) and a labelled addressRef.
pub const WALLET: &str = "WalletRecordUid0000001";
/// Two attached files, one without `lastModified`.
pub const FILES: &str = "FilesRecordUid00000001";

const FIXTURES: &str = include_str!("testdata/fixtures.json");
const OFFICIAL_OUTPUTS: &str = include_str!("testdata/official_outputs.json");

pub fn vault() -> Vault {
    let fixtures: Vec<Value> = serde_json::from_str(FIXTURES).expect("fixtures.json parses");
    Vault { records: fixtures.iter().map(record).collect(), ..Vault::default() }
}

pub fn records(vault: &Vault) -> Vec<&Record> {
    vault.records.iter().collect()
}

/// What the official CLI printed for the case `name` of `testdata/cases.json`.
pub fn official(name: &str) -> String {
    let outputs: Value = serde_json::from_str(OFFICIAL_OUTPUTS).expect("official_outputs.json parses");
    outputs[name].as_str().unwrap_or_else(|| panic!("no official output named {name}")).to_string()
}

fn record(fixture: &Value) -> Record {
    let data: RecordData = serde_json::from_value(fixture["data"].clone()).expect("record data");
    let files = fixture["files"].as_array().map(|files| files.iter().map(file).collect()).unwrap_or_default();
    Record {
        uid: fixture["uid"].as_str().unwrap_or_default().to_string(),
        data: data.into(),
        revision: 1,
        editable: true,
        key: SymmetricKey::random(),
        folder_uid: Some("F".to_string()),
        inner_folder_uid: None,
        files,
    }
}

fn file(fixture: &Value) -> RecordFile {
    let meta: FileMeta = serde_json::from_value(fixture["meta"].clone()).expect("file meta");
    RecordFile {
        uid: fixture["uid"].as_str().unwrap_or_default().to_string(),
        meta,
        url: String::new(),
        key: SymmetricKey::random(),
    }
}
