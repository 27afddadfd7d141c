//! A download's body: the stored file read a chunk at a time on a blocking thread, which reads
//! the next chunk only once the connection has taken the one before. A download holds a few
//! chunks in memory however large the file, so many downloads at once (by a device,
//! or by whoever holds a leaked download URL) cannot make the server hold whole files.

use super::ServerState;
use crate::store::{ContentSource, Store};
use axum::body::Bytes;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Bytes per chunk read from an SQLite blob (in place: small chunks cost nothing).
const BLOB_CHUNK: usize = 256 * 1024;
/// Bytes per slice fetched from PostgreSQL: each is a query, so fewer, larger ones (256 KiB
/// slices made a 64 MiB download a third slower than one fetch of the whole value).
const SLICE: usize = 1024 * 1024;

type Chunk = Result<Bytes, std::io::Error>;

pub struct FileChunks {
    chunks: mpsc::Receiver<Chunk>,
    left: u64,
}

impl FileChunks {
    /// The `length` bytes of `file_uid`'s stored content.
    pub fn new(state: Arc<ServerState>, file_uid: String, length: u64) -> Self {
        // One chunk waits in the channel while the connection sends the one before.
        let (sender, chunks) = mpsc::channel(1);
        tokio::task::spawn_blocking(move || {
            if let Err(error) = read_chunks(&state, &file_uid, length, &sender) {
                let why = format!("cannot read file {file_uid}: {error:#}");
                let _ = sender.blocking_send(Err(std::io::Error::other(why)));
            }
        });
        Self { chunks, left: length }
    }
}

/// Sends the chunks until the file ends or the download is dropped.
fn read_chunks(state: &ServerState, file_uid: &str, length: u64, sender: &mpsc::Sender<Chunk>) -> anyhow::Result<()> {
    let send = |bytes: Vec<u8>| sender.blocking_send(Ok(Bytes::from(bytes))).is_ok();
    match &state.content_source {
        ContentSource::SqliteFile(path) => {
            Store::read_sqlite_file_content(path, file_uid, BLOB_CHUNK, send)?;
        }
        ContentSource::Pooled => {
            let mut offset = 0;
            while offset < length {
                let Some(bytes) = state.store().file_content_slice(file_uid, offset, SLICE)? else { break };
                if bytes.is_empty() {
                    break;
                }
                offset += bytes.len() as u64;
                if !send(bytes) {
                    break;
                }
            }
        }
    }
    Ok(())
}

impl http_body::Body for FileChunks {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        match self.chunks.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(bytes))) => {
                self.left = self.left.saturating_sub(bytes.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error))),
            // Fewer bytes than the Content-Length: the connection is cut short.
            Poll::Ready(None) => {
                Poll::Ready(Some(Err(std::io::Error::other("the file ended before its stored length"))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}
