//! The KSM API: `POST /api/rest/sm/v1/<endpoint>`, plus the file upload and download URLs it
//! hands out.

mod answer_buffers;
mod answer_cache;
pub mod audit_retention;
mod auth;
mod body;
mod device_keys;
mod error;
mod file_stream;
mod files;
mod folders;
mod get;
mod owner;
mod rate_limit;
mod read_log;
mod records;
mod replay;
mod shared_turns;

pub(crate) use auth::{authenticate, authenticate_owner, Authenticated};
pub use body::{BodyBudget, BufferedBody, PendingBody};
pub use error::{transact, ApiError};
pub use rate_limit::RateLimiter;
pub use read_log::ReadLog;

use crate::identity::ServerIdentity;
use crate::store::{ContentSource, ShareKind, ShareRow, Store};
use anyhow::Context;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get as get_route, post};
use axum::Router;
use bytes::Bytes;
use ksm_proto::envelope::seal_response;
use ksm_proto::wire::{DeleteStatus, Endpoint};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Limits a server enforces; documented in `docs/self-hosting.md` and `docs/security.md`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_request_bytes: usize,
    pub max_file_bytes: usize,
    /// For a whole API request body; for an upload, for its form fields before the file and
    /// for each gap in the file's bytes.
    pub body_timeout: Duration,
}

pub struct ServerState {
    pub identity: ServerIdentity,
    /// The key id clients must use (the identity's, unless overridden to exercise rotation).
    pub key_id: String,
    pub owner_public_key: Vec<u8>,
    pub limits: Limits,
    pub rate_limiter: RateLimiter,
    pub body_budget: BodyBudget,
    /// Where uploads are received before they are checked and stored (the data directory's
    /// `uploads/`).
    pub upload_dir: PathBuf,
    replay_guard: replay::ReplayGuard,
    device_keys: device_keys::DeviceKeys,
    /// Reads' audit entries and devices' last-seen times, written in batches.
    pub read_log: ReadLog,
    answer_cache: answer_cache::AnswerCache,
    /// Turns to seal an answer larger than `SEALED_IN_TURN_FROM`, one per core.
    large_seals: tokio::sync::Semaphore,
    /// The buffers such answers are sealed into.
    answer_buffers: Arc<answer_buffers::AnswerBuffers>,
    /// Connections to the vault, each used by one request at a time (see `store`).
    stores: Vec<Mutex<Store>>,
    /// Where downloads read file content from; fixed for the life of the server.
    content_source: ContentSource,
    next_store: AtomicUsize,
}

/// What a `ServerState` is built from besides its store.
pub struct ServerSetup {
    pub identity: ServerIdentity,
    pub key_id: String,
    pub limits: Limits,
    pub rate_limiter: RateLimiter,
    pub body_budget: BodyBudget,
    pub upload_dir: PathBuf,
}

impl ServerState {
    /// A state over `stores`, connections to one vault (at least one), and `read_log`.
    pub fn new(setup: ServerSetup, stores: Vec<Store>, read_log: ReadLog) -> anyhow::Result<Self> {
        let first = stores.first().context("no connection to the vault")?;
        let (owner_public_key, content_source) = (first.owner_public_key()?, first.content_source());
        let ServerSetup { identity, key_id, limits, rate_limiter, body_budget, upload_dir } = setup;
        Ok(Self {
            identity,
            key_id,
            owner_public_key,
            limits,
            rate_limiter,
            body_budget,
            upload_dir,
            replay_guard: replay::ReplayGuard::default(),
            device_keys: device_keys::DeviceKeys::default(),
            read_log,
            answer_cache: answer_cache::AnswerCache::default(),
            large_seals: tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, usize::from)),
            answer_buffers: Arc::default(),
            stores: stores.into_iter().map(Mutex::new).collect(),
            content_source,
            next_store: AtomicUsize::new(0),
        })
    }

    /// A connection to the vault for this request: a free one if there is one, else the next
    /// in turn once it is free. Requests on different connections run side by side: SQLite
    /// in WAL mode lets readers go on while one connection writes, and keeps transactions
    /// (`Store::transaction`, `BEGIN IMMEDIATE`) one at a time across connections; PostgreSQL
    /// does the same across connections and replicas.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        let start = self.next_store.fetch_add(1, Ordering::Relaxed);
        let count = self.stores.len();
        for offset in 0..count {
            if let Ok(store) = self.stores[(start + offset) % count].try_lock() {
                return store;
            }
        }
        self.stores[start % count].lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub fn router(state: Arc<ServerState>) -> Router {
    let limits = state.limits;
    spawn_sweeper(&state, answer_buffers::IDLE_RELEASE_EVERY, "cannot free spare answer buffers", |state| {
        state.answer_buffers.release_idle();
        Ok(())
    });
    // The API reads its body itself (see `endpoint`) so that an oversized one gets a JSON error.
    let api = Router::new()
        .route("/api/rest/sm/v1/{endpoint}", post(endpoint))
        .route("/api/owner/v1/{op}", post(owner::endpoint));
    let uploads = Router::new()
        .route("/files/upload/{file_uid}", post(files::upload))
        .layer(DefaultBodyLimit::max(limits.max_file_bytes + files::FORM_OVERHEAD_BYTES));
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

    /// The device as the store and the audit log name it (a keyed hash of its client id).
    pub fn client_id(&self) -> &str {
        &self.auth.client.device_id
    }

    pub fn app_uid(&self) -> &str {
        &self.auth.client.app_uid
    }

    /// The audit entry of a read, stored by the read log (`read_log`).
    pub fn note_read(&self, action: &'static str, detail: Arc<str>) -> anyhow::Result<()> {
        let note =
            read_log::Note::Read { time: crate::store::now_ms(), device_id: self.client_id().into(), action, detail };
        self.state.read_log.note(note, || self.state.store())
    }
}

