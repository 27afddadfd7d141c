//! The two database engines behind `Store`: SQLite (embedded, the default) and PostgreSQL (for
//! several `serve` replicas on one database). The store's SQL is written once, in the subset
//! both engines share (`?N` placeholders, `ON CONFLICT`, `RETURNING`); each engine gets its
//! own schema text (`schema.rs`) and the few statements that differ are chosen by `engine()`.
//!
//! PostgreSQL is reached through `tokio-postgres` with a `deadpool-postgres` pool. The store's
//! callers are synchronous (API handlers run on blocking threads), so a `PgConn` owns a
//! current-thread tokio runtime, and each statement blocks its caller on that runtime
//! (`PgConn::run`): the caller's thread drives the connection while it waits, so a statement
//! costs no hand-off to another thread (measured: a quarter of a small request's server CPU
//! with a runtime thread of its own). A `Store` serves one caller at a time, so one thread
//! drives its connections at a time; between statements nothing reads them (see
//! `PgConn::pooled` for a connection closed meanwhile).
//! A transaction pins one pooled connection until it ends;
//! other statements take any connection from the pool, so a connection lost when PostgreSQL
//! restarts is replaced on the next request.

use anyhow::Context;
use std::cell::{Ref, RefCell};
use std::path::{Path, PathBuf};
use tokio_postgres::types::{IsNull, Kind, ToSql, Type};

/// Where the vault lives: `--database` / `KSM_SERVER_DATABASE`, or the data directory's
/// `vault.db`.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` connection URL.
    Postgres(String),
}

impl Database {
    /// `postgres://…`, `postgresql://…` or `sqlite:PATH`.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            text.parse::<tokio_postgres::Config>().map_err(|_| {
                anyhow::anyhow!("not a valid PostgreSQL URL (expected postgres://USER@HOST:PORT/DBNAME)")
            })?;
            Ok(Self::Postgres(text.to_string()))
        } else if let Some(path) = text.strip_prefix("sqlite:") {
            anyhow::ensure!(!path.is_empty(), "sqlite: needs a file path (sqlite:/path/to/vault.db)");
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else {
            anyhow::bail!("a database URL starts with postgres://, postgresql:// or sqlite:")
        }
    }

    /// How the database is named in messages: never a password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) => match url.parse::<tokio_postgres::Config>() {
                Ok(config) => format!("PostgreSQL database {}", config.get_dbname().unwrap_or("(default)")),
                Err(_) => "PostgreSQL database".into(),
            },
        }
    }
}

/// Debug output names the database without its URL, which may hold a password.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// One statement parameter.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// A PostgreSQL array (`?1::bytea[]`), for a statement that runs over many rows at once;
    /// SQLite has no arrays, and refuses it.
    Blobs(&'a [&'a [u8]]),
    /// A PostgreSQL array (`?1::text[]`); see `Blobs`.
    Texts(&'a [&'a str]),
    /// A PostgreSQL array (`?1::bigint[]`); see `Blobs`.
    Ints(&'a [i64]),
}

pub trait Param {
    fn value(&self) -> Value<'_>;
}

impl Param for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}
impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Param for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Param for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl<const N: usize> Param for [u8; N] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Param for Vec<&[u8]> {
    fn value(&self) -> Value<'_> {
        Value::Blobs(self)
    }
}
impl Param for Vec<&str> {
    fn value(&self) -> Value<'_> {
        Value::Texts(self)
    }
}
impl Param for Vec<i64> {
    fn value(&self) -> Value<'_> {
        Value::Ints(self)
    }
}
impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Param::value)
    }
}

/// `params![a, b, …]`: the parameters `?1`, `?2`, … of a statement.
macro_rules! params {
    ($($param:expr),* $(,)?) => {
        &[$(&$param as &dyn $crate::store::db::Param),*] as &[&dyn $crate::store::db::Param]
    };
}
pub(crate) use params;

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(value) => ValueRef::Integer(value),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
            Value::Blobs(_) | Value::Texts(_) | Value::Ints(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure("SQLite has no array parameters".into()))
            }
        }))
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(value) if *ty == Type::BOOL => (value != 0).to_sql(ty, out),
            Value::Int(value) if *ty == Type::INT4 => i32::try_from(value)?.to_sql(ty, out),
            Value::Int(value) => value.to_sql(ty, out),
            Value::Text(text) => text.to_sql(ty, out),
            Value::Blob(bytes) => bytes.to_sql(ty, out),
            // An array's `to_sql` panics on a type that is not an array.
            Value::Blobs(_) | Value::Texts(_) | Value::Ints(_) if !matches!(ty.kind(), Kind::Array(_)) => {
                Err(format!("an array parameter where the statement expects {ty}").into())
            }
            Value::Blobs(items) => items.to_sql(ty, out),
            Value::Texts(items) => items.to_sql(ty, out),
            Value::Ints(items) => items.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

