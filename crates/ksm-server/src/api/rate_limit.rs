//! Per-device, per-endpoint rate limiting (PROTOCOL.md §8.4): at most `limit` requests in
//! each window of `window` seconds; further requests get `throttled` with `retry_after`.
//!
//! An SQLite vault is served by one process: its windows are counted in memory. A PostgreSQL
//! vault may be served by several replicas: its windows are counted in the database
//! (`Store::count_request`), so that the limit holds across them.

use crate::store::{now_ms, Engine, Store};
use ksm_proto::wire::Endpoint;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    /// 0 disables limiting.
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<(String, Endpoint), (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, windows: Mutex::new(HashMap::new()) }
    }

    /// `Err(seconds to wait)` when this request is over the limit; counted where `store`'s
    /// engine keeps the windows (see the module comment).
    pub fn check_in(&self, store: &Store, client_id: &str, endpoint: Endpoint) -> anyhow::Result<Result<(), u64>> {
        if self.limit == 0 || store.engine() == Engine::Sqlite {
            return Ok(self.check(client_id, endpoint));
        }
        let window_ms = i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX);
        let now = now_ms();
        let (started_at, count) =
            store.count_request(client_id, endpoint.path(), now, now.saturating_sub(window_ms))?;
        let elapsed = Duration::from_millis(u64::try_from(now - started_at).unwrap_or(0));
        Ok(self.verdict(u32::try_from(count).unwrap_or(u32::MAX), elapsed))
    }

    /// `Err(seconds to wait)` when this request is over the limit.
    pub fn check(&self, client_id: &str, endpoint: Endpoint) -> Result<(), u64> {
        self.check_at(client_id, endpoint, Instant::now())
    }

    fn check_at(&self, client_id: &str, endpoint: Endpoint, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let (start, count) = windows.entry((client_id.to_string(), endpoint)).or_insert((now, 0));
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
        assert!(limiter.check_at("a", Endpoint::GetSecret, t0).is_ok());
        assert!(limiter.check_at("a", Endpoint::GetSecret, t0).is_ok());
        assert_eq!(limiter.check_at("a", Endpoint::GetSecret, t0 + Duration::from_secs(3)), Err(7));
        assert!(limiter.check_at("a", Endpoint::GetFolders, t0).is_ok(), "other endpoint");
        assert!(limiter.check_at("b", Endpoint::GetSecret, t0).is_ok(), "other client");
        assert!(limiter.check_at("a", Endpoint::GetSecret, t0 + Duration::from_secs(10)).is_ok());
    }

    #[test]
    fn zero_disables_the_limit() {
        let limiter = RateLimiter::new(0, Duration::from_secs(1));
        assert!((0..1000).all(|_| limiter.check("a", Endpoint::GetSecret).is_ok()));
    }
}
