//! What a device can see, decrypted: records (with their files) and folders, from one
//! `get_secret` response (PROTOCOL.md §9.2). Decryption is linear in the response size.

use ksm_proto::b64;
use ksm_proto::crypto::SymmetricKey;
use ksm_proto::notation::{
    find_record, FieldKind, Notation, NotationError, NotationFile, NotationRecord, NotationValue, Selector,
};
use ksm_proto::record::{AppData, FileMeta, RecordData};
use ksm_proto::record_crypto::{open_json, open_key, open_record_key};
use ksm_proto::wire::{FileEnvelope, RecordEnvelope, SecretsResponse};

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
    pub data: RecordData,
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
    /// Decrypts a `get_secret` response with the application key, consuming it envelope by
    /// envelope so that a large answer is not held twice.
    pub fn decrypt(response: SecretsResponse, app_key: &SymmetricKey) -> Self {
        let mut vault = Vault {
            app: response.app_data.as_deref().and_then(|text| open_json_b64(app_key, text)).unwrap_or_default(),
            warnings: response.warnings.unwrap_or_default(),
            ..Vault::default()
        };
        for envelope in response.records.into_iter().flatten() {
            vault.add_record(envelope, app_key, None);
        }
        for folder in response.folders.into_iter().flatten() {
            let Some(folder_key) = open_key_b64(app_key, &folder.folder_key) else {
                vault.undecryptable.extend(folder.records.iter().map(|r| r.record_uid.clone()));
                continue;
            };
            vault.records.reserve(folder.records.len());
            for envelope in folder.records {
                vault.add_record(envelope, &folder_key, Some(&folder.folder_uid));
            }
        }
        vault
    }

    fn add_record(&mut self, envelope: RecordEnvelope, parent_key: &SymmetricKey, folder_uid: Option<&str>) {
        match decrypt_record(&envelope, parent_key, folder_uid) {
            Some(record) => self.records.push(record),
            None => self.undecryptable.push(envelope.record_uid),
        }
    }

    pub fn record(&self, uid: &str) -> Option<&Record> {
        self.records.iter().find(|record| record.uid == uid)
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
    let data: RecordData = open_json_b64(&key, &envelope.data)?;
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
    use ksm_proto::wire::FolderEnvelope;

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
        let vault = Vault::decrypt(response, &app_key);
        let uids: Vec<&str> = vault.records.iter().map(|r| r.uid.as_str()).collect();
        assert_eq!(uids, ["direct", "in-folder"]);
        assert_eq!(vault.record("in-folder").unwrap().folder(), Some("folder"));
        assert_eq!(vault.undecryptable, ["broken"]);
        assert_eq!(vault.warnings, ["w"]);
    }
}
