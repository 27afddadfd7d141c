//! What a device can see, decrypted: records (with their files) and folders, from one
//! `get_secret` response (PROTOCOL.md §9.2). Decryption is linear in the response size; each
//! record's JSON is parsed only when one of its fields is read.

mod response;

use crate::error::{fail, ErrorKind};
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, SymmetricKey};
use ksm_proto::notation::{
    find_record, FieldKind, Notation, NotationError, NotationFile, NotationRecord, NotationValue, Selector,
};
use ksm_proto::record::{AppData, FileMeta};
use ksm_proto::record_crypto::{open_json, open_key, open_record_key};
use ksm_proto::record_json::RecordJson;
use ksm_proto::wire::{FileEnvelope, RecordEnvelope};

/// Everything shared with the application.
#[derive(Debug, Default)]
pub struct Vault {
    pub records: Vec<Record>,
    /// Records that failed to decrypt: their UIDs (skipped, as the official SDKs do).
    pub undecryptable: Vec<String>,
    pub app: AppData,
    /// What the server wants the user to know.
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct Record {
    pub uid: String,
    pub data: RecordJson,
    /// What the server must see again on update (optimistic concurrency).
    pub revision: i64,
    pub editable: bool,
    pub key: SymmetricKey,
    /// The shared folder the record was delivered in, if any.
    pub folder_uid: Option<String>,
    /// The sub-folder inside that shared folder, if any.
    pub inner_folder_uid: Option<String>,
    pub files: Vec<RecordFile>,
}

#[derive(Debug)]
pub struct RecordFile {
    pub uid: String,
    pub meta: FileMeta,
    pub url: String,
    pub key: SymmetricKey,
}

impl Record {
    /// The folder a user would say the record is in: its sub-folder, else its shared folder.
    pub fn folder(&self) -> Option<&str> {
        self.inner_folder_uid.as_deref().or(self.folder_uid.as_deref())
    }
}

impl Vault {
    /// Parses and decrypts a `get_secret` response body (decrypted JSON) with the application
    /// key, record by record as the envelopes are read, so a large answer is not held twice.
    pub fn from_response_json(json: &[u8], app_key: &SymmetricKey) -> Result<Self, serde_json::Error> {
        response::read_vault(json, app_key)
    }

    pub fn record(&self, uid: &str) -> Option<&Record> {
        self.records.iter().find(|record| record.uid == uid)
    }

    /// The record `uid`, or a not-found error that says why: not shared with this device, or
    /// shared but not decryptable.
    pub fn shared_record(&self, uid: &str) -> anyhow::Result<&Record> {
        self.record(uid).ok_or_else(|| self.missing(uid))
    }

    /// Takes the record `uid` out of the vault, or fails as [`Vault::shared_record`] does.
    pub fn into_shared_record(mut self, uid: &str) -> anyhow::Result<Record> {
        match self.records.iter().position(|record| record.uid == uid) {
            Some(index) => Ok(self.records.swap_remove(index)),
            None => Err(self.missing(uid)),
        }
    }

    fn missing(&self, uid: &str) -> anyhow::Error {
        let why = if self.undecryptable.iter().any(|skipped| skipped == uid) {
            format!(
                "record {uid} is shared with this device but does not decrypt (its key or data is damaged); \
                 ask the vault's owner to share it again"
            )
        } else {
            format!("no record with UID {uid} is shared with this device")
        };
        fail(ErrorKind::NotFound, why)
    }

    /// Resolves a notation against these records (PROTOCOL.md §11.2).
    pub fn resolve(&self, notation: &Notation) -> Result<NotationValue, NotationError> {
        notation.resolve(&self.notation_records())
    }

    /// The type of the field a notation selects, if it selects one.
    pub fn field_type(&self, notation: &Notation) -> Option<String> {
        notation.field_type(&self.notation_records()).map(str::to_string)
    }

    /// The labels and types of the fields a field notation searches, for suggestions.
    pub fn field_names(&self, notation: &Notation) -> Vec<String> {
        let Selector::Field { kind, .. } = &notation.selector else {
            return Vec::new();
        };
        let records = self.notation_records();
        let Ok(record) = find_record(&notation.record, &records) else {
            return Vec::new();
        };
        let fields = match kind {
            FieldKind::Standard => &record.data.fields,
            FieldKind::Custom => &record.data.custom,
        };
        fields.iter().flat_map(|field| [Some(field.field_type.clone()), field.label.clone()]).flatten().collect()
    }

    fn notation_records(&self) -> Vec<NotationRecord<'_>> {
        self.records
            .iter()
            .map(|record| NotationRecord {
                uid: &record.uid,
                data: &record.data,
                files: record
                    .files
                    .iter()
                    .map(|f| NotationFile { uid: &f.uid, name: &f.meta.name, title: &f.meta.title })
                    .collect(),
            })
            .collect()
    }

    /// The file a notation resolved to.
    pub fn file(&self, record_uid: &str, file_uid: &str) -> Option<&RecordFile> {
        self.record(record_uid).and_then(|record| record.files.iter().find(|f| f.uid == file_uid))
    }
}

fn open_json_b64<T: serde::de::DeserializeOwned>(key: &SymmetricKey, text: &str) -> Option<T> {
    open_json(key, &b64::decode(text).ok()?).ok()
}

fn open_key_b64(key: &SymmetricKey, text: &str) -> Option<SymmetricKey> {
    open_key(key, &b64::decode(text).ok()?).ok()
}

