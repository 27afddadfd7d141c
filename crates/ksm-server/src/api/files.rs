//! Files: `add_file` registers an encrypted file and answers with an upload URL (like an S3
//! presigned POST); the blob is then POSTed there as multipart form data and later served at a
//! signed download URL (PROTOCOL.md §9.4, §10.4). The server only ever sees ciphertext.

use super::body::check_declared_length;
use super::file_stream::FileChunks;
use super::{decode_field, record_share, run_blocking, transact, ApiError, Call, ServerState};
use crate::store::{now_ms, FileRow};
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use ksm_proto::crypto::GCM_OVERHEAD;
use ksm_proto::uid::is_uid;
use ksm_proto::wire::{AddFilePayload, AddFileResponse};
use rand::RngCore;
use serde::Deserialize;
use sha2::Sha256;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tempfile::NamedTempFile;
use tokio::io::AsyncWriteExt;
use tokio::time::Instant;

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
    transact(&mut store, |store| {
        // Checked here, in the transaction, so that no other request changes the record between
        // the check and the write.
        let record = store.record(uid)?.ok_or_else(not_shared)?;
        if record.in_transaction {
            return Err(ApiError::transaction_conflict(format!(
                "record {uid} has an open rotation transaction; finalize or roll it back before adding files"
            )));
        }
        if request.owner_record_revision.is_some_and(|revision| revision != record.revision) {
            return Err(ApiError::revision_mismatch(uid));
        }
        if store.file(&file.uid)?.is_some() {
            return Err(ApiError::bad_request(format!("a file with UID {} already exists", file.uid)));
        }
        store.insert_file(&file)?;
        store.update_record_data(uid, &owner_record_data, false)?;
        Ok(store.audit(Some(call.client_id()), "add_file", Some(&file.uid), Some(uid))?)
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

/// Room for the multipart framing and form fields around an upload's file bytes.
pub const FORM_OVERHEAD_BYTES: usize = 64 * 1024;
/// Longest form field other than `file` that an upload may carry (the ticket is 64).
const MAX_FIELD_BYTES: usize = 1024;

/// An upload `add_file` announced and that has not arrived yet.
struct PendingUpload {
    size: u64,
    ticket: String,
}

/// The multipart POST of an encrypted blob to the URL `add_file` returned. The file UID, the
/// declared length and the ticket (a form field that must precede `file`, as in an S3 POST) are
/// all checked before any file byte is read; the file is streamed to a temporary file in the
/// data directory and copied into the database only once it is complete and of the announced
/// size.
pub async fn upload(State(state): State<Arc<ServerState>>, Path(file_uid): Path<String>, request: Request) -> Response {
    match receive_upload(state, file_uid, request).await {
        Ok(()) => StatusCode::from_u16(UPLOAD_SUCCESS_STATUS).unwrap_or(StatusCode::NO_CONTENT).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn receive_upload(state: Arc<ServerState>, file_uid: String, request: Request) -> Result<(), ApiError> {
    let pending = {
        let (state, file_uid) = (state.clone(), file_uid.clone());
        run_blocking(move || pending_upload(&state, &file_uid)).await??
    };
    check_declared_length(request.headers(), pending.size + FORM_OVERHEAD_BYTES as u64, "an upload")?;
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| malformed(&e.body_text()))?;
    let timeout = state.limits.body_timeout;
    let fields_deadline = Instant::now() + timeout;
    let mut ticket_checked = false;
    loop {
        let field = within(fields_deadline, timeout, form.next_field())
            .await?
            .map_err(|e| malformed(&e.body_text()))?
            .ok_or_else(|| ApiError::bad_request("the upload has no 'file' part"))?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            if !ticket_checked {
                return Err(wrong_ticket());
            }
            let received = receive_file(&state, field, pending.size, timeout).await?;
            return run_blocking(move || store_upload(&state, &file_uid, &pending.ticket, received)).await?;
        }
        let value = small_field(field, &name, fields_deadline, timeout).await?;
        if name == "ticket" {
            if !constant_time_equal(value.as_bytes(), pending.ticket.as_bytes()) {
                return Err(wrong_ticket());
            }
            ticket_checked = true;
        }
    }
}

fn malformed(detail: &str) -> ApiError {
    ApiError::bad_request(format!("malformed multipart upload: {detail}"))
}

fn wrong_ticket() -> ApiError {
    ApiError::access_denied("the upload ticket is missing or wrong (the 'ticket' field must precede 'file')")
}

fn pending_upload(state: &ServerState, file_uid: &str) -> Result<PendingUpload, ApiError> {
    let file = state
        .store()
        .file(file_uid)?
        .ok_or_else(|| ApiError::not_found(format!("no pending upload for file {file_uid}")))?;
    let ticket =
        file.upload_ticket.ok_or_else(|| ApiError::bad_request(format!("file {file_uid} was already uploaded")))?;
    Ok(PendingUpload { size: u64::try_from(file.size).unwrap_or(0), ticket })
}

/// A form field other than `file`, read whole (it is small) before `deadline`.
async fn small_field(
    mut field: Field<'_>,
    name: &str,
    deadline: Instant,
    timeout: Duration,
) -> Result<String, ApiError> {
    let mut value = Vec::new();
    while let Some(chunk) = within(deadline, timeout, field.chunk()).await?.map_err(|e| unreadable(name, &e))? {
        if value.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err(ApiError::too_large(format!("the form field '{name}' is over {MAX_FIELD_BYTES} bytes")));
        }
        value.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&value).into_owned())
}

