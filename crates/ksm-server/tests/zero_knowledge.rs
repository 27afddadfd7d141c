//! Zero knowledge at rest: after a vault was seeded by the owner and used through the API, no
//! file of the data directory the server reads (everything but the server
//! identity and the TLS material) holds a plaintext secret, the one-time token, or any key;
//! nor does a backup, nor a copy of the whole data directory taken while serving. With the
//! vault in PostgreSQL (`KSM_TEST_DATABASE=postgres`), nor do the files of its database
//! (`backup` is SQLite's: PostgreSQL is backed up with its own tools).
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{login_record, seed, with_field, TestServer};
use ksm_proto::b64;
use ksm_proto::crypto::{cbc_encrypt, SymmetricKey};
use serde_json::json;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const CREATED_PASSWORD: &str = "ZK-PLAINTEXT-CREATED-PASSWORD-3456";
const CREATED_TITLE: &str = "ZK-TITLE-Created through the API";
const UPDATED_PASSWORD: &str = "ZK-PLAINTEXT-UPDATED-PASSWORD-7890";
const UPDATED_NOTES: &str = "ZK-NOTES-updated through the API";
const CREATED_FOLDER_NAME: &str = "ZK-FOLDER-NAME-Created";
const ADMIN_FILE_NAME: &str = "zk-admin-attachment-name.txt";
const ADMIN_FILE_CONTENT: &str = "ZK-FILE-CONTENT attached by the owner";
const API_FILE_NAME: &str = "zk-api-upload-name.txt";
const DEVICE_NAME: &str = "zk-device-name-sealed-to-the-owner";
const API_FILE_CONTENT: &str = "ZK-FILE-CONTENT uploaded through the API";

/// What must never be found, by name.
#[derive(Default)]
struct Needles(Vec<(String, Vec<u8>)>);

impl Needles {
    fn text(&mut self, name: &str, text: &str) {
        self.0.push((format!("{name} (text)"), text.as_bytes().to_vec()));
    }

