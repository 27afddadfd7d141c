//! A read's bookkeeping (its audit entry, the device's last-seen time), taken off the request
//! path: requests hand it to one background writer per `serve` process, which stores it in one
//! transaction per batch (every `BATCH_INTERVAL` or `BATCH_SIZE` notes, whichever comes first).
//!
//! Nothing is dropped: when the queue is full (the database cannot keep up), the request
//! writes its own note on its own connection, as every read did before batching, so it waits
//! for the database but never forever and never loses the entry. A clean shutdown
//! (`ReadLog::finish`) writes everything queued; a crash (kill -9, power loss) may lose what
//! was queued and not yet written: at most the last `BATCH_INTERVAL` of read bookkeeping
//! (docs/self-hosting.md). The audit of writes stays inside their transactions.

use crate::store::Store;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const BATCH_INTERVAL: Duration = Duration::from_millis(200);
pub const BATCH_SIZE: usize = 500;
/// How many notes may wait for the writer; beyond that a request writes its own.
const QUEUE_CAPACITY: usize = 20 * BATCH_SIZE;

/// One read's bookkeeping.
pub enum Note {
    /// An audit entry of a read (`get_secret`, `get_folders`).
    Read { time: i64, device_id: String, action: &'static str, detail: Arc<str> },
    /// The device made a request at `time`.
    Seen { time: i64, device_id: String },
}

enum Message {
    Note(Note),
    /// Write everything sent before, then answer.
    Flush(SyncSender<()>),
}

pub struct ReadLog {
    /// `None` once finished: later notes are written by their requests.
    sender: Mutex<Option<SyncSender<Message>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

impl ReadLog {
    /// Starts the writer on `store`, a connection of its own.
    pub fn start(store: Store) -> anyhow::Result<Self> {
        let (sender, receiver) = sync_channel(QUEUE_CAPACITY);
        let writer =
            std::thread::Builder::new().name("read-log".into()).spawn(move || write_batches(store, &receiver))?;
        Ok(Self { sender: Mutex::new(Some(sender)), writer: Mutex::new(Some(writer)) })
    }

    /// Queues `note`; when the queue is full or the writer has finished, writes it at once on
    /// `store()`, the request's connection.
    pub fn note<S: Deref<Target = Store>>(&self, note: Note, store: impl FnOnce() -> S) -> anyhow::Result<()> {
        let refused = match self.sender.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            Some(sender) => match sender.try_send(Message::Note(note)) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Full(message) | TrySendError::Disconnected(message)) => message,
            },
            None => Message::Note(note),
        };
        match refused {
            Message::Note(note) => write(&store(), &note),
            Message::Flush(_) => Ok(()),
        }
    }

    /// Returns once every note queued before is stored (for readers of the audit log and of
    /// last-seen times).
    pub fn flush(&self) {
        let sender = self.sender.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let Some(sender) = sender else { return };
        let (done, written) = sync_channel(1);
        if sender.send(Message::Flush(done)).is_ok() {
            let _ = written.recv();
        }
    }

    /// Writes everything queued and stops the writer (a clean shutdown).
    pub fn finish(&self) {
        drop(self.sender.lock().unwrap_or_else(PoisonError::into_inner).take());
        if let Some(writer) = self.writer.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = writer.join();
        }
    }
}

/// The writer's loop: ends once every sender is gone and the queue is empty.
fn write_batches(mut store: Store, receiver: &Receiver<Message>) {
    let mut batch = Vec::new();
    while let Ok(first) = receiver.recv() {
        let mut flushed = Vec::new();
        let deadline = Instant::now() + BATCH_INTERVAL;
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Note(note) => batch.push(note),
                Message::Flush(done) => {
                    flushed.push(done);
                    break;
                }
            }
            if batch.len() >= BATCH_SIZE {
                break;
            }
            match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(message) => next = Some(message),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
            }
        }
        write_batch(&mut store, &mut batch);
        for done in flushed {
            let _ = done.send(());
        }
    }
}

/// One transaction for the batch; a device's last-seen time is written once, its latest.
fn write_batch(store: &mut Store, batch: &mut Vec<Note>) {
    if batch.is_empty() {
        return;
    }
    let mut seen: HashMap<String, i64> = HashMap::new();
    let mut reads = Vec::new();
    for note in batch.drain(..) {
        match note {
            Note::Seen { time, device_id } => {
                let latest = seen.entry(device_id).or_insert(time);
                *latest = (*latest).max(time);
            }
            read @ Note::Read { .. } => reads.push(read),
        }
    }
    let count = reads.len() + seen.len();
    let stored = store.bookkeeping_transaction(|store| {
        reads.iter().try_for_each(|note| write(store, note))?;
        seen.into_iter().try_for_each(|(device_id, time)| store.touch_client_at(&device_id, time))
    });
    if let Err(error) = stored {
        crate::serve::log(format_args!("cannot store {count} audit entries and last-seen times of reads: {error:#}"));
    }
}

fn write(store: &Store, note: &Note) -> anyhow::Result<()> {
    match note {
        Note::Read { time, device_id, action, detail } => {
            store.audit_at(*time, Some(device_id), action, None, Some(detail))
        }
        Note::Seen { time, device_id } => store.touch_client_at(device_id, *time),
    }
}
