//! A read's bookkeeping (its audit entry, the device's last-seen time), taken off the request
//! path: requests hand it to one background writer per `serve` process, which stores it in one
//! transaction per batch (every `BATCH_INTERVAL` or `BATCH_SIZE` notes, whichever comes first,
//! as the writer sees them every `GATHER_EVERY`).
//!
//! Nothing is dropped: when the queue is full (the database cannot keep up), the request
//! writes its own note on its own connection, as every read did before batching, so it waits
//! for the database but never forever and never loses the entry. A clean shutdown
//! (`ReadLog::finish`) writes everything queued; a crash (kill -9, power loss) may lose what
//! was queued and not yet written: at most the last `BATCH_INTERVAL` of read bookkeeping
//! (docs/self-hosting.md). The audit of writes stays inside their transactions.

use crate::store::{ReadEntry, Store};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError, TrySendError};
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
            Message::Note(note) => Rows::of(std::slice::from_ref(&note)).write(&store()),
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

/// How often the writer looks at the queue while a batch gathers. A note is only queued: a
/// writer blocked on the queue would be woken by each one, a context switch per request (about
/// a quarter of those a small request costs the server). A flush waits at most this long.
const GATHER_EVERY: Duration = Duration::from_millis(10);

/// The writer's loop: ends once every sender is gone and the queue is empty. The first note of
/// a batch wakes it; the others are taken from the queue every `GATHER_EVERY`.
fn write_batches(mut store: Store, receiver: &Receiver<Message>) {
    let mut batch = Vec::new();
    while let Ok(first) = receiver.recv() {
        let deadline = Instant::now() + BATCH_INTERVAL;
        let mut next = Some(first);
        let flushed = loop {
            match next.take() {
                Some(Message::Note(note)) => {
                    batch.push(note);
                    if batch.len() >= BATCH_SIZE {
                        break None;
                    }
                }
                Some(Message::Flush(done)) => break Some(done),
                None => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break None;
                    }
                    std::thread::sleep(left.min(GATHER_EVERY));
                }
            }
            next = match receiver.try_recv() {
                Ok(message) => Some(message),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => break None,
            };
        };
        write_batch(&mut store, &mut batch);
        if let Some(done) = flushed {
            let _ = done.send(());
        }
    }
}

/// One transaction for the batch.
fn write_batch(store: &mut Store, batch: &mut Vec<Note>) {
    if batch.is_empty() {
        return;
    }
    let rows = Rows::of(batch);
    if let Err(error) = store.bookkeeping_transaction(|store| rows.write(store)) {
        let count = rows.reads.len() + rows.seen.len();
        crate::serve::log(format_args!("cannot store {count} audit entries and last-seen times of reads: {error:#}"));
    }
    batch.clear();
}

/// What notes write: their audit entries, and each device's latest last-seen time among them.
struct Rows<'n> {
    reads: Vec<ReadEntry<'n>>,
    seen: Vec<(&'n str, i64)>,
}

impl<'n> Rows<'n> {
    fn of(notes: &'n [Note]) -> Self {
        let mut seen: HashMap<&str, i64> = HashMap::new();
        let mut reads = Vec::new();
        for note in notes {
            match note {
                Note::Seen { time, device_id } => {
                    let latest = seen.entry(device_id).or_insert(*time);
                    *latest = (*latest).max(*time);
                }
                Note::Read { time, device_id, action, detail } => {
                    reads.push(ReadEntry { time: *time, device_id, action, detail });
                }
            }
        }
        Self { reads, seen: seen.into_iter().collect() }
    }

    fn write(&self, store: &Store) -> anyhow::Result<()> {
        store.audit_reads(&self.reads)?;
        store.touch_clients_at(&self.seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voluntary_switches_of_writer_threads() -> Vec<u64> {
        let tasks = std::fs::read_dir("/proc/self/task").expect("Linux /proc");
        tasks
            .filter_map(|task| {
                let path = task.ok()?.path();
                (std::fs::read_to_string(path.join("comm")).ok()?.trim() == "read-log").then_some(())?;
                let status = std::fs::read_to_string(path.join("status")).ok()?;
                let line = status.lines().find(|line| line.starts_with("voluntary_ctxt_switches:"))?;
                line.split_whitespace().nth(1)?.parse().ok()
            })
            .collect()
    }

    /// Notes sent one by one over about 250 ms are all stored by a flush, and the writer is
    /// woken a few times per batch rather than once per note.
    #[test]
    fn notes_are_stored_in_batches_without_waking_the_writer_for_each() {
        let (temp, store) = crate::store::scratch_store();
        let reader = Store::open(&temp.path().join("vault.db"), crate::store::DeviceIdKey::derive(b"k")).unwrap();
        let log = ReadLog::start(store).unwrap();
        let started = Instant::now();
        let mut before = voluntary_switches_of_writer_threads();
        while before.is_empty() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(1));
            before = voluntary_switches_of_writer_threads();
        }
        const NOTES: usize = 1_000;
        for i in 0..NOTES {
            let note = Note::Read { time: i as i64, device_id: "d1".into(), action: "get_secret", detail: "1".into() };
            log.note(note, || -> &Store { unreachable!("the queue has room") }).unwrap();
            // Spread out, as the requests of busy devices send them.
            std::thread::sleep(Duration::from_micros(200));
        }
        log.flush();
        let after = voluntary_switches_of_writer_threads();
        assert_eq!(reader.audit_entries(NOTES + 1, Some("d1")).unwrap().len(), NOTES, "flushed");
        let ([before], [after]) = (before.as_slice(), after.as_slice()) else {
            panic!("one read-log writer in this process: {before:?} {after:?}")
        };
        assert!(after - before < 200, "the writer woke {} times for {NOTES} notes", after - before);
        log.finish();
    }
}
