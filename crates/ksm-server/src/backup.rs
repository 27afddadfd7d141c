//! `ksm-server backup` and `restore`: a consistent copy of the database while the server is
//! serving (SQLite's `VACUUM INTO` reads one snapshot), and putting such a copy back.
//!
//! SQLite only: a PostgreSQL vault is backed up with PostgreSQL's own tools (`pg_dump`; see
//! docs/self-hosting.md).
//!
//! A backup is the database alone: ciphertext, public keys and metadata. It holds no owner key
//! and no server secret; the server identity and TLS material are backed up separately.

use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use crate::store::{Database, Store};
use anyhow::{bail, Context};
use ksm_files::{create_private, sync_dir};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Writes a snapshot of the data directory's database to `out`, which must not exist.
pub fn backup(dir: &DataDir, out: &Path) -> anyhow::Result<()> {
    let database = sqlite_file(dir)?;
    anyhow::ensure!(dir.is_initialized(), "{} is not a ksm-server data directory", dir.root().display());
    if out.exists() {
        bail!("{} already exists; choose another --out", out.display());
    }
    let staged = Staged::new(out)?;
    let conn = Connection::open(&database).with_context(|| format!("cannot open {}", database.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let target = staged.path.to_str().context("the backup path is not UTF-8")?;
    conn.execute("VACUUM INTO ?1", [target]).context("the snapshot failed")?;
    drop(conn);
    check(dir, &staged.path)?;
    staged.finish(out)
}

/// Replaces the data directory's database with the backup `from`. The server must be stopped;
/// a backup of another vault (another owner key) is refused.
pub fn restore(dir: &DataDir, from: &Path) -> anyhow::Result<()> {
    if dir.serve_state().exists() {
        bail!(
            "a server is running on {} ({} exists); stop it first (delete that file if it is left over from a crash)",
            dir.root().display(),
            dir.serve_state().display()
        );
    }
    anyhow::ensure!(dir.root().is_dir(), "the data directory {} does not exist", dir.root().display());
    let database = sqlite_file(dir)?;
    let staged = Staged::new(&database)?;
    let mut source = std::fs::File::open(from).with_context(|| format!("cannot read the backup {}", from.display()))?;
    let mut target = std::fs::OpenOptions::new().write(true).open(&staged.path)?;
    std::io::copy(&mut source, &mut target).with_context(|| format!("cannot copy {}", from.display()))?;
    target.sync_all()?;
    drop(target);
    let restored_owner =
        check(dir, &staged.path).with_context(|| format!("{} is not a usable backup", from.display()))?;
    if database.exists() {
        let current_owner = open_store(dir, &database)?.owner_public_key()?;
        if current_owner != restored_owner {
            bail!(
                "{} is a backup of another vault (its owner public key differs from this data directory's); \
                 restore it into a data directory holding that vault's server identity and no database",
                from.display()
            );
        }
    }
    // A write-ahead log left by the old database must not be replayed onto the restored one.
    for stale in [wal_file(&database, "-wal"), wal_file(&database, "-shm")] {
        ksm_files::remove(&stale).with_context(|| format!("cannot remove {}", stale.display()))?;
    }
    staged.finish_replacing(&database)
}

/// The SQLite file of the vault; a PostgreSQL vault is refused.
pub fn sqlite_file(dir: &DataDir) -> anyhow::Result<PathBuf> {
    match dir.storage() {
        Database::Sqlite(path) => Ok(path),
        Database::Postgres(_) => {
            bail!("backup and restore work on SQLite vaults; back up a PostgreSQL vault with pg_dump (see docs/self-hosting.md)")
        }
    }
}

/// Checks a database file: SQLite's integrity check, our schema, an owner public key.
fn check(dir: &DataDir, path: &Path) -> anyhow::Result<Vec<u8>> {
    {
        let conn = Connection::open(path)?;
        let verdict: String =
            conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).context("not an SQLite database")?;
        anyhow::ensure!(verdict == "ok", "SQLite's integrity check failed: {verdict}");
    }
    let owner = open_store(dir, path)?.owner_public_key()?;
    for leftover in [wal_file(path, "-wal"), wal_file(path, "-shm")] {
        ksm_files::remove(&leftover)?;
    }
    Ok(owner)
}

/// Opens a database of `dir` (the live one or a backup) the way every command does.
fn open_store(dir: &DataDir, path: &Path) -> anyhow::Result<Store> {
    Store::open(path, ServerIdentity::load(&dir.identity())?.device_id_key())
}

pub(crate) fn wal_file(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// An empty 0600 file beside the destination; removed unless `finish` moves it into place.
struct Staged {
    path: PathBuf,
    done: bool,
}

impl Staged {
    fn new(destination: &Path) -> anyhow::Result<Self> {
        let dir = parent(destination);
        let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = dir.join(format!(".{name}.{}.partial", std::process::id()));
        create_private(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self { path, done: false })
    }

    /// Moves the file to `out`, which must still not exist (a hard link cannot replace a file).
    fn finish(mut self, out: &Path) -> anyhow::Result<()> {
        std::fs::File::open(&self.path)?.sync_all()?;
        std::fs::hard_link(&self.path, out).with_context(|| format!("cannot create {}", out.display()))?;
        std::fs::remove_file(&self.path)?;
        self.done = true;
        sync_dir(parent(out))?;
        Ok(())
    }

    fn finish_replacing(mut self, destination: &Path) -> anyhow::Result<()> {
        std::fs::File::open(&self.path)?.sync_all()?;
        std::fs::rename(&self.path, destination)
            .with_context(|| format!("cannot replace {}", destination.display()))?;
        self.done = true;
        sync_dir(parent(destination))?;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            for path in [self.path.clone(), wal_file(&self.path, "-wal"), wal_file(&self.path, "-shm")] {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}
