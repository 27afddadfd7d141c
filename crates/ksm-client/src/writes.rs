//! Writes (PROTOCOL.md §10): every key and name is encrypted here, on the device; the server
//! stores ciphertext. Updates send the revision they read, so a concurrent change is refused by
//! the server instead of overwritten.

use crate::error::{fail, ErrorKind};
use crate::folder_tree::Folder;
use crate::session::Session;
use crate::vault::Record;
use ksm_proto::b64;
use ksm_proto::crypto::{SymmetricKey, GCM_OVERHEAD};
use ksm_proto::record::parse_json;
use ksm_proto::record::{FileMeta, RecordData};
use ksm_proto::record_crypto::{
    seal_file_content, seal_folder_name, seal_json, wrap_key, wrap_key_for_owner, wrap_sub_folder_key,
};
use ksm_proto::uid::{new_file_uid, new_uid};
use ksm_proto::wire::{
    AddFilePayload, AddFileResponse, CompleteTransactionPayload, CreateFolderPayload, CreatePayload,
    DeleteFolderPayload, DeleteFoldersResponse, DeletePayload, DeleteRecordsResponse, Endpoint, UpdateFolderPayload,
    UpdatePayload,
};
use serde::Serialize;

/// How an update is applied: at once, or as a rotation that must be finalized or rolled back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    Immediate,
    Rotation,
}

/// One line of a delete answer: the UID, the server's `responseCode` (`ok` on success) and its
/// error message (empty when it gave none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteOutcome {
    pub uid: String,
    pub response_code: String,
    pub error: String,
}

impl DeleteOutcome {
    pub fn deleted(&self) -> bool {
        self.response_code == "ok"
    }
}

fn payload(value: &impl Serialize) -> anyhow::Result<serde_json::Value> {
    Ok(serde_json::to_value(value)?)
}

/// Writes a record's new data, detaching `files_to_remove` (PROTOCOL.md §10.1–§10.3).
pub fn update_record(
    session: &mut Session,
    record: &Record,
    data: &RecordData,
    kind: UpdateKind,
    files_to_remove: &[String],
) -> anyhow::Result<()> {
    let request = UpdatePayload {
        record_uid: record.uid.clone(),
        data: b64::encode(&seal_json(&record.key, data)?),
        revision: record.revision,
        transaction_type: (kind == UpdateKind::Rotation).then(|| "rotation".to_string()),
        links_to_remove: (!files_to_remove.is_empty()).then(|| files_to_remove.to_vec()),
    };
    session.call(Endpoint::UpdateSecret, payload(&request)?).map(drop).map_err(|e| explain_revision(e, &record.uid))
}

/// Commits (`commit`) or rolls back a rotation transaction.
pub fn complete_transaction(session: &mut Session, record_uid: &str, commit: bool) -> anyhow::Result<()> {
    let endpoint = if commit { Endpoint::FinalizeSecretUpdate } else { Endpoint::RollbackSecretUpdate };
    session.call(endpoint, payload(&CompleteTransactionPayload { record_uid: record_uid.to_string() })?).map(drop)
}

/// Creates a record in `folder` (a shared folder or one of its sub-folders): the record key is
/// wrapped to the vault owner and to the shared folder's key. Returns the new UID.
pub fn create_record(
    session: &mut Session,
    folder: &Folder,
    shared_folder: &Folder,
    data: &RecordData,
) -> anyhow::Result<String> {
    let record_key = SymmetricKey::random();
    let uid = new_uid();
    let request = CreatePayload {
        record_uid: uid.clone(),
        record_key: b64::encode(&wrap_key_for_owner(&session.owner_public_key()?, &record_key)),
        folder_uid: shared_folder.uid.clone(),
        folder_key: b64::encode(&wrap_key(&shared_folder.key, &record_key)),
        data: b64::encode(&seal_json(&record_key, data)?),
        sub_folder_uid: (!folder.is_shared_folder()).then(|| folder.uid.clone()),
    };
    session.call(Endpoint::CreateSecret, payload(&request)?)?;
    Ok(uid)
}

pub fn delete_records(session: &mut Session, uids: &[String]) -> anyhow::Result<Vec<DeleteOutcome>> {
    let body = session.call(Endpoint::DeleteSecret, payload(&DeletePayload { record_uids: uids.to_vec() })?)?;
    let response: DeleteRecordsResponse = parse_json(&body).map_err(|e| invalid("delete_secret", &e))?;
    let answered = response.records.into_iter().map(|s| (s.uid.record_uid, s.response_code, s.error_message));
    Ok(outcomes(uids, answered))
}

/// Creates a folder under `parent` (a shared folder or a sub-folder). Its key is wrapped by the
/// shared folder's key whatever the depth (PROTOCOL.md §10.5). Returns the new UID.
pub fn create_folder(
    session: &mut Session,
    parent: &Folder,
    shared_folder: &Folder,
    name: &str,
) -> anyhow::Result<String> {
    let key = SymmetricKey::random();
    let uid = new_uid();
    let request = CreateFolderPayload {
        folder_uid: uid.clone(),
        shared_folder_uid: shared_folder.uid.clone(),
        shared_folder_key: b64::encode_url(&wrap_sub_folder_key(&shared_folder.key, &key)),
        data: b64::encode_url(&seal_folder_name(&key, name)?),
        parent_uid: (!parent.is_shared_folder()).then(|| parent.uid.clone()),
    };
    session.call(Endpoint::CreateFolder, payload(&request)?)?;
    Ok(uid)
}

