//! Rate limiting per key and slot: at most `limit` requests in each window of `window`
//! seconds. Devices are limited per endpoint (PROTOCOL.md §8.4: further requests get
//! `throttled` with `retry_after`); the anonymous share calls per address and per link.
//!
//! An SQLite vault is served by one process: its windows are counted in memory. A PostgreSQL
//! vault may be served by several replicas: its windows are counted in the database
//! (`Store::count_request`), so that the limit holds across them.

use crate::store::{now_ms, Engine, Store};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// (key, slot) of an in-memory window (SQLite); the value is (window start, count).
type WindowKey = (String, &'static str);

pub struct RateLimiter {
    /// 0 disables limiting.
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<WindowKey, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, windows: Mutex::new(HashMap::new()) }
    }

    /// `Err(seconds to wait)` when this request of `key` to `slot` (an endpoint's path, or a
    /// share limit's name) is over the limit; counted where `store`'s engine keeps the windows
    /// (see the module comment).
    pub fn check_in(&self, store: &Store, key: &str, slot: &'static str) -> anyhow::Result<Result<(), u64>> {
        if self.limit == 0 || store.engine() == Engine::Sqlite {
            return Ok(self.check_at(key, slot, Instant::now()));
        }
        let window_ms = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        let now = now_ms();
        let (started_at, count) = store.count_request(key, slot, now, now.saturating_sub(window_ms))?;
        let elapsed = Duration::from_millis(u64::try_from(now - started_at).unwrap_or(0));
        Ok(self.verdict(u32::try_from(count).unwrap_or(u32::MAX), elapsed))
    }

    fn check_at(&self, key: &str, slot: &'static str, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let (start, count) = windows.entry((key.to_string(), slot)).or_insert((now, 0));
        if now.duration_since(*start) >= self.window {
            *start = now;
            *count = 0;
        }
        *count += 1;
        self.verdict(*count, now.duration_since(*start))
    }

    /// The `count`th request of a window that started `elapsed` ago.
    fn verdict(&self, count: u32, elapsed: Duration) -> Result<(), u64> {
        if count > self.limit {
            let left = self.window.saturating_sub(elapsed);
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_client_and_endpoint_and_resets_after_the_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(10));
        let t0 = Instant::now();
        assert!(limiter.check_at("a", "get_secret", t0).is_ok());
        assert!(limiter.check_at("a", "get_secret", t0).is_ok());
        assert_eq!(limiter.check_at("a", "get_secret", t0 + Duration::from_secs(3)), Err(7));
        assert!(limiter.check_at("a", "get_folders", t0).is_ok(), "other endpoint");
        assert!(limiter.check_at("b", "get_secret", t0).is_ok(), "other client");
        assert!(limiter.check_at("a", "get_secret", t0 + Duration::from_secs(10)).is_ok());
    }

    #[test]
    fn zero_disables_the_limit() {
        let limiter = RateLimiter::new(0, Duration::from_secs(1));
        assert!((0..1000).all(|_| limiter.check_at("a", "get_secret", Instant::now()).is_ok()));
    }
}
