//! Refuses a request whose encrypted transmission key was already seen: the SDKs draw a fresh
//! key for every attempt, so a repeat can only be a captured request sent again.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const REMEMBER_FOR: Duration = Duration::from_secs(15 * 60);
const MAX_ENTRIES: usize = 500_000;

#[derive(Default)]
pub struct ReplayGuard {
    seen: Mutex<HashMap<[u8; 32], Instant>>,
}

impl ReplayGuard {
    /// True the first time these bytes are seen.
    pub fn first_use(&self, encrypted_transmission_key: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(encrypted_transmission_key).into();
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() >= MAX_ENTRIES {
            seen.retain(|_, at| now.duration_since(*at) < REMEMBER_FOR);
        }
        seen.insert(digest, now).is_none_or(|earlier| now.duration_since(earlier) >= REMEMBER_FOR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_use_is_refused() {
        let guard = ReplayGuard::default();
        assert!(guard.first_use(b"tk-1"));
        assert!(guard.first_use(b"tk-2"));
        assert!(!guard.first_use(b"tk-1"));
    }
}
