//! The vault owner's operations: what the admin commands do with the owner keystore. Every
//! key is generated here and stored only wrapped; every name and record only encrypted.

pub mod remote;
pub mod vault;

use crate::keystore::OwnerKeystore;
use crate::store::{AppRow, ClientRow, FileRow, FolderRow, RecordRow, ShareKind, ShareRow};
use anyhow::{bail, Context};
use ksm_proto::crypto::SymmetricKey;
use ksm_proto::record::{AppData, FileMeta, RecordData};
use ksm_proto::record_crypto::{
    open_file_content, open_folder_name, open_json, open_sub_folder_key, seal_file_content, seal_folder_name,
    seal_json, seal_text_for_owner, wrap_key, wrap_key_for_owner, wrap_sub_folder_key,
};
use ksm_proto::{b64, client_id::client_id, uid};
use vault::{ClientInsert, OwnerVault, Write};

pub struct Owner<'a> {
    pub store: &'a dyn OwnerVault,
    keys: &'a OwnerKeystore,
}

/// A freshly minted one-time token; shown once, never stored.
pub struct MintedToken {
    pub token: String,
    pub client_id: String,
    pub device_id: String,
}

pub struct ClientOptions<'a> {
    pub name: &'a str,
    pub token_expires_at: Option<i64>,
    pub ip_lock: bool,
    pub access_expires_at: Option<i64>,
}

pub struct NewFile<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub mime_type: &'a str,
    pub bytes: &'a [u8],
}

impl<'a> Owner<'a> {
    pub fn new(store: &'a dyn OwnerVault, keys: &'a OwnerKeystore) -> anyhow::Result<Self> {
        let stored = store.owner_public_key()?;
        if stored != keys.public_key().to_uncompressed() {
            bail!("the owner keystore does not belong to this vault (its public key differs from the server's)");
        }
        Ok(Self { store, keys })
    }

    /// An entry of the owner's in the audit log.
    fn audit(&self, action: &str, uid: &str, detail: Option<&str>) -> anyhow::Result<()> {
        self.store.write(Write::Audit {
            action: action.to_string(),
            uid: Some(uid.to_string()),
            detail: detail.map(str::to_string),
        })
    }

    pub fn folder(&self, uid: &str) -> anyhow::Result<FolderRow> {
        self.store.folder(uid)?.with_context(|| format!("no folder with UID {uid}"))
    }

    pub fn record(&self, uid: &str) -> anyhow::Result<RecordRow> {
        self.store.record(uid)?.with_context(|| format!("no record with UID {uid}"))
    }

    pub fn app(&self, uid: &str) -> anyhow::Result<AppRow> {
        self.store.app(uid)?.with_context(|| format!("no application with UID {uid}"))
    }

    pub fn folder_key(&self, folder: &FolderRow) -> anyhow::Result<SymmetricKey> {
        if folder.parent_uid.is_none() {
            return self.keys.unwrap_key(&folder.key_wrap);
        }
        let root_key = self.folder_key(&self.folder(&folder.shared_folder_uid)?)?;
        Ok(open_sub_folder_key(&root_key, &folder.key_wrap)?)
    }

    pub fn folder_name(&self, folder: &FolderRow) -> anyhow::Result<String> {
        let key = self.folder_key(folder)?;
        Ok(open_folder_name(&key, &folder.data)?)
    }

    pub fn add_folder(&self, title: &str, parent: Option<&str>) -> anyhow::Result<String> {
        let uid = uid::new_uid();
        let key = SymmetricKey::random();
        let data = seal_folder_name(&key, title)?;
        let row = match parent {
            None => FolderRow {
                uid: uid.clone(),
                parent_uid: None,
                shared_folder_uid: uid.clone(),
                key_wrap: wrap_key_for_owner(&self.keys.public_key(), &key),
                data,
            },
            Some(parent_uid) => {
                let parent = self.folder(parent_uid)?;
                let root_key = self.folder_key(&self.folder(&parent.shared_folder_uid)?)?;
                FolderRow {
                    uid: uid.clone(),
                    parent_uid: Some(parent.uid),
                    shared_folder_uid: parent.shared_folder_uid,
                    key_wrap: wrap_sub_folder_key(&root_key, &key),
                    data,
                }
            }
        };
        self.store.write(Write::InsertFolder(row))?;
        self.audit("folder_add", &uid, None)?;
        Ok(uid)
    }

