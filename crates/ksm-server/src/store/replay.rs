//! Requests already received, remembered across restarts (see `api::replay`).

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