async fn endpoint(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    answer(state, &name, peer, headers, body).await.unwrap_or_else(IntoResponse::into_response)
}

/// Everything the URL and headers can show is checked before the body is read.
async fn answer(
    state: Arc<ServerState>,
    name: &str,
    peer: SocketAddr,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let endpoint =
        Endpoint::from_path(name).ok_or_else(|| ApiError::not_found(format!("unknown endpoint '{name}'")))?;
    let (envelope, body) = read_signed(&state, &headers, body).await?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_string();
    let work = {
        let state = Arc::clone(&state);
        move || handle(&state, endpoint, &headers, envelope, &body.bytes, peer, &host)
    };
    match run_blocking(work).await?? {
        Handled::Answered(response) => Ok(response),
        Handled::ToSeal { transmission_key, json } => {
            let _turn = state.large_seals.acquire().await.map_err(|_| ApiError::internal())?;
            let buffers = Arc::clone(&state.answer_buffers);
            run_blocking(move || sealed_answer(buffers.seal(&transmission_key, &json))).await
        }
    }
}

/// Answers at least this large are sealed in turn, at most one per core at a time, the others
/// waiting in arrival order without holding a thread (`ServerState::large_seals`), into
/// buffers used again (`answer_buffers`). With 200 devices reading 600 KB answers, sealing
/// them all at once on 200 blocking threads raised the p99 by a fifth (docs/performance.md);
/// a smaller answer is sealed at once, where a turn would cost more than it saves.
const SEALED_IN_TURN_FROM: usize = 256 << 10;

/// What `handle` leaves to do once the request is decided.
enum Handled {
    Answered(Response),
    /// A large answer, to be sealed in turn.
    ToSeal {
        transmission_key: ksm_proto::crypto::SymmetricKey,
        json: Arc<Vec<u8>>,
    },
}

fn sealed_answer(body: Bytes) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], body).into_response()
}

/// The start of every signed call (the KSM API and the one-time share owner API): what the
/// headers show is checked first, then the body is read within the size limit, the time limit
/// and the server-wide budget of buffered bytes (`PendingBody`, which the anonymous share
/// endpoints use too).
pub async fn read_signed(
    state: &ServerState,
    headers: &HeaderMap,
    body: Body,
) -> Result<(auth::Envelope, BufferedBody), ApiError> {
    let body = PendingBody::check(headers, body, state.limits.max_request_bytes)?;
    let envelope = auth::open_envelope(state, headers)?;
    Ok((envelope, body.read(state).await?))
}

/// Runs `sweep` on a blocking thread now and then every `every` while the server runs (after
/// a long sweep the next waits a whole period, with no burst to catch up); its error is logged
/// after `what` and the next sweep tries again. Nothing runs outside a tokio runtime.
pub fn spawn_sweeper(
    state: &Arc<ServerState>,
    every: Duration,
    what: &'static str,
    sweep: impl Fn(&ServerState) -> anyhow::Result<()> + Send + Sync + 'static,
) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    let (state, sweep) = (Arc::clone(state), Arc::new(sweep));
    runtime.spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (state, sweep) = (Arc::clone(&state), Arc::clone(&sweep));
            let swept = tokio::task::spawn_blocking(move || sweep(&state))
                .await
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the sweep stopped unexpectedly; the next one retries")));
            if let Err(error) = swept {
                crate::serve::log(format_args!("{what}: {error:#}"));
            }
        }
    });
}

/// Runs database and crypto work off the async threads; a panic there answers 500.
pub async fn run_blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| ApiError::internal())
}

fn handle(
    state: &ServerState,
    endpoint: Endpoint,
    headers: &HeaderMap,
    envelope: auth::Envelope,
    body: &[u8],
    peer: SocketAddr,
    host: &str,
) -> Result<Handled, ApiError> {
    let auth = auth::authenticate(state, endpoint, headers, envelope, body, peer.ip())?;
    let call = Call { state, auth: &auth, host };
    let json = match endpoint {
        // Shared with the answer cache, not copied.
        Endpoint::GetSecret => Some(get::secrets(&call)?),
        Endpoint::GetFolders => Some(get::folders(&call)?.into()),
        Endpoint::UpdateSecret => records::update(&call)?.map(Arc::new),
        Endpoint::FinalizeSecretUpdate => records::complete_transaction(&call, true)?.map(Arc::new),
        Endpoint::RollbackSecretUpdate => records::complete_transaction(&call, false)?.map(Arc::new),
        Endpoint::CreateSecret => records::create(&call)?.map(Arc::new),
        Endpoint::DeleteSecret => Some(records::delete(&call)?.into()),
        Endpoint::CreateFolder => folders::create(&call)?.map(Arc::new),
        Endpoint::UpdateFolder => folders::update(&call)?.map(Arc::new),
        Endpoint::DeleteFolder => Some(folders::delete(&call)?.into()),
        Endpoint::AddFile => Some(files::add(&call)?.into()),
    };
    match json {
        Some(json) if json.len() >= SEALED_IN_TURN_FROM => {
            Ok(Handled::ToSeal { transmission_key: auth.transmission_key, json })
        }
        json => Ok(Handled::Answered(sealed_answer(
            json.map(|json| seal_response(&auth.transmission_key, &json).into()).unwrap_or_default(),
        ))),
    }
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
