//! The owner's side of remote administration: `OwnerVault` over a `ksm-server`'s owner API
//! (`POST /api/owner/v1/<op>`, `api::owner`). Every request is sealed and signed like a KSM API
//! request (`ksm_client::transport`: a fresh transmission key encrypted to the server key from
//! the keystore, an ECDSA signature by the owner device key) over TLS pinned to the
//! certificate the keystore recorded. Writes are collected and sent as one batch by `commit`.

use super::vault::{OwnerVault, Write};
use crate::keystore::OwnerKeystore;
use crate::store::{AppRow, AuditEntry, ClientRow, FileRow, FolderRow, RecordRow, ShareRow};
use anyhow::Context;
use ksm_client::error::{kind, ErrorKind};
use ksm_client::tls::TlsTrust;
use ksm_client::transport::{base_url, Transport};
use ksm_proto::config::ClientConfig;
use ksm_proto::crypto::EcPrivateKey;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::path::PathBuf;

/// The path prefix of the owner API.
pub const OWNER_API: &str = "api/owner/v1";

/// `--server` and `--ca-cert`.
#[derive(Debug, Clone)]
pub struct RemoteServer {
    /// `https://host:port`.
    pub url: String,
    /// Trust this CA instead of the certificate fingerprint the keystore pinned.
    pub ca_cert: Option<PathBuf>,
}

pub struct RemoteVault<'a> {
    transport: Transport,
    config: RefCell<ClientConfig>,
    device: &'a EcPrivateKey,
    /// The keystore holds a new device key not known to be registered (a rotation died).
    rotation_pending: bool,
    writes: RefCell<Vec<Write>>,
    uploads: RefCell<Vec<PendingUpload>>,
}

/// A file's encrypted content, sent once its row is stored.
struct PendingUpload {
    file_uid: String,
    ticket: String,
    content: Vec<u8>,
}

impl<'a> RemoteVault<'a> {
    /// Signs with the keystore's device key.
    pub fn connect(server: &RemoteServer, keys: &'a OwnerKeystore) -> anyhow::Result<Self> {
        let device = keys.device().context(
            "the owner keystore has no owner device key; run `ksm-server owner register` on the server's machine",
        )?;
        Self::connect_as(server, keys, device)
    }

    /// Signs with `device` (a rotation signs with the old key or the new one).
    pub fn connect_as(server: &RemoteServer, keys: &OwnerKeystore, device: &'a EcPrivateKey) -> anyhow::Result<Self> {
        let contact = keys.server().context(
            "the owner keystore does not record the server's keys; run `ksm-server owner register` on the server's machine",
        )?;
        anyhow::ensure!(
            server.url.starts_with("https://"),
            "--server must be an https:// address (the owner API is served over TLS), got '{}'",
            server.url
        );
        let trust = match &server.ca_cert {
            Some(path) => TlsTrust {
                server_cert_sha256: None,
                ca_cert_pem: Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read the CA certificate {}", path.display()))?,
                ),
            },
            None => TlsTrust { server_cert_sha256: Some(contact.cert_sha256.clone()), ca_cert_pem: None },
        };
        let config = ClientConfig {
            hostname: Some(server.url.clone()),
            client_id: Some("owner".to_string()),
            server_public_key_id: Some(contact.key_id.clone()),
            server_public_key: Some(contact.public_key.clone()),
            ..ClientConfig::default()
        };
        Ok(Self {
            transport: Transport::new(&trust)?,
            config: RefCell::new(config),
            device,
            rotation_pending: keys.pending_device().is_some(),
            writes: RefCell::default(),
            uploads: RefCell::default(),
        })
    }

    /// One owner API call; its answer parsed as `T`.
    pub fn call<T: DeserializeOwned>(&self, op: &str, payload: Value) -> anyhow::Result<T> {
        let answer = self
            .transport
            .call_at(
                &mut self.config.borrow_mut(),
                self.device,
                &format!("{OWNER_API}/{op}"),
                payload,
                &|notice| eprintln!("ksm-server: {notice}"),
            )
            .map_err(|error| match kind(&error) {
                Some(ErrorKind::Auth) if self.rotation_pending => error.context(
                    "a rotation of the owner device key was interrupted; run `ksm-server owner rotate` again to finish it",
                ),
                Some(ErrorKind::Tls) => error.context(
                    "the server's TLS certificate is not the one the owner keystore pinned: pass --ca-cert FILE, or \
                     run `ksm-server owner register` on the server after changing its certificate",
                ),
                _ => error,
            })?;
        serde_json::from_slice(&answer).with_context(|| format!("the server's answer to {op} is not what was expected"))
    }

    /// Sends the command's writes as one batch (applied in one transaction), then the content
    /// of any file attached, to the upload URL its row announced.
    pub fn commit(self) -> anyhow::Result<()> {
        let writes = self.writes.take();
        if !writes.is_empty() {
            self.call::<Value>("apply", json!({ "writes": writes }))?;
        }
        let base = base_url(&self.config.borrow())?;
        for PendingUpload { file_uid, ticket, content } in self.uploads.take() {
            let parameters = json!({ "key": file_uid, "ticket": ticket }).to_string();
            self.transport
                .upload(&format!("{base}/files/upload/{file_uid}"), &parameters, content, None)
                .with_context(|| format!("file {file_uid} is registered but its content was not stored"))?;
        }
        Ok(())
    }
}

