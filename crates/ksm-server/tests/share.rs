//! One-time share on the real server: every state transition of requests and sends, the
//! fulfilled-once race, expiry, uniform dead-link answers, rate limits, bad input, headers,
//! nothing but ciphertext at rest, and anonymous bodies held to their limits, the body timeout
//! and the server's buffer budget.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::raw::{assert_alive, chunk, head, peak_rss_bytes, read_answer, send, server_pid, tls, tls_config, MIB};
use common::{seed, Device, Reply, TestServer};
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_encrypt, EcPrivateKey};
use ksm_proto::envelope::open_body;
use ksm_proto::share::link::{token_hash, Kind, LinkSecret, REQUEST_INFO};
use ksm_proto::share::{code, hpke, padding};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};
use std::time::Duration;

const TITLE: &str = "ZK-SHARE-TITLE ACME AD admin";
const ANSWER_PASSWORD: &str = "ZK-SHARE-ANSWER-PASSWORD-4242";
/// What a send carries: the seeded login's password, never stored in plaintext.
const SENT_PASSWORD: &str = seed::PASSWORD;

/// A signed, sealed call to `/api/share/v1/owner/{op}`; a 200 body comes back decrypted.
fn owner(device: &Device, op: &str, payload: Value) -> Reply {
    let prepared = device.prepare(payload);
    let mut request = device.http.post(format!("{}/api/share/v1/owner/{op}", device.base)).body(prepared.body.clone());
    for (name, value) in &prepared.headers {
        request = request.header(*name, value);
    }
    let mut reply = Reply::from(request.send().expect("POST"));
    if reply.status == 200 {
        reply.body = open_body(&prepared.transmission_key, &reply.body).expect("a 200 decrypts");
    }
    reply
}

fn get(server: &TestServer, path: &str) -> Reply {
    Reply::from(server.http.get(server.url(path)).send().expect("GET"))
}

fn post(server: &TestServer, path: &str, body: &Value) -> Reply {
    post_bytes(server, path, body.to_string().into_bytes())
}

fn post_bytes(server: &TestServer, path: &str, body: Vec<u8>) -> Reply {
    let request = server.http.post(server.url(path)).header("Content-Type", "application/json").body(body);
    Reply::from(request.send().expect("POST"))
}

/// A request the way `ksm share request` makes one: its link secret and HPKE key.
struct Request {
    secret: LinkSecret,
    key: EcPrivateKey,
    id: String,
}

fn create_request(device: &Device, folder: &str, seconds: i64) -> (Request, Reply) {
    let secret = LinkSecret::random();
    let key = EcPrivateKey::generate();
    let label = json!({
        "title": TITLE, "type": "login", "publicKey": b64::encode(&key.public_key().to_uncompressed()),
        "fields": [{ "name": "password", "label": "Password", "secret": true }],
    });
    let id = secret.id(Kind::Request);
    let reply = owner(
        device,
        "request_create",
        json!({
            "id": id, "tokenHash": b64::encode(&token_hash(&*secret.token(Kind::Request))),
            "blob": b64::encode(&gcm_encrypt(&secret.key(Kind::Request), label.to_string().as_bytes())),
            "targetUid": folder, "expiresInSeconds": seconds,
        }),
    );
    (Request { secret, key, id }, reply)
}

/// What the request page posts: the padded answer sealed to the request key.
fn answer(request: &Request, password: &str) -> (Value, String) {
    let plaintext = padding::pad(json!({ "fields": { "password": password } }).to_string().as_bytes()).unwrap();
    let (enc, ciphertext) = hpke::seal(&request.key.public_key(), REQUEST_INFO, request.id.as_bytes(), &plaintext);
    let body = json!({
        "token": b64::encode(&*request.secret.token(Kind::Request)),
        "enc": b64::encode(&enc), "ciphertext": b64::encode(&ciphertext),
    });
    (body, code::confirmation_code(&enc, &ciphertext))
}

