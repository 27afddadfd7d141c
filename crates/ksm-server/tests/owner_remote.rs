//! The owner API (`POST /api/owner/v1/<op>`) under hostile input, and the rotation of the owner
//! device key. The owner's keystore is made plaintext (outside the data directory) so that the
//! test can sign with its device key.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{Reply, TestServer, BIN};
use ksm_proto::b64;
use ksm_proto::crypto::{EcPrivateKey, EcPublicKey};
use ksm_proto::envelope::{open_body, SealedRequest};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The server seen from the owner's keystore.
struct OwnerKeys {
    keystore: PathBuf,
    server_key: EcPublicKey,
    key_id: String,
}

impl OwnerKeys {
    fn of(server: &TestServer) -> Self {
        server.admin_text(&["keystore", "passwd", "--plaintext"]);
        let keystore = ksm_testkit::owner_keystore(&server.data_dir);
        let file = read_json(&keystore);
        let contact = &file["server"];
        Self {
            server_key: EcPublicKey::from_bytes(&b64::decode(contact["public_key"].as_str().unwrap()).unwrap())
                .unwrap(),
            key_id: contact["key_id"].as_str().unwrap().to_string(),
            keystore,
        }
    }

    /// The keystore's device key (or its pending one).
    fn device(&self, which: &str) -> EcPrivateKey {
        let der = b64::decode(read_json(&self.keystore)[which]["private_key"].as_str().unwrap()).unwrap();
        EcPrivateKey::from_pkcs8_der(&der).unwrap()
    }

