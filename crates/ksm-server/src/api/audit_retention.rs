//! `serve --audit-retention`: the audit entries older than the retention are deleted in the
//! background, at start-up and then every tenth of the retention (at least a second and at
//! most ten minutes apart). With several replicas each one sweeps; a sweep with nothing to
//! delete reads one batch of the oldest entries.

use super::ServerState;
use crate::serve::log;
use crate::store::now_ms;
use std::sync::Arc;
use std::time::Duration;

/// Entries deleted per statement (`Store::forget_audit_batch`).
const BATCH: i64 = 5_000;

pub fn spawn(state: &Arc<ServerState>, retention: Duration) {
    let every = (retention / 10).clamp(Duration::from_secs(1), Duration::from_secs(600));
    let retention_ms = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    super::spawn_sweeper(state, every, "audit retention: cannot delete old entries", move |state| {
        let before = now_ms().saturating_sub(retention_ms);
        let deleted = sweep(|| state.store().forget_audit_batch(before, BATCH))?;
        if deleted > 0 {
            log(format_args!("audit retention: deleted {deleted} entries past --audit-retention"));
        }
        Ok(())
    });
}

/// Runs `batch` until it deletes nothing; returns how many it deleted. `spawn`'s batch takes a
/// store connection each time, so requests get it between batches however long the sweep is.
fn sweep(mut batch: impl FnMut() -> anyhow::Result<usize>) -> anyhow::Result<usize> {
    let mut deleted = 0;
    loop {
        match batch()? {
            0 => return Ok(deleted),
            count => deleted += count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sweep;

    #[test]
    fn a_sweep_goes_past_batches_that_keep_a_newer_entry_until_one_deletes_nothing() {
        let (_temp, store) = crate::store::scratch_store();
        for time in [40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 50] {
            store.audit_at(time, None, "get_secret", None, None).unwrap();
        }
        assert_eq!(sweep(|| store.forget_audit_batch(8, 3)).unwrap(), 7, "1 to 7, two a batch past 40");
        let left: Vec<i64> = store.audit_entries(100, None).unwrap().iter().map(|e| e.time).collect();
        assert_eq!(left, [40, 8, 9, 50]);
        let mut failing = || -> anyhow::Result<usize> { anyhow::bail!("database gone") };
        assert!(sweep(&mut failing).is_err(), "an error ends the sweep");
    }
}
