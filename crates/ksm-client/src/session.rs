//! A device talking to its server: binding on first use (PROTOCOL.md §8.3), then reading.

use crate::cache::{format_age, Cache, RequestKey};
use crate::error::{fail, ErrorKind};
use crate::folder_tree::Folder;
use crate::tls::TlsTrust;
use crate::transport::{Progress, Transport};
use crate::vault::{RecordFile, Vault};
use crate::Notices;
use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use ksm_proto::crypto::{EcPrivateKey, EcPublicKey, SymmetricKey};
use ksm_proto::record::parse_json;
use ksm_proto::record_crypto::{open_file_content, open_key};
use ksm_proto::token::OneTimeToken;
use ksm_proto::wire::{Endpoint, FoldersResponse, GetPayload, SecretsResponse};
use serde::de::DeserializeOwned;
use std::time::Duration;

pub struct Session {
    transport: Transport,
    config: ClientConfig,
    device: EcPrivateKey,
    changed: bool,
    /// Told the progress of file uploads and downloads, when set.
    progress: Option<Progress>,
    /// Where reads are remembered, and answered from when the server cannot be reached.
    cache: Option<Cache>,
    /// Why the server could not be reached, once it could not: later reads go to the cache.
    unreachable: Option<String>,
    /// Whether the notice about answers from the cache has been given.
    noticed: bool,
    /// Hears warnings and notices (see [`Notices`]).
    notices: Notices,
}

impl Session {
    /// A session of the device `config` describes; what the user should hear but is not an
    /// error goes to `notices`.
    pub fn new(config: ClientConfig, trust: &TlsTrust, notices: Notices) -> anyhow::Result<Self> {
        let der = config.private_key.as_deref().and_then(|text| b64::decode(text).ok()).ok_or_else(|| {
            fail(ErrorKind::Auth, "the configuration has no device private key; initialize the profile again")
        })?;
        let device = EcPrivateKey::from_pkcs8_der(&der)
            .map_err(|_| fail(ErrorKind::Auth, "the configuration's device private key is not a P-256 key"))?;
        Ok(Self {
            transport: Transport::new(trust)?,
            config,
            device,
            changed: false,
            progress: None,
            cache: None,
            unreachable: None,
            noticed: false,
            notices,
        })
    }

    /// From now on reads go through `cache` (docs/cache.md); with `--offline` nothing else does.
    pub fn use_cache(&mut self, cache: Cache) {
        self.cache = Some(cache);
    }

    /// The configuration, including what binding or key rotation changed.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// True when the configuration changed and should be saved.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Everything shared with the application (or only `records`), in one request — two on the
    /// very first use, which binds the device.
    pub fn fetch(&mut self, records: Option<Vec<String>>) -> anyhow::Result<Vault> {
        let bound = self.config.app_key.is_some();
        let request = GetPayload {
            public_key: (!bound).then(|| b64::encode(&self.device.public_key().to_uncompressed())),
            requested_records: records.clone(),
            ..GetPayload::default()
        };
        if !bound {
            let response: SecretsResponse = self.read(Endpoint::GetSecret, &request)?;
            self.bind(&response)?;
            return self.fetch(records);
        }
        let app_key = self.app_key()?;
        let vault = self.read_with(Endpoint::GetSecret, &request, |body| Vault::from_response_json(body, &app_key))?;
        for warning in &vault.warnings {
            (self.notices)(&format!("server warning: {warning}"));
        }
        if !vault.undecryptable.is_empty() {
            (self.notices)(&format!(
                "warning: skipped {} records that do not decrypt: {}",
                vault.undecryptable.len(),
                vault.undecryptable.join(", ")
            ));
        }
        Ok(vault)
    }

    /// A read request, parsed as JSON (see [`Session::read_with`]).
    fn read<T: DeserializeOwned>(&mut self, endpoint: Endpoint, request: &GetPayload) -> anyhow::Result<T> {
        self.read_with(endpoint, request, parse_json)
    }