fn unreadable(name: &str, error: &MultipartError) -> ApiError {
    ApiError::bad_request(format!("cannot read form field '{name}': {}", error.body_text()))
}

/// The `file` part streamed to a temporary file; it must be exactly `size` bytes, and no gap
/// between its chunks may exceed `timeout`.
async fn receive_file(
    state: &ServerState,
    mut field: Field<'_>,
    size: u64,
    timeout: Duration,
) -> Result<NamedTempFile, ApiError> {
    let temp = tempfile::Builder::new()
        .prefix("upload-")
        .tempfile_in(&state.upload_dir)
        .map_err(|e| anyhow::anyhow!("cannot create a file in {}: {e}", state.upload_dir.display()))?;
    let mut out = tokio::fs::File::from_std(temp.as_file().try_clone().map_err(anyhow::Error::from)?);
    let mut received = 0u64;
    loop {
        let chunk = within(Instant::now() + timeout, timeout, field.chunk()).await?;
        let Some(chunk) = chunk.map_err(|e| unreadable("file", &e))? else { break };
        received += chunk.len() as u64;
        if received > size {
            return Err(ApiError::too_large(format!("the upload is larger than the {size} bytes add_file announced")));
        }
        out.write_all(&chunk).await.map_err(anyhow::Error::from)?;
    }
    out.flush().await.map_err(anyhow::Error::from)?;
    if received != size {
        return Err(ApiError::bad_request(format!("the upload is {received} bytes but add_file announced {size}")));
    }
    Ok(temp)
}

/// `work`, or a `timeout` error once `deadline` passes.
async fn within<T>(deadline: Instant, timeout: Duration, work: impl Future<Output = T>) -> Result<T, ApiError> {
    tokio::time::timeout_at(deadline, work)
        .await
        .map_err(|_| ApiError::timeout(format!("the upload stalled for more than {} seconds", timeout.as_secs())))
}

/// Copies a complete upload into the database, if its ticket is still the pending one (another
/// upload with the same ticket may have finished meanwhile).
fn store_upload(state: &ServerState, file_uid: &str, ticket: &str, received: NamedTempFile) -> Result<(), ApiError> {
    let mut content = received.reopen().map_err(anyhow::Error::from)?;
    transact(&mut state.store(), |store| {
        let file = store
            .file(file_uid)?
            .ok_or_else(|| ApiError::not_found(format!("no pending upload for file {file_uid}")))?;
        if file.upload_ticket.as_deref() != Some(ticket) {
            return Err(ApiError::bad_request(format!("file {file_uid} was already uploaded")));
        }
        let size = usize::try_from(file.size).map_err(anyhow::Error::from)?;
        store.store_file_content_from(file_uid, &mut content, size)?;
        Ok(store.audit(None, "upload_file", Some(file_uid), Some(&file.record_uid))?)
    })
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

/// GET of a signed download URL: the encrypted blob as stored, read a chunk at a time.
pub async fn download(
    State(state): State<Arc<ServerState>>,
    Path(file_uid): Path<String>,
    Query(query): Query<DownloadQuery>,
) -> Response {
    let expected = url_signature(&state, &file_uid, query.expires);
    let valid = constant_time_equal(expected.as_bytes(), query.signature.as_bytes());
    if !valid || query.expires < now_ms() {
        return ApiError::access_denied("this download URL is invalid or has expired; fetch the record again")
            .into_response();
    }
    let stored = state.clone();
    let uid = file_uid.clone();
    match run_blocking(move || stored.store().file_content_length(&uid)).await {
        Ok(Ok(Some(length))) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/octet-stream")],
            Body::new(FileChunks::new(state, file_uid, length)),
        )
            .into_response(),
        Ok(Ok(None)) => ApiError::not_found("no such file").into_response(),
        Ok(Err(error)) => ApiError::from(error).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Constant-time comparison, so a signature or ticket cannot be guessed byte by byte.
fn constant_time_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
