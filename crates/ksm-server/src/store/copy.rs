//! `ksm-server migrate`: copies a whole vault from one database to another (SQLite to
//! PostgreSQL and back), row by row as stored. Nothing is decrypted or re-encrypted: the
//! copy holds the same ciphertext, the same device ids and the same revisions, so every
//! device reads the same answers from it.

use super::db::{params, OwnedValue};
use super::Store;
use std::collections::HashMap;

/// Every table and the columns copied, in an order that satisfies the foreign keys
/// (folders are copied parents first, see `copy_vault`).
const TABLES: &[(&str, &str)] = &[
    ("meta", "key, value"),
    ("apps", "uid, owner_key, data, created_at"),
    ("folders", "uid, parent_uid, shared_folder_uid, key_wrap, data, created_at"),
    (
        "records",
        "uid, folder_uid, inner_folder_uid, owner_key, folder_key, data, revision, rollback_data, created_at, updated_at",
    ),
    ("files", "uid, record_uid, owner_key, link_key, data, size, upload_ticket, uploaded, created_at"),
    ("file_contents", "file_uid, content"),
    ("shares", "app_uid, target_uid, kind, editable, key"),
    (
        "clients",
        "device_id, app_uid, name, encrypted_app_key, public_key, token_expires_at, ip_lock, locked_ip, \
         access_expires_at, created_at, bound_at, last_seen_at, revoked_at, rebind_until",
    ),
    ("audit", "id, time, device_id, action, uid, detail"),
    ("seen_requests", "digest, seen_at"),
    (
        "share_requests",
        "id, app_uid, client_id, folder_uid, token_hash, label, state, enc, ciphertext, client_hint, created_at, \
         expires_at, fulfilled_at, finished_at",
    ),
    (
        "share_sends",
        "id, app_uid, client_id, record_uid, token_hash, ciphertext, once, state, device_key, last_open_ms, views, \
         created_at, expires_at, opened_at, finished_at",
    ),
];

/// How many rows of each table were copied.
pub type CopyCounts = Vec<(&'static str, usize)>;

/// Copies every row of `from` into `to`, a vault just created for the same owner (`to`'s
/// own meta rows are overwritten by `from`'s), in one transaction of `to`.
pub fn copy_vault(from: &Store, to: &mut Store) -> anyhow::Result<CopyCounts> {
    anyhow::ensure!(from.owner_public_key()? == to.owner_public_key()?, "the target vault belongs to another owner");
    let folder_order: Vec<String> = from.folders()?.into_iter().map(|folder| folder.uid).collect();
    to.transaction(|to| {
        let mut counts = Vec::new();
        for (table, columns) in TABLES {
            let width = columns.split(',').count();
            let mut rows = from.db.query(&format!("SELECT {columns} FROM {table}"), params![], |row| {
                (0..width).map(|index| row.get::<OwnedValue>(index)).collect::<anyhow::Result<Vec<_>>>()
            })?;
            if *table == "folders" {
                rows = in_order(rows, &folder_order);
            }
            let placeholders: Vec<String> = (1..=width).map(|index| format!("?{index}")).collect();
            let upsert = if *table == "meta" { " ON CONFLICT (key) DO UPDATE SET value = excluded.value" } else { "" };
            let insert = format!("INSERT INTO {table} ({columns}) VALUES ({}){upsert}", placeholders.join(", "));
            for row in &rows {
                let values: Vec<&dyn super::db::Param> = row.iter().map(|value| value as &dyn super::db::Param).collect();
                to.db.execute(&insert, &values)?;
            }
            counts.push((*table, rows.len()));
        }
        if to.engine() == super::Engine::Postgres {
            // The audit ids were copied: new entries continue after them.
            to.db.execute_batch(
                "SELECT setval(pg_get_serial_sequence('audit', 'id'), COALESCE((SELECT MAX(id) FROM audit), 0) + 1, false)",
            )?;
        }
        Ok(counts)
    })
}

/// Folder rows (UID first) in the order of `uids` (parents before children).
fn in_order(rows: Vec<Vec<OwnedValue>>, uids: &[String]) -> Vec<Vec<OwnedValue>> {
    let mut by_uid: HashMap<String, Vec<OwnedValue>> = rows
        .into_iter()
        .filter_map(|row| match row.first() {
            Some(OwnedValue::Text(uid)) => Some((uid.clone(), row)),
            _ => None,
        })
        .collect();
    uids.iter().filter_map(|uid| by_uid.remove(uid)).collect()
}
