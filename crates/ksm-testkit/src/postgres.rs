//! A real, temporary PostgreSQL server for the tests: `initdb` into a temporary directory and
//! `postgres` on a free loopback port, trust authentication, stopped when the test process
//! ends (or, for a `PgCluster` a test owns, on drop).
//!
//! The binaries come from `KSM_TEST_PG_BIN` (a directory), else the newest
//! `/usr/lib/postgresql/*/bin` (Debian's `postgresql` package does not put them on PATH),
//! else PATH. PostgreSQL refuses to run as root: as root, the server runs as the `postgres`
//! user (created by the Debian package) through `setpriv`.
//!
//! `KSM_TEST_DATABASE=postgres` makes every data directory `init_data_dir` creates keep its
//! vault in a database of its own on one shared cluster (see `database_url_of`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// True when the tests run against PostgreSQL (`KSM_TEST_DATABASE=postgres`).
pub fn enabled() -> bool {
    std::env::var("KSM_TEST_DATABASE").is_ok_and(|value| value == "postgres")
}

/// A PostgreSQL server on a temporary directory.
pub struct PgCluster {
    dir: PathBuf,
    pub port: u16,
    child: Option<Child>,
}

/// The file beside a test data directory that names its database.
fn url_file(data_dir: &Path) -> PathBuf {
    data_dir.parent().expect("the data directory has a parent").join("database.url")
}

/// The database URL of a test data directory, if it keeps its vault in PostgreSQL.
pub fn database_url_of(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(url_file(data_dir)).ok()
}

/// Keeps the vault of the test data directory `data_dir` in the database `url`.
pub fn set_database(data_dir: &Path, url: &str) {
    let file = url_file(data_dir);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("test directory");
    std::fs::write(file, url).expect("write database.url");
}

/// With `KSM_TEST_DATABASE=postgres`: a fresh database on the shared cluster for `data_dir`
/// (unless it has one already).
pub fn assign_database(data_dir: &Path) {
    if enabled() && database_url_of(data_dir).is_none() {
        set_database(data_dir, &new_database());
    }
}

/// A new, empty database on the cluster the whole test process shares; its URL.
pub fn new_database() -> String {
    shared().create_database()
}

static SHARED: OnceLock<Mutex<PgCluster>> = OnceLock::new();

/// The cluster the whole test process shares; started on first use, stopped at exit.
fn shared() -> &'static SharedCluster {
    static CLUSTER: OnceLock<SharedCluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        // The postmaster is spawned from a thread that lives as long as the process, so that
        // its parent-death signal fires only when the test process ends.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let cluster = PgCluster::start();
            let port = cluster.port;
            let _ = SHARED.set(Mutex::new(cluster));
            // SAFETY: registers a plain `extern "C" fn` without arguments to run at exit.
            unsafe { libc::atexit(stop_shared_at_exit) };
            sender.send(port).expect("report the port");
            loop {
                std::thread::park();
            }
        });
        SharedCluster { port: receiver.recv().expect("the shared PostgreSQL started") }
    })
}

struct SharedCluster {
    port: u16,
}

impl SharedCluster {
    fn create_database(&self) -> String {
        create_database(self.port)
    }
}

extern "C" fn stop_shared_at_exit() {
    if let Some(cluster) = SHARED.get() {
        if let Ok(mut cluster) = cluster.lock() {
            cluster.stop();
            let _ = std::fs::remove_dir_all(&cluster.dir);
        }
    }
}

/// The files PostgreSQL keeps a test data directory's vault in (after a checkpoint, so that
/// they hold what was written), for tests that look for plaintext in what is stored: every
/// table, index and sequence of the vault's schema and their TOAST tables (where PostgreSQL
/// keeps long values), not the system catalogs every database has.
pub fn database_files(data_dir: &Path) -> Vec<PathBuf> {
    let Some(url) = database_url_of(data_dir) else { return Vec::new() };
    let sql = "CHECKPOINT; \
        SELECT pg_relation_filepath(c.oid) FROM pg_class c \
        WHERE pg_relation_filepath(c.oid) IS NOT NULL AND (c.relnamespace = 'public'::regnamespace \
            OR (c.relnamespace = 'pg_toast'::regnamespace \
                AND substring(c.relname FROM '^pg_toast_([0-9]+)')::oid IN \
                    (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)))";
    let output = Command::new(pg_bin("psql")).args(["-qtA", &url, "-c", sql]).output().expect("run psql");
    assert!(output.status.success(), "psql failed: {}", String::from_utf8_lossy(&output.stderr));
    let cluster = SHARED.get().expect("the shared cluster runs").lock().expect("cluster lock");
    let data = cluster.dir.join("data");
    let mut files = Vec::new();
    for relation in String::from_utf8_lossy(&output.stdout).lines() {
        // A relation over 1 GB continues in `relation.1`, `relation.2`, …
        files.extend(
            (0..)
                .map(|segment| match segment {
                    0 => data.join(relation),
                    n => data.join(format!("{relation}.{n}")),
                })
                .take_while(|path| path.exists()),
        );
    }
    assert!(!files.is_empty(), "no file holds the vault in {url}");
    files
}

