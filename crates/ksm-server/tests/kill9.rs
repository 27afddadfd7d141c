//! `kill -9` of the server in the middle of writes: every write it acknowledged is still there
//! after a restart, nothing else is half there, and SQLite's integrity check is clean. With the
//! vault in PostgreSQL (`KSM_TEST_DATABASE=postgres`), PostgreSQL outlives the server and rolls
//! back the transaction it had open; the restarted server takes the write lock again.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::*;
use ksm_proto::b64;
use ksm_proto::crypto::{ecies_encrypt, gcm_encrypt, SymmetricKey};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent writers, each its own bound device.
const WRITERS: usize = 3;
/// Acknowledged creates to wait for before the kill; more are in flight when it lands.
const ACKED_BEFORE_KILL: usize = 30;
/// Upper bound of creates per writer, so that a server that never dies cannot loop us forever.
const MAX_WRITES_PER_WRITER: usize = 5_000;

/// A create_secret the server acknowledged with 200: its UID and the password it holds.
type Acked = Arc<Mutex<Vec<(String, String)>>>;

#[test]
fn acknowledged_writes_survive_kill_9_and_the_database_stays_intact() {
    let mut server = TestServer::start(&["--rate-limit", "0"]);
    let seed = server.seed.clone();
    let devices: Vec<Device> = (0..WRITERS).map(|_| server.bound_device(&seed.app)).collect();
    let folder_key = devices[0].secrets().folder_keys[&seed.folder].clone();

    let acked: Acked = Arc::default();
    let attempted = Arc::new(Mutex::new(Vec::<String>::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(writer, device)| {
            let (acked, attempted, killed) = (acked.clone(), attempted.clone(), killed.clone());
            let (folder, folder_key) = (seed.folder.clone(), folder_key.clone());
            std::thread::spawn(move || {
                for n in 0..MAX_WRITES_PER_WRITER {
                    let uid = ksm_proto::uid::new_uid();
                    let password = format!("kill9-{writer}-{n}");
                    attempted.lock().unwrap().push(uid.clone());
                    match create(&device, &folder, &folder_key, &uid, &password) {
                        Some(200) => acked.lock().unwrap().push((uid, password)),
                        Some(status) => panic!("create_secret answered {status} before the kill"),
                        None => {
                            assert!(killed.load(Ordering::SeqCst), "the server went away before the kill");
                            return;
                        }
                    }
                }
            })
        })
        .collect();

    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.lock().unwrap().len() < ACKED_BEFORE_KILL {
        assert!(Instant::now() < deadline, "the writers never got {ACKED_BEFORE_KILL} creates acknowledged");
        std::thread::sleep(Duration::from_millis(5));
    }
    killed.store(true, Ordering::SeqCst);
    server.kill9();
    for writer in writers {
        writer.join().expect("writer thread");
    }
    let acked = acked.lock().unwrap().clone();
    let attempted = attempted.lock().unwrap().clone();

    // The SQLite database as the crash left it (its WAL included) is consistent.
    if ksm_testkit::postgres::database_url_of(&server.data_dir).is_none() {
        assert_eq!(vault_sql(&server.data_dir, "PRAGMA integrity_check"), ["ok"]);
    }

    // Every acknowledged record is there, and nothing that was never attempted.
    let stored = server.record_uids();
    for (uid, _) in &acked {
        assert!(stored.contains(uid), "acknowledged record {uid} was lost by kill -9");
    }
    let seeded = seed_records(&seed);
    let new: Vec<&String> = stored.iter().filter(|uid| !seeded.contains(uid)).collect();
    assert_eq!(stored.len() - new.len(), seeded.len(), "the seeded records are all still there");
    assert!(new.iter().all(|uid| attempted.contains(uid)), "a record appeared that no writer sent");

    // The restarted server serves them all, each whole (its key and data open, its password right).
    server.restart(&["--rate-limit", "0"]);
    let http = http_client(&server.data_dir, None);
    let mut reader = Device::enroll(http, &server.url(""), &server.mint_token(&seed.app, &[]));
    reader.bind();
    let secrets = reader.secrets();
    for (uid, password) in &acked {
        assert_eq!(secrets.record(uid).field("password"), Some(password.as_str()), "record {uid}");
    }
    assert_eq!(secrets.record(&seed.login).field("password"), Some(seed::PASSWORD), "the seeded record");
    for uid in new {
        assert!(secrets.records.contains_key(uid.as_str()), "stored record {uid} is not served whole");
    }
}

fn seed_records(seed: &ksm_testkit::Seed) -> [String; 3] {
    [seed.login.clone(), seed.sub_record.clone(), seed.direct.clone()]
}

/// create_secret of a login record into the shared folder; the HTTP status, or None when the
/// server could not be reached (it was killed).
fn create(device: &Device, folder: &str, folder_key: &SymmetricKey, uid: &str, password: &str) -> Option<u16> {
    let record_key = SymmetricKey::random();
    let owner_key = device.owner_key.as_ref().expect("bound device knows the owner key");
    let prepared = device.prepare(json!({
        "recordUid": uid,
        "recordKey": b64::encode(&ecies_encrypt(owner_key, record_key.as_bytes())),
        "folderUid": folder,
        "folderKey": b64::encode(&gcm_encrypt(folder_key, record_key.as_bytes())),
        "data": seal_json(&record_key, &login_record(uid, password)),
    }));
    let mut request = device.http.post(format!("{}/api/rest/sm/v1/create_secret", device.base)).body(prepared.body);
    for (name, value) in &prepared.headers {
        request = request.header(*name, value);
    }
    request.send().ok().map(|response| response.status().as_u16())
}

/// A client killed mid-download (its connection gone while the server still writes) must
/// not take the server down: `serve` once died of SIGPIPE here.
#[test]
fn clients_that_vanish_mid_answer_leave_the_server_up() {
    let server = TestServer::start(&["--rate-limit", "0"]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let content = vec![7u8; 16 * 1024 * 1024];
    let (file, reply) = device.add_file(&login, "big.bin", &content);
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    let record = device.secrets().record(&login.uid).clone();
    let url = record.files[0]["url"].as_str().expect("file url").to_string();

    for _ in 0..20 {
        let mut response = device.http.get(&url).send().expect("download starts");
        let mut first = [0u8; 1024];
        std::io::Read::read_exact(&mut response, &mut first).expect("the first bytes arrive");
        drop(response); // closes the connection with most of the answer unsent
    }
    let pid = server.pid().expect("server pid");
    let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(!state.contains(") Z "), "the server died while clients hung up: {state}");
    assert_eq!(device.secrets().record(&login.uid).files.len(), 1, "the server still answers");
}
