//! Black-box tests of the KSM API of the real `ksm-server` binary (PROTOCOL.md §6–§10, §15).
//! Every refused request is also checked not to have changed what is stored.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{field_value, login_record, post_raw, seed, update_payload, with_field, Device, TestServer};
use ksm_proto::b64;
use ksm_proto::crypto::{cbc_encrypt, gcm_decrypt, EcPrivateKey, SymmetricKey};
use serde_json::{json, Value};
use std::net::IpAddr;
use std::time::Duration;

/// The owner's view of a record's password and revision.
fn stored(server: &TestServer, uid: &str) -> (String, i64) {
    let shown = server.record_show(uid);
    let password = field_value(&shown["data"], "password").unwrap_or_default().to_string();
    (password, shown["revision"].as_i64().unwrap())
}

// ---- binding and reading ----

#[test]
fn bind_returns_the_app_key_once_and_the_seeded_records_decrypt() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    let bind = device.bind();
    assert_eq!(bind["appOwnerPublicKey"].as_str().map(|k| b64::decode(k).unwrap().len()), Some(65));
    for key in ["records", "folders", "expiresOn"] {
        assert!(bind.get(key).is_some(), "{key} missing from {bind}");
    }
    let app_data = gcm_decrypt(device.app_key(), &b64::decode(bind["appData"].as_str().unwrap()).unwrap()).unwrap();
    let app_data: Value = ksm_proto::record::parse_json(&app_data).unwrap();
    assert_eq!((app_data["title"].as_str(), app_data["type"].as_str()), (Some(seed::APP_TITLE), Some("app")));
    assert!(server.client_listing(&device.client_id)["bound"].as_bool().unwrap());

    // The bind answer already carries the records (like Keeper's), and so does the next read.
    let at_bind = device.open(&bind);
    let secrets = device.secrets();
    assert!(secrets.raw["encryptedAppKey"].is_null(), "encryptedAppKey only on the bind: {}", secrets.raw);
    assert!(secrets.raw["appOwnerPublicKey"].is_null());
    assert_eq!(at_bind.records.keys().collect::<Vec<_>>(), secrets.records.keys().collect::<Vec<_>>());
    let s = &server.seed;
    let mut expected = vec![s.login.clone(), s.sub_record.clone(), s.direct.clone()];
    expected.sort();
    assert_eq!(secrets.records.keys().cloned().collect::<Vec<_>>(), expected);

    let login = secrets.record(&s.login);
    assert_eq!(login.title(), seed::LOGIN_TITLE);
    assert_eq!(login.field("login"), Some(seed::LOGIN));
    assert_eq!(login.field("password"), Some(seed::PASSWORD));
    assert_eq!(login.data["notes"], seed::NOTES);
    assert_eq!((login.revision, login.editable, login.folder.as_deref()), (1, true, Some(s.folder.as_str())));
    assert_eq!(login.inner_folder_uid, None);
    let sub = secrets.record(&s.sub_record);
    assert_eq!(
        (sub.field("password"), sub.inner_folder_uid.as_deref()),
        (Some(seed::SUB_PASSWORD), Some(&*s.sub_folder))
    );
    let direct = secrets.record(&s.direct);
    assert_eq!((direct.field("password"), direct.folder.as_deref()), (Some(seed::DIRECT_PASSWORD), None));
    assert_eq!(secrets.folder_keys.keys().collect::<Vec<_>>(), [&s.folder]);

    // Everything the SDKs base64-decode strictly is padded standard base64 (§9.1).
    let folder = &secrets.raw["folders"][0];
    for text in [&folder["folderKey"], &folder["records"][0]["recordKey"], &folder["records"][0]["data"]] {
        assert!(b64::is_canonical_standard(text.as_str().unwrap()), "not padded B64: {text}");
    }
}

/// An answer of more than 256 KiB is sealed in turn (at most one per core at a time, the rest
/// waiting): more devices than turns reading at once each get the whole answer, sealed with
/// their own transmission key.
#[test]
fn large_answers_sealed_in_turn_reach_every_device_whole() {
    let server = TestServer::start(&[]);
    let bulk: Vec<Value> =
        (0..900).map(|i| login_record(&format!("bulk {i:04}"), &format!("bulk-pw-{i:04}"))).collect();
    let file = server.temp.path().join("bulk.json");
    std::fs::write(&file, serde_json::to_vec(&bulk).unwrap()).unwrap();
    let folder = server.seed.folder.clone();
    let uids =
        server.admin(&["record", "import", "--folder", &folder, "--from-json", file.to_str().unwrap(), "--json"]);
    let last = uids.as_array().unwrap().last().unwrap().as_str().unwrap().to_string();

    let devices: Vec<Device> = (0..6).map(|_| server.bound_device(&server.seed.app)).collect();
    std::thread::scope(|scope| {
        for device in devices {
            let last = &last;
            scope.spawn(move || {
                for _ in 0..3 {
                    let secrets = device.secrets();
                    assert!(serde_json::to_vec(&secrets.raw).unwrap().len() > 256 << 10, "the answer is large");
                    assert_eq!(secrets.records.len(), 903);
                    assert_eq!(secrets.record(last).field("password"), Some("bulk-pw-0899"));
                }
            });
        }
    });
}

