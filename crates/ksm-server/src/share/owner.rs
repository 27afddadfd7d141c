//! The `ksm` side: `POST /api/share/v1/owner/{op}`, sealed and signed exactly like the KSM
//! API and checked by the same `api::authenticate`. A device needs an editable share on a
//! folder to request into it and read access to a record to send it.

use super::public::MIN_SEND_CONTENT;
use super::{not_yours, MAX_EXPIRY_SECONDS};
use crate::api::{authenticate, decode_field, folder_share, record_share, ApiError, Authenticated, ServerState};
use crate::store::{now_ms, NewShare, Store};
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ksm_proto::b64;
use ksm_proto::crypto::GCM_OVERHEAD;
use ksm_proto::envelope::seal_response;
use ksm_proto::share::padding::BUCKETS;
use ksm_proto::uid::is_uid;
use ksm_proto::wire::Endpoint;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

/// Largest encrypted request label (title, record type, message).
const MAX_LABEL_BYTES: usize = 4096;

pub async fn endpoint(
    State(state): State<Arc<ServerState>>,
    Path(op): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (envelope, body) = match crate::api::read_signed(&state, &headers, body).await {
        Ok(read) => read,
        Err(error) => return error.into_response(),
    };
    let work = tokio::task::spawn_blocking(move || {
        // Share calls count against the device's get_secret rate limit.
        let auth = authenticate(&state, Endpoint::GetSecret, &headers, envelope, &body.bytes, peer.ip())?;
        let answer = dispatch(&state, &auth, &op)?;
        let sealed = seal_response(&auth.transmission_key, answer.to_string().as_bytes());
        Ok::<_, ApiError>(
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], sealed).into_response(),
        )
    })
    .await;
    match work {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::internal().into_response(),
    }
}

fn payload<T: DeserializeOwned>(auth: &Authenticated) -> Result<T, ApiError> {
    serde_json::from_slice(&auth.payload).map_err(|e| ApiError::bad_request(format!("malformed payload: {e}")))
}