fn state_of(device: &Device, id: &str) -> String {
    let list = owner(device, "list", json!({})).ok();
    let all: Vec<Value> =
        [&list["requests"], &list["sends"]].iter().flat_map(|v| v.as_array().unwrap().clone()).collect();
    let entry = all.iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("{id} not listed in {list}"));
    entry["state"].as_str().unwrap().to_string()
}

fn audit_actions(server: &TestServer) -> Vec<String> {
    let audit = server.admin(&["audit", "--json"]);
    let entries = audit.as_array().cloned().or_else(|| audit["entries"].as_array().cloned()).unwrap_or_default();
    entries.iter().filter_map(|e| e["action"].as_str().map(str::to_string)).collect()
}

#[test]
fn a_request_goes_open_fulfilled_received_and_its_answer_decrypts_only_with_the_request_key() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (request, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    assert_eq!(state_of(&device, &request.id), "open");

    let form = get(&server, &format!("/api/share/v1/r/{}", request.id));
    assert_eq!(form.status, 200, "{}", form.text());
    let label = b64::decode(form.json()["label"].as_str().unwrap()).unwrap();
    let label = ksm_proto::crypto::gcm_decrypt(&request.secret.key(Kind::Request), &label).unwrap();
    assert!(String::from_utf8(label).unwrap().contains(TITLE));

    let (body, expected_code) = answer(&request, ANSWER_PASSWORD);
    let submitted = post(&server, &format!("/api/share/v1/r/{}", request.id), &body);
    assert_eq!(submitted.status, 201, "{}", submitted.text());
    assert_eq!(state_of(&device, &request.id), "fulfilled");
    let again = post(&server, &format!("/api/share/v1/r/{}", request.id), &answer(&request, "second").0);
    assert_eq!(again.status, 404, "a request is answered once");

    let fetched = owner(&device, "request_answer", json!({ "id": request.id })).ok();
    let enc = b64::decode(fetched["enc"].as_str().unwrap()).unwrap();
    let ciphertext = b64::decode(fetched["ciphertext"].as_str().unwrap()).unwrap();
    assert_eq!(code::confirmation_code(&enc, &ciphertext), expected_code, "both ends see the same code");
    let padded = hpke::open(&request.key, &enc, REQUEST_INFO, request.id.as_bytes(), &ciphertext).unwrap();
    let opened: Value = serde_json::from_slice(padding::unpad(&padded).unwrap()).unwrap();
    assert_eq!(opened["fields"]["password"], ANSWER_PASSWORD);
    assert!(hpke::open(&EcPrivateKey::generate(), &enc, REQUEST_INFO, request.id.as_bytes(), &ciphertext).is_err());
    assert!(fetched["clientHint"].as_str().unwrap().contains("from 127.0.0.0/24"), "{fetched}");

    owner(&device, "request_ack", json!({ "id": request.id, "recordUid": server.seed.login })).ok();
    assert_eq!(state_of(&device, &request.id), "received");
    let after = owner(&device, "request_answer", json!({ "id": request.id })).ok();
    assert!(after.get("ciphertext").is_none(), "the ciphertext is deleted on receipt: {after}");
    owner(&device, "request_ack", json!({ "id": request.id, "recordUid": server.seed.login })).assert_error(
        400,
        "bad_request",
        "not fulfilled",
    );
    assert_eq!(get(&server, &format!("/api/share/v1/r/{}", request.id)).status, 404);

    let actions = audit_actions(&server);
    for action in ["share_request_created", "share_request_fulfilled", "share_request_received"] {
        assert!(actions.iter().any(|a| a == action), "{action} missing from the audit log: {actions:?}");
    }
}

