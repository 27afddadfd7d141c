//! The anonymous side, used by the pages and by `ksm share open|submit`. Nothing here trusts
//! the caller beyond the token derived from the link, and every dead link answers `Gone`.

use super::{client_hint, json_answer, same_hash, Limiters, ShareError};
use crate::api::{PendingBody, ServerState};
use crate::store::{ShareRequestRow, ShareSendRow, Store};
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use ksm_proto::b64;
use ksm_proto::crypto::{GCM_OVERHEAD, PUBLIC_KEY_LEN};
use ksm_proto::share::hpke::ENC_LEN;
use ksm_proto::share::link::token_hash;
use ksm_proto::share::padding::BUCKETS;
use ksm_proto::uid::is_uid;
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

/// How far a device's clock may be from the server's when it signs an open.
const CLOCK_SKEW_MS: i64 = 10 * 60 * 1000;
/// An AES-GCM tag: HPKE ciphertexts are the padded plaintext plus this.
const TAG_LEN: usize = 16;
/// A link token (`LinkSecret::token`).
const TOKEN_LEN: usize = 32;
/// The longest ECDSA P-256 signature, DER-encoded.
const MAX_SIGNATURE_LEN: usize = 72;
/// Room for the JSON around the base64 fields: names, quotes, a time, whitespace.
const JSON_SLACK: usize = 1024;

const fn base64_len(bytes: usize) -> usize {
    bytes.div_ceil(3) * 4
}

/// The largest answer body: the token, `enc` and an answer padded to the largest bucket.
const MAX_SUBMIT_BODY: usize =
    base64_len(TOKEN_LEN) + base64_len(ENC_LEN) + base64_len(BUCKETS[BUCKETS.len() - 1] + TAG_LEN) + JSON_SLACK;
/// The largest open body: the token, the device key, a time and a signature.
const MAX_OPEN_BODY: usize =
    base64_len(TOKEN_LEN) + base64_len(PUBLIC_KEY_LEN) + base64_len(MAX_SIGNATURE_LEN) + JSON_SLACK;

type Outcome = Result<Response, ShareError>;

