//! One-time share (docs/share.md): its own paths, never mixed with the KSM API.
//!
//! - `/api/share/v1/owner/{op}`: the `ksm` side, signed and encrypted exactly like the KSM
//!   API (the same device authentication, `api::authenticate`);
//! - `/api/share/v1/r/{id}` and `/api/share/v1/s/{id}…`: the anonymous page side, plain JSON,
//!   rate-limited per address and per link, one uniform answer for every dead link;
//! - `/share/r`, `/share/s`, `/share/static/*`: the static pages, the same for every link.

mod owner;
mod pages;
mod public;

use crate::api::{ApiError, RateLimiter, ServerState};
use crate::store::Store;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Anonymous requests allowed per client address per minute, over all share links.
pub const PER_ADDRESS_PER_MINUTE: u32 = 60;
/// Anonymous requests allowed per link per minute, from all addresses together.
pub const PER_LINK_PER_MINUTE: u32 = 20;
/// Longest life of a request or a send.
pub const MAX_EXPIRY_SECONDS: i64 = 7 * 24 * 3600;

/// `serve --public-url`: the base of share links, told to `ksm` when it creates one.
static PUBLIC_URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Set once by `serve` before it listens.
pub fn announce_public_url(url: Option<String>) {
    let _ = PUBLIC_URL.set(url);
}

fn public_url() -> Option<&'static str> {
    PUBLIC_URL.get().and_then(|url| url.as_deref())
}

/// `--public-url`: `https://host[:port][/prefix]`, without query or fragment.
pub fn parse_public_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .ok_or_else(|| format!("'{text}' must start with https:// (share links carry secrets)"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
        return Err(format!("'{text}' must be https://host[:port][/path], without ? or #"));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// The two anonymous rate limiters, keyed by address and by link; counted where the device
/// limits are (`RateLimiter::check_in`), so with PostgreSQL they hold across replicas.
struct Limiters {
    per_address: RateLimiter,
    per_link: RateLimiter,
}

impl Limiters {
    fn check(&self, store: &Store, address: IpAddr, link_id: &str) -> Result<(), ShareError> {
        self.per_address.check_in(store, &address.to_string(), "share_address")?.map_err(|_| ShareError::Throttled)?;
        self.per_link.check_in(store, link_id, "share_link")?.map_err(|_| ShareError::Throttled)
    }
}

/// How often expired shares lose their ciphertext when no share call does it first.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

pub fn router(state: &Arc<ServerState>) -> Router<Arc<ServerState>> {
    // Every share call also purges first; this catches links nobody calls.
    crate::api::spawn_sweeper(state, SWEEP_EVERY, "cannot purge expired shares", |state| {
        state.store().purge_expired_shares().map(drop)
    });
    let minute = Duration::from_secs(60);
    let limiters = Arc::new(Limiters {
        per_address: RateLimiter::new(PER_ADDRESS_PER_MINUTE, minute),
        per_link: RateLimiter::new(PER_LINK_PER_MINUTE, minute),
    });
    Router::new()
        .route("/api/share/v1/owner/{op}", post(owner::endpoint))
        .route("/api/share/v1/r/{id}", get(public::request_form).post(public::request_submit))
        .route("/api/share/v1/s/{id}", get(public::send_meta))
        .route("/api/share/v1/s/{id}/open", post(public::send_open))
        .route("/share/r", get(pages::request_page))
        .route("/share/s", get(pages::send_page))
        .route("/share/{mangled}", get(pages::mangled_link))
        .route("/share/static/{file}", get(pages::asset))
        .layer(Extension(limiters))
}

/// What the page side can be told. Every dead state is `Gone`, byte for byte the same.
#[derive(Debug)]
pub enum ShareError {
    Gone,
    Throttled,
    OtherDevice,
    BadRequest(String),
    /// A body `api::body` refused (too large, too slow, server busy, unreadable), answered as
    /// the KSM API answers it.
    Body(ApiError),
    Internal,
}

impl From<ApiError> for ShareError {
    fn from(error: ApiError) -> Self {
        ShareError::Body(error)
    }
}

impl From<anyhow::Error> for ShareError {
    fn from(error: anyhow::Error) -> Self {
        eprintln!("ksm-server: internal error: {error:#}");
        ShareError::Internal
    }
}

impl IntoResponse for ShareError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ShareError::Gone => (
                StatusCode::NOT_FOUND,
                "gone",
                "This link cannot be used: it expired, was already used, or was revoked.".to_string(),
            ),
            ShareError::Throttled => {
                (StatusCode::TOO_MANY_REQUESTS, "throttled", "Too many attempts; wait a minute and retry.".into())
            }
            ShareError::OtherDevice => (
                StatusCode::FORBIDDEN,
                "other_device",
                "This link was already opened on another device; only that device can open it.".into(),
            ),
            ShareError::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message),
            ShareError::Body(error) => {
                let mut response = error.into_response();
                response.headers_mut().extend(api_headers());
                return response;
            }
            ShareError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error".into()),
        };
        let body = serde_json::json!({ "error": code, "message": message }).to_string();
        (status, api_headers(), body).into_response()
    }
}

/// Headers on every anonymous API answer: never cached, never referred, never indexed.
fn api_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
}

fn json_answer(status: StatusCode, body: serde_json::Value) -> Response {
    (status, api_headers(), body.to_string()).into_response()
}

/// A coarse description of who answered: browser family and the /24 (or /48) network. Full
/// addresses and user agents are not kept.
fn client_hint(headers: &HeaderMap, address: IpAddr) -> String {
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let family =
        [("ksm/", "ksm"), ("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
            .iter()
            .find(|(needle, _)| agent.contains(needle))
            .map_or("other client", |(_, name)| name);
    let network = match address {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
    };
    format!("{family} from {network}")
}

/// Constant-time comparison of two token hashes.
fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Owner errors keep the KSM API's error shape (the `ksm` client already reads it).
fn not_yours(id: &str) -> ApiError {
    ApiError::not_found(format!("no share {id} of this application"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_https_without_query_or_fragment() {
        assert_eq!(parse_public_url("https://vault.example.com/ksm/").unwrap(), "https://vault.example.com/ksm");
        for bad in ["http://vault.example.com", "https://", "https:///x", "https://h/?a", "https://h/#x", "vault"] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn client_hints_keep_only_a_family_and_a_network() {
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, HeaderValue::from_static("Mozilla/5.0 Chrome/148.0 Safari/537.36"));
        let hint = client_hint(&headers, "203.0.113.77".parse().unwrap());
        assert_eq!(hint, "Chrome from 203.0.113.0/24");
        assert_eq!(
            client_hint(&HeaderMap::new(), "2001:db8:1:2::9".parse().unwrap()),
            "other client from 2001:db8:1::/48"
        );
    }

    #[test]
    fn hashes_compare_equal_only_when_identical() {
        assert!(same_hash(&[1, 2, 3], &[1, 2, 3]));
        assert!(!same_hash(&[1, 2, 3], &[1, 2, 4]));
        assert!(!same_hash(&[1, 2], &[1, 2, 3]));
    }
}
