//! What the database keeps, what a device may change in it, and how the owner's tools cope
//! with what a device did: black-box tests of the real `ksm-server` binary.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{login_record, seed, update_payload, Device, TestServer};
use ksm_proto::b64;
use ksm_proto::crypto::{cbc_encrypt, SymmetricKey};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn admin(server: &TestServer, args: &[&str]) -> Output {
    ksm_testkit::ksm_server_command(Path::new(common::BIN), &server.data_dir)
        .arg("--data-dir")
        .arg(&server.data_dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&server.data_dir))
        .args(args)
        .output()
        .expect("run ksm-server")
}

/// Every byte of the files that hold the vault (see `ksm_testkit::vault_files`).
fn database_bytes(data_dir: &Path) -> Vec<u8> {
    ksm_testkit::vault_files(data_dir).iter().flat_map(|path| std::fs::read(path).unwrap()).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// The ways a client id could be written down: its base64 text and its raw bytes.
fn assert_absent(what: &str, haystack: &[u8], device: &Device) {
    let raw = b64::decode(&device.client_id).unwrap();
    assert!(!contains(haystack, device.client_id.as_bytes()), "{what} holds a client id");
    assert!(!contains(haystack, &raw), "{what} holds a client id's bytes");
}

// ---- client ids ----

#[test]
fn no_client_id_is_stored_listed_or_audited() {
    let mut server = TestServer::start(&[]);
    let unbound = server.device(&server.seed.app);
    let bound = server.bound_device(&server.seed.app);
    bound.secrets();
    server.admin_text(&["client", "revoke", &bound.client_id]);
    // A clean stop stores the reads' audit entries, written in batches.
    server.stop();

    let stored = database_bytes(&server.data_dir);
    let mut shown = Vec::new();
    for args in [
        &["client", "list"][..],
        &["client", "list", "--json"],
        &["audit"],
        &["audit", "--json"],
        &["client", "list", "--client", &unbound.client_id, "--json"],
    ] {
        shown.extend(server.admin_text(args).into_bytes());
    }
    for device in [&unbound, &bound] {
        assert_absent("the database", &stored, device);
        assert_absent("client list / audit", &shown, device);
    }

    // The owner still finds a device by its client id; the listing names it by device id.
    let listing = server.client_listing(&unbound.client_id);
    let device_id = listing["device_id"].as_str().unwrap();
    assert_eq!(device_id.len(), 43);
    assert!(contains(&stored, device_id.as_bytes()), "the database knows the device by its device id");
    assert_eq!(server.client_listing(device_id)["bound"], false);
    let audited = server.admin(&["audit", "--json", "--client", &bound.client_id]);
    let actions: Vec<&str> = audited.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["bind", "get_secret", "get_secret"], "the binding read and one more: {audited}");
}

#[test]
fn every_read_is_audited_and_last_seen_once_a_clean_stop_has_flushed_the_read_log() {
    const READS: usize = 30;
    let mut server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let mut before_last_read = 0;
    for _ in 0..READS {
        before_last_read = now_ms();
        device.secrets();
    }
    server.stop();

    let audited = server.admin(&["audit", "--json", "--limit", "1000", "--client", &device.client_id]);
    let reads = audited.as_array().unwrap().iter().filter(|e| e["action"] == "get_secret").count();
    assert_eq!(reads, READS + 1, "the binding read and every later one: {audited}");
    let last_seen = server.client_listing(&device.client_id)["last_seen_at"].as_i64().unwrap();
    assert!(last_seen >= before_last_read, "last seen {last_seen}, the last read began at {before_last_read}");
}

fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    i64::try_from(since_epoch.as_millis()).unwrap()
}

#[test]
fn a_device_id_read_from_the_database_opens_nothing() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    let device_id = server.client_listing(&device.client_id)["device_id"].as_str().unwrap().to_string();
    let mut thief = device.twin();
    thief.client_id = device_id;
    let reply = thief.post("get_secret", json!({ "publicKey": thief.public_key_b64() }));
    reply.assert_error(403, "access_denied", "unknown client id");
    assert_eq!(server.client_listing(&device.client_id)["bound"], false, "nothing bound");
    device.bind();
}

