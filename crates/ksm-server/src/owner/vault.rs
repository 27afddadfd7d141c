//! What the owner's operations need from storage, as one trait with two implementations: the
//! local database (`Store`, inside the command's transaction) and a remote `ksm-server`
//! (`remote::RemoteVault`, over the owner API). Reads answer at once; writes are `Write`s,
//! which the local store applies at once and the remote one sends as one batch at the end of
//! the command, applied by the server in one transaction.

use crate::store::{AppRow, AuditEntry, ClientRow, FileRow, FolderRow, NewClient, RecordRow, ShareRow, Store};
use anyhow::bail;
use serde::{Deserialize, Serialize};

pub trait OwnerVault {
    fn owner_public_key(&self) -> anyhow::Result<Vec<u8>>;
    fn folder(&self, uid: &str) -> anyhow::Result<Option<FolderRow>>;
    fn folders(&self) -> anyhow::Result<Vec<FolderRow>>;
    fn folder_has_contents(&self, uid: &str) -> anyhow::Result<bool>;
    fn record(&self, uid: &str) -> anyhow::Result<Option<RecordRow>>;
    fn file(&self, uid: &str) -> anyhow::Result<Option<FileRow>>;
    /// A file's encrypted content; `None` until its upload has arrived.
    fn file_content(&self, uid: &str) -> anyhow::Result<Option<Vec<u8>>>;
    fn records(&self) -> anyhow::Result<Vec<RecordRow>>;
    fn app(&self, uid: &str) -> anyhow::Result<Option<AppRow>>;
    fn apps(&self) -> anyhow::Result<Vec<AppRow>>;
    fn shares(&self, app_uid: &str) -> anyhow::Result<Vec<ShareRow>>;
    fn clients(&self, app_uid: Option<&str>) -> anyhow::Result<Vec<ClientRow>>;
    /// The device id the server stores for a client id (a hash keyed with a server secret).
    fn device_id(&self, client_id: &str) -> anyhow::Result<String>;
    fn audit_entries(&self, limit: usize, device_id: Option<&str>) -> anyhow::Result<Vec<AuditEntry>>;
    fn write(&self, write: Write) -> anyhow::Result<()>;
    /// The encrypted content of a file whose row (with `ticket`) is among the writes.
    fn upload(&self, file_uid: &str, ticket: &str, content: Vec<u8>) -> anyhow::Result<()>;
}

/// One change the owner makes; every blob in it is already encrypted.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "write", rename_all = "snake_case")]
pub enum Write {
    InsertFolder(FolderRow),
    UpdateFolder {
        uid: String,
        #[serde(with = "crate::store::wire::option")]
        key_wrap: Option<Vec<u8>>,
        #[serde(with = "crate::store::wire")]
        data: Vec<u8>,
    },
    DeleteFolderTree {
        uid: String,
    },
    InsertRecord(RecordRow),
    /// New data for a record still at `revision` (else the change is refused: someone else
    /// wrote it since the owner read it).
    UpdateRecord {
        uid: String,
        revision: i64,
        #[serde(with = "crate::store::wire")]
        data: Vec<u8>,
    },
    DeleteRecord {
        uid: String,
    },
    InsertFile(FileRow),
    InsertApp(AppRow),
    UpsertShare(ShareRow),
    InsertClient(ClientInsert),
    RevokeClient {
        device_id: String,
    },
    /// An entry of the owner's in the audit log.
    Audit {
        action: String,
        uid: Option<String>,
        detail: Option<String>,
    },
}

/// A new client device, as `client add` decides it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ClientInsert {
    pub device_id: String,
    pub app_uid: String,
    pub name: String,
    #[serde(with = "crate::store::wire")]
    pub encrypted_app_key: Vec<u8>,
    pub token_expires_at: Option<i64>,
    pub ip_lock: bool,
    pub access_expires_at: Option<i64>,
}

