//! Refuses a request whose encrypted transmission key was already seen: the SDKs draw a fresh
//! key for every attempt, so a repeat can only be a captured request sent again. What was seen
//! is kept in the database, so a restart does not open the door again.

use super::shared_turns::SharedTurns;
use crate::store::{now_ms, Admission, AdmissionRequest, Store};
use sha2::{Digest, Sha256};
use std::ops::Deref;
use std::sync::atomic::{AtomicI64, Ordering};

/// How long a request is remembered: long enough to outlast restarts and clock-free retries,
/// short enough that the table stays small (at most rate limit × a day's rows per device). An
/// older capture is refused by the endpoints' own checks in most cases (a revision moved on, a
/// UID already taken, a token already redeemed), and a read's answer is sealed under a key
/// only the original sender holds.
const REMEMBER_FOR_MS: i64 = 24 * 60 * 60 * 1000;
/// How often the forgotten digests (and the binding answers whose window closed) are dropped.
const PRUNE_EVERY_MS: i64 = 10 * 60 * 1000;

#[derive(Default)]
pub struct ReplayGuard {
    last_prune: AtomicI64,
    /// Admissions of concurrent requests run as one batch.
    admissions: SharedTurns<AdmissionRequest, Admission>,
}

impl ReplayGuard {
    /// True the first time these bytes are seen.
    pub fn first_use(&self, store: &Store, encrypted_transmission_key: &[u8]) -> anyhow::Result<bool> {
        let now = now_ms();
        self.prune_when_due(store, now)?;
        store.first_sighting(&digest(encrypted_transmission_key), now)
    }

    /// Records a device's request and reads what its checks need (`Store::admit`), in one
    /// batch with the requests that arrive meanwhile; the admission's `first_use` is false for
    /// a replay. `store()` is called only if this request runs the batch.
    pub fn admit<S: Deref<Target = Store>>(
        &self,
        store: impl FnOnce() -> S,
        encrypted_transmission_key: &[u8],
        device_id: &str,
    ) -> anyhow::Result<Admission> {
        let request = AdmissionRequest { digest: digest(encrypted_transmission_key), device_id: device_id.to_string() };
        self.admissions.run(request, |requests| {
            let store = store();
            let now = now_ms();
            self.prune_when_due(&store, now)?;
            store.admit(&requests, now)
        })
    }

    fn prune_when_due(&self, store: &Store, now: i64) -> anyhow::Result<()> {
        if now - self.last_prune.load(Ordering::Relaxed) > PRUNE_EVERY_MS {
            self.last_prune.store(now, Ordering::Relaxed);
            store.forget_requests_before(now - REMEMBER_FOR_MS)?;
            store.forget_binding_answers()?;
        }
        Ok(())
    }
}

fn digest(encrypted_transmission_key: &[u8]) -> [u8; 32] {
    Sha256::digest(encrypted_transmission_key).into()
}