    fn seal(&self, signer: &EcPrivateKey, payload: &[u8]) -> (Vec<(&'static str, String)>, SealedRequest) {
        let sealed = SealedRequest::seal(&self.server_key, signer, payload);
        let headers = vec![
            ("PublicKeyId", self.key_id.clone()),
            ("TransmissionKey", sealed.transmission_key_header()),
            ("Authorization", sealed.authorization_header()),
        ];
        (headers, sealed)
    }

    /// A signed call; a 200 answer comes back decrypted.
    fn call(&self, server: &TestServer, signer: &EcPrivateKey, op: &str, payload: &[u8]) -> Reply {
        let (headers, sealed) = self.seal(signer, payload);
        let mut reply = post(server, op, &headers, sealed.body.clone());
        if reply.status == 200 {
            reply.body = open_body(&sealed.transmission_key, &reply.body).unwrap();
        }
        reply
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn post(server: &TestServer, op: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
    let mut request = server.http.post(server.url(&format!("/api/owner/v1/{op}"))).body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    Reply::from(request.send().unwrap())
}

/// Rows of every table the owner writes, and the registered device key.
fn snapshot(server: &TestServer) -> Vec<(String, i64)> {
    let one = |sql: &str| common::vault_sql(&server.data_dir, sql).into_iter().next().unwrap();
    let mut counts: Vec<(String, i64)> =
        ["folders", "records", "files", "file_contents", "apps", "shares", "clients", "audit"]
            .iter()
            .map(|table| (table.to_string(), one(&format!("SELECT count(*) FROM {table}")).parse().unwrap()))
            .collect();
    counts.push((one("SELECT value FROM meta WHERE key = 'owner_device_public_key'"), 0));
    counts
}

/// `ksm-server --server URL --keystore K args`: the remote owner.
fn remote(server: &TestServer, keys: &OwnerKeys, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--server")
        .arg(server.url(""))
        .arg("--keystore")
        .arg(&keys.keystore)
        .env_remove("KSM_SERVER_DATA_DIR")
        .args(args)
        .output()
        .unwrap()
}

fn remote_ok(server: &TestServer, keys: &OwnerKeys, args: &[&str]) -> String {
    let output = remote(server, keys, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn hostile_owner_requests_are_refused_and_change_nothing() {
    let server = TestServer::start(&["--max-request-bytes", "65536"]);
    let keys = OwnerKeys::of(&server);
    let owner = keys.device("device");
    let device = server.bound_device(&server.seed.app);
    // The owner's audit query first stores what the reads noted (the read log writes in
    // batches), so the snapshot below does not change under the test.
    let audited = remote_ok(&server, &keys, &["audit", "--json"]);
    assert!(audited.contains("get_secret"), "the binding read is audited at once: {audited}");
    let before = snapshot(&server);

    post(&server, "drop_tables", &[], Vec::new()).assert_error(
        404,
        "not_found",
        "unknown owner operation 'drop_tables'",
    );
    let (mut headers, sealed) = keys.seal(&owner, br#"{}"#);
    headers[0].1 = "999".into();
    post(&server, "folders", &headers, sealed.body.clone()).assert_error(400, "key", "invalid key id");
    headers.remove(1);
    headers[0].1.clone_from(&keys.key_id);
    post(&server, "folders", &headers, sealed.body).assert_error(400, "bad_request", "TransmissionKey");
    let (headers, sealed) = keys.seal(&owner, br#"{}"#);
    let unsigned: Vec<_> = headers.into_iter().filter(|(name, _)| *name != "Authorization").collect();
    post(&server, "folders", &unsigned, sealed.body).assert_error(403, "access_denied", "Authorization");
    keys.call(&server, &owner, "folder", br#"{"id":1}"#).assert_error(400, "bad_request", "missing field `uid`");
    let stranger = EcPrivateKey::generate();
    keys.call(&server, &stranger, "folders", b"{}").assert_error(
        403,
        "access_denied",
        "not signed by the owner device key",
    );
    // A KSM client device's own key is no owner key.
    keys.call(&server, &device.key, "records", b"{}").assert_error(
        403,
        "access_denied",
        "not signed by the owner device key",
    );
    let (headers, sealed) = keys.seal(&owner, b"{}");
    let mut tampered = sealed.body.clone();
    tampered[20] ^= 1;
    post(&server, "folders", &headers, tampered).assert_error(400, "bad_request", "does not decrypt");
    keys.call(&server, &owner, "apply", b"not json").assert_error(400, "bad_request", "malformed payload");
    let unknown_write = json!({ "writes": [{ "write": "drop_everything" }] }).to_string();
    keys.call(&server, &owner, "apply", unknown_write.as_bytes()).assert_error(400, "bad_request", "malformed payload");
    let bad_blob =
        json!({ "writes": [{ "write": "update_folder", "uid": server.seed.folder, "key_wrap": null, "data": "!!" }] });
    keys.call(&server, &owner, "apply", bad_blob.to_string().as_bytes()).assert_error(400, "bad_request", "not base64");
    // A batch is stored whole or not at all: a good write before a failing one is undone.
    let half = json!({ "writes": [
        { "write": "audit", "action": "x", "uid": null, "detail": null },
        { "write": "update_record", "uid": "AAAAAAAAAAAAAAAAAAAAAA", "revision": 1, "data": "AAAA" },
    ]});
    keys.call(&server, &owner, "apply", half.to_string().as_bytes()).assert_error(
        400,
        "bad_request",
        "nothing was stored",
    );
    let huge = json!({ "writes": [{ "write": "audit", "action": "x".repeat(70_000), "uid": null, "detail": null }] });
    keys.call(&server, &owner, "apply", huge.to_string().as_bytes()).assert_error(413, "too_large", "");
    keys.call(&server, &owner, "rotate_device_key", br#"{"publicKey":"AAAA"}"#).assert_error(
        400,
        "bad_request",
        "publicKey",
    );
    assert_eq!(snapshot(&server), before, "nothing stored");

    // A replayed write is refused: it is stored once.
    let write = json!({ "writes": [{ "write": "audit", "action": "replay_probe", "uid": null, "detail": null }] });
    let (headers, sealed) = keys.seal(&owner, write.to_string().as_bytes());
    assert_eq!(post(&server, "apply", &headers, sealed.body.clone()).status, 200);
    let after_first = snapshot(&server);
    post(&server, "apply", &headers, sealed.body).assert_error(403, "access_denied", "replayed");
    assert_eq!(snapshot(&server), after_first);

    // The server is still up and the owner still administers it.
    let listed = remote_ok(&server, &keys, &["record", "list", "--json"]);
    assert!(listed.contains(common::seed::LOGIN_TITLE), "{listed}");
}

#[test]
fn a_rotated_owner_device_key_replaces_the_old_one() {
    let server = TestServer::start(&[]);
    let keys = OwnerKeys::of(&server);
    let old = keys.device("device");
    assert_eq!(keys.call(&server, &old, "folders", b"{}").status, 200);

    let rotated = remote_ok(&server, &keys, &["owner", "rotate"]);
    assert!(rotated.contains("Rotated the owner device key"), "{rotated}");
    let new = keys.device("device");
    assert_ne!(new.public_key(), old.public_key());
    assert!(read_json(&keys.keystore).get("pending_device").is_none(), "only the new key is kept");
    keys.call(&server, &old, "folders", b"{}").assert_error(403, "access_denied", "not signed by the owner device key");
    assert_eq!(keys.call(&server, &new, "folders", b"{}").status, 200);
    remote_ok(&server, &keys, &["folder", "list"]);

    // A rotation that died after the server took the new key, before the keystore kept it:
    // the old key is refused, and running rotate again finishes it.
    let next = EcPrivateKey::generate();
    let register = json!({ "publicKey": b64::encode(&next.public_key().to_uncompressed()) }).to_string();
    assert_eq!(keys.call(&server, &new, "rotate_device_key", register.as_bytes()).status, 200);
    let mut file = read_json(&keys.keystore);
    file["pending_device"] = json!({
        "public_key": b64::encode(&next.public_key().to_uncompressed()),
        "private_key": b64::encode(&next.to_pkcs8_der()),
    });
    std::fs::write(&keys.keystore, serde_json::to_vec(&file).unwrap()).unwrap();
    let refused = remote(&server, &keys, &["folder", "list"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("not signed by the owner device key") && stderr.contains("owner rotate"), "{stderr}");
    remote_ok(&server, &keys, &["owner", "rotate"]);
    assert_eq!(keys.device("device").public_key(), next.public_key());
    remote_ok(&server, &keys, &["folder", "list"]);
}

#[test]
fn a_data_directory_from_before_remote_administration_registers_its_owner_device_key() {
    let server = TestServer::start(&[]);
    let keys = OwnerKeys::of(&server);
    // As an older ksm-server left them: no device key in the database, none in the keystore.
    common::vault_sql(&server.data_dir, "DELETE FROM meta WHERE key = 'owner_device_public_key'");
    let refused = remote(&server, &keys, &["folder", "list"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("no owner device key is registered"), "{stderr}");
    let mut file = read_json(&keys.keystore);
    let object = file.as_object_mut().unwrap();
    object.remove("device");
    object.remove("server");
    std::fs::write(&keys.keystore, serde_json::to_vec(&file).unwrap()).unwrap();
    let refused = remote(&server, &keys, &["folder", "list"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("ksm-server owner register"), "{stderr}");

    let registered = server.admin_text(&["owner", "register"]);
    assert!(registered.contains("Registered owner device key"), "{registered}");
    let listed = remote_ok(&server, &keys, &["folder", "list", "--json"]);
    assert!(listed.contains(common::seed::FOLDER_NAME), "{listed}");
    // Locally too, a file attached comes back whole.
    let source = server.temp.path().join("local.bin");
    std::fs::write(&source, b"local \x00 bytes").unwrap();
    let attached =
        server.admin(&["file", "attach", "--record", &server.seed.login, "--path", source.to_str().unwrap(), "--json"]);
    let fetched = server.temp.path().join("fetched.bin");
    server.admin_text(&["file", "download", attached["uid"].as_str().unwrap(), "--out", fetched.to_str().unwrap()]);
    assert_eq!(std::fs::read(&fetched).unwrap(), b"local \x00 bytes");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&fetched).unwrap().permissions().mode() & 0o777, 0o600);
    let again = ksm_testkit::ksm_server_command(std::path::Path::new(BIN), &server.data_dir)
        .args(["--data-dir", server.data_dir.to_str().unwrap(), "--keystore", keys.keystore.to_str().unwrap()])
        .args(["file", "download", attached["uid"].as_str().unwrap(), "--out", fetched.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"), "never replaced");

    let before = keys.device("device");
    server.admin_text(&["owner", "rotate"]);
    keys.call(&server, &before, "folders", b"{}").assert_error(
        403,
        "access_denied",
        "not signed by the owner device key",
    );
    remote_ok(&server, &keys, &["folder", "list"]);
    // A certificate other than the pinned one is refused unless --ca-cert vouches for it.
    let mut file = read_json(&keys.keystore);
    file["server"]["cert_sha256"] = "00".repeat(32).into();
    std::fs::write(&keys.keystore, serde_json::to_vec(&file).unwrap()).unwrap();
    let refused = remote(&server, &keys, &["folder", "list"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("not the one the owner keystore pinned"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let ca = server.data_dir.join("tls/ca.pem");
    remote_ok(&server, &keys, &["--ca-cert", ca.to_str().unwrap(), "folder", "list"]);

    let refused = Command::new(BIN).args(["--server", &server.url(""), "owner", "register"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("runs on the server's own machine"), "{stderr}");
}
