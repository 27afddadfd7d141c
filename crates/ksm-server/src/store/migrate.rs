//! Schema upgrades, run by `Store::open`: each step in one transaction, so a database is at one
//! version or the next, never in between.

use super::db::params;
use super::{Engine, Store, SEEN_REQUESTS_TABLE};
use ksm_proto::b64;
use ksm_proto::crypto::EcPublicKey;
use ksm_proto::record_crypto::seal_text_for_owner;

/// The versions before 3 only ever existed in SQLite: a PostgreSQL vault starts at 3.
pub(super) fn to_current(store: &mut Store, from: i64) -> anyhow::Result<()> {
    anyhow::ensure!(from >= 1, "unknown schema version {from}");
    anyhow::ensure!(store.engine() == Engine::Sqlite, "unknown PostgreSQL schema version {from}");
    if from == 1 {
        step(store, 1, v1_to_v2)?;
    }
    if from <= 2 {
        step(store, 2, v2_to_v3)?;
    }
    // What an older schema held in clear (client ids, device names) may linger in freed pages
    // and in the WAL.
    store.db.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

/// Runs `upgrade` if the database is still at version `from` once its transaction holds the
/// write lock. Processes that open an old database at once (a server and an admin command
/// after an upgrade, replicas started together) each read the old version; the steps another
/// one has run since are skipped, not run twice.
fn step(store: &mut Store, from: i64, upgrade: fn(&Store) -> anyhow::Result<()>) -> anyhow::Result<()> {
    store.transaction(|store| if store.schema_version("the database")? == from { upgrade(store) } else { Ok(()) })
}

/// Device names are sealed to the owner: the owner's public key is all it takes.
fn v2_to_v3(store: &Store) -> anyhow::Result<()> {
    let owner = EcPublicKey::from_bytes(&store.owner_public_key()?)?;
    store.db.execute_batch("DROP INDEX IF EXISTS clients_by_name;")?;
    let names: Vec<(String, String)> =
        store.db.query("SELECT device_id, name FROM clients", params![], |row| Ok((row.get(0)?, row.get(1)?)))?;
    for (device_id, name) in names {
        let sealed = b64::encode(&seal_text_for_owner(&owner, &name));
        store.db.execute("UPDATE clients SET name = ?2 WHERE device_id = ?1", params![device_id, sealed])?;
    }
    store.set_meta("schema_version", "3")?;
    Ok(())
}

/// Client ids become device ids (their keyed hash) in `clients` and in the audit log (the
/// device column, and the UID of the owner's client_add / client_revoke entries).
fn v1_to_v2(store: &Store) -> anyhow::Result<()> {
    store.db.execute_batch(
        "ALTER TABLE clients RENAME COLUMN client_id TO device_id;
         ALTER TABLE clients ADD COLUMN rebind_until INTEGER;
         ALTER TABLE audit RENAME COLUMN client_id TO device_id;",
    )?;
    store.db.execute_batch(SEEN_REQUESTS_TABLE)?;
    let client_ids: Vec<String> = store.db.query(
        "SELECT device_id FROM clients
         UNION SELECT device_id FROM audit WHERE device_id IS NOT NULL
         UNION SELECT uid FROM audit WHERE action IN ('client_add', 'client_revoke') AND uid IS NOT NULL",
        params![],
        |row| row.get(0),
    )?;
    for client_id in client_ids {
        let device_id = store.device_id(&client_id);
        store.db.execute("UPDATE clients SET device_id = ?2 WHERE device_id = ?1", params![client_id, device_id])?;
        store.db.execute("UPDATE audit SET device_id = ?2 WHERE device_id = ?1", params![client_id, device_id])?;
        store.db.execute(
            "UPDATE audit SET uid = ?2 WHERE uid = ?1 AND action IN ('client_add', 'client_revoke')",
            params![client_id, device_id],
        )?;
    }
    store.set_meta("schema_version", "2")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{DeviceIdKey, Store};
    use ksm_proto::b64;
    use ksm_proto::crypto::EcPrivateKey;
    use ksm_proto::record_crypto::open_owner_text;
    use rusqlite::params;

    fn file_bytes(path: &std::path::Path) -> Vec<u8> {
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(path.with_extension("db-wal")).unwrap_or_default());
        bytes
    }

    fn holds(haystack: &[u8], needle: &str) -> bool {
        haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
    }

    #[test]
    fn schema_1_client_ids_become_device_ids_and_leave_the_file() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("vault.db");
        let key = || DeviceIdKey::derive(b"identity secret");
        let client_id = ksm_proto::client_id::client_id(b"a one-time token");
        let deleted_id = ksm_proto::client_id::client_id(b"another token");
        let owner = EcPrivateKey::generate();
        {
            let store = Store::create(&path, &owner.public_key().to_uncompressed(), key()).unwrap();
            // Back to schema 1, as an older ksm-server left it.
            store
                .db
                .sqlite()
                .unwrap()
                .execute_batch(
                    "DROP TABLE seen_requests;
                     ALTER TABLE clients DROP COLUMN rebind_until;
                     ALTER TABLE clients RENAME COLUMN device_id TO client_id;
                     ALTER TABLE audit RENAME COLUMN device_id TO client_id;
                     INSERT INTO apps (uid, owner_key, data, created_at) VALUES ('app', x'00', x'00', 0);",
                )
                .unwrap();
            store.set_meta("schema_version", "1").unwrap();
            store
                .db
                .sqlite()
                .unwrap()
                .execute(
                    "INSERT INTO clients (client_id, app_uid, name, encrypted_app_key, ip_lock, created_at)
                     VALUES (?1, 'app', 'build-box-17', x'01', 0, 0)",
                    [&client_id],
                )
                .unwrap();
            store.db.sqlite().unwrap()
                .execute(
                    "INSERT INTO audit (time, client_id, action, uid) VALUES (0, NULL, 'client_add', ?1), (1, ?1, 'get_secret', NULL)",
                    params![client_id],
                )
                .unwrap();
            // Schema 1 did not overwrite what it deleted: a removed row stays in free space.
            store.db.sqlite().unwrap().pragma_update(None, "secure_delete", "OFF").unwrap();
            store.db.sqlite().unwrap()
                .execute(
                    "INSERT INTO clients (client_id, app_uid, name, ip_lock, created_at) VALUES (?1, 'app', 'gone', 0, 0)",
                    [&deleted_id],
                )
                .unwrap();
            store.db.sqlite().unwrap().execute("DELETE FROM clients WHERE name = 'gone'", []).unwrap();
            store.db.sqlite().unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        }
        let before = file_bytes(&path);
        assert!(holds(&before, &client_id) && holds(&before, &deleted_id), "schema 1 kept client ids");
        assert!(holds(&before, "build-box-17"), "schema 2 kept names in clear");

        let store = Store::open(&path, key()).unwrap();
        let device_id = key().device_id(&client_id);
        let row = store.client(&device_id).unwrap().expect("the client, under its device id");
        assert_eq!(row.encrypted_app_key.as_deref(), Some(&[1u8][..]));
        let name = open_owner_text(&owner, &b64::decode(&row.name).unwrap()).unwrap();
        assert_eq!(name, "build-box-17", "schema 3 seals the device's name to the owner");
        let requests = store.audit_entries(10, Some(&device_id)).unwrap();
        assert_eq!(requests.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["get_secret"]);
        let all = store.audit_entries(10, None).unwrap();
        assert_eq!(all[0].uid.as_deref(), Some(device_id.as_str()), "client_add names the device id");
        assert!(store.first_sighting(&[1; 32], 0).unwrap(), "the replay table exists");
        drop(store);
        let after = file_bytes(&path);
        assert!(!holds(&after, &client_id) && !holds(&after, &deleted_id), "no client id left in the file");
        assert!(!holds(&after, "build-box-17") && !holds(&after, "gone"), "no device name left in the file");
        Store::open(&path, key()).unwrap();
    }

    /// As a process that read schema 2 while another one upgraded the database: resealing the
    /// sealed names would leave the owner unable to read them.
    #[test]
    fn a_step_another_process_has_run_since_is_skipped() {
        let temp = tempfile::tempdir().unwrap();
        let owner = EcPrivateKey::generate();
        let key = DeviceIdKey::derive(b"identity secret");
        let mut store =
            Store::create(&temp.path().join("vault.db"), &owner.public_key().to_uncompressed(), key).unwrap();
        let sealed = b64::encode(&ksm_proto::record_crypto::seal_text_for_owner(&owner.public_key(), "build-box-17"));
        let sqlite = store.db.sqlite().unwrap();
        sqlite
            .execute("INSERT INTO apps (uid, owner_key, data, created_at) VALUES ('app', x'00', x'00', 0)", [])
            .unwrap();
        sqlite
            .execute(
                "INSERT INTO clients (device_id, app_uid, name, ip_lock, created_at) VALUES ('d', 'app', ?1, 0, 0)",
                [&sealed],
            )
            .unwrap();

        super::to_current(&mut store, 2).unwrap();
        super::to_current(&mut store, 1).unwrap();

        assert_eq!(store.schema_version("test").unwrap(), super::super::SCHEMA_VERSION);
        let name = open_owner_text(&owner, &b64::decode(&store.client("d").unwrap().unwrap().name).unwrap()).unwrap();
        assert_eq!(name, "build-box-17", "the name is sealed once");
    }
}
