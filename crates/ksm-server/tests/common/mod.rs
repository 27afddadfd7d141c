//! Black-box harness: runs the real `ksm-server` binary on a fresh data directory, seeds it
//! through the admin commands, and talks to it over HTTPS the way an SDK does, with `ksm-proto`.
//!
//! On purpose, this device wraps and opens keys and records with the crypto primitives
//! (`gcm_*`, `cbc_*`, `ecies_*`) as PROTOCOL.md §9–§10 spells them out, not through
//! `ksm_proto::record_crypto`, which the server itself uses: an independent check, so that a
//! mistake there cannot be mirrored here and pass unnoticed.
#![allow(dead_code, reason = "each test crate that includes this module uses a different part of it")]
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_proto::b64;
use ksm_proto::crypto::{
    cbc_decrypt, ecies_encrypt, gcm_decrypt, gcm_encrypt, EcPrivateKey, EcPublicKey, SymmetricKey,
};
use ksm_proto::envelope::{open_body, SealedRequest};
use ksm_testkit::ServerProcess;
use reqwest::blocking::{multipart, Client};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

pub mod raw;

pub const BIN: &str = env!("CARGO_BIN_EXE_ksm-server");

#[allow(unused_imports, reason = "not every test crate names the seed")]
pub use ksm_testkit::seed;

/// A running, seeded server (see `ksm_testkit`) and an HTTPS client that trusts it.
pub struct TestServer {
    pub process: ServerProcess,
    pub http: Client,
}

impl std::ops::Deref for TestServer {
    type Target = ServerProcess;
    fn deref(&self) -> &ServerProcess {
        &self.process
    }
}

impl std::ops::DerefMut for TestServer {
    fn deref_mut(&mut self) -> &mut ServerProcess {
        &mut self.process
    }
}

impl TestServer {
    /// Initializes and seeds a data directory, then serves it with `extra` serve flags.
    pub fn start(extra: &[&str]) -> Self {
        let process = ServerProcess::start(Path::new(BIN), extra);
        let http = http_client(&process.data_dir, None);
        Self { process, http }
    }

    /// A new, unbound device of `app`.
    pub fn device(&self, app: &str) -> Device {
        self.device_with(app, &[])
    }

    /// A new, unbound device whose token was minted with extra `client add` flags.
    pub fn device_with(&self, app: &str, extra: &[&str]) -> Device {
        Device::enroll(self.http.clone(), &self.url(""), &self.mint_token(app, extra))
    }

    /// A device of `app` that has already bound (its first get_secret is done).
    pub fn bound_device(&self, app: &str) -> Device {
        let mut device = self.device(app);
        device.bind();
        device
    }

    /// POSTs exactly these headers and body to an API endpoint.
    pub fn post_raw(&self, endpoint: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
        post_raw(&self.http, &self.url(""), endpoint, headers, body)
    }
}

/// Runs one SQL statement on a test server's vault, where it lives (the data directory's
/// `vault.db`, or its PostgreSQL database): the first column of each row, as text.
pub fn vault_sql(data_dir: &Path, sql: &str) -> Vec<String> {
    match ksm_testkit::postgres::database_url_of(data_dir) {
        Some(url) => {
            let psql = ksm_testkit::postgres::pg_bin("psql");
            let output = std::process::Command::new(psql).args(["-qtA", &url, "-c", sql]).output().unwrap();
            assert!(output.status.success(), "{sql}: {}", String::from_utf8_lossy(&output.stderr));
            String::from_utf8(output.stdout).unwrap().lines().map(str::to_string).collect()
        }
        None => {
            let db = rusqlite::Connection::open(data_dir.join("vault.db")).unwrap();
            let mut statement = db.prepare(sql).unwrap();
            let columns = statement.column_count();
            if columns == 0 {
                statement.execute([]).unwrap();
                return Vec::new();
            }
            let rows = statement.query_map([], |row| row.get::<_, rusqlite::types::Value>(0)).unwrap();
            rows.map(|value| match value.unwrap() {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(text) => text,
                other => format!("{other:?}"),
            })
            .collect()
        }
    }
}

/// An HTTPS client trusting only the data directory's CA; `local` picks the source address.
pub fn http_client(data_dir: &Path, local: Option<IpAddr>) -> Client {
    let pem = std::fs::read(data_dir.join("tls/ca.pem")).expect("ca.pem");
    Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("CA certificate"))
        .tls_built_in_root_certs(false)
        .local_address(local)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client")
}

