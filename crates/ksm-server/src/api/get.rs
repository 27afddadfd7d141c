//! `get_secret` and `get_folders`: everything shared with the device's application, as
//! ciphertext wrapped for the application (PROTOCOL.md §9.1, §9.7).

use super::answer_cache::{AnswerKey, CachedAnswer};
use super::{files, ApiError, Call};
use crate::store::{FileRow, RecordRow, ShareKind, ShareRow, Store};
use ksm_proto::b64;
use ksm_proto::wire::{
    FileEnvelope, FolderEnvelope, FolderInfo, FoldersResponse, GetPayload, LinkEnvelope, RecordEnvelope,
    SecretsResponse,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub fn secrets(call: &Call) -> Result<Arc<Vec<u8>>, ApiError> {
    let request: GetPayload = call.payload()?;
    let whole_application = request.requested_records.is_none()
        && request.requested_folders.is_none()
        && call.auth.encrypted_app_key.is_none();
    let (json, audit_detail) = if whole_application {
        let key = AnswerKey {
            app_uid: call.app_uid().to_string(),
            host: call.host.to_string(),
            with_links: request.request_links == Some(true),
            expires_on: expires_on(call),
        };
        // Read before the vault, so that an answer is never older than its revision.
        let revision = call.auth.vault_revision;
        match call.state.answer_cache.get(&key, revision) {
            Some(hit) => (Arc::clone(&hit.json), Arc::clone(&hit.audit_detail)),
            None => {
                let (json, audit_detail) = answer(call, &request)?;
                call.state
                    .answer_cache
                    .put(key, CachedAnswer::new(revision, Arc::clone(&json), Arc::clone(&audit_detail)));
                (json, audit_detail)
            }
        }
    } else {
        answer(call, &request)?
    };
    call.note_read("get_secret", audit_detail)?;
    Ok(json)
}

fn expires_on(call: &Call) -> i64 {
    call.auth.client.access_expires_at.unwrap_or(0)
}

/// The serialized answer and its audit detail.
fn answer(call: &Call, request: &GetPayload) -> Result<(Arc<Vec<u8>>, Arc<str>), ApiError> {
    let wanted_records: Option<HashSet<&str>> =
        request.requested_records.as_ref().map(|uids| uids.iter().map(String::as_str).collect());
    let wanted_folders: Option<HashSet<&str>> =
        request.requested_folders.as_ref().map(|uids| uids.iter().map(String::as_str).collect());
    let with_links = request.request_links == Some(true);
    let record_wanted =
        |record: &RecordRow| wanted_records.as_ref().is_none_or(|set| set.contains(record.uid.as_str()));

    let store = call.state.store();
    let app = store.app(call.app_uid())?.ok_or_else(|| ApiError::access_denied("the application no longer exists"))?;
    let mut folders = Vec::new();
    let mut records = Vec::new();
    for share in store.shares(&app.uid)? {
        match share.kind {
            ShareKind::Folder => {
                let Some(folder) = store.folder(&share.target_uid)? else { continue };
                let whole_folder = wanted_folders.as_ref().is_none_or(|set| set.contains(folder.uid.as_str()));
                let in_wanted_sub_folder = |record: &RecordRow| {
                    wanted_folders
                        .as_ref()
                        .is_some_and(|set| record.inner_folder_uid.as_deref().is_some_and(|f| set.contains(f)))
                };
                let mut envelopes = Vec::new();
                let folder_records = records_of(&store, &folder.uid, request.requested_records.as_deref())?;
                let mut files = files_of(&store, &folder.uid, &folder_records, request.requested_records.is_some())?;
                for record in folder_records {
                    if record_wanted(&record) && (whole_folder || in_wanted_sub_folder(&record)) {
                        let record_files = files.remove(&record.uid).unwrap_or_default();
                        envelopes.push(envelope(
                            call,
                            &record,
                            record_files,
                            record.folder_key.as_deref(),
                            &share,
                            with_links,
                        ));
                    }
                }
                if whole_folder && wanted_records.is_none() || !envelopes.is_empty() {
                    folders.push(FolderEnvelope {
                        folder_uid: folder.uid,
                        folder_key: b64::encode(&share.key),
                        data: None,
                        parent: None,
                        is_editable: share.editable,
                        records: envelopes,
                    });
                }
            }
            ShareKind::Record => {
                if wanted_folders.is_some() && wanted_records.is_none() {
                    continue;
                }
                let Some(record) = store.record(&share.target_uid)? else { continue };
                if record_wanted(&record) {
                    let record_files = store.uploaded_files(&record.uid)?;
                    records.push(envelope(call, &record, record_files, Some(&share.key), &share, with_links));
                }
            }
        }
    }
    // The connection goes back to other requests before the answer is serialized and sealed.
    drop(store);
    let audit_detail = audit_detail(&folders, &records);

    let (encrypted_app_key, app_owner_public_key) = binding_keys(call);
    let response = SecretsResponse {
        app_data: Some(b64::encode_url(&app.data)),
        encrypted_app_key,
        app_owner_public_key,
        records: (!records.is_empty()).then_some(records),
        folders: (!folders.is_empty()).then_some(folders),
        expires_on: expires_on(call),
        warnings: None,
        extra: None,
    };
    Ok((Arc::new(serde_json::to_vec(&response).map_err(anyhow::Error::from)?), audit_detail.into()))
}

/// The records of a shared folder a request can want: only the requested UIDs (looked up by
/// key, so asking for one record of a large vault stays cheap), else all of them.
fn records_of(store: &Store, shared_folder_uid: &str, requested: Option<&[String]>) -> anyhow::Result<Vec<RecordRow>> {
    let Some(uids) = requested else { return store.records_in_shared_folder(shared_folder_uid) };
    let mut unique: Vec<&String> = uids.iter().collect();
    unique.sort();
    unique.dedup();
    let mut records = Vec::with_capacity(unique.len());
    for uid in unique {
        if let Some(record) = store.record(uid)?.filter(|r| r.folder_uid.as_deref() == Some(shared_folder_uid)) {
            records.push(record);
        }
    }
    Ok(records)
}

/// The uploaded files of `records`, by record: looked up record by record when only some were
/// requested (the folder-wide query walks every record of a large folder), else for the whole
/// shared folder in one query.
fn files_of(
    store: &Store,
    shared_folder_uid: &str,
    records: &[RecordRow],
    only_these: bool,
) -> anyhow::Result<HashMap<String, Vec<FileRow>>> {
    if !only_these {
        return store.uploaded_files_in_shared_folder(shared_folder_uid);
    }
    records.iter().map(|record| Ok((record.uid.clone(), store.uploaded_files(&record.uid)?))).collect()
}

fn envelope(
    call: &Call,
    record: &RecordRow,
    files: Vec<FileRow>,
    wrapped_key: Option<&[u8]>,
    share: &ShareRow,
    with_links: bool,
) -> RecordEnvelope {
    let files: Vec<FileEnvelope> = files
        .into_iter()
        .map(|file| FileEnvelope {
            url: files::download_url(call.state, call.host, &file.uid),
            file_uid: file.uid,
            file_key: b64::encode(&file.link_key),
            data: b64::encode(&file.data),
            thumbnail_url: None,
        })
        .collect();
    RecordEnvelope {
        record_uid: record.uid.clone(),
        record_key: wrapped_key.map(b64::encode),
        data: b64::encode(&record.data),
        revision: record.revision,
        is_editable: share.editable,
        files: (!files.is_empty()).then_some(files),
        folder_uid: None,
        inner_folder_uid: record.inner_folder_uid.clone(),
        links: with_links.then(Vec::<LinkEnvelope>::new),
    }
}

/// Which records a device read: their UIDs, or just how many when that list would be long.
fn audit_detail(folders: &[FolderEnvelope], records: &[RecordEnvelope]) -> String {
    const LISTED: usize = 20;
    let uids: Vec<&str> =
        folders.iter().flat_map(|f| &f.records).chain(records).map(|r| r.record_uid.as_str()).collect();
    if uids.len() <= LISTED {
        format!("read {}", uids.join(","))
    } else {
        format!("read {} records", uids.len())
    }
}

pub fn folders(call: &Call) -> Result<Vec<u8>, ApiError> {
    let store = call.state.store();
    let mut folders = Vec::new();
    for share in store.shares(call.app_uid())?.into_iter().filter(|s| s.kind == ShareKind::Folder) {
        for folder in store.folder_tree(&share.target_uid)? {
            let folder_key = match folder.parent_uid {
                None => b64::encode(&share.key),
                Some(_) => b64::encode(&folder.key_wrap),
            };
            folders.push(FolderInfo {
                folder_uid: folder.uid,
                folder_key,
                data: Some(b64::encode(&folder.data)),
                parent: folder.parent_uid,
            });
        }
    }
    drop(store);
    call.note_read("get_folders", format!("{} folders", folders.len()).into())?;
    let (encrypted_app_key, app_owner_public_key) = binding_keys(call);
    let response = FoldersResponse { folders, encrypted_app_key, app_owner_public_key };
    Ok(serde_json::to_vec(&response).map_err(anyhow::Error::from)?)
}

/// `encryptedAppKey` and `appOwnerPublicKey` for the answer that bound the device, else none.
fn binding_keys(call: &Call) -> (Option<String>, Option<String>) {
    match &call.auth.encrypted_app_key {
        Some(sealed) => (Some(b64::encode(sealed)), Some(b64::encode(&call.state.owner_public_key))),
        None => (None, None),
    }
}
