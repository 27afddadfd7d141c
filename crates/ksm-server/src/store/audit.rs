//! The audit log: which device read or changed what, and what the owner did.

use super::db::params;
use super::{now_ms, Store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Milliseconds since the Unix epoch.
    pub time: i64,
    /// The device (its device id); `None` for the owner's admin commands.
    pub device_id: Option<String>,
    pub action: String,
    pub uid: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    pub fn audit(
        &self,
        device_id: Option<&str>,
        action: &str,
        uid: Option<&str>,
        detail: Option<&str>,
    ) -> anyhow::Result<()> {
        self.audit_at(now_ms(), device_id, action, uid, detail)
    }

    /// An entry made at `time` (milliseconds since the Unix epoch), stored later.
    pub fn audit_at(
        &self,
        time: i64,
        device_id: Option<&str>,
        action: &str,
        uid: Option<&str>,
        detail: Option<&str>,
    ) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO audit (time, device_id, action, uid, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![time, device_id, action, uid, detail],
        )?;
        Ok(())
    }

    /// Deletes the entries made before `before` (milliseconds since the Unix epoch), oldest
    /// first, `batch` at a time: each batch is its own statement, so that requests waiting to
    /// write wait for one batch at most. Batches are taken in id order, which the primary key
    /// indexes, not by time, which nothing indexes; ids follow time but for the read log's
    /// batches (within 200 ms), so a batch holding a newer entry among older ones deletes the
    /// older ones and the sweep goes on until a batch deletes nothing. Returns how many went.
    pub fn forget_audit_before(&self, before: i64, batch: i64) -> anyhow::Result<usize> {
        let mut deleted = 0;
        loop {
            let this_batch = self.db.execute(
                "DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id LIMIT ?2) AND time < ?1",
                params![before, batch],
            )?;
            if this_batch == 0 {
                return Ok(deleted);
            }
            deleted += this_batch;
        }
    }

    /// The newest `limit` entries, oldest first; with `device_id`, only that device's requests.
    pub fn audit_entries(&self, limit: usize, device_id: Option<&str>) -> anyhow::Result<Vec<AuditEntry>> {
        self.db.query(
            "SELECT time, device_id, action, uid, detail FROM (
                 SELECT * FROM audit WHERE CAST(?2 AS TEXT) IS NULL OR device_id = ?2
                 ORDER BY id DESC LIMIT ?1
             ) AS newest ORDER BY id",
            params![limit as i64, device_id],
            |row| {
                Ok(AuditEntry {
                    time: row.get(0)?,
                    device_id: row.get(1)?,
                    action: row.get(2)?,
                    uid: row.get(3)?,
                    detail: row.get(4)?,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DeviceIdKey, Store};

    #[test]
    fn entries_before_a_time_are_forgotten_a_batch_at_a_time_past_a_newer_one_among_them() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::create(&temp.path().join("vault.db"), &[4; 65], DeviceIdKey::derive(b"k")).unwrap();
        assert!(store.audit_entries(100, None).unwrap().is_empty(), "a new vault's log is empty");
        // Stored out of time order, as the read log may: 40 comes before 1..=9.
        for time in [40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 50] {
            store.audit_at(time, None, "get_secret", Some(&time.to_string()), None).unwrap();
        }

        assert_eq!(store.forget_audit_before(8, 3).unwrap(), 7, "1 to 7");
        let left = || store.audit_entries(100, None).unwrap().iter().map(|e| e.time).collect::<Vec<_>>();
        assert_eq!(left(), [40, 8, 9, 50], "the newer entries stay, in their order");
        assert_eq!(store.forget_audit_before(8, 3).unwrap(), 0, "nothing more before 8");
        assert_eq!(store.forget_audit_before(45, 100).unwrap(), 3, "40, 8 and 9 in one batch");
        assert_eq!(left(), [50]);
    }
}
