//! Applications, what is shared with them, and their client devices.

use super::db::{params, Engine, Row};
use super::{now_ms, Store};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppRow {
    pub uid: String,
    #[serde(with = "super::wire")]
    pub owner_key: Vec<u8>,
    #[serde(with = "super::wire")]
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareKind {
    Folder,
    Record,
}

impl ShareKind {
    fn as_str(self) -> &'static str {
        match self {
            ShareKind::Folder => "folder",
            ShareKind::Record => "record",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareRow {
    pub app_uid: String,
    pub target_uid: String,
    pub kind: ShareKind,
    pub editable: bool,
    /// GCM(app key, shared folder key or record key).
    #[serde(with = "super::wire")]
    pub key: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientRow {
    /// The keyed hash of the client id (see `device_id`).
    pub device_id: String,
    pub app_uid: String,
    pub name: String,
    #[serde(with = "super::wire::option")]
    pub encrypted_app_key: Option<Vec<u8>>,
    #[serde(with = "super::wire::option")]
    pub public_key: Option<Vec<u8>>,
    pub token_expires_at: Option<i64>,
    pub ip_lock: bool,
    pub locked_ip: Option<String>,
    pub access_expires_at: Option<i64>,
    pub created_at: i64,
    pub bound_at: Option<i64>,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// Until when the binding answer can be fetched again by the bound device key.
    pub rebind_until: Option<i64>,
}

/// What `client add` decides about a new device.
pub struct NewClient<'a> {
    pub device_id: &'a str,
    pub app_uid: &'a str,
    pub name: &'a str,
    pub encrypted_app_key: &'a [u8],
    pub token_expires_at: Option<i64>,
    pub ip_lock: bool,
    pub access_expires_at: Option<i64>,
}

pub(super) const CLIENT_COLUMNS: &str =
    "device_id, app_uid, name, encrypted_app_key, public_key, token_expires_at, ip_lock, \
     locked_ip, access_expires_at, created_at, bound_at, last_seen_at, revoked_at, rebind_until";

/// How many columns `CLIENT_COLUMNS` names: a statement that selects more after them reads
/// those from this index on.
pub(super) const CLIENT_COLUMN_COUNT: usize = column_count(CLIENT_COLUMNS);

const fn column_count(columns: &str) -> usize {
    let bytes = columns.as_bytes();
    let (mut count, mut index) = (1, 0);
    while index < bytes.len() {
        if bytes[index] == b',' {
            count += 1;
        }
        index += 1;
    }
    count
}

fn share(row: &Row) -> anyhow::Result<ShareRow> {
    let kind: String = row.get(2)?;
    Ok(ShareRow {
        app_uid: row.get(0)?,
        target_uid: row.get(1)?,
        kind: if kind == "folder" { ShareKind::Folder } else { ShareKind::Record },
        editable: row.get(3)?,
        key: row.get(4)?,
    })
}

pub(super) fn client(row: &Row) -> anyhow::Result<ClientRow> {
    Ok(ClientRow {
        device_id: row.get(0)?,
        app_uid: row.get(1)?,
        name: row.get(2)?,
        encrypted_app_key: row.get(3)?,
        public_key: row.get(4)?,
        token_expires_at: row.get(5)?,
        ip_lock: row.get(6)?,
        locked_ip: row.get(7)?,
        access_expires_at: row.get(8)?,
        created_at: row.get(9)?,
        bound_at: row.get(10)?,
        last_seen_at: row.get(11)?,
        revoked_at: row.get(12)?,
        rebind_until: row.get(13)?,
    })
}

impl Store {
    pub fn insert_app(&self, app: &AppRow) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO apps (uid, owner_key, data, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![app.uid, app.owner_key, app.data, now_ms()],
        )?;
        Ok(())
    }

    pub fn app(&self, uid: &str) -> anyhow::Result<Option<AppRow>> {
        let found = self.db.query_opt("SELECT uid, owner_key, data FROM apps WHERE uid = ?1", params![uid], |row| {
            Ok(AppRow { uid: row.get(0)?, owner_key: row.get(1)?, data: row.get(2)? })
        })?;
        Ok(found)
    }

    pub fn apps(&self) -> anyhow::Result<Vec<AppRow>> {
        self.db.query("SELECT uid, owner_key, data FROM apps ORDER BY created_at, uid", params![], |row| {
            Ok(AppRow { uid: row.get(0)?, owner_key: row.get(1)?, data: row.get(2)? })
        })
    }

    pub fn upsert_share(&self, share: &ShareRow) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO shares (app_uid, target_uid, kind, editable, key) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (app_uid, target_uid) DO UPDATE SET kind = excluded.kind, editable = excluded.editable, key = excluded.key",
            params![share.app_uid, share.target_uid, share.kind.as_str(), share.editable, share.key],
        )?;
        Ok(())
    }

    pub fn shares(&self, app_uid: &str) -> anyhow::Result<Vec<ShareRow>> {
        let rows = self.db.query(
            "SELECT app_uid, target_uid, kind, editable, key FROM shares WHERE app_uid = ?1 ORDER BY kind, target_uid",
            params![app_uid],
            share,
        )?;
        Ok(rows)
    }

    pub fn insert_client(&self, new: &NewClient) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO clients (device_id, app_uid, name, encrypted_app_key, token_expires_at, ip_lock, access_expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.device_id,
                new.app_uid,
                new.name,
                new.encrypted_app_key,
                new.token_expires_at,
                new.ip_lock,
                new.access_expires_at,
                now_ms()
            ],
        )?;
        Ok(())
    }

    pub fn client(&self, device_id: &str) -> anyhow::Result<Option<ClientRow>> {
        let sql = format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE device_id = ?1");
        self.db.query_opt(&sql, params![device_id], client)
    }

    pub fn clients(&self, app_uid: Option<&str>) -> anyhow::Result<Vec<ClientRow>> {
        let sql = format!(
            "SELECT {CLIENT_COLUMNS} FROM clients WHERE CAST(?1 AS TEXT) IS NULL OR app_uid = ?1 ORDER BY created_at, device_id"
        );
        let rows = self.db.query(&sql, params![app_uid], client)?;
        Ok(rows)
    }

    /// Records the device key on first use. The token-wrapped app key stays until
    /// `rebind_until`, for the same device key only. False when another request bound the
    /// device first: a token is redeemed by exactly one device key.
    pub fn bind_client(
        &self,
        device_id: &str,
        public_key: &[u8],
        locked_ip: Option<&str>,
        rebind_until: i64,
    ) -> anyhow::Result<bool> {
        self.forget_binding_answers()?;
        let changed = self.db.execute(
            "UPDATE clients SET public_key = ?2, locked_ip = ?3, bound_at = ?4, rebind_until = ?5
             WHERE device_id = ?1 AND public_key IS NULL AND encrypted_app_key IS NOT NULL",
            params![device_id, public_key, locked_ip, now_ms(), rebind_until],
        )?;
        Ok(changed == 1)
    }

    /// `touch_client_at` for each (device id, time), each device once: one statement on
    /// PostgreSQL, where each statement is a round trip; one each on SQLite.
    pub fn touch_clients_at(&self, seen: &[(&str, i64)]) -> anyhow::Result<()> {
        if seen.is_empty() {
            return Ok(());
        }
        if self.engine() == Engine::Sqlite {
            return seen.iter().try_for_each(|(device_id, time)| self.touch_client_at(device_id, *time));
        }
        let devices: Vec<&str> = seen.iter().map(|(device_id, _)| *device_id).collect();
        let times: Vec<i64> = seen.iter().map(|(_, time)| *time).collect();
        self.db.execute(
            "UPDATE clients SET last_seen_at = seen.time
             FROM unnest(?1::text[], ?2::bigint[]) AS seen (device_id, time)
             WHERE clients.device_id = seen.device_id AND (clients.last_seen_at IS NULL OR clients.last_seen_at < seen.time)",
            params![devices, times],
        )?;
        Ok(())
    }

    /// The device made a request at `time`; an earlier time than the stored one changes nothing.
    pub fn touch_client_at(&self, device_id: &str, time: i64) -> anyhow::Result<()> {
        self.db.execute(
            "UPDATE clients SET last_seen_at = ?2 WHERE device_id = ?1 AND (last_seen_at IS NULL OR last_seen_at < ?2)",
            params![device_id, time],
        )?;
        Ok(())
    }

    /// Drops the binding answers whose window has passed.
    pub fn forget_binding_answers(&self) -> anyhow::Result<()> {
        self.db.execute(
            "UPDATE clients SET encrypted_app_key = NULL, rebind_until = NULL
             WHERE public_key IS NOT NULL AND (rebind_until IS NULL OR rebind_until < ?1) AND encrypted_app_key IS NOT NULL",
            params![now_ms()],
        )?;
        Ok(())
    }

    pub fn revoke_client(&self, device_id: &str) -> anyhow::Result<()> {
        self.db.execute(
            "UPDATE clients SET revoked_at = ?2, encrypted_app_key = NULL, rebind_until = NULL
             WHERE device_id = ?1 AND revoked_at IS NULL",
            params![device_id, now_ms()],
        )?;
        Ok(())
    }
}
