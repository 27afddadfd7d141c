//! SQLite storage. The database holds only ciphertext, public keys and metadata: every key in
//! it is wrapped (to the owner's public key, to a folder key or to an app key) and every
//! record, file and folder name is encrypted. See `docs/self-hosting.md` for the model.

mod apps;
mod audit;
mod copy;
pub mod db;
mod device_id;
mod migrate;
mod postgres;
mod replay;
mod share;
mod vault;
pub mod wire;

pub use apps::{AppRow, ClientRow, NewClient, ShareKind, ShareRow};
pub use audit::{AuditEntry, ReadEntry};
pub use device_id::DeviceIdKey;
pub use replay::{Admission, AdmissionRequest};
pub use share::{NewShare, ShareRequestRow, ShareSendRow};
pub use vault::{ContentSource, FileRow, FolderRow, RecordRow};

pub use db::{Database, Engine};

use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use anyhow::Context;
use db::{params, Db};
use std::path::Path;

/// 2: client devices and the audit log name devices by a keyed hash of their client id
/// (`device_id`), a bound device's binding answer stays fetchable for a short while
/// (`rebind_until`), and requests already received are remembered (`seen_requests`).
/// 3: a device's name is sealed to the owner (`clients.name` holds the base64 ciphertext).
const SCHEMA_VERSION: i64 = 3;

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
-- A client device. device_id = keyed hash of its client id (see device_id.rs; the client id
-- itself is never stored); encrypted_app_key = GCM(token, app key), kept after binding only
-- until rebind_until, so that the same device key can fetch its binding answer again.
-- Times are ms since the epoch.
CREATE TABLE clients (
    device_id TEXT PRIMARY KEY,
    app_uid TEXT NOT NULL REFERENCES apps(uid) ON DELETE CASCADE,
    -- base64 ECIES(owner public key, the device's name): only the owner reads it.
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
    revoked_at INTEGER,
    rebind_until INTEGER
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    device_id TEXT,
    action TEXT NOT NULL,
    uid TEXT,
    detail TEXT
);
"#;

/// SHA-256 of the encrypted transmission key of each request received lately: a replay guard
/// that outlives a restart. Added by schema 2.
const SEEN_REQUESTS_TABLE: &str =
    "CREATE TABLE seen_requests (digest BLOB PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;";

pub struct Store {
    db: Db,
    device_ids: DeviceIdKey,
    /// Set when the owner changes what devices read (see `owner_transaction`).
    vault_changed: std::cell::Cell<bool>,
}

impl Store {
    /// A store over an open database connection.
    fn over(db: Db, device_ids: DeviceIdKey) -> Self {
        Self { db, device_ids, vault_changed: Default::default() }
    }

    /// Creates a new, empty SQLite database. Fails if one exists.
    #[cfg(test)]
    pub fn create(path: &Path, owner_public_key: &[u8], device_ids: DeviceIdKey) -> anyhow::Result<Self> {
        Self::create_at(&Database::Sqlite(path.to_path_buf()), owner_public_key, device_ids)
    }

    /// Fails unless `create_at` can make a vault in `database`: no SQLite file there yet, or a
    /// reachable PostgreSQL database without a vault.
    pub fn check_new(database: &Database) -> anyhow::Result<()> {
        match database {
            Database::Sqlite(path) => {
                anyhow::ensure!(!path.exists(), "a database already exists at {}", path.display());
            }
            Database::Postgres(url) => {
                let db = Db::Postgres(Box::new(db::PgConn::connect(url)?));
                anyhow::ensure!(!postgres::has_vault(&db)?, "{} already holds a ksm-server vault", database.describe());
            }
        }
        Ok(())
    }

    /// Creates a new, empty vault: an SQLite file, or the tables in an empty PostgreSQL
    /// database. Fails if one exists.
    pub fn create_at(database: &Database, owner_public_key: &[u8], device_ids: DeviceIdKey) -> anyhow::Result<Self> {
        Self::check_new(database)?;
        let store = match database {
            Database::Sqlite(path) => {
                let store = Self::over(Db::Sqlite(db::open_sqlite(path)?), device_ids);
                store.db.execute_batch(SCHEMA)?;
                store.db.execute_batch(SEEN_REQUESTS_TABLE)?;
                store.db.execute_batch(share::SCHEMA)?;
                store
            }
            Database::Postgres(url) => {
                let mut store = Self::over(Db::Postgres(Box::new(db::PgConn::connect(url)?)), device_ids);
                store.transaction(|store| store.db.execute_batch(postgres::SCHEMA))?;
                store
            }
        };
        store.set_meta("schema_version", &SCHEMA_VERSION.to_string())?;
        store.set_meta("owner_public_key", &ksm_proto::b64::encode(owner_public_key))?;
        Ok(store)
    }

    /// Opens the vault of a data directory (its `--database`, else its `vault.db`), with the
    /// device id key of its server identity.
    pub fn open_in(dir: &DataDir) -> anyhow::Result<Self> {
        let identity = ServerIdentity::load(&dir.identity())?;
        Self::open_at(&dir.storage(), identity.device_id_key())
    }

    /// Opens an SQLite database, bringing an older schema up to date first (see `migrate`).
    pub fn open(path: &Path, device_ids: DeviceIdKey) -> anyhow::Result<Self> {
        Self::open_at(&Database::Sqlite(path.to_path_buf()), device_ids)
    }

    /// Opens a vault, bringing an older schema up to date first (see `migrate`).
    pub fn open_at(database: &Database, device_ids: DeviceIdKey) -> anyhow::Result<Self> {
        let name = database.describe();
        let mut store = match database {
            Database::Sqlite(path) => {
                anyhow::ensure!(path.exists(), "no database at {name} (run `ksm-server init` first)");
                Self::over(Db::Sqlite(db::open_sqlite(path)?), device_ids)
            }
            Database::Postgres(url) => {
                let store = Self::over(Db::Postgres(Box::new(db::PgConn::connect(url)?)), device_ids);
                anyhow::ensure!(
                    postgres::has_vault(&store.db)?,
                    "{name} holds no ksm-server vault (run `ksm-server init --database …` first)"
                );
                store
            }
        };
        let version = store.schema_version(&name)?;
        if version < SCHEMA_VERSION {
            migrate::to_current(&mut store, version)
                .with_context(|| format!("cannot upgrade {name} from schema {version}"))?;
        }
        let version = store.schema_version(&name)?;
        anyhow::ensure!(
            version == SCHEMA_VERSION,
            "database schema {version} is not supported (expected {SCHEMA_VERSION}; is this ksm-server older than the database?)"
        );
        store.forget_binding_answers()?;
        if store.engine() == Engine::Sqlite {
            store.db.execute_batch(share::SCHEMA)?;
        }
        Ok(store)
    }

    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    fn schema_version(&self, name: &str) -> anyhow::Result<i64> {
        self.meta("schema_version")?
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("{name} is not a ksm-server database"))
    }

    /// The device id under which a client id is stored.
    pub fn device_id(&self, client_id: &str) -> String {
        self.device_ids.device_id(client_id)
    }

    fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        self.db.query_opt("SELECT value FROM meta WHERE key = ?1", params![key], |row| row.get(0))
    }

    fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        self.db
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(drop)
    }

    /// The vault's revision: every transaction that may change what a device reads adds one,
    /// so an answer built at a revision stays right while it is current (`api::AnswerCache`),
    /// on every replica of one database.
    pub fn vault_revision(&self) -> anyhow::Result<i64> {
        Ok(revision_of(self.meta(VAULT_REVISION)?))
    }

    fn bump_vault_revision(&self) -> anyhow::Result<()> {
        self.db
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, '1')
                 ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)",
                params![VAULT_REVISION],
            )
            .map(drop)
    }

    /// The 65-byte owner public key: sent to devices as `appOwnerPublicKey`.
    pub fn owner_public_key(&self) -> anyhow::Result<Vec<u8>> {
        let text = self.meta("owner_public_key")?.context("the database has no owner public key")?;
        Ok(ksm_proto::b64::decode(&text)?)
    }

    /// The owner device key that signs owner API requests (remote administration, `api::owner`):
    /// 65 bytes, or `None` until one is registered.
    pub fn owner_device_key(&self) -> anyhow::Result<Option<Vec<u8>>> {
        self.meta("owner_device_public_key")?.map(|text| Ok(ksm_proto::b64::decode(&text)?)).transpose()
    }

    pub fn set_owner_device_key(&self, public_key: &[u8]) -> anyhow::Result<()> {
        self.set_meta("owner_device_public_key", &ksm_proto::b64::encode(public_key))
    }

    /// Runs `work` in one transaction: all of it is stored, or none.
    ///
    /// SQLite: its commit is durable (`synchronous=FULL`: the WAL is synced, with every commit
    /// before it), because it is acknowledged to a device or to the owner as done. Outside
    /// transactions, only a request's replay digest is written: that runs with NORMAL, which
    /// may lose the newest of those on a power failure but spares each read an fsync
    /// (measured: 5-6 ms on a VM disk). A read's audit entry and last-seen time are written in
    /// batches, one transaction each (`api::ReadLog`).
    ///
    /// PostgreSQL: write transactions of all replicas run one at a time (see `PgConn::begin`).
    /// It adds one to the vault revision (`vault_revision`).
    pub fn transaction<T>(&mut self, work: impl FnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.durable_transaction(|store| {
            let value = work(store)?;
            store.bump_vault_revision()?;
            Ok(value)
        })
    }

    /// A transaction like `transaction` for the owner's commands (`admin::as_owner`): the vault
    /// revision moves only when the owner changed something (`OwnerVault::write` of anything but
    /// an audit entry, or a file's content), so that a listing leaves every device's cached
    /// answer valid.
    pub fn owner_transaction<T>(&mut self, work: impl FnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.durable_transaction(|store| {
            store.vault_changed.set(false);
            let value = work(store)?;
            if store.vault_changed.replace(false) {
                store.bump_vault_revision()?;
            }
            Ok(value)
        })
    }

    /// Notes that the owner changed what devices read (see `owner_transaction`).
    pub(crate) fn note_vault_change(&self) {
        self.vault_changed.set(true);
    }

    /// A transaction like `transaction` that writes only bookkeeping no device reads (audit
    /// entries, last-seen times): the vault revision stays.
    pub fn bookkeeping_transaction(&mut self, work: impl FnOnce(&Store) -> anyhow::Result<()>) -> anyhow::Result<()> {
        self.durable_transaction(work)
    }

    fn durable_transaction<T>(&mut self, work: impl FnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        match &self.db {
            Db::Sqlite(conn) => {
                conn.pragma_update(None, "synchronous", "FULL")?;
                let outcome = self.run_transaction(work);
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                outcome
            }
            Db::Postgres(_) => self.run_transaction(work),
        }
    }

    fn run_transaction<T>(&self, work: impl FnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        match &self.db {
            Db::Sqlite(conn) => conn.execute_batch("BEGIN IMMEDIATE")?,
            Db::Postgres(pg) => pg.begin()?,
        }
        let unwinding = RollbackOnPanic(&self.db);
        let outcome = work(self);
        std::mem::forget(unwinding);
        let finished = match &self.db {
            Db::Sqlite(conn) => {
                let committed = if outcome.is_ok() { conn.execute_batch("COMMIT") } else { Ok(()) };
                // SQLite keeps a transaction whose COMMIT failed open (a deferred constraint, a
                // busy lock): left so, this connection would go on inside it and hold the write lock.
                if outcome.is_err() || committed.is_err() {
                    let _ = conn.execute_batch("ROLLBACK");
                }
                committed.map_err(anyhow::Error::from)
            }
            Db::Postgres(pg) => pg.finish(outcome.is_ok()),
        };
        match (outcome, finished) {
            (Ok(value), Ok(())) => Ok(value),
            (Err(error), _) | (Ok(_), Err(error)) => Err(error),
        }
    }
}