static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

fn create_database(port: u16) -> String {
    let name = format!("ksm_{}_{}", std::process::id(), NEXT_DATABASE.fetch_add(1, Ordering::Relaxed));
    let output = Command::new(pg_bin("psql"))
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres", "-d", "postgres", "-q", "-c"])
        .arg(format!("CREATE DATABASE {name}"))
        .output()
        .expect("run psql");
    assert!(output.status.success(), "CREATE DATABASE failed: {}", String::from_utf8_lossy(&output.stderr));
    format!("postgres://postgres@127.0.0.1:{port}/{name}")
}

/// A PostgreSQL binary: see the module comment.
pub fn pg_bin(name: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("KSM_TEST_PG_BIN") {
        return Path::new(&dir).join(name);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin").join(name))
        .filter(|path| path.exists())
        .collect();
    versions.sort_by_key(|path| {
        path.components().nth(3).and_then(|c| c.as_os_str().to_str().and_then(|v| v.parse::<u32>().ok()))
    });
    versions.pop().unwrap_or_else(|| PathBuf::from(name))
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A command that runs as the `postgres` user when we are root, and dies with its parent.
fn as_server_user(program: &Path) -> Command {
    let mut command = Command::new("setpriv");
    if is_root() {
        command.args(["--reuid=postgres", "--regid=postgres", "--init-groups"]);
    }
    command.args(["--pdeathsig", "KILL"]).arg(program);
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

impl PgCluster {
    /// `initdb` into a new temporary directory, then starts the server.
    pub fn start() -> Self {
        let dir = tempfile::Builder::new().prefix("ksm-pg-").tempdir().expect("temp dir").keep();
        let data = dir.join("data");
        std::fs::create_dir(&data).expect("data dir");
        if is_root() {
            let owner = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir).status().expect("chown");
            assert!(owner.success(), "chown the PostgreSQL directory to postgres");
        }
        let output = as_server_user(&pg_bin("initdb"))
            .args(["-D"])
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .output()
            .expect("run initdb");
        assert!(output.status.success(), "initdb failed: {}", String::from_utf8_lossy(&output.stderr));
        let mut cluster = Self { dir, port: free_port(), child: None };
        cluster.start_server();
        cluster
    }

    /// Starts the server on its directory and port (again, after `stop`); waits until it
    /// accepts connections.
    pub fn start_server(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("postgres.log"))
            .expect("PostgreSQL log");
        let child = as_server_user(&pg_bin("postgres"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-p", &self.port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .arg("-k")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn postgres");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = Command::new(pg_bin("pg_isready"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-q"])
                .status()
                .is_ok_and(|status| status.success());
            if ready {
                return;
            }
            assert!(Instant::now() < deadline, "PostgreSQL never got ready: {}", self.log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Fast shutdown (SIGINT: open connections are cut), then waits for the exit.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        // SAFETY: plain kill(2) on the pid of a child we spawned and have not reaped yet
        // (setpriv execs postgres in place, so the pid is the postmaster's).
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let _ = child.wait();
    }

    /// A new, empty database on this cluster; its URL.
    pub fn create_database(&self) -> String {
        create_database(self.port)
    }

    /// Runs `sql` as the superuser in the `postgres` database; its output, unaligned.
    pub fn sql(&self, sql: &str) -> String {
        let output = Command::new(pg_bin("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres", "-At", "-c"])
            .arg(sql)
            .output()
            .expect("run psql");
        assert!(output.status.success(), "psql failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
