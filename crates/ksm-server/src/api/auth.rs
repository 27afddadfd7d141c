//! Request checks, in the order of PROTOCOL.md §15: key id, transmission key (both from the
//! headers, before the body is read: `open_envelope`), body, client id, signature (binding a
//! new device on first use), replay, device state, client version, rate limit.
//!
//! A bound device's key is kept in memory (`DeviceKeys`), so its request is checked against
//! it without reading its row first; the row is read as the request is admitted (with the
//! replay check and the vault revision, in one batch with the requests admitted at the same
//! time: `ReplayGuard::admit`, `Store::admit`), and every check after the signature uses
//! that row. A device removed since its key was kept is refused there as an unknown client id.

use super::error::ApiError;
use super::read_log::Note;
use super::ServerState;
use crate::store::{now_ms, ClientRow};
use axum::http::HeaderMap;
use ksm_proto::b64;
use ksm_proto::crypto::{EcPublicKey, SymmetricKey};
use ksm_proto::envelope::{open_body, parse_authorization, signed_bytes};
use ksm_proto::wire::{Endpoint, GetPayload, PayloadHeader};
use std::net::IpAddr;
use std::sync::Arc;

/// A request that passed every check.
pub struct Authenticated {
    pub transmission_key: SymmetricKey,
    pub client: ClientRow,
    /// Decrypted payload JSON.
    pub payload: Vec<u8>,
    /// Set when this request bound the device: GCM(token, app key), to send back once.
    pub encrypted_app_key: Option<Vec<u8>>,
    /// The vault revision when the request was admitted, before anything of the vault was read.
    pub vault_revision: i64,
}

/// What the headers alone establish: checked before any of the body is read.
pub struct Envelope {
    encrypted_tk: Vec<u8>,
    transmission_key: SymmetricKey,
}

/// The key id and the transmission key, from the headers.
pub fn open_envelope(state: &ServerState, headers: &HeaderMap) -> Result<Envelope, ApiError> {
    let key_id = header(headers, "PublicKeyId").unwrap_or_default();
    if key_id.trim() != state.key_id {
        return Err(ApiError::key(&state.key_id));
    }
    let encrypted_tk = header(headers, "TransmissionKey")
        .and_then(|text| b64::decode(text).ok())
        .ok_or_else(|| ApiError::bad_request("missing or malformed TransmissionKey header"))?;
    let transmission_key = state
        .identity
        .transmission_key
        .open(&encrypted_tk)
        .map_err(|_| ApiError::bad_request("the transmission key does not decrypt with this server's key"))?;
    Ok(Envelope { encrypted_tk, transmission_key })
}

pub fn authenticate(
    state: &ServerState,
    endpoint: Endpoint,
    headers: &HeaderMap,
    envelope: Envelope,
    body: &[u8],
    peer: IpAddr,
) -> Result<Authenticated, ApiError> {
    let Envelope { encrypted_tk, transmission_key } = envelope;
    let payload = open_payload(&transmission_key, body)?;
    let header_fields: PayloadHeader =
        serde_json::from_slice(&payload).map_err(|e| ApiError::bad_request(format!("malformed payload: {e}")))?;

    let device_id = state.store().device_id(&header_fields.client_id);
    let known = known_key(state, &device_id)?;
    let signature = header(headers, "Authorization")
        .and_then(parse_authorization)
        .ok_or_else(|| ApiError::access_denied("missing or malformed Authorization header"))?;
    let signer = signer(known, offered_public_key(endpoint, &payload)?)?;
    verify(signer.key(), &signed_bytes(&encrypted_tk, body), &signature)?;

    let admission = state.replay_guard.admit(|| state.store(), &encrypted_tk, &device_id)?;
    if !admission.first_use {
        return Err(ApiError::access_denied("this request was already received once (replayed)"));
    }
    let Some(client) = admission.client else {
        state.device_keys.forget(&device_id);
        return Err(unknown_client());
    };
    let binding = match signer {
        Signer::Bound { key, offers_key } => {
            if client.public_key.as_deref() != Some(&*key) {
                state.device_keys.forget(&device_id);
                return Err(ApiError::access_denied("Signature is invalid"));
            }
            offers_key.then_some(Binding::Again).filter(|_| answer_still_available(&client, now_ms()))
        }
        Signer::Binding(offered) => Some(Binding::First(offered)),
    };
    check_device_state(&client, peer)?;
    if !client_version_supported(&header_fields.client_version) {
        return Err(ApiError::invalid_client_version(&shown_version(&header_fields.client_version)));
    }
    state.rate_limiter.check_in(&state.store(), &client.device_id, endpoint.path())?.map_err(ApiError::throttled)?;

    let encrypted_app_key = match &binding {
        Some(Binding::First(public_key)) => Some(bind(state, &client, public_key, peer)?),
        Some(Binding::Again) => client.encrypted_app_key.clone(),
        None => None,
    };
    let seen = Note::Seen { time: now_ms(), device_id: client.device_id.clone() };
    state.read_log.note(seen, || state.store())?;
    Ok(Authenticated { transmission_key, client, payload, encrypted_app_key, vault_revision: admission.vault_revision })
}