/// A result row of either engine.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a tokio_postgres::Row),
}

impl Row<'_> {
    pub fn get<T: FromColumn>(&self, index: usize) -> anyhow::Result<T> {
        match self {
            Row::Sqlite(row) => Ok(T::from_sqlite(row, index)?),
            Row::Postgres(row) => Ok(T::from_postgres(row, index)?),
        }
    }
}

/// A column value both engines can produce.
pub trait FromColumn: Sized {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self>;
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self, tokio_postgres::Error>;
}

macro_rules! from_column {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn from_sqlite(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self> {
                row.get(index)
            }
            fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self, tokio_postgres::Error> {
                row.try_get(index)
            }
        }
    )*};
}
from_column!(String, Option<String>, i64, Option<i64>, Vec<u8>, Option<Vec<u8>>);

/// Any column, as stored: for copying rows between engines (`store::copy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedValue {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl Param for OwnedValue {
    fn value(&self) -> Value<'_> {
        match self {
            OwnedValue::Null => Value::Null,
            OwnedValue::Int(value) => Value::Int(*value),
            OwnedValue::Text(text) => Value::Text(text),
            OwnedValue::Blob(bytes) => Value::Blob(bytes),
        }
    }
}

impl FromColumn for OwnedValue {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self> {
        use rusqlite::types::ValueRef;
        Ok(match row.get_ref(index)? {
            ValueRef::Null => OwnedValue::Null,
            ValueRef::Integer(value) => OwnedValue::Int(value),
            ValueRef::Real(value) => OwnedValue::Text(value.to_string()),
            ValueRef::Text(text) => OwnedValue::Text(String::from_utf8_lossy(text).into_owned()),
            ValueRef::Blob(bytes) => OwnedValue::Blob(bytes.to_vec()),
        })
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self, tokio_postgres::Error> {
        let column_type = row.columns().get(index).map(|column| column.type_().clone());
        Ok(match column_type {
            Some(Type::BYTEA) => row.try_get::<_, Option<Vec<u8>>>(index)?.map_or(OwnedValue::Null, OwnedValue::Blob),
            Some(Type::INT8) => row.try_get::<_, Option<i64>>(index)?.map_or(OwnedValue::Null, OwnedValue::Int),
            Some(Type::BOOL) => {
                row.try_get::<_, Option<bool>>(index)?.map_or(OwnedValue::Null, |flag| OwnedValue::Int(flag.into()))
            }
            _ => row.try_get::<_, Option<String>>(index)?.map_or(OwnedValue::Null, OwnedValue::Text),
        })
    }
}

/// Flags are stored as 0/1 integers in both engines; an expression such as `x IS NOT NULL` is
/// a boolean in PostgreSQL.
impl FromColumn for bool {
    fn from_sqlite(row: &rusqlite::Row, index: usize) -> rusqlite::Result<Self> {
        row.get(index)
    }
    fn from_postgres(row: &tokio_postgres::Row, index: usize) -> Result<Self, tokio_postgres::Error> {
        if row.columns().get(index).is_some_and(|column| *column.type_() == Type::BOOL) {
            row.try_get(index)
        } else {
            row.try_get::<_, i64>(index).map(|value| value != 0)
        }
    }
}

/// A connection to either engine.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConn>),
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs statements without parameters, separated by `;`.
    pub fn execute_batch(&self, sql: &str) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(pg) => {
                let client = pg.client()?;
                Ok(pg.run(client.batch_execute(sql))?)
            }
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> anyhow::Result<usize> {
        let values: Vec<Value> = params.iter().map(|param| param.value()).collect();
        match self {
            Db::Sqlite(conn) => Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(values.iter()))?),
            Db::Postgres(pg) => {
                let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| value as &(dyn ToSql + Sync)).collect();
                let client = pg.client()?;
                let statement = pg.run(client.prepare_cached(&postgres_sql(sql)))?;
                Ok(usize::try_from(pg.run(client.execute(&statement, &refs))?)?)
            }
        }
    }

    /// Every row of a query, each through `map`.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut map: impl FnMut(&Row) -> anyhow::Result<T>,
    ) -> anyhow::Result<Vec<T>> {
        let values: Vec<Value> = params.iter().map(|param| param.value()).collect();
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows = statement.query(rusqlite::params_from_iter(values.iter()))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(map(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Db::Postgres(pg) => {
                let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| value as &(dyn ToSql + Sync)).collect();
                let client = pg.client()?;
                let statement = pg.run(client.prepare_cached(&postgres_sql(sql)))?;
                let rows = pg.run(client.query(&statement, &refs))?;
                rows.iter().map(|row| map(&Row::Postgres(row))).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        map: impl FnMut(&Row) -> anyhow::Result<T>,
    ) -> anyhow::Result<Option<T>> {
        Ok(self.query(sql, params, map)?.into_iter().next())
    }

    /// The first row of a query that always answers one.
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        map: impl FnMut(&Row) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        self.query_opt(sql, params, map)?.context("the query answered no row")
    }

    /// The SQLite connection, for what only SQLite does (streaming a blob, VACUUM).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(conn) => Some(conn),
            Db::Postgres(_) => None,
        }
    }
}