#[test]
fn requests_need_an_editable_folder_share_and_owner_calls_are_per_application() {
    let server = TestServer::start(&[]);
    let read_only = server.bound_device(&server.seed.ro_app);
    create_request(&read_only, &server.seed.folder, 3600).1.assert_error(403, "access_denied", "read-only");
    let device = server.bound_device(&server.seed.app);
    create_request(&device, &server.seed.login, 3600).1.assert_error(403, "access_denied", "not a shared folder");
    create_request(&device, &server.seed.folder, 0).1.assert_error(400, "bad_request", "expiresInSeconds");
    create_request(&device, &server.seed.folder, 8 * 24 * 3600).1.assert_error(400, "bad_request", "7 days");

    let (request, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    owner(&read_only, "revoke", json!({ "id": request.id })).assert_error(404, "not_found", "no share");
    owner(&read_only, "request_answer", json!({ "id": request.id })).assert_error(404, "not_found", "no share");
    owner(&device, "nonsense", json!({})).assert_error(404, "not_found", "unknown share operation");
    owner(&device, "request_create", json!({ "id": 5 })).assert_error(400, "bad_request", "malformed payload");
    assert_eq!(state_of(&device, &request.id), "open", "refused calls changed nothing");

    let unsigned = device.http.post(server.url("/api/share/v1/owner/list")).body(vec![1, 2, 3]).send().unwrap();
    assert_eq!(unsigned.status().as_u16(), 400, "the owner side needs the KSM envelope");
}

#[test]
fn two_concurrent_submits_exactly_one_wins() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    for _ in 0..3 {
        let (request, created) = create_request(&device, &server.seed.folder, 3600);
        created.ok();
        let path = format!("/api/share/v1/r/{}", request.id);
        let bodies = [answer(&request, "first").0, answer(&request, "second").0];
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = bodies.iter().map(|body| scope.spawn(|| post(&server, &path, body).status)).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = statuses.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![201, 404], "exactly one submit wins: {statuses:?}");
    }
}

#[test]
fn unknown_expired_used_and_revoked_links_get_the_same_answer() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (used, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    assert_eq!(post(&server, &format!("/api/share/v1/r/{}", used.id), &answer(&used, "x").0).status, 201);
    let (revoked, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    owner(&device, "revoke", json!({ "id": revoked.id })).ok();
    owner(&device, "revoke", json!({ "id": revoked.id })).assert_error(400, "bad_request", "already finished");
    let (expired, created) = create_request(&device, &server.seed.folder, 1);
    created.ok();
    let (wrong_token, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    std::thread::sleep(std::time::Duration::from_millis(1500));

    let unknown = LinkSecret::random().id(Kind::Request);
    let mut bodies = Vec::new();
    for id in [&unknown, &used.id, &revoked.id, &expired.id, &"not-an-id!".to_string()] {
        let form = get(&server, &format!("/api/share/v1/r/{id}"));
        assert_eq!(form.status, 404, "{id}: {}", form.text());
        bodies.push(form.body);
    }
    let mut body = answer(&wrong_token, "x").0;
    body["token"] = b64::encode(&[7u8; 32]).into();
    let refused = post(&server, &format!("/api/share/v1/r/{}", wrong_token.id), &body);
    assert_eq!(refused.status, 404);
    bodies.push(refused.body);
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]), "every dead link answers byte for byte the same");
    assert_eq!(state_of(&device, &wrong_token.id), "open", "a wrong token changes nothing");
    assert_eq!(state_of(&device, &expired.id), "expired", "expired requests are purged");
    let purged = owner(&device, "request_answer", json!({ "id": used.id })).ok();
    assert!(purged.get("ciphertext").is_some(), "a fulfilled answer waits for its receipt");
}

#[test]
fn malformed_oversized_and_wrong_shape_submits_are_refused_and_change_nothing() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (request, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    let path = format!("/api/share/v1/r/{}", request.id);
    let good = answer(&request, "x").0;
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"{{{".to_vec()),
        ("missing fields", b"{}".to_vec()),
        ("oversized", vec![b'a'; 3 * 1024 * 1024]),
    ];
    let mut short_enc = good.clone();
    short_enc["enc"] = b64::encode(&[4u8; 33]).into();
    let mut unpadded = good.clone();
    unpadded["ciphertext"] = b64::encode(&[1u8; 100]).into();
    let mut not_base64 = good.clone();
    not_base64["token"] = "***".into();
    let shaped = [("short enc", short_enc), ("unpadded ciphertext", unpadded), ("token not base64", not_base64)];
    for (name, body) in &shaped {
        cases.push((name, body.to_string().into_bytes()));
    }
    for (name, body) in cases {
        let reply = post_bytes(&server, &path, body);
        assert!(matches!(reply.status, 400 | 413), "{name}: HTTP {} {}", reply.status, reply.text());
    }
    assert_eq!(state_of(&device, &request.id), "open");
    assert_eq!(post(&server, &path, &good).status, 201, "the server is up and the request still answerable");
}

