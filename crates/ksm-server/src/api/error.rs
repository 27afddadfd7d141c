//! Error answers: plaintext JSON with `error` and `message` (PROTOCOL.md §8.2).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ksm_proto::wire::ErrorBody;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Box<ErrorBody>,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self { status, body: Box::new(ErrorBody::new(code, message)) }
    }

    /// The client used a key id we do not serve; `key_id` names the one to use.
    pub fn key(key_id: &str) -> Self {
        let mut error = Self::new(StatusCode::BAD_REQUEST, "key", "invalid key id");
        error.body.key_id = Some(key_id.parse::<u64>().map_or_else(|_| key_id.into(), Into::into));
        error
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn access_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "access_denied", message)
    }

    pub fn throttled(retry_after_seconds: u64) -> Self {
        let mut error = Self::new(StatusCode::FORBIDDEN, "throttled", "too many requests; retry later");
        error.body.retry_after = Some(retry_after_seconds.into());
        error
    }

    pub fn invalid_client_version(version: &str) -> Self {
        let mut error = Self::new(StatusCode::FORBIDDEN, "invalid_client_version", "invalid client version");
        error.body.additional_info = Some(format!("client version '{version}' is not supported by this server"));
        error
    }

    pub fn revision_mismatch(uid: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "invalid_revision",
            format!("record {uid} was changed by someone else; read it again and retry"),
        )
    }

    pub fn transaction_conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "transaction_conflict", message)
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    /// The body did not arrive within the body timeout.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "timeout", message)
    }

    /// The server is holding as many request bytes as it allows; the client should retry.
    pub fn busy(retry_after_seconds: u64) -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the server is receiving too many requests at once; retry shortly",
        );
        error.body.retry_after = Some(retry_after_seconds.into());
        error
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.body.code().unwrap_or("error"))
    }
}

/// So that an answer decided inside a store transaction (`transact`) passes through it.
impl std::error::Error for ApiError {}

/// Unexpected failures (database, I/O) are logged and answered without detail; an `ApiError`
/// carried through a store transaction is answered as it is.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        match error.downcast::<ApiError>() {
            Ok(answer) => answer,
            Err(error) => {
                crate::serve::log(format_args!("internal error: {error:#}"));
                Self::internal()
            }
        }
    }
}

/// Runs `work`, its checks and its writes, in one store transaction, so that what it checked
/// still holds when it writes, whichever connection or replica runs another request meanwhile
/// (transactions run one at a time: see `Store::transaction`). An error rolls it back.
pub fn transact<T>(
    store: &mut crate::store::Store,
    work: impl FnOnce(&crate::store::Store) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    Ok(store.transaction(|store| work(store).map_err(anyhow::Error::new))?)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&*self.body).unwrap_or_default();
        (self.status, [("content-type", "application/json")], body).into_response()
    }
}