fn checked_id(id: &str) -> Result<(), ShareError> {
    // A malformed id can name no link: the same answer as an unknown one.
    if is_uid(id) {
        Ok(())
    } else {
        Err(ShareError::Gone)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ShareError> {
    serde_json::from_slice(body).map_err(|e| ShareError::BadRequest(format!("malformed request: {e}")))
}

fn field(name: &str, text: &str) -> Result<Vec<u8>, ShareError> {
    b64::decode(text).map_err(|_| ShareError::BadRequest(format!("{name} is not base64")))
}

/// SHA-256 of the presented token, computed before any lookup so that an unknown link costs
/// the same work as a known one.
fn presented_hash(token: &str) -> Result<[u8; 32], ShareError> {
    Ok(token_hash(&field("token", token)?))
}

fn open_request(store: &Store, id: &str) -> Result<ShareRequestRow, ShareError> {
    store.purge_expired_shares()?;
    store.share_request(id)?.filter(|r| r.state == "open").ok_or(ShareError::Gone)
}

fn live_send(store: &Store, id: &str) -> Result<ShareSendRow, ShareError> {
    store.purge_expired_shares()?;
    store.share_send(id)?.filter(|s| s.state == "open" || s.state == "bound").ok_or(ShareError::Gone)
}

/// What an anonymous POST reads: its largest body, and whether its link can still take it.
struct Post {
    max_body: usize,
    alive: fn(&Store, &str) -> Result<(), ShareError>,
}

const SUBMIT: Post = Post { max_body: MAX_SUBMIT_BODY, alive: |store, id| open_request(store, id).map(drop) };
const OPEN: Post = Post { max_body: MAX_OPEN_BODY, alive: |store, id| live_send(store, id).map(drop) };

/// The start of both anonymous POSTs: everything the address, URL and headers show is checked
/// (the id, the declared length, the rate limits, that the link is alive) before the body is read
/// through `api::body`, within the post's limit, the body timeout and the server's buffer budget.
async fn read_body(
    post: &Post,
    state: &Arc<ServerState>,
    limiters: &Arc<Limiters>,
    peer: SocketAddr,
    id: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Vec<u8>, ShareError> {
    checked_id(id)?;
    let pending = PendingBody::check(headers, body, post.max_body)?;
    let (lookup, limiters, lookup_id, alive) = (state.clone(), limiters.clone(), id.to_string(), post.alive);
    blocking(move || {
        let store = lookup.store();
        limiters.check(&store, peer.ip(), &lookup_id)?;
        alive(&store, &lookup_id)
    })
    .await?;
    Ok(pending.read(state).await?.bytes)
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ShareError> + Send + 'static,
) -> Result<T, ShareError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| ShareError::Internal)?
}

/// `GET /api/share/v1/r/{id}`: an open request's encrypted label. Changes nothing.
pub async fn request_form(
    State(state): State<Arc<ServerState>>,
    Extension(limiters): Extension<Arc<Limiters>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
) -> Outcome {
    checked_id(&id)?;
    blocking(move || {
        let store = state.store();
        limiters.check(&store, peer.ip(), &id)?;
        let request = open_request(&store, &id)?;
        Ok(json_answer(
            StatusCode::OK,
            json!({ "label": b64::encode(&request.label), "expiresAt": request.expires_at }),
        ))
    })
    .await
}

#[derive(Deserialize)]
struct Submit {
    token: String,
    enc: String,
    ciphertext: String,
}

/// `POST /api/share/v1/r/{id}`: the one answer to a request (compare-and-set `open → fulfilled`).
pub async fn request_submit(
    State(state): State<Arc<ServerState>>,
    Extension(limiters): Extension<Arc<Limiters>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Outcome {
    let body = read_body(&SUBMIT, &state, &limiters, peer, &id, &headers, body).await?;
    let submit: Submit = parse(&body)?;
    let enc = field("enc", &submit.enc)?;
    let ciphertext = field("ciphertext", &submit.ciphertext)?;
    if enc.len() != ENC_LEN {
        return Err(ShareError::BadRequest(format!("enc must be a {ENC_LEN}-byte P-256 point")));
    }
    if !BUCKETS.iter().any(|bucket| bucket + TAG_LEN == ciphertext.len()) {
        return Err(ShareError::BadRequest("ciphertext is not a padded HPKE ciphertext".into()));
    }
    let presented = presented_hash(&submit.token)?;
    let hint = client_hint(&headers, peer.ip());
    blocking(move || {
        let mut store = state.store();
        store.purge_expired_shares()?;
        let request = store.share_request(&id)?.ok_or(ShareError::Gone)?;
        if !same_hash(&presented, &request.token_hash) {
            return Err(ShareError::Gone);
        }
        let won = store.transaction(|store| {
            let won = store.fulfil_share_request(&id, &enc, &ciphertext, &hint)?;
            if won {
                store.audit(None, "share_request_fulfilled", Some(&id), Some(&hint))?;
            }
            Ok(won)
        })?;
        if !won {
            return Err(ShareError::Gone);
        }
        Ok(json_answer(StatusCode::CREATED, json!({ "state": "fulfilled" })))
    })
    .await
}

/// `GET /api/share/v1/s/{id}`: whether a send can still be opened. Changes nothing, so a
/// link preview or a scanner consumes nothing.
pub async fn send_meta(
    State(state): State<Arc<ServerState>>,
    Extension(limiters): Extension<Arc<Limiters>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
) -> Outcome {
    checked_id(&id)?;
    blocking(move || {
        let store = state.store();
        limiters.check(&store, peer.ip(), &id)?;
        let send = live_send(&store, &id)?;
        Ok(json_answer(StatusCode::OK, json!({ "expiresAt": send.expires_at, "once": send.once })))
    })
    .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Open {
    token: String,
    /// The viewing device's P-256 public key, an uncompressed point.
    device_key: String,
    /// Milliseconds since the epoch; must grow from one view to the next.
    time: i64,
    /// ECDSA P-256/SHA-256 over `open_message(id, time)`, raw `r ‖ s` or DER.
    signature: String,
}

/// The bytes a device signs to open a send.
pub fn open_message(id: &str, time: i64) -> String {
    format!("ksm-share/v1 open\n{id}\n{time}")
}

fn verify_device(device_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    let Ok(key) = VerifyingKey::from_sec1_bytes(device_key) else { return false };
    let signature =
        if signature.len() == 64 { Signature::from_slice(signature) } else { Signature::from_der(signature) };
    signature.is_ok_and(|signature| key.verify(message, &signature).is_ok())
}

/// `POST /api/share/v1/s/{id}/open`: a view. The first device binds the send; later views
/// must be signed by the same device; a `--once` send burns on its first view.
pub async fn send_open(
    State(state): State<Arc<ServerState>>,
    Extension(limiters): Extension<Arc<Limiters>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Outcome {
    let body = read_body(&OPEN, &state, &limiters, peer, &id, &headers, body).await?;
    let open: Open = parse(&body)?;
    let device_key = field("deviceKey", &open.device_key)?;
    let signature = field("signature", &open.signature)?;
    if device_key.len() != PUBLIC_KEY_LEN {
        return Err(ShareError::BadRequest("deviceKey must be an uncompressed P-256 point".into()));
    }
    if (open.time - crate::store::now_ms()).abs() > CLOCK_SKEW_MS {
        return Err(ShareError::BadRequest(
            "time is too far from the server's clock; check this device's clock".into(),
        ));
    }
    if !verify_device(&device_key, open_message(&id, open.time).as_bytes(), &signature) {
        return Err(ShareError::BadRequest("the device signature does not verify".into()));
    }
    let presented = presented_hash(&open.token)?;
    let hint = client_hint(&headers, peer.ip());
    blocking(move || {
        let mut store = state.store();
        let send = live_send(&store, &id)?;
        if !same_hash(&presented, &send.token_hash) {
            return Err(ShareError::Gone);
        }
        if send.device_key.as_ref().is_some_and(|bound| bound != &device_key) {
            store.audit(None, "share_send_refused_other_device", Some(&id), Some(&hint))?;
            return Err(ShareError::OtherDevice);
        }
        let ciphertext = send.ciphertext.clone().ok_or(ShareError::Gone)?;
        let viewed = store.transaction(|store| {
            let viewed = store.view_share_send(&id, &device_key, open.time)?;
            if viewed {
                let action = if send.once { "share_send_burned" } else { "share_send_viewed" };
                store.audit(None, action, Some(&id), Some(&hint))?;
            }
            Ok(viewed)
        })?;
        if !viewed {
            // Lost a race with another view, or replayed an old signed time.
            return Err(ShareError::Gone);
        }
        Ok(json_answer(StatusCode::OK, json!({ "ciphertext": b64::encode(&ciphertext), "once": send.once })))
    })
    .await
}

/// Smallest possible send content: GCM of the smallest padding bucket.
pub const MIN_SEND_CONTENT: usize = BUCKETS[0] + GCM_OVERHEAD;