// ---- binding ----

#[test]
fn a_lost_binding_answer_can_be_fetched_again_by_the_same_key_only() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    // The first answer is lost (the client died before saving it): bind again, same key.
    device.post("get_secret", json!({ "publicKey": device.public_key_b64() })).ok();
    let again = device.bind();
    assert!(again["encryptedAppKey"].is_string(), "{again}");
    assert_eq!(device.secrets().record(&server.seed.login).field("password"), Some(seed::PASSWORD));

    // Someone else with the token (another key) is refused, before and after.
    let other = server.device(&server.seed.app);
    other.post("get_secret", json!({ "publicKey": other.public_key_b64() })).ok();
    let thief = other.twin();
    let refused = thief.post("get_secret", json!({ "publicKey": thief.public_key_b64() }));
    refused.assert_error(403, "access_denied", "already been used");

    // A client may read before it has saved the answer: the window stays open (for a while).
    let after = device.post("get_secret", json!({ "publicKey": device.public_key_b64() })).ok();
    assert!(after["encryptedAppKey"].is_string(), "{after}");
}

// ---- replays ----

#[test]
fn a_captured_request_is_refused_after_a_restart() {
    let mut server = TestServer::start(&[]);
    let mut device = server.bound_device(&server.seed.app);
    let record = device.secrets().record(&server.seed.login).clone();
    let changed = login_record("Changed", "changed-password");
    let captured = device.prepare(update_payload(&record, &changed, record.revision));
    let read = device.prepare(json!({}));
    device.send("get_secret", &read).ok();

    server.restart(&[]);
    device.base = server.url("");
    device.send("get_secret", &read).assert_error(403, "access_denied", "replayed");
    device.send("update_secret", &captured).ok();
    device.send("update_secret", &captured).assert_error(403, "access_denied", "replayed");
    server.restart(&[]);
    device.base = server.url("");
    device.send("update_secret", &captured).assert_error(403, "access_denied", "replayed");
    assert_eq!(server.record_show(&record.uid)["revision"], record.revision + 1);
}

// ---- what devices may change ----

fn folder_data(key: &SymmetricKey, name: &str) -> String {
    b64::encode_url(&cbc_encrypt(key, json!({ "name": name }).to_string().as_bytes()))
}

fn folder_listing(server: &TestServer, uid: &str) -> Value {
    let list = server.admin(&["folder", "list", "--json"]);
    list.as_array().unwrap().iter().find(|f| f["uid"] == uid).unwrap_or_else(|| panic!("{uid} in {list}")).clone()
}

#[test]
fn a_device_cannot_rename_a_shared_folder() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let key = device.folders()[&s.folder].key.clone();
    for data in [folder_data(&key, "Taken over"), b64::encode_url(&[7u8; 48])] {
        let reply = device.post("update_folder", json!({ "folderUid": s.folder, "data": data }));
        reply.assert_error(403, "access_denied", "only its owner");
    }
    assert_eq!(folder_listing(&server, &s.folder)["name"], seed::FOLDER_NAME);
    assert_eq!(device.folders()[&s.folder].name, seed::FOLDER_NAME);
}

