//! The KSM API: `POST /api/rest/sm/v1/<endpoint>`, plus the file upload and download URLs it
//! hands out.

mod auth;
mod error;
mod files;
mod folders;
mod get;
mod rate_limit;
mod records;
mod replay;

pub(crate) use auth::{authenticate, Authenticated};
pub use error::ApiError;
pub use rate_limit::RateLimiter;

use crate::identity::ServerIdentity;
use crate::store::{ShareKind, ShareRow, Store};
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get as get_route, post};
use axum::Router;
use ksm_proto::envelope::seal_response;
use ksm_proto::wire::{DeleteStatus, Endpoint};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// Limits a server enforces; documented in `docs/self-hosting.md`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_request_bytes: usize,
    pub max_file_bytes: usize,
}

pub struct ServerState {
    pub identity: ServerIdentity,
    /// The key id clients must use (the identity's, unless overridden to exercise rotation).
    pub key_id: String,
    pub owner_public_key: Vec<u8>,
    pub limits: Limits,
    pub rate_limiter: RateLimiter,
    replay_guard: replay::ReplayGuard,
    store: Mutex<Store>,
}

impl ServerState {
    pub fn new(
        identity: ServerIdentity,
        key_id: String,
        store: Store,
        limits: Limits,
        rate_limiter: RateLimiter,
    ) -> anyhow::Result<Self> {
        let owner_public_key = store.owner_public_key()?;
        Ok(Self {
            identity,
            key_id,
            owner_public_key,
            limits,
            rate_limiter,
            replay_guard: replay::ReplayGuard::default(),
            store: Mutex::new(store),
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub fn router(state: Arc<ServerState>) -> Router {
    let limits = state.limits;
    // The API reads its body itself (see `endpoint`) so that an oversized one gets a JSON error.
    let api = Router::new().route("/api/rest/sm/v1/{endpoint}", post(endpoint));
    let uploads = Router::new()
        .route("/files/upload/{file_uid}", post(files::upload))
        .layer(DefaultBodyLimit::max(limits.max_file_bytes + 64 * 1024));
    Router::new()
        .merge(api)
        .merge(uploads)
        .route("/files/{file_uid}", get_route(files::download))
        .merge(crate::share::router(&state))
        .fallback(|| async { ApiError::not_found("no such endpoint") })
        .with_state(state)
}

/// What a request handed to an endpoint knows besides its payload.
pub struct Call<'a> {
    pub state: &'a ServerState,
    pub auth: &'a Authenticated,
    /// `host[:port]` the client reached us at, for the file URLs we hand out.
    pub host: &'a str,
}

impl Call<'_> {
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.auth.payload).map_err(|e| ApiError::bad_request(format!("malformed payload: {e}")))
    }

    pub fn client_id(&self) -> &str {
        &self.auth.client.client_id
    }

    pub fn app_uid(&self) -> &str {
        &self.auth.client.app_uid
    }
}

async fn endpoint(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(endpoint) = Endpoint::from_path(&name) else {
        return ApiError::not_found(format!("unknown endpoint '{name}'")).into_response();
    };
    let limit = state.limits.max_request_bytes;
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return ApiError::too_large(format!("the request body is over this server's limit of {limit} bytes"))
            .into_response();
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_string();
    let work = tokio::task::spawn_blocking(move || handle(&state, endpoint, &headers, &body, peer, &host)).await;
    match work {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => error.into_response(),
        Err(_) => ApiError::internal().into_response(),
    }
}

fn handle(
    state: &ServerState,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: &[u8],
    peer: SocketAddr,
    host: &str,
) -> Result<Response, ApiError> {
    let auth = auth::authenticate(state, endpoint, headers, body, peer.ip())?;
    let call = Call { state, auth: &auth, host };
    let json = match endpoint {
        Endpoint::GetSecret => Some(get::secrets(&call)?),
        Endpoint::GetFolders => Some(get::folders(&call)?),
        Endpoint::UpdateSecret => records::update(&call)?,
        Endpoint::FinalizeSecretUpdate => records::complete_transaction(&call, true)?,
        Endpoint::RollbackSecretUpdate => records::complete_transaction(&call, false)?,
        Endpoint::CreateSecret => records::create(&call)?,
        Endpoint::DeleteSecret => Some(records::delete(&call)?),
        Endpoint::CreateFolder => folders::create(&call)?,
        Endpoint::UpdateFolder => folders::update(&call)?,
        Endpoint::DeleteFolder => Some(folders::delete(&call)?),
        Endpoint::AddFile => Some(files::add(&call)?),
    };
    let body = json.map(|json| seal_response(&auth.transmission_key, &json)).unwrap_or_default();
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], body).into_response())
}

/// The share through which `app_uid` sees a record, if any. A direct share wins over a folder.
pub fn record_share(
    store: &Store,
    app_uid: &str,
    record_uid: &str,
    record_folder: Option<&str>,
) -> anyhow::Result<Option<ShareRow>> {
    let shares = store.shares(app_uid)?;
    let direct = shares.iter().find(|s| s.kind == ShareKind::Record && s.target_uid == record_uid);
    let via_folder =
        || shares.iter().find(|s| s.kind == ShareKind::Folder && Some(s.target_uid.as_str()) == record_folder);
    Ok(direct.or_else(via_folder).cloned())
}

/// The folder share of `app_uid` for a shared folder, if any.
pub fn folder_share(store: &Store, app_uid: &str, shared_folder_uid: &str) -> anyhow::Result<Option<ShareRow>> {
    Ok(store.shares(app_uid)?.into_iter().find(|s| s.kind == ShareKind::Folder && s.target_uid == shared_folder_uid))
}

/// One line of a delete answer: `ok`, or the error's code and message.
pub fn delete_status<K>(uid: K, outcome: Result<(), ApiError>) -> DeleteStatus<K> {
    match outcome {
        Ok(()) => DeleteStatus { uid, response_code: "ok".into(), error_message: None },
        Err(error) => DeleteStatus {
            uid,
            response_code: error.body.code().unwrap_or("error").to_string(),
            error_message: error.body.message,
        },
    }
}

/// Decodes a base64 payload field, naming it when it is not base64.
pub fn decode_field(name: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    ksm_proto::b64::decode(text).map_err(|_| ApiError::bad_request(format!("{name} is not base64")))
}
