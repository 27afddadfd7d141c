//! Zero knowledge at rest: after a vault was seeded by the owner and used through the API, no
//! file of the data directory the server reads (everything but the owner keystore, the server
//! identity and the TLS material) holds a plaintext secret, the one-time token, or any key.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{login_record, seed, with_field, TestServer};
use ksm_proto::b64;
use ksm_proto::crypto::{cbc_encrypt, SymmetricKey};
use serde_json::json;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const CREATED_PASSWORD: &str = "ZK-PLAINTEXT-CREATED-PASSWORD-3456";
const CREATED_TITLE: &str = "ZK-TITLE-Created through the API";
const UPDATED_PASSWORD: &str = "ZK-PLAINTEXT-UPDATED-PASSWORD-7890";
const UPDATED_NOTES: &str = "ZK-NOTES-updated through the API";
const CREATED_FOLDER_NAME: &str = "ZK-FOLDER-NAME-Created";
const ADMIN_FILE_NAME: &str = "zk-admin-attachment-name.txt";
const ADMIN_FILE_CONTENT: &str = "ZK-FILE-CONTENT attached by the owner";
const API_FILE_NAME: &str = "zk-api-upload-name.txt";
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

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

struct Scan {
    files: Vec<PathBuf>,
    leaks: Vec<String>,
}

/// Every file of `data_dir` the server may read, and which needles each holds.
fn scan(data_dir: &Path, needles: &Needles) -> Scan {
    let mut files = Vec::new();
    files_under(data_dir, &mut files);
    files.retain(|path| {
        !(path.starts_with(data_dir.join("tls"))
            || path == &data_dir.join("owner-keystore.json")
            || path == &data_dir.join("server-identity.json"))
    });
    let mut leaks = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else { continue }; // e.g. serve.json removed meanwhile
        for (name, needle) in &needles.0 {
            if bytes.windows(needle.len()).any(|window| window == needle.as_slice()) {
                leaks.push(format!("{name} in {}", path.strip_prefix(data_dir).unwrap().display()));
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
    let running = scan(&data_dir, &needles);
    assert!(running.leaks.is_empty(), "found in the data directory while serving:\n{}", running.leaks.join("\n"));
    let modes: Vec<(String, u32)> = running
        .files
        .iter()
        .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("vault.db"))
        .map(|path| (path.display().to_string(), mode(path)))
        .collect();
    server.stop();
    let stopped = scan(&data_dir, &needles);
    assert!(stopped.leaks.is_empty(), "found in the data directory:\n{}", stopped.leaks.join("\n"));
    assert!(stopped.files.contains(&data_dir.join("vault.db")), "{:?}", stopped.files);

    // Owner-only: the database files (-wal and -shm looked at while serving) and the directory.
    assert!(modes.len() >= 2, "the database and its WAL while serving: {modes:?}");
    assert!(modes.iter().all(|(_, mode)| *mode == 0o600), "{modes:?}");
    assert_eq!(mode(&data_dir.join("vault.db")), 0o600);
    assert_eq!(mode(&data_dir), 0o700);
}