#[test]
fn the_owner_sees_and_repairs_what_a_device_damaged() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let root_key = device.folders()[&s.folder].key.clone();

    // Random bytes as a sub-folder's name, and a new folder whose key is random bytes.
    let garbage = b64::encode_url(&[9u8; 48]);
    device.post("update_folder", json!({ "folderUid": s.sub_folder, "data": garbage })).ok();
    let broken_key = ksm_proto::uid::new_uid();
    device
        .post(
            "create_folder",
            json!({
                "folderUid": broken_key, "sharedFolderUid": s.folder, "parentUid": null,
                "sharedFolderKey": b64::encode_url(&[3u8; 64]), "data": b64::encode_url(&[4u8; 48]),
            }),
        )
        .ok();
    // A record whose data is not what its key seals.
    let record = device.secrets().record(&s.login).clone();
    let mut payload = update_payload(&record, &json!({}), record.revision);
    payload["data"] = json!(b64::encode(&[5u8; 64]));
    device.post("update_secret", payload).ok();

    // The owner's listings still work and say what is damaged.
    for uid in [&s.sub_folder, &broken_key] {
        let listed = folder_listing(&server, uid);
        assert!(listed["name"].is_null() && listed["damaged"].is_string(), "{listed}");
    }
    assert_eq!(folder_listing(&server, &s.folder)["name"], seed::FOLDER_NAME);
    let text = server.admin_text(&["folder", "list"]);
    assert!(text.contains(&format!("{}  {}  DAMAGED", s.sub_folder, s.folder)), "{text}");
    assert!(text.contains(seed::FOLDER_NAME), "{text}");
    let records = server.admin(&["record", "list", "--json"]);
    let records = records.as_array().unwrap();
    let damaged: Vec<&Value> = records.iter().filter(|r| r["damaged"].is_string()).collect();
    assert_eq!((records.len(), damaged.len(), damaged[0]["uid"].as_str()), (3, 1, Some(s.login.as_str())));
    assert!(records.iter().any(|r| r["title"] == seed::SUB_TITLE));
    let shown = server.record_show(&s.login);
    assert!(shown["data"].is_null() && shown["damaged"].is_string(), "{shown}");

    // Repairs: new names (and a new key where the key was broken); removal of the record.
    server.admin_text(&["folder", "update", &s.sub_folder, "--title", "Fixed"]);
    server.admin_text(&["folder", "update", &broken_key, "--title", "Rekeyed"]);
    assert_eq!(folder_listing(&server, &s.sub_folder)["name"], "Fixed");
    assert_eq!(folder_listing(&server, &broken_key)["name"], "Rekeyed");
    let seen = device.folders();
    assert_eq!((seen[&s.sub_folder].name.as_str(), seen[&broken_key].name.as_str()), ("Fixed", "Rekeyed"));
    assert_eq!(device.folders()[&s.folder].key, root_key);
    server.admin_text(&["record", "remove", &s.login]);
    assert!(!server.record_uids().contains(&s.login));
    server.admin_text(&["folder", "remove", &broken_key]);
    assert!(!device.folders().contains_key(&broken_key));
    let output = admin(&server, &["folder", "remove", &s.sub_folder]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
}

// ---- what the official clients send ----

#[test]
fn create_secret_naming_the_shared_folder_as_sub_folder_lands_in_the_shared_folder() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let folder_key = device.secrets().folder_keys[&s.folder].clone();
    let data = login_record("Into the root", "root-password");
    let (uid, _, reply) = device.create_record(&s.folder, &folder_key, Some(&s.folder), &data);
    reply.ok();
    let created = device.secrets().record(&uid).clone();
    assert_eq!((created.folder.as_deref(), created.inner_folder_uid), (Some(s.folder.as_str()), None));
    assert_eq!(server.record_show(&uid)["folder_uid"], json!(s.folder));
}

/// Folders whose timestamps tie and whose UIDs sort children first still come parents first.
#[test]
fn get_folders_lists_parents_before_children() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let root_key = device.folders()[&s.folder].key.clone();
    // UIDs that sort deepest first: "A…" under "B…" under "C…" under the seeded sub-folder.
    let uids: Vec<String> = ["C", "B", "A"].iter().map(|c| format!("{c}{}", &ksm_proto::uid::new_uid()[1..])).collect();
    let mut parent = s.sub_folder.clone();
    for uid in &uids {
        let key = SymmetricKey::random();
        device
            .post(
                "create_folder",
                json!({
                    "folderUid": uid, "sharedFolderUid": s.folder, "parentUid": parent,
                    "sharedFolderKey": b64::encode_url(&cbc_encrypt(&root_key, key.as_bytes())),
                    "data": folder_data(&key, uid),
                }),
            )
            .ok();
        parent = uid.clone();
    }
    common::vault_sql(&server.data_dir, "UPDATE folders SET created_at = 0");

    let response = device.post("get_folders", json!({})).ok();
    let order: Vec<&str> =
        response["folders"].as_array().unwrap().iter().map(|f| f["folderUid"].as_str().unwrap()).collect();
    for folder in response["folders"].as_array().unwrap() {
        if let Some(parent) = folder["parent"].as_str() {
            let (me, up) =
                (order.iter().position(|u| *u == folder["folderUid"]), order.iter().position(|u| *u == parent));
            assert!(up < me, "parent {parent} after its child in {order:?}");
        }
    }
    assert_eq!(order.len(), 5);
    let listed: Vec<String> = server
        .admin(&["folder", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["uid"].as_str().unwrap().to_string())
        .collect();
    let position = |uid: &str| listed.iter().position(|u| u == uid).unwrap();
    assert!(position(&s.sub_folder) < position(&uids[0]) && position(&uids[0]) < position(&uids[2]), "{listed:?}");
}