#[test]
fn requested_records_and_folders_filter_get_secret() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let only_sub = device.secrets_with(json!({ "requestedRecords": [s.sub_record] }));
    assert_eq!(only_sub.records.keys().collect::<Vec<_>>(), [&s.sub_record]);
    assert_eq!(only_sub.record(&s.sub_record).field("password"), Some(seed::SUB_PASSWORD));
    let only_direct = device.secrets_with(json!({ "requestedRecords": [s.direct] }));
    assert_eq!(only_direct.records.keys().collect::<Vec<_>>(), [&s.direct]);
    assert!(only_direct.raw["folders"].is_null(), "{}", only_direct.raw);
    let in_sub_folder = device.secrets_with(json!({ "requestedFolders": [s.sub_folder] }));
    assert_eq!(in_sub_folder.records.keys().collect::<Vec<_>>(), [&s.sub_record]);
    let nothing = device.secrets_with(json!({ "requestedRecords": ["AAAAAAAAAAAAAAAAAAAAAA"] }));
    assert!(nothing.records.is_empty());
}

#[test]
fn get_folders_returns_the_sub_folder_with_its_parent_and_names_that_decrypt() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let folders = device.folders();
    assert_eq!(folders.len(), 2, "{:?}", folders.keys());
    assert_eq!((folders[&s.folder].parent.as_deref(), folders[&s.folder].name.as_str()), (None, seed::FOLDER_NAME));
    let sub = &folders[&s.sub_folder];
    assert_eq!((sub.parent.as_deref(), sub.name.as_str()), (Some(s.folder.as_str()), seed::SUB_FOLDER_NAME));
    // The root key from get_folders is the one get_secret hands out.
    assert_eq!(device.secrets().folder_keys[&s.folder], folders[&s.folder].key);
}

/// The Rust SDK may bind with get_folders (PROTOCOL.md §8.3): a device that does so must still
/// end up with the app key, from that answer or from a following get_secret.
#[test]
fn binding_through_get_folders_still_delivers_the_app_key() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    let public_key = device.public_key_b64();
    let answer = device.post("get_folders", json!({ "publicKey": public_key })).ok();
    let wrapped = match answer["encryptedAppKey"].as_str() {
        Some(wrapped) => wrapped.to_string(),
        None => {
            let next = device.post("get_secret", json!({ "publicKey": public_key })).ok();
            let wrapped = next["encryptedAppKey"].as_str();
            let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
            let missing = || {
                panic!(
                    "bound by get_folders (answer keys {keys:?}), yet get_secret's encryptedAppKey is {}",
                    next["encryptedAppKey"]
                )
            };
            wrapped.unwrap_or_else(missing).to_string()
        }
    };
    let app_key = gcm_decrypt(&device.token, &b64::decode(&wrapped).unwrap()).expect("app key opens with the token");
    device.app_key = Some(SymmetricKey::from_slice(&app_key).unwrap());
    assert_eq!(device.folders()[&server.seed.folder].name, seed::FOLDER_NAME);
}

// ---- the envelope: key id, transmission key, body, client id, signature ----

#[test]
fn a_wrong_key_id_gets_a_key_error_naming_the_servers_id() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    device.key_id = "9".into();
    let error = device.post("get_secret", json!({ "publicKey": device.public_key_b64() }));
    let body = error.assert_error(400, "key", "invalid key id");
    assert_eq!(body["key_id"], json!(10), "key_id must be a JSON number: {body}");
    assert!(!server.client_listing(&device.client_id)["bound"].as_bool().unwrap(), "nothing bound");
    let missing = device.send("get_secret", &device.prepare(json!({})).header("PublicKeyId", None));
    assert_eq!(missing.assert_error(400, "key", "")["key_id"], json!(10));
    device.key_id = "10".into();
    device.bind();
}

#[test]
fn serve_key_id_makes_clients_rotate_to_it() {
    let server = TestServer::start(&["--key-id", "11"]);
    let mut device = server.device(&server.seed.app);
    assert_eq!(device.key_id, "10", "the data directory's id");
    let body = device.post("get_secret", json!({ "publicKey": device.public_key_b64() })).assert_error(400, "key", "");
    assert_eq!(body["key_id"], json!(11));
    device.key_id = body["key_id"].to_string();
    device.bind();
    assert_eq!(device.secrets().record(&server.seed.login).field("password"), Some(seed::PASSWORD));
}

#[test]
fn a_missing_or_garbage_transmission_key_is_a_bad_request() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let garbage = b64::encode(&[7u8; 125]);
    for (value, message) in [
        (None, "TransmissionKey"),
        (Some("!!! not base64 !!!"), "TransmissionKey"),
        (Some(garbage.as_str()), "does not decrypt"),
    ] {
        let prepared = device.prepare(json!({})).header("TransmissionKey", value);
        device.send("get_secret", &prepared).assert_error(400, "bad_request", message);
    }
    device.secrets();
}

