//! Test support shared by the workspace's black-box tests: runs the real `ksm-server` binary
//! on a fresh data directory, seeds it through the admin commands, and stops it on drop.

#![allow(unsafe_code, reason = "stops the server and PostgreSQL through libc::kill")]

pub mod postgres;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The plaintext `TestServer::start` puts in the vault. Distinctive, so that the zero-knowledge
/// test can look for it in the data directory.
pub mod seed {
    pub const FOLDER_NAME: &str = "ZK-FOLDER-NAME-Shared";
    pub const SUB_FOLDER_NAME: &str = "ZK-FOLDER-NAME-Sub";
    pub const LOGIN_TITLE: &str = "ZK-TITLE-Web Login";
    pub const LOGIN: &str = "zk-login-user@example.com";
    pub const PASSWORD: &str = "ZK-PLAINTEXT-PASSWORD-1234";
    pub const NOTES: &str = "ZK-NOTES-remember the milk";
    pub const SUB_TITLE: &str = "ZK-TITLE-Sub Record";
    pub const SUB_PASSWORD: &str = "ZK-PLAINTEXT-SUB-PASSWORD-5678";
    pub const DIRECT_TITLE: &str = "ZK-TITLE-Direct Record";
    pub const DIRECT_PASSWORD: &str = "ZK-PLAINTEXT-DIRECT-PASSWORD-9012";
    pub const APP_TITLE: &str = "ZK-APP-TITLE-Editable";
    pub const RO_APP_TITLE: &str = "ZK-APP-TITLE-ReadOnly";
}

/// UIDs of what was seeded.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Shared folder, shared editable with `app` and read-only with `ro_app`.
    pub folder: String,
    /// Sub-folder of `folder`.
    pub sub_folder: String,
    /// Login record in `folder`: `seed::LOGIN_TITLE`, `LOGIN`, `PASSWORD`, `NOTES`.
    pub login: String,
    /// Record in `sub_folder`.
    pub sub_record: String,
    /// Record outside any folder, shared directly (editable) with `app`.
    pub direct: String,
    pub app: String,
    pub ro_app: String,
}

/// A running `ksm-server serve` on its own data directory; stopped on drop.
pub struct ServerProcess {
    pub temp: tempfile::TempDir,
    pub data_dir: PathBuf,
    /// `127.0.0.1:PORT`.
    pub host: String,
    pub seed: Seed,
    bin: PathBuf,
    child: Option<Child>,
}

impl ServerProcess {
    /// Initializes and seeds a data directory with the `ksm-server` binary `bin`, then serves
    /// it with `extra` serve flags.
    pub fn start(bin: &Path, extra: &[&str]) -> Self {
        Prepared::new(bin).serve(extra)
    }
}

/// A seeded data directory that is not served yet.
pub struct Prepared {
    pub temp: tempfile::TempDir,
    pub data_dir: PathBuf,
    pub seed: Seed,
    bin: PathBuf,
}

impl Prepared {
    /// Initializes (see `init_data_dir`) and seeds a data directory.
    pub fn new(bin: &Path) -> Self {
        Self::with_database(bin, None)
    }

    /// Like `new`, with the vault in the database `url` (`--database`) when given.
    pub fn with_database(bin: &Path, url: Option<&str>) -> Self {
        let temp = tempfile::tempdir().expect("temp dir");
        let data_dir = temp.path().join("data");
        if let Some(url) = url {
            postgres::set_database(&data_dir, url);
        }
        init_data_dir(bin, &data_dir);
        let uid = |args: &[&str]| admin_json(bin, &data_dir, args)["uid"].as_str().expect("uid").to_string();
        let folder = uid(&["folder", "add", "-t", seed::FOLDER_NAME, "--json"]);
        let sub_folder = uid(&["folder", "add", "-t", seed::SUB_FOLDER_NAME, "--parent", &folder, "--json"]);
        let record = |folder: Option<&str>, title: &str, fields: &[String], notes: Option<&str>| {
            let mut args = vec!["record", "add", "-t", title, "--json"];
            args.extend(folder.map(|folder| ["--folder", folder]).into_iter().flatten());
            args.extend(fields.iter().flat_map(|field| ["--field", field.as_str()]));
            args.extend(notes.map(|notes| ["--notes", notes]).into_iter().flatten());
            uid(&args)
        };
        let login_fields = [format!("login={}", seed::LOGIN), format!("password={}", seed::PASSWORD)];
        let login = record(Some(&folder), seed::LOGIN_TITLE, &login_fields, Some(seed::NOTES));
        let sub_fields = [format!("password={}", seed::SUB_PASSWORD)];
        let sub_record = record(Some(&sub_folder), seed::SUB_TITLE, &sub_fields, None);
        let direct = record(None, seed::DIRECT_TITLE, &[format!("password={}", seed::DIRECT_PASSWORD)], None);
        let app = uid(&["app", "add", "-t", seed::APP_TITLE, "--json"]);
        run_admin(bin, &data_dir, &["app", "share", "--app", &app, "--folder", &folder, "--editable"]);
        run_admin(bin, &data_dir, &["app", "share", "--app", &app, "--record", &direct, "--editable"]);
        let ro_app = uid(&["app", "add", "-t", seed::RO_APP_TITLE, "--json"]);
        run_admin(bin, &data_dir, &["app", "share", "--app", &ro_app, "--folder", &folder]);
        let seed = Seed { folder, sub_folder, login, sub_record, direct, app, ro_app };
        Self { temp, data_dir, seed, bin: bin.to_path_buf() }
    }