    /// Gives a folder a new name. A sub-folder whose key no longer opens (a device wrote
    /// something else) gets a new key, wrapped under its shared folder's key.
    pub fn rename_folder(&self, uid: &str, title: &str) -> anyhow::Result<()> {
        let folder = self.folder(uid)?;
        let (key, key_wrap) = match (self.folder_key(&folder), &folder.parent_uid) {
            (Ok(key), _) => (key, None),
            (Err(_), Some(_)) => {
                let root_key = self.folder_key(&self.folder(&folder.shared_folder_uid)?)?;
                let key = SymmetricKey::random();
                let wrap = wrap_sub_folder_key(&root_key, &key);
                (key, Some(wrap))
            }
            (Err(error), None) => return Err(error),
        };
        let data = seal_folder_name(&key, title)?;
        self.store.write(Write::UpdateFolder { uid: uid.to_string(), key_wrap, data })?;
        self.audit("folder_update", uid, None)
    }

    /// Deletes a folder; one with sub-folders or records only with `force`, and them with it.
    pub fn remove_folder(&self, uid: &str, force: bool) -> anyhow::Result<()> {
        self.folder(uid)?;
        if !force && self.store.folder_has_contents(uid)? {
            bail!("folder {uid} is not empty; pass --force to delete it with its sub-folders and records");
        }
        self.store.write(Write::DeleteFolderTree { uid: uid.to_string() })?;
        self.audit("folder_remove", uid, None)
    }

    pub fn record_key(&self, record: &RecordRow) -> anyhow::Result<SymmetricKey> {
        self.keys.unwrap_key(&record.owner_key)
    }

    pub fn read_record(&self, uid: &str) -> anyhow::Result<(RecordRow, RecordData)> {
        let row = self.record(uid)?;
        let data = self.open_record(&row)?;
        Ok((row, data))
    }

    /// A record's data; an error when it does not decrypt or parse (a damaged record).
    pub fn open_record(&self, row: &RecordRow) -> anyhow::Result<RecordData> {
        open_json(&self.record_key(row)?, &row.data).context("record data does not open")
    }

    /// Creates a record in a shared folder or sub-folder, or outside any folder (`None`, for
    /// sharing it directly with an application).
    pub fn add_record(&self, folder_uid: Option<&str>, data: &RecordData) -> anyhow::Result<String> {
        Ok(self.add_records(folder_uid, std::slice::from_ref(data))?.remove(0))
    }

    /// Creates records in one folder, opening the folder's key once for all of them.
    pub fn add_records(&self, folder_uid: Option<&str>, records: &[RecordData]) -> anyhow::Result<Vec<String>> {
        let placement = match folder_uid {
            None => None,
            Some(folder_uid) => {
                let folder = self.folder(folder_uid)?;
                let root = self.folder(&folder.shared_folder_uid)?;
                let inner = folder.parent_uid.is_some().then(|| folder.uid.clone());
                Some((root.uid.clone(), inner, self.folder_key(&root)?))
            }
        };
        let owner = self.keys.public_key();
        let mut uids = Vec::with_capacity(records.len());
        for data in records {
            let uid = uid::new_uid();
            let key = SymmetricKey::random();
            self.store.write(Write::InsertRecord(RecordRow {
                uid: uid.clone(),
                folder_uid: placement.as_ref().map(|(root, _, _)| root.clone()),
                inner_folder_uid: placement.as_ref().and_then(|(_, inner, _)| inner.clone()),
                owner_key: wrap_key_for_owner(&owner, &key),
                folder_key: placement.as_ref().map(|(_, _, folder_key)| wrap_key(folder_key, &key)),
                data: seal_json(&key, data)?,
                revision: 1,
                in_transaction: false,
            }))?;
            self.audit("record_add", &uid, None)?;
            uids.push(uid);
        }
        Ok(uids)
    }

