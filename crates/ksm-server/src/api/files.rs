//! Files: `add_file` registers an encrypted file and answers with an upload URL (like an S3
//! presigned POST); the blob is then POSTed there as multipart form data and later served at a
//! signed download URL (PROTOCOL.md §9.4, §10.4). The server only ever sees ciphertext.

use super::{decode_field, record_share, ApiError, Call, ServerState};
use crate::store::{now_ms, FileRow};
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use ksm_proto::crypto::GCM_OVERHEAD;
use ksm_proto::uid::is_uid;
use ksm_proto::wire::{AddFilePayload, AddFileResponse};
use rand::RngCore;
use serde::Deserialize;
use sha2::Sha256;
use std::sync::Arc;

/// How long a download URL handed out by `get_secret` stays valid.
const DOWNLOAD_URL_LIFETIME_MS: i64 = 60 * 60 * 1000;
/// What the upload URL answers on success (S3's default for presigned POSTs).
const UPLOAD_SUCCESS_STATUS: u16 = 204;

pub fn add(call: &Call) -> Result<Vec<u8>, ApiError> {
    let request: AddFilePayload = call.payload()?;
    if !is_uid(&request.file_record_uid) {
        return Err(ApiError::bad_request("fileRecordUid must be 22 characters of URL-safe base64"));
    }
    let max = call.state.limits.max_file_bytes;
    if request.file_size < GCM_OVERHEAD as i64 || request.file_size as u64 > (max + GCM_OVERHEAD) as u64 {
        return Err(ApiError::too_large(format!(
            "fileSize {} is outside what this server accepts (at most {max} bytes of file content)",
            request.file_size
        )));
    }
    let owner_key = decode_field("fileRecordKey", &request.file_record_key)?;
    let link_key = decode_field("linkKey", &request.link_key)?;
    let file_data = decode_field("fileRecordData", &request.file_record_data)?;
    let owner_record_data = decode_field("ownerRecordData", &request.owner_record_data)?;
    if owner_key.len() != 125
        || link_key.len() != 60
        || file_data.len() < GCM_OVERHEAD
        || owner_record_data.len() < GCM_OVERHEAD
    {
        return Err(ApiError::bad_request(
            "fileRecordKey, linkKey, fileRecordData or ownerRecordData has the wrong size",
        ));
    }

    let mut store = call.state.store();
    let uid = &request.owner_record_uid;
    let not_shared =
        || ApiError::access_denied(format!("record {uid} does not exist or is not shared with this application"));
    let record = store.record(uid)?.ok_or_else(not_shared)?;
    let share = record_share(&store, call.app_uid(), uid, record.folder_uid.as_deref())?.ok_or_else(not_shared)?;
    if !share.editable {
        return Err(ApiError::access_denied(format!("record {uid} is shared read-only with this application")));
    }
    if record.in_transaction {
        return Err(ApiError::transaction_conflict(format!(
            "record {uid} has an open rotation transaction; finalize or roll it back before adding files"
        )));
    }
    if request.owner_record_revision.is_some_and(|revision| revision != record.revision) {
        return Err(ApiError::revision_mismatch(uid));
    }
    if store.file(&request.file_record_uid)?.is_some() {
        return Err(ApiError::bad_request(format!("a file with UID {} already exists", request.file_record_uid)));
    }
    let ticket = random_ticket();
    let file = FileRow {
        uid: request.file_record_uid.clone(),
        record_uid: uid.clone(),
        owner_key,
        link_key,
        data: file_data,
        size: request.file_size,
        upload_ticket: Some(ticket.clone()),
        uploaded: false,
    };
    store.transaction(|store| {
        store.insert_file(&file)?;
        store.update_record_data(uid, &owner_record_data, false)?;
        store.audit(Some(call.client_id()), "add_file", Some(&file.uid), Some(uid))
    })?;
    let response = AddFileResponse {
        url: format!("https://{}/files/upload/{}", call.host, file.uid),
        parameters: serde_json::json!({ "key": file.uid, "ticket": ticket }).to_string(),
        success_status_code: UPLOAD_SUCCESS_STATUS,
    };
    Ok(serde_json::to_vec(&response).map_err(anyhow::Error::from)?)
}

fn random_ticket() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The multipart POST of an encrypted blob to the URL `add_file` returned.
pub async fn upload(
    State(state): State<Arc<ServerState>>,
    Path(file_uid): Path<String>,
    mut form: Multipart,
) -> Response {
    let mut ticket = None;
    let mut content = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let bytes = match field.bytes().await {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        return ApiError::bad_request(format!("cannot read form field '{name}': {e}")).into_response()
                    }
                };
                match name.as_str() {
                    "ticket" => ticket = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "file" => content = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(e) => return ApiError::bad_request(format!("malformed multipart upload: {e}")).into_response(),
        }
    }
    let work = tokio::task::spawn_blocking(move || store_upload(&state, &file_uid, ticket, content)).await;
    match work {
        Ok(Ok(())) => StatusCode::from_u16(UPLOAD_SUCCESS_STATUS).unwrap_or(StatusCode::NO_CONTENT).into_response(),
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::internal().into_response(),
    }
}

fn store_upload(
    state: &ServerState,
    file_uid: &str,
    ticket: Option<String>,
    content: Option<Bytes>,
) -> Result<(), ApiError> {
    let content = content.ok_or_else(|| ApiError::bad_request("the upload has no 'file' part"))?;
    let mut store = state.store();
    let file =
        store.file(file_uid)?.ok_or_else(|| ApiError::not_found(format!("no pending upload for file {file_uid}")))?;
    let expected = file
        .upload_ticket
        .as_deref()
        .ok_or_else(|| ApiError::bad_request(format!("file {file_uid} was already uploaded")))?;
    if ticket.as_deref() != Some(expected) {
        return Err(ApiError::access_denied("the upload ticket is missing or wrong"));
    }
    if content.len() as i64 != file.size {
        return Err(ApiError::bad_request(format!(
            "the upload is {} bytes but add_file announced {}",
            content.len(),
            file.size
        )));
    }
    store.transaction(|store| {
        store.store_file_content(file_uid, &content)?;
        store.audit(None, "upload_file", Some(file_uid), Some(&file.record_uid))
    })?;
    Ok(())
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    expires: i64,
    signature: String,
}

pub fn download_url(state: &ServerState, host: &str, file_uid: &str) -> String {
    let expires = now_ms() + DOWNLOAD_URL_LIFETIME_MS;
    format!("https://{host}/files/{file_uid}?expires={expires}&signature={}", url_signature(state, file_uid, expires))
}

fn url_signature(state: &ServerState, file_uid: &str, expires: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(state.identity.url_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("download\n{file_uid}\n{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// GET of a signed download URL: the encrypted blob as stored.
pub async fn download(
    State(state): State<Arc<ServerState>>,
    Path(file_uid): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Response {
    let expected = url_signature(&state, &file_uid, query.expires);
    let valid = hmac_equal(expected.as_bytes(), query.signature.as_bytes());
    if !valid || query.expires < now_ms() {
        return ApiError::access_denied("this download URL is invalid or has expired; fetch the record again")
            .into_response();
    }
    let work = tokio::task::spawn_blocking(move || state.store().file_content(&file_uid)).await;
    match work {
        Ok(Ok(Some(content))) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], content).into_response()
        }
        Ok(Ok(None)) => ApiError::not_found("no such file").into_response(),
        Ok(Err(error)) => ApiError::from(error).into_response(),
        Err(_) => ApiError::internal().into_response(),
    }
}

/// Constant-time comparison, so the signature cannot be guessed byte by byte.
fn hmac_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
