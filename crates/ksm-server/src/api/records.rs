//! Record writes: `update_secret`, `finalize_secret_update` / `rollback_secret_update`,
//! `create_secret`, `delete_secret` (PROTOCOL.md §10).

use super::{decode_field, delete_status, folder_share, record_share, transact, ApiError, Call};
use crate::store::{RecordRow, ShareRow, Store};
use ksm_proto::crypto::GCM_OVERHEAD;
use ksm_proto::uid::is_uid;
use ksm_proto::wire::{
    CompleteTransactionPayload, CreatePayload, DeletePayload, DeleteRecordsResponse, RecordUidKey, UpdatePayload,
};

/// ECIES of a 32-byte key: ephemeral point, nonce, ciphertext, tag.
const OWNER_WRAPPED_KEY_LEN: usize = 65 + GCM_OVERHEAD + 32;
/// GCM of a 32-byte key.
const GCM_WRAPPED_KEY_LEN: usize = GCM_OVERHEAD + 32;

/// A record the application may change, or the reason it may not.
fn editable_record(store: &Store, app_uid: &str, uid: &str) -> Result<(RecordRow, ShareRow), ApiError> {
    let not_shared =
        || ApiError::access_denied(format!("record {uid} does not exist or is not shared with this application"));
    let record = store.record(uid)?.ok_or_else(not_shared)?;
    let share = record_share(store, app_uid, uid, record.folder_uid.as_deref())?.ok_or_else(not_shared)?;
    if !share.editable {
        return Err(ApiError::access_denied(format!("record {uid} is shared read-only with this application")));
    }
    Ok((record, share))
}

fn ciphertext(name: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    let bytes = decode_field(name, text)?;
    if bytes.len() < GCM_OVERHEAD {
        return Err(ApiError::bad_request(format!("{name} is too short to be AES-GCM ciphertext")));
    }
    Ok(bytes)
}

fn wrapped_key(name: &str, text: &str, expected_len: usize) -> Result<Vec<u8>, ApiError> {
    let bytes = decode_field(name, text)?;
    if bytes.len() != expected_len {
        return Err(ApiError::bad_request(format!("{name} must be {expected_len} bytes, got {}", bytes.len())));
    }
    Ok(bytes)
}

pub fn update(call: &Call) -> Result<Option<Vec<u8>>, ApiError> {
    let request: UpdatePayload = call.payload()?;
    let data = ciphertext("data", &request.data)?;
    let rotation = match request.transaction_type.as_deref() {
        None | Some("general") => false,
        Some("rotation") => true,
        Some(other) => return Err(ApiError::bad_request(format!("unknown transactionType '{other}'"))),
    };
    // Keeper ignores links2Remove in a "general" transaction (PROTOCOL.md §10.2).
    let links_to_remove = match request.transaction_type.as_deref() {
        Some("general") => Vec::new(),
        _ => request.links_to_remove.unwrap_or_default(),
    };
    if rotation && !links_to_remove.is_empty() {
        // A rollback could not bring detached files back, so the two do not mix.
        return Err(ApiError::bad_request(
            "links2Remove cannot be part of a rotation transaction; detach files separately",
        ));
    }
    transact(&mut call.state.store(), |store| {
        let (record, _) = editable_record(store, call.app_uid(), &request.record_uid)?;
        if record.in_transaction {
            return Err(ApiError::transaction_conflict(format!(
                "record {} has an open rotation transaction; finalize or roll it back first",
                record.uid
            )));
        }
        if record.revision != request.revision {
            return Err(ApiError::revision_mismatch(&record.uid));
        }
        store.update_record_data(&record.uid, &data, rotation)?;
        store.delete_files(&record.uid, &links_to_remove)?;
        let action = if rotation { "update_secret (rotation)" } else { "update_secret" };
        Ok(store.audit(Some(call.client_id()), action, Some(&record.uid), None)?)
    })?;
    Ok(None)
}

pub fn complete_transaction(call: &Call, commit: bool) -> Result<Option<Vec<u8>>, ApiError> {
    let request: CompleteTransactionPayload = call.payload()?;
    transact(&mut call.state.store(), |store| {
        let (record, _) = editable_record(store, call.app_uid(), &request.record_uid)?;
        if !record.in_transaction {
            return Err(ApiError::transaction_conflict(format!("record {} has no open transaction", record.uid)));
        }
        store.complete_transaction(&record.uid, commit)?;
        let action = if commit { "finalize_secret_update" } else { "rollback_secret_update" };
        Ok(store.audit(Some(call.client_id()), action, Some(&record.uid), None)?)
    })?;
    Ok(None)
}

pub fn create(call: &Call) -> Result<Option<Vec<u8>>, ApiError> {
    let request: CreatePayload = call.payload()?;
    if !is_uid(&request.record_uid) {
        return Err(ApiError::bad_request("recordUid must be 22 characters of URL-safe base64"));
    }
    let owner_key = wrapped_key("recordKey", &request.record_key, OWNER_WRAPPED_KEY_LEN)?;
    let folder_key = wrapped_key("folderKey", &request.folder_key, GCM_WRAPPED_KEY_LEN)?;
    let data = ciphertext("data", &request.data)?;
    let mut store = call.state.store();
    let share = folder_share(&store, call.app_uid(), &request.folder_uid)?.ok_or_else(|| {
        ApiError::access_denied(format!("folder {} is not a shared folder of this application", request.folder_uid))
    })?;
    if !share.editable {
        return Err(ApiError::access_denied(format!(
            "folder {} is shared read-only with this application",
            request.folder_uid
        )));
    }
    // The official CLI names the shared folder itself as subFolderUid when it is the target.
    let sub_folder = request.sub_folder_uid.as_deref().filter(|uid| !uid.is_empty() && *uid != request.folder_uid);
    let inner_folder_uid = match sub_folder {
        None => None,
        Some(uid) => {
            let inside =
                store.folder(uid)?.is_some_and(|f| f.shared_folder_uid == request.folder_uid && f.parent_uid.is_some());
            if !inside {
                return Err(ApiError::bad_request(format!(
                    "subFolderUid {uid} is not a sub-folder of {}",
                    request.folder_uid
                )));
            }
            Some(uid.to_string())
        }
    };
    let record = RecordRow {
        uid: request.record_uid,
        folder_uid: Some(request.folder_uid),
        inner_folder_uid,
        owner_key,
        folder_key: Some(folder_key),
        data,
        revision: 1,
        in_transaction: false,
    };
    transact(&mut store, |store| {
        if store.record(&record.uid)?.is_some() {
            return Err(ApiError::bad_request(format!("a record with UID {} already exists", record.uid)));
        }
        store.insert_record(&record)?;
        Ok(store.audit(Some(call.client_id()), "create_secret", Some(&record.uid), None)?)
    })?;
    Ok(None)
}

pub fn delete(call: &Call) -> Result<Vec<u8>, ApiError> {
    let request: DeletePayload = call.payload()?;
    let mut store = call.state.store();
    let mut statuses = Vec::with_capacity(request.record_uids.len());
    for uid in request.record_uids {
        let outcome = editable_record(&store, call.app_uid(), &uid).and_then(|_| {
            store.transaction(|store| {
                store.delete_record(&uid)?;
                store.audit(Some(call.client_id()), "delete_secret", Some(&uid), None)
            })?;
            Ok(())
        });
        statuses.push(delete_status(RecordUidKey { record_uid: uid }, outcome));
    }
    Ok(serde_json::to_vec(&DeleteRecordsResponse { records: statuses }).map_err(anyhow::Error::from)?)
}
