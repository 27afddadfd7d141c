//! SQLite storage. The database holds only ciphertext, public keys and metadata: every key in
//! it is wrapped (to the owner's public key, to a folder key or to an app key) and every
//! record, file and folder name is encrypted. See `docs/self-hosting.md` for the model.

mod apps;
mod audit;
mod share;
mod vault;

pub use apps::{AppRow, ClientRow, NewClient, ShareKind, ShareRow};
pub use share::{NewShare, ShareSendRow};
pub use vault::{FileRow, FolderRow, RecordRow};

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- A folder without parent is a shared folder: key_wrap = ECIES(owner, folder key).
-- A sub-folder: key_wrap = CBC(root shared folder key, folder key). data = CBC(folder key, {"name"}).
CREATE TABLE folders (
    uid TEXT PRIMARY KEY,
    parent_uid TEXT REFERENCES folders(uid),
    shared_folder_uid TEXT NOT NULL,
    key_wrap BLOB NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX folders_by_root ON folders(shared_folder_uid);
-- owner_key = ECIES(owner, record key); folder_key = GCM(shared folder key, record key).
-- rollback_data holds the pre-transaction data while a rotation transaction is open.
CREATE TABLE records (
    uid TEXT PRIMARY KEY,
    folder_uid TEXT REFERENCES folders(uid),
    inner_folder_uid TEXT REFERENCES folders(uid),
    owner_key BLOB NOT NULL,
    folder_key BLOB,
    data BLOB NOT NULL,
    revision INTEGER NOT NULL,
    rollback_data BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX records_by_folder ON records(folder_uid);
-- owner_key = ECIES(owner, file key); link_key = GCM(record key, file key); data = GCM(file key, meta).
CREATE TABLE files (
    uid TEXT PRIMARY KEY,
    record_uid TEXT NOT NULL REFERENCES records(uid) ON DELETE CASCADE,
    owner_key BLOB NOT NULL,
    link_key BLOB NOT NULL,
    data BLOB NOT NULL,
    size INTEGER NOT NULL,
    upload_ticket TEXT,
    uploaded INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX files_by_record ON files(record_uid);
-- content = GCM(file key, bytes), as uploaded.
CREATE TABLE file_contents (
    file_uid TEXT PRIMARY KEY REFERENCES files(uid) ON DELETE CASCADE,
    content BLOB NOT NULL
);
-- owner_key = ECIES(owner, app key); data = GCM(app key, {"title","type"}).
CREATE TABLE apps (uid TEXT PRIMARY KEY, owner_key BLOB NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL);
-- key = GCM(app key, shared folder key or record key).
CREATE TABLE shares (
    app_uid TEXT NOT NULL REFERENCES apps(uid) ON DELETE CASCADE,
    target_uid TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('folder', 'record')),
    editable INTEGER NOT NULL,
    key BLOB NOT NULL,
    PRIMARY KEY (app_uid, target_uid)
);
-- A client device. client_id = HMAC of the one-time token; encrypted_app_key = GCM(token, app
-- key), dropped once the device binds. Times are ms since the epoch.
CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    app_uid TEXT NOT NULL REFERENCES apps(uid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    encrypted_app_key BLOB,
    public_key BLOB,
    token_expires_at INTEGER,
    ip_lock INTEGER NOT NULL,
    locked_ip TEXT,
    access_expires_at INTEGER,
    created_at INTEGER NOT NULL,
    bound_at INTEGER,
    last_seen_at INTEGER,
    revoked_at INTEGER
);
CREATE UNIQUE INDEX clients_by_name ON clients(app_uid, name);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    client_id TEXT,
    action TEXT NOT NULL,
    uid TEXT,
    detail TEXT
);
"#;

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Creates a new, empty database. Fails if one exists.
    pub fn create(path: &Path, owner_public_key: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(!path.exists(), "a database already exists at {}", path.display());
        let store = Self::connect(path)?;
        store.conn.execute_batch(SCHEMA)?;
        store.conn.execute_batch(share::SCHEMA)?;
        store.set_meta("schema_version", &SCHEMA_VERSION.to_string())?;
        store.set_meta("owner_public_key", &ksm_proto::b64::encode(owner_public_key))?;
        Ok(store)
    }

    pub fn open(path: &Path) -> anyhow::Result<Self> {
        anyhow::ensure!(path.exists(), "no database at {} (run `ksm-server init` first)", path.display());
        let store = Self::connect(path)?;
        let version: i64 = store
            .meta("schema_version")?
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("{} is not a ksm-server database", path.display()))?;
        anyhow::ensure!(
            version == SCHEMA_VERSION,
            "database schema {version} is not supported (expected {SCHEMA_VERSION})"
        );
        store.conn.execute_batch(share::SCHEMA)?;
        Ok(store)
    }

    fn connect(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path).with_context(|| format!("cannot open database {}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(Self { conn })
    }

    fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0)).optional()
    }

    fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [key, value]).map(drop)
    }

    /// The 65-byte owner public key: sent to devices as `appOwnerPublicKey`.
    pub fn owner_public_key(&self) -> anyhow::Result<Vec<u8>> {
        let text = self.meta("owner_public_key")?.context("the database has no owner public key")?;
        Ok(ksm_proto::b64::decode(&text)?)
    }

    /// Runs `work` in one transaction: all of it is stored, or none.
    pub fn transaction<T>(&mut self, work: impl FnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match work(self) {
            Ok(value) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(value)
            }
            Err(error) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(error)
            }
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