/// Rolls back the open transaction if its work panics (a request's panic is answered 500 and
/// the connection serves on): a transaction left open would hold the write lock, of every
/// connection and replica, for good.
struct RollbackOnPanic<'a>(&'a Db);

impl Drop for RollbackOnPanic<'_> {
    fn drop(&mut self) {
        match self.0 {
            Db::Sqlite(conn) => {
                let _ = conn.execute_batch("ROLLBACK");
            }
            Db::Postgres(pg) => {
                let _ = pg.finish(false);
            }
        }
    }
}

/// `ksm-server migrate`: copies the vault in `from` to `to`, a database that holds none yet,
/// with the data directory's server identity. A failed copy leaves nothing behind in `to`.
pub fn migrate_vault(dir: &DataDir, from: &Database, to: &Database) -> anyhow::Result<copy::CopyCounts> {
    anyhow::ensure!(from != to, "--from and --to name the same database");
    let device_ids = || ServerIdentity::load(&dir.identity()).map(|identity| identity.device_id_key());
    let source = Store::open_at(from, device_ids()?)?;
    let mut target = Store::create_at(to, &source.owner_public_key()?, device_ids()?)?;
    let copied = copy::copy_vault(&source, &mut target);
    if copied.is_err() {
        match to {
            Database::Sqlite(path) => {
                drop(target);
                for file in [path.clone(), crate::backup::wal_file(path, "-wal"), crate::backup::wal_file(path, "-shm")]
                {
                    let _ = std::fs::remove_file(file);
                }
            }
            Database::Postgres(_) => {
                let _ = target.db.execute_batch(postgres::DROP);
            }
        }
    }
    copied.with_context(|| format!("cannot copy the vault to {}", to.describe()))
}