/// Who signed a request.
enum Signer {
    /// The device's bound key; `offers_key` when the request offers it again, to fetch its
    /// binding answer a second time.
    Bound { key: Arc<[u8]>, offers_key: bool },
    /// The key an unbound device offers to bind.
    Binding(Vec<u8>),
}

impl Signer {
    fn key(&self) -> &[u8] {
        match self {
            Signer::Bound { key, .. } => key,
            Signer::Binding(offered) => offered,
        }
    }
}

/// What the server knows of a device's key before its request is admitted.
enum KnownKey {
    /// Its bound key: kept in memory (`DeviceKeys`) once read from its row.
    Bound(Arc<[u8]>),
    /// The device is not bound yet: when its token expires.
    Unbound { token_expires_at: Option<i64> },
}

fn known_key(state: &ServerState, device_id: &str) -> Result<KnownKey, ApiError> {
    if let Some(key) = state.device_keys.get(device_id) {
        return Ok(KnownKey::Bound(key));
    }
    let client = state.store().client(device_id)?.ok_or_else(unknown_client)?;
    Ok(match client.public_key {
        Some(key) => {
            let key = Arc::from(key);
            state.device_keys.remember(device_id, &key);
            KnownKey::Bound(key)
        }
        None => KnownKey::Unbound { token_expires_at: client.token_expires_at },
    })
}

/// The key a request must be signed with, given the key it offers (a get request's
/// `publicKey`): the bound key, else the offered one while the token is valid.
fn signer(known: KnownKey, offered: Option<Vec<u8>>) -> Result<Signer, ApiError> {
    match known {
        KnownKey::Bound(key) => {
            if offered.as_ref().is_some_and(|offered| **offered != *key) {
                return Err(ApiError::access_denied(
                    "this one-time access token has already been used; ask the administrator for a new one",
                ));
            }
            Ok(Signer::Bound { key, offers_key: offered.is_some() })
        }
        KnownKey::Unbound { token_expires_at } => {
            let offered = offered.ok_or_else(|| {
                ApiError::access_denied(
                    "this device is not bound yet: its first request must be get_secret with its public key",
                )
            })?;
            if token_expires_at.is_some_and(|expiry| expiry < now_ms()) {
                return Err(ApiError::access_denied("this one-time access token has expired; ask for a new one"));
            }
            Ok(Signer::Binding(offered))
        }
    }
}

fn unknown_client() -> ApiError {
    ApiError::access_denied("unknown client id: this device was never issued a token here")
}

/// An owner API request that passed every check (`api::owner`).
pub struct OwnerRequest {
    pub transmission_key: SymmetricKey,
    /// Decrypted payload JSON.
    pub payload: Vec<u8>,
}

/// The checks of an owner API request after `open_envelope`: the body decrypts, the signature
/// is the registered owner device key's, the request was not seen before.
pub fn authenticate_owner(
    state: &ServerState,
    headers: &HeaderMap,
    envelope: Envelope,
    body: &[u8],
) -> Result<OwnerRequest, ApiError> {
    let Envelope { encrypted_tk, transmission_key } = envelope;
    let payload = open_payload(&transmission_key, body)?;
    let signature = header(headers, "Authorization")
        .and_then(parse_authorization)
        .ok_or_else(|| ApiError::access_denied("missing or malformed Authorization header"))?;
    let registered = state.store().owner_device_key()?.ok_or_else(|| {
        ApiError::access_denied(
            "no owner device key is registered on this server; run `ksm-server owner register` on its machine",
        )
    })?;
    verify(&registered, &signed_bytes(&encrypted_tk, body), &signature).map_err(|_| {
        ApiError::access_denied("the request is not signed by the owner device key registered on this server")
    })?;
    if !state.replay_guard.first_use(&state.store(), &encrypted_tk)? {
        return Err(ApiError::access_denied("this request was already received once (replayed)"));
    }
    Ok(OwnerRequest { transmission_key, payload })
}

fn open_payload(transmission_key: &SymmetricKey, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    open_body(transmission_key, body)
        .map_err(|_| ApiError::bad_request("the request body does not decrypt with the transmission key"))
}

/// Why a request gets the binding answer (`encryptedAppKey`).
enum Binding {
    /// It binds the device to this public key.
    First(Vec<u8>),
    /// The bound device key asks again, within `REBIND_WINDOW_MS`: its first answer was lost.
    Again,
}

/// How long after binding the same device key can fetch its binding answer again, so that a
/// client that died before saving it can retry instead of burning the token. Only time closes
/// the window: a client may make other requests before it has saved the answer.
const REBIND_WINDOW_MS: i64 = 10 * 60 * 1000;