impl OwnerVault for RemoteVault<'_> {
    fn owner_public_key(&self) -> anyhow::Result<Vec<u8>> {
        let answer: Value = self.call("owner_public_key", json!({}))?;
        let text = answer["publicKey"].as_str().context("the server sent no owner public key")?;
        Ok(ksm_proto::b64::decode(text)?)
    }
    fn folder(&self, uid: &str) -> anyhow::Result<Option<FolderRow>> {
        self.call("folder", json!({ "uid": uid }))
    }
    fn folders(&self) -> anyhow::Result<Vec<FolderRow>> {
        self.call("folders", json!({}))
    }
    fn folder_has_contents(&self, uid: &str) -> anyhow::Result<bool> {
        self.call("folder_has_contents", json!({ "uid": uid }))
    }
    fn record(&self, uid: &str) -> anyhow::Result<Option<RecordRow>> {
        self.call("record", json!({ "uid": uid }))
    }
    fn records(&self) -> anyhow::Result<Vec<RecordRow>> {
        self.call("records", json!({}))
    }
    fn file(&self, uid: &str) -> anyhow::Result<Option<FileRow>> {
        self.call("file", json!({ "uid": uid }))
    }
    /// Fetched from the signed download URL the server hands out, like a device's.
    fn file_content(&self, uid: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let url: Option<String> = self.call("file_url", json!({ "uid": uid }))?;
        url.map(|url| self.transport.download(&url, None)).transpose()
    }
    fn app(&self, uid: &str) -> anyhow::Result<Option<AppRow>> {
        self.call("app", json!({ "uid": uid }))
    }
    fn apps(&self) -> anyhow::Result<Vec<AppRow>> {
        self.call("apps", json!({}))
    }
    fn shares(&self, app_uid: &str) -> anyhow::Result<Vec<ShareRow>> {
        self.call("shares", json!({ "appUid": app_uid }))
    }
    fn clients(&self, app_uid: Option<&str>) -> anyhow::Result<Vec<ClientRow>> {
        self.call("clients", json!({ "appUid": app_uid }))
    }
    fn device_id(&self, client_id: &str) -> anyhow::Result<String> {
        self.call("device_id", json!({ "client": client_id }))
    }
    fn audit_entries(&self, limit: usize, device_id: Option<&str>) -> anyhow::Result<Vec<AuditEntry>> {
        self.call("audit", json!({ "limit": limit, "deviceId": device_id }))
    }
    fn write(&self, write: Write) -> anyhow::Result<()> {
        self.writes.borrow_mut().push(write);
        Ok(())
    }
    fn upload(&self, file_uid: &str, ticket: &str, content: Vec<u8>) -> anyhow::Result<()> {
        self.uploads.borrow_mut().push(PendingUpload {
            file_uid: file_uid.to_string(),
            ticket: ticket.to_string(),
            content,
        });
        Ok(())
    }
}