#[test]
fn anonymous_calls_are_rate_limited_per_link() {
    let server = TestServer::start(&[]);
    let id = LinkSecret::random().id(Kind::Request);
    let statuses: Vec<u16> = (0..25).map(|_| get(&server, &format!("/api/share/v1/r/{id}")).status).collect();
    assert!(statuses[..20].iter().all(|s| *s == 404), "{statuses:?}");
    assert_eq!(statuses[20..], [429; 5], "the 21st call in a minute is throttled");
    let other = LinkSecret::random().id(Kind::Request);
    assert_eq!(get(&server, &format!("/api/share/v1/r/{other}")).status, 404, "another link is not throttled");
}

/// A send the way `ksm share send` makes one.
fn create_send(device: &Device, record: &str, once: bool, seconds: i64) -> (LinkSecret, String, Reply) {
    let secret = LinkSecret::random();
    let content = json!({ "title": "ZK shared login", "fields": [{ "label": "Password", "value": SENT_PASSWORD }] });
    let padded = padding::pad(content.to_string().as_bytes()).unwrap();
    let id = secret.id(Kind::Send);
    let reply = owner(
        device,
        "send_create",
        json!({
            "id": id, "tokenHash": b64::encode(&token_hash(&*secret.token(Kind::Send))),
            "blob": b64::encode(&gcm_encrypt(&secret.key(Kind::Send), &padded)),
            "targetUid": record, "expiresInSeconds": seconds, "once": once,
        }),
    );
    (secret, id, reply)
}

/// A browser's view: signs the open with its device key at `time`.
fn open_send(server: &TestServer, secret: &LinkSecret, device: &EcPrivateKey, time: i64) -> Reply {
    let id = secret.id(Kind::Send);
    let message = format!("ksm-share/v1 open\n{id}\n{time}");
    let body = json!({
        "token": b64::encode(&*secret.token(Kind::Send)),
        "deviceKey": b64::encode(&device.public_key().to_uncompressed()),
        "time": time, "signature": b64::encode(&device.sign(message.as_bytes())),
    });
    post(server, &format!("/api/share/v1/s/{id}/open"), &body)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

fn decrypt_send(secret: &LinkSecret, reply: &Reply) -> Value {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let data = b64::decode(reply.json()["ciphertext"].as_str().unwrap()).unwrap();
    let padded = ksm_proto::crypto::gcm_decrypt(&secret.key(Kind::Send), &data).unwrap();
    serde_json::from_slice(padding::unpad(&padded).unwrap()).unwrap()
}

#[test]
fn a_send_binds_to_the_first_device_refuses_others_and_dies_on_revoke() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (secret, id, created) = create_send(&device, &server.seed.login, false, 3600);
    created.ok();
    for path in ["/share/s".to_string(), format!("/api/share/v1/s/{id}")] {
        assert_eq!(get(&server, &path).status, 200, "a preview bot's GET of {path}");
    }
    assert_eq!(state_of(&device, &id), "open", "GETs consume nothing");

    let (browser_a, browser_b) = (EcPrivateKey::generate(), EcPrivateKey::generate());
    let t = now_ms();
    let first = open_send(&server, &secret, &browser_a, t);
    assert_eq!(decrypt_send(&secret, &first)["fields"][0]["value"], SENT_PASSWORD);
    assert_eq!(state_of(&device, &id), "bound");
    let other = open_send(&server, &secret, &browser_b, t + 1);
    assert_eq!(other.status, 403, "{}", other.text());
    assert_eq!(other.json()["error"], "other_device");
    assert_eq!(
        decrypt_send(&secret, &open_send(&server, &secret, &browser_a, t + 2))["fields"][0]["value"],
        SENT_PASSWORD
    );
    assert_eq!(open_send(&server, &secret, &browser_a, t + 2).status, 404, "a replayed signed time is refused");

    let mut forged = json!({
        "token": b64::encode(&*secret.token(Kind::Send)),
        "deviceKey": b64::encode(&browser_a.public_key().to_uncompressed()),
        "time": t + 3, "signature": b64::encode(&browser_b.sign(b"ksm-share/v1 open")),
    });
    assert_eq!(post(&server, &format!("/api/share/v1/s/{id}/open"), &forged).status, 400, "signature by another key");
    forged["deviceKey"] = "AAAA".into();
    assert_eq!(post(&server, &format!("/api/share/v1/s/{id}/open"), &forged).status, 400);

    owner(&device, "revoke", json!({ "id": id })).ok();
    assert_eq!(open_send(&server, &secret, &browser_a, t + 4).status, 404);
    assert_eq!(open_send(&server, &secret, &browser_b, t + 5).status, 404);
    assert_eq!(get(&server, &format!("/api/share/v1/s/{id}")).status, 404);
    let actions = audit_actions(&server);
    for action in ["share_send_created", "share_send_viewed", "share_send_refused_other_device", "share_revoked"] {
        assert!(actions.iter().any(|a| a == action), "{action} missing from the audit log: {actions:?}");
    }
}

