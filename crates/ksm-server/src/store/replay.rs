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

/// A device's request whose signature checked: its digest and the device that sent it.
pub struct AdmissionRequest {
    pub digest: [u8; 32],
    pub device_id: String,
}

impl Store {
    /// Records the digests of requests and reads, for each, the device's row as it is now, and
    /// the vault revision. A digest recorded before, or earlier in `requests`, is a replay. On
    /// PostgreSQL this is one statement for all of them, on SQLite one transaction (as
    /// durable as a statement of its own: see `open_sqlite`), so that the requests of a busy
    /// server share the database's costs per statement (`api::shared_turns`).
    pub fn admit(&self, requests: &[AdmissionRequest], now: i64) -> anyhow::Result<Vec<Admission>> {
        if self.engine() == Engine::Sqlite {
            return self.run_transaction(|store| {
                let vault_revision = store.vault_revision()?;
                let admit = |request: &AdmissionRequest| {
                    Ok(Admission {
                        first_use: store.first_sighting(&request.digest, now)?,
                        client: store.client(&request.device_id)?,
                        vault_revision,
                    })
                };
                requests.iter().map(admit).collect()
            });
        }
        let sql = format!(
            "WITH input AS (
                 SELECT * FROM unnest(?1::bytea[], ?2::text[]) WITH ORDINALITY AS input (request_digest, request_device, ordinal)
             ), seen AS (
                 INSERT INTO seen_requests (digest, seen_at) SELECT request_digest, ?3 FROM input
                 ON CONFLICT (digest) DO NOTHING RETURNING digest
             )
             SELECT {CLIENT_COLUMNS}, input.request_digest IN (SELECT digest FROM seen), (SELECT value FROM meta WHERE key = ?4)
             FROM input LEFT JOIN clients ON clients.device_id = input.request_device
             ORDER BY input.ordinal"
        );
        let digests: Vec<&[u8]> = requests.iter().map(|request| request.digest.as_slice()).collect();
        let devices: Vec<&str> = requests.iter().map(|request| request.device_id.as_str()).collect();
        let mut admissions = self.db.query(&sql, params![digests, devices, now, VAULT_REVISION], |row| {
            let known = row.get::<Option<String>>(0)?.is_some();
            Ok(Admission {
                first_use: row.get(CLIENT_COLUMN_COUNT)?,
                client: known.then(|| client(row)).transpose()?,
                vault_revision: revision_of(row.get(CLIENT_COLUMN_COUNT + 1)?),
            })
        })?;
        anyhow::ensure!(admissions.len() == requests.len(), "an admission answered {} rows", admissions.len());
        // One insert stores a digest sent twice in it once, and both copies read as stored.
        let mut first_seen = std::collections::HashSet::new();
        for (admission, request) in admissions.iter_mut().zip(requests) {
            admission.first_use &= first_seen.insert(request.digest);
        }
        Ok(admissions)
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
    use super::*;

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

    fn request(digest: u8, device_id: &str) -> AdmissionRequest {
        AdmissionRequest { digest: [digest; 32], device_id: device_id.into() }
    }

    /// One batch records each request once, reads each device, and the vault revision.
    fn admissions_record_requests_and_read_devices_and_the_revision(mut store: Store) {
        super::super::add_scratch_device(&store, "d1");
        store
            .owner_transaction(|store| {
                store.note_vault_change();
                Ok(())
            })
            .unwrap();
        let revision = store.vault_revision().unwrap();
        assert!(revision > 0);

        let batch = [request(1, "d1"), request(2, "gone"), request(1, "d1"), request(3, "d1")];
        let admissions = store.admit(&batch, 100).unwrap();
        let seen: Vec<(bool, Option<&str>)> = admissions
            .iter()
            .map(|admission| (admission.first_use, admission.client.as_ref().map(|client| client.name.as_str())))
            .collect();
        assert_eq!(
            seen,
            [(true, Some("ci")), (true, None), (false, Some("ci")), (true, Some("ci"))],
            "the second copy of a digest in one batch is a replay"
        );
        assert!(admissions.iter().all(|admission| admission.vault_revision == revision));
        let again = store.admit(&[request(4, "d1"), request(1, "d1")], 200).unwrap();
        assert_eq!(again.iter().map(|admission| admission.first_use).collect::<Vec<_>>(), [true, false], "replayed");
        assert!(store.admit(&[], 300).unwrap().is_empty());
        assert!(!store.first_sighting(&[3; 32], 400).unwrap(), "each digest was stored");
    }

    #[test]
    fn admissions_on_sqlite() {
        let (_temp, store) = super::super::scratch_store();
        admissions_record_requests_and_read_devices_and_the_revision(store);
    }

    #[test]
    fn admissions_on_postgresql() {
        admissions_record_requests_and_read_devices_and_the_revision(super::super::scratch_postgres_store());
    }
}