    /// A read request, its answer read by `parse`. With a cache, each good answer is stored,
    /// and when the server cannot be reached (a network failure, not a refusal) or with
    /// `--offline` the stored one is given instead. Binding (the request that carries the
    /// device's public key) is never answered from the cache.
    fn read_with<T>(
        &mut self,
        endpoint: Endpoint,
        request: &GetPayload,
        parse: impl Fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> anyhow::Result<T> {
        let parse = |body: &[u8]| {
            parse(body).map_err(|e| {
                fail(ErrorKind::Server, format!("the server's {} response is not valid: {e}", endpoint.path()))
            })
        };
        let cache = match &self.cache {
            Some(cache) if request.public_key.is_none() => cache.clone(),
            _ => return parse(&self.call(endpoint, serde_json::to_value(request)?)?),
        };
        let key = RequestKey::new(endpoint, request);
        if !cache.offline() && self.unreachable.is_none() {
            match self.call(endpoint, serde_json::to_value(request)?) {
                Ok(body) => {
                    let value = parse(&body)?;
                    cache.store(&self.config, &key, &body, &*self.notices);
                    return Ok(value);
                }
                Err(error) if crate::error::kind(&error) == Some(ErrorKind::Network) => {
                    self.unreachable = Some(format!("{error:#}"));
                }
                Err(error) => return Err(error),
            }
        }
        let served = cache.serve(&self.config, &key, self.unreachable.as_deref(), &*self.notices)?;
        self.notice(served.age);
        parse(&served.body)
    }

    /// Says once per command that answers come from the cache, and how old the first one is.
    fn notice(&mut self, age: Duration) {
        if std::mem::replace(&mut self.noticed, true) {
            return;
        }
        let age = format_age(age);
        match &self.unreachable {
            Some(reason) => (self.notices)(&format!("server unreachable ({reason}); using cached data from {age} ago")),
            None => (self.notices)(&format!("offline: using cached data from {age} ago")),
        }
    }

    /// With `--offline`, anything that would reach the network fails instead.
    fn refuse_offline(&self, what: &str) -> anyhow::Result<()> {
        match &self.cache {
            Some(cache) if cache.offline() => Err(fail(
                ErrorKind::Network,
                format!("--offline: {what} needs the server (only reads are answered from the cache)"),
            )),
            _ => Ok(()),
        }
    }

    /// One request to any endpoint: the decrypted response body (empty for most writes).
    pub fn call(&mut self, endpoint: Endpoint, payload: serde_json::Value) -> anyhow::Result<Vec<u8>> {
        self.refuse_offline(&format!("the {} request", endpoint.path()))?;
        let key_id = self.config.server_public_key_id.clone();
        // A key id the server asked for is remembered even when the request then fails.
        let body = self.transport.call(&mut self.config, &self.device, endpoint, payload, &*self.notices);
        self.changed |= self.config.server_public_key_id != key_id;
        body
    }

    /// A signed call to the one-time share API (docs/share.md); binds the device first if needed.
    pub fn share_call(&mut self, op: &str, payload: serde_json::Value) -> anyhow::Result<Vec<u8>> {
        self.refuse_offline("one-time share")?;
        if !self.config.is_bound() {
            self.fetch(Some(Vec::new()))?;
        }
        let key_id = self.config.server_public_key_id.clone();
        let path = format!("api/share/v1/owner/{op}");
        let body = self.transport.call_at(&mut self.config, &self.device, &path, payload, &*self.notices)?;
        self.changed |= self.config.server_public_key_id != key_id;
        Ok(body)
    }

    /// The application's folders with their names and keys (`get_folders`, PROTOCOL.md §9.7).
    pub fn folders(&mut self) -> anyhow::Result<Vec<Folder>> {
        if !self.config.is_bound() {
            self.fetch(Some(Vec::new()))?;
        }
        let response: FoldersResponse = self.read(Endpoint::GetFolders, &GetPayload::default())?;
        let folders = Folder::decrypt_all(&response.folders, &self.app_key()?);
        let skipped: Vec<&str> = response
            .folders
            .iter()
            .map(|info| info.folder_uid.as_str())
            .filter(|uid| !folders.iter().any(|folder| folder.uid == *uid))
            .collect();
        if !skipped.is_empty() {
            (self.notices)(&format!(
                "warning: skipped {} folders whose key does not decrypt: {}",
                skipped.len(),
                skipped.join(", ")
            ));
        }
        Ok(folders)
    }

    /// The vault owner's key: new record and file keys are wrapped to it (PROTOCOL.md §10.5).
    pub fn owner_public_key(&self) -> anyhow::Result<EcPublicKey> {
        self.config
            .app_owner_public_key
            .as_deref()
            .and_then(|text| b64::decode(text).ok())
            .and_then(|bytes| EcPublicKey::from_bytes(&bytes).ok())
            .ok_or_else(|| {
                fail(ErrorKind::Server, "the application has no owner public key, so it cannot create records or files")
            })
    }

    /// POSTs an encrypted file to the upload URL `add_file` returned.
    pub fn upload(&self, url: &str, parameters: &str, blob: Vec<u8>) -> anyhow::Result<()> {
        self.refuse_offline("uploading a file")?;
        self.transport.upload(url, parameters, blob, self.progress.clone())
    }

    /// From now on, file uploads and downloads report the bytes done so far to `progress`.
    pub fn report_progress(&mut self, progress: Option<Progress>) {
        self.progress = progress;
    }

    /// Opens the application key with the one-time token, then forgets the token.
    fn bind(&mut self, response: &SecretsResponse) -> anyhow::Result<()> {
        let encrypted = response.encrypted_app_key.as_deref().ok_or_else(|| {
            fail(ErrorKind::Auth, "the server did not send the application key; the token may have been used already")
        })?;
        let token = self.config.client_key.as_deref().ok_or_else(|| {
            fail(ErrorKind::Auth, "the profile is not bound and holds no one-time token; initialize it again")
        })?;
        let token_key =
            OneTimeToken::parse(token).and_then(|t| t.key()).map_err(|e| fail(ErrorKind::Auth, e.to_string()))?;
        let app_key = b64::decode(encrypted)
            .ok()
            .and_then(|sealed| open_key(&token_key, &sealed).ok())
            .ok_or_else(|| fail(ErrorKind::Auth, "the application key does not decrypt with this token"))?;
        self.config.app_key = Some(b64::encode(app_key.as_bytes()));
        self.config.app_owner_public_key = response.app_owner_public_key.clone();
        self.config.client_key = None;
        self.changed = true;
        Ok(())
    }

    fn app_key(&self) -> anyhow::Result<SymmetricKey> {
        self.config
            .app_key
            .as_deref()
            .and_then(|text| b64::decode(text).ok())
            .and_then(|bytes| SymmetricKey::from_slice(&bytes).ok())
            .ok_or_else(|| fail(ErrorKind::Auth, "the configuration's application key is not valid"))
    }

    /// Downloads a file and checks it against its key (GCM tag).
    pub fn download(&self, file: &RecordFile) -> anyhow::Result<Vec<u8>> {
        self.refuse_offline("downloading a file")?;
        let sealed = self.transport.download(&file.url, self.progress.as_ref())?;
        open_file_content(&file.key, &sealed).map_err(|_| {
            fail(ErrorKind::Server, format!("file {} does not decrypt: it is corrupted or was tampered with", file.uid))
        })
    }
}

/// The configuration of a new device redeeming `token`: a fresh device key, the server's
/// address and key (PROTOCOL.md §3.3).
pub fn new_device_config(
    token: &OneTimeToken,
    hostname: Option<&str>,
    server_key: Option<(String, String)>,
) -> anyhow::Result<ClientConfig> {
    let hostname = hostname
        .map(str::to_string)
        .or_else(|| token.host.clone())
        .ok_or_else(|| fail(ErrorKind::Usage, "the token has no region or host prefix (like US:…); pass --hostname"))?;
    let client_id = token.client_id().map_err(|e| fail(ErrorKind::Usage, e.to_string()))?;
    let (key_id, key) = match server_key.or_else(|| token.server_key.clone()) {
        Some((id, key)) => (id, Some(key)),
        None => (ksm_proto::server_keys::DEFAULT_KEY_ID.to_string(), None),
    };
    let device = EcPrivateKey::generate();
    Ok(ClientConfig {
        hostname: Some(hostname),
        client_key: Some(token.client_key.clone()),
        client_id: Some(client_id),
        private_key: Some(b64::encode(&device.to_pkcs8_der())),
        server_public_key_id: Some(key_id),
        server_public_key: key,
        app_key: None,
        app_owner_public_key: None,
    })
}