/// The `meta` key of `Store::vault_revision`.
const VAULT_REVISION: &str = "vault_revision";

/// The vault revision stored under `VAULT_REVISION` (none yet: 0).
fn revision_of(value: Option<String>) -> i64 {
    value.and_then(|value| value.parse().ok()).unwrap_or(0)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A new SQLite vault in a temporary directory, for unit tests; the directory goes with the
/// `TempDir`.
#[cfg(test)]
pub(crate) fn scratch_store() -> (tempfile::TempDir, Store) {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let store = Store::create(&temp.path().join("vault.db"), &[4; 65], DeviceIdKey::derive(b"k")).expect("a new vault");
    (temp, store)
}

/// A new vault in a new database of the PostgreSQL server the test process shares.
#[cfg(test)]
pub(crate) fn scratch_postgres_store() -> Store {
    let database = Database::Postgres(ksm_testkit::postgres::new_database());
    Store::create_at(&database, &[4; 65], DeviceIdKey::derive(b"k")).expect("a new vault")
}

/// Adds an application and its device `device_id`, named "ci", to a scratch vault.
#[cfg(test)]
pub(crate) fn add_scratch_device(store: &Store, device_id: &str) {
    store.insert_app(&AppRow { uid: "app".into(), owner_key: vec![1], data: vec![2] }).expect("an app");
    let device = NewClient {
        device_id,
        app_uid: "app",
        name: "ci",
        encrypted_app_key: &[3],
        token_expires_at: None,
        ip_lock: false,
        access_expires_at: None,
    };
    store.insert_client(&device).expect("a device");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synchronous(store: &Store) -> i64 {
        store.db.query_one("PRAGMA synchronous", params![], |row| row.get(0)).unwrap()
    }

    #[test]
    fn transactions_commit_with_full_sync_and_reads_bookkeeping_without() {
        let (_temp, mut store) = super::scratch_store();
        const NORMAL: i64 = 1;
        const FULL: i64 = 2;
        assert_eq!(synchronous(&store), NORMAL);
        assert_eq!(store.transaction(|store| Ok(synchronous(store))).unwrap(), FULL);
        assert_eq!(synchronous(&store), NORMAL);
        let failed = store.transaction(|_| -> anyhow::Result<()> { anyhow::bail!("no") });
        assert!(failed.is_err());
        assert_eq!(synchronous(&store), NORMAL, "back to NORMAL after a rollback too");
    }

    #[test]
    fn an_owner_transaction_moves_the_revision_only_when_the_vault_changed() {
        let (_temp, mut store) = super::scratch_store();
        let start = store.vault_revision().unwrap();
        store.owner_transaction(|store| store.records().map(drop)).unwrap();
        assert_eq!(store.vault_revision().unwrap(), start, "a listing");
        store
            .owner_transaction(|store| {
                store.note_vault_change();
                Ok(())
            })
            .unwrap();
        assert_eq!(store.vault_revision().unwrap(), start + 1, "a change");
        let failed = store.owner_transaction(|store| -> anyhow::Result<()> {
            store.note_vault_change();
            anyhow::bail!("no")
        });
        assert!(failed.is_err());
        store.owner_transaction(|_| Ok(())).unwrap();
        assert_eq!(store.vault_revision().unwrap(), start + 1, "a failed change is rolled back, revision too");
    }

    #[test]
    fn a_panic_inside_a_transaction_rolls_it_back_and_releases_the_write_lock() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("vault.db");
        let mut store = Store::create(&path, &[4; 65], DeviceIdKey::derive(b"k")).unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.transaction(|store| -> anyhow::Result<()> {
                store.set_meta("half", "written")?;
                panic!("a handler bug");
            })
        }));
        assert!(panicked.is_err());
        assert_eq!(store.meta("half").unwrap(), None, "rolled back");
        let mut other = Store::open(&path, DeviceIdKey::derive(b"k")).unwrap();
        other.transaction(|other| other.set_meta("next", "ok")).unwrap();
        assert_eq!(store.meta("next").unwrap().as_deref(), Some("ok"), "another connection could write");
    }

    #[test]
    fn a_transaction_whose_commit_fails_is_rolled_back_and_releases_the_write_lock() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("vault.db");
        let mut store = Store::create(&path, &[4; 65], DeviceIdKey::derive(b"k")).unwrap();
        // A deferred foreign key is checked at COMMIT, which then fails and leaves the
        // transaction open.
        store
            .db
            .execute_batch(
                "PRAGMA foreign_keys = ON;
                 CREATE TABLE parents (id INTEGER PRIMARY KEY);
                 CREATE TABLE children (parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)",
            )
            .unwrap();
        let failed = store.transaction(|store| {
            store.set_meta("half", "written")?;
            store.db.execute("INSERT INTO children (parent) VALUES (1)", params![]).map(drop)
        });
        assert!(failed.is_err(), "the commit failed");
        assert_eq!(store.meta("half").unwrap(), None, "rolled back");
        let mut other = Store::open(&path, DeviceIdKey::derive(b"k")).unwrap();
        other.transaction(|other| other.set_meta("next", "ok")).unwrap();
        assert_eq!(store.meta("next").unwrap().as_deref(), Some("ok"), "another connection could write");
    }
}
