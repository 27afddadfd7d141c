//! The audit log: which device read or changed what, and what the owner did.

use super::db::{params, Engine};
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

/// A read's audit entry, made at `time` (milliseconds since the Unix epoch) and stored later.
pub struct ReadEntry<'a> {
    pub time: i64,
    pub device_id: &'a str,
    pub action: &'a str,
    pub detail: &'a str,
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

    /// Audit entries of reads (`api::ReadLog`), in the order given: one statement for all of
    /// them on PostgreSQL, where each statement is a round trip; one each on SQLite.
    pub fn audit_reads(&self, reads: &[ReadEntry<'_>]) -> anyhow::Result<()> {
        if reads.is_empty() {
            return Ok(());
        }
        if self.engine() == Engine::Sqlite {
            return reads.iter().try_for_each(|read| {
                self.audit_at(read.time, Some(read.device_id), read.action, None, Some(read.detail))
            });
        }
        let times: Vec<i64> = reads.iter().map(|read| read.time).collect();
        let devices: Vec<&str> = reads.iter().map(|read| read.device_id).collect();
        let actions: Vec<&str> = reads.iter().map(|read| read.action).collect();
        let details: Vec<&str> = reads.iter().map(|read| read.detail).collect();
        self.db.execute(
            "INSERT INTO audit (time, device_id, action, detail)
             SELECT time, device_id, action, detail
             FROM unnest(?1::bigint[], ?2::text[], ?3::text[], ?4::text[]) WITH ORDINALITY
                 AS read (time, device_id, action, detail, ordinal)
             ORDER BY ordinal",
            params![times, devices, actions, details],
        )?;
        Ok(())
    }

    /// Deletes up to `batch` of the oldest entries made before `before` (milliseconds since
    /// the Unix epoch); returns how many went. "Oldest" is by id, which the primary key
    /// indexes, not by time, which nothing indexes: ids follow time but for the read log's
    /// batches (within 200 ms), so a batch may hold a newer entry among older ones, which it
    /// keeps. `api::audit_retention` runs batches until one deletes nothing.
    pub fn forget_audit_batch(&self, before: i64, batch: i64) -> anyhow::Result<usize> {
        self.db.execute(
            "DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id LIMIT ?2) AND time < ?1",
            params![before, batch],
        )
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
    use super::super::{add_scratch_device, scratch_postgres_store, scratch_store, Store};
    use super::ReadEntry;

    /// A batch of the read log's bookkeeping: entries kept in order, last-seen times only
    /// moved forward.
    fn reads_are_audited_in_order_and_last_seen_times_only_move_forward(store: Store) {
        add_scratch_device(&store, "d1");
        let read = |time, detail| ReadEntry { time, device_id: "d1", action: "get_secret", detail };
        store.audit_reads(&[read(30, "3"), read(10, "1"), read(20, "2")]).unwrap();
        store.audit_reads(&[]).unwrap();
        let entries = store.audit_entries(10, Some("d1")).unwrap();
        let stored: Vec<(i64, Option<&str>)> = entries.iter().map(|e| (e.time, e.detail.as_deref())).collect();
        assert_eq!(stored, [(30, Some("3")), (10, Some("1")), (20, Some("2"))]);
        assert!(entries.iter().all(|e| e.action == "get_secret" && e.uid.is_none()));

        let last_seen = || store.client("d1").unwrap().unwrap().last_seen_at;
        store.touch_clients_at(&[("d1", 500), ("gone", 600)]).unwrap();
        assert_eq!(last_seen(), Some(500));
        store.touch_clients_at(&[("d1", 400)]).unwrap();
        assert_eq!(last_seen(), Some(500), "an older time does not move it back");
        store.touch_clients_at(&[]).unwrap();
    }

    #[test]
    fn read_bookkeeping_on_sqlite() {
        let (_temp, store) = scratch_store();
        reads_are_audited_in_order_and_last_seen_times_only_move_forward(store);
    }

    #[test]
    fn read_bookkeeping_on_postgresql() {
        reads_are_audited_in_order_and_last_seen_times_only_move_forward(scratch_postgres_store());
    }

    #[test]
    fn a_batch_deletes_the_oldest_entries_made_before_a_time_and_keeps_a_newer_one_among_them() {
        let (_temp, store) = scratch_store();
        assert!(store.audit_entries(100, None).unwrap().is_empty(), "a new vault's log is empty");
        // Stored out of time order, as the read log may: 40 comes before 1..=4.
        for time in [40, 1, 2, 3, 4, 50] {
            store.audit_at(time, None, "get_secret", None, None).unwrap();
        }
        let left = || store.audit_entries(100, None).unwrap().iter().map(|e| e.time).collect::<Vec<_>>();

        assert_eq!(store.forget_audit_batch(4, 3).unwrap(), 2, "of 40, 1 and 2: 1 and 2");
        assert_eq!(left(), [40, 3, 4, 50]);
        assert_eq!(store.forget_audit_batch(4, 3).unwrap(), 1, "of 40, 3 and 4: 3");
        assert_eq!(store.forget_audit_batch(4, 3).unwrap(), 0, "of 40, 4 and 50: none");
        assert_eq!(left(), [40, 4, 50], "the entries from 4 on stay, in their order");
    }
}
