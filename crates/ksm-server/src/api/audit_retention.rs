//! `serve --audit-retention`: the audit entries older than the retention are deleted in the
//! background, at start-up and then every tenth of the retention (at least a second and at
//! most ten minutes apart). With several replicas each one sweeps; a sweep with nothing to
//! delete reads one batch of the oldest entries.

use super::ServerState;
use crate::serve::log;
use crate::store::now_ms;
use std::sync::Arc;
use std::time::Duration;

/// Entries deleted per statement (`Store::forget_audit_before`).
const BATCH: i64 = 5_000;

pub fn spawn(state: Arc<ServerState>, retention: Duration) {
    let every = (retention / 10).clamp(Duration::from_secs(1), Duration::from_secs(600));
    let retention_ms = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            let state = state.clone();
            let before = now_ms().saturating_sub(retention_ms);
            let swept = tokio::task::spawn_blocking(move || state.store().forget_audit_before(before, BATCH)).await;
            match swept {
                Ok(Ok(0)) => {}
                Ok(Ok(deleted)) => {
                    log(format_args!("audit retention: deleted {deleted} entries past --audit-retention"))
                }
                Ok(Err(error)) => log(format_args!("audit retention: cannot delete old entries: {error:#}")),
                Err(_) => log(format_args!("audit retention: the sweep stopped unexpectedly; the next one retries")),
            }
        }
    });
}