pub fn rename_folder(session: &mut Session, folder: &Folder, name: &str) -> anyhow::Result<()> {
    let request = UpdateFolderPayload {
        folder_uid: folder.uid.clone(),
        data: b64::encode_url(&seal_folder_name(&folder.key, name)?),
    };
    session.call(Endpoint::UpdateFolder, payload(&request)?).map(drop)
}

pub fn delete_folders(session: &mut Session, uids: &[String], force: bool) -> anyhow::Result<Vec<DeleteOutcome>> {
    let request = DeleteFolderPayload { folder_uids: uids.to_vec(), force_deletion: Some(force) };
    let body = session.call(Endpoint::DeleteFolder, payload(&request)?)?;
    let response: DeleteFoldersResponse = parse_json(&body).map_err(|e| invalid("delete_folder", &e))?;
    let answered = response.folders.into_iter().map(|s| (s.uid.folder_uid, s.response_code, s.error_message));
    Ok(outcomes(uids, answered))
}

/// A file to attach.
pub struct NewFile<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub mime_type: &'a str,
    pub bytes: &'a [u8],
}

/// Attaches a file to a record (PROTOCOL.md §10.4): `add_file` registers it and updates the
/// record's `fileRef`, then the encrypted blob is uploaded. Returns the file's UID.
pub fn upload_file(session: &mut Session, record: &Record, file: &NewFile) -> anyhow::Result<String> {
    let file_key = SymmetricKey::random();
    let uid = new_file_uid();
    let meta = FileMeta {
        name: file.name.to_string(),
        title: file.title.to_string(),
        mime_type: file.mime_type.to_string(),
        size: file.bytes.len() as u64,
        last_modified: Some(now_ms()),
    };
    let blob = seal_file_content(&file_key, file.bytes);
    let mut owner_data = (*record.data).clone();
    owner_data.add_file_ref(&uid);
    let request = AddFilePayload {
        file_record_uid: uid.clone(),
        file_record_key: b64::encode(&wrap_key_for_owner(&session.owner_public_key()?, &file_key)),
        file_record_data: b64::encode_url(&seal_json(&file_key, &meta)?),
        owner_record_uid: record.uid.clone(),
        owner_record_data: b64::encode_url(&seal_json(&record.key, &owner_data)?),
        owner_record_revision: Some(record.revision),
        link_key: b64::encode(&wrap_key(&record.key, &file_key)),
        file_size: (file.bytes.len() + GCM_OVERHEAD) as i64,
    };
    let body = session.call(Endpoint::AddFile, payload(&request)?).map_err(|e| explain_revision(e, &record.uid))?;
    let upload: AddFileResponse = parse_json(&body).map_err(|e| invalid("add_file", &e))?;
    session.upload(&upload.url, &upload.parameters, blob)?;
    Ok(uid)
}

/// The server's answers in its order (only for UIDs that were asked about), then `n/a`, `Not
/// found` for each UID it did not answer, as the official CLI reports them.
fn outcomes(
    requested: &[String],
    answered: impl Iterator<Item = (String, String, Option<String>)>,
) -> Vec<DeleteOutcome> {
    let mut outcomes: Vec<DeleteOutcome> = answered
        .filter(|(uid, _, _)| requested.contains(uid))
        .map(|(uid, response_code, error)| DeleteOutcome { uid, response_code, error: error.unwrap_or_default() })
        .collect();
    for uid in requested {
        if !outcomes.iter().any(|outcome| outcome.uid == *uid) {
            outcomes.push(DeleteOutcome { uid: uid.clone(), response_code: "n/a".into(), error: "Not found".into() });
        }
    }
    outcomes
}

fn invalid(endpoint: &str, error: &serde_json::Error) -> anyhow::Error {
    fail(ErrorKind::Server, format!("the server's {endpoint} response is not valid: {error}"))
}

/// A refused revision means someone changed the record since it was read: say so plainly.
fn explain_revision(error: anyhow::Error, uid: &str) -> anyhow::Error {
    let text = format!("{error:#}");
    if text.contains("invalid_revision") || text.contains("changed by someone else") {
        return fail(
            ErrorKind::Conflict,
            format!("record {uid} changed since it was read; nothing was written — read it again and retry"),
        );
    }
    error
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_revision_becomes_a_conflict_that_says_what_to_do() {
        let refused = fail(
            ErrorKind::Server,
            "the server refused the request (HTTP 409, invalid_revision): record X was changed by someone else",
        );
        let error = explain_revision(refused, "X");
        assert_eq!(crate::error::exit_code(&error), 9);
        assert!(error.to_string().contains("changed since it was read; nothing was written"), "{error}");
        let other = explain_revision(fail(ErrorKind::Auth, "refused"), "X");
        assert_eq!(crate::error::exit_code(&other), 4, "other errors pass through");
    }
}