#[test]
fn a_once_send_burns_on_first_view_and_expired_sends_are_purged() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (secret, id, created) = create_send(&device, &server.seed.login, true, 3600);
    created.ok();
    let browser = EcPrivateKey::generate();
    let t = now_ms();
    assert_eq!(decrypt_send(&secret, &open_send(&server, &secret, &browser, t))["fields"][0]["value"], SENT_PASSWORD);
    assert_eq!(state_of(&device, &id), "burned");
    assert_eq!(open_send(&server, &secret, &browser, t + 1).status, 404, "burned, even for the same device");

    let (secret, id, created) = create_send(&device, &server.seed.login, false, 1);
    created.ok();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(open_send(&server, &secret, &browser, now_ms()).status, 404);
    assert_eq!(state_of(&device, &id), "expired");
}

#[test]
fn a_send_needs_read_access_to_the_record() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.ro_app);
    // The read-only app sees the folder's records but not the directly shared one.
    create_send(&device, &server.seed.login, false, 3600).2.ok();
    create_send(&device, &server.seed.direct, false, 3600).2.assert_error(403, "access_denied", "not shared");
    let (_, _, short) = {
        let device = server.bound_device(&server.seed.app);
        let secret = LinkSecret::random();
        let reply = owner(
            &device,
            "send_create",
            json!({ "id": secret.id(Kind::Send), "tokenHash": b64::encode(&[0u8; 32]), "blob": b64::encode(&[0u8; 40]),
                    "targetUid": server.seed.login, "expiresInSeconds": 60 }),
        );
        (secret, (), reply)
    };
    short.assert_error(400, "bad_request", "padded");
}

#[test]
fn pages_are_static_with_a_strict_policy() {
    let server = TestServer::start(&[]);
    for path in ["/share/r", "/share/s"] {
        let response = server.http.get(server.url(path)).send().unwrap();
        let headers = response.headers().clone();
        let body = response.text().unwrap();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(!body.contains("<script>") && !body.contains("http://") && !body.contains("https://"), "{path}");
    }
    for asset in ["hpke.js", "common.js", "request.js", "send.js", "share.css"] {
        assert_eq!(get(&server, &format!("/share/static/{asset}")).status, 200, "{asset}");
    }
    assert_eq!(get(&server, "/share/static/request.html").status, 404);
    // A mail gateway that encodes '#' moves the key into the path: the page still loads (and,
    // with no fragment, says the link was altered); anything else under /share is unknown.
    for (mangled, page) in [("/share/r%231.AAAA", "request.js"), ("/share/s%231.AAAA", "send.js")] {
        let reply = get(&server, mangled);
        assert_eq!(reply.status, 200, "{mangled}");
        assert!(reply.text().contains(page), "{mangled}");
    }
    assert_eq!(get(&server, "/share/x%231.AAAA").status, 404);
    assert_eq!(get(&server, "/share/other").status, 404);
    assert_eq!(get(&server, "/share/static/../../etc/passwd").status, 404);
    let answer = server.http.get(server.url("/api/share/v1/s/AAAAAAAAAAAAAAAAAAAAAA")).send().unwrap();
    assert_eq!(answer.headers()["cache-control"], "no-store");
}

