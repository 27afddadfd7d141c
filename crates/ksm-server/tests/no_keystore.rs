//! `serve` never reads the owner keystore: the keystore and its key file are deleted from the
//! machine before `serve` starts, and every API endpoint (and the file upload and download
//! routes) still works for enrolled devices.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{http_client, login_record, seed, with_field, Device, BIN};
use ksm_proto::b64;
use ksm_proto::crypto::{cbc_encrypt, gcm_decrypt, SymmetricKey};
use ksm_testkit::{owner_dir, Prepared};
use serde_json::json;
use std::path::Path;

#[test]
fn every_endpoint_works_with_no_owner_keystore_on_the_machine() {
    let prepared = Prepared::new(Path::new(BIN));
    let s = prepared.seed.clone();
    // Tokens are the owner's work; mint them while the owner is still here.
    let mint = |app: &str| prepared.admin(&["client", "add", "--app", app, "--hostname", "127.0.0.1:1", "--json"]);
    let (editor_token, reader_token) = (mint(&s.app), mint(&s.ro_app));

    let owner = owner_dir(&prepared.data_dir);
    let owner_files = ksm_testkit::files_under(&owner);
    assert_eq!(owner_files.len(), 2, "the keystore and its key file: {owner_files:?}");
    let secrets: Vec<Vec<u8>> = owner_files.iter().map(|path| std::fs::read(path).unwrap()).collect();
    std::fs::remove_dir_all(&owner).unwrap();
    let left = ksm_testkit::files_under(prepared.temp.path());
    for path in &left {
        let bytes = std::fs::read(path).unwrap();
        for secret in &secrets {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_slice()), "a copy in {}", path.display());
        }
    }

    let server = prepared.serve(&[]);
    let http = http_client(&server.data_dir, None);
    let mut device = Device::enroll(http.clone(), &server.url(""), &editor_token);
    let mut reader = Device::enroll(http, &server.url(""), &reader_token);

    // get_secret (binding and plain), get_folders.
    device.bind();
    reader.bind();
    let secrets = device.secrets();
    assert_eq!(secrets.record(&s.login).field("password"), Some(seed::PASSWORD));
    assert_eq!(secrets.record(&s.direct).field("password"), Some(seed::DIRECT_PASSWORD));
    let folders = device.folders();
    assert_eq!(folders[&s.sub_folder].name, seed::SUB_FOLDER_NAME);
    assert_eq!(reader.secrets().record(&s.sub_record).field("password"), Some(seed::SUB_PASSWORD));

    // update_secret, then a rotation rolled back and one finalized.
    let login = secrets.record(&s.login).clone();
    device.update_record(&login, &with_field(&login.data, "password", "changed-1"), 1, json!({})).ok();
    let login = device.secrets().record(&s.login).clone();
    let rotation = json!({ "transactionType": "rotation" });
    let rotated = with_field(&login.data, "password", "rotated");
    device.update_record(&login, &rotated, login.revision, rotation.clone()).ok();
    device.post("rollback_secret_update", json!({ "recordUid": s.login })).ok();
    let login = device.secrets().record(&s.login).clone();
    assert_eq!(login.field("password"), Some("changed-1"));
    device.update_record(&login, &rotated, login.revision, rotation).ok();
    device.post("finalize_secret_update", json!({ "recordUid": s.login })).ok();
    assert_eq!(reader.secrets().record(&s.login).field("password"), Some("rotated"));

    // create_secret, create_folder, update_folder, delete_folder, delete_secret.
    let folder_key = secrets.folder_keys[&s.folder].clone();
    let (created, _, reply) = device.create_record(&s.folder, &folder_key, None, &login_record("New", "new-pass"));
    reply.ok();
    assert_eq!(reader.secrets().record(&created).field("password"), Some("new-pass"));
    let uid = ksm_proto::uid::new_uid();
    let key = SymmetricKey::random();
    let name = |text: &str| b64::encode_url(&cbc_encrypt(&key, json!({ "name": text }).to_string().as_bytes()));
    let create = json!({
        "folderUid": uid,
        "sharedFolderUid": s.folder,
        "sharedFolderKey": b64::encode_url(&cbc_encrypt(&folder_key, key.as_bytes())),
        "data": name("Made without the owner"),
    });
    device.post("create_folder", create).ok();
    device.post("update_folder", json!({ "folderUid": uid, "data": name("Renamed") })).ok();
    assert_eq!(device.folders()[&uid].name, "Renamed");
    let gone = device.post("delete_folder", json!({ "folderUids": [uid] })).ok();
    assert_eq!(gone["folders"][0]["responseCode"], "ok", "{gone}");
    let deleted = device.post("delete_secret", json!({ "recordUids": [created] })).ok();
    assert_eq!(deleted["records"][0]["responseCode"], "ok", "{deleted}");
    assert!(!device.secrets().records.contains_key(&created));

    // add_file, the upload route, and the download route.
    let login = device.secrets().record(&s.login).clone();
    let content = b"uploaded while no owner key exists anywhere";
    let (file, reply) = device.add_file(&login, "proof.txt", content);
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    let record = reader.secrets().record(&s.login).clone();
    let url = record.files[0]["url"].as_str().unwrap().to_string();
    let download = reader.http.get(&url).send().unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(gcm_decrypt(&file.key, &download.bytes().unwrap()).unwrap(), content);

    assert!(!server.log().contains("keystore"), "serve said nothing about a keystore: {}", server.log());
}