fn decrypt_record(envelope: &RecordEnvelope, parent_key: &SymmetricKey, folder_uid: Option<&str>) -> Option<Record> {
    let wrapped = match envelope.record_key.as_deref() {
        Some(text) => Some(b64::decode(text).ok()?),
        None => None,
    };
    let key = open_record_key(parent_key, wrapped.as_deref()).ok()?;
    let data = RecordJson::new(gcm_decrypt(&key, &b64::decode(&envelope.data).ok()?).ok()?)?;
    let files = envelope.files.iter().flatten().filter_map(|file| decrypt_file(file, &key)).collect();
    Some(Record {
        uid: envelope.record_uid.clone(),
        data,
        revision: envelope.revision,
        editable: envelope.is_editable,
        key,
        folder_uid: envelope.folder_uid.clone().or_else(|| folder_uid.map(str::to_string)),
        inner_folder_uid: envelope.inner_folder_uid.clone(),
        files,
    })
}

/// A file that does not decrypt is skipped, not the whole record (as the Rust and JS SDKs do).
fn decrypt_file(file: &FileEnvelope, record_key: &SymmetricKey) -> Option<RecordFile> {
    let key = open_key_b64(record_key, &file.file_key)?;
    let meta = open_json_b64(&key, &file.data)?;
    Some(RecordFile { uid: file.file_uid.clone(), meta, url: file.url.clone(), key })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::crypto::gcm_encrypt;
    use ksm_proto::wire::{FolderEnvelope, SecretsResponse};

    fn sealed(key: &SymmetricKey, plain: &[u8]) -> String {
        b64::encode(&gcm_encrypt(key, plain))
    }

    #[test]
    fn decrypts_folder_and_direct_records_and_skips_what_does_not_open() {
        let app_key = SymmetricKey::random();
        let folder_key = SymmetricKey::random();
        let record_key = SymmetricKey::random();
        let record = |uid: &str, key: &SymmetricKey, wrap: Option<String>| RecordEnvelope {
            record_uid: uid.into(),
            record_key: wrap,
            data: sealed(key, br#"{"title":"T","type":"login","fields":[]}   "#),
            ..Default::default()
        };
        let response = SecretsResponse {
            records: Some(vec![record("direct", &app_key, None)]),
            folders: Some(vec![FolderEnvelope {
                folder_uid: "folder".into(),
                folder_key: sealed(&app_key, folder_key.as_bytes()),
                records: vec![
                    record("in-folder", &record_key, Some(sealed(&folder_key, record_key.as_bytes()))),
                    record("broken", &SymmetricKey::random(), Some(sealed(&folder_key, record_key.as_bytes()))),
                ],
                ..Default::default()
            }]),
            warnings: Some(vec!["w".into()]),
            ..Default::default()
        };
        let json = serde_json::to_vec(&response).unwrap();
        let vault = Vault::from_response_json(&json, &app_key).unwrap();
        let uids: Vec<&str> = vault.records.iter().map(|r| r.uid.as_str()).collect();
        assert_eq!(uids, ["direct", "in-folder"]);
        assert_eq!(vault.record("in-folder").unwrap().folder(), Some("folder"));
        assert_eq!(vault.record("in-folder").unwrap().data.title(), "T");
        assert_eq!(vault.undecryptable, ["broken"]);
        assert_eq!(vault.warnings, ["w"]);

        // Any key order gives the same vault: folders first, a folder's records before its key.
        let mut reordered = serde_json::Map::new();
        let value = serde_json::to_value(&response).unwrap();
        for key in ["warnings", "folders", "records", "expiresOn"] {
            reordered.insert(key.into(), value[key].clone());
        }
        let folder = reordered["folders"][0].as_object().unwrap().clone();
        let mut records_first = serde_json::Map::new();
        for key in ["records", "folderKey", "folderUid"] {
            records_first.insert(key.into(), folder[key].clone());
        }
        reordered["folders"][0] = serde_json::Value::Object(records_first);
        let again = Vault::from_response_json(&serde_json::to_vec(&reordered).unwrap(), &app_key).unwrap();
        let again_uids: Vec<&str> = again.records.iter().map(|r| r.uid.as_str()).collect();
        assert_eq!(again_uids, uids);
        assert_eq!(again.undecryptable, ["broken"]);
        assert_eq!(again.record("in-folder").unwrap().folder(), Some("folder"));
    }

    #[test]
    fn a_folder_whose_key_does_not_open_skips_its_records_and_bad_answers_are_errors() {
        let app_key = SymmetricKey::random();
        let response = serde_json::json!({
            "records": null,
            "folders": [{"folderUid": "f", "folderKey": sealed(&SymmetricKey::random(), &[1; 32]),
                         "records": [{"recordUid": "r1", "data": "AAAA"}, {"recordUid": "r2", "data": ""}]}],
            "appData": null, "somethingNew": {"x": [1, 2]}
        });
        let vault = Vault::from_response_json(&serde_json::to_vec(&response).unwrap(), &app_key).unwrap();
        assert!(vault.records.is_empty());
        assert_eq!(vault.undecryptable, ["r1", "r2"]);
        for bad in [
            &b"[]"[..],
            b"{\"records\": {}}",
            b"{\"folders\": [{\"folderKey\": \"AAAA\"}]}",
            b"{\"folders\": [{\"folderUid\": \"f\", \"records\": []}]}",
            b"{\"records\": [{\"recordUid\": 1}]}",
            b"{\"records\": []} trailing",
            b"{\"records\": [",
        ] {
            assert!(Vault::from_response_json(bad, &app_key).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        assert!(Vault::from_response_json(b"{}  \0\0", &app_key).unwrap().records.is_empty());
    }
}