/// `?N` placeholders become `$N` (the store's SQL has no `?` inside string literals).
fn postgres_sql(sql: &str) -> String {
    sql.replace('?', "$")
}

enum PgClient<'a> {
    Pinned(Ref<'a, deadpool_postgres::Object>),
    Pooled(Box<deadpool_postgres::Object>),
}

/// Each connection keeps its prepared statements (`prepare_cached`): a statement is parsed
/// and planned once per connection, and each later use is one round trip.
impl std::ops::Deref for PgClient<'_> {
    type Target = deadpool_postgres::ClientWrapper;
    fn deref(&self) -> &deadpool_postgres::ClientWrapper {
        match self {
            PgClient::Pinned(client) => client,
            PgClient::Pooled(client) => client,
        }
    }
}

/// A pool of PostgreSQL connections, driven by their caller's thread (see the module comment).
pub struct PgConn {
    runtime: Option<tokio::runtime::Runtime>,
    pool: deadpool_postgres::Pool,
    /// The connection of the open transaction, if any.
    pinned: RefCell<Option<deadpool_postgres::Object>>,
}

/// Set on each new connection: a statement outside a transaction (a request's replay digest,
/// a rate-limit count, a purge of what expired: each redone or harmless when lost) commits
/// without waiting for its WAL to reach the disk, as SQLite's `NORMAL` does. A transaction
/// commits as the database is configured (`PgConn::begin`: `on` by default, or what the
/// operator chose, e.g. `remote_apply` with a standby), which also makes every earlier commit
/// durable. A server crash may lose the newest digests (at most about three times
/// `wal_writer_delay`, 600 ms by default), never a write a device was told of.
const BOOKKEEPING_DURABILITY: &str = "SET synchronous_commit = off";

/// How many connections one `PgConn` keeps to PostgreSQL (`serve` opens several `Store`s:
/// see `serve::STORE_CONNECTIONS`).
const POOL_SIZE: usize = 2;