    pub fn write_record(&self, uid: &str, data: &RecordData) -> anyhow::Result<i64> {
        let row = self.record(uid)?;
        let sealed = seal_json(&self.record_key(&row)?, data)?;
        self.store.write(Write::UpdateRecord { uid: uid.to_string(), revision: row.revision, data: sealed })?;
        self.audit("record_edit", uid, None)?;
        Ok(row.revision + 1)
    }

    pub fn remove_record(&self, uid: &str) -> anyhow::Result<()> {
        self.record(uid)?;
        self.store.write(Write::DeleteRecord { uid: uid.to_string() })?;
        self.audit("record_remove", uid, None)
    }

    pub fn attach_file(&self, record_uid: &str, file: &NewFile) -> anyhow::Result<String> {
        let (row, mut data) = self.read_record(record_uid)?;
        let record_key = self.record_key(&row)?;
        let file_uid = uid::new_file_uid();
        let file_key = SymmetricKey::random();
        let meta = FileMeta {
            name: file.name.to_string(),
            title: file.title.to_string(),
            mime_type: file.mime_type.to_string(),
            size: file.bytes.len() as u64,
            last_modified: Some(crate::store::now_ms()),
        };
        let content = seal_file_content(&file_key, file.bytes);
        let ticket = hex::encode(SymmetricKey::random().as_bytes());
        self.store.write(Write::InsertFile(FileRow {
            uid: file_uid.clone(),
            record_uid: record_uid.to_string(),
            owner_key: wrap_key_for_owner(&self.keys.public_key(), &file_key),
            link_key: wrap_key(&record_key, &file_key),
            data: seal_json(&file_key, &meta)?,
            size: content.len() as i64,
            upload_ticket: Some(ticket.clone()),
            uploaded: false,
        }))?;
        data.add_file_ref(&file_uid);
        let sealed = seal_json(&record_key, &data)?;
        self.store.write(Write::UpdateRecord { uid: record_uid.to_string(), revision: row.revision, data: sealed })?;
        self.audit("file_attach", &file_uid, Some(record_uid))?;
        self.store.upload(&file_uid, &ticket, content)?;
        Ok(file_uid)
    }

    /// A file's metadata and decrypted content.
    pub fn download_file(&self, uid: &str) -> anyhow::Result<(FileMeta, Vec<u8>)> {
        let row = self.store.file(uid)?.with_context(|| format!("no file with UID {uid}"))?;
        let key = self.keys.unwrap_key(&row.owner_key)?;
        let meta: FileMeta = open_json(&key, &row.data).context("the file's metadata does not open")?;
        let sealed = self
            .store
            .file_content(uid)?
            .with_context(|| format!("file {uid} has no content (its upload never finished)"))?;
        Ok((meta, open_file_content(&key, &sealed).context("the file's content does not open")?))
    }

    pub fn app_key(&self, app: &AppRow) -> anyhow::Result<SymmetricKey> {
        self.keys.unwrap_key(&app.owner_key)
    }

    pub fn app_title(&self, app: &AppRow) -> anyhow::Result<String> {
        Ok(open_json::<AppData>(&self.app_key(app)?, &app.data)?.title)
    }

    pub fn add_app(&self, title: &str) -> anyhow::Result<String> {
        let uid = uid::new_uid();
        let key = SymmetricKey::random();
        let app_data = AppData { title: title.to_string(), app_type: "app".to_string() };
        self.store.write(Write::InsertApp(AppRow {
            uid: uid.clone(),
            owner_key: wrap_key_for_owner(&self.keys.public_key(), &key),
            data: seal_json(&key, &app_data)?,
        }))?;
        self.audit("app_add", &uid, None)?;
        Ok(uid)
    }