#[test]
fn an_undecryptable_truncated_or_non_json_body_is_a_bad_request() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let mut flipped = device.prepare(json!({}));
    let last = flipped.body.len() - 1;
    flipped.body[last] ^= 1;
    device.send("get_secret", &flipped).assert_error(400, "bad_request", "does not decrypt");
    let mut truncated = device.prepare(json!({}));
    truncated.body.truncate(10);
    device.send("get_secret", &truncated).assert_error(400, "bad_request", "does not decrypt");
    let mut empty = device.prepare(json!({}));
    empty.body.clear();
    device.send("get_secret", &empty).assert_error(400, "bad_request", "");
    let not_json = device.prepare_bytes(b"this is not JSON", &device.key);
    device.send("get_secret", &not_json).assert_error(400, "bad_request", "malformed payload");
    let no_client_id = device.prepare_bytes(br#"{"clientVersion":"mp17.3.0"}"#, &device.key);
    device.send("get_secret", &no_client_id).assert_error(400, "bad_request", "malformed payload");
    let login = device.secrets().record(&server.seed.login).clone();
    let not_a_write = device.prepare(json!({ "recordUid": login.uid, "revision": "one" }));
    device.send("update_secret", &not_a_write).assert_error(400, "bad_request", "malformed payload");
    assert_eq!(stored(&server, &login.uid), (seed::PASSWORD.to_string(), 1));
}

#[test]
fn an_unknown_client_id_is_access_denied() {
    let server = TestServer::start(&[]);
    let device = server.device(&server.seed.app);
    let stranger = ksm_proto::client_id::client_id(SymmetricKey::random().as_bytes());
    let reply = device.post("get_secret", json!({ "clientId": stranger, "publicKey": device.public_key_b64() }));
    reply.assert_error(403, "access_denied", "unknown client id");
}

#[test]
fn a_bad_signature_is_refused_and_binds_nothing() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    let other = EcPrivateKey::generate();
    // Unbound: the signature must verify with the offered publicKey.
    let payload = device.payload(json!({ "publicKey": device.public_key_b64() }));
    let forged = device.prepare_bytes(&payload, &other);
    device.send("get_secret", &forged).assert_error(403, "access_denied", "Signature is invalid");
    assert!(!server.client_listing(&device.client_id)["bound"].as_bool().unwrap());
    // Bound: it must verify with the stored key.
    device.bind();
    let forged = device.prepare_bytes(&device.payload(json!({})), &other);
    device.send("get_secret", &forged).assert_error(403, "access_denied", "Signature is invalid");
    let login = device.secrets().record(&server.seed.login).clone();
    let update = update_payload(&login, &with_field(&login.data, "password", "forged"), 1);
    let forged = device.prepare_bytes(&device.payload(update), &other);
    device.send("update_secret", &forged).assert_error(403, "access_denied", "Signature is invalid");
    assert_eq!(stored(&server, &login.uid), (seed::PASSWORD.to_string(), 1));
}

#[test]
fn a_missing_or_malformed_authorization_header_is_access_denied() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    for value in [None, Some("Bearer abc"), Some("Signature "), Some("Signature !!!")] {
        let prepared = device.prepare(json!({})).header("Authorization", value);
        device.send("get_secret", &prepared).assert_error(403, "access_denied", "Authorization");
    }
}

#[test]
fn a_replayed_request_is_refused() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let prepared = device.prepare(json!({}));
    device.send("get_secret", &prepared).ok();
    device.send("get_secret", &prepared).assert_error(403, "access_denied", "replayed");
    // The same for a write: the captured update is not applied twice.
    let login = device.secrets().record(&server.seed.login).clone();
    let update = device.prepare(update_payload(&login, &with_field(&login.data, "password", "once"), 1));
    device.send("update_secret", &update).ok();
    device.send("update_secret", &update).assert_error(403, "access_denied", "replayed");
    assert_eq!(stored(&server, &login.uid), ("once".to_string(), 2));
}

/// Requests that arrive together are admitted in shared batches: a copy of one request sent
/// many times at once is still answered once, and every other device gets its own answer.
#[test]
fn copies_of_a_request_sent_at_once_are_answered_once_among_other_devices_requests() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let prepared = device.prepare(json!({}));
    let others: Vec<Device> = (0..6).map(|_| server.bound_device(&server.seed.app)).collect();
    let start = std::sync::Barrier::new(12 + others.len());
    let (http, base) = (&device.http, device.base.as_str());
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        for other in others {
            let (start, login) = (&start, &server.seed.login);
            scope.spawn(move || {
                start.wait();
                for _ in 0..5 {
                    assert!(other.secrets().record(login).field("password").is_some());
                }
            });
        }
        let copies: Vec<_> = (0..12)
            .map(|_| {
                let (start, prepared) = (&start, &prepared);
                scope.spawn(move || {
                    start.wait();
                    post_raw(http, base, "get_secret", &prepared.headers, prepared.body.clone()).status
                })
            })
            .collect();
        copies.into_iter().map(|copy| copy.join().unwrap()).collect()
    });
    assert_eq!(statuses.iter().filter(|status| **status == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|status| **status == 403).count(), 11, "{statuses:?}");
}

