//! The audit log: which device read or changed what, and what the owner did.

use super::{now_ms, Store};
use rusqlite::params;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Milliseconds since the Unix epoch.
    pub time: i64,
    /// The device; `None` for the owner's admin commands.
    pub client_id: Option<String>,
    pub action: String,
    pub uid: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    pub fn audit(
        &self,
        client_id: Option<&str>,
        action: &str,
        uid: Option<&str>,
        detail: Option<&str>,
    ) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT INTO audit (time, client_id, action, uid, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now_ms(), client_id, action, uid, detail],
        )?;
        Ok(())
    }

    pub fn audit_entries(&self, limit: usize) -> anyhow::Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare(
            "SELECT time, client_id, action, uid, detail FROM (SELECT * FROM audit ORDER BY id DESC LIMIT ?1) ORDER BY id",
        )?;
        let rows = statement
            .query_map([limit as i64], |row| {
                Ok(AuditEntry {
                    time: row.get(0)?,
                    client_id: row.get(1)?,
                    action: row.get(2)?,
                    uid: row.get(3)?,
                    detail: row.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