    pub fn admin(&self, args: &[&str]) -> Value {
        admin_json(&self.bin, &self.data_dir, args)
    }

    /// Serves the data directory with `extra` serve flags.
    pub fn serve(self, extra: &[&str]) -> ServerProcess {
        let Self { temp, data_dir, seed, bin } = self;
        let mut server = ServerProcess { temp, data_dir, host: String::new(), seed, bin, child: None };
        server.serve(extra);
        server
    }
}

impl ServerProcess {
    /// Another `serve` of the same vault: a data directory of its own holding copies of this
    /// one's server identity and TLS files, on the same database (a replica behind a load
    /// balancer). Only for a vault in PostgreSQL.
    pub fn replica(&self, extra: &[&str]) -> ServerProcess {
        let url = postgres::database_url_of(&self.data_dir).expect("a replica shares a PostgreSQL database");
        let temp = tempfile::tempdir().expect("temp dir");
        let data_dir = temp.path().join("data");
        std::fs::create_dir_all(data_dir.join("tls")).expect("replica data dir");
        for file in ["server-identity.json", "tls/ca.pem", "tls/server.pem", "tls/server.key"] {
            std::fs::copy(self.data_dir.join(file), data_dir.join(file)).expect("copy the server identity");
        }
        postgres::set_database(&data_dir, &url);
        let mut replica = ServerProcess {
            temp,
            data_dir,
            host: String::new(),
            seed: self.seed.clone(),
            bin: self.bin.clone(),
            child: None,
        };
        replica.serve(extra);
        replica
    }

    /// Stops the server and serves the same data directory again (on a new port: `url`
    /// changes).
    pub fn restart(&mut self, extra: &[&str]) {
        self.stop();
        self.serve(extra);
    }

