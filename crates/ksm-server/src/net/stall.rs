//! The write timeout: a stream whose writes make no progress for too long fails with
//! `TimedOut`, which ends its connection. This catches a peer that stops reading its answer
//! (the write blocks on a full socket buffer). Reads need no such guard here: the handshake,
//! request heads and bodies each have their own timeout, and a read may rightly wait while the
//! server is still working on a request.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{sleep, Sleep};

pub struct StallTimeout<S> {
    inner: S,
    timeout: Duration,
    write_stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> StallTimeout<S> {
    pub fn new(inner: S, timeout: Duration) -> Self {
        Self { inner, timeout, write_stalled: None }
    }
}

/// `Pending` while the stall timer (started at the first `Pending`) runs, then `TimedOut`.
fn pending_or_timed_out<T>(
    timer: &mut Option<Pin<Box<Sleep>>>,
    timeout: Duration,
    cx: &mut Context<'_>,
) -> Poll<io::Result<T>> {
    let timer = timer.get_or_insert_with(|| Box::pin(sleep(timeout)));
    ready!(timer.as_mut().poll(cx));
    Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the peer made no progress")))
}

/// Progress (or an error) clears the stall timer.
fn progressed<T>(timer: &mut Option<Pin<Box<Sleep>>>, result: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
    if result.is_ready() {
        *timer = None;
    }
    result
}

impl<S: AsyncRead + Unpin> AsyncRead for StallTimeout<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StallTimeout<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Pending => pending_or_timed_out(&mut this.write_stalled, this.timeout, cx),
            done => progressed(&mut this.write_stalled, done),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending => pending_or_timed_out(&mut this.write_stalled, this.timeout, cx),
            done => progressed(&mut this.write_stalled, done),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_shutdown(cx) {
            Poll::Pending => pending_or_timed_out(&mut this.write_stalled, this.timeout, cx),
            done => progressed(&mut this.write_stalled, done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn a_read_may_wait_and_a_flowing_write_never_times_out() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut stream = StallTimeout::new(near, Duration::from_secs(5));
        let reader = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(60)).await;
            far.write_all(b"x").await.unwrap();
            let mut sink = vec![0u8; 4096];
            far.read_exact(&mut sink).await.unwrap();
        });
        let mut byte = [0u8; 1];
        assert_eq!(stream.read(&mut byte).await.unwrap(), 1, "a read waits longer than the timeout");
        stream.write_all(&[0u8; 4096]).await.expect("the peer keeps reading");
        reader.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_peer_that_stops_reading_times_out_the_write() {
        let (near, _far) = tokio::io::duplex(64);
        let mut stream = StallTimeout::new(near, Duration::from_secs(5));
        let error = stream.write_all(&[0u8; 1024]).await.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    }
}