    /// Shares a shared folder (with all its sub-folders and records) or a single record.
    pub fn share(&self, app_uid: &str, target_uid: &str, kind: ShareKind, editable: bool) -> anyhow::Result<()> {
        let app_key = self.app_key(&self.app(app_uid)?)?;
        let target_key = match kind {
            ShareKind::Folder => {
                let folder = self.folder(target_uid)?;
                if folder.parent_uid.is_some() {
                    bail!(
                        "folder {target_uid} is a sub-folder; share its shared folder {} instead",
                        folder.shared_folder_uid
                    );
                }
                self.folder_key(&folder)?
            }
            ShareKind::Record => self.record_key(&self.record(target_uid)?)?,
        };
        self.store.write(Write::UpsertShare(ShareRow {
            app_uid: app_uid.to_string(),
            target_uid: target_uid.to_string(),
            kind,
            editable,
            key: wrap_key(&app_key, &target_key),
        }))?;
        self.audit("app_share", target_uid, Some(app_uid))
    }

    /// Revokes a client device: its requests are refused from then on.
    pub fn revoke_client(&self, device_id: &str) -> anyhow::Result<()> {
        self.store.write(Write::RevokeClient { device_id: device_id.to_string() })?;
        self.audit("client_revoke", device_id, None)
    }

    /// A device's name, which only the owner can read.
    pub fn client_name(&self, client: &ClientRow) -> anyhow::Result<String> {
        let sealed = b64::decode(&client.name).context("a device name is not base64")?;
        self.keys.open_text(&sealed)
    }

    /// Mints a one-time token for a new device of `app_uid`. The server keeps only the device
    /// id (a keyed hash of the token's client id) and the app key encrypted under the token.
    pub fn add_client(&self, app_uid: &str, options: &ClientOptions) -> anyhow::Result<MintedToken> {
        let app_key = self.app_key(&self.app(app_uid)?)?;
        let token = one_time_token();
        let client_id = client_id(token.as_bytes());
        let device_id = self.store.device_id(&client_id)?;
        let minted = MintedToken { token: b64::encode_url(token.as_bytes()), client_id, device_id };
        for existing in self.store.clients(Some(app_uid))? {
            if self.client_name(&existing)? == options.name {
                bail!("application {app_uid} already has a device named '{}'; pick another --name", options.name);
            }
        }
        self.store.write(Write::InsertClient(ClientInsert {
            device_id: minted.device_id.clone(),
            app_uid: app_uid.to_string(),
            name: b64::encode(&seal_text_for_owner(&self.keys.public_key(), options.name)),
            encrypted_app_key: wrap_key(&token, &app_key),
            token_expires_at: options.token_expires_at,
            ip_lock: options.ip_lock,
            access_expires_at: options.access_expires_at,
        }))?;
        self.audit("client_add", &minted.device_id, Some(app_uid))?;
        Ok(minted)
    }
}

/// A token's 32 random bytes, drawn again while their base64url form would start with `-`
/// (1 in 64): the official CLI lowercases every argument that starts with `-` and is not 22
/// characters long, so `ksm profile init --token -Abc…` would redeem another token there.
/// Redrawing costs 0.02 bits of the token's 256.
fn one_time_token() -> SymmetricKey {
    const DASH: u8 = 62;
    loop {
        let token = SymmetricKey::random();
        if token.as_bytes()[0] >> 2 != DASH {
            return token;
        }
    }
}

#[cfg(test)]
mod token_tests {
    #[test]
    fn a_one_time_token_never_starts_with_a_dash() {
        // Without the redraw, 2,000 tokens hold one that starts with `-` all but 2e-14 of the time.
        for _ in 0..2_000 {
            let token = ksm_proto::b64::encode_url(super::one_time_token().as_bytes());
            assert!(!token.starts_with('-'), "{token}");
        }
    }
}