#[test]
fn the_database_holds_only_share_ciphertext() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let (request, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    assert_eq!(
        post(&server, &format!("/api/share/v1/r/{}", request.id), &answer(&request, ANSWER_PASSWORD).0).status,
        201
    );
    let (secret, _, created) = create_send(&device, &server.seed.login, false, 3600);
    created.ok();
    assert_eq!(open_send(&server, &secret, &EcPrivateKey::generate(), now_ms()).status, 200);

    let mut needles: Vec<(String, Vec<u8>)> = vec![
        ("title".into(), TITLE.as_bytes().to_vec()),
        ("answer".into(), ANSWER_PASSWORD.as_bytes().to_vec()),
        ("sent".into(), SENT_PASSWORD.as_bytes().to_vec()),
    ];
    for (name, link) in [("request", &request.secret), ("send", &secret)] {
        let kind = if name == "request" { Kind::Request } else { Kind::Send };
        for (what, bytes) in [("token", link.token(kind).to_vec()), ("key", link.key(kind).as_bytes().to_vec())] {
            needles.push((format!("{name} {what}"), bytes.clone()));
            needles.push((format!("{name} {what} b64"), b64::encode(&bytes).into_bytes()));
        }
    }
    needles.push(("request private key".into(), request.key.to_pkcs8_der()[36..68].to_vec()));
    let files = ksm_testkit::vault_files(&server.data_dir);
    let mut scanned = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        scanned += 1;
        for (name, needle) in &needles {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_slice()), "{name} found in {}", file.display());
        }
    }
    assert!(scanned > 0, "no database file found under {}", server.data_dir.display());
}

#[test]
fn anonymous_calls_are_rate_limited_per_address_across_links() {
    let server = TestServer::start(&[]);
    let statuses: Vec<u16> = (0..65)
        .map(|_| get(&server, &format!("/api/share/v1/s/{}", LinkSecret::random().id(Kind::Send))).status)
        .collect();
    assert!(statuses[..60].iter().all(|s| *s == 404), "{statuses:?}");
    assert!(statuses[60..].iter().all(|s| *s == 429), "the 61st call from one address is throttled: {statuses:?}");
}

#[test]
fn a_replayed_owner_call_is_refused_and_creates_nothing_twice() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let secret = LinkSecret::random();
    let label = gcm_encrypt(&secret.key(Kind::Request), b"{}");
    let prepared = device.prepare(json!({
        "id": secret.id(Kind::Request), "tokenHash": b64::encode(&[1u8; 32]), "blob": b64::encode(&label),
        "targetUid": server.seed.folder, "expiresInSeconds": 600,
    }));
    let send = || {
        let mut request =
            device.http.post(server.url("/api/share/v1/owner/request_create")).body(prepared.body.clone());
        for (name, value) in &prepared.headers {
            request = request.header(*name, value);
        }
        Reply::from(request.send().unwrap())
    };
    assert_eq!(send().status, 200);
    send().assert_error(403, "access_denied", "replayed");
    let listing = owner(&device, "list", json!({})).ok();
    assert_eq!(listing["requests"].as_array().unwrap().len(), 1, "{listing}");
    let (_, again) = create_request(&device, &server.seed.folder, 600);
    again.ok();
    let duplicate = owner(
        &device,
        "request_create",
        json!({ "id": secret.id(Kind::Request), "tokenHash": b64::encode(&[1u8; 32]), "blob": b64::encode(&label),
                "targetUid": server.seed.folder, "expiresInSeconds": 600 }),
    );
    duplicate.assert_error(400, "bad_request", "already exists");
}

// ---- anonymous bodies: limits, timeout, budget ----

