//! The whole-application `get_secret` answer, serialized (not yet sealed), reused while the
//! vault revision it was built at is current (`Store::vault_revision`: every write transaction,
//! on any replica, moves it on). One cheap query per request checks it.
//!
//! An answer is reused only by requests that would get the same bytes: same application, same
//! `host` (file URLs name it), same `requestLinks`, same `expiresOn` (the device's access
//! expiry). Answers that bind a device (they carry `encryptedAppKey`) and filtered requests are
//! never cached. File URLs are signed for an hour, so an answer is reused for at most
//! `MAX_AGE`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Well within the hour a download URL is valid (`files::download_url`).
const MAX_AGE: Duration = Duration::from_secs(60);
/// Serialized answers kept at most, over all applications; beyond it the cache starts over.
const MAX_BYTES: usize = 256 * 1024 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    pub app_uid: String,
    pub host: String,
    pub with_links: bool,
    pub expires_on: i64,
}

pub struct CachedAnswer {
    pub revision: i64,
    /// Shared, not copied, by the requests it answers: a large application's answer is MBs.
    pub json: Arc<Vec<u8>>,
    /// The read's audit detail (which records it returned).
    pub audit_detail: Arc<str>,
    made_at: Instant,
}

impl CachedAnswer {
    pub fn new(revision: i64, json: Arc<Vec<u8>>, audit_detail: Arc<str>) -> Self {
        Self { revision, json, audit_detail, made_at: Instant::now() }
    }
}

#[derive(Default)]
pub struct AnswerCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_key: HashMap<AnswerKey, Arc<CachedAnswer>>,
    bytes: usize,
}

impl AnswerCache {
    /// The answer for `key` if it was built at `revision` and is recent enough.
    pub fn get(&self, key: &AnswerKey, revision: i64) -> Option<Arc<CachedAnswer>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let found = entries.by_key.get(key)?;
        (found.revision == revision && found.made_at.elapsed() < MAX_AGE).then(|| Arc::clone(found))
    }

    pub fn put(&self, key: AnswerKey, answer: CachedAnswer) {
        let size = answer.json.len() + answer.audit_detail.len();
        if size > MAX_BYTES {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(old) = entries.by_key.remove(&key) {
            entries.bytes -= old.json.len() + old.audit_detail.len();
        }
        if entries.bytes + size > MAX_BYTES {
            *entries = Entries::default();
        }
        entries.bytes += size;
        entries.by_key.insert(key, Arc::new(answer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(app: &str) -> AnswerKey {
        AnswerKey { app_uid: app.into(), host: "h".into(), with_links: false, expires_on: 0 }
    }

    #[test]
    fn an_answer_is_reused_only_at_its_revision_and_for_its_key() {
        let cache = AnswerCache::default();
        cache.put(key("a"), CachedAnswer::new(7, Arc::new(b"answer".to_vec()), "read x".into()));
        assert_eq!(cache.get(&key("a"), 7).map(|hit| hit.json.to_vec()), Some(b"answer".to_vec()));
        assert!(cache.get(&key("a"), 8).is_none(), "a newer revision misses");
        assert!(cache.get(&key("b"), 7).is_none(), "another application misses");
        let other_expiry = AnswerKey { expires_on: 1, ..key("a") };
        assert!(cache.get(&other_expiry, 7).is_none(), "another access expiry misses");
    }
}
