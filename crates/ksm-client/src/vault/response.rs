//! Reads a `get_secret` answer (PROTOCOL.md §9.1) straight into a [`Vault`]: each record
//! envelope is decrypted as soon as it is parsed and then dropped, so a large answer is never
//! held as envelopes and records at once. Only what a read needs is looked at; the fields of
//! binding (`encryptedAppKey`, `appOwnerPublicKey`) and the rest are skipped.

use crate::vault::{decrypt_record, open_json_b64, open_key_b64, Record, Vault};
use ksm_proto::crypto::SymmetricKey;
use ksm_proto::wire::RecordEnvelope;
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Parses and decrypts `json` (the decrypted response body) with the application key.
pub fn read_vault(json: &[u8], app_key: &SymmetricKey) -> Result<Vault, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(ksm_proto::record::trim_padding(json));
    let vault = deserializer.deserialize_map(ResponseVisitor { app_key })?;
    deserializer.end()?;
    Ok(vault)
}

/// Records as they are decrypted: the ones that opened, and the UIDs of those that did not.
#[derive(Default)]
struct Decrypted {
    records: Vec<Record>,
    undecryptable: Vec<String>,
}

impl Decrypted {
    /// `parent_key` is `None` when the folder's key did not open.
    fn add(&mut self, envelope: RecordEnvelope, parent_key: Option<&SymmetricKey>, folder_uid: Option<&str>) {
        match parent_key.and_then(|key| decrypt_record(&envelope, key, folder_uid)) {
            Some(record) => self.records.push(record),
            None => self.undecryptable.push(envelope.record_uid),
        }
    }
}

struct ResponseVisitor<'k> {
    app_key: &'k SymmetricKey,
}

impl<'de> Visitor<'de> for ResponseVisitor<'_> {
    type Value = Vault;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a get_secret response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vault, A::Error> {
        let mut direct = Decrypted::default();
        // Records delivered in folders come after the direct ones, whatever the key order.
        let mut in_folders = Decrypted::default();
        let mut app_data: Option<String> = None;
        let mut warnings: Option<Vec<String>> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "appData" => app_data = map.next_value()?,
                "warnings" => warnings = map.next_value()?,
                "records" => map.next_value_seed(Optional(Records {
                    key: Some(self.app_key),
                    folder_uid: None,
                    into: &mut direct,
                }))?,
                "folders" => map.next_value_seed(Optional(Folders { app_key: self.app_key, into: &mut in_folders }))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        direct.records.append(&mut in_folders.records);
        direct.undecryptable.append(&mut in_folders.undecryptable);
        Ok(Vault {
            records: direct.records,
            undecryptable: direct.undecryptable,
            app: app_data.as_deref().and_then(|text| open_json_b64(self.app_key, text)).unwrap_or_default(),
            warnings: warnings.unwrap_or_default(),
        })
    }
}

/// `null` or what `S` reads.
struct Optional<S>(S);

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for Optional<S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Optional<S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or a list")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.deserialize(deserializer)
    }
}

struct Folders<'a> {
    app_key: &'a SymmetricKey,
    into: &'a mut Decrypted,
}

impl<'de> DeserializeSeed<'de> for Folders<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Folders<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of folders")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Folder { app_key: self.app_key, into: &mut *self.into })?.is_some() {}
        Ok(())
    }
}

/// One shared folder. Its records are decrypted as they are read when its UID and key came
/// first (as ksm-server sends them); otherwise they wait for the end of the folder.
struct Folder<'a> {
    app_key: &'a SymmetricKey,
    into: &'a mut Decrypted,
}

/// A folder's key: not seen yet, or seen (opened, or not: its records are then undecryptable).
enum FolderKey {
    Unknown,
    Known(Option<SymmetricKey>),
}

impl<'de> DeserializeSeed<'de> for Folder<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Folder<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a shared folder")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut uid: Option<String> = None;
        let mut key = FolderKey::Unknown;
        let mut waiting: Vec<RecordEnvelope> = Vec::new();
        while let Some(name) = map.next_key::<Cow<'de, str>>()? {
            match name.as_ref() {
                "folderUid" => uid = Some(map.next_value()?),
                "folderKey" => {
                    let text: String = map.next_value()?;
                    key = FolderKey::Known(open_key_b64(self.app_key, &text));
                }
                "records" => match (&uid, &key) {
                    (Some(uid), FolderKey::Known(key)) => map.next_value_seed(Records {
                        key: key.as_ref(),
                        folder_uid: Some(uid),
                        into: &mut *self.into,
                    })?,
                    _ => waiting.extend(map.next_value::<Vec<RecordEnvelope>>()?),
                },
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let uid = uid.ok_or_else(|| A::Error::missing_field("folderUid"))?;
        let FolderKey::Known(key) = key else { return Err(A::Error::missing_field("folderKey")) };
        for envelope in waiting {
            self.into.add(envelope, key.as_ref(), Some(&uid));
        }
        Ok(())
    }
}

/// A list of record envelopes under one key (`None`: a folder key that did not open), each
/// decrypted as it is read.
struct Records<'a> {
    key: Option<&'a SymmetricKey>,
    folder_uid: Option<&'a str>,
    into: &'a mut Decrypted,
}

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(envelope) = seq.next_element::<RecordEnvelope>()? {
            self.into.add(envelope, self.key, self.folder_uid);
        }
        Ok(())
    }
}
