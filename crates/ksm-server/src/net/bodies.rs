//! Body wrappers through which a connection follows its requests: whether a request body
//! was read to its end, and when an answer has been sent.

use super::connections::RequestGuard;
use axum::body::Body;
use http_body::Frame;
use hyper::body::Incoming;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// A request body that records when it has been read to its end.
pub struct Tracked {
    body: Incoming,
    read: Arc<AtomicBool>,
}

impl Tracked {
    /// The wrapped body, and the flag it sets once read to its end.
    pub fn new(body: Incoming) -> (Self, Arc<AtomicBool>) {
        let read = Arc::new(AtomicBool::new(http_body::Body::is_end_stream(&body)));
        (Self { body, read: read.clone() }, read)
    }
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let frame = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) || self.body.is_end_stream() {
            self.read.store(true, Ordering::Relaxed);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// An answer body that keeps its connection marked busy until it is fully sent or dropped.
pub struct Busy {
    body: Body,
    _busy: RequestGuard,
}

impl Busy {
    pub fn new(body: Body, busy: RequestGuard) -> Self {
        Self { body, _busy: busy }
    }
}

impl http_body::Body for Busy {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