// ---- tokens and device state ----

#[test]
fn a_used_token_cannot_be_redeemed_by_a_second_device() {
    let server = TestServer::start(&[]);
    let mut first = server.device(&server.seed.app);
    first.bind();
    let second = first.twin();
    let reply = second.post("get_secret", json!({ "publicKey": second.public_key_b64() }));
    reply.assert_error(403, "access_denied", "already been used");
    first.secrets();
}

/// Several devices race to redeem one token: exactly one may bind, the others must be refused
/// (the token is one-time even under concurrency). A few rounds, since it is a race.
#[test]
fn concurrent_redemptions_of_one_token_bind_exactly_one_device() {
    let server = TestServer::start(&[]);
    for round in 0..3 {
        let original = server.device(&server.seed.app);
        let devices: Vec<Device> = (0..8).map(|_| original.twin()).collect();
        let start = std::sync::Barrier::new(devices.len());
        let replies: Vec<(u16, String)> = std::thread::scope(|scope| {
            let handles: Vec<_> = devices
                .into_iter()
                .map(|device| {
                    let start = &start;
                    scope.spawn(move || {
                        let prepared = device.prepare(json!({ "publicKey": device.public_key_b64() }));
                        // Warm up a pooled connection so that the real requests leave together.
                        common::post_raw(&device.http, &device.base, "warm_up", &[], Vec::new());
                        start.wait();
                        let reply = device.send("get_secret", &prepared);
                        (reply.status, reply.text().chars().take(100).collect::<String>())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let bound = replies.iter().filter(|(status, _)| *status == 200).count();
        assert_eq!(bound, 1, "round {round}: a one-time token was redeemed by {bound} devices: {replies:?}");
        for (status, text) in replies.iter().filter(|(status, _)| *status != 200) {
            assert_eq!(*status, 403, "{text}");
            assert!(text.contains("access_denied"), "{text}");
        }
    }
}

#[test]
fn an_expired_token_and_expired_access_are_refused() {
    let server = TestServer::start(&[]);
    let app = &server.seed.app;
    let unused = server.device_with(app, &["--token-expiry", "1s"]);
    let mut limited = server.device_with(app, &["--access-expiry", "1s"]);
    let bind = limited.bind();
    assert!(bind["expiresOn"].as_i64().unwrap() > 0, "expiresOn carries the access expiry: {bind}");
    std::thread::sleep(Duration::from_millis(1500));
    let reply = unused.post("get_secret", json!({ "publicKey": unused.public_key_b64() }));
    reply.assert_error(403, "access_denied", "expired");
    assert!(!server.client_listing(&unused.client_id)["bound"].as_bool().unwrap());
    limited.post("get_secret", json!({})).assert_error(403, "access_denied", "expired");
}

#[test]
fn a_revoked_device_is_refused() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let unbound = server.device(&server.seed.app);
    server.admin_text(&["client", "revoke", &device.client_id]);
    server.admin_text(&["client", "revoke", &unbound.client_id]);
    device.post("get_secret", json!({})).assert_error(403, "access_denied", "revoked");
    let reply = unbound.post("get_secret", json!({ "publicKey": unbound.public_key_b64() }));
    reply.assert_error(403, "access_denied", "revoked");
    let listing = server.client_listing(&unbound.client_id);
    assert_eq!((listing["revoked"].as_bool(), listing["bound"].as_bool()), (Some(true), Some(false)));
}

#[test]
fn ip_lock_ties_the_device_to_the_address_it_bound_from() {
    let server = TestServer::start(&[]);
    let mut device = server.device_with(&server.seed.app, &["--ip-lock"]);
    device.bind();
    let listing = server.client_listing(&device.client_id);
    assert_eq!((listing["ip_lock"].as_bool(), listing["locked_ip"].as_str()), (Some(true), Some("127.0.0.1")));
    device.secrets();
    // The same device from another loopback address is refused.
    device.http = common::http_client(&server.data_dir, Some(IpAddr::from([127, 0, 0, 2])));
    device.post("get_secret", json!({})).assert_error(403, "access_denied", "locked");
}

#[test]
fn an_unsupported_client_version_is_refused_with_additional_info() {
    let server = TestServer::start(&[]);
    let mut device = server.device(&server.seed.app);
    device.client_version = "xx1".into();
    let reply = device.post("get_secret", json!({ "publicKey": device.public_key_b64() }));
    let body = reply.assert_error(403, "invalid_client_version", "");
    assert!(body["additional_info"].as_str().is_some_and(|info| info.contains("xx1")), "{body}");
    assert!(!server.client_listing(&device.client_id)["bound"].as_bool().unwrap(), "a refused request binds nothing");
    device.client_version = "mr17.3.0".into();
    device.bind();
}

#[test]
fn requests_over_the_rate_limit_are_throttled_per_endpoint() {
    let server = TestServer::start(&["--rate-limit", "3", "--rate-window", "60"]);
    let device = server.bound_device(&server.seed.app); // get_secret no. 1
    device.secrets();
    device.secrets();
    let body = device.post("get_secret", json!({})).assert_error(403, "throttled", "");
    let retry_after = body["retry_after"].as_u64().unwrap_or_else(|| panic!("numeric retry_after: {body}"));
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    device.folders();
    server.bound_device(&server.seed.app).secrets();
}

#[test]
fn a_request_body_over_the_limit_is_413_and_stores_nothing() {
    let server = TestServer::start(&["--max-request-bytes", "2048"]);
    let device = server.bound_device(&server.seed.app);
    let folder_key = device.secrets().folder_keys[&server.seed.folder].clone();
    let big = login_record("Too big", &"x".repeat(4000));
    let (uid, _, reply) = device.create_record(&server.seed.folder, &folder_key, None, &big);
    reply.assert_error(413, "too_large", "");
    assert!(!server.record_uids().contains(&uid));
    let (uid, _, reply) = device.create_record(&server.seed.folder, &folder_key, None, &login_record("Small", "s"));
    reply.ok();
    assert!(server.record_uids().contains(&uid));
}

// ---- updates and transactions ----

#[test]
fn an_update_with_a_stale_revision_is_409_and_changes_nothing() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    server.admin_text(&["record", "edit", &login.uid, "--notes", "edited by the owner"]);
    let reply = device.update_record(&login, &with_field(&login.data, "password", "lost"), 1, json!({}));
    reply.assert_error(409, "invalid_revision", &login.uid);
    let shown = server.record_show(&login.uid);
    assert_eq!((shown["revision"].as_i64(), shown["data"]["notes"].as_str()), (Some(2), Some("edited by the owner")));
    assert_eq!(field_value(&shown["data"], "password"), Some(seed::PASSWORD));
}

#[test]
fn an_update_with_the_current_revision_is_stored_and_bumps_the_revision() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let changed = with_field(&login.data, "password", "new-password");
    assert_eq!(device.update_record(&login, &changed, login.revision, json!({})).ok(), Value::Null);
    let again = device.secrets().record(&login.uid).clone();
    assert_eq!((again.revision, again.field("password")), (2, Some("new-password")));
    assert_eq!(stored(&server, &login.uid), ("new-password".to_string(), 2));
    // The direct share is editable too; "general" transactions apply at once.
    let direct = device.secrets().record(&server.seed.direct).clone();
    let changed = with_field(&direct.data, "password", "direct-new");
    let b64u_data = b64::encode_url(&ksm_proto::crypto::gcm_encrypt(&direct.key, changed.to_string().as_bytes()));
    let payload = json!({ "recordUid": direct.uid, "data": b64u_data, "revision": 1, "transactionType": "general" });
    device.post("update_secret", payload).ok();
    assert_eq!(stored(&server, &direct.uid), ("direct-new".to_string(), 2));
}

#[test]
fn concurrent_updates_with_one_revision_let_exactly_one_win() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let updates: Vec<common::Prepared> = (0..4)
        .map(|i| {
            let data = with_field(&login.data, "password", &format!("racer-{i}"));
            device.prepare(update_payload(&login, &data, 1))
        })
        .collect();
    let (http, base) = (&device.http, &device.base);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = updates
            .into_iter()
            .map(|p| scope.spawn(move || common::post_raw(http, base, "update_secret", &p.headers, p.body).status))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let (password, revision) = stored(&server, &login.uid);
    assert!(password.starts_with("racer-") && revision == 2, "{password} {revision}");
}

#[test]
fn the_read_only_app_cannot_change_anything() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.ro_app);
    let secrets = device.secrets();
    assert_eq!(secrets.records.keys().count(), 2, "the shared folder's records only");
    let login = secrets.record(&s.login).clone();
    assert!(!login.editable);
    assert_eq!(login.field("password"), Some(seed::PASSWORD));
    let reply = device.update_record(&login, &with_field(&login.data, "password", "nope"), 1, json!({}));
    reply.assert_error(403, "access_denied", "read-only");
    let folder_key = secrets.folder_keys[&s.folder].clone();
    let (uid, _, reply) = device.create_record(&s.folder, &folder_key, None, &login_record("RO", "ro"));
    reply.assert_error(403, "access_denied", "read-only");
    let deleted = device.post("delete_secret", json!({ "recordUids": [login.uid] })).ok();
    assert_eq!(deleted["records"][0]["responseCode"], "access_denied", "{deleted}");
    assert!(deleted["records"][0]["errorMessage"].as_str().unwrap().contains("read-only"));
    // Not even the direct record of the other application.
    let direct = device.post("delete_secret", json!({ "recordUids": [s.direct] })).ok();
    assert_eq!(direct["records"][0]["responseCode"], "access_denied");
    assert_eq!(stored(&server, &login.uid), (seed::PASSWORD.to_string(), 1));
    let uids = server.record_uids();
    assert!(uids.contains(&login.uid) && uids.contains(&s.direct) && !uids.contains(&uid));
}

