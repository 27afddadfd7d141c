//! One-time share tables (docs/share.md). They hold only what the `ksm` client and the share
//! pages encrypted: a request's label and answer, a send's content. Ids are derived from link
//! secrets; tokens are kept as SHA-256. Created idempotently when a database is opened.

use super::db::{params, Row};
use super::{now_ms, Store};

pub(super) const SCHEMA: &str = r#"
-- label = GCM(link key, {"title","type","message"}); enc/ciphertext = HPKE to the request key.
CREATE TABLE IF NOT EXISTS share_requests (
    id TEXT PRIMARY KEY,
    app_uid TEXT NOT NULL,
    client_id TEXT NOT NULL,
    folder_uid TEXT NOT NULL,
    token_hash BLOB NOT NULL,
    label BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'fulfilled', 'received', 'revoked', 'expired')),
    enc BLOB,
    ciphertext BLOB,
    client_hint TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    fulfilled_at INTEGER,
    finished_at INTEGER
);
-- ciphertext = GCM(link key, padded fields); device_key = the P-256 key of the bound browser.
CREATE TABLE IF NOT EXISTS share_sends (
    id TEXT PRIMARY KEY,
    app_uid TEXT NOT NULL,
    client_id TEXT NOT NULL,
    record_uid TEXT NOT NULL,
    token_hash BLOB NOT NULL,
    ciphertext BLOB,
    once INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'bound', 'burned', 'revoked', 'expired')),
    device_key BLOB,
    last_open_ms INTEGER,
    views INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    opened_at INTEGER,
    finished_at INTEGER
);
"#;

#[derive(Debug, Clone)]
pub struct ShareRequestRow {
    pub id: String,
    pub app_uid: String,
    pub folder_uid: String,
    pub token_hash: Vec<u8>,
    pub label: Vec<u8>,
    pub state: String,
    pub enc: Option<Vec<u8>>,
    pub ciphertext: Option<Vec<u8>>,
    pub client_hint: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub fulfilled_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ShareSendRow {
    pub id: String,
    pub app_uid: String,
    pub record_uid: String,
    pub token_hash: Vec<u8>,
    pub ciphertext: Option<Vec<u8>>,
    pub once: bool,
    pub state: String,
    pub device_key: Option<Vec<u8>>,
    pub views: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A new request or send, as the owner's device creates it.
pub struct NewShare<'a> {
    pub id: &'a str,
    pub app_uid: &'a str,
    pub client_id: &'a str,
    /// The folder a request writes into, or the record a send carries.
    pub target_uid: &'a str,
    pub token_hash: &'a [u8],
    /// A request's encrypted label, or a send's encrypted content.
    pub blob: &'a [u8],
    pub expires_at: i64,
}

const REQUEST_COLUMNS: &str = "id, app_uid, folder_uid, token_hash, label, state, enc, ciphertext, client_hint, created_at, expires_at, fulfilled_at";
const SEND_COLUMNS: &str =
    "id, app_uid, record_uid, token_hash, ciphertext, once, state, device_key, views, created_at, expires_at";

fn request_row(row: &Row) -> anyhow::Result<ShareRequestRow> {
    Ok(ShareRequestRow {
        id: row.get(0)?,
        app_uid: row.get(1)?,
        folder_uid: row.get(2)?,
        token_hash: row.get(3)?,
        label: row.get(4)?,
        state: row.get(5)?,
        enc: row.get(6)?,
        ciphertext: row.get(7)?,
        client_hint: row.get(8)?,
        created_at: row.get(9)?,
        expires_at: row.get(10)?,
        fulfilled_at: row.get(11)?,
    })
}

fn send_row(row: &Row) -> anyhow::Result<ShareSendRow> {
    Ok(ShareSendRow {
        id: row.get(0)?,
        app_uid: row.get(1)?,
        record_uid: row.get(2)?,
        token_hash: row.get(3)?,
        ciphertext: row.get(4)?,
        once: row.get(5)?,
        state: row.get(6)?,
        device_key: row.get(7)?,
        views: row.get(8)?,
        created_at: row.get(9)?,
        expires_at: row.get(10)?,
    })
}

impl Store {
    /// Marks every share past its expiry `expired` and deletes its ciphertext; returns how many.
    pub fn purge_expired_shares(&self) -> anyhow::Result<usize> {
        let now = now_ms();
        let requests = self.db.execute(
            "UPDATE share_requests SET state = 'expired', enc = NULL, ciphertext = NULL, finished_at = ?1
             WHERE state IN ('open', 'fulfilled') AND expires_at <= ?1",
            params![now],
        )?;
        let sends = self.db.execute(
            "UPDATE share_sends SET state = 'expired', ciphertext = NULL, device_key = NULL, finished_at = ?1
             WHERE state IN ('open', 'bound') AND expires_at <= ?1",
            params![now],
        )?;
        Ok(requests + sends)
    }