    /// A key as raw bytes and in both base64 alphabets.
    fn key(&mut self, name: &str, bytes: &[u8]) {
        self.0.push((format!("{name} (raw)"), bytes.to_vec()));
        self.text(&format!("{name} B64"), b64::encode(bytes).trim_end_matches('='));
        self.text(&format!("{name} B64U"), &b64::encode_url(bytes));
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

struct Scan {
    files: Vec<PathBuf>,
    leaks: Vec<String>,
}

/// Every file the server may read: its data directory's (but the server identity and the TLS
/// material) and, if the vault is in PostgreSQL, its database's.
fn server_files(data_dir: &Path) -> Vec<PathBuf> {
    let mut files = ksm_testkit::files_under(data_dir);
    files.retain(|path| !(path.starts_with(data_dir.join("tls")) || path == &data_dir.join("server-identity.json")));
    files.extend(ksm_testkit::postgres::database_files(data_dir));
    files
}

/// Which needles each of `files` holds.
fn scan(files: Vec<PathBuf>, needles: &Needles) -> Scan {
    let mut leaks = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else { continue }; // e.g. serve.json removed meanwhile
        for (name, needle) in &needles.0 {
            if bytes.windows(needle.len()).any(|window| window == needle.as_slice()) {
                leaks.push(format!("{name} in {}", path.display()));
            }
        }
    }
    Scan { files, leaks }
}

#[test]
fn the_data_directory_holds_no_plaintext_token_or_key() {
    let mut server = TestServer::start(&[]);
    let s = server.seed.clone();
    let attachment = server.temp.path().join(ADMIN_FILE_NAME);
    std::fs::write(&attachment, ADMIN_FILE_CONTENT).unwrap();
    let path = attachment.to_str().unwrap();
    server.admin(&["file", "attach", "--record", &s.direct, "--path", path, "--json"]);
    server.admin(&["client", "add", "--app", &s.app, "--name", DEVICE_NAME, "--hostname", "127.0.0.1:1", "--json"]);

    let device = server.bound_device(&s.app);
    let secrets = device.secrets();
    let folder_key = secrets.folder_keys[&s.folder].clone();

    // Writes through the API: a new record, an update, a file upload, a new folder.
    let created = login_record(CREATED_TITLE, CREATED_PASSWORD);
    let (created_uid, created_key, reply) = device.create_record(&s.folder, &folder_key, None, &created);
    reply.ok();
    let login = secrets.record(&s.login);
    let mut updated = with_field(&login.data, "password", UPDATED_PASSWORD);
    updated["notes"] = json!(UPDATED_NOTES);
    device.update_record(login, &updated, login.revision, json!({})).ok();
    let login = device.secrets().record(&s.login).clone();
    let (file, reply) = device.add_file(&login, API_FILE_NAME, API_FILE_CONTENT.as_bytes());
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    let new_folder_key = SymmetricKey::random();
    let name = json!({ "name": CREATED_FOLDER_NAME }).to_string();
    let create_folder = json!({
        "folderUid": ksm_proto::uid::new_uid(),
        "sharedFolderUid": s.folder,
        "sharedFolderKey": b64::encode_url(&cbc_encrypt(&folder_key, new_folder_key.as_bytes())),
        "data": b64::encode_url(&cbc_encrypt(&new_folder_key, name.as_bytes())),
    });
    device.post("create_folder", create_folder).ok();

    // Everything the device can now open, and everything it ever knew.
    let secrets = device.secrets();
    let folders = device.folders();
    assert_eq!(secrets.record(&created_uid).field("password"), Some(CREATED_PASSWORD));
    assert_eq!(secrets.record(&s.login).files.len(), 1, "the API upload");
    assert_eq!(secrets.record(&s.direct).files.len(), 1, "the owner's attachment");
    let mut needles = Needles::default();
    for text in [
        seed::FOLDER_NAME,
        seed::SUB_FOLDER_NAME,
        seed::LOGIN_TITLE,
        seed::LOGIN,
        seed::PASSWORD,
        seed::NOTES,
        seed::SUB_TITLE,
        seed::SUB_PASSWORD,
        seed::DIRECT_TITLE,
        seed::DIRECT_PASSWORD,
        seed::APP_TITLE,
        seed::RO_APP_TITLE,
        CREATED_PASSWORD,
        CREATED_TITLE,
        UPDATED_PASSWORD,
        UPDATED_NOTES,
        CREATED_FOLDER_NAME,
        ADMIN_FILE_NAME,
        ADMIN_FILE_CONTENT,
        API_FILE_NAME,
        API_FILE_CONTENT,
        DEVICE_NAME,
    ] {
        needles.text(text, text);
    }
    needles.text("one-time token", &device.token_text);
    needles.key("one-time token", device.token.as_bytes());
    needles.key("app key", device.app_key().as_bytes());
    needles.key("created record key", created_key.as_bytes());
    needles.key("uploaded file key", file.key.as_bytes());
    for record in secrets.records.values() {
        needles.key(&format!("record key {}", record.uid), record.key.as_bytes());
        for listed in &record.files {
            let file_key = common::gcm_open(&record.key, &listed["fileKey"]);
            needles.key(&format!("file key {}", listed["fileUid"]), &file_key);
        }
    }
    assert_eq!(folders.len(), 3);
    for (uid, folder) in &folders {
        needles.key(&format!("folder key {uid}"), folder.key.as_bytes());
    }
    for (index, key) in device.sent_keys.borrow().iter().enumerate() {
        needles.key(&format!("transmission key #{index}"), key.as_bytes());
    }

    // While serving (database, -wal and -shm), and once stopped (WAL checkpointed).
    let data_dir = server.data_dir.clone();
    let postgres = ksm_testkit::postgres::database_url_of(&data_dir).is_some();
    let running = scan(server_files(&data_dir), &needles);
    assert!(running.leaks.is_empty(), "found in the data directory while serving:\n{}", running.leaks.join("\n"));
    let modes: Vec<(String, u32)> = running
        .files
        .iter()
        .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("vault.db"))
        .map(|path| (path.display().to_string(), mode(path)))
        .collect();
    // A backup taken while serving, needing no keystore, holds no more than the database.
    let backups = server.temp.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    if !postgres {
        let backup = Command::new(common::BIN)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["backup", "--out"])
            .arg(backups.join("vault-backup.db"))
            .output()
            .unwrap();
        assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
        let backed_up = scan(ksm_testkit::files_under(&backups), &needles);
        assert!(backed_up.leaks.is_empty(), "found in the backup:\n{}", backed_up.leaks.join("\n"));
        assert_eq!(backed_up.files.len(), 1, "{:?}", backed_up.files);
    }

    // The whole data directory copied while serving, server identity and TLS key included, with
    // its backups: nothing in it opens a record, and the admin commands cannot run on it (nor
    // with the PostgreSQL database it names).
    let stolen = server.temp.path().join("stolen");
    ksm_testkit::copy_tree(&data_dir, &stolen.join("data"));
    ksm_testkit::copy_tree(&backups, &stolen.join("backups"));
    let everything = scan(ksm_testkit::files_under(&stolen), &needles);
    assert!(everything.leaks.is_empty(), "found in the copy:\n{}", everything.leaks.join("\n"));
    assert!(everything.files.iter().any(|path| path.ends_with("server-identity.json")));
    for args in [vec!["record", "show", &s.login], vec!["folder", "list"], vec!["client", "add", "--app", &s.app]] {
        let output = ksm_testkit::ksm_server_command(Path::new(common::BIN), &data_dir)
            .arg("--data-dir")
            .arg(stolen.join("data"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?} ran on a copy of the data directory");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("owner keystore") && !stderr.contains(seed::PASSWORD), "{stderr}");
    }

    server.stop();
    let stopped = scan(server_files(&data_dir), &needles);
    assert!(stopped.leaks.is_empty(), "found in the data directory:\n{}", stopped.leaks.join("\n"));
    assert_eq!(mode(&data_dir), 0o700);
    if postgres {
        return;
    }
    assert!(stopped.files.contains(&data_dir.join("vault.db")), "{:?}", stopped.files);

    // Owner-only: the database files (-wal and -shm looked at while serving) and the directory.
    assert!(modes.len() >= 2, "the database and its WAL while serving: {modes:?}");
    assert!(modes.iter().all(|(_, mode)| *mode == 0o600), "{modes:?}");
    assert_eq!(mode(&data_dir.join("vault.db")), 0o600);
}
