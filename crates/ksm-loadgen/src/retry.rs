//! Backing off from `throttled` the way the `ksm` client does (src/transport.rs): wait the
//! answer's `retry_after` (else 11 s × 2ⁿ) with ±25 % jitter, at most five times in a row.

use rand::Rng;
use std::time::Duration;

/// Retries of one request after `throttled`, as the client allows.
pub const MAX_THROTTLE_RETRIES: u32 = 5;

/// The longest wait a server can ask for; a larger (or non-finite) `retry_after` is capped.
const MAX_WAIT_SECONDS: f64 = 60.0;

/// How long to wait before retry number `attempt` (0-based) of a throttled request.
pub fn backoff(attempt: u32, retry_after: Option<f64>) -> Duration {
    let base = retry_after.filter(|s| *s > 0.0).unwrap_or(11.0 * 2f64.powi(attempt.min(16) as i32));
    let jittered = base.min(MAX_WAIT_SECONDS) * rand::thread_rng().gen_range(0.75..=1.25);
    Duration::from_secs_f64(jittered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_retry_after_or_doubles_with_jitter_and_a_cap() {
        let wait = backoff(3, Some(2.0)).as_secs_f64();
        assert!((1.5..=2.5).contains(&wait), "{wait}");
        for attempt in 0..2 {
            let base = 11.0 * 2f64.powi(attempt as i32);
            let wait = backoff(attempt, None).as_secs_f64();
            assert!((base * 0.75..=base * 1.25).contains(&wait), "attempt {attempt}: {wait}");
        }
        for hostile in [Some(f64::INFINITY), Some(1e300), Some(f64::NAN), Some(-1.0), None] {
            let wait = backoff(u32::MAX, hostile).as_secs_f64();
            assert!(wait <= MAX_WAIT_SECONDS * 1.25, "{hostile:?}: {wait}");
        }
    }
}