    /// Spawns `serve` on the data directory and waits until it is ready; sets `host`.
    fn serve(&mut self, extra: &[&str]) {
        let ready_file = self.temp.path().join("ready.json");
        let _ = std::fs::remove_file(&ready_file);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.temp.path().join("serve.log"))
            .expect("log file");
        let child = ksm_server_command(&self.bin, &self.data_dir)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(["serve", "--listen", "127.0.0.1:0", "--ready-file"])
            .arg(&ready_file)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn ksm-server serve");
        self.child = Some(child);
        self.host = self.wait_until_ready(&ready_file);
    }

    /// The running server's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Waits for the exit.
    pub fn kill9(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        child.kill().expect("SIGKILL the server");
        child.wait().expect("wait for the killed server");
    }

    fn wait_until_ready(&mut self, ready_file: &Path) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(text) = std::fs::read_to_string(ready_file) {
                let ready: Value = serde_json::from_str(&text).expect("ready file is JSON");
                assert!(ready["address"].is_string(), "{ready}");
                return ready["hostname"].as_str().expect("hostname").to_string();
            }
            let exited = self.child.as_mut().and_then(|child| child.try_wait().ok().flatten());
            assert!(exited.is_none() && Instant::now() < deadline, "serve never got ready: {}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the server wrote to stderr.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.temp.path().join("serve.log")).unwrap_or_default()
    }

    /// SIGTERM, then wait for the server to exit (killing it after 10 s).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        // SAFETY: plain kill(2) on the pid of a child we spawned and have not reaped yet.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().expect("wait for serve").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                assert!(std::thread::panicking(), "serve did not stop on SIGTERM within 10 s");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://{}{path}", self.host)
    }

    /// Runs an admin command on the data directory; returns stdout (panics with stderr on failure).
    pub fn admin_text(&self, args: &[&str]) -> String {
        let args = self.admin_args(args);
        run_admin(&self.bin, &self.data_dir, &args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Runs an admin command that prints JSON (pass `--json` yourself).
    pub fn admin(&self, args: &[&str]) -> Value {
        let args = self.admin_args(args);
        admin_json(&self.bin, &self.data_dir, &args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// What devices did (`audit`, `client list`) is asked of the running server through its
    /// owner API, which first writes the reads it batches (see `api/read_log.rs`); on the data
    /// directory the newest reads may not be written yet.
    fn admin_args(&self, args: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
        let asks_devices = matches!(args, ["audit", ..] | ["client", "list", ..]);
        if asks_devices && self.child.is_some() {
            all.extend(["--server".to_string(), self.url("")]);
        }
        all
    }

    /// Adds a login record titled `title` to the seeded shared folder with `record add` and
    /// `args` (`--field …`, `--custom …`, …); returns its UID.
    pub fn add_record(&self, title: &str, args: &[&str]) -> String {
        let mut command = vec!["record", "add", "--folder", &self.seed.folder, "-t", title, "--json"];
        command.extend_from_slice(args);
        self.admin(&command)["uid"].as_str().expect("record add prints a uid").to_string()
    }

    /// `record show UID --json`: the record as the owner decrypts it.
    pub fn record_show(&self, uid: &str) -> Value {
        self.admin(&["record", "show", uid, "--json"])
    }

    /// UIDs of all records, from `record list --json`.
    pub fn record_uids(&self) -> Vec<String> {
        let list = self.admin(&["record", "list", "--json"]);
        list.as_array().expect("list").iter().map(|r| r["uid"].as_str().expect("uid").to_string()).collect()
    }

    /// `client list --client ID --json`: the entry of one device (by client id, device id or
    /// name).
    pub fn client_listing(&self, client: &str) -> Value {
        let list = self.admin(&["client", "list", "--client", client, "--json"]);
        let [entry] = list.as_array().expect("list").as_slice() else { panic!("one client listed: {list}") };
        entry.clone()
    }

    /// `client add --app APP --json [extra]`: the enrollment (token, client_id, server key …).
    pub fn mint_token(&self, app: &str, extra: &[&str]) -> Value {
        let mut args = vec!["client", "add", "--app", app, "--json"];
        args.extend_from_slice(extra);
        self.admin(&args)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- serve log ---\n{}", self.log());
        }
        self.stop();
    }
}

/// The owner's side of a test data directory `<temp>/data`: `<temp>/owner/`, outside the data
/// directory, as a real deployment keeps it on the owner's machine.
pub fn owner_dir(data_dir: &Path) -> PathBuf {
    data_dir.parent().expect("the data directory has a parent").join("owner")
}

/// The owner keystore of a test data directory, protected by a key file beside it.
pub fn owner_keystore(data_dir: &Path) -> PathBuf {
    owner_dir(data_dir).join("owner-keystore.json")
}

/// `ksm-server init` with the owner keystore in `owner_dir`, under a key file (no prompt).
pub fn init_data_dir(bin: &Path, data_dir: &Path) {
    let owner = owner_dir(data_dir);
    std::fs::create_dir_all(&owner).expect("owner dir");
    let key_file = owner.join("owner.key");
    postgres::assign_database(data_dir);
    run_admin(bin, data_dir, &["init", "--json", "--key-file", key_file.to_str().expect("UTF-8 path")]);
}

/// Runs an admin command on `data_dir` with its owner keystore (see `owner_keystore`).
pub fn run_admin(bin: &Path, data_dir: &Path, args: &[&str]) -> String {
    let output = ksm_server_command(bin, data_dir)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--keystore")
        .arg(owner_keystore(data_dir))
        .args(args)
        .output()
        .expect("run ksm-server");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "ksm-server {} failed: {}{stdout}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

pub fn admin_json(bin: &Path, data_dir: &Path, args: &[&str]) -> Value {
    let stdout = run_admin(bin, data_dir, args);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("ksm-server {} printed no JSON ({e}): {stdout}", args[0]))
}

/// Every file below `dir`, at any depth (a directory that vanishes meanwhile is skipped).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// The files that hold a test data directory's vault, for tests that look for plaintext in what
/// is stored: `vault.db` and its `-wal` and `-shm` beside it, or the files of its PostgreSQL
/// database (see `postgres::database_files`).
pub fn vault_files(data_dir: &Path) -> Vec<PathBuf> {
    if postgres::database_url_of(data_dir).is_some() {
        return postgres::database_files(data_dir);
    }
    ["vault.db", "vault.db-wal", "vault.db-shm"]
        .iter()
        .map(|name| data_dir.join(name))
        .filter(|path| path.exists())
        .collect()
}

/// Copies the tree `from` to `to`, as a thief copying a live data directory would: a file
/// removed while copying (a database's `-shm`) is skipped.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's directory");
    for entry in std::fs::read_dir(from).expect("list the directory to copy") {
        let path = entry.expect("a directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else if std::fs::copy(&path, &target).is_err() {
            assert!(!path.exists(), "cannot copy {}", path.display());
        }
    }
}

/// `ksm-server` for a test data directory: with its PostgreSQL database, if it has one
/// (`KSM_SERVER_DATABASE`; see `postgres`).
pub fn ksm_server_command(bin: &Path, data_dir: &Path) -> Command {
    let mut command = Command::new(bin);
    if let Some(url) = postgres::database_url_of(data_dir) {
        command.env("KSM_SERVER_DATABASE", url);
    }
    command
}