    pub fn insert_share_request(&self, new: &NewShare) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO share_requests (id, app_uid, client_id, folder_uid, token_hash, label, state, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8)",
            params![new.id, new.app_uid, new.client_id, new.target_uid, new.token_hash, new.blob, now_ms(), new.expires_at],
        )?;
        Ok(())
    }

    pub fn share_request(&self, id: &str) -> anyhow::Result<Option<ShareRequestRow>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM share_requests WHERE id = ?1");
        self.db.query_opt(&sql, params![id], request_row)
    }

    pub fn share_requests(&self, app_uid: &str) -> anyhow::Result<Vec<ShareRequestRow>> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM share_requests WHERE app_uid = ?1 ORDER BY created_at");
        let rows = self.db.query(&sql, params![app_uid], request_row)?;
        Ok(rows)
    }

    /// The compare-and-set `open → fulfilled`: true for exactly one caller.
    pub fn fulfil_share_request(&self, id: &str, enc: &[u8], ciphertext: &[u8], hint: &str) -> anyhow::Result<bool> {
        let changed = self.db.execute(
            "UPDATE share_requests SET state = 'fulfilled', enc = ?2, ciphertext = ?3, client_hint = ?4, fulfilled_at = ?5
             WHERE id = ?1 AND state = 'open' AND expires_at > ?5",
            params![id, enc, ciphertext, hint, now_ms()],
        )?;
        Ok(changed == 1)
    }

    /// `fulfilled → received`: the answer is in the vault, its ciphertext goes.
    pub fn receive_share_request(&self, id: &str) -> anyhow::Result<bool> {
        let changed = self.db.execute(
            "UPDATE share_requests SET state = 'received', enc = NULL, ciphertext = NULL, finished_at = ?2
             WHERE id = ?1 AND state = 'fulfilled'",
            params![id, now_ms()],
        )?;
        Ok(changed == 1)
    }

    pub fn revoke_share_request(&self, id: &str) -> anyhow::Result<bool> {
        let changed = self.db.execute(
            "UPDATE share_requests SET state = 'revoked', enc = NULL, ciphertext = NULL, finished_at = ?2
             WHERE id = ?1 AND state IN ('open', 'fulfilled')",
            params![id, now_ms()],
        )?;
        Ok(changed == 1)
    }

    pub fn insert_share_send(&self, new: &NewShare, once: bool) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO share_sends (id, app_uid, client_id, record_uid, token_hash, ciphertext, once, state, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9)",
            params![new.id, new.app_uid, new.client_id, new.target_uid, new.token_hash, new.blob, once, now_ms(), new.expires_at],
        )?;
        Ok(())
    }

    pub fn share_send(&self, id: &str) -> anyhow::Result<Option<ShareSendRow>> {
        let sql = format!("SELECT {SEND_COLUMNS} FROM share_sends WHERE id = ?1");
        self.db.query_opt(&sql, params![id], send_row)
    }

    pub fn share_sends(&self, app_uid: &str) -> anyhow::Result<Vec<ShareSendRow>> {
        let sql = format!("SELECT {SEND_COLUMNS} FROM share_sends WHERE app_uid = ?1 ORDER BY created_at");
        let rows = self.db.query(&sql, params![app_uid], send_row)?;
        Ok(rows)
    }

    /// One view of a send by `device_key` at `time_ms`: binds an open send, burns a `--once`
    /// send. The caller has checked the device's signature; this checks the state, the
    /// binding and that `time_ms` is newer than the last view (no replay), atomically.
    pub fn view_share_send(&self, id: &str, device_key: &[u8], time_ms: i64) -> anyhow::Result<bool> {
        let now = now_ms();
        let changed = self.db.execute(
            "UPDATE share_sends SET
                 state = CASE WHEN once = 1 THEN 'burned' ELSE 'bound' END,
                 ciphertext = CASE WHEN once = 1 THEN NULL ELSE ciphertext END,
                 finished_at = CASE WHEN once = 1 THEN ?4 ELSE finished_at END,
                 device_key = ?2, last_open_ms = ?3, views = views + 1, opened_at = COALESCE(opened_at, ?4)
             WHERE id = ?1 AND expires_at > ?4 AND (
                 state = 'open' OR (state = 'bound' AND device_key = ?2 AND last_open_ms < ?3))",
            params![id, device_key, time_ms, now],
        )?;
        Ok(changed == 1)
    }

    pub fn revoke_share_send(&self, id: &str) -> anyhow::Result<bool> {
        let changed = self.db.execute(
            "UPDATE share_sends SET state = 'revoked', ciphertext = NULL, device_key = NULL, finished_at = ?2
             WHERE id = ?1 AND state IN ('open', 'bound')",
            params![id, now_ms()],
        )?;
        Ok(changed == 1)
    }
}