#[test]
fn updating_or_deleting_an_unknown_record_is_access_denied() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let mut ghost = device.secrets().record(&server.seed.login).clone();
    ghost.uid = ksm_proto::uid::new_uid();
    let reply = device.update_record(&ghost, &ghost.data, 1, json!({}));
    reply.assert_error(403, "access_denied", "does not exist");
    let deleted = device.post("delete_secret", json!({ "recordUids": [ghost.uid, server.seed.login] })).ok();
    let statuses = deleted["records"].as_array().unwrap();
    assert_eq!(statuses.len(), 2, "{deleted}");
    assert_eq!((&statuses[0]["recordUid"], &statuses[0]["responseCode"]), (&json!(ghost.uid), &json!("access_denied")));
    assert_eq!((&statuses[1]["recordUid"], &statuses[1]["responseCode"]), (&json!(server.seed.login), &json!("ok")));
    assert!(!server.record_uids().contains(&server.seed.login));
    assert!(!device.secrets().records.contains_key(&server.seed.login));
}

#[test]
fn a_rotation_transaction_rolls_back_or_finalizes() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let rotation = json!({ "transactionType": "rotation" });
    let rotated = with_field(&login.data, "password", "rotated-1");
    device.update_record(&login, &rotated, 1, rotation.clone()).ok();
    assert_eq!(device.secrets().record(&login.uid).field("password"), Some("rotated-1"));
    // A second change while the transaction is open is refused.
    let reply = device.update_record(&login, &rotated, 2, json!({}));
    reply.assert_error(409, "transaction_conflict", "open");
    device.post("rollback_secret_update", json!({ "recordUid": login.uid })).ok();
    let back = device.secrets().record(&login.uid).clone();
    assert_eq!(back.field("password"), Some(seed::PASSWORD));
    assert_eq!(stored(&server, &login.uid).0, seed::PASSWORD);

    let rotated = with_field(&back.data, "password", "rotated-2");
    device.update_record(&back, &rotated, back.revision, rotation).ok();
    device.post("finalize_secret_update", json!({ "recordUid": login.uid })).ok();
    assert_eq!(device.secrets().record(&login.uid).field("password"), Some("rotated-2"));
    assert_eq!(stored(&server, &login.uid).0, "rotated-2");
    // Nothing is open any more.
    let reply = device.post("rollback_secret_update", json!({ "recordUid": login.uid }));
    reply.assert_error(409, "transaction_conflict", "no open transaction");
    assert_eq!(stored(&server, &login.uid).0, "rotated-2");
}

