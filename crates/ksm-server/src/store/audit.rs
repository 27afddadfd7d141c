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