pub fn post_raw(http: &Client, base: &str, endpoint: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
    let mut request = http.post(format!("{base}/api/rest/sm/v1/{endpoint}")).body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    Reply::from(request.send().expect("POST"))
}

/// An HTTP answer; `body` is already decrypted for a 200 from `Device::send`.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl From<reqwest::blocking::Response> for Reply {
    fn from(response: reqwest::blocking::Response) -> Self {
        let status = response.status().as_u16();
        Self { status, body: response.bytes().expect("response body").to_vec() }
    }
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("HTTP {} body is not JSON ({e}): {:?}", self.status, self.text()))
    }

    /// Asserts a 200 and returns the decrypted JSON (`Null` for an empty body).
    pub fn ok(&self) -> Value {
        assert_eq!(self.status, 200, "expected 200, got {}: {}", self.status, self.text());
        if self.body.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }

    /// Asserts status, `error` code and a piece of `message`; returns the error body.
    pub fn assert_error(&self, status: u16, code: &str, message_part: &str) -> Value {
        assert_eq!(self.status, status, "expected HTTP {status} {code}, got {}: {}", self.status, self.text());
        let body = self.json();
        assert_eq!(body["error"], code, "error code in {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(message_part), "message {message:?} lacks {message_part:?}");
        body
    }
}

/// A sealed request ready to send (and to send again, for replay tests).
#[derive(Clone)]
pub struct Prepared {
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub transmission_key: SymmetricKey,
}

impl Prepared {
    /// Replaces (or with `None` removes) a header.
    pub fn header(mut self, name: &'static str, value: Option<&str>) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
        self
    }
}

/// A client device speaking the KSM protocol, like an SDK.
pub struct Device {
    pub http: Client,
    pub base: String,
    pub key: EcPrivateKey,
    pub token: SymmetricKey,
    pub token_text: String,
    pub client_id: String,
    pub server_key: EcPublicKey,
    pub key_id: String,
    pub client_version: String,
    pub app_key: Option<SymmetricKey>,
    pub owner_key: Option<EcPublicKey>,
    /// Every transmission key this device sent.
    pub sent_keys: RefCell<Vec<SymmetricKey>>,
}

impl Device {
    /// A fresh device key for the enrollment `client add --json` printed.
    pub fn enroll(http: Client, base: &str, enrollment: &Value) -> Self {
        let text = |name: &str| enrollment[name].as_str().unwrap_or_else(|| panic!("{name} in {enrollment}"));
        let server_key = EcPublicKey::from_bytes(&b64::decode(text("server_public_key")).unwrap()).unwrap();
        Self {
            http,
            base: base.to_string(),
            key: EcPrivateKey::generate(),
            token: SymmetricKey::from_slice(&b64::decode(text("token")).unwrap()).unwrap(),
            token_text: text("token").to_string(),
            client_id: text("client_id").to_string(),
            server_key,
            key_id: text("server_public_key_id").to_string(),
            client_version: ksm_proto::DEFAULT_CLIENT_VERSION.to_string(),
            app_key: None,
            owner_key: None,
            sent_keys: RefCell::new(Vec::new()),
        }
    }

    /// Another device holding the same token (someone who copied it), with its own key.
    pub fn twin(&self) -> Self {
        let mut twin = Self::enroll(
            self.http.clone(),
            &self.base,
            &json!({
                "token": self.token_text, "client_id": self.client_id, "server_public_key_id": self.key_id,
                "server_public_key": b64::encode_url(&self.server_key.to_uncompressed()),
            }),
        );
        twin.client_version.clone_from(&self.client_version);
        twin
    }

    pub fn public_key_b64(&self) -> String {
        b64::encode(&self.key.public_key().to_uncompressed())
    }

    /// `payload` plus `clientVersion` and `clientId` (unless `payload` sets them).
    pub fn payload(&self, payload: Value) -> Vec<u8> {
        let mut full = json!({ "clientVersion": self.client_version, "clientId": self.client_id });
        full.as_object_mut().unwrap().extend(payload.as_object().expect("payload is an object").clone());
        serde_json::to_vec(&full).unwrap()
    }

    pub fn prepare(&self, payload: Value) -> Prepared {
        self.prepare_bytes(&self.payload(payload), &self.key)
    }