/// The head of an anonymous share POST, with a declared length or chunked.
fn share_head(path: &str, length: Option<usize>) -> Vec<u8> {
    let framing = match length {
        Some(length) => ("Content-Length", length.to_string()),
        None => ("Transfer-Encoding", "chunked".to_string()),
    };
    head("POST", path, &[("Content-Type", "application/json".to_string()), framing])
}

fn submit_path(request: &Request) -> String {
    format!("/api/share/v1/r/{}", request.id)
}

fn open_path(secret: &LinkSecret) -> String {
    format!("/api/share/v1/s/{}/open", secret.id(Kind::Send))
}

/// After an attack: the server runs, the request is still open and takes exactly one answer,
/// the largest the page can send; the send, if any, is still open and can be viewed.
fn assert_untouched(server: &TestServer, pid: u32, device: &Device, request: &Request, sent: Option<&LinkSecret>) {
    assert_alive(server, pid);
    assert_eq!(state_of(device, &request.id), "open", "the attack changed the request");
    assert_eq!(get(server, &submit_path(request)).status, 200, "the request still opens");
    let largest = answer(request, &"p".repeat(65_000)).0;
    let fulfilled = post(server, &submit_path(request), &largest);
    assert_eq!(fulfilled.status, 201, "the largest answer fits: {}", fulfilled.text());
    assert_eq!(post(server, &submit_path(request), &answer(request, "again").0).status, 404, "once only");
    if let Some(secret) = sent {
        let id = secret.id(Kind::Send);
        assert_eq!(state_of(device, &id), "open", "the attack changed the send");
        let viewed = open_send(server, secret, &EcPrivateKey::generate(), now_ms());
        assert_eq!(decrypt_send(secret, &viewed)["fields"][0]["value"], SENT_PASSWORD);
    }
}

/// The server's pid, a bound device with an open request and an open send, and a TLS client
/// configuration: what the raw-connection tests below start from.
fn open_shares(server: &TestServer) -> (u32, Device, Request, LinkSecret, Arc<rustls::ClientConfig>) {
    let pid = server_pid(&server.data_dir);
    let device = server.bound_device(&server.seed.app);
    let (request, created) = create_request(&device, &server.seed.folder, 3600);
    created.ok();
    let (secret, _, created) = create_send(&device, &server.seed.login, false, 3600);
    created.ok();
    (pid, device, request, secret, tls_config(&server.data_dir))
}

#[test]
fn oversized_share_bodies_and_dead_links_are_refused_before_the_body_is_sent() {
    let server = TestServer::start(&[]);
    let (pid, device, request, secret, config) = open_shares(&server);
    let unknown_request = LinkSecret::random().id(Kind::Request);
    let unknown_send = LinkSecret::random().id(Kind::Send);
    // Each declares a body (over the share limit, under axum's default 2 MiB) and never sends
    // it: only an answer that does not wait for the body can arrive.
    let cases = [
        (submit_path(&request), MIB as usize, 413, "too_large"),
        (open_path(&secret), 64 * 1024, 413, "too_large"),
        (format!("/api/share/v1/r/{unknown_request}"), 1000, 404, "gone"),
        (format!("/api/share/v1/s/{unknown_send}/open"), 500, 404, "gone"),
    ];
    for (path, length, status, code) in &cases {
        let mut stream = tls(&server, &config);
        send(&mut stream, &share_head(path, Some(*length)));
        let answer = read_answer(&mut stream).unwrap_or_else(|| panic!("no answer to a bodiless POST {path}"));
        answer.assert_error(*status, code);
        assert!(answer.head.contains("cache-control: no-store"), "share headers on every answer: {}", answer.head);
    }
    assert_untouched(&server, pid, &device, &request, Some(&secret));
}

#[test]
fn chunked_share_bodies_over_their_limit_get_413() {
    let server = TestServer::start(&[]);
    let (pid, device, request, secret, config) = open_shares(&server);
    // Over each endpoint's limit, far under axum's default 2 MiB.
    for (path, size) in [(submit_path(&request), 96 * 1024), (open_path(&secret), 4 * 1024)] {
        let mut stream = tls(&server, &config);
        send(&mut stream, &share_head(&path, None));
        for piece in vec![b'z'; size].chunks(16 * 1024) {
            send(&mut stream, &chunk(piece));
        }
        send(&mut stream, b"0\r\n\r\n");
        read_answer(&mut stream).expect("an answer, not a dropped connection").assert_error(413, "too_large");
    }
    assert_untouched(&server, pid, &device, &request, Some(&secret));
}

