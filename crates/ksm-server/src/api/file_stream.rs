//! A download's body: the stored file read from the database a chunk at a time, each chunk
//! only once the connection has sent the one before. A download holds one chunk in memory
//! however large the file, so many downloads at once (by a device, or by whoever holds a
//! leaked download URL) cannot make the server hold whole files.

use super::ServerState;
use axum::body::Bytes;
use http_body::{Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::task::JoinHandle;

/// Bytes read from the database per chunk.
const CHUNK: usize = 256 * 1024;

type Chunk = anyhow::Result<Option<Vec<u8>>>;

pub struct FileChunks {
    state: Arc<ServerState>,
    file_uid: Arc<str>,
    sent: u64,
    length: u64,
    reading: Option<JoinHandle<Chunk>>,
}

impl FileChunks {
    /// The `length` bytes of `file_uid`'s stored content.
    pub fn new(state: Arc<ServerState>, file_uid: &str, length: u64) -> Self {
        Self { state, file_uid: file_uid.into(), sent: 0, length, reading: None }
    }

    fn read_next(&self) -> JoinHandle<Chunk> {
        let (state, file_uid, offset) = (self.state.clone(), self.file_uid.clone(), self.sent);
        let length = usize::try_from(self.length - offset).map_or(CHUNK, |left| left.min(CHUNK));
        tokio::task::spawn_blocking(move || state.store().file_content_chunk(&file_uid, offset, length))
    }
}

impl http_body::Body for FileChunks {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.sent >= self.length {
            return Poll::Ready(None);
        }
        let mut reading = match self.reading.take() {
            Some(reading) => reading,
            None => self.read_next(),
        };
        let read = match Pin::new(&mut reading).poll(cx) {
            Poll::Pending => {
                self.reading = Some(reading);
                return Poll::Pending;
            }
            Poll::Ready(read) => read,
        };
        // The connection is cut short: the client sees fewer bytes than Content-Length.
        let cut = |why: String| Poll::Ready(Some(Err(std::io::Error::other(why))));
        match read {
            Ok(Ok(Some(chunk))) if !chunk.is_empty() => {
                self.sent += chunk.len() as u64;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from(chunk)))))
            }
            Ok(Ok(_)) => cut(format!("file {} was deleted during its download", self.file_uid)),
            Ok(Err(error)) => cut(format!("cannot read file {}: {error:#}", self.file_uid)),
            Err(_) => cut(format!("reading file {} stopped unexpectedly", self.file_uid)),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.sent >= self.length
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.length - self.sent)
    }
}