impl PgConn {
    pub fn connect(url: &str) -> anyhow::Result<Self> {
        let config: tokio_postgres::Config = url.parse().context("not a valid PostgreSQL URL")?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig { recycling_method: deadpool_postgres::RecyclingMethod::Fast },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .post_create(deadpool_postgres::Hook::async_fn(|client, _| {
                Box::pin(async move {
                    client.batch_execute(BOOKKEEPING_DURABILITY).await.map_err(deadpool_postgres::HookError::Backend)
                })
            }))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_secs(10)))
            .create_timeout(Some(std::time::Duration::from_secs(5)))
            .build()?;
        let conn = Self { runtime: Some(runtime), pool, pinned: RefCell::new(None) };
        conn.execute_probe()?;
        Ok(conn)
    }

    fn execute_probe(&self) -> anyhow::Result<()> {
        let client = self.client().context("cannot reach PostgreSQL")?;
        Ok(self.run(client.batch_execute("SELECT 1"))?)
    }

    /// Blocks on `work` in this connection's runtime (also from inside another runtime).
    fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let runtime = self.runtime.as_ref().unwrap_or_else(|| unreachable!("the runtime lives until drop"));
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::task::block_in_place(|| runtime.block_on(work))
        } else {
            runtime.block_on(work)
        }
    }

    /// The open transaction's connection, or one from the pool.
    fn client(&self) -> anyhow::Result<PgClient<'_>> {
        if let Ok(pinned) = Ref::filter_map(self.pinned.borrow(), Option::as_ref) {
            return Ok(PgClient::Pinned(pinned));
        }
        Ok(PgClient::Pooled(Box::new(self.pooled()?)))
    }

    /// A connection from the pool. The runtime first handles what arrived while no statement
    /// ran: a connection PostgreSQL closed meanwhile (a restart, `idle_session_timeout`) is
    /// then known closed, and the pool replaces it instead of handing it out.
    fn pooled(&self) -> anyhow::Result<deadpool_postgres::Object> {
        self.run(async {
            // The first turn polls the sockets, the second runs the connections that woke.
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
            self.pool.get().await
        })
        .context("no connection to PostgreSQL")
    }

    /// Pins a connection and opens a transaction on it. Write transactions of every replica
    /// take one advisory lock first, so they run one at a time as SQLite's do: what a
    /// transaction read stays true until it commits (revision checks, token binding).
    pub fn begin(&self) -> anyhow::Result<()> {
        let client = self.pooled()?;
        let begin = "BEGIN; SET LOCAL synchronous_commit TO DEFAULT; SELECT pg_advisory_xact_lock(7340033)";
        if let Err(error) = self.run(client.batch_execute(begin)) {
            discard(client);
            return Err(error.into());
        }
        *self.pinned.borrow_mut() = Some(client);
        Ok(())
    }

    /// Commits (or rolls back) and unpins the transaction's connection.
    pub fn finish(&self, commit: bool) -> anyhow::Result<()> {
        let Some(client) = self.pinned.borrow_mut().take() else { return Ok(()) };
        let outcome = self.run(client.batch_execute(if commit { "COMMIT" } else { "ROLLBACK" }));
        if outcome.is_err() {
            discard(client);
        }
        Ok(outcome?)
    }
}

/// Closes a connection whose transaction state is unknown instead of returning it to the pool.
fn discard(client: deadpool_postgres::Object) {
    drop(deadpool_postgres::Object::take(client));
}

impl Drop for PgConn {
    fn drop(&mut self) {
        self.pinned.get_mut().take();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Opens (and creates if asked) an SQLite file with the store's settings.
pub fn open_sqlite(path: &Path) -> anyhow::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path).with_context(|| format!("cannot open database {}", path.display()))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // NORMAL outside `transaction` (see there).
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content (a spent token's wrapped app key, a removed record) is overwritten.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_an_engine_or_are_refused() {
        assert_eq!(Database::parse("sqlite:/tmp/v.db").unwrap(), Database::Sqlite("/tmp/v.db".into()));
        assert!(matches!(Database::parse("postgres://u@localhost:5432/ksm").unwrap(), Database::Postgres(_)));
        assert!(matches!(Database::parse("postgresql://u@localhost/ksm").unwrap(), Database::Postgres(_)));
        for bad in ["mysql://x", "/tmp/v.db", "sqlite:", ""] {
            assert!(Database::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_password_never_shows_in_the_description() {
        let database = Database::parse("postgres://u:hunter2@localhost/ksm").unwrap();
        assert!(!database.describe().contains("hunter2"));
        assert!(!format!("{database:?}").contains("hunter2"));
    }

    fn synchronous_commit(conn: &PgConn) -> String {
        let client = conn.client().unwrap();
        conn.run(client.query_one("SHOW synchronous_commit", &[])).unwrap().get(0)
    }

    /// `synchronous_commit` outside a transaction, inside one, and after it.
    fn durability_around_a_transaction(url: &str) -> [String; 3] {
        let conn = PgConn::connect(url).unwrap();
        let outside = synchronous_commit(&conn);
        conn.begin().unwrap();
        let inside = synchronous_commit(&conn);
        conn.finish(true).unwrap();
        [outside, inside, synchronous_commit(&conn)]
    }

    #[test]
    fn postgresql_waits_for_the_disk_only_for_a_transaction_as_the_database_is_configured() {
        let url = ksm_testkit::postgres::new_database();
        assert_eq!(durability_around_a_transaction(&url), ["off", "on", "off"]);

        let name = url.rsplit('/').next().unwrap();
        let conn = PgConn::connect(&url).unwrap();
        let client = conn.client().unwrap();
        let configure = format!("ALTER DATABASE \"{name}\" SET synchronous_commit = remote_apply");
        conn.run(client.batch_execute(&configure)).unwrap();
        assert_eq!(durability_around_a_transaction(&url), ["off", "remote_apply", "off"], "the operator's choice");
    }

    #[test]
    fn placeholders_become_numbered_dollars() {
        assert_eq!(postgres_sql("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
    }
}