/// Applies one write to the database (inside the caller's transaction).
pub fn apply(store: &Store, write: &Write) -> anyhow::Result<()> {
    match write {
        Write::InsertFolder(row) => store.insert_folder(row),
        Write::UpdateFolder { uid, key_wrap, data } => {
            if store.folder(uid)?.is_none() {
                bail!("no folder with UID {uid}");
            }
            if let Some(key_wrap) = key_wrap {
                store.update_folder_key_wrap(uid, key_wrap)?;
            }
            store.update_folder_data(uid, data)
        }
        Write::DeleteFolderTree { uid } => store.delete_folder_tree(uid),
        Write::InsertRecord(row) => store.insert_record(row),
        Write::UpdateRecord { uid, revision, data } => match store.record(uid)? {
            None => bail!("no record with UID {uid}"),
            Some(row) if row.revision != *revision => {
                bail!("record {uid} was changed by a device since it was read; run the command again")
            }
            Some(_) => store.update_record_data(uid, data, false).map(drop),
        },
        Write::DeleteRecord { uid } => {
            if !store.delete_record(uid)? {
                bail!("no record with UID {uid}");
            }
            Ok(())
        }
        Write::InsertFile(row) => store.insert_file(row),
        Write::InsertApp(row) => store.insert_app(row),
        Write::UpsertShare(row) => store.upsert_share(row),
        Write::InsertClient(new) => store.insert_client(&NewClient {
            device_id: &new.device_id,
            app_uid: &new.app_uid,
            name: &new.name,
            encrypted_app_key: &new.encrypted_app_key,
            token_expires_at: new.token_expires_at,
            ip_lock: new.ip_lock,
            access_expires_at: new.access_expires_at,
        }),
        Write::RevokeClient { device_id } => store.revoke_client(device_id),
        Write::Audit { action, uid, detail } => store.audit(None, action, uid.as_deref(), detail.as_deref()),
    }
}

/// The local database, inside the transaction `admin::as_owner` opened.
impl OwnerVault for Store {
    fn owner_public_key(&self) -> anyhow::Result<Vec<u8>> {
        Store::owner_public_key(self)
    }
    fn folder(&self, uid: &str) -> anyhow::Result<Option<FolderRow>> {
        Store::folder(self, uid)
    }
    fn folders(&self) -> anyhow::Result<Vec<FolderRow>> {
        Store::folders(self)
    }
    fn folder_has_contents(&self, uid: &str) -> anyhow::Result<bool> {
        Store::folder_has_contents(self, uid)
    }
    fn record(&self, uid: &str) -> anyhow::Result<Option<RecordRow>> {
        Store::record(self, uid)
    }
    fn records(&self) -> anyhow::Result<Vec<RecordRow>> {
        Store::records(self)
    }
    fn file(&self, uid: &str) -> anyhow::Result<Option<FileRow>> {
        Store::file(self, uid)
    }
    fn file_content(&self, uid: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Store::file_content(self, uid)
    }
    fn app(&self, uid: &str) -> anyhow::Result<Option<AppRow>> {
        Store::app(self, uid)
    }
    fn apps(&self) -> anyhow::Result<Vec<AppRow>> {
        Store::apps(self)
    }
    fn shares(&self, app_uid: &str) -> anyhow::Result<Vec<ShareRow>> {
        Store::shares(self, app_uid)
    }
    fn clients(&self, app_uid: Option<&str>) -> anyhow::Result<Vec<ClientRow>> {
        Store::clients(self, app_uid)
    }
    fn device_id(&self, client_id: &str) -> anyhow::Result<String> {
        Ok(Store::device_id(self, client_id))
    }
    fn audit_entries(&self, limit: usize, device_id: Option<&str>) -> anyhow::Result<Vec<AuditEntry>> {
        Store::audit_entries(self, limit, device_id)
    }
    fn write(&self, write: Write) -> anyhow::Result<()> {
        if !matches!(write, Write::Audit { .. }) {
            self.note_vault_change();
        }
        apply(self, &write)
    }
    fn upload(&self, file_uid: &str, _ticket: &str, content: Vec<u8>) -> anyhow::Result<()> {
        self.note_vault_change();
        self.store_file_content(file_uid, &content)
    }
}