#[test]
fn a_share_body_that_stops_arriving_gets_408() {
    let server = TestServer::start(&["--body-timeout", "1s"]);
    let (pid, device, request, secret, config) = open_shares(&server);
    for (path, length) in [(submit_path(&request), 1000), (open_path(&secret), 500)] {
        let mut stream = tls(&server, &config);
        send(&mut stream, &share_head(&path, Some(length)));
        send(&mut stream, b"{\"token\":");
        read_answer(&mut stream).expect("an answer once the body timeout passes").assert_error(408, "timeout");
    }
    assert_untouched(&server, pid, &device, &request, Some(&secret));
}

#[test]
fn concurrent_anonymous_share_bodies_stay_within_the_buffer_budget() {
    // A small budget (it may not be below --max-request-bytes): a few share answers fit.
    const BUDGET: u64 = 512 * 1024;
    let server = TestServer::start(&["--max-request-bytes", "262144", "--max-buffered-bytes", &BUDGET.to_string()]);
    let pid = server_pid(&server.data_dir);
    let device = server.bound_device(&server.seed.app);
    // Three live requests, 13 attackers each: under the per-link (20) and per-address (60)
    // limits of a minute, with room for the checks afterwards.
    let requests: Vec<Request> = (0..3)
        .map(|_| {
            let (request, created) = create_request(&device, &server.seed.folder, 3600);
            created.ok();
            request
        })
        .collect();
    let baseline = peak_rss_bytes(pid);
    let config = tls_config(&server.data_dir);

    // Each sends all but the last byte of a body within the answer limit and holds it there
    // until measured.
    const PER_REQUEST: usize = 13;
    const BODY: usize = 80 * 1024;
    let attackers_count = PER_REQUEST * requests.len();
    let sent = Arc::new(Barrier::new(attackers_count + 1));
    let measured = Arc::new(Barrier::new(attackers_count + 1));
    let attackers: Vec<_> = requests
        .iter()
        .flat_map(|request| std::iter::repeat_n(submit_path(request), PER_REQUEST))
        .map(|path| {
            let mut stream = tls(&server, &config);
            let head = share_head(&path, Some(BODY));
            let (sent, measured) = (sent.clone(), measured.clone());
            std::thread::spawn(move || {
                // A body refused on its head is still sent: the server reads and discards it.
                let _ = send(&mut stream, &head) && send(&mut stream, &[b'a'; BODY - 1]);
                sent.wait();
                measured.wait();
                // Those over the budget were answered `busy`; the rest still wait for their
                // last byte, so a short wait for an answer tells them apart.
                stream.sock.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
                read_answer(&mut stream)
            })
        })
        .collect();
    sent.wait();
    // Give the server a moment to take in what the attackers sent.
    std::thread::sleep(Duration::from_millis(500));
    let peak = peak_rss_bytes(pid);
    measured.wait();
    let answers: Vec<_> = attackers.into_iter().filter_map(|a| a.join().expect("attacker")).collect();

    // 39 bodies of 80 KiB would be 3 MiB; the budget holds 6 of them. The bound also covers the
    // connections' own TLS and HTTP buffers and allocator slack.
    let bound = baseline + BUDGET + 16 * MIB;
    assert!(peak < bound, "peak RSS {} KiB over {} KiB (baseline {} KiB)", peak / 1024, bound / 1024, baseline / 1024);
    let held = attackers_count - answers.len();
    assert!(held as u64 * BODY as u64 <= BUDGET, "{held} bodies of {BODY} bytes held at once, over the budget");
    assert!(!answers.is_empty(), "the bodies over the budget were refused");
    for answer in &answers {
        answer.assert_error(503, "busy");
        assert_eq!(answer.json()["retry_after"], 1, "{}", answer.json());
    }
    for request in &requests {
        assert_untouched(&server, pid, &device, request, None);
    }
}