    /// Seals arbitrary payload bytes, signed with `signer`.
    pub fn prepare_bytes(&self, payload: &[u8], signer: &EcPrivateKey) -> Prepared {
        let sealed = SealedRequest::seal(&self.server_key, signer, payload);
        Prepared {
            headers: vec![
                ("Content-Type", "application/octet-stream".to_string()),
                ("PublicKeyId", self.key_id.clone()),
                ("TransmissionKey", sealed.transmission_key_header()),
                ("Authorization", sealed.authorization_header()),
            ],
            body: sealed.body.clone(),
            transmission_key: sealed.transmission_key,
        }
    }

    /// Sends a prepared request; a non-empty 200 body comes back decrypted.
    pub fn send(&self, endpoint: &str, prepared: &Prepared) -> Reply {
        self.sent_keys.borrow_mut().push(prepared.transmission_key.clone());
        let mut reply = post_raw(&self.http, &self.base, endpoint, &prepared.headers, prepared.body.clone());
        if reply.status == 200 && !reply.body.is_empty() {
            reply.body = open_body(&prepared.transmission_key, &reply.body).expect("200 body decrypts with the TK");
        }
        reply
    }

    pub fn post(&self, endpoint: &str, payload: Value) -> Reply {
        self.send(endpoint, &self.prepare(payload))
    }

    /// The binding get_secret: sends `publicKey`, opens `encryptedAppKey` with the token.
    pub fn bind(&mut self) -> Value {
        let response = self.post("get_secret", json!({ "publicKey": self.public_key_b64() })).ok();
        let wrapped = b64::decode(response["encryptedAppKey"].as_str().expect("encryptedAppKey on bind")).unwrap();
        let app_key = gcm_decrypt(&self.token, &wrapped).expect("encryptedAppKey opens with the token");
        self.app_key = Some(SymmetricKey::from_slice(&app_key).unwrap());
        let owner = b64::decode(response["appOwnerPublicKey"].as_str().expect("appOwnerPublicKey")).unwrap();
        self.owner_key = Some(EcPublicKey::from_bytes(&owner).unwrap());
        response
    }

    pub fn app_key(&self) -> &SymmetricKey {
        self.app_key.as_ref().expect("device is bound")
    }

    /// get_secret (with `payload` filters), decrypted.
    pub fn secrets_with(&self, payload: Value) -> Secrets {
        self.open(&self.post("get_secret", payload).ok())
    }

    pub fn secrets(&self) -> Secrets {
        self.secrets_with(json!({}))
    }

    /// Decrypts a get_secret response as PROTOCOL.md §9.2 says.
    pub fn open(&self, response: &Value) -> Secrets {
        let mut secrets = Secrets { raw: response.clone(), ..Secrets::default() };
        let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
        for folder in list(&response["folders"]) {
            let folder_uid = folder["folderUid"].as_str().unwrap().to_string();
            let folder_key = SymmetricKey::from_slice(&gcm_open(self.app_key(), &folder["folderKey"])).unwrap();
            for record in list(&folder["records"]) {
                let opened = Rec::open(&record, &folder_key, Some(&folder_uid));
                secrets.records.insert(opened.uid.clone(), opened);
            }
            secrets.folder_keys.insert(folder_uid, folder_key);
        }
        for record in list(&response["records"]) {
            let opened = Rec::open(&record, self.app_key(), None);
            secrets.records.insert(opened.uid.clone(), opened);
        }
        secrets
    }

    /// get_folders, decrypted: uid → (key, parent, name).
    pub fn folders(&self) -> BTreeMap<String, FolderView> {
        let response = self.post("get_folders", json!({})).ok();
        let infos = response["folders"].as_array().expect("folders").clone();
        let uid = |info: &Value| info["folderUid"].as_str().unwrap().to_string();
        let parent = |info: &Value| info["parent"].as_str().filter(|p| !p.is_empty()).map(str::to_string);
        let by_uid: BTreeMap<String, Value> = infos.iter().map(|info| (uid(info), info.clone())).collect();
        let mut roots = BTreeMap::new();
        for info in infos.iter().filter(|info| parent(info).is_none()) {
            roots.insert(uid(info), SymmetricKey::from_slice(&gcm_open(self.app_key(), &info["folderKey"])).unwrap());
        }
        let mut views = BTreeMap::new();
        for info in &infos {
            let mut root = uid(info);
            while let Some(up) = parent(&by_uid[&root]) {
                root = up;
            }
            let key = match parent(info) {
                None => roots[&root].clone(),
                Some(_) => SymmetricKey::from_slice(&cbc_open(&roots[&root], &info["folderKey"])).unwrap(),
            };
            let name: Value = serde_json::from_slice(&cbc_open(&key, &info["data"])).expect("folder data is JSON");
            let name = name["name"].as_str().expect("name").to_string();
            views.insert(uid(info), FolderView { key, parent: parent(info), name });
        }
        views
    }