fn dispatch(state: &ServerState, auth: &Authenticated, op: &str) -> Result<Value, ApiError> {
    let mut store = state.store();
    store.purge_expired_shares()?;
    match op {
        "request_create" => request_create(&mut store, auth),
        "send_create" => send_create(&mut store, auth),
        "list" => list(&store, auth),
        "request_answer" => request_answer(&store, auth),
        "request_ack" => request_ack(&mut store, auth),
        "revoke" => revoke(&mut store, auth),
        other => Err(ApiError::not_found(format!("unknown share operation '{other}'"))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Create {
    id: String,
    token_hash: String,
    /// A request's encrypted label, or a send's encrypted content.
    blob: String,
    /// The folder to request into, or the record to send.
    target_uid: String,
    expires_in_seconds: i64,
    #[serde(default)]
    once: bool,
}

fn checked_create(auth: &Authenticated) -> Result<(Create, Vec<u8>, Vec<u8>, i64), ApiError> {
    let create: Create = payload(auth)?;
    if !is_uid(&create.id) || !is_uid(&create.target_uid) {
        return Err(ApiError::bad_request("id and targetUid must be 22 characters of URL-safe base64"));
    }
    let token_hash = decode_field("tokenHash", &create.token_hash)?;
    if token_hash.len() != 32 {
        return Err(ApiError::bad_request("tokenHash must be a 32-byte SHA-256"));
    }
    let blob = decode_field("blob", &create.blob)?;
    if !(1..=MAX_EXPIRY_SECONDS).contains(&create.expires_in_seconds) {
        return Err(ApiError::bad_request(format!(
            "expiresInSeconds must be between 1 and {MAX_EXPIRY_SECONDS} (7 days)"
        )));
    }
    let expires_at = now_ms() + create.expires_in_seconds * 1000;
    Ok((create, token_hash, blob, expires_at))
}

/// The row of a new request or send, once its id is known to be free.
fn new_share<'a>(
    store: &Store,
    auth: &'a Authenticated,
    create: &'a Create,
    token_hash: &'a [u8],
    blob: &'a [u8],
    expires_at: i64,
) -> Result<NewShare<'a>, ApiError> {
    if store.share_request(&create.id)?.is_some() || store.share_send(&create.id)?.is_some() {
        return Err(ApiError::bad_request(format!("a share with id {} already exists", create.id)));
    }
    Ok(NewShare {
        id: &create.id,
        app_uid: &auth.client.app_uid,
        client_id: &auth.client.device_id,
        target_uid: &create.target_uid,
        token_hash,
        blob,
        expires_at,
    })
}

/// The answer to a create: what the client shows and builds its link from.
fn created(create: &Create, expires_at: i64) -> Value {
    json!({ "id": create.id, "expiresAt": expires_at, "publicUrl": super::public_url() })
}

fn request_create(store: &mut Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let (create, token_hash, label, expires_at) = checked_create(auth)?;
    if label.len() < GCM_OVERHEAD || label.len() > MAX_LABEL_BYTES {
        return Err(ApiError::bad_request(format!(
            "blob must be an encrypted label of at most {MAX_LABEL_BYTES} bytes"
        )));
    }
    let app = &auth.client.app_uid;
    let share = folder_share(store, app, &create.target_uid)?.ok_or_else(|| {
        ApiError::access_denied(format!("folder {} is not a shared folder of this application", create.target_uid))
    })?;
    if !share.editable {
        return Err(ApiError::access_denied(format!(
            "folder {} is shared read-only with this application: a request needs an editable share",
            create.target_uid
        )));
    }
    let new = new_share(store, auth, &create, &token_hash, &label, expires_at)?;
    store.transaction(|store| {
        store.insert_share_request(&new)?;
        store.audit(Some(&auth.client.device_id), "share_request_created", Some(new.id), Some(new.target_uid))
    })?;
    Ok(created(&create, expires_at))
}

fn send_create(store: &mut Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let (create, token_hash, content, expires_at) = checked_create(auth)?;
    if !BUCKETS.iter().any(|bucket| bucket + GCM_OVERHEAD == content.len()) || content.len() < MIN_SEND_CONTENT {
        return Err(ApiError::bad_request("blob is not padded, encrypted send content"));
    }
    let app = &auth.client.app_uid;
    let not_shared = || {
        ApiError::access_denied(format!(
            "record {} does not exist or is not shared with this application",
            create.target_uid
        ))
    };
    let record = store.record(&create.target_uid)?.ok_or_else(not_shared)?;
    record_share(store, app, &record.uid, record.folder_uid.as_deref())?.ok_or_else(not_shared)?;
    let new = new_share(store, auth, &create, &token_hash, &content, expires_at)?;
    store.transaction(|store| {
        store.insert_share_send(&new, create.once)?;
        let detail = format!("record {}{}", new.target_uid, if create.once { ", once" } else { "" });
        store.audit(Some(&auth.client.device_id), "share_send_created", Some(new.id), Some(&detail))
    })?;
    Ok(created(&create, expires_at))
}

fn list(store: &Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let app = &auth.client.app_uid;
    let requests: Vec<Value> = store
        .share_requests(app)?
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id, "kind": "request", "state": r.state, "targetUid": r.folder_uid,
                "createdAt": r.created_at, "expiresAt": r.expires_at, "fulfilledAt": r.fulfilled_at,
                "clientHint": r.client_hint,
            })
        })
        .collect();
    let sends: Vec<Value> = store
        .share_sends(app)?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "kind": "send", "state": s.state, "targetUid": s.record_uid,
                "createdAt": s.created_at, "expiresAt": s.expires_at, "once": s.once, "views": s.views,
            })
        })
        .collect();
    Ok(json!({ "requests": requests, "sends": sends }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ById {
    id: String,
    #[serde(default)]
    record_uid: Option<String>,
}

fn request_answer(store: &Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let by: ById = payload(auth)?;
    let request =
        store.share_request(&by.id)?.filter(|r| r.app_uid == auth.client.app_uid).ok_or_else(|| not_yours(&by.id))?;
    let mut answer = json!({
        "id": request.id, "state": request.state, "folderUid": request.folder_uid,
        "label": b64::encode(&request.label), "fulfilledAt": request.fulfilled_at, "clientHint": request.client_hint,
    });
    if let (Some(enc), Some(ciphertext)) = (&request.enc, &request.ciphertext) {
        answer["enc"] = b64::encode(enc).into();
        answer["ciphertext"] = b64::encode(ciphertext).into();
    }
    Ok(answer)
}

fn request_ack(store: &mut Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let by: ById = payload(auth)?;
    let record_uid = by.record_uid.filter(|uid| is_uid(uid)).ok_or_else(|| {
        ApiError::bad_request("recordUid (the record the answer was written to) must be a record UID")
    })?;
    store.share_request(&by.id)?.filter(|r| r.app_uid == auth.client.app_uid).ok_or_else(|| not_yours(&by.id))?;
    let acknowledged = store.transaction(|store| {
        let done = store.receive_share_request(&by.id)?;
        if done {
            let detail = format!("written to record {record_uid}");
            store.audit(Some(&auth.client.device_id), "share_request_received", Some(&by.id), Some(&detail))?;
        }
        Ok(done)
    })?;
    if !acknowledged {
        return Err(ApiError::bad_request(format!("request {} has no answer waiting (it is not fulfilled)", by.id)));
    }
    Ok(json!({ "id": by.id, "state": "received" }))
}

fn revoke(store: &mut Store, auth: &Authenticated) -> Result<Value, ApiError> {
    let by: ById = payload(auth)?;
    let app = &auth.client.app_uid;
    let request = store.share_request(&by.id)?.filter(|r| &r.app_uid == app);
    let send = store.share_send(&by.id)?.filter(|s| &s.app_uid == app);
    if request.is_none() && send.is_none() {
        return Err(not_yours(&by.id));
    }
    let revoked = store.transaction(|store| {
        let done =
            if request.is_some() { store.revoke_share_request(&by.id)? } else { store.revoke_share_send(&by.id)? };
        if done {
            store.audit(Some(&auth.client.device_id), "share_revoked", Some(&by.id), None)?;
        }
        Ok(done)
    })?;
    if !revoked {
        return Err(ApiError::bad_request(format!(
            "share {} is already finished (received, used, expired or revoked)",
            by.id
        )));
    }
    Ok(json!({ "id": by.id, "state": "revoked" }))
}