#[test]
fn a_huge_client_version_is_not_echoed_back() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    device.client_version = "x".repeat(1024 * 1024);
    let reply = device.post("get_secret", json!({ "publicKey": device.public_key_b64() }));
    let body = reply.assert_error(403, "invalid_client_version", "");
    assert!(reply.body.len() < 1024, "{} bytes of error", reply.body.len());
    assert!(body["additional_info"].as_str().unwrap().contains("xxxx…"), "{body}");
}

// ---- the owner's commands ----

#[test]
fn client_add_passes_the_token_in_the_environment_not_argv() {
    let server = TestServer::start(&[]);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let token = enrollment["token"].as_str().unwrap();
    let line = enrollment["init_command"].as_str().unwrap();
    let (env, command) = line.split_once(' ').unwrap();
    assert_eq!(env, format!("KSM_CLI_TOKEN={token}"));
    assert!(command.starts_with("ksm profile init ") && !command.contains(token), "{line}");
    let args: Vec<&str> = enrollment["init_args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(command, format!("ksm {}", args.join(" ")));
    let text = server.admin_text(&["client", "add", "--app", &server.seed.app]);
    assert!(text.lines().any(|l| l.trim_start().starts_with("KSM_CLI_TOKEN=")), "{text}");
    assert!(!text.contains("--token"), "{text}");
}

#[test]
fn file_attach_counts_what_it_reads_and_stops_at_the_cap() {
    let server = TestServer::start(&[]);
    let record = &server.seed.login;
    let before = server.record_show(record);
    let refused = |path: &Path| {
        let output = admin(&server, &["file", "attach", "--record", record, "--path", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(stderr.contains("over the limit of 104857600 bytes"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    };
    refused(Path::new("/dev/zero"));

    let fifo = server.temp.path().join("fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(writer_path).unwrap();
        let chunk = vec![b'x'; 1024 * 1024];
        let mut written = 0usize;
        // 300 MB, or until the reader stops reading (EPIPE).
        while written < 300 * 1024 * 1024 && pipe.write_all(&chunk).is_ok() {
            written += chunk.len();
        }
        written
    });
    refused(&fifo);
    let written = writer.join().unwrap();
    assert!(written < 300 * 1024 * 1024, "the reader stopped early ({written} bytes written)");
    assert_eq!(server.record_show(record), before, "nothing attached");
}

// ---- audit retention ----

#[test]
fn audit_entries_past_the_retention_are_deleted_and_newer_ones_kept() {
    const RETENTION_MS: i64 = 4_000;
    let server = TestServer::start(&["--audit-retention", "4s"]);
    let device = server.bound_device(&server.seed.app);
    let entries = || server.admin(&["audit", "--json", "--limit", "1000"]).as_array().unwrap().clone();
    assert!(!entries().is_empty(), "the seeding and the binding read are audited");

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let left = entries();
        if left.is_empty() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "entries past the retention are kept: {left:?}");
        std::thread::sleep(std::time::Duration::from_millis(250));
    }

    let read_at = now_ms();
    device.secrets();
    let kept = entries();
    assert!(now_ms() - read_at < RETENTION_MS, "the read and the listing took longer than the retention");
    let actions: Vec<&str> = kept.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["get_secret"], "a read newer than the retention stays: {kept:?}");
}
