//! Folders, records and files.

use super::db::{params, Row};
use super::{now_ms, Store};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FolderRow {
    pub uid: String,
    pub parent_uid: Option<String>,
    pub shared_folder_uid: String,
    #[serde(with = "super::wire")]
    pub key_wrap: Vec<u8>,
    #[serde(with = "super::wire")]
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordRow {
    pub uid: String,
    /// The shared folder the record lives in, if any.
    pub folder_uid: Option<String>,
    /// The sub-folder inside that shared folder, if any.
    pub inner_folder_uid: Option<String>,
    #[serde(with = "super::wire")]
    pub owner_key: Vec<u8>,
    #[serde(with = "super::wire::option")]
    pub folder_key: Option<Vec<u8>>,
    #[serde(with = "super::wire")]
    pub data: Vec<u8>,
    pub revision: i64,
    pub in_transaction: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRow {
    pub uid: String,
    pub record_uid: String,
    #[serde(with = "super::wire")]
    pub owner_key: Vec<u8>,
    #[serde(with = "super::wire")]
    pub link_key: Vec<u8>,
    #[serde(with = "super::wire")]
    pub data: Vec<u8>,
    pub size: i64,
    pub upload_ticket: Option<String>,
    pub uploaded: bool,
}

const FOLDER_COLUMNS: &str = "uid, parent_uid, shared_folder_uid, key_wrap, data";
const RECORD_COLUMNS: &str =
    "uid, folder_uid, inner_folder_uid, owner_key, folder_key, data, revision, rollback_data IS NOT NULL";
const FILE_COLUMNS: &str = "uid, record_uid, owner_key, link_key, data, size, upload_ticket, uploaded";

fn folder(row: &Row) -> anyhow::Result<FolderRow> {
    Ok(FolderRow {
        uid: row.get(0)?,
        parent_uid: row.get(1)?,
        shared_folder_uid: row.get(2)?,
        key_wrap: row.get(3)?,
        data: row.get(4)?,
    })
}

/// Orders folders so that each comes after its parent, whatever their timestamps (the official
/// SDKs decrypt a sub-folder with its parent's key, so they need the parent first). Siblings
/// keep their given order; a folder whose parent is not in the list counts as a root.
fn parents_first(rows: Vec<FolderRow>) -> Vec<FolderRow> {
    let present: HashSet<&str> = rows.iter().map(|f| f.uid.as_str()).collect();
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut pending: Vec<usize> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match row.parent_uid.as_deref().filter(|parent| present.contains(parent)) {
            Some(parent) => children.entry(parent).or_default().push(index),
            None => pending.push(index),
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    pending.reverse();
    while let Some(index) = pending.pop() {
        order.push(index);
        if let Some(kids) = children.get(rows[index].uid.as_str()) {
            pending.extend(kids.iter().rev());
        }
    }
    let mut slots: Vec<Option<FolderRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|index| slots[index].take()).collect()
}

fn record(row: &Row) -> anyhow::Result<RecordRow> {
    Ok(RecordRow {
        uid: row.get(0)?,
        folder_uid: row.get(1)?,
        inner_folder_uid: row.get(2)?,
        owner_key: row.get(3)?,
        folder_key: row.get(4)?,
        data: row.get(5)?,
        revision: row.get(6)?,
        in_transaction: row.get(7)?,
    })
}

fn file(row: &Row) -> anyhow::Result<FileRow> {
    Ok(FileRow {
        uid: row.get(0)?,
        record_uid: row.get(1)?,
        owner_key: row.get(2)?,
        link_key: row.get(3)?,
        data: row.get(4)?,
        size: row.get(5)?,
        upload_ticket: row.get(6)?,
        uploaded: row.get(7)?,
    })
}

/// See `Store::content_source`.
pub enum ContentSource {
    SqliteFile(std::path::PathBuf),
    Pooled,
}

impl Store {
    pub fn insert_folder(&self, folder: &FolderRow) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO folders (uid, parent_uid, shared_folder_uid, key_wrap, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![folder.uid, folder.parent_uid, folder.shared_folder_uid, folder.key_wrap, folder.data, now_ms()],
        )?;
        Ok(())
    }

    pub fn folder(&self, uid: &str) -> anyhow::Result<Option<FolderRow>> {
        let sql = format!("SELECT {FOLDER_COLUMNS} FROM folders WHERE uid = ?1");
        self.db.query_opt(&sql, params![uid], folder)
    }

    /// Every folder, parents before children.
    pub fn folders(&self) -> anyhow::Result<Vec<FolderRow>> {
        let sql = format!("SELECT {FOLDER_COLUMNS} FROM folders ORDER BY created_at, uid");
        let rows = self.db.query(&sql, params![], folder)?;
        Ok(parents_first(rows))
    }

    /// A shared folder and all of its sub-folders, parents before children.
    pub fn folder_tree(&self, shared_folder_uid: &str) -> anyhow::Result<Vec<FolderRow>> {
        let sql = format!("SELECT {FOLDER_COLUMNS} FROM folders WHERE shared_folder_uid = ?1 ORDER BY created_at, uid");
        let rows = self.db.query(&sql, params![shared_folder_uid], folder)?;
        Ok(parents_first(rows))
    }

    pub fn update_folder_data(&self, uid: &str, data: &[u8]) -> anyhow::Result<()> {
        self.db.execute("UPDATE folders SET data = ?2 WHERE uid = ?1", params![uid, data])?;
        Ok(())
    }

    pub fn update_folder_key_wrap(&self, uid: &str, key_wrap: &[u8]) -> anyhow::Result<()> {
        self.db.execute("UPDATE folders SET key_wrap = ?2 WHERE uid = ?1", params![uid, key_wrap])?;
        Ok(())
    }

    /// Deletes a folder, its sub-folders and every record in them.
    pub fn delete_folder_tree(&self, uid: &str) -> anyhow::Result<()> {
        let mut doomed = vec![uid.to_string()];
        let mut index = 0;
        while index < doomed.len() {
            let children: Vec<String> =
                self.db
                    .query("SELECT uid FROM folders WHERE parent_uid = ?1", params![doomed[index]], |row| row.get(0))?;
            doomed.extend(children);
            index += 1;
        }
        for folder_uid in doomed.iter().rev() {
            self.db.execute(
                "DELETE FROM records WHERE inner_folder_uid = ?1 OR (folder_uid = ?1 AND inner_folder_uid IS NULL)",
                params![folder_uid],
            )?;
            self.db.execute("DELETE FROM shares WHERE target_uid = ?1", params![folder_uid])?;
            self.db.execute("DELETE FROM folders WHERE uid = ?1", params![folder_uid])?;
        }
        Ok(())
    }

    /// True when a folder holds records or sub-folders.
    pub fn folder_has_contents(&self, uid: &str) -> anyhow::Result<bool> {
        let count: i64 = self.db.query_one(
            "SELECT (SELECT COUNT(*) FROM folders WHERE parent_uid = ?1)
                  + (SELECT COUNT(*) FROM records WHERE inner_folder_uid = ?1 OR (folder_uid = ?1 AND inner_folder_uid IS NULL))",
            params![uid],
            |row| row.get(0),
        )?;
        Ok(count > 0)
    }

    pub fn insert_record(&self, record: &RecordRow) -> anyhow::Result<()> {
        let now = now_ms();
        self.db.execute(
            "INSERT INTO records (uid, folder_uid, inner_folder_uid, owner_key, folder_key, data, revision, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                record.uid,
                record.folder_uid,
                record.inner_folder_uid,
                record.owner_key,
                record.folder_key,
                record.data,
                record.revision,
                now
            ],
        )?;
        Ok(())
    }

    pub fn record(&self, uid: &str) -> anyhow::Result<Option<RecordRow>> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE uid = ?1");
        self.db.query_opt(&sql, params![uid], record)
    }

    pub fn records(&self) -> anyhow::Result<Vec<RecordRow>> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records ORDER BY created_at, uid");
        let rows = self.db.query(&sql, params![], record)?;
        Ok(rows)
    }

    pub fn records_in_shared_folder(&self, shared_folder_uid: &str) -> anyhow::Result<Vec<RecordRow>> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE folder_uid = ?1 ORDER BY created_at, uid");
        let rows = self.db.query(&sql, params![shared_folder_uid], record)?;
        Ok(rows)
    }

    /// Replaces a record's data and moves its revision on. With `keep_rollback`, the data it
    /// replaces is kept until the transaction is finalized or rolled back.
    pub fn update_record_data(&self, uid: &str, data: &[u8], keep_rollback: bool) -> anyhow::Result<i64> {
        let sql = if keep_rollback {
            "UPDATE records SET rollback_data = data, data = ?2, revision = revision + 1, updated_at = ?3 WHERE uid = ?1"
        } else {
            "UPDATE records SET data = ?2, revision = revision + 1, updated_at = ?3 WHERE uid = ?1"
        };
        self.db.execute(sql, params![uid, data, now_ms()])?;
        self.db.query_one("SELECT revision FROM records WHERE uid = ?1", params![uid], |row| row.get(0))
    }

    /// Ends an open transaction: keeps the new data, or puts the old data back.
    pub fn complete_transaction(&self, uid: &str, commit: bool) -> anyhow::Result<()> {
        let sql = if commit {
            "UPDATE records SET rollback_data = NULL, updated_at = ?2 WHERE uid = ?1"
        } else {
            "UPDATE records SET data = rollback_data, rollback_data = NULL, revision = revision + 1, updated_at = ?2 WHERE uid = ?1"
        };
        self.db.execute(sql, params![uid, now_ms()])?;
        Ok(())
    }

    pub fn delete_record(&self, uid: &str) -> anyhow::Result<bool> {
        self.db.execute("DELETE FROM shares WHERE target_uid = ?1", params![uid])?;
        Ok(self.db.execute("DELETE FROM records WHERE uid = ?1", params![uid])? > 0)
    }

    pub fn insert_file(&self, file: &FileRow) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO files (uid, record_uid, owner_key, link_key, data, size, upload_ticket, uploaded, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                file.uid,
                file.record_uid,
                file.owner_key,
                file.link_key,
                file.data,
                file.size,
                file.upload_ticket,
                file.uploaded,
                now_ms()
            ],
        )?;
        Ok(())
    }

    pub fn file(&self, uid: &str) -> anyhow::Result<Option<FileRow>> {
        let sql = format!("SELECT {FILE_COLUMNS} FROM files WHERE uid = ?1");
        self.db.query_opt(&sql, params![uid], file)
    }

    /// Files whose content has arrived, for one record.
    pub fn uploaded_files(&self, record_uid: &str) -> anyhow::Result<Vec<FileRow>> {
        let sql =
            format!("SELECT {FILE_COLUMNS} FROM files WHERE record_uid = ?1 AND uploaded = 1 ORDER BY created_at, uid");
        let rows = self.db.query(&sql, params![record_uid], file)?;
        Ok(rows)
    }

    /// Files whose content has arrived, for every record of a shared folder, by record UID:
    /// one query instead of one per record.
    pub fn uploaded_files_in_shared_folder(
        &self,
        shared_folder_uid: &str,
    ) -> anyhow::Result<HashMap<String, Vec<FileRow>>> {
        let sql = format!(
            "SELECT {} FROM files f JOIN records r ON f.record_uid = r.uid WHERE r.folder_uid = ?1 AND f.uploaded = 1 ORDER BY f.created_at, f.uid",
            FILE_COLUMNS.split(", ").map(|c| format!("f.{c}")).collect::<Vec<_>>().join(", ")
        );
        let mut by_record: HashMap<String, Vec<FileRow>> = HashMap::new();
        for row in self.db.query(&sql, params![shared_folder_uid], file)? {
            by_record.entry(row.record_uid.clone()).or_default().push(row);
        }
        Ok(by_record)
    }

    pub fn store_file_content(&self, uid: &str, content: &[u8]) -> anyhow::Result<()> {
        self.store_file_content_from(uid, &mut &content[..], content.len())
    }

    /// Stores `length` bytes of file content read from `content`. SQLite streams them into the
    /// database (an upload of the largest allowed size is never held in memory); PostgreSQL
    /// takes them as one BYTEA value (up to `--max-file-bytes` in memory).
    pub fn store_file_content_from(
        &self,
        uid: &str,
        content: &mut impl std::io::Read,
        length: usize,
    ) -> anyhow::Result<()> {
        let mut content = std::io::Read::take(content, length as u64);
        let copied = match self.db.sqlite() {
            Some(conn) => {
                conn.execute(
                    "INSERT OR REPLACE INTO file_contents (file_uid, content) VALUES (?1, zeroblob(?2))",
                    rusqlite::params![uid, length as i64],
                )?;
                let row = conn.last_insert_rowid();
                let mut blob = conn.blob_open(rusqlite::DatabaseName::Main, "file_contents", "content", row, false)?;
                std::io::copy(&mut content, &mut blob)?
            }
            None => {
                let mut bytes = Vec::with_capacity(length);
                std::io::Read::read_to_end(&mut content, &mut bytes)?;
                self.db.execute(
                    "INSERT INTO file_contents (file_uid, content) VALUES (?1, ?2)
                     ON CONFLICT (file_uid) DO UPDATE SET content = excluded.content",
                    params![uid, bytes],
                )?;
                bytes.len() as u64
            }
        };
        anyhow::ensure!(copied == length as u64, "the file content ended after {copied} of {length} bytes");
        self.db.execute("UPDATE files SET uploaded = 1, upload_ticket = NULL WHERE uid = ?1", params![uid])?;
        Ok(())
    }

    pub fn file_content(&self, uid: &str) -> anyhow::Result<Option<Vec<u8>>> {
        self.db.query_opt("SELECT content FROM file_contents WHERE file_uid = ?1", params![uid], |row| row.get(0))
    }

    /// How many bytes of content a file has stored; `None` when it has none.
    pub fn file_content_length(&self, uid: &str) -> anyhow::Result<Option<u64>> {
        let length: Option<i64> = self.db.query_opt(
            "SELECT CAST(length(content) AS BIGINT) FROM file_contents WHERE file_uid = ?1",
            params![uid],
            |row| row.get(0),
        )?;
        Ok(length.map(i64::unsigned_abs))
    }

    /// Where a download reads a file's content from: an SQLite vault's file, which the download
    /// opens a connection of its own to (`read_sqlite_file_content`), or this database, a
    /// slice at a time (`file_content_slice`).
    pub fn content_source(&self) -> ContentSource {
        match self.db.sqlite().and_then(|conn| conn.path()) {
            Some(path) => ContentSource::SqliteFile(path.into()),
            None => ContentSource::Pooled,
        }
    }

    /// Up to `length` bytes of a file's stored content from `offset` (fewer at its end), read
    /// by PostgreSQL from its uncompressed value (ciphertext does not compress) without the
    /// rest; `None` when it has none.
    pub fn file_content_slice(&self, uid: &str, offset: u64, length: usize) -> anyhow::Result<Option<Vec<u8>>> {
        let (start, length) = (i64::try_from(offset)? + 1, i64::try_from(length)?);
        self.db.query_opt(
            "SELECT substr(content, ?2, ?3) FROM file_contents WHERE file_uid = ?1",
            params![uid, start, length],
            |row| row.get(0),
        )
    }

    /// Reads a file's stored content from the SQLite vault at `path` on a read-only connection
    /// of its own, `chunk` bytes at a time, handing each to `each` until it returns false.
    /// One blob handle serves the whole file: a handle opened per chunk would walk the
    /// content's page chain from its start each time. The handle reads one snapshot, so a
    /// file deleted meanwhile is still sent whole; it also keeps the WAL from being reset
    /// until the download ends. A file without content hands nothing.
    pub fn read_sqlite_file_content(
        path: &std::path::Path,
        uid: &str,
        chunk: usize,
        mut each: impl FnMut(Vec<u8>) -> bool,
    ) -> anyhow::Result<()> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch("BEGIN")?;
        let row = conn.query_row("SELECT rowid FROM file_contents WHERE file_uid = ?1", [uid], |row| row.get(0));
        let Some(row) = rusqlite::OptionalExtension::optional(row)? else { return Ok(()) };
        let blob = conn.blob_open(rusqlite::DatabaseName::Main, "file_contents", "content", row, true)?;
        let mut offset = 0;
        while offset < blob.len() {
            let mut bytes = vec![0; chunk.min(blob.len() - offset)];
            blob.read_at_exact(&mut bytes, offset)?;
            offset += bytes.len();
            if !each(bytes) {
                break;
            }
        }
        Ok(())
    }

    /// Detaches files from a record (`links2Remove`).
    pub fn delete_files(&self, record_uid: &str, file_uids: &[String]) -> anyhow::Result<()> {
        for uid in file_uids {
            self.db.execute("DELETE FROM files WHERE uid = ?1 AND record_uid = ?2", params![uid, record_uid])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(uid: &str, parent: Option<&str>) -> FolderRow {
        FolderRow {
            uid: uid.into(),
            parent_uid: parent.map(str::to_string),
            shared_folder_uid: "root".into(),
            key_wrap: Vec::new(),
            data: Vec::new(),
        }
    }

    #[test]
    fn children_listed_before_their_parents_are_moved_after_them() {
        let rows = vec![row("c", Some("b")), row("b", Some("root")), row("x", Some("root")), row("root", None)];
        let order: Vec<String> = parents_first(rows).into_iter().map(|f| f.uid).collect();
        assert_eq!(order, ["root", "b", "c", "x"]);
        let orphan: Vec<String> = parents_first(vec![row("o", Some("gone"))]).into_iter().map(|f| f.uid).collect();
        assert_eq!(orphan, ["o"], "a folder whose parent is missing is still listed");
    }
}
