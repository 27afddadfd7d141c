//! The owner API: `POST /api/owner/v1/<op>`, for administering the vault from the owner's
//! machine (`owner::remote`). Sealed like the KSM API (`read_signed`: key id, transmission key,
//! body within the limits), signed by the owner device key registered in the database, and
//! refused when replayed. The server stores what it is sent: rows whose keys, names and records
//! were encrypted on the owner's machine; it never holds a key that opens them.

use super::auth::OwnerRequest;
use super::{authenticate_owner, read_signed, run_blocking, ApiError, ServerState};
use crate::owner::vault::{apply, Write};
use crate::store::Store;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ksm_proto::b64;
use ksm_proto::crypto::EcPublicKey;
use ksm_proto::envelope::seal_response;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Every operation; anything else is answered `not_found` before the body is read.
const OPS: &[&str] = &[
    "owner_public_key",
    "folder",
    "folders",
    "folder_has_contents",
    "record",
    "records",
    "file",
    "file_url",
    "app",
    "apps",
    "shares",
    "clients",
    "device_id",
    "audit",
    "apply",
    "rotate_device_key",
];

pub async fn endpoint(
    State(state): State<Arc<ServerState>>,
    Path(op): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(state, op, headers, body).await.unwrap_or_else(IntoResponse::into_response)
}

async fn answer(state: Arc<ServerState>, op: String, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    if !OPS.contains(&op.as_str()) {
        return Err(ApiError::not_found(format!("unknown owner operation '{op}'")));
    }
    let (envelope, body) = read_signed(&state, &headers, body).await?;
    run_blocking(move || {
        let request = authenticate_owner(&state, &headers, envelope, &body.bytes)?;
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        let answer = dispatch(&state, host, &op, &request)?;
        let sealed = seal_response(&request.transmission_key, answer.to_string().as_bytes());
        Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], sealed).into_response())
    })
    .await?
}

#[derive(Deserialize)]
struct ByUid {
    uid: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ByApp {
    app_uid: Option<String>,
}

#[derive(Deserialize)]
struct ByClient {
    /// A client id (the payload's own `clientId` is the sender's).
    client: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditQuery {
    limit: usize,
    device_id: Option<String>,
}

#[derive(Deserialize)]
struct Batch {
    writes: Vec<Write>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewDeviceKey {
    public_key: String,
}

fn payload<T: DeserializeOwned>(request: &OwnerRequest) -> Result<T, ApiError> {
    serde_json::from_slice(&request.payload).map_err(|e| ApiError::bad_request(format!("malformed payload: {e}")))
}

fn to_json(value: impl serde::Serialize) -> Result<Value, ApiError> {
    Ok(serde_json::to_value(value).map_err(anyhow::Error::from)?)
}

fn dispatch(state: &ServerState, host: &str, op: &str, request: &OwnerRequest) -> Result<Value, ApiError> {
    if matches!(op, "audit" | "clients") {
        // What the reads noted is shown too.
        state.read_log.flush();
    }
    let store = &mut state.store();
    let uid = || payload::<ByUid>(request).map(|p| p.uid);
    match op {
        "owner_public_key" => Ok(json!({ "publicKey": b64::encode(&store.owner_public_key()?) })),
        "folder" => to_json(store.folder(&uid()?)?),
        "folders" => to_json(store.folders()?),
        "folder_has_contents" => to_json(store.folder_has_contents(&uid()?)?),
        "record" => to_json(store.record(&uid()?)?),
        "records" => to_json(store.records()?),
        "file" => to_json(store.file(&uid()?)?),
        // Content is fetched like a device's: from a signed download URL, once uploaded.
        "file_url" => {
            let file = store.file(&uid()?)?.filter(|file| file.uploaded);
            to_json(file.map(|file| super::files::download_url(state, host, &file.uid)))
        }
        "app" => to_json(store.app(&uid()?)?),
        "apps" => to_json(store.apps()?),
        "shares" => {
            let app = payload::<ByApp>(request)?.app_uid.ok_or_else(|| ApiError::bad_request("appUid is missing"))?;
            to_json(store.shares(&app)?)
        }
        "clients" => to_json(store.clients(payload::<ByApp>(request)?.app_uid.as_deref())?),
        "device_id" => to_json(store.device_id(&payload::<ByClient>(request)?.client)),
        "audit" => {
            let query: AuditQuery = payload(request)?;
            to_json(store.audit_entries(query.limit, query.device_id.as_deref())?)
        }
        "apply" => apply_batch(store, payload::<Batch>(request)?.writes),
        "rotate_device_key" => rotate(store, &payload::<NewDeviceKey>(request)?.public_key),
        other => Err(ApiError::not_found(format!("unknown owner operation '{other}'"))),
    }
}

/// All of a command's writes in one transaction, or none of them.
fn apply_batch(store: &mut Store, writes: Vec<Write>) -> Result<Value, ApiError> {
    let count = writes.len();
    store
        .transaction(|store| {
            for (index, write) in writes.iter().enumerate() {
                apply(store, write).map_err(|e| e.context(format!("write {} of {count}", index + 1)))?;
            }
            Ok(())
        })
        .map_err(|error| ApiError::bad_request(format!("nothing was stored: {error:#}")))?;
    Ok(json!({ "applied": count }))
}

/// Registers the owner's next device key; this request was signed by the current one.
fn rotate(store: &mut Store, public_key: &str) -> Result<Value, ApiError> {
    let key = b64::decode(public_key)
        .ok()
        .filter(|bytes| EcPublicKey::from_bytes(bytes).is_ok())
        .ok_or_else(|| ApiError::bad_request("publicKey is not a base64 P-256 public key"))?;
    store.transaction(|store| {
        store.set_owner_device_key(&key)?;
        store.audit(None, "owner_device_rotate", None, None)
    })?;
    Ok(json!({ "rotated": true }))
}