/// A rotation that also detaches a file (links2Remove) must be undone whole by a rollback:
/// the restored record data references the file, so the file has to come back too (or the
/// server must refuse links2Remove inside a rotation).
#[test]
fn rolling_back_a_rotation_brings_back_the_files_it_detached() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let (file, reply) = device.add_file(&login, "keep.txt", b"keep me");
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    let with_file = device.secrets().record(&login.uid).clone();
    assert_eq!(with_file.files.len(), 1);

    let rotation = json!({ "transactionType": "rotation", "links2Remove": [file.uid] });
    let reply = device.update_record(&with_file, &login.data, with_file.revision, rotation);
    if reply.status != 200 {
        assert!((400..500).contains(&reply.status), "{}: {}", reply.status, reply.text());
        assert_eq!(device.secrets().record(&login.uid).files.len(), 1, "a refused rotation changes nothing");
        return;
    }
    device.post("rollback_secret_update", json!({ "recordUid": login.uid })).ok();
    let rolled_back = device.secrets().record(&login.uid).clone();
    assert!(rolled_back.data.to_string().contains(&file.uid), "the old data (with the fileRef) is back");
    assert_eq!(
        rolled_back.files.iter().map(|f| f["fileUid"].as_str().unwrap()).collect::<Vec<_>>(),
        [file.uid.as_str()],
        "after the rollback the record references file {} but the server lists {:?}",
        file.uid,
        rolled_back.files
    );
}

#[test]
fn finalizing_without_an_open_transaction_is_409() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let reply = device.post("finalize_secret_update", json!({ "recordUid": server.seed.login }));
    reply.assert_error(409, "transaction_conflict", "no open transaction");
    assert_eq!(stored(&server, &server.seed.login), (seed::PASSWORD.to_string(), 1));
}

// ---- creating records and folders ----