    /// create_secret of `data` into shared folder `folder` (optionally a sub-folder of it).
    pub fn create_record(
        &self,
        folder: &str,
        folder_key: &SymmetricKey,
        sub_folder: Option<&str>,
        data: &Value,
    ) -> (String, SymmetricKey, Reply) {
        let uid = ksm_proto::uid::new_uid();
        let record_key = SymmetricKey::random();
        let reply = self.post(
            "create_secret",
            json!({
                "recordUid": uid,
                "recordKey": b64::encode(&ecies_encrypt(self.owner_key.as_ref().unwrap(), record_key.as_bytes())),
                "folderUid": folder,
                "folderKey": b64::encode(&gcm_encrypt(folder_key, record_key.as_bytes())),
                "data": seal_json(&record_key, data),
                "subFolderUid": sub_folder,
            }),
        );
        (uid, record_key, reply)
    }

    /// update_secret of a record with new data (and any extra payload fields).
    pub fn update_record(&self, record: &Rec, data: &Value, revision: i64, extra: Value) -> Reply {
        let mut payload =
            json!({ "recordUid": record.uid, "data": seal_json(&record.key, data), "revision": revision });
        payload.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.post("update_secret", payload)
    }

    /// add_file for `content` attached to `record`; upload it with `upload`.
    pub fn add_file(&self, record: &Rec, name: &str, content: &[u8]) -> (PendingFile, Reply) {
        let uid = ksm_proto::uid::new_file_uid();
        let key = SymmetricKey::random();
        let meta = json!({"name": name, "title": name, "type": "text/plain", "size": content.len(), "lastModified": 1});
        let blob = gcm_encrypt(&key, content);
        let mut data = record.data.clone();
        let fields = data["fields"].as_array_mut().unwrap();
        match fields.iter_mut().find(|f| f["type"] == "fileRef") {
            Some(field) => field["value"].as_array_mut().unwrap().push(json!(uid)),
            None => fields.push(json!({"type": "fileRef", "value": [uid]})),
        }
        let reply = self.post(
            "add_file",
            json!({
                "fileRecordUid": uid,
                "fileRecordKey": b64::encode(&ecies_encrypt(self.owner_key.as_ref().unwrap(), key.as_bytes())),
                "fileRecordData": b64::encode_url(&gcm_encrypt(&key, meta.to_string().as_bytes())),
                "ownerRecordUid": record.uid,
                "ownerRecordData": b64::encode_url(&gcm_encrypt(&record.key, data.to_string().as_bytes())),
                "ownerRecordRevision": record.revision,
                "linkKey": b64::encode(&gcm_encrypt(&record.key, key.as_bytes())),
                "fileSize": blob.len(),
            }),
        );
        (PendingFile { uid, key, blob }, reply)
    }

    /// The multipart POST of `add_file`'s answer: its `parameters` as fields (the ticket
    /// replaced when `ticket` is given), then the `file` part.
    pub fn upload(&self, add_file: &Value, blob: &[u8], ticket: Option<&str>) -> Reply {
        let parameters: Value = serde_json::from_str(add_file["parameters"].as_str().unwrap()).unwrap();
        let mut form = multipart::Form::new();
        for (name, value) in parameters.as_object().unwrap() {
            let value = match (name.as_str(), ticket) {
                ("ticket", Some(ticket)) => ticket.to_string(),
                _ => value.as_str().unwrap().to_string(),
            };
            form = form.text(name.clone(), value);
        }
        form = form.part("file", multipart::Part::bytes(blob.to_vec()).file_name("file"));
        Reply::from(self.http.post(add_file["url"].as_str().unwrap()).multipart(form).send().expect("upload"))
    }
}

