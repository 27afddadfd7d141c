//! Request bodies: the size a request declares is checked before any of it is read; what is
//! read must arrive within the body timeout and is counted against one server-wide budget of
//! buffered request bytes, so that many connections together cannot exhaust memory before
//! anyone has authenticated.

use super::{ApiError, ServerState};
use axum::body::Body;
use axum::http::{header, HeaderMap};
use http_body::Body as _;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Seconds a client told `busy` is asked to wait.
const BUSY_RETRY_AFTER_SECONDS: u64 = 1;

/// The bytes of request bodies all connections together may hold in memory.
pub struct BodyBudget {
    bytes: Arc<Semaphore>,
}

impl BodyBudget {
    pub fn new(bytes: usize) -> Self {
        Self { bytes: Arc::new(Semaphore::new(bytes.min(Semaphore::MAX_PERMITS))) }
    }

    /// Reserves `bytes` more, or answers `busy` when the budget is spent.
    fn reserve(&self, held: &mut Option<OwnedSemaphorePermit>, bytes: usize) -> Result<(), ApiError> {
        if bytes == 0 {
            return Ok(());
        }
        let count = u32::try_from(bytes).map_err(|_| ApiError::busy(BUSY_RETRY_AFTER_SECONDS))?;
        let permit =
            self.bytes.clone().try_acquire_many_owned(count).map_err(|_| ApiError::busy(BUSY_RETRY_AFTER_SECONDS))?;
        match held {
            Some(held) => held.merge(permit),
            None => *held = Some(permit),
        }
        Ok(())
    }
}

/// A request body read into memory; its bytes stay counted in the budget until it is dropped.
pub struct BufferedBody {
    pub bytes: Vec<u8>,
    _reserved: Option<OwnedSemaphorePermit>,
}

/// The `Content-Length` a request declares, if any (an unparsable one is a bad request).
pub fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::CONTENT_LENGTH) else { return Ok(None) };
    let length = value.to_str().ok().and_then(|text| text.trim().parse::<u64>().ok());
    length.map(Some).ok_or_else(|| ApiError::bad_request("the Content-Length header is not a number"))
}

/// Refuses a declared length over `limit` before anything is read.
pub fn check_declared_length(headers: &HeaderMap, limit: u64, what: &str) -> Result<Option<u64>, ApiError> {
    let declared = declared_length(headers)?;
    match declared {
        Some(length) if length > limit => {
            Err(ApiError::too_large(format!("{what} of {length} bytes is over this server's limit of {limit} bytes")))
        }
        _ => Ok(declared),
    }
}

/// A request body whose declared length is within its limit, not read yet: what else the URL
/// and headers show can be checked before `read` takes it in.
pub struct PendingBody {
    body: Body,
    declared: Option<u64>,
    limit: usize,
}

impl PendingBody {
    /// Refuses a declared length over `limit` (413) before anything is read.
    pub fn check(headers: &HeaderMap, body: Body, limit: usize) -> Result<Self, ApiError> {
        let declared = check_declared_length(headers, limit as u64, "a request body")?;
        Ok(Self { body, declared, limit })
    }

    /// Reads the whole body within the server's body timeout and its budget of buffered bytes.
    pub async fn read(self, state: &ServerState) -> Result<BufferedBody, ApiError> {
        read(self.body, self.declared, self.limit, &state.body_budget, state.limits.body_timeout).await
    }
}

/// Reads a whole body of at most `limit` bytes within `timeout`, reserving its `declared` length
/// (already checked against `limit`) from `budget` up front and any further (chunked) bytes as
/// they arrive.
async fn read(
    mut body: Body,
    declared: Option<u64>,
    limit: usize,
    budget: &BodyBudget,
    timeout: Duration,
) -> Result<BufferedBody, ApiError> {
    let too_large = || ApiError::too_large(format!("the request body is over this server's limit of {limit} bytes"));
    let mut reserved = None;
    let mut reserved_bytes = declared.unwrap_or(0) as usize;
    budget.reserve(&mut reserved, reserved_bytes)?;
    let mut bytes = Vec::with_capacity(reserved_bytes);
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx));
        let frame = match tokio::time::timeout_at(deadline, frame).await {
            Err(_) => {
                return Err(ApiError::timeout(format!(
                    "the request body did not arrive within {} seconds",
                    timeout.as_secs()
                )))
            }
            Ok(None) => break,
            Ok(Some(Err(_))) => return Err(ApiError::bad_request("the request body could not be read")),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else { continue };
        let total = bytes.len() + data.len();
        if total > limit {
            return Err(too_large());
        }
        if total > reserved_bytes {
            budget.reserve(&mut reserved, total - reserved_bytes)?;
            reserved_bytes = total;
        }
        bytes.extend_from_slice(&data);
    }
    Ok(BufferedBody { bytes, _reserved: reserved })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(length: Option<usize>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(length) = length {
            headers.insert(header::CONTENT_LENGTH, length.into());
        }
        headers
    }

    #[tokio::test]
    async fn reads_a_body_and_returns_its_budget() {
        let budget = BodyBudget::new(10);
        let body = read(Body::from(vec![1u8; 10]), Some(10), 100, &budget, Duration::from_secs(5)).await.expect("fits");
        assert_eq!(body.bytes.len(), 10);
        let refused = read(Body::from(vec![1u8; 1]), Some(1), 100, &budget, Duration::from_secs(5)).await;
        assert_eq!(refused.err().map(|e| e.status.as_u16()), Some(503), "budget spent while the first is held");
        drop(body);
        assert!(read(Body::from(vec![1u8; 10]), Some(10), 100, &budget, Duration::from_secs(5)).await.is_ok());
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused_before_reading() {
        let error = check_declared_length(&headers(Some(101)), 100, "a body").err();
        assert_eq!(error.map(|e| e.status.as_u16()), Some(413));
        assert_eq!(check_declared_length(&headers(Some(100)), 100, "a body").ok(), Some(Some(100)));
        assert_eq!(check_declared_length(&headers(None), 100, "a body").ok(), Some(None));
    }
}