#[test]
fn create_secret_into_the_sub_folder_shows_up_with_its_inner_folder() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let folder_key = device.secrets().folder_keys[&s.folder].clone();
    let data = login_record("Created by the API", "created-password");
    let (uid, record_key, reply) = device.create_record(&s.folder, &folder_key, Some(&s.sub_folder), &data);
    reply.ok();
    let created = device.secrets().record(&uid).clone();
    assert_eq!(created.key, record_key);
    assert_eq!((created.field("password"), created.revision), (Some("created-password"), 1));
    assert_eq!(
        (created.folder.as_deref(), created.inner_folder_uid.as_deref()),
        (Some(&*s.folder), Some(&*s.sub_folder))
    );
    // The owner can open it: recordKey was wrapped to the owner key.
    let shown = server.record_show(&uid);
    assert_eq!(
        (shown["folder_uid"].as_str(), shown["data"]["title"].as_str()),
        (Some(&*s.sub_folder), Some("Created by the API"))
    );
    // The same UID twice is refused.
    let duplicate = json!({
        "recordUid": uid,
        "recordKey": b64::encode(&[0u8; 125]),
        "folderUid": s.folder,
        "folderKey": b64::encode(&[0u8; 60]),
        "data": b64::encode(&[0u8; 40]),
    });
    let again = device.post("create_secret", duplicate);
    again.assert_error(400, "bad_request", "already exists");
    assert_eq!(server.record_show(&uid)["data"]["title"], "Created by the API");
}

#[test]
fn create_secret_with_a_malformed_record_key_is_400() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let before = server.record_uids();
    let uid = ksm_proto::uid::new_uid();
    let payload = |record_key: Vec<u8>| {
        json!({
            "recordUid": uid,
            "recordKey": b64::encode(&record_key),
            "folderUid": s.folder,
            "folderKey": b64::encode(&[1u8; 60]),
            "data": b64::encode(&[2u8; 64]),
        })
    };
    device.post("create_secret", payload(vec![0u8; 124])).assert_error(400, "bad_request", "recordKey");
    device.post("create_secret", payload(vec![0u8; 60])).assert_error(400, "bad_request", "recordKey");
    let mut not_base64 = payload(vec![]);
    not_base64["recordKey"] = json!("%%%");
    device.post("create_secret", not_base64).assert_error(400, "bad_request", "recordKey");
    let mut bad_uid = payload(vec![0u8; 125]);
    bad_uid["recordUid"] = json!("short");
    device.post("create_secret", bad_uid).assert_error(400, "bad_request", "recordUid");
    assert_eq!(server.record_uids(), before);
}

#[test]
fn folders_can_be_created_renamed_and_deleted() {
    let server = TestServer::start(&[]);
    let s = &server.seed;
    let device = server.bound_device(&s.app);
    let root_key = device.folders()[&s.folder].key.clone();
    let name = |key: &SymmetricKey, name: &str| {
        b64::encode_url(&cbc_encrypt(key, json!({ "name": name }).to_string().as_bytes()))
    };

    // A folder nested in the sub-folder: its key is wrapped with the ROOT key (§10.5).
    let uid = ksm_proto::uid::new_uid();
    let key = SymmetricKey::random();
    let create = json!({
        "folderUid": uid,
        "sharedFolderUid": s.folder,
        "sharedFolderKey": b64::encode_url(&cbc_encrypt(&root_key, key.as_bytes())),
        "data": name(&key, "Nested"),
        "parentUid": s.sub_folder,
    });
    device.post("create_folder", create).ok();
    let folders = device.folders();
    assert_eq!((folders[&uid].parent.as_deref(), folders[&uid].name.as_str()), (Some(&*s.sub_folder), "Nested"));
    assert_eq!(folders[&uid].key, key);

    device.post("update_folder", json!({ "folderUid": uid, "data": name(&key, "Renamed") })).ok();
    assert_eq!(device.folders()[&uid].name, "Renamed");
    let listing = server.admin(&["folder", "list", "--json"]);
    let owner_view = listing.as_array().unwrap().iter().find(|f| f["uid"] == uid).unwrap().clone();
    assert_eq!(
        (owner_view["name"].as_str(), owner_view["parent_uid"].as_str()),
        (Some("Renamed"), Some(&*s.sub_folder))
    );

    let (record, _, reply) = device.create_record(&s.folder, &root_key, Some(&uid), &login_record("In nested", "n"));
    reply.ok();
    let kept = device.post("delete_folder", json!({ "folderUids": [uid] })).ok();
    assert_eq!(kept["folders"][0]["folderUid"], json!(uid));
    assert_ne!(kept["folders"][0]["responseCode"], "ok", "{kept}");
    assert!(kept["folders"][0]["errorMessage"].as_str().unwrap().contains("not empty"));
    assert!(device.folders().contains_key(&uid) && server.record_uids().contains(&record));

    let gone = device.post("delete_folder", json!({ "folderUids": [uid], "forceDeletion": true })).ok();
    assert_eq!(gone["folders"][0]["responseCode"], "ok", "{gone}");
    assert!(!device.folders().contains_key(&uid));
    assert!(!server.record_uids().contains(&record));
    // The shared folder itself belongs to the owner.
    let root = device.post("delete_folder", json!({ "folderUids": [s.folder], "forceDeletion": true })).ok();
    assert_eq!(root["folders"][0]["responseCode"], "access_denied", "{root}");
    assert_eq!(device.folders().len(), 2);
    assert_eq!(server.record_uids().len(), 3);
}

// ---- files ----