fn answer_still_available(client: &ClientRow, now: i64) -> bool {
    client.encrypted_app_key.is_some() && client.rebind_until.is_some_and(|until| until >= now)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The device public key a get request offers (only unbound devices send one).
fn offered_public_key(endpoint: Endpoint, payload: &[u8]) -> Result<Option<Vec<u8>>, ApiError> {
    if !matches!(endpoint, Endpoint::GetSecret | Endpoint::GetFolders) {
        return Ok(None);
    }
    let get: GetPayload =
        serde_json::from_slice(payload).map_err(|e| ApiError::bad_request(format!("malformed payload: {e}")))?;
    let Some(text) = get.public_key else { return Ok(None) };
    let bytes = b64::decode(&text).map_err(|_| ApiError::bad_request("publicKey is not base64"))?;
    EcPublicKey::from_bytes(&bytes).map_err(|_| ApiError::bad_request("publicKey is not a P-256 public key"))?;
    Ok(Some(bytes))
}

fn verify(public_key: &[u8], signed: &[u8], signature: &[u8]) -> Result<(), ApiError> {
    let key = EcPublicKey::from_bytes(public_key).map_err(|_| ApiError::access_denied("Signature is invalid"))?;
    key.verify(signed, signature).map_err(|_| ApiError::access_denied("Signature is invalid"))
}

fn check_device_state(client: &ClientRow, peer: IpAddr) -> Result<(), ApiError> {
    if client.revoked_at.is_some() {
        return Err(ApiError::access_denied("this client device has been revoked"));
    }
    if client.access_expires_at.is_some_and(|expiry| expiry < now_ms()) {
        return Err(ApiError::access_denied("this device's access to the application has expired"));
    }
    if let Some(locked) = &client.locked_ip {
        if *locked != peer.to_string() {
            return Err(ApiError::access_denied(format!("this device is locked to another IP address than {peer}")));
        }
    }
    Ok(())
}

/// Official SDK versions look like `mp17.3.0`: `m`, a language letter, then a version.
fn client_version_supported(version: &str) -> bool {
    let Some(rest) = version.strip_prefix('m') else { return false };
    let mut chars = rest.chars();
    let language_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let numbers: Vec<&str> = chars.as_str().split('.').collect();
    language_ok
        && (2..=4).contains(&numbers.len())
        && numbers.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && numbers[0].parse::<u32>().is_ok_and(|major| major >= 16)
}

/// At most `MAX_SHOWN_VERSION` characters of a client version, for an error message: the
/// value is the sender's and may be of any size.
fn shown_version(version: &str) -> String {
    const MAX_SHOWN_VERSION: usize = 32;
    match version.char_indices().nth(MAX_SHOWN_VERSION) {
        Some((end, _)) => format!("{}…", &version[..end]),
        None => version.to_string(),
    }
}

fn bind(state: &ServerState, client: &ClientRow, public_key: &[u8], peer: IpAddr) -> Result<Vec<u8>, ApiError> {
    let encrypted_app_key = client
        .encrypted_app_key
        .clone()
        .ok_or_else(|| ApiError::access_denied("this one-time access token can no longer be used"))?;
    let locked_ip = client.ip_lock.then(|| peer.to_string());
    let mut store = state.store();
    let bound = store.transaction(|store| {
        let bound =
            store.bind_client(&client.device_id, public_key, locked_ip.as_deref(), now_ms() + REBIND_WINDOW_MS)?;
        if bound {
            store.audit(Some(&client.device_id), "bind", None, Some(&peer.to_string()))?;
        }
        Ok(bound)
    })?;
    if !bound {
        return Err(ApiError::access_denied(
            "this one-time access token has already been used; ask the administrator for a new one",
        ));
    }
    Ok(encrypted_app_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binding_answer_is_available_until_the_window_closes() {
        let bound = ClientRow {
            device_id: "d".into(),
            app_uid: "a".into(),
            name: "n".into(),
            encrypted_app_key: Some(vec![1]),
            public_key: Some(vec![4]),
            token_expires_at: None,
            ip_lock: false,
            locked_ip: None,
            access_expires_at: None,
            created_at: 0,
            bound_at: Some(1_000),
            last_seen_at: None,
            revoked_at: None,
            rebind_until: Some(1_000 + REBIND_WINDOW_MS),
        };
        assert!(answer_still_available(&bound, 1_000 + REBIND_WINDOW_MS));
        assert!(!answer_still_available(&bound, 1_001 + REBIND_WINDOW_MS));
        let forgotten = ClientRow { encrypted_app_key: None, ..bound.clone() };
        assert!(!answer_still_available(&forgotten, 1_000));
        let never_bound_here = ClientRow { rebind_until: None, ..bound };
        assert!(!answer_still_available(&never_bound_here, 1_000));
    }

    #[test]
    fn accepts_official_sdk_versions_only() {
        for ok in ["mp17.3.0", "mr17.3.0", "mj17.0.1", "mn16.6.4", "mb17.1.0.1"] {
            assert!(client_version_supported(ok), "{ok}");
        }
        for bad in ["", "17.3.0", "mp", "mp17", "mpx.1.0", "mP17.3.0", "mp15.0.0", "xp17.3.0", "mp17..0"] {
            assert!(!client_version_supported(bad), "{bad}");
        }
    }
}
