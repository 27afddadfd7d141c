//! The audit log: which device read or changed what, and what the owner did.

use super::{now_ms, Store};
use rusqlite::params;
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
        self.conn.execute(
            "INSERT INTO audit (time, device_id, action, uid, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now_ms(), device_id, action, uid, detail],
        )?;
        Ok(())
    }

    /// The newest `limit` entries, oldest first; with `device_id`, only that device's requests.
    pub fn audit_entries(&self, limit: usize, device_id: Option<&str>) -> anyhow::Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare(
            "SELECT time, device_id, action, uid, detail FROM (
                 SELECT * FROM audit WHERE ?2 IS NULL OR device_id = ?2
                 ORDER BY id DESC LIMIT ?1
             ) ORDER BY id",
        )?;
        let rows = statement
            .query_map(params![limit as i64, device_id], |row| {
                Ok(AuditEntry {
                    time: row.get(0)?,
                    device_id: row.get(1)?,
                    action: row.get(2)?,
                    uid: row.get(3)?,
                    detail: row.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