#[test]
fn a_file_uploads_lists_downloads_and_decrypts() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let content = b"attached file content \x00\x01\x02 with binary bytes";
    let (file, reply) = device.add_file(&login, "notes.txt", content);
    let add = reply.ok();
    assert_eq!(add["successStatusCode"], 204);
    assert!(device.secrets().record(&login.uid).files.is_empty(), "not listed before the upload");

    let wrong = device.upload(&add, &file.blob, Some("00112233"));
    wrong.assert_error(403, "access_denied", "ticket");
    device.upload(&add, &file.blob[1..], None).assert_error(400, "bad_request", "announced");
    assert!(device.secrets().record(&login.uid).files.is_empty());
    assert_eq!(device.upload(&add, &file.blob, None).status, 204);
    device.upload(&add, &file.blob, None).assert_error(400, "bad_request", "already");

    let record = device.secrets().record(&login.uid).clone();
    assert_eq!((record.revision, record.data["fields"].to_string().contains(&file.uid)), (2, true));
    let [listed] = record.files.as_slice() else { panic!("one file: {:?}", record.files) };
    assert_eq!(listed["fileUid"], json!(file.uid));
    // Asked for by itself, the record comes with its file too (looked up for that record alone).
    let alone = device.secrets_with(json!({ "requestedRecords": [login.uid] }));
    let alone_files: Vec<&Value> = alone.record(&login.uid).files.iter().map(|f| &f["fileUid"]).collect();
    assert_eq!(alone_files, [&json!(file.uid)]);
    let file_key = SymmetricKey::from_slice(&common::gcm_open(&record.key, &listed["fileKey"])).unwrap();
    assert_eq!(file_key, file.key);
    let meta: Value = serde_json::from_slice(&common::gcm_open(&file_key, &listed["data"])).unwrap();
    assert_eq!((meta["name"].as_str(), meta["size"].as_u64()), (Some("notes.txt"), Some(content.len() as u64)));

    let url = listed["url"].as_str().unwrap();
    let download = device.http.get(url).send().unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(gcm_decrypt(&file_key, &download.bytes().unwrap()).unwrap(), content);

    let mut tampered = url.to_string();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let reply = common::Reply::from(device.http.get(&tampered).send().unwrap());
    reply.assert_error(403, "access_denied", "invalid");
    let later = url.replace("expires=", "expires=9");
    common::Reply::from(device.http.get(&later).send().unwrap()).assert_error(403, "access_denied", "invalid");

    // links2Remove detaches the file (§10.3).
    let detached = device.update_record(&record, &login.data, record.revision, json!({ "links2Remove": [file.uid] }));
    detached.ok();
    assert!(device.secrets().record(&login.uid).files.is_empty());
    assert_eq!(common::Reply::from(device.http.get(url).send().unwrap()).status, 404);
}

#[test]
fn add_file_over_the_file_size_limit_is_413() {
    let server = TestServer::start(&["--max-file-bytes", "1000"]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let (_, reply) = device.add_file(&login, "big.bin", &[0u8; 1001]);
    reply.assert_error(413, "too_large", "fileSize");
    assert_eq!(stored(&server, &login.uid), (seed::PASSWORD.to_string(), 1));
    let (_, reply) = device.add_file(&login, "ok.bin", &[0u8; 1000]);
    reply.ok();
}

#[test]
fn an_unknown_endpoint_is_404_json() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    device.post("get_files", json!({})).assert_error(404, "not_found", "get_files");
    server.post_raw("get_files", &[], b"x".to_vec()).assert_error(404, "not_found", "get_files");
    let reply = common::Reply::from(server.http.get(server.url("/no/such/path")).send().unwrap());
    reply.assert_error(404, "not_found", "");
}

#[test]
fn a_reused_whole_application_answer_never_hides_a_write_by_another_device_or_the_owner() {
    let server = TestServer::start(&[]);
    let reader = server.bound_device(&server.seed.app);
    let writer = server.bound_device(&server.seed.app);
    let before = reader.secrets();
    let uids = |secrets: &common::Secrets| secrets.records.keys().cloned().collect::<Vec<_>>();
    assert_eq!(uids(&writer.secrets()), uids(&before), "two devices of one application read the same records");

    let login = before.record(&server.seed.login).clone();
    let changed = with_field(&login.data, "password", "changed-by-the-other-device");
    assert_eq!(writer.update_record(&login, &changed, login.revision, json!({})).ok(), Value::Null);
    let after_device_write = reader.secrets();
    let seen = after_device_write.record(&login.uid);
    assert_eq!((seen.revision, seen.field("password")), (login.revision + 1, Some("changed-by-the-other-device")));

    let added = server.add_record("Added by the owner", &[]);
    let after_owner_write = reader.secrets();
    assert!(after_owner_write.records.contains_key(&added), "the owner's new record is read at once");
    assert_eq!(after_owner_write.records.len(), before.records.len() + 1);
    assert_eq!(uids(&writer.secrets()), uids(&after_owner_write), "and by the other device too");
}
