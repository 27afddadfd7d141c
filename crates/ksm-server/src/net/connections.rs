//! The connection cap. Every open connection holds a slot; when all slots are taken, a new
//! connection takes the slot of the connection that has waited longest without a request in
//! progress (still in its TLS handshake, sending a request head, or idle between requests),
//! which is closed. Only when every connection is busy with a request is the new one refused,
//! at once, so a client never hangs in the queue behind slow or idle peers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::Notify;

pub struct Connections {
    max: usize,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    open: HashMap<u64, Entry>,
}

struct Entry {
    /// Requests in progress (from their head to the end of their answer).
    requests: usize,
    /// When the connection last had no request in progress.
    idle_since: Instant,
    close: Arc<Notify>,
}

impl Connections {
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(Self { max: max.max(1), table: Mutex::new(Table::default()) })
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A slot for a new connection, closing the longest-idle one if all are taken; `None`
    /// when every open connection is busy with a request.
    pub fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut table = self.table();
        if table.open.len() >= self.max {
            let oldest_idle = table
                .open
                .iter()
                .filter(|(_, entry)| entry.requests == 0)
                .min_by_key(|(_, entry)| entry.idle_since)
                .map(|(id, _)| *id)?;
            if let Some(evicted) = table.open.remove(&oldest_idle) {
                evicted.close.notify_one();
            }
        }
        let id = table.next_id;
        table.next_id += 1;
        let close = Arc::new(Notify::new());
        table.open.insert(id, Entry { requests: 0, idle_since: Instant::now(), close: close.clone() });
        Some(Slot { id, connections: self.clone(), close })
    }

    pub fn open(&self) -> usize {
        self.table().open.len()
    }
}

/// One admitted connection; frees its slot when dropped.
pub struct Slot {
    id: u64,
    connections: Arc<Connections>,
    close: Arc<Notify>,
}

impl Slot {
    /// Resolves when a newer connection took this slot: the connection must close.
    pub async fn evicted(&self) {
        self.close.notified().await;
    }

    /// Marks a request in progress until the returned guard is dropped.
    pub fn request_started(&self) -> RequestGuard {
        if let Some(entry) = self.connections.table().open.get_mut(&self.id) {
            entry.requests += 1;
        }
        RequestGuard { id: self.id, connections: self.connections.clone() }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.table().open.remove(&self.id);
    }
}

/// A request in progress; its connection cannot be evicted while this lives.
pub struct RequestGuard {
    id: u64,
    connections: Arc<Connections>,
}

impl Drop for RequestGuard {
    fn drop(&mut self) {
        if let Some(entry) = self.connections.table().open.get_mut(&self.id) {
            entry.requests = entry.requests.saturating_sub(1);
            if entry.requests == 0 {
                entry.idle_since = Instant::now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_evicts_the_longest_idle_connection() {
        let connections = Connections::new(2);
        let first = connections.admit().expect("room");
        let second = connections.admit().expect("room");
        let third = connections.admit().expect("the idle first connection is evicted");
        assert_eq!(connections.open(), 2);
        assert!(first.close.notified().now_or_never_ready(), "first was told to close");
        assert!(!second.close.notified().now_or_never_ready(), "second keeps its slot");
        drop((first, second, third));
        assert_eq!(connections.open(), 0);
    }

    #[test]
    fn busy_connections_are_never_evicted_and_a_full_busy_table_refuses() {
        let connections = Connections::new(2);
        let first = connections.admit().expect("room");
        let second = connections.admit().expect("room");
        let _busy_first = first.request_started();
        let third = connections.admit().expect("second is idle");
        assert!(second.close.notified().now_or_never_ready());
        assert!(!first.close.notified().now_or_never_ready());
        let _busy_third = third.request_started();
        assert!(connections.admit().is_none(), "every connection is busy");
    }

    #[test]
    fn a_finished_request_makes_the_connection_idle_again() {
        let connections = Connections::new(1);
        let only = connections.admit().expect("room");
        let request = only.request_started();
        assert!(connections.admit().is_none());
        drop(request);
        assert!(connections.admit().is_some());
        assert!(only.close.notified().now_or_never_ready());
    }

    trait NowOrNever {
        fn now_or_never_ready(self) -> bool;
    }

    impl<F: std::future::Future> NowOrNever for F {
        /// Polls once: whether the future is already complete (a stored `notify_one` permit).
        fn now_or_never_ready(self) -> bool {
            let waker = std::task::Waker::noop();
            let mut context = std::task::Context::from_waker(waker);
            std::pin::pin!(self).poll(&mut context).is_ready()
        }
    }
}
