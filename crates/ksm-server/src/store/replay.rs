//! Requests already received, remembered across restarts (see `api::replay`), and how many
//! each device sent lately (`api::rate_limit`, PostgreSQL).

use super::apps::{client, CLIENT_COLUMNS, CLIENT_COLUMN_COUNT};
use super::db::{params, Engine};
use super::{revision_of, ClientRow, Store, VAULT_REVISION};

/// What the database says about a request whose signature checked (`Store::admit`).
pub struct Admission {
    /// False when the request's digest was already recorded: a replay.
    pub first_use: bool,
    /// The device's row as it is now; `None` when the device was removed.
    pub client: Option<ClientRow>,
    /// The vault revision, read before anything of the vault (`api::get`).
    pub vault_revision: i64,
}

impl Store {
    /// Records a request's digest and reads the device's row and the vault revision. On
    /// PostgreSQL this is one statement: a request then costs one round trip to the database
    /// instead of three.
    pub fn admit(&self, digest: &[u8; 32], now: i64, device_id: &str) -> anyhow::Result<Admission> {
        if self.engine() == Engine::Sqlite {
            return Ok(Admission {
                first_use: self.first_sighting(digest, now)?,
                client: self.client(device_id)?,
                vault_revision: self.vault_revision()?,
            });
        }
        let sql = format!(
            "WITH seen AS (
                 INSERT INTO seen_requests (digest, seen_at) VALUES (?1, ?2) ON CONFLICT (digest) DO NOTHING RETURNING 1
             )
             SELECT {CLIENT_COLUMNS}, (SELECT count(*) FROM seen), (SELECT value FROM meta WHERE key = ?4)
             FROM (SELECT 1) AS one LEFT JOIN clients ON clients.device_id = ?3"
        );
        self.db.query_one(&sql, params![digest.as_slice(), now, device_id, VAULT_REVISION], |row| {
            let known = row.get::<Option<String>>(0)?.is_some();
            Ok(Admission {
                first_use: row.get::<i64>(CLIENT_COLUMN_COUNT)? == 1,
                client: known.then(|| client(row)).transpose()?,
                vault_revision: revision_of(row.get(CLIENT_COLUMN_COUNT + 1)?),
            })
        })
    }

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
    use super::super::{AppRow, NewClient};

    #[test]
    fn a_digest_is_new_once_until_it_is_forgotten() {
        let (_temp, store) = super::super::scratch_store();
        assert!(store.first_sighting(&[1; 32], 100).unwrap());
        assert!(!store.first_sighting(&[1; 32], 200).unwrap(), "seen");
        assert!(store.first_sighting(&[2; 32], 300).unwrap());
        store.forget_requests_before(150).unwrap();
        assert!(store.first_sighting(&[1; 32], 400).unwrap(), "forgotten");
        assert!(!store.first_sighting(&[2; 32], 400).unwrap(), "still remembered");
    }

    #[test]
    fn an_admission_records_the_request_and_reads_the_device_and_the_revision() {
        let (_temp, mut store) = super::super::scratch_store();
        store.insert_app(&AppRow { uid: "app".into(), owner_key: vec![1], data: vec![2] }).unwrap();
        let device = NewClient {
            device_id: "d1",
            app_uid: "app",
            name: "ci",
            encrypted_app_key: &[3],
            token_expires_at: None,
            ip_lock: false,
            access_expires_at: None,
        };
        store.insert_client(&device).unwrap();
        store
            .owner_transaction(|store| {
                store.note_vault_change();
                Ok(())
            })
            .unwrap();
        let revision = store.vault_revision().unwrap();
        assert!(revision > 0);

        let first = store.admit(&[1; 32], 100, "d1").unwrap();
        assert!(first.first_use);
        assert_eq!(first.client.map(|client| client.name).as_deref(), Some("ci"));
        assert_eq!(first.vault_revision, revision);
        assert!(!store.admit(&[1; 32], 200, "d1").unwrap().first_use, "replayed");
        let unknown = store.admit(&[2; 32], 300, "gone").unwrap();
        assert!(unknown.first_use && unknown.client.is_none());
    }
}
