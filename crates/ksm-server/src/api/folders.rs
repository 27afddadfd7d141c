//! Folder writes: `create_folder`, `update_folder`, `delete_folder` (PROTOCOL.md §10.5).
//! Folder keys and names arrive CBC-encrypted; the server only checks their shape.

use super::{decode_field, delete_status, folder_share, transact, ApiError, Call};
use crate::store::{FolderRow, Store};
use ksm_proto::uid::is_uid;
use ksm_proto::wire::{
    CreateFolderPayload, DeleteFolderPayload, DeleteFoldersResponse, FolderUidKey, UpdateFolderPayload,
};

/// CBC of a 32-byte key: IV plus two blocks (the key gains a full padding block).
const CBC_WRAPPED_KEY_LEN: usize = 64;

fn cbc_data(name: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    let bytes = decode_field(name, text)?;
    if bytes.len() < 32 || bytes.len() % 16 != 0 {
        return Err(ApiError::bad_request(format!("{name} is not AES-CBC ciphertext (IV and whole blocks)")));
    }
    Ok(bytes)
}

/// A folder inside a shared folder the application may change.
fn editable_folder(store: &Store, app_uid: &str, uid: &str) -> Result<FolderRow, ApiError> {
    let not_shared =
        || ApiError::access_denied(format!("folder {uid} does not exist or is not shared with this application"));
    let folder = store.folder(uid)?.ok_or_else(not_shared)?;
    let share = folder_share(store, app_uid, &folder.shared_folder_uid)?.ok_or_else(not_shared)?;
    if !share.editable {
        return Err(ApiError::access_denied(format!("folder {uid} is shared read-only with this application")));
    }
    Ok(folder)
}

pub fn create(call: &Call) -> Result<Option<Vec<u8>>, ApiError> {
    let request: CreateFolderPayload = call.payload()?;
    if !is_uid(&request.folder_uid) {
        return Err(ApiError::bad_request("folderUid must be 22 characters of URL-safe base64"));
    }
    let key_wrap = decode_field("sharedFolderKey", &request.shared_folder_key)?;
    if key_wrap.len() != CBC_WRAPPED_KEY_LEN {
        return Err(ApiError::bad_request(format!("sharedFolderKey must be {CBC_WRAPPED_KEY_LEN} bytes of AES-CBC")));
    }
    let data = cbc_data("data", &request.data)?;
    let mut store = call.state.store();
    let root = editable_folder(&store, call.app_uid(), &request.shared_folder_uid)?;
    if root.parent_uid.is_some() {
        return Err(ApiError::bad_request(format!(
            "sharedFolderUid {} is a sub-folder, not a shared folder",
            root.uid
        )));
    }
    let parent = match request.parent_uid.as_deref().filter(|uid| !uid.is_empty()) {
        None => root.uid.clone(),
        Some(uid) => {
            let inside = store.folder(uid)?.is_some_and(|f| f.shared_folder_uid == root.uid);
            if !inside {
                return Err(ApiError::bad_request(format!("parentUid {uid} is not inside shared folder {}", root.uid)));
            }
            uid.to_string()
        }
    };
    let folder =
        FolderRow { uid: request.folder_uid, parent_uid: Some(parent), shared_folder_uid: root.uid, key_wrap, data };
    transact(&mut store, |store| {
        if store.folder(&folder.uid)?.is_some() {
            return Err(ApiError::bad_request(format!("a folder with UID {} already exists", folder.uid)));
        }
        store.insert_folder(&folder)?;
        Ok(store.audit(Some(call.client_id()), "create_folder", Some(&folder.uid), None)?)
    })?;
    Ok(None)
}

pub fn update(call: &Call) -> Result<Option<Vec<u8>>, ApiError> {
    let request: UpdateFolderPayload = call.payload()?;
    let data = cbc_data("data", &request.data)?;
    let mut store = call.state.store();
    let folder = editable_folder(&store, call.app_uid(), &request.folder_uid)?;
    if folder.parent_uid.is_none() {
        // Its name is sealed under a key only the owner holds wrapped; a device could only
        // replace it with something the owner cannot read.
        return Err(ApiError::access_denied(format!(
            "{} is a shared folder; only its owner can rename it",
            folder.uid
        )));
    }
    store.transaction(|store| {
        store.update_folder_data(&folder.uid, &data)?;
        store.audit(Some(call.client_id()), "update_folder", Some(&folder.uid), None)
    })?;
    Ok(None)
}

pub fn delete(call: &Call) -> Result<Vec<u8>, ApiError> {
    let request: DeleteFolderPayload = call.payload()?;
    let force = request.force_deletion.unwrap_or(false);
    let mut store = call.state.store();
    let mut statuses = Vec::with_capacity(request.folder_uids.len());
    for uid in request.folder_uids {
        let outcome = editable_folder(&store, call.app_uid(), &uid).and_then(|folder| {
            if folder.parent_uid.is_none() {
                return Err(ApiError::access_denied(format!("{uid} is a shared folder; only its owner can delete it")));
            }
            if !force && store.folder_has_contents(&uid)? {
                return Err(ApiError::bad_request(format!(
                    "folder {uid} is not empty; set forceDeletion to delete it with its contents"
                )));
            }
            store.transaction(|store| {
                store.delete_folder_tree(&uid)?;
                store.audit(Some(call.client_id()), "delete_folder", Some(&uid), None)
            })?;
            Ok(())
        });
        statuses.push(delete_status(FolderUidKey { folder_uid: uid }, outcome));
    }
    Ok(serde_json::to_vec(&DeleteFoldersResponse { folders: statuses }).map_err(anyhow::Error::from)?)
}
