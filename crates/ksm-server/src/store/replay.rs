//! Requests already received, remembered across restarts (see `api::replay`), and how many
//! each device sent lately (`api::rate_limit`, PostgreSQL).

use super::db::params;
use super::Store;

impl Store {
    /// Records a request digest; true the first time it is seen.
    pub fn first_sighting(&self, digest: &[u8; 32], now: i64) -> anyhow::Result<bool> {
        let added = self.db.execute(
            "INSERT INTO seen_requests (digest, seen_at) VALUES (?1, ?2) ON CONFLICT (digest) DO NOTHING",
            params![digest.as_slice(), now],
        )?;
        Ok(added == 1)
    }

    /// Counts one request of `key` to `endpoint` at `now` in the fixed window of a rate limit
    /// (PostgreSQL: shared by every replica); a window that started at or before
    /// `window_start` is over, and a new one starts. Returns (window start, count in it).
    pub fn count_request(&self, key: &str, endpoint: &str, now: i64, window_start: i64) -> anyhow::Result<(i64, i64)> {
        self.db.query_one(
            "INSERT INTO rate_windows (key, endpoint, started_at, count) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (key, endpoint) DO UPDATE SET
                 started_at = CASE WHEN rate_windows.started_at <= ?4 THEN ?3 ELSE rate_windows.started_at END,
                 count = CASE WHEN rate_windows.started_at <= ?4 THEN 1 ELSE rate_windows.count + 1 END
             RETURNING started_at, count",
            params![key, endpoint, now, window_start],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
    }

    /// Forgets request digests seen before `before`.
    pub fn forget_requests_before(&self, before: i64) -> anyhow::Result<()> {
        self.db.execute("DELETE FROM seen_requests WHERE seen_at < ?1", params![before])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DeviceIdKey, Store};

    #[test]
    fn a_digest_is_new_once_until_it_is_forgotten() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::create(&temp.path().join("vault.db"), &[4; 65], DeviceIdKey::derive(b"k")).unwrap();
        assert!(store.first_sighting(&[1; 32], 100).unwrap());
        assert!(!store.first_sighting(&[1; 32], 200).unwrap(), "seen");
        assert!(store.first_sighting(&[2; 32], 300).unwrap());
        store.forget_requests_before(150).unwrap();
        assert!(store.first_sighting(&[1; 32], 400).unwrap(), "forgotten");
        assert!(!store.first_sighting(&[2; 32], 400).unwrap(), "still remembered");
    }
}