/// A file registered with add_file, not yet uploaded.
pub struct PendingFile {
    pub uid: String,
    pub key: SymmetricKey,
    /// GCM(key, content): what gets uploaded.
    pub blob: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Secrets {
    pub raw: Value,
    pub records: BTreeMap<String, Rec>,
    /// Shared folder uid → folder key.
    pub folder_keys: BTreeMap<String, SymmetricKey>,
}

impl Secrets {
    pub fn record(&self, uid: &str) -> &Rec {
        self.records.get(uid).unwrap_or_else(|| panic!("record {uid} not in {:?}", self.records.keys()))
    }
}

/// A decrypted record envelope.
#[derive(Debug, Clone)]
pub struct Rec {
    pub uid: String,
    pub key: SymmetricKey,
    pub data: Value,
    pub revision: i64,
    pub editable: bool,
    /// The shared folder it came in (None for a direct share).
    pub folder: Option<String>,
    pub inner_folder_uid: Option<String>,
    /// Raw file envelopes.
    pub files: Vec<Value>,
    pub raw: Value,
}

impl Rec {
    fn open(envelope: &Value, wrapping_key: &SymmetricKey, folder: Option<&str>) -> Self {
        let key = match envelope["recordKey"].as_str().filter(|k| !k.is_empty()) {
            Some(_) => SymmetricKey::from_slice(&gcm_open(wrapping_key, &envelope["recordKey"])).unwrap(),
            None => wrapping_key.clone(),
        };
        let data = ksm_proto::record::parse_json(&gcm_open(&key, &envelope["data"])).expect("record JSON");
        Self {
            uid: envelope["recordUid"].as_str().unwrap().to_string(),
            key,
            data,
            revision: envelope["revision"].as_i64().expect("revision"),
            editable: envelope["isEditable"].as_bool().expect("isEditable"),
            folder: folder.map(str::to_string),
            inner_folder_uid: envelope["innerFolderUid"].as_str().map(str::to_string),
            files: envelope["files"].as_array().cloned().unwrap_or_default(),
            raw: envelope.clone(),
        }
    }

    /// First value of the first field of `field_type`.
    pub fn field(&self, field_type: &str) -> Option<&str> {
        field_value(&self.data, field_type)
    }

    pub fn title(&self) -> &str {
        self.data["title"].as_str().unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct FolderView {
    pub key: SymmetricKey,
    pub parent: Option<String>,
    pub name: String,
}

/// First value of the first field of `field_type` in record JSON.
pub fn field_value<'a>(data: &'a Value, field_type: &str) -> Option<&'a str> {
    data["fields"].as_array()?.iter().find(|f| f["type"] == field_type)?["value"][0].as_str()
}

/// `data` with the first field of `field_type` set to `value`.
pub fn with_field(data: &Value, field_type: &str, value: &str) -> Value {
    let mut data = data.clone();
    let fields = data["fields"].as_array_mut().expect("fields");
    match fields.iter_mut().find(|f| f["type"] == field_type) {
        Some(field) => field["value"] = json!([value]),
        None => fields.push(json!({"type": field_type, "value": [value]})),
    }
    data
}

/// An update_secret payload: `data` encrypted with the record key.
pub fn update_payload(record: &Rec, data: &Value, revision: i64) -> Value {
    json!({ "recordUid": record.uid, "data": seal_json(&record.key, data), "revision": revision })
}

/// A minimal login record.
pub fn login_record(title: &str, password: &str) -> Value {
    json!({
        "title": title, "type": "login",
        "fields": [{"type": "login", "value": ["api-user"]}, {"type": "password", "value": [password]}],
        "notes": format!("notes of {title}"),
    })
}

/// B64 GCM(key, JSON): how record data is sent.
pub fn seal_json(key: &SymmetricKey, value: &Value) -> String {
    b64::encode(&gcm_encrypt(key, value.to_string().as_bytes()))
}

/// GCM-decrypts a base64 JSON string value.
pub fn gcm_open(key: &SymmetricKey, text: &Value) -> Vec<u8> {
    let bytes = b64::decode(text.as_str().unwrap_or_else(|| panic!("expected base64 text, got {text}"))).unwrap();
    gcm_decrypt(key, &bytes).expect("GCM ciphertext opens")
}

/// CBC-decrypts a base64 JSON string value.
pub fn cbc_open(key: &SymmetricKey, text: &Value) -> Vec<u8> {
    let bytes = b64::decode(text.as_str().unwrap_or_else(|| panic!("expected base64 text, got {text}"))).unwrap();
    cbc_decrypt(key, &bytes).expect("CBC ciphertext opens")
}
